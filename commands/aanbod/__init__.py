"""`/aanbod`: one feature, one package.

- `command.py` — `/aanbod` itself: the offering form (new and edit), the lists of the network and of
  your organisation with their buttons (pause, confirm, *Klopt nog*), the Home section;
- `plaatsen.py` — *Aantal aanpassen* under the weekly question about places left: a form with only the count.
"""

from __future__ import annotations

from slack_bolt import App

from commands.aanbod import command, plaatsen
from commands.aanbod.command import home_section

__all__ = ["home_section", "register"]


def register(app: App) -> None:
    for part in (command, plaatsen):
        part.register(app)
