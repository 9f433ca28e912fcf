"""Property-based fuzzing of the real HTTP edge (werkzeug server in a thread, requests over a socket).

Each run sends 1,120 hostile requests (plus the named regressions of test_edge.py), unsigned and
signed: random bytes, content types and headers, deep JSON, huge bodies, and every kind of Slack
payload (slash command, block_actions, view_submission, view_closed, shortcut, message_action,
event_callback) with fields replaced by hostile values or removed; the OAuth pair and the API get
hostile queries and Authorization headers. Whatever comes in: no response >= 500, no traceback in
the log, no request body in the log, and an unverified request causes no outbound request at all.
Deterministic: derandomized, no example database, no deadline.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plugin.app import create_app, shutdown
from plugin.config import Settings
from tests.conftest import SIGNING_SECRET
from tests.fake_slack import FakeSlack
from tests.live_edge import LiveServer, Recorder, signed_headers
from tests.test_edge import MARKER, bodies_logged, tracebacks

FUZZ = hsettings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
UNSIGNED_EXAMPLES, SIGNED_EXAMPLES, RANDOM_SIGNED_EXAMPLES, OTHER_ROUTE_EXAMPLES = 420, 480, 120, 100  # 1,120 a run
FORM = "application/x-www-form-urlencoded"
CONTENT_TYPES = [FORM, "application/json", "text/plain", "multipart/form-data", "application/json; charset=utf-8", "",
                 FORM + "; charset=latin-1"]  # fmt: skip

# -- hostile values --------------------------------------------------------------------------------
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["9" * 5000, str(2**70), "-1", "0", "1", "2", "²", "٣", "<!channel>",
                                           "<@U1>", "\x00", "x" * 100_000, "{}", "[]", "null", "1e999"]),
)  # fmt: skip
HOSTILE = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
) | st.integers(min_value=1, max_value=120).map(lambda n: json.loads("[" * n + "]" * n))

HOSTILE_TEXT = st.one_of(st.text(max_size=80), st.sampled_from(["9" * 5000, str(2**70), "-1", "²", "<!channel>",
                         "<https://evil.example|gent.be>", "x" * 100_000, "{}", "[1]", "null", MARKER]))  # fmt: skip
ACTION_IDS = [
    "aanbod_open", "aanbod_edit", "aanbod_toggle", "aanbod_confirm", "actiepunt_open", "actie_klaar",
    "activiteit_ja", "activiteit_nee", "activiteit_aanbod", "agenda_punt_open", "agenda_ik_kom", "agenda_ik_kan_niet",
    "kennis_open", "kennis_remove", "partner_status", "partner_contact", "partner_page", "partner_invite",
    "partner_invited", "partner_add", "partner_edit", "nood_open", "nood_category", "nood_frequency", "verwijs_more",
    "verwijs_zoek_open", "verwijs_category", "verwijs_refer", "verwijs_report_gap", "home_klaar", "onbekend",
]  # fmt: skip
VIEW_IDS = ["aanbod_save", "actiepunt_nieuw", "activiteit_save", "activiteit_verslag", "agenda_nieuw", "agenda_punt",
            "kennis_save", "partner_save", "nood_save", "verwijs_zoek", "verwijs_door", "onbekend"]  # fmt: skip
COMMANDS = ["/aanbod", "/actie", "/activiteit", "/agenda", "/hiaten", "/kennis", "/netwerk", "/nood", "/verslag",
            "/verwijs", "/onbekend"]  # fmt: skip
BLOCKS = ["organisation", "new_organisation", "name", "description", "categories", "target_group", "languages",
          "hours", "location", "area", "cost", "access", "contact", "date", "time", "place", "points", "point",
          "title", "text", "owner", "due", "note", "category", "frequency", "link", "q", "status", "held",
          "participants"]  # fmt: skip
ELEMENTS = ["plain_text_input", "static_select", "multi_static_select", "datepicker", "timepicker", "users_select",
            "multi_users_select", "checkboxes", "radio_buttons", "url_text_input", "number_input"]  # fmt: skip
USERS = ["U1", "UBIB", "UCAW", "UTREKKER", "UONBEKEND"]


def _element(kind: str, value: str) -> dict[str, Any]:
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": {"value": value}}
    if kind in ("multi_static_select", "checkboxes"):
        return {"type": kind, "selected_options": [{"value": value}]}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": [value]}
    key = {"datepicker": "selected_date", "timepicker": "selected_time", "users_select": "selected_user"}.get(kind)
    return {"type": kind, key or "value": value}


_ids = st.sampled_from(["1", "2", "3", "4", "5", "0", "9" * 30, "abc", ""])
_texts = st.one_of(_ids, st.text(max_size=60), st.sampled_from(["2026-12-24", "14:00", "25:99", "<!everyone>", MARKER]))
_values = st.dictionaries(
    st.sampled_from(BLOCKS),
    st.builds(lambda kind, value: {"value": _element(kind, value)}, st.sampled_from(ELEMENTS), _texts),
    max_size=8,
)
_metadata = st.one_of(
    st.just(""),
    st.builds(
        lambda d: json.dumps(d),
        st.dictionaries(st.sampled_from(["channel", "offering", "meeting", "activity", "organisation", "p", "message"]),
                        st.one_of(_ids, st.integers(-5, 2**40), st.just(["C1", "1.1"]), st.none()), max_size=4),
    ),  # fmt: skip
)


@st.composite
def slack_payload(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["command", "block_actions", "view_submission", "view_closed", "shortcut",
                                 "message_action", "event_callback", "url_verification", "home"]))  # fmt: skip
    user, team = draw(st.sampled_from(USERS)), draw(st.sampled_from(["T1", "T1", "T2"]))
    common = {"team": {"id": team, "domain": "wijk"}, "user": {"id": user, "team_id": team}, "api_app_id": "A1",
              "token": "legacy", "trigger_id": "trig"}  # fmt: skip
    if kind == "command":
        return {"command": draw(st.sampled_from(COMMANDS)), "text": draw(_texts), "team_id": team, "user_id": user,
                "channel_id": "C1", "trigger_id": "trig", "response_url": "RESPONSE_URL"}  # fmt: skip
    if kind == "block_actions":
        action = {"action_id": draw(st.sampled_from(ACTION_IDS)), "block_id": draw(st.sampled_from(["b", "need:1",
                  "partner:1:0", "row:1:0"])), "type": "button", "value": draw(_texts), "action_ts": "1.1"}  # fmt: skip
        if draw(st.booleans()):
            action = {**action, "type": "static_select", "selected_option": {"value": draw(_texts)}}
        body = {**common, "type": "block_actions", "actions": [action]}
        if draw(st.booleans()):
            view = {"id": "V1", "type": "home", "callback_id": "", "state": {"values": draw(_values)}}
            return {**body, "container": {"type": "view", "view_id": "V1"}, "view": view}
        return {**body, "channel": {"id": "C1"}, "container": {"type": "message", "message_ts": "1.1"},
                "message": {"ts": "1.1", "text": ""}, "response_url": "RESPONSE_URL"}  # fmt: skip
    if kind in ("view_submission", "view_closed"):
        view = {"id": "V1", "type": "modal", "callback_id": draw(st.sampled_from(VIEW_IDS)), "hash": "h",
                "private_metadata": draw(_metadata), "state": {"values": draw(_values)}}  # fmt: skip
        return {**common, "type": kind, "view": view}
    if kind in ("shortcut", "message_action"):
        body = {**common, "type": kind, "callback_id": draw(st.sampled_from(["maak_actiepunt", "bewaar_kennis", "x"]))}
        if kind == "message_action":
            body |= {"channel": {"id": "C1"}, "message": {"ts": "1.1", "text": draw(_texts), "user": "U1"},
                     "message_ts": "1.1", "response_url": "RESPONSE_URL"}  # fmt: skip
        return body
    if kind == "url_verification":
        return {"type": "url_verification", "challenge": draw(_texts), "token": "legacy"}
    event_type = draw(st.sampled_from(["reaction_added", "reaction_removed", "app_home_opened", "message",
                                       "app_uninstalled", "tokens_revoked", "onbekend"]))  # fmt: skip
    event = {"type": event_type, "user": user, "reaction": draw(st.sampled_from(["white_check_mark", "pushpin",
             "+1", "x"])), "item": {"type": "message", "channel": "C1", "ts": "1.1"}, "event_ts": "1.1",
             "tab": "home", "channel": "C1", "text": draw(_texts)}  # fmt: skip
    return {"type": "event_callback", "team_id": team, "api_app_id": "A1", "event": event,
            "event_id": f"Ev{draw(st.integers(0, 10**9))}", "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}]}  # fmt: skip


def _set(body: Any, path: list[Any], value: Any) -> None:
    for key in path[:-1]:
        body = body[key]
    body[path[-1]] = value


def _paths(node: Any, prefix: list[Any]) -> Iterator[list[Any]]:
    if isinstance(node, dict):
        for key, child in node.items():
            yield [*prefix, key]
            yield from _paths(child, [*prefix, key])
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield [*prefix, index]
            yield from _paths(child, [*prefix, index])


@st.composite
def hostile_payload(draw: st.DrawFn) -> dict[str, Any]:
    """A Slack payload with up to three parts replaced by hostile values or removed."""
    body = draw(slack_payload())
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3]))):
        paths = list(_paths(body, []))
        path = draw(st.sampled_from(paths))
        if draw(st.integers(0, 3)) == 0 and isinstance(path[-1], str):
            parent = body
            for key in path[:-1]:
                parent = parent[key]
            parent.pop(path[-1], None)
        else:
            _set(body, path, draw(HOSTILE_TEXT if draw(st.booleans()) else HOSTILE))
    return body


def encode(body: dict[str, Any], response_url: str, as_json: bool) -> bytes:
    text = json.dumps(body).replace("RESPONSE_URL", response_url)
    if as_json or "command" not in body and body.get("type") == "event_callback":
        return text.encode()
    if "command" in body:
        form = json.loads(text)
        return urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in form.items()}).encode()
    return urlencode({"payload": text}).encode()


# -- fixtures --------------------------------------------------------------------------------------
@pytest.fixture
def live(settings: Settings, social_map, caplog: pytest.LogCaptureFixture) -> Iterator[tuple[LiveServer, Flask]]:
    caplog.set_level(logging.INFO)
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


def assert_clean_log(caplog: pytest.LogCaptureFixture) -> None:
    assert tracebacks(caplog) == []
    assert bodies_logged(caplog) == []


# -- unsigned -------------------------------------------------------------------------------------------
_header_values = st.one_of(st.text(max_size=30).filter(lambda s: s.isprintable() and s.isascii()),
                           st.sampled_from(["abc", "", "-1", "1e9", "9" * 400, "NOW", "STALE", "FUTURE"]))  # fmt: skip


@st.composite
def unsigned_request(draw: st.DrawFn, response_url: str) -> tuple[str, str, bytes, dict[str, str]]:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        body = draw(st.binary(max_size=2000))
    elif choice == 1:
        body = ("[" * draw(st.integers(1, 3000))).encode()
    elif choice == 2:
        body = b"x" * draw(st.sampled_from([1024 * 1024 + 1, 2 * 1024 * 1024]))
    else:
        body = encode(draw(hostile_payload()), response_url, draw(st.booleans()))
    body = body + MARKER.encode() if choice != 2 else body
    now = int(time.time())
    ts = draw(_header_values)
    ts = {"NOW": str(now), "STALE": str(now - 3600), "FUTURE": str(now + 3600)}.get(ts, ts)
    headers = {"Content-Type": draw(st.sampled_from(CONTENT_TYPES)), "X-Slack-Request-Timestamp": ts}
    how = draw(st.sampled_from(["garbage", "wrong-secret", "stale-but-valid", "other-body", "none"]))
    if how == "garbage":
        headers["X-Slack-Signature"] = draw(_header_values)
    elif how == "wrong-secret":
        headers["X-Slack-Signature"] = signed_headers("not-the-secret", body, "x", now)["X-Slack-Signature"]
        headers["X-Slack-Request-Timestamp"] = str(now)
    elif how == "stale-but-valid":
        stale = now - 301 - draw(st.integers(0, 10**6))
        headers.update(signed_headers(SIGNING_SECRET, body, headers["Content-Type"], stale))
    elif how == "other-body":
        headers.update(signed_headers(SIGNING_SECRET, body + b"&x=1", headers["Content-Type"], now))
    path = draw(st.sampled_from(["/slack/events"] * 6 + ["/slack/install", "/slack/oauth_redirect", "/healthz",
                                                          "/api/v1/services", "/nergens"]))  # fmt: skip
    method = "POST" if path == "/slack/events" else draw(st.sampled_from(["GET", "POST", "PUT", "DELETE"]))
    return method, path, body, headers


def test_unsigned_hostile_requests_do_nothing(
    live, recorder: Recorder, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    server, app = live
    statuses: list[int] = []
    bolt = app.extensions["lerend_netwerk.bolt"]
    dispatched: list[object] = []
    real_dispatch = bolt.dispatch
    bolt.dispatch = lambda request: dispatched.append(request) or real_dispatch(request)  # type: ignore[method-assign]

    @hsettings(FUZZ, max_examples=UNSIGNED_EXAMPLES)
    @given(unsigned_request(recorder.url))
    def send(request: tuple[str, str, bytes, dict[str, str]]) -> None:
        method, path, body, headers = request
        answer = server.request(method, path, body, headers)
        statuses.append(answer.status)
        assert answer.status < 500, (path, answer.status, answer.body[:200])
        if path == "/slack/events":
            assert answer.status in (401, 413), (answer.status, answer.body[:200])

    send()
    shutdown(app)  # every lazy listener has finished: anything that was going to be sent has been sent
    assert len(statuses) >= UNSIGNED_EXAMPLES
    assert dispatched == []  # Bolt never saw one of them
    assert recorder.hits == []
    assert fake_slack.calls == []
    assert_clean_log(caplog)


# -- signed -------------------------------------------------------------------------------------------
def test_signed_hostile_payloads_never_fail(live, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    server, app = live
    statuses: list[int] = []

    @hsettings(FUZZ, max_examples=SIGNED_EXAMPLES)
    @given(hostile_payload(), st.booleans())
    def send(payload: dict[str, Any], as_json: bool) -> None:
        seen = len(caplog.records)
        body = encode(payload, fake_slack.response_url(), as_json)
        content_type = "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded"
        answer = server.slack(body, signed_headers(SIGNING_SECRET, body, content_type))
        statuses.append(answer.status)
        assert answer.status < 500, (payload, answer.body[:300])
        assert tracebacks(caplog, seen) == [], payload
        assert bodies_logged(caplog, seen) == [], payload

    send()
    shutdown(app)
    assert len(statuses) >= SIGNED_EXAMPLES
    assert 200 in statuses and 400 in statuses  # the fuzzing reached the listeners and the shape check alike
    assert_clean_log(caplog)


def test_signed_random_bodies_never_fail(live, caplog: pytest.LogCaptureFixture) -> None:
    server, app = live
    statuses: list[int] = []

    @hsettings(FUZZ, max_examples=RANDOM_SIGNED_EXAMPLES)
    @given(
        st.one_of(
            st.binary(max_size=3000),
            HOSTILE.map(lambda v: json.dumps(v).encode()),
            HOSTILE.map(lambda v: urlencode({"payload": json.dumps(v)}).encode()),
            st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=6).map(
                lambda d: urlencode(d).encode()
            ),
        ),
        st.sampled_from(CONTENT_TYPES),
    )
    def send(body: bytes, content_type: str) -> None:
        answer = server.slack(body, signed_headers(SIGNING_SECRET, body, content_type))
        statuses.append(answer.status)
        assert answer.status < 500, (body[:200], answer.body[:300])

    send()
    shutdown(app)
    assert len(statuses) >= RANDOM_SIGNED_EXAMPLES
    assert_clean_log(caplog)


# -- the other routes: OAuth pair and the API, with hostile queries and headers -----------------------
@pytest.fixture
def live_oauth(oauth_settings: Settings, social_map, caplog: pytest.LogCaptureFixture) -> Iterator[LiveServer]:
    caplog.set_level(logging.INFO)
    app = create_app(oauth_settings)
    try:
        with LiveServer(app) as server:
            yield server
    finally:
        shutdown(app)


_query = st.dictionaries(
    st.sampled_from(["code", "state", "error", "page", "per_page", "search", "taxonomy_term_id", "x"]),
    st.one_of(HOSTILE_TEXT.filter(lambda t: len(t) < 6000), st.integers(-(2**70), 2**70).map(str)),
    max_size=4,
)  # (URLs past the server's own line limit never reach the app)


def test_oauth_and_api_routes_never_fail(live_oauth: LiveServer, fake_slack: FakeSlack, caplog) -> None:
    server = live_oauth
    statuses: list[int] = []

    @hsettings(FUZZ, max_examples=OTHER_ROUTE_EXAMPLES)
    @given(
        st.sampled_from(["/slack/install", "/slack/oauth_redirect", "/api/v1/services", "/api/v1/services/",
                         "/healthz"]),  # fmt: skip
        st.text(max_size=30).map(lambda s: s.replace("/", "").replace("?", "").replace("#", "")),
        _query,
        st.sampled_from(["", "Bearer ", "Bearer x", "Basic Zm9vOmJhcg==", "Bearer " + "a" * 5000, "bearer"]),
        st.sampled_from(["GET", "POST", "HEAD"]),
    )
    def send(path: str, tail: str, query: dict[str, str], auth: str, method: str) -> None:
        from urllib.parse import quote

        full = path + (quote(tail) if path.endswith("/") else "") + ("?" + urlencode(query) if query else "")
        answer = server.request(method, full, b"", {"Authorization": auth} if auth else {})
        statuses.append(answer.status)
        assert answer.status < 500, (full, answer.status, answer.body[:200])
        assert answer.headers.get("X-Content-Type-Options") == "nosniff"

    send()
    assert len(statuses) >= OTHER_ROUTE_EXAMPLES
    assert fake_slack.calls_to("oauth.v2.access") == []  # no install without a state this app issued
    assert tracebacks(caplog) == []
