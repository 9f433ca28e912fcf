"""Small Block Kit pieces that keep Slack's limits (text lengths, block counts) in one place."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

# The one escaping rule, re-exported so that every builder takes it from here.
from plugin.views.escape import escape as escape
from plugin.views.escape import link as link
from plugin.views.escape import rich as rich

Block = dict[str, Any]

SECTION_TEXT_MAX = 3000
PLAIN_TEXT_MAX = 150  # option text, button text (75), header (150)
BUTTON_TEXT_MAX = 75
ACTION_VALUE_MAX = 2000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
MODAL_TITLE_MAX = 24


def clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters, marking the cut, without splitting a surrogate pair."""
    text = text or ""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def plain(text: str, limit: int = PLAIN_TEXT_MAX) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT_MAX) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, limit) or " "}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def section(text: str, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def sections(text: str) -> list[Block]:
    """Long text as several sections of at most 3000 characters, cut at line ends where possible."""
    chunks: list[Block] = []
    rest = text
    while rest:
        if len(rest) <= SECTION_TEXT_MAX:
            chunks.append(section(rest))
            break
        cut = rest.rfind("\n", 0, SECTION_TEXT_MAX)
        if cut <= 0:
            cut = SECTION_TEXT_MAX
        chunks.append(section(rest[:cut]))
        rest = rest[cut:].lstrip("\n")
    return chunks


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(t, 2000) for t in texts[:10] if t] or [mrkdwn(" ")]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", *, style: str | None = None, url: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text, BUTTON_TEXT_MAX), "action_id": action_id}
    if value:
        element["value"] = value[:ACTION_VALUE_MAX]
    if style in ("primary", "danger"):
        element["style"] = style
    if url:
        element["url"] = url
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value[:150]}


def text_input(
    block_id: str,
    label: str,
    *,
    action_id: str = "value",
    multiline: bool = False,
    initial: str | None = None,
    placeholder: str | None = None,
    optional: bool = False,
    max_length: int | None = None,
    hint: str | None = None,
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": action_id, "multiline": multiline}
    if initial:
        element["initial_value"] = initial[: max_length or 3000]
    if placeholder:
        element["placeholder"] = plain(placeholder)
    if max_length:
        element["max_length"] = max_length
    return input_block(block_id, label, element, optional=optional, hint=hint)


def static_select(
    block_id: str,
    label: str,
    options: Sequence[tuple[str, str]],
    *,
    action_id: str = "value",
    initial: str | None = None,
    optional: bool = False,
    multi: bool = False,
    initial_many: Iterable[str] = (),
    hint: str | None = None,
    placeholder: str = "Kies…",
) -> Block:
    opts = [option(label_, value) for value, label_ in options][:100]
    element: Block = {
        "type": "multi_static_select" if multi else "static_select",
        "action_id": action_id,
        "options": opts,
        "placeholder": plain(placeholder),
    }
    if multi:
        chosen = [o for o in opts if o["value"] in set(initial_many)]
        if chosen:
            element["initial_options"] = chosen
    elif initial is not None:
        chosen = [o for o in opts if o["value"] == initial]
        if chosen:
            element["initial_option"] = chosen[0]
    return input_block(block_id, label, element, optional=optional, hint=hint)


def input_block(block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000), "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def modal(
    title: str,
    blocks: list[Block],
    *,
    callback_id: str,
    submit: str | None = "Bewaren",
    close: str = "Annuleren",
    private_metadata: str = "",
) -> Block:
    view: Block = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MODAL_TITLE_MAX),
        "close": plain(close, MODAL_TITLE_MAX),
        "blocks": blocks[:VIEW_BLOCKS_MAX],
    }
    if submit:
        view["submit"] = plain(submit, MODAL_TITLE_MAX)
    if private_metadata:
        view["private_metadata"] = private_metadata[:3000]
    return view


class KeptBlock(dict[str, Any]):
    """A block kept in a cache and shown in many answers (a result card, a divider): its JSON is made once,
    when an answer first sends it (`message_json`). Like every cached block it is never changed once made."""

    __slots__ = ("_json",)

    def json(self) -> str:
        try:
            return self._json
        except AttributeError:
            self._json: str = json.dumps(self)
            return self._json


