"""`/activiteit`: joint activities the network organises against the gaps it found.

- `/activiteit` opens the plan form (what, partners, date and place, the gap or need it answers,
  recurring); the plan is announced in the channel and `/hiaten` lists it as *in aanpak*;
- `/activiteit lijst` shows what is planned and what took place lately;
- after the date `lerend-netwerk reminders` asks the organiser once (plugin.jobs.activities) whether it
  happened and how many took part; *Maak er aanbod van* opens the `/aanbod` form prefilled.
parse → validate (domain.activities) → store (storage.activities) → render (plugin.views.activities).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.activities import (
    ALREADY_AN_OFFERING,
    GONE,
    NOT_YOURS,
    PLANNED,
    RECURRING,
    may_answer,
    participants_problem,
    validate_activity_form,
    whole_number,
)
from domain.dates_nl import BRUSSELS
from domain.offering_form import clean_text
from plugin.delivery import deliver
from plugin.forms import FormRejected, handle_form
from plugin.meeting_delivery import slack_problem
from plugin.notify import tell
from plugin.request_scope import network, sealed, transaction, view_data
from plugin.views.activities import (
    HELD_BUTTON,
    HELP,
    NOT_HELD_BUTTON,
    REPORT,
    SAVE,
    TO_OFFERING,
    activity_modal,
    announcement,
    list_message,
    need_option_text,
    outcome_message,
    report_modal,
)
from plugin.views.form_values import value_of
from plugin.views.kit import escape
from plugin.views.offerings import offering_modal
from storage import activities, catalog, outbox
from storage.activity_models import Activity
from storage.base import utcnow
from storage.models import Network, Offering
from storage.signals import current_period, gap_report

log = logging.getLogger(__name__)

RECENT_DAYS = 60


def open_plan_form(client: WebClient, trigger_id: str, context: BoltContext, channel_id: str | None) -> None:
    net = network(context)
    now = utcnow()
    with transaction(context) as session:
        labels = catalog.category_labels(session, net.id)
        report = gap_report(session, net.id, current_period())
        first = [r.category for r in report.analysis.gaps if r.category in labels] if report else []
        ordered = [(slug, labels[slug]) for slug in first] + [(s, lbl) for s, lbl in labels.items() if s not in first]
        organisations = [(str(o.id), o.name) for o in catalog.organisations(session, net.id)][:100]
        needs = [
            (str(n.id), need_option_text(n.description, labels.get(n.category, n.category)))
            for n in activities.recent_needs(session, net.id, now - timedelta(days=90))
        ]
    view = activity_modal(
        categories=ordered[:100],
        organisations=organisations,
        needs=needs,
        channel_id=channel_id,
        today=now.astimezone(BRUSSELS).date(),
    )
    client.views_open(trigger_id=trigger_id, view=sealed(context, view))


def _owned(session: Session, context: BoltContext, value: str) -> tuple[Network, Activity] | str:
    """The activity a follow-up button names, if the clicker organises it or coordinates its network."""
    activity_id = whole_number(value)
    found = activities.activity_in_team(session, context.team_id or "", activity_id) if activity_id else None
    if found is None:
        return GONE
    net, activity = found
    if not may_answer(context.user_id, activity.organiser_user_id, net.coordinator_user_id):
        return NOT_YOURS
    return net, activity


def _want_outcome(session: Session, activity: Activity, message: object, context: BoltContext) -> int:
    """The answer shown in the DM that asked (updated in place), or, without one, in a new DM."""
    where = tuple(message) if isinstance(message, list | tuple) and len(message) == 2 else None
    outbox_id = outbox.want(
        session, activity.network_id, key=f"activity_outcome:{activity.id}", kind="activity_outcome",
        subject_id=activity.id, channel_id=str(where[0]) if where else context.user_id or "",
    )  # fmt: skip  (failed for good: the coordinator hears it; the organiser's own DM is what failed)
    row = outbox.get(session, outbox_id)
    if where and row is not None and row.message_ts is None:
        outbox.record_posted(session, outbox_id, str(where[0]), str(where[1]))
    return outbox_id


def _clicked(
    session: Session, context: BoltContext, action: dict[str, Any], respond: Respond
) -> tuple[Network, Activity] | None:
    """The activity a follow-up button names; else the clicker is told why not."""
    found = _owned(session, context, str(action.get("value") or ""))
    if isinstance(found, str):
        respond(text=found, response_type="ephemeral", replace_original=False)
        return None
    return found


def register(app: App) -> None:
    @app.command("/activiteit")
    def activiteit(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        text = clean_text(command.get("text")).lower()
        net = network(context)
        if not text:
            ack()
            open_plan_form(client, command["trigger_id"], context, command.get("channel_id"))
            return
        if text == "lijst":
            since = utcnow().astimezone(BRUSSELS).date() - timedelta(days=RECENT_DAYS)
            with transaction(context) as session:
                views = [
                    activities.describe(session, net.id, a) for a in activities.activities(session, net.id, since=since)
                ]
                blocks = list_message(net.name, views)
            ack(response_type="ephemeral", text=f"Activiteiten van {escape(net.name)}", blocks=blocks)
            return
        ack(response_type="ephemeral", text=HELP)

    def save(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        net = network(context)
        values = view["state"]["values"]
        meta = view_data(context)
        user_id = context.user_id or ""
        keys = ("title", "description", "partners", "date", "time", "place", "category", "need", "recurring")
        raw = {key: value_of(values, key) for key in keys}
        with transaction(context) as session:
            since = utcnow() - timedelta(days=90)
            draft, errors = validate_activity_form(
                raw,
                today=utcnow().astimezone(BRUSSELS).date(),
                known_categories=set(catalog.category_labels(session, net.id)),
                organisation_ids={o.id for o in catalog.organisations(session, net.id)},
                need_categories={n.id: n.category for n in activities.recent_needs(session, net.id, since)},
            )
            if draft is None:
                raise FormRejected(errors)
            own = catalog.organisation_of_member(session, net.id, user_id)
            activity = activities.add_activity(
                session, net.id, draft, organiser=user_id, organisation_id=own.id if own else None
            )
            channel = meta.get("channel") or None
            activity.channel_id = channel if channel and not channel.startswith("D") else net.announce_channel_id
            saved: dict[str, Any] = {"id": activity.id, "channel": channel}
            if activity.channel_id:  # stored with the activity: announced even if Slack fails now
                text, blocks = announcement(activities.describe(session, net.id, activity))
                saved["outbox"] = outbox.want(
                    session, net.id, key=f"activity:{activity.id}", kind="activity", subject_id=activity.id,
                    channel_id=activity.channel_id, text=text, blocks=blocks, tell_user_id=user_id,
                )  # fmt: skip
            return saved

    def announce(context: BoltContext, client: WebClient) -> None:
        saved = context.get("activity")
        if not saved:
            return
        net = network(context)
        user_id = context.user_id or ""
        with transaction(context) as session:
            activity = activities.get_activity(session, net.id, saved["id"])
            if activity is None:
                return
            title = activity.title
        if not saved.get("outbox"):
            tell(client, user_id=user_id, channel_id=saved.get("channel"), text=f"✅ *{escape(title)}* is gepland.")
            return
        result = deliver(lambda: transaction(context), client, saved["outbox"])
        if result.error is not None:
            log.warning("activity %s saved, announcement refused (kept in the outbox)", saved["id"])
            tell(
                client, user_id=user_id, channel_id=saved.get("channel"),
                text=f"✅ *{escape(title)}* is gepland en staat bij `/hiaten`, maar ik kon het niet aankondigen: "
                f"{slack_problem(result.error)}. Ik probeer het zelf opnieuw.",
            )  # fmt: skip

    handle_form(app, SAVE, save, then=[announce], key="activity")

    # -- the follow-up after the date (buttons in the organiser's DM) ----------------------------------
    @app.action(HELD_BUTTON)
    def held(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext, client: WebClient,
             respond: Respond) -> None:  # fmt: skip
        ack()
        with transaction(context) as session:
            found = _clicked(session, context, action, respond)
            if found is None:
                return
            activity_net, activity = found
            if activity.status != PLANNED:
                respond(text=outcome_message(activity)[0], replace_original=False)
                return
            container = body.get("container") or {}
            channel, message_ts = container.get("channel_id"), container.get("message_ts")
            message = (channel, message_ts) if channel and message_ts else None
            view = report_modal(activity, channel_id=activity.channel_id, message=message)
            view = sealed(context, view, network_id=activity_net.id)  # the activity's own network
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(NOT_HELD_BUTTON)
    def not_held(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        with transaction(context) as session:
            found = _clicked(session, context, action, respond)
            if found is None:
                return
            _net, activity = found
            changed = activities.report_outcome(session, activity, held=False, participants=None, recurring=None)
            text, blocks = outcome_message(activity)
        respond(text=text, blocks=blocks, replace_original=changed)

    def save_report(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values = view["state"]["values"]
        meta = view_data(context)
        participants = value_of(values, "participants")
        problem = participants_problem(participants)
        if problem:
            raise FormRejected({"participants": problem})
        with transaction(context) as session:
            found = _owned(session, context, str(meta.get("activity") or ""))
            if isinstance(found, str):
                raise FormRejected({"participants": found})
            _net, activity = found
            activities.report_outcome(
                session,
                activity,
                held=True,
                participants=whole_number(participants),
                recurring=RECURRING in (value_of(values, "recurring") or []),
            )
            return {"activity": activity.id, "outbox": _want_outcome(session, activity, meta.get("message"), context)}

    def show_outcome(context: BoltContext, client: WebClient) -> None:
        """The DM's question becomes the answer, with *Maak er aanbod van* (stored with the answer in the
        outbox: what Slack refuses now is retried, an update never posts a second message)."""
        reported = context.get("reported")
        if reported:
            deliver(lambda: transaction(context), client, reported["outbox"])

    handle_form(app, REPORT, save_report, then=[show_outcome], key="reported")

    @app.action(TO_OFFERING)
    def to_offering(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext,
                    client: WebClient, respond: Respond) -> None:  # fmt: skip
        """The `/aanbod` form, prefilled from the activity; saving it links the offering to the activity."""
        ack()
        with transaction(context) as session:
            found = _clicked(session, context, action, respond)
            if found is None:
                return
            net, activity = found
            if activity.offering_id is not None:
                respond(text=ALREADY_AN_OFFERING, response_type="ephemeral", replace_original=False)
                return
            prefill = Offering(
                name=activity.title[:200],
                description=activity.description,
                categories=[activity.category],
                target_groups=[],
                languages=["nl"],
                openings=[],
                by_appointment=False,
                location_kind="address",
                address=activity.place,
                area=None if net.is_city_wide else (net.neighbourhood or net.name),  # None: city-wide
                access="walk_in",
                organisation_id=activity.organisation_id,
            )
            view = offering_modal(
                organisations=catalog.organisations(session, net.id),
                categories=catalog.category_labels(session, net.id),
                channel_id=activity.channel_id,
                prefill=prefill,
                extra_metadata={"activity": activity.id},
                today=utcnow().astimezone(BRUSSELS).date(),
            )
        client.views_open(trigger_id=body["trigger_id"], view=sealed(context, view, network_id=net.id))
