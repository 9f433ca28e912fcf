"""Bearer tokens for the read-only HSDS API: one network each, only their SHA-256 stored.

A token is shown once when it is made. A leaked database therefore gives no working token, and
revoking one is deleting its row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.base import rows_changed, utcnow
from storage.models import ApiToken

PREFIX = "lnk_"  # recognisable in logs and by secret scanners
LABEL_MAX = 100
# Writing `last_used_at` on every call would turn each read into a write; once an hour says enough.
USE_RESOLUTION = timedelta(hours=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, network_id: int, label: str | None = None) -> tuple[ApiToken, str]:
    """A new token for the network: the row, and the token itself (not stored anywhere)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(network_id=network_id, token_sha256=digest(token), label=(label or "").strip()[:LABEL_MAX] or None)
    session.add(row)
    session.flush()
    return row, token


def verify_token(session: Session, token: str, now: datetime | None = None) -> int | None:
    """The network id the token gives access to, or None. Its hash is compared in constant time."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    wanted = digest(token)
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == wanted))
    if row is None or not hmac.compare_digest(row.token_sha256, wanted):
        return None
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at >= USE_RESOLUTION:
        row.last_used_at = now
    return row.network_id


def tokens(session: Session, network_ids: Sequence[int]) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.network_id.in_(list(network_ids))).order_by(ApiToken.id))
    )


def revoke_token(session: Session, network_ids: Sequence[int], token_id: int) -> bool:
    """Delete the token if it belongs to one of these networks; False when there is no such token."""
    result = session.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.network_id.in_(list(network_ids)))
    )
    return bool(rows_changed(result))
