"""The /aanbod modal as Slack submits it, for tests."""

from __future__ import annotations

from tests.slack_driver import multi_select_values, plain_value, select_value


def form(**overrides: object) -> dict:
    values = {
        "organisation": select_value(None),
        "new_organisation": plain_value("Buurtwerk De Kiem"),
        "name": plain_value("Smartphonecursus voor senioren"),
        "description": plain_value("Vier lessen over je gsm: bellen, foto's, WhatsApp en itsme."),
        "categories": multi_select_values(["smartphone-en-apps", "senioren"]),
        "target_groups": multi_select_values(["senioren"]),
        "languages": multi_select_values(["nl", "tr"]),
        "hours": plain_value("di 14-16"),
        "location_kind": select_value("address"),
        "address": plain_value("Kiemstraat 5, 2140 Borgerhout"),
        "area": select_value("wijk"),
        "fees": plain_value("gratis"),
        "access": select_value("walk_in"),
        "contact": plain_value("kiem@buurtwerk.example, 03 111 22 33"),
    }
    values.update(overrides)  # type: ignore[arg-type]
    return {block_id: {"value": element} for block_id, element in values.items()}
