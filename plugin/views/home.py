"""Home tab view."""

from __future__ import annotations

from plugin.views.kit import Block, actions, button, context, divider, header, section
from storage.networks import NetworkRef


def home_view(net: NetworkRef, user_id: str, *, is_member: bool) -> Block:
    coordinator = f"<@{net.coordinator_user_id}>" if net.coordinator_user_id else "nog niemand"
    blocks: list[Block] = [
        header(f"Lerend Netwerk · {net.name}"),
        section(
            f"Trekker: {coordinator}"
            + ("" if is_member else "\nJe bent nog geen lid: gebruik een commando om mee te doen.")
        ),
        actions(
            button("Aanbod registreren", "aanbod_open", style="primary"),
            button("Zoek doorverwijzing", "verwijs_zoek_open"),
        ),
        divider(),
        context(
            "`/verwijs digitale hulp` zoekt de juiste partner · `/aanbod` registreert je aanbod · "
            "`/aanbod lijst` toont het aanbod van het netwerk"
        ),
    ]
    return {"type": "home", "blocks": blocks}
