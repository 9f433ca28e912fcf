"""CLI commands of the meetings feature (being written)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    pass