def message_json(text: str, blocks: Sequence[Block], *, response_type: str = "ephemeral") -> str:
    """The whole answer as Bolt's `ack(response_type=..., text=..., blocks=...)` would encode it, to the byte
    (`json.dumps` of text, response_type and blocks), but with the kept blocks' JSON reused and the others
    encoded a run at a time (each `json.dumps` call costs as much as a small block). `ack(message_json(...))`
    sends it as it is: Bolt answers a text that starts with "{" as application/json."""
    lead = 0
    while lead < len(blocks) and not isinstance(blocks[lead], KeptBlock):
        lead += 1
    # the envelope with the leading blocks; json.dumps ends it in "]}", the blocks array and the object
    body = json.dumps({"text": text, "response_type": response_type, "blocks": list(blocks[:lead])})[:-2]
    items: list[str] = []
    run: list[Block] = []
    for block in blocks[lead:]:
        if isinstance(block, KeptBlock):
            if run:  # a list's items, as json.dumps writes them between its brackets
                items.append(json.dumps(run)[1:-1])
                run = []
            items.append(block.json())
        else:
            run.append(block)
    if run:
        items.append(json.dumps(run)[1:-1])
    if items:
        body += (", " if lead else "") + ", ".join(items)
    return body + "]}"


def fit_message(blocks: list[Block], *, more_note: str | None = None) -> list[Block]:
    """At most 50 blocks in a message; the last one says what was left out."""
    if len(blocks) <= MESSAGE_BLOCKS_MAX:
        return blocks
    kept = blocks[: MESSAGE_BLOCKS_MAX - 1]
    left = len(blocks) - len(kept)
    return [*kept, context(more_note or f"… en nog {left} blokken die niet in één bericht passen.")]


def overflow(action_id: str, options: Sequence[tuple[str, str]]) -> Block:
    """A ⋯ menu (2 to 5 choices): (value, label) pairs."""
    return {"type": "overflow", "action_id": action_id, "options": [option(lbl, val) for val, lbl in options][:5]}


def select_element(
    action_id: str, options: Sequence[tuple[str, str]], *, initial: str | None = None, placeholder: str = "Kies…"
) -> Block:
    """A static select outside an input block (a section accessory or an actions element)."""
    opts = [option(label_, value) for value, label_ in options][:100]
    element: Block = {
        "type": "static_select",
        "action_id": action_id,
        "options": opts,
        "placeholder": plain(placeholder),
    }
    chosen = [o for o in opts if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def date_input(block_id: str, label: str, *, initial: str | None = None, optional: bool = False) -> Block:
    """A datepicker; `initial` as YYYY-MM-DD."""
    element: Block = {"type": "datepicker", "action_id": "value", "placeholder": plain("Kies een datum")}
    if initial:
        element["initial_date"] = initial
    return input_block(block_id, label, element, optional=optional)


def time_input(block_id: str, label: str, *, initial: str | None = None, optional: bool = False) -> Block:
    """A timepicker; `initial` as HH:MM."""
    element: Block = {"type": "timepicker", "action_id": "value", "placeholder": plain("Kies een uur")}
    if initial:
        element["initial_time"] = initial
    return input_block(block_id, label, element, optional=optional)


def user_input(block_id: str, label: str, *, initial: str | None = None, optional: bool = False) -> Block:
    element: Block = {"type": "users_select", "action_id": "value", "placeholder": plain("Kies iemand")}
    if initial:
        element["initial_user"] = initial
    return input_block(block_id, label, element, optional=optional)


def number_input(
    block_id: str, label: str, *, initial: int | None = None, minimum: int = 0, maximum: int = 100000
) -> Block:
    element: Block = {
        "type": "number_input",
        "action_id": "value",
        "is_decimal_allowed": False,
        "min_value": str(minimum),
        "max_value": str(maximum),
    }
    if initial is not None:
        element["initial_value"] = str(initial)
    return input_block(block_id, label, element)


def checkbox_input(
    block_id: str, label: str, options: Sequence[tuple[str, str]], *, initial: Iterable[str] = ()
) -> Block:
    opts = [option(label_, value) for value, label_ in options][:10]
    element: Block = {"type": "checkboxes", "action_id": "value", "options": opts}
    chosen = [o for o in opts if o["value"] in set(initial)]
    if chosen:
        element["initial_options"] = chosen
    return input_block(block_id, label, element, optional=True)
