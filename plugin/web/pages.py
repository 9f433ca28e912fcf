"""The public social map: search page, offer page with *Meld een fout*, and the referral slip.

`/kaart/<slug>` answers only while the network's page is on; it shows active offerings of the
network's search scope (a city-wide network: its linked neighbourhoods too), and nothing else.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import segno
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from domain.counts_nl import count_nl
from domain.labels_nl import LANGUAGE_LABELS
from domain.offering_form import clean_text
from domain.privacy import personal_data_found
from domain.public_map import CITY_WIDE, DAY_NAMES, PARTS_OF_DAY, Controls
from plugin.web.guard import FormSigner, RateLimiter, add_security_headers
from plugin.web.present import offer_view
from plugin.web.search import PublicSearchCache, search_public
from plugin.web.slack_out import queue_error_report, send_error_report
from storage import catalog, public_map
from storage.base import utcnow
from storage.models import Network
from storage.search_index import search_scope

QUERY_MAX = 500
REPORT_MAX = 500
REPORTS_PER_OFFERING_PER_DAY = 10
PAGE_SIZE = 20
SLIP_MAX = 3
SEARCH_ARGS = ("q", "categorie", "dag", "dagdeel", "nu", "taal", "wijk", "gratis", "binnenlopen")

pages = Blueprint("kaart", __name__, url_prefix="/kaart", template_folder="templates", static_folder="static")


@pages.after_request
def _headers(response: Response) -> Response:
    return add_security_headers(response, private=request.method != "GET")


def _ext(name: str) -> Any:
    return current_app.extensions[f"lerend_netwerk.{name}"]


def _client_key() -> str:
    return request.remote_addr or "?"


def _limited(limiter_name: str) -> Response | None:
    limiter: RateLimiter = _ext(limiter_name)
    if limiter.allow(_client_key()):
        return None
    body = render_template("message.html", title="Even geduld", message=(
        "Er kwamen vanaf dit adres veel vragen na elkaar. Probeer het over een minuut opnieuw."
    ))  # fmt: skip
    return Response(body, status=429, headers={"Retry-After": "60"})


def _network(session: Session, slug: str) -> Network:
    network = public_map.network_by_slug(session, slug)
    if network is None:
        abort(404)
    return network


def _controls(args: Any, categories: dict[str, str], areas: list[str]) -> Controls:
    def pick(name: str, allowed: Any) -> str | None:
        value = (args.get(name) or "").strip()
        return value if value in allowed else None

    day = pick("dag", [str(i) for i in range(7)])
    return Controls(
        category=pick("categorie", categories),
        weekday=int(day) if day is not None else None,
        part_of_day=pick("dagdeel", PARTS_OF_DAY),
        open_now=args.get("nu") == "1",
        language=pick("taal", LANGUAGE_LABELS),
        area=pick("wijk", [*areas, CITY_WIDE]),
        free=args.get("gratis") == "1",
        walk_in=args.get("binnenlopen") == "1",
    )


def _scope_facts(session: Session, network: Network) -> tuple[list[Network], dict[str, str], list[str], list[str]]:
    """The scope, its category labels, the neighbourhoods with offerings and the languages offered."""
    scope = search_scope(session, network.id)
    cache: PublicSearchCache = _ext("web_search")
    facets = cache.facets(scope, cache.snapshot(session, scope))
    labels: dict[str, str] = {}
    for member in scope:
        labels.update(catalog.category_labels(session, member.id))
    labels = {slug: label for slug, label in labels.items() if slug in facets.categories}
    known = (c for c in facets.languages if c in LANGUAGE_LABELS)
    languages = sorted(known, key=lambda c: (c != "nl", LANGUAGE_LABELS[c]))
    return scope, labels, list(facets.areas), languages


@pages.get("/<slug>")
def search_page(slug: str) -> Any:
    limited = _limited("web_search_limiter")
    if limited is not None:
        return limited
    query = clean_text(request.args.get("q"))[:QUERY_MAX]
    try:
        page = max(1, int(request.args.get("pagina") or 1))
    except ValueError:
        page = 1
    now = utcnow()
    db = _ext("db")
    with db.transaction() as session:
        network = _network(session, slug)
        scope, labels, areas, languages = _scope_facts(session, network)
        controls = _controls(request.args, labels, areas)
        answer = search_public(session, _ext("web_search"), scope, network.neighbourhood, query, controls, now, labels)
        total = len(answer.results)
        pages_count = max(1, -(-total // PAGE_SIZE))
        page = min(page, pages_count)
        shown = answer.results[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        views = [offer_view(r.offering, now, labels, r.network_name, upcoming=0) for r in shown]
        alternatives = [offer_view(r.offering, now, labels, r.network_name, upcoming=0) for r in answer.alternatives]
        args = {k: v for k, v in request.args.items() if k in SEARCH_ARGS}
        return render_template(
            "search.html",
            network=network,
            slug=slug,
            query=query,
            answer=answer,
            results=views,
            alternatives=alternatives,
            total=total,
            total_text=count_nl(total, "aanbieding"),
            page=page,
            pages_count=pages_count,
            page_args=args,
            controls=controls,
            categories=labels,
            areas=areas,
            languages=[(c, LANGUAGE_LABELS[c]) for c in languages],
            days=list(enumerate(DAY_NAMES)),
            parts=list(PARTS_OF_DAY),
            city_wide_value=CITY_WIDE,
            city_page=len(scope) > 1,
        )


def _offering(session: Session, network: Network, offering_id: int) -> Any:
    """An active offering of the page's scope, from the search snapshot; 404 otherwise."""
    scope = search_scope(session, network.id)
    snapshot = _ext("web_search").snapshot(session, scope)
    offering = snapshot.offerings.get(str(offering_id))
    if offering is None:
        abort(404)
    names = {n.id: n.name for n in scope}
    return offering, (names.get(offering.network_id) if len(scope) > 1 else None), scope


