"""The HTTP edge of /slack/events, each case of issue 10 (part A) as a named regression, over a real socket.

Unverified -> 401 with nothing done (no dispatch, no outbound call, no body in the log); too large
-> 413; verified but malformed -> 400; never a 500 or a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from flask import Flask

from domain.ids import parse_id
from plugin.app import create_app, shutdown
from plugin.config import Settings
from tests.conftest import SIGNING_SECRET
from tests.fake_slack import FakeSlack
from tests.live_edge import LiveServer, Recorder, signed_headers

MARKER = "geheim~lichaam~7f3a"  # appears in request bodies; must never appear in the log
FORM = "application/x-www-form-urlencoded"


def tracebacks(caplog: pytest.LogCaptureFixture, since: int = 0) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()[:200]}"
        for r in caplog.records[since:]
        if r.exc_info or r.exc_text or "Traceback" in r.getMessage()
    ]


def bodies_logged(caplog: pytest.LogCaptureFixture, since: int = 0) -> list[str]:
    return [r.getMessage()[:200] for r in caplog.records[since:] if MARKER in r.getMessage()]


@pytest.fixture
def edge(settings: Settings, social_map, caplog: pytest.LogCaptureFixture) -> Iterator[tuple[LiveServer, Flask]]:
    caplog.set_level(logging.DEBUG)
    app = create_app(settings)
    try:
        with LiveServer(app) as server:
            yield server, app
    finally:
        shutdown(app)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with Recorder() as rec:
        yield rec


def block_actions(response_url: str, value: object = "1", action_id: str = "aanbod_edit") -> dict:
    return {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "wijk"},
        "user": {"id": "UBIB", "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": "trig",
        "channel": {"id": "C1"},
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C1"},
        "message": {"ts": "1.1", "text": MARKER},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": value}],
    }


def as_form(payload: object) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def signed(server: LiveServer, body: bytes, content_type: str = FORM, timestamp: int | None = None):  # noqa: ANN201
    return server.slack(body, signed_headers(SIGNING_SECRET, body, content_type, timestamp))


# -- 1. nothing happens before the signature is verified --------------------------------------------
def test_non_numeric_timestamp_is_refused_without_calling_the_response_url(
    edge, recorder: Recorder, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    server, app = edge
    body = as_form(block_actions(recorder.url))
    headers = {"Content-Type": FORM, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}
    answer = server.slack(body, headers)
    shutdown(app)  # lazy listeners done: anything that was going to be sent has been sent
    assert answer.status == 401
    assert recorder.hits == [] and fake_slack.calls == []
    assert tracebacks(caplog) == [] and bodies_logged(caplog) == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""},
        {"X-Slack-Request-Timestamp": "-1", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=é"},
    ],
    ids=["missing", "empty", "negative", "float", "5000-digits", "bad-signature", "non-ascii-signature"],
)
def test_missing_or_garbled_headers_are_401(edge, recorder: Recorder, caplog, headers: dict[str, str]) -> None:
    server, app = edge
    headers = {k: str(int(time.time())) if v == "NOW" else v for k, v in headers.items()}
    answer = server.slack(as_form(block_actions(recorder.url)), {"Content-Type": FORM, **headers})
    shutdown(app)
    assert answer.status == 401
    assert json.loads(answer.body)["error"] == "invalid_request"
    assert recorder.hits == [] and tracebacks(caplog) == [] and bodies_logged(caplog) == []


def test_a_correctly_signed_but_stale_request_is_401(edge, recorder: Recorder, caplog) -> None:
    server, app = edge
    body = as_form(block_actions(recorder.url))
    stale = int(time.time()) - 6 * 60
    assert signed(server, body, timestamp=stale).status == 401
    assert signed(server, body, timestamp=int(time.time()) + 6 * 60).status == 401
    shutdown(app)
    assert recorder.hits == [] and bodies_logged(caplog) == []


def test_unsigned_garbage_is_401_not_500(edge, caplog) -> None:
    server, _ = edge
    for body, content_type in [(b"{not json", "application/json"), (b"payload=%5B%5D", FORM)]:
        assert server.slack(body, {"Content-Type": content_type}).status == 401
    assert tracebacks(caplog) == []


def test_bolt_lazy_headers_are_not_honoured(edge, fake_slack: FakeSlack) -> None:
    """Bolt's FaaS headers are unsigned: a replayed /aanbod must not run its lazy listener on demand."""
    server, _ = edge
    command = {"command": "/aanbod", "text": "lijst", "team_id": "T1", "user_id": "U1", "channel_id": "C1"}
    body = urlencode({**command, "trigger_id": "t", "response_url": fake_slack.response_url()}).encode()
    headers = signed_headers(SIGNING_SECRET, body, FORM)
    headers.update({"X-Slack-Bolt-Lazy-Only": "1", "X-Slack-Bolt-Lazy-Function-Name": "announce_offering"})
    answer = server.slack(body, headers)
    assert answer.status == 200 and b"Bibliotheek Borgerhout" in answer.body  # handled as a normal command


