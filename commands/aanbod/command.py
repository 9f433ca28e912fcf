"""`/aanbod`: register an offering (modal), `/aanbod lijst`, `/aanbod mijn` with Bewerk/Pauzeer/Nog actueel.

parse → validate (domain.offering_form) → store (storage.catalog) → render (plugin.views.offerings).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.dates_nl import BRUSSELS
from domain.ids import parse_id
from domain.offering_form import clean_text, offering_fields, validate_offering_form
from domain.practical_form import PRACTICAL_FIELDS, practical_offering_fields, validate_practical_form
from plugin.delivery import deliver
from plugin.forms import FormRejected, handle_form
from plugin.home import HomeRequest
from plugin.meeting_delivery import slack_problem
from plugin.notify import tell
from plugin.offering_announcement import want_announcement
from plugin.organisation_access import ask_approvers, remember_request
from plugin.request_scope import network, sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.home import offerings_section
from plugin.views.kit import Block, escape, section
from plugin.views.offerings import (
    NEW_ORGANISATION,
    my_offerings_message,
    network_offerings_message,
    offering_modal,
)
from storage import catalog
from storage.activities import link_offering
from storage.base import utcnow
from storage.join_requests import Joined, join_organisation
from storage.models import Network, Offering, Organisation
from storage.networks import NetworkRef

HELP = (
    "`/aanbod` registreert een aanbod van je organisatie · `/aanbod lijst` toont het aanbod van het netwerk · "
    "`/aanbod mijn` toont en beheert het aanbod van je organisatie."
)
NO_PLACES = "*{name}* heeft geen aantal plaatsen meer."
NOT_ALLOWED = "Alleen de leden van de organisatie en de trekker kunnen dit aanbod aanpassen."
ANNOUNCE_LATER = (
    "De aankondiging in het kanaal lukte nog niet: {problem}. Ze staat klaar en ik probeer het zelf opnieuw; "
    "lukt het definitief niet, dan laat ik het je weten."
)


def open_offering_modal(
    client: WebClient,
    trigger_id: str,
    context: BoltContext,
    *,
    offering_id: int | None = None,
    channel_id: str | None = None,
) -> str | None:
    """Open the register/edit modal; returns a Dutch refusal instead when the user may not edit."""
    net = network(context)
    user_id = context.user_id or ""
    with transaction(context) as session:
        offering = catalog.get_offering(session, net.id, offering_id) if offering_id else None
        if offering_id and offering is None:
            return "Dit aanbod bestaat niet meer."
        if offering is not None and not catalog.may_change_offering(
            session, net.id, net.coordinator_user_id, user_id, offering
        ):
            return NOT_ALLOWED
        own = catalog.organisation_of_member(session, net.id, user_id)
        view = offering_modal(
            organisations=catalog.organisations(session, net.id),
            categories=catalog.category_labels(session, net.id),
            channel_id=channel_id,
            offering=offering,
            own_organisation_id=own.id if own else None,
            today=utcnow().astimezone(BRUSSELS).date(),
        )
    client.views_open(trigger_id=trigger_id, view=sealed(context, view))
    return None


class NeedsApproval(FormRejected):
    """The chosen organisation has members: the person asks them first (after this form's rollback)."""

    def __init__(self, field: str, organisation_id: int) -> None:
        super().__init__({field: ""})
        self.field = field
        self.organisation_id = organisation_id


def _ask_to_join(context: BoltContext, rejected: NeedsApproval, channel_id: str | None) -> dict[str, str]:
    """Open (or find) the request to speak for the organisation; the form shows what happens next."""
    net = network(context)
    with transaction(context) as session:
        organisation = catalog.get_organisation(session, net.id, rejected.organisation_id)
        if organisation is None:
            return {rejected.field: "Deze organisatie bestaat niet meer; kies een andere."}
        joined = join_organisation(
            session, session.get_one(Network, net.id), organisation, context.user_id or "", channel_id=channel_id
        )
        name = organisation.name
    if joined.result is Joined.ASKED:
        remember_request(context, joined, name, net.name, channel_id)
    if joined.result in (Joined.ASKED, Joined.PENDING):
        return {
            rejected.field: "Deze organisatie heeft al leden: ik vroeg hen en de trekker of jij ervoor mag spreken. "
            "Je krijgt een bericht zodra iemand antwoordt; bewaar dan opnieuw."
        }
    return {rejected.field: "Je spreekt nu voor deze organisatie: bewaar opnieuw."}


def _chosen_organisation(
    session: Session, net: NetworkRef, user_id: str, values: dict[str, Any]
) -> tuple[Organisation | None, dict[str, str]]:
    new_name = clean_text(value_of(values, "new_organisation"))
    chosen = value_of(values, "organisation")
    if new_name:
        if len(new_name) > 200:
            return None, {"new_organisation": "Maximaal 200 tekens."}
        organisation = catalog.get_or_create_organisation(session, net.id, new_name)
    elif chosen and chosen != NEW_ORGANISATION:
        found = catalog.get_organisation(session, net.id, parse_id(chosen) or 0)
        if found is None:
            return None, {"organisation": "Deze organisatie bestaat niet meer; kies een andere."}
        organisation = found
    else:
        return None, {"new_organisation": "Geef de naam van de nieuwe organisatie."}
    own = catalog.organisation_of_member(session, net.id, user_id)
    if own is None:  # members link themselves by registering: the first one at once, others once allowed
        members = catalog.organisation_member_ids(session, net.id, organisation.id)
        if members and not net.is_coordinator(user_id):
            raise NeedsApproval("new_organisation" if new_name else "organisation", organisation.id)
        catalog.link_member(session, net, user_id, organisation)
    elif own.id != organisation.id and not net.is_coordinator(user_id):
        return None, {"organisation": f"Je spreekt voor {own.name}; alleen de trekker registreert aanbod voor anderen."}
    return organisation, {}


def owned_offering(context: BoltContext, session: Session, value: str) -> Offering | str:
    """The offering a button or form names, when this person may change it; else the Dutch refusal."""
    net = network(context)
    offering = catalog.get_offering(session, net.id, parse_id(value) or 0)
    if offering is None:
        return "Dit aanbod bestaat niet meer."
    if not catalog.may_change_offering(session, net.id, net.coordinator_user_id, context.user_id or "", offering):
        return NOT_ALLOWED
    return offering


def home_section(request: HomeRequest) -> list[Block]:
    """The Home tab: the offerings of the person's organisation with *Nog actueel*, or how to get started."""
    own = request.organisation
    listing = catalog.offerings(request.session, request.network.id, organisation_id=own.id) if own else []
    return offerings_section(own, listing, request.now)


def register(app: App) -> None:
    @app.command("/aanbod")
    def aanbod(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        text = clean_text(command.get("text")).lower()
        net = network(context)
        if text in ("", "nieuw", "registreer"):
            ack()
            refusal = open_offering_modal(client, command["trigger_id"], context, channel_id=command.get("channel_id"))
            if refusal:
                tell(client, user_id=context.user_id or "", channel_id=command.get("channel_id"), text=refusal)
            return
        now = utcnow()
        with transaction(context) as session:
            if text == "lijst":
                blocks = network_offerings_message(net.name, catalog.offerings(session, net.id))
            elif text == "mijn":
                own = catalog.organisation_of_member(session, net.id, context.user_id or "")
                if own is None:
                    ack(
                        response_type="ephemeral",
                        text="Je bent nog niet aan een organisatie gekoppeld. "
                        "Registreer een aanbod met `/aanbod` en kies je organisatie.",
                    )
                    return
                blocks = my_offerings_message(own, catalog.offerings(session, net.id, organisation_id=own.id), now)
            else:  # a word it does not know: say so, and what it can do
                word = escape(clean_text(command.get("text"))[:40])
                ack(response_type="ephemeral", text=f"`/aanbod {word}` ken ik niet. {HELP}")
                return
        ack(response_type="ephemeral", text="Aanbod", blocks=blocks)

    def save_offering(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        try:
            return store_offering(view, context)
        except NeedsApproval as rejected:  # after the rollback: ask the organisation's members instead
            raise FormRejected(_ask_to_join(context, rejected, view_data(context).get("channel"))) from None

    def store_offering(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values = view["state"]["values"]
        meta = view_data(context)
        net = network(context)
        user_id = context.user_id or ""
        with transaction(context) as session:
            labels = catalog.category_labels(session, net.id)
            raw = {
                key: value_of(values, key)
                for key in (
                    "name",
                    "description",
                    "categories",
                    "target_groups",
                    "languages",
                    "hours",
                    "location_kind",
                    "address",
                    "area",
                    "fees",
                    "access",
                    "contact",
                )
            }
            draft, errors = validate_offering_form(raw, known_categories=set(labels))
            today = utcnow().astimezone(BRUSSELS).date()
            practical, practical_errors = validate_practical_form(
                {key: value_of(values, key) for key in PRACTICAL_FIELDS}, today
            )
            errors = {**errors, **practical_errors}
            offering: Offering | None = None
            if meta.get("offering"):
                offering = catalog.get_offering(session, net.id, parse_id(meta["offering"]) or 0)
                if offering is None:
                    errors["name"] = "Dit aanbod bestaat niet meer."
                elif not catalog.may_change_offering(session, net.id, net.coordinator_user_id, user_id, offering):
                    errors["name"] = NOT_ALLOWED
            if errors or draft is None or practical is None:
                raise FormRejected(errors)
            fields = offering_fields(draft) | practical_offering_fields(practical, offering)
            fields["area"] = None if draft.area_city_wide else (net.neighbourhood or net.name)
            if offering is not None:
                catalog.update_offering(session, offering, **fields, last_confirmed_at=utcnow())
                return {"id": offering.id, "new": False, "channel": meta.get("channel")}
            else:
                organisation, org_errors = _chosen_organisation(session, net, user_id, values)
                if organisation is None:
                    raise FormRejected(org_errors)
                offering = catalog.add_offering(session, net.id, organisation, hsds_id="", **fields)
                if isinstance(meta.get("activity"), int):  # *Maak er aanbod van* on a joint activity
                    refusal = link_offering(
                        session, net.id, meta["activity"], offering.id,
                        user_id=user_id, coordinator_user_id=net.coordinator_user_id,
                    )  # fmt: skip
                    if refusal:
                        raise FormRejected({"name": refusal})  # the offering is rolled back with it
                saved: dict[str, Any] = {"id": offering.id, "new": True, "channel": meta.get("channel")}
                announce_in = net.announce_channel_id or meta.get("channel")
                if announce_in:  # stored with the offering: announced even if Slack fails now
                    saved["outbox"] = want_announcement(
                        session, net.id, offering.id, org_name=organisation.name, name=offering.name,
                        channel_id=announce_in, tell_user_id=user_id,
                    )  # fmt: skip
                return saved

    def announce_offering(context: BoltContext, client: WebClient) -> None:
        saved = context.get("saved")
        if not saved:
            return
        net = network(context)
        with transaction(context) as session:
            offering = catalog.get_offering(session, net.id, saved["id"])
            if offering is None:
                return
            name, org_name = escape(offering.name), escape(offering.organisation.name)
        verb = "geregistreerd" if saved["new"] else "bijgewerkt"
        confirmation = f"✅ *{name}* ({org_name}) is {verb}. Collega's vinden het nu met `/verwijs`."
        where = saved.get("channel")
        tell(client, user_id=context.user_id or "", channel_id=where, text=confirmation)
        if saved.get("outbox"):
            result = deliver(lambda: transaction(context), client, saved["outbox"])
            if result.error is not None:
                tell(client, user_id=context.user_id or "", channel_id=where, text=ANNOUNCE_LATER.format(
                    problem=slack_problem(result.error)))  # fmt: skip

    handle_form(app, "aanbod_save", save_offering, then=[announce_offering, ask_approvers])

    def _refresh(context: BoltContext, session: Session, offering: Offering, respond: Respond, note: str) -> None:
        organisation = offering.organisation
        listing = catalog.offerings(session, offering.network_id, organisation_id=organisation.id)
        blocks = [section(note), *my_offerings_message(organisation, listing, utcnow())]
        respond(text=note, blocks=blocks[:50], replace_original=True)

    @app.action("aanbod_open")
    def open_from_button(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """*Aanbod registreren* on the Home tab opens the same form as `/aanbod`."""
        ack()
        open_offering_modal(client, body["trigger_id"], context)

    @app.action("aanbod_edit")
    def edit(
        ack: Ack,
        action: dict[str, Any],
        body: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        refusal = open_offering_modal(
            client,
            body["trigger_id"],
            context,
            offering_id=parse_id(action.get("value")) or 0,
            channel_id=context.channel_id,
        )
        if refusal:
            respond(text=refusal, response_type="ephemeral", replace_original=False)

    def _change(context: BoltContext, respond: Respond, value: str, change: Callable[[Session, Offering], str]) -> None:
        """Apply a button's change if the user may, then show the refreshed list with what changed."""
        with transaction(context) as session:
            offering = owned_offering(context, session, value)
            if isinstance(offering, str):
                respond(text=offering, response_type="ephemeral", replace_original=False)
                return
            _refresh(context, session, offering, respond, change(session, offering))

    def pause_or_resume(session: Session, offering: Offering) -> str:
        status = "active" if offering.status == "paused" else "paused"
        catalog.set_status(session, offering, status)
        return f"*{escape(offering.name)}* is {'weer actief' if status == 'active' else 'gepauzeerd'}."

    def still_current(session: Session, offering: Offering) -> str:
        catalog.confirm_offering(session, offering)
        return f"👍 *{escape(offering.name)}* is bevestigd als nog actueel."

    def places_still_right(session: Session, offering: Offering) -> str:
        if offering.capacity_maximum is None:
            return NO_PLACES.format(name=escape(offering.name))
        offering.capacity_updated_at = utcnow()
        catalog.bump_catalog_version(session, offering.network_id)
        return f"👍 Het aantal plaatsen van *{escape(offering.name)}* is bevestigd voor vandaag."

    @app.action("aanbod_plaatsen_ok")
    def places_ok(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        _change(context, respond, action.get("value", ""), places_still_right)

    @app.action("aanbod_toggle")
    def toggle(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        _change(context, respond, action.get("value", ""), pause_or_resume)

    @app.action("aanbod_confirm")
    def confirm(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        _change(context, respond, action.get("value", ""), still_current)
