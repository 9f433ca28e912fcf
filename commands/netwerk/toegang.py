"""*Toestaan* / *Weigeren*: a member of an organisation, or the coordinator, answers whether someone
may speak for it (asked by `/netwerk organisatie` or the `/aanbod` form).

The button names the request; its network comes from the request (within the workspace), not
from where the button was clicked. The first answer counts; the requester is told the outcome.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.activities import whole_number
from plugin.notify import tell
from plugin.request_scope import transaction
from plugin.views.access import (
    ALLOW,
    GONE,
    NOT_YOURS,
    REFUSE,
    decided_before,
    decided_here,
    outcome_for_requester,
)
from storage.join_requests import ALLOWED, Decided, decide


def answer(context: BoltContext, client: WebClient, respond: Respond, value: str, *, allow: bool) -> None:
    request_id = whole_number(value)
    approver = context.user_id or ""
    with transaction(context) as session:
        if request_id is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        decision = decide(session, context.team_id or "", request_id, approver, allow=allow)
        request, organisation = decision.request, decision.organisation
        if decision.outcome is Decided.GONE or request is None or organisation is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        requester, name, decided_by = request.user_id, organisation.name, request.decided_by
        allowed = request.status == ALLOWED
    if decision.outcome is Decided.NOT_YOURS:
        respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
        return
    if decision.outcome is Decided.BEFORE:
        respond(text=decided_before(requester, name, decided_by, allowed), replace_original=True)
        return
    respond(text=decided_here(requester, name, allowed), replace_original=True)
    tell(client, user_id=requester, channel_id=None, text=outcome_for_requester(name, approver, allowed))  # a DM


def register(app: App) -> None:
    @app.action(ALLOW)
    def allow(ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
        ack()
        answer(context, client, respond, str(action.get("value") or ""), allow=True)

    @app.action(REFUSE)
    def refuse(ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
        ack()
        answer(context, client, respond, str(action.get("value") or ""), allow=False)
