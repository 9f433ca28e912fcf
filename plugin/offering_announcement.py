"""The channel's announcement of a new offering, stored in the outbox with the offering (by `/aanbod`
and by a web edit link alike), so that it is announced even when Slack fails at that moment."""

from __future__ import annotations

from sqlalchemy.orm import Session

from plugin.views.offerings import offering_announcement
from storage import outbox


def want_announcement(
    session: Session, network_id: int, offering_id: int, *, org_name: str, name: str, channel_id: str,
    tell_user_id: str | None,
) -> int:  # fmt: skip
    """The outbox row (one per offering) that announces it in `channel_id`; `tell_user_id` hears if it
    fails for good."""
    text, blocks = offering_announcement(org_name, name)
    return outbox.want(
        session, network_id, key=f"offering:{offering_id}", kind="offering", subject_id=offering_id,
        channel_id=channel_id, text=text, blocks=blocks, tell_user_id=tell_user_id,
    )  # fmt: skip
