"""Block Kit as readable terminal text, for `lerend-netwerk try`."""

from __future__ import annotations

import re
from typing import Any

_LINK = re.compile(r"<(?:mailto:)?([^|>]+)\|([^>]+)>")
_BARE = re.compile(r"<([^>]+)>")


def mrkdwn_to_text(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)}", text)
    text = _BARE.sub(lambda m: m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
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
        elif kind == "context":
            lines.append("   " + " ".join(mrkdwn_to_text(e.get("text", "")) for e in block["elements"]))
        elif kind == "actions":
            lines.append("   " + " ".join(f"[{e['text']['text']}]" for e in block["elements"] if "text" in e))
        elif kind == "divider":
            lines.append("   ―――")
    return "\n".join(lines).strip()


def reply_to_text(reply: dict[str, Any]) -> str:
    if reply.get("blocks"):
        return blocks_to_text(reply["blocks"])
    return mrkdwn_to_text(str(reply.get("text", "")))
