"""Every response's security headers, the reverse-proxy trust, and the rate limits (Flask-Limiter).

Headers: nosniff, no framing (X-Frame-Options and CSP frame-ancestors), a Content-Security-Policy
that allows nothing but what our few HTML pages (Bolt's install and OAuth result pages) need,
no referrer, and HSTS only when the request came over https (`request.is_secure`, which honours
X-Forwarded-Proto when TRUSTED_PROXY_HOPS says a proxy is in front).

Rate limits: the HSDS API per token and per address, the OAuth routes per address; over the limit
is a 429 with Retry-After (and for the API a Dutch JSON error). /slack/events never reaches Flask
(plugin.slack_endpoint): Slack's own requests come from few addresses and Slack paces them, and
unverified ones are refused before any work.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from plugin.config import Settings

STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SLACK_BUTTON_IMAGES = "https://platform.slack-edge.com"
HSTS = "max-age=31536000; includeSubDomains"
API_ENDPOINT_PREFIX = "hsds_api."
OAUTH_ENDPOINTS = ("slack_install", "slack_oauth_redirect")
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def install_protection(app: Flask, settings: Settings) -> Limiter:
    """Call after every route and blueprint is registered."""
    if settings.trusted_proxy_hops:
        hops = settings.trusted_proxy_hops
        # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method, not an attribute.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.after_request(_security_headers)
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=settings.rate_limit_storage_uri,
        headers_enabled=False,  # Retry-After is set on the 429 below, the same number as its message
        strategy="fixed-window",
        key_prefix="lerend-netwerk",
        on_breach=_too_many,
    )
    api = app.blueprints["hsds_api"]
    if not isinstance(api, Blueprint):  # Flask types its blueprints as the sans-io base class
        raise TypeError("the HSDS API must be registered before the rate limits")
    limiter.limit(settings.rate_limit_api_address, key_func=get_remote_address, scope="api-address")(api)
    limiter.limit(settings.rate_limit_api_token, key_func=_token_or_address, scope="api-token")(api)
    oauth = limiter.shared_limit(settings.rate_limit_oauth, scope="oauth", key_func=get_remote_address)
    for endpoint in OAUTH_ENDPOINTS:  # one allowance for the pair: install and redirect count together
        if endpoint in app.view_functions:
            # flask-limiter's decorator is typed with a ParamSpec that turns Flask's RouteCallable union into
            # one callable returning the union of both; the view it returns is the same kind of view.
            app.view_functions[endpoint] = oauth(app.view_functions[endpoint])  # type: ignore[assignment]
    return limiter


def _token_or_address() -> str:
    """The bearer token, hashed (raw tokens never sit in the limiter's store); the address without one."""
    auth = request.authorization
    token = auth.token if auth is not None and auth.type == "bearer" else None
    if not token:
        return "address:" + get_remote_address()
    return "token:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def _too_many(limit: RequestLimit) -> Response:
    retry_after = max(1, math.ceil(limit.reset_at - time.time()))
    if (request.endpoint or "").startswith(API_ENDPOINT_PREFIX):
        body = json.dumps(
            {
                "error": "rate_limited",
                "message": f"Te veel verzoeken. Probeer het over {retry_after} seconden opnieuw.",
            },
            ensure_ascii=False,
        )
        response = Response(body, status=429, mimetype="application/json")
        response.headers["Cache-Control"] = "no-store"
    else:
        text = f"Te veel pogingen. Probeer het over {retry_after} seconden opnieuw."
        response = Response(text, status=429, mimetype="text/plain")
    response.headers["Retry-After"] = str(retry_after)
    return response


_COMMON = (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"))
_NOT_HTML = (*_COMMON, ("Content-Security-Policy", STRICT_CSP))
_NOT_HTML_HTTPS = (*_NOT_HTML, ("Strict-Transport-Security", HSTS))


def security_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    """The headers of a response that is not an HTML page (plugin.slack_endpoint adds them itself)."""
    return _NOT_HTML_HTTPS if secure else _NOT_HTML


def _security_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in _COMMON:
        headers.setdefault(name, value)
    if "Content-Security-Policy" not in headers:  # the public pages set their own (plugin/web/guard.py)
        headers["Content-Security-Policy"] = _policy_for(response)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _policy_for(response: Response) -> str:
    """Nothing at all, except for an HTML page: its own inline styles (by hash) and Slack's button image."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return STRICT_CSP
    page = response.get_data(as_text=True)
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in _STYLE.findall(page)
    ]
    policy = STRICT_CSP + f"; img-src {SLACK_BUTTON_IMAGES}"
    return policy + ("; style-src " + " ".join(hashes) if hashes else "")
