"""What a listener needs from the request: the database, the network, and one transaction.

`Database` and `Settings` travel in Bolt's context; Bolt deep-copies the context for lazy
listeners, so `Database` returns itself when copied (it is a shared, thread-safe handle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from slack_bolt import BoltContext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from plugin.config import Settings
from plugin.modal_metadata import seal_view
from plugin.views.kit import escape
from storage.db import Database
from storage.events import mark_handled
from storage.networks import NetworkRef

T = TypeVar("T")


class AlreadyHandled(Exception):
    """A concurrent delivery of the same event committed first; this one changes nothing."""


def database(context: BoltContext) -> Database:
    return context["db"]


def settings(context: BoltContext) -> Settings:
    return context["settings"]


def network(context: BoltContext) -> NetworkRef:
    return context["network"]


def sealed(context: BoltContext, view: dict[str, Any], *, network_id: int | None = None) -> dict[str, Any]:
    """The view as it leaves the app: its network (the request's, or the one named) and its own
    metadata in `private_metadata`, signed. Every modal and the Home tab go through here."""
    return seal_view(
        settings(context).metadata_signing_key,
        view,
        team_id=context.team_id or "",
        network_id=network(context).id if network_id is None else network_id,
    )


def view_data(context: BoltContext) -> dict[str, Any]:
    """The metadata of the submitted view, as the app signed it (verified by the middleware)."""
    meta = context.get("view_meta")
    return dict(meta.data) if meta is not None else {}


def refusal_unless_coordinator(context: BoltContext) -> str | None:
    """The Dutch refusal for someone who is not this network's coordinator, else None."""
    net = network(context)
    if net.is_coordinator(context.user_id):
        return None
    who = f"<@{net.coordinator_user_id}>" if net.coordinator_user_id else "nog niemand"
    return f"Alleen de trekker van *{escape(net.name)}* ({who}) kan dat."


@contextmanager
def transaction(context: BoltContext) -> Iterator[Session]:
    """The listener's unit of work. For an event, marking it handled is part of the same commit,
    so a failed run leaves Slack's retry free to try again and a duplicate run rolls back."""
    claimed_here = False
    try:
        with database(context).transaction() as session:
            event_id = context.get("event_id")
            if event_id and context.get("event_claimed") != event_id:
                try:
                    mark_handled(session, event_id)
                except IntegrityError as exc:
                    raise AlreadyHandled(event_id) from exc
                context["event_claimed"] = event_id
                claimed_here = True
            yield session
    except BaseException:
        if claimed_here:  # rolled back: a retry of this unit of work claims again
            context.pop("event_claimed", None)
        raise


def retry_on_conflict(work: Callable[[], T], attempts: int = 3) -> T:
    """Run `work` (which opens its own `transaction`) again when a unique constraint says a concurrent
    request took the same slot (an agenda position, a name): the next run reads what that one stored."""
    for attempt in range(attempts):
        try:
            return work()
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
