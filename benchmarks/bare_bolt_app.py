"""The baseline for benchmarks/e2e_throughput.py: a Bolt app whose `/verwijs` only acknowledges.

Same Bolt mode as Lerend Netwerk (`process_before_response=True`, single workspace, lazy auth.test
against SLACK_API_URL), same Flask adapter; no middleware, no database, no search.

Served by the benchmark as `gunicorn --pythonpath benchmarks bare_bolt_app:app`.
Environment: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from slack_bolt import Ack, App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

bolt = App(
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    client=WebClient(
        token=os.environ.get("SLACK_BOT_TOKEN") or "xoxb-bench",
        base_url=os.environ.get("SLACK_API_URL") or "https://slack.com/api/",
    ),
    token_verification_enabled=False,
    process_before_response=True,
    name="bare-bolt-bench",
)


@bolt.command("/verwijs")
def verwijs(ack: Ack) -> None:
    ack()


app = Flask(__name__)
handler = SlackRequestHandler(bolt)


@app.post("/slack/events")
def slack_events() -> Response:
    return handler.handle(request)


@app.get("/healthz")
def healthz() -> tuple[str, int]:
    return "ok", 200