# -- sizes -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("sign", [False, True], ids=["unsigned", "signed"])
def test_five_megabytes_of_random_bytes_are_413(edge, caplog, sign: bool) -> None:
    server, _ = edge
    body = os.urandom(5 * 1024 * 1024)
    headers = signed_headers(SIGNING_SECRET, body, FORM) if sign else {"Content-Type": FORM}
    assert server.slack(body, headers).status == 413
    assert tracebacks(caplog) == []


def test_a_chunked_body_without_length_cannot_exceed_the_limit(edge) -> None:
    server, _ = edge
    body = b"x" * (1024 * 1024 + 10)
    headers = signed_headers(SIGNING_SECRET, body, FORM)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n{head}\r\n".encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request + hex(len(body))[2:].encode() + b"\r\n" + body + b"\r\n0\r\n\r\n")
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"413", status_line


def test_a_signed_body_just_under_the_limit_is_read_whole(edge, fake_slack: FakeSlack) -> None:
    server, _ = edge
    command = {"command": "/kennis", "team_id": "T1", "user_id": "U1", "channel_id": "C1", "trigger_id": "t",
               "response_url": fake_slack.response_url()}  # fmt: skip
    body = urlencode({**command, "text": "itsme " * 170_000}).encode()
    assert 1_000_000 < len(body) <= 1024 * 1024
    assert signed(server, body).status == 200


# -- 2. verified but malformed: 400, never 500 -----------------------------------------------------
def _without_view_type() -> dict:
    return {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "U1"}, "trigger_id": "t",
            "view": {"id": "V1", "callback_id": "aanbod_save", "state": {"values": {}}}}  # fmt: skip


_COMMAND = {"command": "/verwijs", "team_id": "T1", "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
            "response_url": "https://hooks.slack.com/commands/T1/1/x", "text": "laptop lenen"}  # fmt: skip
