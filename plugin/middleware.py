"""Global Bolt middleware: shared handles, Slack's event retries, signed view metadata, and the
request's network (see plugin.tenancy: only ever one the person belongs to outside a network's own
channels). A request in a bound channel that changes nothing takes the quick way: one statement
(storage.tenants), its tenant from a per-process cache that the statement's rows validate."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from sqlalchemy.orm import Session

from plugin.config import Settings
from plugin.idempotency import handled_once, repeated_submission
from plugin.modal_metadata import unseal
from plugin.tenancy import Prompt, ask, claim_event, resolve
from plugin.views.tenancy import FORM_REFUSED, refusal_modal
from storage.db import Database
from storage.networks import NetworkRef, ensure_member
from storage.search_index import SearchIndexCache
from storage.tenants import TenantCache

log = logging.getLogger(__name__)

NOT_THIS_WORKSPACE = "Lerend Netwerk is niet geïnstalleerd in deze werkruimte."
# Events about the installation itself: no network is created for them.
_NO_NETWORK_EVENTS = {"app_uninstalled", "tokens_revoked"}
# Requests made by a person (not events): the person becomes a known member of the network.
_INTERACTIVE_TYPES = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}


def install_middleware(
    app: App, settings: Settings, db: Database, tenants: TenantCache, search: SearchIndexCache | None = None
) -> None:
    """One Bolt middleware, a `Middleware` class (a function costs Bolt a round of argument injection on every
    request): shared handles, Slack's retries, signed view metadata, the request's network, then a form
    submitted twice (plugin.idempotency). `tenants`: the process's tenant cache (its owner closes it)."""
    search = search or SearchIndexCache(settings.search_cache_size)
    # (network, person) pairs known to be members: members are never removed, so a pair seen is skipped
    known_members: OrderedDict[tuple[int, str], None] = OrderedDict()
    members_max = 64 * settings.tenant_cache_size
    if not settings.metadata_key:
        log.info("modal metadata is signed with a key derived from the signing secret "
                 "(set LEREND_NETWERK_METADATA_KEY for a key of its own)")  # fmt: skip

    def skip_handled_event(body: dict[str, Any], context: BoltContext) -> BoltResponse | None:
        """Slack retries an event it thinks we missed; if it was handled, acknowledge and stop."""
        if body.get("type") == "event_callback" and body.get("event_id"):
            return handled_once(db, str(body["event_id"]), context, "event %s already handled; retry acknowledged")
        return None

    def verify_view_metadata(body: dict[str, Any], context: BoltContext) -> BoltResponse | None:
        """Our modals and Home carry their network, signed: a modal whose metadata does not verify is
        refused before any listener runs (nothing is saved)."""
        view = body.get("view")
        kind = body.get("type")
        if isinstance(view, dict) and kind in ("view_submission", "view_closed", "block_actions"):
            callback_id = str(view.get("callback_id") or "")
            meta = unseal(
                settings.metadata_signing_key, view.get("private_metadata"), team_id=context.team_id or "",
                callback_id=callback_id,
            )  # fmt: skip
            if meta is not None:
                context["view_meta"] = meta
            elif view.get("type") != "home" and kind != "view_closed":
                log.warning("%s of view %r refused: its metadata does not verify", kind, callback_id[:60])
                if kind == "view_submission":
                    refusal = {"response_action": "update", "view": refusal_modal(FORM_REFUSED)}
                    return BoltResponse(status=200, body=refusal)
                return BoltResponse(status=200, body="")
        return None

    def from_bound_channel(
        body: dict[str, Any], context: BoltContext, team_id: str, *, is_person: bool, may_join: bool
    ) -> bool:
        """The quick way (issue 18): a request in a channel bound to a network, that changes nothing (the
        person is a known member, the network has a coordinator), is the channel's network: one statement
        (storage.tenants), no transaction. False: resolve it the long way (plugin.tenancy.resolve)."""
        if context.get("view_meta") is not None or body.get("type") == "view_submission":
            return False
        event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
        channel = context.channel_id
        if event.get("type") == "app_home_opened" or not channel or str(channel).startswith("D"):
            return False
        tenant = tenants.of_channel(team_id, str(channel))
        if tenant is None:
            return False
        net, user_id = tenant.network, context.user_id
        if net.coordinator_user_id is None and is_person and user_id:
            return False  # the first person becomes its coordinator: a write
        if is_person and may_join and user_id:
            if (net.id, user_id) not in known_members:
                return False  # taking part in its channel makes a member: a write, once
            known_members.move_to_end((net.id, user_id))
        context["network"] = net
        context["tenant"] = tenant
        return True

    def prepare(body: dict[str, Any], context: BoltContext, next: Callable[[], object]) -> BoltResponse | None:
        context["db"] = db
        context["settings"] = settings
        context["search"] = search
        context["tenants"] = tenants

        def proceed() -> BoltResponse | None:
            repeated = repeated_submission(db, body, context)
            if repeated is not None:
                return repeated
            next()
            return None

        stop = skip_handled_event(body, context) or verify_view_metadata(body, context)
        if stop is not None:
            return stop
        team_id = context.team_id
        event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
        if not team_id or event.get("type") in _NO_NETWORK_EVENTS:
            return proceed()
        authorized = context.authorize_result.team_id if context.authorize_result else None
        if authorized and authorized != team_id:
            # Single-workspace mode: the bot token belongs to one workspace only.
            log.warning("request from workspace %s refused: the app is installed in %s", team_id, authorized)
            if context.response_url and context.respond is not None:
                context.respond(text=NOT_THIS_WORKSPACE, response_type="ephemeral")
            return BoltResponse(status=200, body="")
        is_person = body.get("command") is not None or body.get("type") in _INTERACTIVE_TYPES
        may_join = is_person and bool(context.user_id) and _same_workspace(body, team_id)
        if from_bound_channel(body, context, team_id, is_person=is_person, may_join=may_join):
            return proceed()

        def attach(session: Session) -> tuple[Prompt | None, tuple[int, str] | None, bool]:
            """(a question to ask first, the membership this request added, whether a twin handles it)."""
            found = resolve(session, body, context, team_id, is_person=is_person, may_join=may_join)
            if isinstance(found, Prompt):
                twin = bool(context.get("event_id")) and not claim_event(session, context["event_id"])
                return found, None, twin  # a concurrent delivery of the same event asks already
            network, join = found
            joined: tuple[int, str] | None = None
            if network.coordinator_user_id is None and is_person and context.user_id:
                network.coordinator_user_id = context.user_id
            if join and may_join and context.user_id:
                membership = (network.id, context.user_id)
                if membership not in known_members:  # members are never removed: remember, skip the query
                    ensure_member(session, network, context.user_id)
                    joined = membership
            context["network"] = NetworkRef.of(network)
            return None, joined, False

        # concurrent first requests in a new workspace: one founding network, the others read it
        prompt, joined, twin = db.retrying(attach)
        if twin:
            return BoltResponse(status=200, body="")
        if prompt is not None:
            return ask(body, context, prompt)
        if joined is not None:  # committed
            known_members[joined] = None
            while len(known_members) > members_max:
                known_members.popitem(last=False)
        return proceed()

    app.use(_Prepare(prepare))


Prepare = Callable[[dict[str, Any], BoltContext, Callable[[], object]], BoltResponse | None]


class _Prepare(Middleware):
    """The one middleware as a Bolt `Middleware` (Bolt calls it with the request, as it calls its own): a
    plain function would cost a round of argument injection on every request."""

    def __init__(self, prepare: Prepare) -> None:
        self._prepare = prepare

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        return self._prepare(req.body, req.context, next)


def _same_workspace(body: dict[str, Any], team_id: str) -> bool:
    """Slack Connect guests come from another workspace: they do not become members."""
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return user["team_id"] == team_id
    return body.get("team_id", team_id) == team_id
