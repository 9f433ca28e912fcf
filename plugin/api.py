"""Read-only HSDS 3.0 API of one network's services, for other referral tools.

    GET /api/v1/services?search=&taxonomy_term_id=&page=&per_page=
    GET /api/v1/services/<hsds id>

The caller sends `Authorization: Bearer <token>` (made with `lerend-netwerk api-token create`);
a token belongs to one network and never sees another's services. Lists come in the HSDS API's
Page wrapper; errors are JSON `{"error": code, "message": Dutch sentence}`.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, Flask, Response, g, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from domain.offering_form import clean_text
from storage.api_tokens import verify_token
from storage.base import utcnow
from storage.db import Database
from storage.models import Network
from storage.search_index import SearchIndexCache
from storage.service_directory import hsds_services, listed_service, search_services, service_page

log = logging.getLogger(__name__)

API_ROOT = "/api"
PREFIX = "/api/v1"
PER_PAGE_DEFAULT = 20
PER_PAGE_MAX = 100
PAGE_MAX = 100_000  # far past any network's last page; keeps the offset a sane number
SEARCH_MAX = 500


class ApiError(Exception):
    """A refused request: its status, a stable code for programs, and a sentence for people."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def _json(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"  # per-network data behind a token: never in a shared cache
    response.headers.update(headers or {})
    return response


def _error(exc: ApiError) -> Response:
    headers = {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="lerend-netwerk"' + (
            ', error="invalid_token"' if exc.error == "invalid_token" else ""
        )
    return _json({"error": exc.error, "message": exc.message}, exc.status, headers)


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
    if value is None or not low <= value <= high:
        raise ApiError(
            400, "invalid_parameter", f"{name} moet een geheel getal tussen {low} en {high} zijn, niet “{raw[:20]}”."
        )
    return value


def page_body(contents: Sequence[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    """The HSDS API's Page wrapper; `size` is the number of services on this page."""
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": list(contents),
    }


def _blueprint(db: Database, cache: SearchIndexCache) -> Blueprint:
    api = Blueprint("hsds_api", __name__, url_prefix=PREFIX)

    @api.before_request
    def authenticate() -> None:
        auth = request.authorization
        token = auth.token if auth is not None and auth.type == "bearer" else None
        if not token:
            raise ApiError(401, "unauthorized", "Stuur een API-token mee: Authorization: Bearer <token>.")
        with db.transaction() as session:
            network_id = verify_token(session, token)
        if network_id is None:
            raise ApiError(401, "invalid_token", "Dit API-token is ongeldig of ingetrokken.")
        g.network_id = network_id

    @api.get("/services")
    def services() -> Response:
        page = _whole_number("page", 1, 1, PAGE_MAX)
        per_page = _whole_number("per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX)
        search = clean_text(request.args.get("search"))
        if len(search) > SEARCH_MAX:
            raise ApiError(400, "invalid_parameter", f"search mag hoogstens {SEARCH_MAX} tekens lang zijn.")
        category = request.args.get("taxonomy_term_id", "").strip() or None
        offset = (page - 1) * per_page
        with db.transaction() as session:
            network = session.get_one(Network, g.network_id)
            if search:
                found = search_services(session, cache, network, search, category=category, now=utcnow())
                chosen, total = found[offset : offset + per_page], len(found)
            else:
                chosen, total = service_page(session, network.id, category=category, offset=offset, limit=per_page)
            contents = hsds_services(session, network, chosen)
        return _json(page_body(contents, total, page, per_page))

    @api.get("/services/<service_id>")
    def service(service_id: str) -> Response:
        with db.transaction() as session:
            found = listed_service(session, session.get_one(Network, g.network_id), service_id)
        if found is None:
            raise ApiError(404, "not_found", "Geen dienst met deze id in dit netwerk.")
        return _json(found)

    @api.errorhandler(ApiError)
    def refused(exc: ApiError) -> Response:
        return _error(exc)

    @api.errorhandler(DBAPIError)
    def database_down(exc: DBAPIError) -> Response:
        log.error("API request failed: database unavailable", exc_info=exc)
        return _error(ApiError(503, "unavailable", "De gegevens zijn nu niet bereikbaar. Probeer het zo opnieuw."))

    return api


def http_error(exc: HTTPException) -> Response | HTTPException:
    """Flask's own 404 and 405 (an unknown path, a wrong method) under /api/: JSON in Dutch like the rest.

    Routing fails before the blueprint is chosen, so this handler sits on the app and leaves every
    other path (the Slack routes, /healthz) to Flask."""
    if request.path != API_ROOT and not request.path.startswith(API_ROOT + "/"):
        return exc
    if isinstance(exc, MethodNotAllowed):
        allowed = ", ".join(sorted(m for m in (exc.valid_methods or ("GET",)) if m not in ("HEAD", "OPTIONS")))
        refusal = ApiError(405, "method_not_allowed", f"Deze API kan alleen lezen: gebruik {allowed or 'GET'}.")
        response = _error(refusal)
        response.headers["Allow"] = ", ".join(exc.valid_methods or ("GET", "HEAD"))
        return response
    if exc.code == 404:
        return _error(
            ApiError(
                404,
                "not_found",
                f"Dit adres bestaat niet in de API. Gebruik {PREFIX}/services of {PREFIX}/services/<id>.",
            )
        )
    return _error(ApiError(exc.code or 500, "error", "Deze vraag kon de API niet beantwoorden."))


def init_api(app: Flask, db: Database) -> None:
    """The API has a search index cache of its own: the Slack app's lives inside its Bolt middleware."""
    app.register_blueprint(_blueprint(db, SearchIndexCache()))
