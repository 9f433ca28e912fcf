"""Migration 0008 on a database that the old races left behind: same names, duplicate positions."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from storage import migrate


def test_0008_keeps_the_data_of_earlier_races_and_downgrades(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrate.upgrade(url, "0006")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO networks (team_id, name, is_city_wide, members_may_post_agenda, catalog_version, "
            "knowledge_version, created_at) VALUES ('T1', 'Wijk', 0, 0, 0, 0, '2026-01-01'), "
            "('T1', ' wijk', 0, 0, 0, 0, '2026-01-02'), ('T2', 'Wijk', 0, 0, 0, 0, '2026-01-03')"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO meetings (network_id, channel_id, title, starts_at, created_by, created_at) "
            "VALUES (1, 'C1', 'Overleg', '2026-02-01', 'U1', '2026-01-01')"
        ))  # fmt: skip
        for point_id, position in ((1, 1), (2, 2), (3, 2), (4, 3)):
            conn.execute(text(
                "INSERT INTO agenda_points (id, network_id, meeting_id, position, text, carried, created_at) "
                f"VALUES ({point_id}, 1, 1, {position}, 'punt {point_id}', 0, '2026-01-01')"
            ))  # fmt: skip
    migrate.upgrade(url)
    with engine.begin() as conn:
        networks = list(conn.execute(text("SELECT name, founding_team_id FROM networks ORDER BY id")))
        positions = list(conn.execute(text("SELECT id, position FROM agenda_points ORDER BY id")))
    assert networks == [("Wijk", "T1"), (" wijk (2)", None), ("Wijk", "T2")]
    assert positions == [(1, 1), (2, 2), (3, 3), (4, 4)]

    cfg = migrate.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.begin() as conn:  # nothing below the networks was lost on the way (no table copies)
        assert conn.execute(text("SELECT count(*) FROM meetings")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM agenda_points")).scalar() == 4
    engine.dispose()
