"""`/netwerk`: one feature, one package.

- `command.py` — `/netwerk` itself: the overview, your organisation, the coordinator, a new network,
  the city-wide link (`code`, `koppel`, `ontkoppel`); it hands `partners`, `uitnodiging` and `publiek`
  to the modules below;
- `partners.py` — `/netwerk partners` and `/netwerk uitnodiging`: the coordinator's outreach list;
- `publiek.py` — `/netwerk publiek …` and the outreach list's *Weblink*: the social map on the web;
- `toegang.py` — the answers to a request to speak for an organisation (*Toestaan* / *Weigeren*).
"""

from __future__ import annotations

from slack_bolt import App

from commands.netwerk import command, partners, publiek, toegang


def register(app: App) -> None:
    for part in (command, partners, publiek, toegang):
        part.register(app)
