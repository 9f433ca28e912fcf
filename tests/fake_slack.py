"""A fake Slack Web API: a real local HTTP server that records calls and answers like Slack.

Point the app at it with SLACK_API_URL (`fake.api_url`). It also accepts `response_url` posts
(`fake.response_url(...)`) and the file upload URLs of files.getUploadURLExternal.

It keeps the messages posted to it (`fake.messages(channel)`, with their metadata; a direct message to
a user lives in the conversation `D<user>`), updates them on chat.update, and answers
conversations.history and conversations.replies from them (metadata only with `include_all_metadata`).
It fails like Slack, per method: `fail` (an error body, any HTTP status, 429 with Retry-After;
`processed=True`: the call took effect all the same), `drop` (the connection closes without an answer)
and `delay` (the answer comes after the client gave up; the call took effect).
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    headers: dict[str, str] = field(default_factory=dict)

    def json(self, key: str) -> Any:
        """A JSON-valued argument (view, blocks), whether it was sent form-encoded or as JSON."""
        return _json(self.params.get(key))


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int
    processed: bool = False  # the call took effect before the failure (Slack's outcome unknown to the app)
    channel: str | None = None  # only calls to this channel (or user) fail; None: every call
    drop: bool = False  # close the connection without an answer
    delay: float = 0.0  # answer (normally) after this many seconds


@dataclass
class Message:
    channel: str
    ts: str
    text: str | None
    blocks: Any
    metadata: dict[str, Any] | None
    thread_ts: str | None = None

    def as_slack(self, with_metadata: bool) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "message", "user": "UBOT", "bot_id": "BBOT", "ts": self.ts, "text": self.text}
        if self.blocks is not None:
            found["blocks"] = self.blocks
        if self.thread_ts:
            found["thread_ts"] = self.thread_ts
        if with_metadata and self.metadata:
            found["metadata"] = self.metadata
        return found


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many requests at once (race tests) must not be reset by a short backlog


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, list[Failure]] = {}
        self.overrides: dict[str, dict[str, Any]] = {}
        self.stored: list[Message] = []
        self.team_id = "T1"
        self.team_name = "Testwijk"
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.failures.clear()
            self.overrides.clear()
            self.stored.clear()
            self.team_id = "T1"
            self.team_name = "Testwijk"

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base_url}/response_url/{name}"

    # -- scripting -------------------------------------------------------------------------------
    def fail(
        self,
        method: str,
        error: str = "internal_error",
        *,
        status: int = 200,
        times: int = 1,
        retry_after: int | None = None,
        processed: bool = False,
        channel: str | None = None,
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            self.failures.setdefault(method, []).append(
                Failure(
                    status=status, body={"ok": False, "error": error}, headers=headers, times=times,
                    processed=processed, channel=channel,
                )  # fmt: skip
            )

    def reset_failures(self) -> None:
        """Slack works again: every scripted failure not yet used is forgotten."""
        with self._lock:
            self.failures.clear()

    def drop(self, method: str, *, times: int = 1, processed: bool = False, channel: str | None = None) -> None:
        """The connection closes without an answer (before or, with `processed`, after the call took effect)."""
        with self._lock:
            self.failures.setdefault(method, []).append(
                Failure(status=0, body={}, headers={}, times=times, processed=processed, drop=True, channel=channel)
            )

    def delay(self, method: str, seconds: float, *, times: int = 1, channel: str | None = None) -> None:
        """The call takes effect at once, but its answer comes after `seconds` (past the client's timeout)."""
        with self._lock:
            self.failures.setdefault(method, []).append(
                Failure(status=200, body={}, headers={}, times=times, processed=True, delay=seconds, channel=channel)
            )

    def answer(self, method: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.overrides[method] = body

    # -- reading ---------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(found)}: {[c.method for c in self.calls]}"
                    )
                self._changed.wait(remaining)

    def methods(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    def messages(self, channel: str | None = None) -> list[Message]:
        """What Slack shows: the messages posted (and updated) in a channel, or everywhere."""
        with self._lock:
            return [m for m in self.stored if channel is None or m.channel == _conversation(channel)]

    # -- answering -------------------------------------------------------------------------------
    def _record(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str], Failure | None]:
        failure: Failure | None = None
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
            queue = [f for f in self.failures.get(call.method) or [] if f.channel in (None, call.params.get("channel"))]
            if queue:
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    self.failures[call.method].remove(failure)
            elif call.method in self.overrides:
                return 200, self.overrides[call.method], {}, None
        if failure is None:
            return 200, self._default_answer(call), {}, None
        answer = self._default_answer(call) if failure.processed else {}  # took effect (stored) all the same
        if failure.delay:
            return 200, answer, {}, failure
        return failure.status, failure.body, failure.headers, failure

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _default_answer(self, call: Call) -> dict[str, Any]:
        p = call.params
        m = call.method
        if m == "auth.test":
            # Tokens issued by this fake's oauth.v2.access name their workspace: xoxb-<team>-token.
            parts = (call.token or "").split("-")
            owner = parts[1] if len(parts) == 3 and parts[2] == "token" and parts[1].startswith("T") else self.team_id
            return {
                "ok": True,
                "team_id": owner,
                "team": self.team_name,
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "url": "https://testwijk.slack.com/",
            }
        if m == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": "UINSTALLER"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": f"xoxb-{self.team_id}-token",
                "bot_user_id": "UBOT",
                "team": {"id": self.team_id, "name": self.team_name},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if m == "chat.postMessage":
            self._store(p)
        if m == "chat.update":
            self._update(p)
        if m in ("conversations.history", "conversations.replies"):
            return self._read(m, p)
        if m in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            ts = p.get("ts") or p.get("_ts") or self._next_ts()
            return {
                "ok": True,
                "channel": p.get("channel"),
                "ts": ts,
                "message_ts": ts,
                "message": {"text": p.get("text"), "ts": ts},
            }
        if m == "chat.getPermalink":
            return {
                "ok": True,
                "permalink": f"https://testwijk.slack.com/archives/{p.get('channel')}/p{p.get('message_ts')}",
            }
        if m in ("views.open", "views.update", "views.push", "views.publish"):
            return {"ok": True, "view": {"id": "V1", **(_json(p.get("view")) or {})}}
        if m == "conversations.open":
            users = str(p.get("users", "U"))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0]}}
        if m == "users.info":
            uid = p.get("user", "U")
            return {
                "ok": True,
                "user": {
                    "id": uid,
                    "name": uid.lower(),
                    "real_name": f"Gebruiker {uid}",
                    "is_admin": False,
                    "team_id": self.team_id,
                    "tz": "Europe/Brussels",
                },
            }
        if m == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.base_url}/upload/F1", "file_id": "F1"}
        if m == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": p.get("files")}]}
        return {"ok": True}

    def _store(self, p: dict[str, Any]) -> None:
        """chat.postMessage took effect: the message is in its channel (its ts is answered too)."""
        p["_ts"] = self._next_ts()
        metadata = _json(p.get("metadata")) if p.get("metadata") else None
        with self._lock:
            self.stored.append(
                Message(
                    channel=_conversation(str(p.get("channel"))),
                    ts=p["_ts"],
                    text=p.get("text"),
                    blocks=_json(p.get("blocks")),
                    metadata=metadata,
                    thread_ts=p.get("thread_ts"),
                )
            )

    def _update(self, p: dict[str, Any]) -> None:
        with self._lock:
            for message in self.stored:
                if message.channel == _conversation(str(p.get("channel"))) and message.ts == p.get("ts"):
                    message.text = p.get("text")
                    message.blocks = _json(p.get("blocks"))

    def _read(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        """conversations.history (newest first) or conversations.replies (the parent, then its replies)."""
        channel = _conversation(str(p.get("channel")))
        with_metadata = str(p.get("include_all_metadata")).lower() in ("true", "1")
        with self._lock:
            here = [m for m in self.stored if m.channel == channel]
            if method == "conversations.history":
                found = [m for m in reversed(here) if not m.thread_ts]
            else:
                root = str(p.get("ts"))
                found = [m for m in here if m.ts == root or m.thread_ts == root]
            return {"ok": True, "messages": [m.as_slack(with_metadata) for m in found], "has_more": False}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = urlparse(self.path).path
                ctype = self.headers.get("Content-Type", "")
                params: dict[str, Any]
                if path.startswith("/upload/"):
                    params = {"_raw_bytes": len(raw), "_body": raw}  # raw bytes, though labelled as form data
                elif ctype.startswith("application/json"):
                    params = json.loads(raw or b"{}")
                elif ctype.startswith("application/x-www-form-urlencoded"):
                    params = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                else:
                    params = {"_raw_bytes": len(raw)}
                auth = self.headers.get("Authorization", "")
                token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else params.get("token")
                if path.startswith("/api/"):
                    method = path[len("/api/") :]
                elif path.startswith("/response_url/"):
                    method = "response_url"
                    params["_name"] = path.rsplit("/", 1)[-1]
                elif path.startswith("/upload/"):
                    method = "file_upload"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                status, body, headers, failure = fake._record(Call(method, params, token, dict(self.headers)))
                if failure is not None and failure.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if failure is not None and failure.delay:
                    time.sleep(failure.delay)
                data = json.dumps(body).encode() if method not in ("file_upload",) else b"OK"
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a timeout)
                    self.close_connection = True

            do_PUT = do_POST

        return Handler


def _conversation(channel: str) -> str:
    """A message to a user id goes to the bot's direct conversation with them."""
    return "D" + channel if channel[:1] in ("U", "W") else channel


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
