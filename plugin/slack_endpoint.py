"""Slack's request URL, POST /slack/events, as WSGI middleware in front of the Flask app.

Every Slack request (a command, a button, a form, an event) comes here and nowhere else, and needs
none of what the Flask app does for its web pages and API: no routing, no request context, no rate
limiter, no session. So the edge answers it straight from the WSGI environ: verified and shape-checked
(plugin/edge.py) before Bolt parses anything, then dispatched to Bolt, its answer sent with the same
security headers as every other response (plugin/protection.py). Any other path goes on to Flask.
Flask's documented way to add such middleware is to wrap `app.wsgi_app` (issue 18: the framework's
work per request was a third of a `/verwijs`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request

from plugin.dev_client import take_shown_views
from plugin.edge import Refused, checked_request, log_refused, verified_body
from plugin.protection import security_headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

PATH = "/slack/events"
_JSON = "application/json"
_NOT_POST = json.dumps(
    {"error": "method_not_allowed", "message": "Slack stuurt zijn verzoeken hierheen met POST."}, ensure_ascii=False
).encode()
_FAILED = json.dumps(
    {"error": "internal_error", "message": "Dit verzoek kon niet verwerkt worden. Probeer het opnieuw."},
    ensure_ascii=False,
).encode()


class SlackEndpoint:
    """`app.wsgi_app = SlackEndpoint(app.wsgi_app, bolt, secret)`: POST /slack/events to Bolt, the rest on."""

    def __init__(self, flask_app: WSGIApplication, bolt: App, signing_secret: str) -> None:
        self._next = flask_app
        self._bolt = bolt
        self._secret = signing_secret

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self._next(environ, start_response)
        secure = environ.get("wsgi.url_scheme") == "https"
        if environ.get("REQUEST_METHOD") != "POST":
            return _send(start_response, 405, _NOT_POST, [("Content-Type", _JSON), ("Allow", "POST")], secure)
        try:
            status, body, headers = self._answer(Request(environ))
        except Exception:  # Bolt answers a listener's own error; this is anything before or around it
            log.exception("POST %s failed", PATH)
            status, body, headers = 500, _FAILED, [("Content-Type", _JSON)]
        return _send(start_response, status, body, headers, secure)

    def _answer(self, request: Request) -> tuple[int, bytes, list[tuple[str, str]]]:
        try:
            bolt_request = checked_request(
                verified_body(request, self._secret),
                lambda text: BoltRequest(
                    body=text, query=request.query_string.decode("latin-1"), headers=_headers(request)
                ),
            )
        except Refused as refused:
            log_refused(refused, PATH)
            return refused.status, refused.body(), [("Content-Type", _JSON)]
        answer = self._bolt.dispatch(bolt_request)
        body = answer.body.encode() if isinstance(answer.body, str) else answer.body
        headers = [(name, value) for name, values in answer.headers.items() for value in values]
        shown = take_shown_views()  # `serve --dev` without Slack: the form a listener would open
        if shown and answer.status == 200 and not body:
            body = json.dumps({"response_type": "ephemeral", "dev_views": shown}).encode()
            headers = [(n, v) for n, v in headers if n.lower() != "content-type"] + [("Content-Type", _JSON)]
        return answer.status, body, headers


def _headers(request: Request) -> dict[str, Any]:
    """Slack's headers for Bolt, in one pass over the environ. Bolt's FaaS headers (x-slack-bolt-lazy-only,
    ...) are not signed: a replayed request must not use them to run a lazy listener a second time."""
    headers: dict[str, list[str]] = {}
    for name, value in request.headers.items():
        key = name.lower()
        if not key.startswith("x-slack-bolt-"):
            headers.setdefault(key, []).append(value)
    return headers


def _send(
    start_response: StartResponse, status: int, body: bytes, headers: list[tuple[str, str]], secure: bool
) -> list[bytes]:
    names = {name.lower() for name, _ in headers}
    out = [*headers, *((n, v) for n, v in security_headers(secure) if n.lower() not in names)]
    out.append(("Content-Length", str(len(body))))
    start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Unknown')}", out)
    return [body]
