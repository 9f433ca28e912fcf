"""The demo network `make run` loads into an empty database: Antwerp-like partners in Deurne."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from domain.hsds import parse_document
from plugin.config import Settings
from plugin.demo.signals import load_demo_signals
from storage import public_map
from storage.base import utcnow
from storage.db import Database
from storage.hsds_io import import_organisations
from storage.models import Network, Offering
from storage.networks import create_network

DEMO_FILE = Path(__file__).with_name("demo_network.json")
DEMO_TEAM = "TDEV"
DEMO_NETWORK = "Lerend netwerk Deurne"


def load_demo_network(settings: Settings) -> str | None:
    """Load the demo network when the database holds no offerings yet; returns what was done."""
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            if session.scalar(select(func.count()).select_from(Offering)):
                return None
            organisations = parse_document(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
            network = create_network(
                session, team_id=DEMO_TEAM, name=DEMO_NETWORK, coordinator_user_id=None, neighbourhood="Deurne"
            )
            summary = import_organisations(session, network, organisations)
            load_demo_signals(session, network, utcnow())
        return (
            f"Demo network “{DEMO_NETWORK}” (team {DEMO_TEAM}) loaded: {summary.describe()} "
            "With knowledge tips, needs, an activity and a past meeting with minutes; "
            "UDEV (the user `try` acts as) is the coordinator."
        )
    finally:
        db.dispose()


def demo_public_map(settings: Settings) -> str | None:
    """Turn the demo network's public page on the first time (later a coordinator's choice stands); its URL."""
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            network = session.scalar(select(Network).where(Network.team_id == DEMO_TEAM, Network.name == DEMO_NETWORK))
            if network is None:
                return None
            if public_map.public_map(session, network.id) is None:
                public_map.set_public(session, network.id, True, None)
            slug = public_map.public_slug(session, network.id)
        return f"{settings.public_url}/kaart/{slug}" if slug else None
    finally:
        db.dispose()
