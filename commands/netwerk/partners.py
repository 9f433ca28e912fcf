"""`/netwerk partners` and `/netwerk uitnodiging`: the coordinator's outreach list.

Every organisation the network knows — also those not (yet) on Slack — with its status, contact
person, last contact and a note; buttons change the status, log a contact, edit, and make a ready
invitation. Coordinator only, checked again on every click. The monthly nudge is plugin.jobs.outreach.
parse → rules (domain.outreach) → store (storage.outreach) → render (plugin.views.partners).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.agenda_text import from_slack
from domain.dates_nl import format_datetime_nl
from domain.ids import parse_id
from domain.outreach import INVITED, InvitationFacts, invitation_text, status_label, statuses_for, validate_partner_form
from plugin.forms import FormRejected, handle_form
from plugin.notify import SLACK_FAILURES, tell
from plugin.request_scope import network, refusal_unless_coordinator, sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.kit import Block, escape
from plugin.views.partners import (
    ADD,
    CONTACT,
    EDIT,
    INVITE,
    MARK_INVITED,
    ROW_PREFIX,
    SAVE,
    STATUS,
    TURN,
    invitation_message,
    partner_modal,
    partners_message,
)
from storage import catalog, outreach
from storage.base import utcnow
from storage.meetings import next_meeting
from storage.outreach import PartnerRow

log = logging.getLogger(__name__)

Reply = tuple[str, list[Block] | None]
ALREADY_IN = "*{name}* neemt al deel: iemand van de organisatie is op Slack en spreekt voor hen."
GONE = "Deze organisatie bestaat niet (meer) in dit netwerk. Open de lijst opnieuw met `/netwerk partners`."


def _list(context: BoltContext, page: int) -> list[Block]:
    net = network(context)
    with transaction(context) as session:
        rows = outreach.partners(session, net.id)
    return partners_message(net.name, rows, page)


def partners(context: BoltContext, client: WebClient, arg: str) -> Reply:
    refusal = refusal_unless_coordinator(context)
    if refusal:
        return refusal, None
    return f"Partners van {network(context).name}", _list(context, 0)


def _coordinator_name(client: WebClient, user_id: str | None) -> str | None:
    """The name to sign the invitation with (it is pasted in e-mails, where a mention means nothing)."""
    if not user_id:
        return None
    try:
        user = client.users_info(user=user_id)["user"]
    except SLACK_FAILURES:
        return None
    profile = user.get("profile") or {}
    return str(user.get("real_name") or profile.get("real_name") or profile.get("display_name") or "") or None


def _invitation(context: BoltContext, client: WebClient, row: PartnerRow | None, page: int) -> list[Block]:
    net = network(context)
    with transaction(context) as session:
        meeting = next_meeting(session, net.id, utcnow())
        when = (format_datetime_nl(meeting.starts_at), meeting.location) if meeting else (None, None)
    facts = InvitationFacts(
        network_name=net.name,
        neighbourhood=net.neighbourhood,
        organisation=row.name if row else None,
        next_meeting=when[0],
        meeting_place=when[1],
        coordinator_name=_coordinator_name(client, net.coordinator_user_id),
    )
    return invitation_message(invitation_text(facts), row, page)


def invitation(context: BoltContext, client: WebClient, arg: str) -> Reply:
    refusal = refusal_unless_coordinator(context)
    if refusal:
        return refusal, None
    name = " ".join(from_slack(arg).split())
    row = None
    if name:
        net = network(context)
        with transaction(context) as session:
            found = catalog.find_organisation_by_name(session, net.id, name)
            row = outreach.partner(session, net.id, found.id) if found else None
        if row is None:
            return (
                f"Ik ken geen organisatie “{escape(name[:200])}” in dit netwerk. Voeg ze toe met "
                "*Organisatie toevoegen* in `/netwerk partners`, of maak een algemene uitnodiging met "
                "`/netwerk uitnodiging`.",
                None,
            )
    return "Uitnodiging", _invitation(context, client, row, 0)


def _target(action: dict[str, Any]) -> tuple[int | None, int]:
    """(organisation id, page) from a button's value, or from a status select's block id."""
    block_id = str(action.get("block_id") or "")
    if block_id.startswith(ROW_PREFIX):
        org, _, page = block_id[len(ROW_PREFIX) :].partition(":")
        return parse_id(org), parse_id(page, low=0) or 0
    try:
        value = json.loads(action.get("value") or "{}")
        org, page = value.get("o"), value.get("p", 0)
        return parse_id(org), parse_id(page, low=0) or 0
    except (ValueError, AttributeError):
        return None, 0


def _aside(respond: Respond, text: str, blocks: list[Block] | None = None) -> None:
    """A new ephemeral message under the list, which stays as it is."""
    respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    def refused(context: BoltContext, respond: Respond) -> bool:
        refusal = refusal_unless_coordinator(context)
        if refusal:
            _aside(respond, refusal)
        return refusal is not None

    def change(context: BoltContext, respond: Respond, action: dict[str, Any], *, status: str | None) -> None:
        """A status chosen (or, with None, a contact logged): stored, then the list shown again in place."""
        net = network(context)
        org_id, page = _target(action)
        with transaction(context) as session:
            row = outreach.partner(session, net.id, org_id) if org_id is not None else None
            if row is None:
                _aside(respond, GONE)
                return
            if status is None:
                outreach.log_contact(session, net.id, row.organisation_id, user_id=context.user_id or "", now=utcnow())
            elif status in statuses_for(bool(row.members)):  # else the list shows the status it has
                outreach.set_status(session, net.id, row, status, user_id=context.user_id or "", now=utcnow())
        respond(text=f"Partners van {escape(net.name)}", blocks=_list(context, page), replace_original=True)

    @app.action(STATUS)
    def choose_status(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        if not refused(context, respond):
            change(context, respond, action, status=str((action.get("selected_option") or {}).get("value")))

    @app.action(CONTACT)
    def contact_made(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        if not refused(context, respond):
            change(context, respond, action, status=None)

    @app.action(TURN)
    def turn_page(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        if refused(context, respond):
            return
        page = str(action.get("value") or "0")
        blocks = _list(context, parse_id(page, low=0) or 0)
        respond(text=f"Partners van {escape(network(context).name)}", blocks=blocks, replace_original=True)

    @app.action(INVITE)
    def show_invitation(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        if refused(context, respond):
            return
        org_id, page = _target(action)
        row = None
        if org_id is not None:
            with transaction(context) as session:
                row = outreach.partner(session, network(context).id, org_id)
            if row is None:
                _aside(respond, GONE)
                return
        blocks = _invitation(context, client, row, page)
        _aside(respond, "Uitnodiging", blocks)

    @app.action(MARK_INVITED)
    def mark_invited(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        if refused(context, respond):
            return
        net = network(context)
        org_id, _page = _target(action)
        with transaction(context) as session:
            row = outreach.partner(session, net.id, org_id) if org_id is not None else None
            if row is None:
                _aside(respond, GONE)
                return
            if INVITED not in statuses_for(bool(row.members)):
                _aside(respond, ALREADY_IN.format(name=escape(row.name)))
                return
            outreach.set_status(session, net.id, row, INVITED, user_id=context.user_id or "", now=utcnow())
        _aside(respond, f"✅ *{escape(row.name)}* is nu {status_label(INVITED)}, met vandaag als laatste contact.")

    def open_form(body: dict[str, Any], action: dict[str, Any], context: BoltContext, client: WebClient) -> str | None:
        """The organisation form (adding, or editing the organisation the button names); else why not."""
        refusal = refusal_unless_coordinator(context)
        if refusal:
            return refusal
        org_id, page = _target(action)
        row = None
        if action.get("action_id") == EDIT:
            with transaction(context) as session:
                row = outreach.partner(session, network(context).id, org_id) if org_id is not None else None
            if row is None:
                return GONE
        channel = (body.get("channel") or {}).get("id")
        view = partner_modal(row, channel_id=channel, page=page)
        client.views_open(trigger_id=body["trigger_id"], view=sealed(context, view))
        return None

    def form(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext, client: WebClient,
        respond: Respond,
    ) -> None:  # fmt: skip
        ack()
        problem = open_form(body, action, context, client)
        if problem:
            _aside(respond, problem)

    app.action(ADD)(form)
    app.action(EDIT)(form)

    def save(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        net = network(context)
        meta = view_data(context)
        org_id = meta.get("organisation")
        adding = org_id is None  # else the organisation being edited: an int, unless forged
        values = view["state"]["values"]
        keys = ("name", "kind", "status", "contact_user", "contact_name", "contact_email", "note")
        raw = {key: value_of(values, key) for key in keys}
        refusal = refusal_unless_coordinator(context)
        if refusal:
            raise FormRejected({"contact_user" if not adding else "name": refusal})
        draft, errors = validate_partner_form(raw, adding=adding)
        if draft is None:
            raise FormRejected(errors)
        with transaction(context) as session:
            if adding:
                created = outreach.add_organisation(session, net.id, draft.name or "", draft.kind)
                if created is None:
                    raise FormRejected({"name": "Die organisatie staat al op de lijst (`/netwerk partners`)."})
                org_id = created.id
            row = outreach.partner(session, net.id, org_id) if isinstance(org_id, int) else None
            if row is None:
                raise FormRejected({"contact_user": GONE})
            outreach.set_details(
                session,
                net.id,
                row,
                contact_user_id=draft.contact_user_id,
                contact_name=draft.contact_name,
                contact_email=draft.contact_email,
                note=draft.note,
            )
            if draft.status:
                outreach.set_status(session, net.id, row, draft.status, user_id=context.user_id or "", now=utcnow())
            return {"name": row.name, "channel": meta.get("channel"), "page": meta.get("p", 0)}

    def show_saved(context: BoltContext, client: WebClient) -> None:
        """After the form closed: the list again where the coordinator was, with the change in it."""
        saved = context.get("partner_saved")
        if not saved:
            return
        page = saved["page"] if isinstance(saved.get("page"), int) else 0
        tell(
            client,
            user_id=context.user_id or "",
            channel_id=saved.get("channel") or None,
            text=f"✅ {escape(saved['name'])} is bewaard.",
            blocks=_list(context, page),
        )

    handle_form(app, SAVE, save, then=[show_saved], key="partner_saved")
