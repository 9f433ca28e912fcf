"""HTTP routes: Slack's single request URL (plugin.slack_endpoint, in front of Flask), the OAuth pair, and the
health check."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler

from plugin.slack_endpoint import SlackEndpoint
from storage.db import Database
from storage.migrate import head_revision


def init_routes(app: Flask, bolt: App, db: Database, signing_secret: str) -> None:
    handler = SlackRequestHandler(bolt)
    # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method, not an attribute.
    app.wsgi_app = SlackEndpoint(app.wsgi_app, bolt, signing_secret)  # type: ignore[method-assign]

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
