"""The list of features. Each registers its own listeners (commands, buttons, forms, reactions) with a
`register(app)`, and may add a section to the Home tab with a `home_section(request)`.

This is the one module of `plugin/` that imports `commands/`.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from slack_bolt import App

if TYPE_CHECKING:
    from plugin.home import HomeSection


def features() -> tuple[ModuleType, ...]:
    from commands import (
        aanbod,
        actie,
        activiteit,
        agenda,
        doorverwijzing,
        hiaten,
        kennis,
        netwerk,
        nood,
        verslag,
        verwijs,
    )
    from plugin import home

    # Bolt tries the listeners in the order they were registered: the most frequent request first
    return (verwijs, home, aanbod, doorverwijzing, agenda, actie, verslag, nood, hiaten, netwerk, kennis, activiteit)


def register_features(app: App) -> None:
    from plugin.reactions import ignore_other_reactions

    for feature in features():
        feature.register(app)
    ignore_other_reactions(app)  # last: Bolt runs the first listener that matches


def home_sections() -> tuple[HomeSection, ...]:
    """The Home tab's sections, top to bottom (a divider between them)."""
    from commands import aanbod, agenda, doorverwijzing, hiaten

    return (agenda.home_section, aanbod.home_section, doorverwijzing.home_section, hiaten.home_section)
