"""What Alembic's autogenerate compares (shared by env.py and the migration test)."""

from __future__ import annotations


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """slack_sdk's installation and OAuth state tables are created by 0001, not described by our models."""
    table = getattr(obj, "table", obj)
    return not (getattr(table, "name", "") or "").startswith("slack_")
