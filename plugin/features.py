"""Every feature registers its own listeners; this is the list of features."""

from __future__ import annotations

from slack_bolt import App


def register_features(app: App) -> None:
    from commands import (
        aanbod,
        actie,
        activiteit,
        agenda,
        doorverwijzing,
        hiaten,
        kennis,
        netwerk,
        netwerk_partners,
        netwerk_publiek,
        netwerk_toegang,
        nood,
        verslag,
        verwijs,
    )
    from plugin import home

    for feature in (
        home,
        aanbod,
        verwijs,
        doorverwijzing,
        agenda,
        actie,
        verslag,
        nood,
        hiaten,
        netwerk,
        netwerk_partners,
        netwerk_publiek,
        netwerk_toegang,
        kennis,
        activiteit,
    ):
        feature.register(app)
