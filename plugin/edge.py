"""The HTTP edge of POST /slack/events: nothing is parsed, logged or dispatched before Slack's signature holds.

Order: size (413, before the body is read), timestamp header (numeric, within five minutes) and
signature (HMAC-SHA256 over `v0:<timestamp>:<body>`, compared in constant time) -> 401; then
the body is parsed once, into Bolt's request (Bolt reads it, nothing runs), and must be an object of
Slack's shape -> 400; only then does Bolt dispatch it (and verifies again).
A refused request is logged in one line without its body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable

from slack_bolt import BoltRequest
from werkzeug.wrappers import Request

from plugin.payload_shape import Malformed, check_shape

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # Slack's largest payloads (a view with 100 blocks) are a few tens of KB
TIMESTAMP_WINDOW_SECONDS = 5 * 60
_MAX_HEADER = 200


class Refused(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(error)
        self.status, self.error, self.message = status, error, message

    def body(self) -> bytes:
        return json.dumps({"error": self.error, "message": self.message}, ensure_ascii=False).encode()


UNSIGNED = Refused(401, "invalid_request", "Dit verzoek is niet door Slack ondertekend of is te oud.")
TOO_LARGE = Refused(413, "too_large", "Dit verzoek is te groot.")
MALFORMED = Refused(400, "malformed", "Dit verzoek heeft niet de vorm van een Slack-verzoek.")


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return "v0=" + digest


def verified_body(request: Request, secret: str, now: Callable[[], float] = time.time) -> bytes:
    """The raw body of a request Slack signed within the time window, or `Refused`."""
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise TOO_LARGE
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise UNSIGNED
    if abs(now() - int(timestamp)) > TIMESTAMP_WINDOW_SECONDS:
        raise UNSIGNED
    if not signature.isascii() or len(signature) > _MAX_HEADER:
        raise UNSIGNED
    raw = _read_at_most(request, MAX_BODY_BYTES)
    expected = signature_of(secret, timestamp, raw)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise UNSIGNED
    return raw


def _read_at_most(request: Request, limit: int) -> bytes:
    """Read the body without ever holding more than `limit` + 1 bytes (chunked bodies have no length)."""
    data = bytearray()
    while len(data) <= limit:
        chunk = request.stream.read(min(64 * 1024, limit + 1 - len(data)))  # a read may return less: loop
        if not chunk:
            return bytes(data)
        data += chunk
    raise TOO_LARGE


def checked_request(raw: bytes, build: Callable[[str], BoltRequest]) -> BoltRequest:
    """Bolt's request for the verified body (`build` parses it, once), after the body proved to be an object
    of Slack's shape; else `MALFORMED`. Nothing reads the body before its signature held (`verified_body`)."""
    try:
        bolt_request = build(raw.decode("utf-8"))
        if not isinstance(bolt_request.body, dict):
            raise Malformed("not an object")
        check_shape(bolt_request.body)
    except (UnicodeDecodeError, Malformed) as exc:
        log.warning("signed request refused: %s", exc if isinstance(exc, Malformed) else "not UTF-8")
        raise MALFORMED from exc
    except RecursionError as exc:
        log.warning("signed request refused: nested too deeply")
        raise MALFORMED from exc
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as exc:  # not JSON or a form, or a shape
        # Bolt's reading or the check did not foresee
        log.warning("signed request refused: its shape could not be checked (%s)", type(exc).__name__)
        raise MALFORMED from exc
    return bolt_request


def log_refused(refused: Refused, path: str) -> None:
    """One line without the body; a malformed body was logged where it was found (`checked_request`)."""
    if refused.status != 400:
        log.warning("request to %s refused: %s (%d)", path, refused.error, refused.status)