MALFORMED = {
    "not-json": (b"{not json", "application/json"),
    "payload-is-a-list": (b"payload=%5B%5D", FORM),
    "json-is-a-string": (b'"hallo"', "application/json"),
    "payload-not-json": (b"payload=%7Bnope", FORM),
    "not-utf8": (b"payload=\xff\xfe", FORM),
    "deep-json": (("[" * 1000 + "]" * 1000).encode(), "application/json"),
    "deep-object": (('{"a":' * 1000 + "1" + "}" * 1000).encode(), "application/json"),
    "deep-payload": (as_form({"type": "block_actions", "x": json.loads("[" * 200 + "]" * 200)}), FORM),
    "view-without-type": (as_form(_without_view_type()), FORM),
    "team-is-a-number": (as_form({**block_actions("http://x"), "team": 5}), FORM),
    "user-is-a-number": (as_form({**block_actions("http://x"), "user": 7}), FORM),
    "channel-is-a-number": (as_form({**block_actions("http://x"), "channel": 1.5}), FORM),
    "event-null": (json.dumps({"type": "event_callback", "team_id": "T1", "event": None}).encode(), "application/json"),
    "event-a-list": (json.dumps({"type": "event_callback", "team_id": "T1", "event": []}).encode(), "application/json"),
    "empty-actions": (as_form({**block_actions("http://x"), "actions": []}), FORM),
    "action-value-a-dict": (as_form(block_actions("http://x", value={"a": 1})), FORM),
    "view-a-string": (as_form({**_without_view_type(), "view": "modal"}), FORM),
    "metadata-a-number": (as_form({**_without_view_type(), "view": {**_without_view_type()["view"], "type": "modal",
                                                                    "private_metadata": 7}}), FORM),  # fmt: skip
    "selected-option-without-value": (
        as_form({**block_actions("http://x"), "actions": [{"action_id": "nood_category", "selected_option": {}}]}),
        FORM,
    ),
    "command-without-trigger": (urlencode({"command": "/aanbod", "team_id": "T1"}).encode(), FORM),
    # text that cannot be stored (a NUL, a lone surrogate): in a slash command's flat form, as in nested JSON
    "command-text-with-nul": (urlencode({**_COMMAND, "text": "laptop\x00lenen"}).encode(), FORM),
    "command-key-with-nul": (urlencode({**_COMMAND, "x\x00": "1"}).encode(), FORM),
    "flat-json-lone-surrogate": (b'{"type": "url_verification", "token": "t", "challenge": "\\ud800"}',
                                 "application/json"),
    "nested-json-lone-surrogate": (b'{"type": "event_callback", "team_id": "T1", "event": {"type": "x", "text": '
                                   b'"\\udc00"}}', "application/json"),
    "shortcut-without-callback": (as_form({"type": "shortcut", "team": {"id": "T1"}, "trigger_id": "t"}), FORM),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_signed_but_malformed_is_400(edge, fake_slack: FakeSlack, caplog, case: str) -> None:
    server, app = edge
    body, content_type = MALFORMED[case]
    answer = signed(server, body, content_type)
    shutdown(app)
    assert answer.status == 400, answer.body
    assert tracebacks(caplog) == []
    assert fake_slack.calls == []


@pytest.mark.parametrize("value", ["9" * 5000, str(2**70), "-3", "²", "٣", "1.5", ""])
def test_absurd_button_values_are_ignored_politely(edge, fake_slack: FakeSlack, caplog, value: str) -> None:
    server, app = edge
    for action_id in ("aanbod_edit", "aanbod_toggle", "actie_klaar", "kennis_remove", "agenda_ik_kom", "partner_page"):
        answer = signed(server, as_form(block_actions(fake_slack.response_url(), value, action_id)))
        assert answer.status == 200, (action_id, answer.body)
    shutdown(app)
    assert tracebacks(caplog) == []


def test_parse_id_bounds() -> None:
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(3) == 3
    for bad in ("9" * 5000, str(2**70), 2**70, "-1", 0, "0", "²", "٣", "1.5", "", None, {"a": 1}, [1], True, 1.0):
        assert parse_id(bad) is None, bad
    assert parse_id("0", low=0) == 0


# -- 5. no request bodies in the log ---------------------------------------------------------------
def test_bolt_never_logs_the_body_of_a_refused_request(edge, recorder: Recorder, caplog) -> None:
    server, _ = edge
    body = as_form(block_actions(recorder.url))
    server.slack(body, {"Content-Type": FORM, "X-Slack-Request-Timestamp": str(int(time.time())),
                        "X-Slack-Signature": "v0=" + "1" * 64})  # fmt: skip
    assert bodies_logged(caplog) == []
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_bolt_itself_leaves_request_bodies_out_of_its_log_lines(app: Flask, caplog) -> None:
    """Behind the edge Bolt still verifies, and its own refusal and unhandled-request lines carry no body."""
    from slack_bolt import BoltRequest

    caplog.set_level(logging.DEBUG)
    bolt = app.extensions["lerend_netwerk.bolt"]
    body = as_form(block_actions("https://example.invalid/r", value=MARKER, action_id="onbekend"))
    now = str(int(time.time()))
    refused = bolt.dispatch(BoltRequest(body=body.decode(), headers={
        "content-type": FORM, "x-slack-request-timestamp": now, "x-slack-signature": "v0=" + "2" * 64}))  # fmt: skip
    assert refused.status == 401
    unhandled = bolt.dispatch(BoltRequest(body=body.decode(), headers=signed_headers(SIGNING_SECRET, body, FORM)))
    assert unhandled.status == 404
    assert any("request body left out" in r.getMessage() for r in caplog.records)
    assert bodies_logged(caplog) == []


def test_production_entry_point_refuses_to_start_without_secrets(tmp_path) -> None:  # noqa: ANN001
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LEREND_NETWERK_INSTANCE": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}  # fmt: skip

    def check(target: str, **extra: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "gunicorn", "--check-config", target]
        return subprocess.run(command, env=env | extra, capture_output=True, text=True, cwd=tmp_path, timeout=60)

    refused = check("plugin.wsgi:app")
    assert refused.returncode != 0 and "SLACK_SIGNING_SECRET is not set" in refused.stdout + refused.stderr
    no_token = check("plugin.wsgi:app", SLACK_SIGNING_SECRET="s")
    assert no_token.returncode != 0 and "SLACK_BOT_TOKEN" in no_token.stdout + no_token.stderr
    assert check("plugin.wsgi:app", SLACK_SIGNING_SECRET="s", SLACK_BOT_TOKEN="xoxb-1").returncode == 0
    assert check("plugin.wsgi:dev_app()").returncode == 0  # what `serve --dev` runs


def test_the_error_handler_answers_whatever_it_is_given(caplog) -> None:
    from plugin.errors import install_error_handler

    class Capture:
        def error(self, func):  # noqa: ANN001, ANN201
            self.handle = func
            return func

    bolt = Capture()
    install_error_handler(bolt)  # type: ignore[arg-type]
    assert bolt.handle(error=RecursionError(), body={}, respond=None).status == 400
    assert tracebacks(caplog) == []  # too deep is the request's fault, not a bug to trace
    nowhere = ValueError("respond is unsupported here as there is no response_url")
    assert bolt.handle(error=nowhere, body={"type": "block_actions"}, respond=None).status == 400

    def broken_respond(**_: object) -> None:
        raise OSError("Slack is weg")

    for body in (None, [], "tekst", {"response_url": "https://hooks.slack.com/x", "type": "view_submission"}):
        answer = bolt.handle(error=KeyError("x"), body=body, respond=broken_respond)
        assert answer.status == 200


def command(text: str, response_url: str = "https://hooks.slack.com/commands/T1/1/x") -> bytes:
    return urlencode({"command": "/verwijs", "text": text, "team_id": "T1", "user_id": "UBIB", "channel_id": "C1",
                      "trigger_id": "t1", "response_url": response_url}).encode()  # fmt: skip


def test_slacks_request_url_answers_without_flask_and_keeps_the_security_headers(edge, fake_slack: FakeSlack) -> None:
    """POST /slack/events is answered in front of Flask (plugin.slack_endpoint): no Flask hook runs for it,
    and its answer has the same security headers as every other response."""
    server, app = edge
    seen: list[str] = []
    app.before_request(lambda: seen.append("flask") and None)
    answer = signed(server, command("", fake_slack.response_url("x")))
    assert answer.status == 200 and json.loads(answer.body)["response_type"] == "ephemeral"
    assert seen == []
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert int(answer.headers["Content-Length"]) == len(answer.body)
    refused = server.slack(b"x=1", {"Content-Type": FORM})
    assert refused.status == 401 and refused.headers["X-Frame-Options"] == "DENY"
    assert json.loads(refused.body)["message"].startswith("Dit verzoek is niet door Slack ondertekend")
    wrong = server.request("GET", "/slack/events")
    assert (wrong.status, wrong.headers["Allow"]) == (405, "POST")
    assert "POST" in json.loads(wrong.body)["message"]
    assert server.request("GET", "/healthz").status == 200 and seen == ["flask"]  # the rest is Flask's


def test_a_failure_around_bolt_is_a_dutch_500_and_logged_without_the_body(edge, caplog, monkeypatch) -> None:
    server, app = edge

    def broken(_request: object) -> object:
        raise RuntimeError("database weg")

    monkeypatch.setattr(app.extensions["lerend_netwerk.bolt"], "dispatch", broken)
    answer = signed(server, command(MARKER))
    assert answer.status == 500 and answer.headers["Content-Type"] == "application/json"
    assert json.loads(answer.body)["message"] == "Dit verzoek kon niet verwerkt worden. Probeer het opnieuw."
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert any("POST /slack/events failed" in line for line in tracebacks(caplog))
    assert bodies_logged(caplog) == []


def test_hsts_on_slacks_request_url_only_over_https(app: Flask) -> None:
    body = command("")
    headers = signed_headers(SIGNING_SECRET, body, FORM)
    over_https = app.test_client().post("/slack/events", data=body, headers=headers, base_url="https://localhost")
    assert over_https.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = app.test_client().post("/slack/events", data=body, headers=headers)
    assert over_https.status_code == plain.status_code == 200
    assert "Strict-Transport-Security" not in plain.headers
