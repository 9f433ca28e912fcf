"""HTTP routes: Slack's single request URL, the OAuth pair, and the health check."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler

from plugin.dev_client import take_shown_views
from storage.db import Database


def init_routes(app: Flask, bolt: App, db: Database) -> None:
    handler = SlackRequestHandler(bolt)

    @app.post("/slack/events")
    def slack_events() -> Response:
        response = handler.handle(request)
        shown = take_shown_views()  # `serve --dev` without Slack: the form a listener would open
        if shown and response.status_code == 200 and not response.get_data():
            return jsonify({"response_type": "ephemeral", "dev_views": shown})
        return response

    @app.get("/slack/install")
    def slack_install() -> Response:
        return handler.handle(request)

    @app.get("/slack/oauth_redirect")
    def slack_oauth_redirect() -> Response:
        return handler.handle(request)

    @app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        ok = db.answers()
        return jsonify({"status": "ok" if ok else "unavailable", "database": ok}), 200 if ok else 503
