"""One escaping rule for everything a person typed, in blocks and in a message's `text` alike.

Slack reads `<…>` in mrkdwn and in a message's `text` as control sequences: `<!channel>`,
`<!here>`, `<!everyone>`, `<!subteam^…>` ping a whole group, `<@U…>` a person, `<#C…>` names a
channel and `<url|label>` hides an address behind a label. Nothing a person typed may reach Slack
as one of those, so:

- `escape()` for plain typed text (names, titles, descriptions, queries): `&`, `<`, `>` become
  `&amp;`, `&lt;`, `&gt;` (Slack's own escaping) and Slack shows exactly what was typed;
- `rich()` for text that may hold Slack's tokens (a message someone posted, a command with
  "escape channels, users and links"): the tokens are shown as readable text — `@naam`,
  `#kanaal`, a link with its address visible — and never as a ping;
- `link()` for an address a person typed: shown as itself (`<https://…>`), never behind a label.

Mentions the app writes itself (`<@U…>` of a member it knows, `<#C…>` of a channel it posts in)
are built by the views, not by these functions.
"""

from __future__ import annotations

import re

# A Slack token as it comes in text: `<target>` or `<target|label>`.
_TOKEN_RE = re.compile(r"<([^<>|\s]+)(?:\|([^<>]*))?>")
_URL_RE = re.compile(r"^(?:https?://|mailto:)[^\s<>|\"]+$", re.IGNORECASE)


def escape(text: str | None) -> str:
    """Typed text for mrkdwn or a message's `text`: `&`, `<` and `>` as Slack escapes them."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str | None) -> str | None:
    """The address if it can stand in a link token as it is (http, https, mailto; no spaces, `<`, `>`
    or `|`), else None. `&` is escaped as Slack wants it inside a token."""
    url = (url or "").strip()
    if not url or not _URL_RE.match(url):
        return None
    return url.replace("&amp;", "&").replace("&", "&amp;")


def link(url: str | None, label: str | None = None) -> str:
    """An address a person typed, visible as itself: `<https://…>`; with a label of the app's own or
    typed: `label: <https://…>`. An address that cannot be a link is shown as escaped text."""
    safe = safe_url(url)
    shown = f"<{safe}>" if safe else escape(url)
    return f"{escape(label)}: {shown}" if label else shown


def rich(text: str | None) -> str:
    """Text that may hold Slack's tokens, for mrkdwn: escaped, with every token shown as readable
    text instead of acting (no ping, no hidden address)."""
    text = text or ""
    out: list[str] = []
    last = 0
    for match in _TOKEN_RE.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(_readable(match.group(1), match.group(2)))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _readable(target: str, label: str | None) -> str:
    label = (label or "").strip()
    if target.startswith("@"):
        return "@" + escape(label or "iemand")
    if target.startswith("#"):
        return "#" + escape(label or "kanaal")
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^…|@groep>, <!date…>: shown, never acting
        return escape(f"<{target}{'|' + label if label else ''}>")
    if safe_url(target) is None:  # not a token at all, e.g. "<dringend>": shown as typed
        return escape(f"<{target}{'|' + label if label else ''}>")
    address = target[len("mailto:") :] if target.lower().startswith("mailto:") else target
    if not label or label == address or label == target:
        return link(target)
    return link(target, label)
