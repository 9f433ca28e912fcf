"""Safety of the public pages: security headers, a small in-process rate limiter, signed form tokens.

No cookies: a form carries a token signed with a key derived from the app's signing secret (it
names the form, what it is about, when it was made and a one-time nonce), so another site cannot
post it for someone, and the nonce makes a double submit count once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from flask import Response

FORM_TOKEN_MAX_AGE = 4 * 3600

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def add_security_headers(response: Response, *, private: bool = False) -> Response:
    """The pages' own headers; they replace any global default, which must not be looser for these pages."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    response.headers.pop("Set-Cookie", None)
    if private:
        response.headers["Cache-Control"] = "no-store"
    return response


class RateLimiter:
    """At most `limit` requests per `window` seconds per key (a client address), in this process.

    Each app instance counts on its own: with N instances a client gets at most N times the limit.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > 10_000:  # forget idle clients
                for stale in [k for k, q in self._hits.items() if not q or q[-1] < now - self.window]:
                    del self._hits[stale]
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True


@dataclass(frozen=True)
class FormSigner:
    key: bytes

    @classmethod
    def from_secret(cls, secret: str) -> FormSigner:
        return cls(hmac.new(secret.encode(), b"lerend-netwerk web forms", hashlib.sha256).digest())

    def _mac(self, form: str, subject: str, issued: int, nonce: str) -> str:
        message = f"{form}|{subject}|{issued}|{nonce}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()[:32]

    def issue(self, form: str, subject: str, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now)
        nonce = secrets.token_urlsafe(12)
        return f"{issued}.{nonce}.{self._mac(form, subject, issued, nonce)}"

    def verify(self, form: str, subject: str, token: str, now: float | None = None) -> str | None:
        """The token's nonce when it is genuine, for this form and subject, and not too old; else None."""
        try:
            issued_text, nonce, mac = token.split(".")
            issued = int(issued_text)
        except (ValueError, AttributeError):
            return None
        current = time.time() if now is None else now
        if not 0 <= current - issued <= FORM_TOKEN_MAX_AGE:
            return None
        if not hmac.compare_digest(mac, self._mac(form, subject, issued, nonce)):
            return None
        return nonce
