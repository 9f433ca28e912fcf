"""Tables of the tenant (network) and of its social map: organisations, offerings, referrals, signals.

Every row below `Network` carries `network_id`: the repositories never read a row without one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storage.base import Base, UTCDateTime, utcnow


class Network(Base):
    """A lerend netwerk: the tenant. Neighbourhood networks may link to one city-wide network."""

    __tablename__ = "networks"
    # A workspace never has two networks of the same name (whatever their capitals: see `name_key`), and
    # one founding network at most. Unique indexes (not constraints): SQLite adds them without copying the
    # table, which would cascade-delete every row below the networks.
    __table_args__ = (
        Index("uq_networks_team_id_name_key", "team_id", "name_key", unique=True),
        Index("uq_networks_founding_team_id", "founding_team_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    # Set (to team_id) on the network a workspace's first request or install created: unique, so that
    # concurrent first requests create one network and the others read it.
    founding_team_id: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), server_default="")
    neighbourhood: Mapped[str | None] = mapped_column(String(120))
    is_city_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    city_network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="SET NULL"), index=True)
    coordinator_user_id: Mapped[str | None] = mapped_column(String(32))
    join_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    announce_channel_id: Mapped[str | None] = mapped_column(String(32))
    members_may_post_agenda: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped in the same transaction as every change to the network's offerings, so each app
    # instance knows with one cheap query whether its in-memory search index is stale.
    catalog_version: Mapped[int] = mapped_column(Integer, default=0)
    # The same for the knowledge base (`/kennis`), whose index is cached per scope like the catalog's.
    knowledge_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # And for the answers to referrals to its offerings (the *vaak geholpen* mark on a result card).
    outcomes_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    channels: Mapped[list[NetworkChannel]] = relationship(back_populates="network", cascade="all, delete-orphan")

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        self.name_key = network_name_key(name)
        return name


def network_name_key(name: str) -> str:
    """What makes two network names the same: case and surrounding or doubled spaces do not count."""
    return " ".join(name.split()).lower()[:120]


class NetworkChannel(Base):
    """Binds a channel of a workspace to one network (a city workspace hosts several)."""

    __tablename__ = "network_channels"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))

    network: Mapped[Network] = relationship(back_populates="channels")


class Member(Base):
    """A Slack user known to a network; optionally speaking for one organisation."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("network_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person last chose this network on Home or in a DM (a member of several networks of a
    # workspace works in the one chosen last, outside the networks' own channels).
    chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JoinRequest(Base):
    """Someone asks to speak for an organisation that already has members: until one of them or the
    coordinator allows it, the person is not its member. One row per person and organisation; a
    decision is taken once (`status` moves from `open` in one conditional UPDATE)."""

    __tablename__ = "join_requests"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, allowed, refused
    channel_id: Mapped[str | None] = mapped_column(String(32))  # where the person asked: told there
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HandledEvent(Base):
    """Events API deliveries already processed, so Slack's retries are not handled twice."""

    __tablename__ = "handled_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("network_id", "hsds_id"), UniqueConstraint("network_id", "name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    hsds_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    offerings: Mapped[list[Offering]] = relationship(back_populates="organisation", cascade="all, delete-orphan")


class Offering(Base):
    """An offer ("aanbod") of an organisation: an HSDS service."""

    __tablename__ = "offerings"
    __table_args__ = (UniqueConstraint("network_id", "hsds_id"), Index(None, "network_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    hsds_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [[weekday, "HH:MM", "HH:MM"], ...], weekday 0 = Monday, Europe/Brussels local time
    openings: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    by_appointment: Mapped[bool] = mapped_column(Boolean, default=False)
    location_kind: Mapped[str] = mapped_column(String(20), default="address")  # address | online | at_home
    location_name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    area: Mapped[str | None] = mapped_column(String(120))  # neighbourhood name; None = city-wide
    fees: Mapped[str | None] = mapped_column(Text)
    # walk_in | appointment | referral; None = not known (an import that does not say): never shown as walk-in
    access: Mapped[str | None] = mapped_column(String(20), default=None)
    eligibility: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(60))
    url: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | paused | ended
    # The practical side (domain/practical.py, docs/practical-offers.md); None / empty = not known, never a claim.
    required_documents: Mapped[list[str] | None] = mapped_column(JSON)  # codes; [] = nothing special to bring
    documents_letter_from: Mapped[str | None] = mapped_column(String(200))
    documents_other: Mapped[list[str]] = mapped_column(JSON, default=list)
    sign_up_method: Mapped[str | None] = mapped_column(String(20))  # binnenlopen | bellen | online | doorverwijzing
    sign_up_contact: Mapped[str | None] = mapped_column(String(300))  # the number to call or the link
    wheelchair: Mapped[str | None] = mapped_column(String(10))  # ja | beperkt | nee; None = not known
    access_features: Mapped[list[str]] = mapped_column(JSON, default=list)
    access_details: Mapped[str | None] = mapped_column(String(200))
    interpreter_languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # "met tolk", apart from languages
    facilities: Mapped[list[str] | None] = mapped_column(JSON)  # codes; [] = none of them
    capacity_available: Mapped[int | None] = mapped_column(Integer)
    capacity_maximum: Mapped[int | None] = mapped_column(Integer)
    capacity_unit: Mapped[str | None] = mapped_column(String(20))
    capacity_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # [{"start": "2026-12-23", "end": "2027-01-02", "reason": "kerstvakantie"}, ...]
    closures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    closure_alert: Mapped[str | None] = mapped_column(Text)  # temporary closure: message to visitors
    closure_since: Mapped[date | None] = mapped_column(Date)
    closure_until: Mapped[date | None] = mapped_column(Date)  # None with an alert: until further notice
    follows_school_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    last_confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmation_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="offerings")


class CustomCategory(Base):
    """A category the coordinator added to the shared vocabulary, for this network only."""

    __tablename__ = "custom_categories"
    __table_args__ = (UniqueConstraint("network_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(100))


class Referral(Base):
    """A logged referral: which offer, which category, a short note. Never the client's identity."""

    __tablename__ = "referrals"
    # A referral is passed on to an organisation once (two *Doorverwezen naar…* at once make one).
    __table_args__ = (UniqueConstraint("parent_id", "to_organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    offering_id: Mapped[int | None] = mapped_column(ForeignKey("offerings.id", ondelete="SET NULL"))
    to_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    from_user_id: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The loop (domain/referral_outcomes.py): what the receiving organisation answered, who and when;
    # the outcome last told to the referring partner (told once per change); the referral this one
    # continues (*Doorverwezen naar…*); the DMs that carry the buttons, as [channel, ts] pairs.
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_by: Mapped[str | None] = mapped_column(String(32))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    told_outcome: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="SET NULL"))
    messages: Mapped[list[list[str]] | None] = mapped_column(JSON)


class UnmetQuestion(Base):
    """A `/verwijs` question nothing answered, reported with *Meld als nood*: a signal of a gap."""

    __tablename__ = "unmet_questions"
    # A question counts once per person: a second *Meld als nood* finds it already noted.
    __table_args__ = (UniqueConstraint("network_id", "user_id", "query_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    query: Mapped[str] = mapped_column(String(500))
    query_key: Mapped[str] = mapped_column(String(500))  # the question lower-cased, spaces collapsed
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Need(Base):
    """A digital need a partner sees in clients (`/nood`): a signal for the gap analysis."""

    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(60))
    frequency: Mapped[str] = mapped_column(String(20), default="maandelijks")  # zelden|maandelijks|wekelijks|dagelijks
    target_group: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A per-network bearer token for the read-only HSDS API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
