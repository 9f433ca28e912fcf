"""HTTP routes: Slack's single request URL, the OAuth pair, and the health check."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, Response, jsonify, request
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.flask.handler import to_flask_response

from plugin.dev_client import take_shown_views
from plugin.edge import Refused, checked_request, refuse, verified_body
from storage.db import Database
from storage.migrate import head_revision


def init_routes(app: Flask, bolt: App, db: Database, signing_secret: str) -> None:
    handler = SlackRequestHandler(bolt)

    @app.post("/slack/events")
    def slack_events() -> Response:
        """Verified and shape-checked at the edge (plugin/edge.py) before Bolt parses anything."""
        try:
            bolt_request = checked_request(
                verified_body(request, signing_secret),
                lambda text: BoltRequest(body=text, query=request.query_string.decode("latin-1"), headers=_headers()),
            )
        except Refused as refused:
            return refuse(refused, request)
        response = to_flask_response(bolt.dispatch(bolt_request))
        shown = take_shown_views()  # `serve --dev` without Slack: the form a listener would open
        if shown and response.status_code == 200 and not response.get_data():
            return jsonify({"response_type": "ephemeral", "dev_views": shown})
        return response

    def _headers() -> dict[str, str | Sequence[str]]:
        """Bolt's FaaS headers (x-slack-bolt-lazy-only, ...) are not signed: a replayed request must not
        use them to run a lazy listener a second time."""
        headers: dict[str, list[str]] = {}
        for name, value in request.headers.items():  # one pass over the environ
            key = name.lower()
            if not key.startswith("x-slack-bolt-"):
                headers.setdefault(key, []).append(value)
        return dict(headers)

    @app.get("/slack/install")
    def slack_install() -> Response:
        return handler.handle(request)

    @app.get("/slack/oauth_redirect")
    def slack_oauth_redirect() -> Response:
        return handler.handle(request)

    @app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        """200 only when the database answers (on its own quick connection) at the newest migration."""
        health = db.health()
        head = head_revision()
        current = health.database and health.revision == head
        if current:
            return jsonify({"status": "ok", "database": True}), 200
        body = {"status": "unavailable", "database": health.database}
        if health.database:  # the schema lags behind: `lerend-netwerk db upgrade`
            body["schema_revision"], body["newest_revision"] = health.revision, head
        return jsonify(body), 503
