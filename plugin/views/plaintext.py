"""Block Kit as readable terminal text, for `lerend-netwerk try`."""

from __future__ import annotations

import re
from typing import Any

_LINK = re.compile(r"<(?:mailto:)?([^|>]+)\|([^>]+)>")
_BARE = re.compile(r"<([^>]+)>")
_ITALIC = re.compile(r"(?<!\w)_([^_\n]+)_(?!\w)")


def mrkdwn_to_text(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)}", text)
    text = _BARE.sub(lambda m: m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _ITALIC.sub(lambda m: m.group(1), text)
    return text.replace("*", "")


def blocks_to_text(blocks: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines += ["", block["text"]["text"].upper()]
        elif kind == "section":
            if block.get("text"):
                lines.append(mrkdwn_to_text(block["text"]["text"]))
            for field in block.get("fields") or []:
                lines.append(mrkdwn_to_text(field["text"]))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                lines.append(f"   [{accessory['text']['text']}]")
            elif accessory and "select" in str(accessory.get("type")):
                lines.append(f"   {_control(accessory)}")
        elif kind == "context":
            lines.append("   " + " ".join(mrkdwn_to_text(e.get("text", "")) for e in block["elements"]))
        elif kind == "actions":
            lines.append("   " + " ".join(_control(e) for e in block["elements"]))
        elif kind == "divider":
            lines.append("   ―――")
    return "\n".join(lines).strip()


MAX_OPTIONS = 6  # options listed per select; the rest is counted


def _plain(obj: dict[str, Any] | None) -> str:
    return mrkdwn_to_text(str((obj or {}).get("text", "")))


def _options(element: dict[str, Any]) -> list[str]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return [_plain(o.get("text")) for o in options]


def _element_text(element: dict[str, Any]) -> str:
    """One input element as a line: what a person fills in or picks."""
    kind = element.get("type", "")
    placeholder = _plain(element.get("placeholder"))
    if kind == "plain_text_input":
        initial = element.get("initial_value")
        shown = initial or placeholder
        return f"[ {shown} ]" if shown else "[ tekst ]"
    if kind in ("static_select", "multi_static_select", "radio_buttons", "checkboxes"):
        names = _options(element)
        listed = ", ".join(names[:MAX_OPTIONS]) + (
            f", … (+{len(names) - MAX_OPTIONS})" if len(names) > MAX_OPTIONS else ""
        )
        several = "kies er één of meer" if kind in ("multi_static_select", "checkboxes") else "kies er één"
        chosen = element.get("initial_option") or {}
        now = f"; nu: {_plain(chosen.get('text'))}" if chosen else ""
        return f"({several}: {listed}{now})"
    if kind in ("users_select", "multi_users_select"):
        return "(kies een persoon)"
    if kind in ("conversations_select", "channels_select"):
        return "(kies een kanaal)"
    if kind == "datepicker":
        return f"[ datum{': ' + element['initial_date'] if element.get('initial_date') else ''} ]"
    if kind == "timepicker":
        return f"[ uur{': ' + element['initial_time'] if element.get('initial_time') else ''} ]"
    if kind == "number_input":
        return "[ getal ]"
    return f"[ {placeholder or 'invullen'} ]"


def modal_to_text(view: dict[str, Any]) -> str:
    """A modal as readable text: its title, each field with what it asks, and its buttons."""
    lines = [f"┌ VENSTER: {_plain(view.get('title'))}"]
    for block in view.get("blocks") or []:
        if block.get("type") == "input":
            optional = " (optioneel)" if block.get("optional") else ""
            lines.append(f"│ {_plain(block.get('label'))}{optional}")
            lines.append(f"│    {_element_text(block.get('element') or {})}")
            if block.get("hint"):
                lines.append(f"│    ℹ {_plain(block['hint'])}")
        else:
            inner = blocks_to_text([block])
            lines += [f"│ {line}" for line in inner.splitlines() if line.strip()]
    buttons = [f"[{_plain(view[key])}]" for key in ("close", "submit") if view.get(key)]
    lines.append("└ " + " ".join(buttons) if buttons else "└")
    return "\n".join(lines)


def _control(element: dict[str, Any]) -> str:
    """A button as [Tekst]; a select as [gekozen of plaatshouder ▾]."""
    if element.get("type") == "button":
        return f"[{element['text']['text']}]"
    chosen = (element.get("initial_option") or {}).get("text") or element.get("placeholder") or {}
    return f"[{chosen.get('text', 'Kies…')} ▾]"


def reply_to_text(reply: dict[str, Any]) -> str:
    if reply.get("dev_views"):
        note = "(In Slack opent hier dit venster; zonder Slack toont `try` het als tekst.)"
        return "\n\n".join([note, *(modal_to_text(v) for v in reply["dev_views"])])
    if reply.get("blocks"):
        return blocks_to_text(reply["blocks"])
    return mrkdwn_to_text(str(reply.get("text", "")))