def _render_offer(slug: str, offering_id: int, *, message: str = "", error: str = "", status: int = 200) -> Any:
    now = utcnow()
    with _ext("db").transaction() as session:
        network = _network(session, slug)
        offering, network_name, scope = _offering(session, network, offering_id)
        labels: dict[str, str] = {}
        for member in scope:
            labels.update(catalog.category_labels(session, member.id))
        signer: FormSigner = _ext("web_signer")
        body = render_template(
            "offer.html",
            network=network,
            slug=slug,
            offer=offer_view(offering, now, labels, network_name),
            token=signer.issue("fout", f"{network.id}:{offering.id}"),
            message=message,
            error=error,
            report_max=REPORT_MAX,
        )
    return Response(body, status=status)


@pages.get("/<slug>/aanbod/<int:offering_id>")
def offer_page(slug: str, offering_id: int) -> Any:
    return _render_offer(slug, offering_id)


@pages.post("/<slug>/aanbod/<int:offering_id>/fout")
def report_error(slug: str, offering_id: int) -> Any:
    message = clean_text(request.form.get("melding"))
    limiter: RateLimiter = _ext("web_report_limiter")
    if not limiter.allow(_client_key()):
        return _render_offer(slug, offering_id, message=message, status=429, error=(
            "Er kwamen vanaf dit adres veel meldingen na elkaar. Je tekst staat er nog: verstuur over enkele minuten."
        ))  # fmt: skip
    if not message:
        return _render_offer(slug, offering_id, error="Schrijf kort wat er niet klopt.", status=400)
    if len(message) > REPORT_MAX:
        return _render_offer(
            slug, offering_id, message=message, error=f"Maximaal {REPORT_MAX} tekens (nu {len(message)}).", status=400
        )
    found = personal_data_found(message)
    if found:
        return _render_offer(
            slug, offering_id, message=message, status=400,
            error=f"Dit lijkt {found}. Laat persoonsgegevens weg: schrijf enkel wat er niet klopt aan het aanbod.",
        )  # fmt: skip
    db = _ext("db")
    report_id: int | None = None
    with db.transaction() as session:
        network = _network(session, slug)
        offering, _name, _scope = _offering(session, network, offering_id)
        signer: FormSigner = _ext("web_signer")
        nonce = signer.verify("fout", f"{network.id}:{offering.id}", request.form.get("token") or "")
        network_id = network.id
        if nonce is None:
            expired = True
        else:
            expired = False
            since = utcnow() - timedelta(days=1)
            if public_map.recent_reports(session, offering.id, since) >= REPORTS_PER_OFFERING_PER_DAY:
                return _render_offer(slug, offering_id, message=message, status=429, error=(
                    "Over dit aanbod kwamen vandaag al veel meldingen binnen. Probeer het morgen opnieuw."
                ))  # fmt: skip
            fresh = public_map.use_form_token(session, nonce)
            report_id = (
                public_map.record_error_report(session, offering.network_id, offering.id, message).id if fresh else None
            )
            report_dms = queue_error_report(session, report_id) if report_id is not None else []
            team_id = network.team_id
    if expired:
        return _render_offer(
            slug, offering_id, message=message, status=400,
            error="Dit formulier is verlopen. Je tekst staat er nog: verstuur opnieuw.",
        )  # fmt: skip
    if report_id is not None:
        settings, lazy = _ext("settings"), _ext("lazy_work")
        lazy.submit(send_error_report, settings, db, team_id, report_dms)
    # the thanks page says a report was received: only with proof that one was (a signed ticket)
    ticket = signer.issue("bedankt", f"{network_id}:{offering_id}")
    return redirect(url_for("kaart.report_thanks", slug=slug, offering_id=offering_id, t=ticket), code=303)


