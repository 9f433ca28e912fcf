"""The public social map: the per-network switch and address, edit links, error reports, form tokens.

Every function takes a network id (or resolves one from an unguessable secret) and never reads
another network's rows.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Network, Organisation
from storage.web_models import EditLink, ErrorReport, PublicMap, UsedFormToken

EDIT_LINK_DAYS = 30


def new_slug() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: unguessable


def public_map(session: Session, network_id: int) -> PublicMap | None:
    return session.get(PublicMap, network_id)


def set_public(session: Session, network_id: int, enabled: bool, user_id: str | None) -> PublicMap:
    """Turn the page on or off; the address stays the same until renewed."""
    row = session.get(PublicMap, network_id)
    if row is None:
        row = PublicMap(network_id=network_id, slug=new_slug(), enabled=enabled, changed_by=user_id)
        session.add(row)
    else:
        row.enabled, row.changed_by, row.changed_at = enabled, user_id, utcnow()
    session.flush()
    return row


def renew_slug(session: Session, network_id: int, user_id: str | None) -> PublicMap:
    """A new address; the old one stops working at once."""
    row = session.get(PublicMap, network_id) or set_public(session, network_id, False, user_id)
    row.slug, row.changed_by, row.changed_at = new_slug(), user_id, utcnow()
    session.flush()
    return row


def network_by_slug(session: Session, slug: str) -> Network | None:
    """The network whose page is on at this address, or None (off, renewed or never existed)."""
    if not slug or len(slug) > 64:
        return None
    return session.scalar(
        select(Network)
        .join(PublicMap, PublicMap.network_id == Network.id)
        .where(PublicMap.slug == slug, PublicMap.enabled.is_(True))
    )


def public_slug(session: Session, network_id: int) -> str | None:
    """The address of the network's page when it is on."""
    row = session.get(PublicMap, network_id)
    return row.slug if row is not None and row.enabled else None


# -- edit links -----------------------------------------------------------------------------------
def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_edit_link(
    session: Session, network_id: int, organisation_id: int, user_id: str, now: datetime | None = None
) -> tuple[EditLink, str]:
    """A new personal link for one organisation of this network; returns the row and the secret token."""
    now = now or utcnow()
    token = secrets.token_urlsafe(24)
    link = EditLink(
        network_id=network_id,
        organisation_id=organisation_id,
        token_sha256=_sha(token),
        created_by=user_id,
        created_at=now,
        expires_at=now + timedelta(days=EDIT_LINK_DAYS),
    )
    session.add(link)
    session.flush()
    return link, token


def revoke_edit_links(session: Session, network_id: int, organisation_id: int, now: datetime | None = None) -> int:
    """Revoke every open link of the organisation; returns how many."""
    links = session.scalars(
        select(EditLink).where(
            EditLink.network_id == network_id,
            EditLink.organisation_id == organisation_id,
            EditLink.revoked_at.is_(None),
        )
    ).all()
    for link in links:
        link.revoked_at = now or utcnow()
    return len(links)


@dataclass(frozen=True)
class EditAccess:
    link_id: int
    network_id: int
    organisation_id: int
    expires_at: datetime


def edit_access(session: Session, token: str, now: datetime | None = None) -> EditAccess | str:
    """What the token opens, or a Dutch reason why not ("verlopen", "ingetrokken", unknown)."""
    if not token or len(token) > 100:
        return "Deze link bestaat niet."
    link = session.scalar(select(EditLink).where(EditLink.token_sha256 == _sha(token)))
    if link is None:
        return "Deze link bestaat niet."
    now = now or utcnow()
    if link.revoked_at is not None:
        return "Deze link is ingetrokken door de trekker van het netwerk."
    if link.expires_at <= now:
        return "Deze link is verlopen."
    return EditAccess(link.id, link.network_id, link.organisation_id, link.expires_at)


def touch_edit_link(session: Session, link_id: int) -> None:
    link = session.get(EditLink, link_id)
    if link is not None:
        link.last_used_at = utcnow()


def organisation_in(session: Session, network_id: int, organisation_id: int) -> Organisation | None:
    org = session.get(Organisation, organisation_id)
    return org if org is not None and org.network_id == network_id else None


# -- error reports and one-time form tokens ---------------------------------------------------------
def use_form_token(session: Session, nonce: str) -> bool:
    """Mark a form's nonce used in this transaction; False when it was used before (a double submit)."""
    try:
        with session.begin_nested():
            session.add(UsedFormToken(nonce=nonce[:64]))
            session.flush()
    except IntegrityError:
        return False
    return True


def record_error_report(session: Session, network_id: int, offering_id: int, message: str) -> ErrorReport:
    report = ErrorReport(network_id=network_id, offering_id=offering_id, message=message)
    session.add(report)
    session.flush()
    return report


def recent_reports(session: Session, offering_id: int, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ErrorReport)
            .where(ErrorReport.offering_id == offering_id, ErrorReport.created_at >= since)
        )
        or 0
    )


def mark_report_notified(session: Session, report_id: int) -> None:
    """The first direct message about the report is in Slack (later ones keep this moment)."""
    report = session.get(ErrorReport, report_id)
    if report is not None and report.notified_at is None:
        report.notified_at = utcnow()
