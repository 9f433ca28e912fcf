"""HTTP routes: Slack's single request URL, the OAuth pair, and the health check."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler

from storage.db import Database
from storage.migrate import head_revision


def init_routes(app: Flask, bolt: App, db: Database) -> None:
    handler = SlackRequestHandler(bolt)

    @app.post("/slack/events")
    def slack_events() -> Response:
        return handler.handle(request)

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