@pages.get("/<slug>/aanbod/<int:offering_id>/bedankt")
def report_thanks(slug: str, offering_id: int) -> Any:
    with _ext("db").transaction() as session:
        network = _network(session, slug)
        offering, _name, _scope = _offering(session, network, offering_id)
        signer: FormSigner = _ext("web_signer")
        if signer.verify("bedankt", f"{network.id}:{offering.id}", request.args.get("t") or "") is None:
            return redirect(url_for("kaart.offer_page", slug=slug, offering_id=offering_id), code=303)
        return render_template(
            "message.html",
            title="Bedankt voor je melding",
            message=f"De organisatie en de trekker van het netwerk krijgen je melding over “{offering.name}”.",
            back_url=url_for("kaart.offer_page", slug=slug, offering_id=offering_id),
            back_label="Terug naar het aanbod",
        )


@pages.get("/<slug>/briefje")
def slip(slug: str) -> Any:
    chosen: list[int] = []
    for value in request.args.getlist("o"):
        if value.isdigit() and int(value) not in chosen:
            chosen.append(int(value))
    now = utcnow()
    settings = _ext("settings")
    with _ext("db").transaction() as session:
        network = _network(session, slug)
        back = url_for("kaart.search_page", slug=slug)
        if not chosen or len(chosen) > SLIP_MAX:
            return Response(render_template(
                "message.html", title="Briefje voor de cliënt",
                message="Kies één tot drie aanbiedingen voor het briefje (vink ze aan bij de resultaten).",
                back_url=back, back_label="Terug naar de zoekpagina",
            ), status=400)  # fmt: skip
        scope = search_scope(session, network.id)
        snapshot = _ext("web_search").snapshot(session, scope)
        missing = [i for i in chosen if str(i) not in snapshot.offerings]
        if missing:
            return Response(render_template(
                "message.html", title="Briefje voor de cliënt",
                message="Een van de gekozen aanbiedingen is niet (meer) beschikbaar. Zoek opnieuw en kies opnieuw.",
                back_url=back, back_label="Terug naar de zoekpagina",
            ), status=404)  # fmt: skip
        items = []
        for offering_id in chosen:
            offering = snapshot.offerings[str(offering_id)]
            view = offer_view(offering, now, {}, None, upcoming=1)
            url = f"{settings.public_url}/kaart/{slug}/aanbod/{offering_id}"
            qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
            items.append((view, url, qr))
        return render_template("slip.html", network=network, slug=slug, items=items, back_url=back)
