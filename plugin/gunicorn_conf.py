"""gunicorn's own settings for `lerend-netwerk serve` (`--config python:plugin.gunicorn_conf`): its error pages
in Dutch.

gunicorn answers a request it cannot read itself, before the app sees it (a request line over 4,094
bytes, headers too large, a malformed line or header): with a page in English that repeats a piece of
the request. Each worker swaps gunicorn's writer of that page for one in Dutch that repeats nothing, with
the app's security headers (`post_worker_init`, a gunicorn server hook). What gunicorn logs about the
request stays as it was.
"""

from __future__ import annotations

from html import escape
from typing import Any

from gunicorn import util  # type: ignore[import-untyped]  # gunicorn ships no types

from plugin.protection import security_headers

_PAGES = {
    400: "Dit verzoek kon niet gelezen worden.",
    403: "Dit verzoek is niet toegestaan.",
    414: "Dit adres is te lang.",
    417: "Deze verwachting kan de server niet inlossen.",
    431: "De kopregels van dit verzoek zijn te groot.",
    500: "Er ging iets mis. Probeer het later opnieuw.",
    501: "Deze manier van verzenden kent de server niet.",
}
_OTHER = "Dit verzoek kon niet verwerkt worden."


def dutch_error_page(status: int) -> bytes:
    text = escape(_PAGES.get(status, _OTHER))
    return (
        f'<!doctype html>\n<html lang="nl">\n<meta charset="utf-8">\n<title>{text}</title>\n<p>{text}</p>\n'
    ).encode()


def write_dutch_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error's signature; `mesg` (gunicorn's English, with a piece of the request) is left out."""
    page = dutch_error_page(status_int)
    headers = [
        ("Connection", "close"),
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(page))),
        *security_headers(False),
    ]
    head = f"HTTP/1.1 {status_int} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    util.write_nonblock(sock, head.encode("latin-1") + page)


def post_worker_init(worker: Any) -> None:
    util.write_error = write_dutch_error
