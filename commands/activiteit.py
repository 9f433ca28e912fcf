"""`/activiteit`: joint activities against the gaps the network found."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    pass
