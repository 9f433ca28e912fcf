"""What a person sees when the app cannot tell which network they mean: a choice between their own
networks (buttons in a message, a select on Home), or how to join one when they belong to none."""

from __future__ import annotations

import re
from collections.abc import Sequence

from plugin.views.kit import Block, actions, button, context, escape, section, select_element

CHOOSE = "netwerk_kies"

CHOOSE_TEXT = "Je bent lid van meer dan één lerend netwerk in deze werkruimte. Voor welk netwerk is dit?"
CHOSEN = "✅ Je werkt nu in *{name}*. Typ je commando opnieuw of klik nog eens op de knop."
NOT_A_MEMBER = "Je bent geen lid van dat netwerk. Kies een van je eigen netwerken."
FORM_REFUSED = (
    "Dit formulier kan ik niet controleren: het is verlopen of niet door Lerend Netwerk gemaakt. "
    "Er is niets bewaard. Open het opnieuw met het commando of de knop."
)
NETWORK_GONE = "Het netwerk van dit formulier bestaat niet meer. Er is niets bewaard."


_HINT_RE = re.compile(r"@n([0-9]{1,12})$")


def network_hint(block_id: str, network_id: int) -> str:
    """A DM's buttons name the network they act in (a member of several networks may have chosen
    another one): the middleware uses it when the person is a member of that network."""
    return f"{block_id}@n{network_id}"


def hinted_network(block_id: object) -> int | None:
    match = _HINT_RE.search(block_id) if isinstance(block_id, str) else None
    return int(match.group(1)) if match else None


def how_to_join(channels: Sequence[tuple[str, str]]) -> str:
    """(network name, channel id) pairs of the workspace's networks."""
    text = "Je bent nog geen lid van een lerend netwerk in deze werkruimte, dus ik weet niet welk netwerk je bedoelt."
    if channels:
        where = ", ".join(f"<#{channel}> ({escape(name)})" for name, channel in channels[:10])
        return (
            f"{text} Doe mee door een commando (bv. `/netwerk`) te typen in het kanaal van je netwerk: {where}. "
            "Of begin een nieuw netwerk met `/netwerk nieuw <naam>` in een eigen kanaal."
        )
    return (
        f"{text} Typ een commando (bv. `/netwerk`) in het kanaal van je netwerk, of begin een nieuw netwerk met "
        "`/netwerk nieuw <naam>` in een eigen kanaal."
    )


def choice_blocks(networks: Sequence[tuple[int, str]]) -> list[Block]:
    """Buttons, one per network (id, name), for a message."""
    buttons = [button(name, CHOOSE, str(network_id)) for network_id, name in networks[:25]]
    return [section(CHOOSE_TEXT), actions(*buttons, block_id="netwerk_keuze")]


def home_choice(networks: Sequence[tuple[int, str]], current: int | None) -> Block:
    """The select at the top of Home for a member of several networks."""
    options = [(str(network_id), name) for network_id, name in networks[:100]]
    initial = str(current) if current is not None else None
    return actions(select_element(CHOOSE, options, initial=initial, placeholder="Kies je netwerk"), block_id="netwerk")


def home_prompt(text: str, networks: Sequence[tuple[int, str]]) -> Block:
    """Home for someone who must choose first (several networks: a select) or join first (none)."""
    blocks = [section(text), home_choice(networks, None)] if networks else [section(text)]
    blocks.append(context("Lerend Netwerk toont je alleen de netwerken waarvan je lid bent."))
    return {"type": "home", "callback_id": "home", "blocks": blocks}


def refusal_modal(text: str) -> Block:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Lerend Netwerk"},
        "close": {"type": "plain_text", "text": "Sluiten"},
        "blocks": [section(text)],
    }
