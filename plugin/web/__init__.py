"""The social map on the web: the public pages of a network (`/kaart/<slug>`) and the edit links
for organisations without Slack (`/bewerk/<token>`). Server-rendered, no cookies, no JavaScript."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from plugin.config import Settings
from plugin.web.guard import FormSigner, RateLimiter, add_security_headers

SEARCHES_PER_MINUTE = 60
REPORTS_PER_TEN_MINUTES = 5
EDITS_PER_MINUTE = 30


def init_web(app: Flask, settings: Settings) -> None:
    from plugin.web.edit import editing
    from plugin.web.pages import pages
    from plugin.web.search import PublicSearchCache

    app.extensions["lerend_netwerk.web_search"] = PublicSearchCache()
    app.extensions["lerend_netwerk.web_signer"] = FormSigner.from_secret(settings.signing_secret or "")
    app.extensions["lerend_netwerk.web_search_limiter"] = RateLimiter(SEARCHES_PER_MINUTE, 60)
    app.extensions["lerend_netwerk.web_report_limiter"] = RateLimiter(REPORTS_PER_TEN_MINUTES, 600)
    app.extensions["lerend_netwerk.web_edit_limiter"] = RateLimiter(EDITS_PER_MINUTE, 60)

    app.register_blueprint(pages)
    app.register_blueprint(editing)


def http_error(error: HTTPException) -> HTTPException | Response:
    """Under /kaart and /bewerk a missing page or wrong method answers in Dutch, with these pages' headers;
    any other path gets the error back unchanged (plugin.app chains the areas' handlers)."""
    if not request.path.startswith(("/kaart/", "/bewerk/")):
        return error
    title, message = ERRORS.get(error.code or 0, ERRORS[404])
    body = render_template("message.html", title=title, message=message)
    return add_security_headers(Response(body, status=error.code or 404), private=True)


ERRORS = {
    404: (
        "Pagina niet gevonden",
        "Deze pagina bestaat niet (meer). Een sociale kaart kan uitgezet zijn of een nieuw adres gekregen hebben: "
        "vraag het juiste adres aan de trekker van het lerend netwerk.",
    ),
    405: ("Dat kan hier niet", "Deze pagina kan je alleen openen via een link of formulier op de sociale kaart."),
}
