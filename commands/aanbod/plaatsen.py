"""The weekly question about places left (plugin/jobs/capacity.py asks it): *Aantal aanpassen* opens a small
form with only the count; once saved, the question becomes the count colleagues now see at `/verwijs`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from commands.aanbod.command import NO_PLACES, owned_offering
from domain.capacity import validate_capacity
from domain.dates_nl import BRUSSELS
from domain.offering_form import clean_text
from domain.offering_practical import capacity_columns
from plugin.forms import FormRejected, handle_form
from plugin.notify import SLACK_FAILURES, tell
from plugin.request_scope import sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.kit import escape
from plugin.views.offering_practical import capacity_modal, capacity_saved_message
from storage import catalog
from storage.base import utcnow

log = logging.getLogger(__name__)


def register(app: App) -> None:
    @app.action("aanbod_plaatsen_edit")
    def edit_places(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient,
        respond: Respond,
    ) -> None:  # fmt: skip
        """*Aantal aanpassen* under the weekly question: a small form with only the count."""
        ack()
        container = body.get("container") or {}
        message = (str(container["channel_id"]), str(container["message_ts"])) if container.get("message_ts") else None
        with transaction(context) as session:
            offering = owned_offering(context, session, action.get("value", ""))
            if not isinstance(offering, str) and offering.capacity_maximum is None:
                offering = NO_PLACES.format(name=escape(offering.name))
            if isinstance(offering, str):
                respond(text=offering, response_type="ephemeral", replace_original=False)
                return
            view = capacity_modal(offering, utcnow(), message)
        client.views_open(trigger_id=body["trigger_id"], view=sealed(context, view))

    def save_places(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values, meta = view["state"]["values"], view_data(context)
        now = utcnow()
        with transaction(context) as session:
            offering = owned_offering(context, session, str(meta.get("offering") or ""))
            if isinstance(offering, str):
                raise FormRejected({"capacity_available": offering})
            capacity, errors = validate_capacity(
                clean_text(value_of(values, "capacity_available")),
                clean_text(value_of(values, "capacity_maximum")),
                offering.capacity_unit or "",
                now.astimezone(BRUSSELS).date(),
            )
            if errors or capacity is None:  # both empty: this form is only for a count
                fields = {"maximum": "capacity_maximum"}
                raise FormRejected(
                    {fields.get(k, "capacity_available"): v for k, v in errors.items()}
                    or {"capacity_available": "Vul het aantal in."}
                )
            catalog.update_offering(session, offering, **capacity_columns(capacity))
            text, blocks = capacity_saved_message(offering, now)
        return {"message": meta.get("message"), "text": text, "blocks": blocks}

    def confirm_places(context: BoltContext, client: WebClient) -> None:
        """The weekly question becomes the saved count (no buttons left to press); else a message."""
        saved = context.get("places")
        if not saved:
            return
        message = saved.get("message")
        if message:
            try:
                client.chat_update(channel=message[0], ts=message[1], text=saved["text"], blocks=saved["blocks"])
                return
            except SLACK_FAILURES:
                log.warning("could not update the question about places; telling the person instead", exc_info=True)
        tell(client, user_id=context.user_id or "", channel_id=None, text=saved["text"], blocks=saved["blocks"])

    handle_form(app, "aanbod_plaatsen", save_places, then=[confirm_places], key="places")
