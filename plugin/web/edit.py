"""Partners keep their offer without Slack: `/bewerk/<token>`, a personal link for one organisation.

The coordinator makes the link from `/netwerk partners` (commands/netwerk/publiek.py); it expires and
can be revoked. It opens the organisation's offerings and the same form as `/aanbod`: the same
validation (domain.offering_form), the same storage, the freshness date set on saving, and a new
offering announced in the network's channel.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from domain.dates_nl import BRUSSELS
from domain.labels_nl import ACCESS_LABELS, LANGUAGE_LABELS, LOCATION_KIND_LABELS, TARGET_GROUP_LABELS
from domain.offering_form import offering_fields, validate_offering_form
from domain.offering_practical import openings_of
from domain.schedule import describe_openings_nl
from plugin.offering_announcement import want_announcement
from plugin.web.guard import FormSigner, RateLimiter, add_security_headers
from plugin.web.slack_out import announce_web_offering
from storage import catalog, public_map
from storage.base import utcnow
from storage.models import Network, Offering
from storage.public_map import EditAccess

editing = Blueprint("bewerk", __name__, url_prefix="/bewerk", template_folder="templates")
FIELDS = (
    "name", "description", "categories", "target_groups", "languages", "hours", "location_kind", "address", "area",
    "fees", "access", "contact",
)  # fmt: skip
MULTI = ("categories", "target_groups", "languages")


@editing.after_request
def _headers(response: Response) -> Response:
    return add_security_headers(response, private=True)


def _ext(name: str) -> Any:
    return current_app.extensions[f"lerend_netwerk.{name}"]


def _refused(reason: str) -> Response:
    body = render_template(
        "message.html",
        title="Deze link werkt niet",
        message=f"{reason} Vraag de trekker van het lerend netwerk om een nieuwe link.",
    )
    return Response(body, status=403)


def _access(session: Session, token: str) -> EditAccess | Response:
    access = public_map.edit_access(session, token, utcnow())
    return _refused(access) if isinstance(access, str) else access


def _form_values(offering: Offering | None) -> dict[str, Any]:
    if offering is None:
        return {"languages": ["nl"], "location_kind": "address", "area": "wijk", "access": None}
    hours = describe_openings_nl(list(openings_of(offering))) if offering.openings else ""
    if offering.by_appointment and not offering.openings:
        hours = "op afspraak"
    return {
        "name": offering.name,
        "description": offering.description,
        "categories": list(offering.categories or ()),
        "target_groups": list(offering.target_groups or ()),
        "languages": list(offering.languages or ()),
        "hours": hours,
        "location_kind": offering.location_kind,
        "address": offering.address or "",
        "area": "city" if offering.area is None else "wijk",
        "fees": offering.fees or "",
        "access": offering.access,
        "contact": ", ".join(x for x in (offering.contact_email, offering.contact_phone) if x),
    }


def _render_form(
    session: Session, access: EditAccess, token: str, offering: Offering | None, values: dict[str, Any],
    errors: dict[str, str], status: int = 200,
) -> Response:  # fmt: skip
    network = session.get_one(Network, access.network_id)
    org = public_map.organisation_in(session, access.network_id, access.organisation_id)
    signer: FormSigner = _ext("web_signer")
    subject = f"{access.link_id}:{offering.id if offering else 'nieuw'}"
    body = render_template(
        "edit_form.html",
        network=network,
        organisation=org,
        token=token,
        offering=offering,
        values=values,
        errors=errors,
        form_token=signer.issue("bewerk", subject),
        categories=catalog.category_labels(session, access.network_id),
        target_groups=TARGET_GROUP_LABELS,
        languages=LANGUAGE_LABELS,
        location_kinds=LOCATION_KIND_LABELS,
        access_labels=ACCESS_LABELS,
    )
    return Response(body, status=status)


@editing.get("/<token>")
def overview(token: str) -> Any:
    with _ext("db").transaction() as session:
        access = _access(session, token)
        if isinstance(access, Response):
            return access
        network = session.get_one(Network, access.network_id)
        org = public_map.organisation_in(session, access.network_id, access.organisation_id)
        if org is None:
            return _refused("Deze organisatie bestaat niet meer in het netwerk.")
        offerings = catalog.offerings(session, access.network_id, organisation_id=org.id)
        signer: FormSigner = _ext("web_signer")
        confirm_tokens = {o.id: signer.issue("actueel", f"{access.link_id}:{o.id}") for o in offerings}
        return render_template(
            "edit_overview.html", network=network, organisation=org, offerings=offerings, token=token,
            expires=access.expires_at, saved=request.args.get("bewaard"), confirmed=request.args.get("bevestigd"),
            confirm_tokens=confirm_tokens,
            confirmed_on={o.id: o.last_confirmed_at.astimezone(BRUSSELS).strftime("%d/%m/%Y") for o in offerings},
        )  # fmt: skip


@editing.post("/<token>/aanbod/<int:offering_id>/actueel")
def still_current(token: str, offering_id: int) -> Any:
    """*Nog actueel*: the offering is confirmed as it is (its freshness date moves), as in `/aanbod mijn`."""
    with _ext("db").transaction() as session:
        access = _access(session, token)
        if isinstance(access, Response):
            return access
        offering = _owned(session, access, offering_id)
        signer: FormSigner = _ext("web_signer")
        if signer.verify("actueel", f"{access.link_id}:{offering.id}", request.form.get("form_token") or "") is None:
            return redirect(url_for("bewerk.overview", token=token), code=303)  # an old page: show it fresh
        catalog.confirm_offering(session, offering)
        public_map.touch_edit_link(session, access.link_id)
    return redirect(url_for("bewerk.overview", token=token, bevestigd="1"), code=303)


def _owned(session: Session, access: EditAccess, offering_id: int) -> Offering:
    offering = catalog.get_offering(session, access.network_id, offering_id)
    if offering is None or offering.organisation_id != access.organisation_id:
        abort(404)  # another organisation's offering: this link does not open it
    return offering


@editing.get("/<token>/nieuw")
@editing.get("/<token>/aanbod/<int:offering_id>")
def form(token: str, offering_id: int | None = None) -> Any:
    with _ext("db").transaction() as session:
        access = _access(session, token)
        if isinstance(access, Response):
            return access
        offering = _owned(session, access, offering_id) if offering_id is not None else None
        return _render_form(session, access, token, offering, _form_values(offering), {})


@editing.post("/<token>/nieuw")
@editing.post("/<token>/aanbod/<int:offering_id>")
def save(token: str, offering_id: int | None = None) -> Any:
    form_data = request.form
    raw: dict[str, Any] = {k: (form_data.getlist(k) if k in MULTI else form_data.get(k, "")) for k in FIELDS}
    db = _ext("db")
    new_id: int | None = None
    outbox_id: int | None = None
    limiter: RateLimiter = _ext("web_edit_limiter")
    with db.transaction() as session:
        access = _access(session, token)
        if isinstance(access, Response):
            return access
        offering = _owned(session, access, offering_id) if offering_id is not None else None
        if not limiter.allow(request.remote_addr or "?"):
            errors = {"form": "Veel pogingen na elkaar. Je gegevens staan er nog: bewaar over een minuut opnieuw."}
            return _render_form(session, access, token, offering, raw, errors, 429)
        subject = f"{access.link_id}:{offering.id if offering else 'nieuw'}"
        signer: FormSigner = _ext("web_signer")
        nonce = signer.verify("bewerk", subject, request.form.get("form_token") or "")
        if nonce is None:
            errors = {"form": "Dit formulier is verlopen. Je gegevens staan er nog: bewaar opnieuw."}
            return _render_form(session, access, token, offering, raw, errors, 400)
        labels = catalog.category_labels(session, access.network_id)
        draft, errors = validate_offering_form(raw, known_categories=set(labels))
        if errors or draft is None:
            return _render_form(session, access, token, offering, raw, errors, 400)
        if not public_map.use_form_token(session, nonce):  # the same form sent twice: done once
            return redirect(url_for("bewerk.overview", token=token, bewaard="1"), code=303)
        network = session.get_one(Network, access.network_id)
        fields = offering_fields(draft)
        fields["area"] = None if draft.area_city_wide else (network.neighbourhood or network.name)
        if offering is not None:
            catalog.update_offering(session, offering, **fields, last_confirmed_at=utcnow())
        else:
            org = public_map.organisation_in(session, access.network_id, access.organisation_id)
            if org is None:
                return _refused("Deze organisatie bestaat niet meer in het netwerk.")
            new_id = catalog.add_offering(session, access.network_id, org, hsds_id="", **fields).id
            announce_in = network.announce_channel_id or network.coordinator_user_id
            if announce_in:  # stored with the offering: announced even if Slack fails now
                outbox_id = want_announcement(
                    session, network.id, new_id, org_name=org.name, name=draft.name,
                    channel_id=announce_in, tell_user_id=network.coordinator_user_id,
                )  # fmt: skip
        public_map.touch_edit_link(session, access.link_id)
        team_id = network.team_id
    if outbox_id is not None:
        _ext("lazy_work").submit(announce_web_offering, _ext("settings"), db, team_id, outbox_id)
    return redirect(url_for("bewerk.overview", token=token, bewaard="1"), code=303)
