"""The minutes of a meeting (verslag) as one model, and its Markdown rendering for e-mail.

`/verslag` posts the same model as Block Kit (plugin.views.meetings) and
`lerend-netwerk verslag --format md` prints it as Markdown: what one shows, the other shows.
Texts are kept as stored: plain text that may hold Slack's mention and link tokens
(`<@U123>`, `<#C123|kanaal>`, `<https://…|label>`); each renderer turns those into its own form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from domain.dates_nl import format_date_nl, format_datetime_nl

# Slack's tokens in message text: a user, a channel, or a link with an optional label.
SLACK_TOKEN_RE = re.compile(r"<(@[UW][A-Z0-9]+|#C[A-Z0-9]+|https?://[^|>\s]+)(?:\|([^>]*))?>")


@dataclass(frozen=True)
class MinutesPoint:
    text: str
    proposed_by: str | None = None
    # For a carried-over action item: is it done by now? None for an ordinary point.
    item_done: bool | None = None


@dataclass(frozen=True)
class MinutesDecision:
    text: str
    author: str | None


@dataclass(frozen=True)
class MinutesAction:
    text: str
    owner: str
    due: date | None
    done_by: str | None = None
    done_at: datetime | None = None
    source_url: str | None = None

    @property
    def done(self) -> bool:
        return self.done_by is not None


@dataclass(frozen=True)
class Minutes:
    network_name: str
    title: str
    starts_at: datetime
    location: str | None
    coming: tuple[str, ...]
    not_coming: tuple[str, ...]
    no_answer: tuple[str, ...]
    points: tuple[MinutesPoint, ...]
    carried: tuple[MinutesPoint, ...]
    decisions: tuple[MinutesDecision, ...]
    actions: tuple[MinutesAction, ...]
    thread_url: str | None = None

    @property
    def when(self) -> str:
        return format_datetime_nl(self.starts_at)

    @property
    def nobody_answered(self) -> bool:
        """Nobody said *Ik kom* or *Ik kan niet*: the minutes then say so, and claim no attendance."""
        return not self.coming and not self.not_coming

    def missed_it(self, members: Iterable[str]) -> list[str]:
        """Members who did not answer *Ik kom*: they get the catch-up message."""
        came = set(self.coming)
        return [m for m in members if m not in came]


NO_POINTS = "Nog geen agendapunten."
NO_DECISIONS = "Geen beslissingen gemarkeerd met 📌."
NO_ACTIONS = "Geen actiepunten."
NOBODY_ANSWERED = "niemand liet iets weten (niemand klikte *Ik kom* of *Ik kan niet*)"
SAID_COMING = "Zei te komen (Ik kom)"
SAID_NOT_COMING = "Kon niet komen (Ik kan niet)"
NO_ANSWER = "Liet niets weten"


def due_text(due: date | None) -> str:
    return f"tegen {format_date_nl(due)}" if due else "geen deadline"


# -- Markdown --------------------------------------------------------------------------------------
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL_RE.sub(r"\\\1", text)


def slack_to_markdown(text: str, names: Mapping[str, str] | None = None) -> str:
    """Slack tokens become readable Markdown (@Naam, #kanaal, [label](url)); the rest is escaped."""
    names = names or {}
    out: list[str] = []
    last = 0
    for match in SLACK_TOKEN_RE.finditer(text or ""):
        out.append(_md_escape(text[last : match.start()]))
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            out.append("@" + _md_escape(names.get(target[1:]) or label or target[1:]))
        elif target.startswith("#"):
            out.append("#" + _md_escape(label or target[1:]))
        else:
            out.append(f"[{_md_escape(label or target)}]({target})")
        last = match.end()
    out.append(_md_escape((text or "")[last:]))
    return "".join(out)


def _person(user_id: str | None, names: Mapping[str, str]) -> str:
    if not user_id:
        return "onbekend"
    return "@" + _md_escape(names.get(user_id) or user_id)


def _people(user_ids: Iterable[str], names: Mapping[str, str]) -> str:
    listed = [_person(u, names) for u in user_ids]
    return ", ".join(listed) if listed else "niemand"


def _item(text: str) -> str:
    """A list item's text; further lines are indented so they stay part of the item."""
    return "\n   ".join(line for line in text.splitlines() if line.strip()) or " "


def render_markdown(minutes: Minutes, names: Mapping[str, str] | None = None) -> str:
    """The minutes for an e-mail; `names` maps user ids to display names (ids are shown otherwise)."""
    names = names or {}
    md = lambda text: _item(slack_to_markdown(text, names))  # noqa: E731
    where = f" · {_md_escape(minutes.location)}" if minutes.location else ""
    lines = [
        f"# Verslag: {_md_escape(minutes.title)}",
        "",
        f"**{_md_escape(minutes.network_name)}** · {minutes.when}{where}",
        "",
        "## Aanwezigheid",
        "",
        *(
            [f"- {NOBODY_ANSWERED.replace('*', '_')}"]
            if minutes.nobody_answered
            else [
                f"- {SAID_COMING}: {_people(minutes.coming, names)}",
                f"- {SAID_NOT_COMING}: {_people(minutes.not_coming, names)}",
                f"- {NO_ANSWER}: {_people(minutes.no_answer, names)}",
            ]
        ),
        "",
        "## Agenda",
        "",
    ]
    if minutes.points:
        for number, point in enumerate(minutes.points, start=1):
            by = f" _(voorgesteld door {_person(point.proposed_by, names)})_" if point.proposed_by else ""
            lines.append(f"{number}. {md(point.text)}{by}")
    else:
        lines.append(NO_POINTS)
    if minutes.carried:
        lines += ["", "## Openstaand van vorige keer", ""]
        for point in minutes.carried:
            done = " (intussen afgerond)" if point.item_done else ""
            lines.append(f"- {md(point.text)}{done}")
    lines += ["", "## Beslissingen", ""]
    if minutes.decisions:
        for decision in minutes.decisions:
            by = f" _({_person(decision.author, names)})_" if decision.author else ""
            lines.append(f"- {md(decision.text)}{by}")
    else:
        lines.append(NO_DECISIONS)
    lines += ["", "## Actiepunten", ""]
    if minutes.actions:
        for action in minutes.actions:
            box = "[x]" if action.done else "[ ]"
            status = f" (afgerond door {_person(action.done_by, names)})" if action.done else ""
            source = f" · [bron]({action.source_url})" if action.source_url else ""
            lines.append(
                f"- {box} {md(action.text)} — {_person(action.owner, names)}, {due_text(action.due)}{status}{source}"
            )
    else:
        lines.append(NO_ACTIONS)
    if minutes.thread_url:
        lines += ["", f"[Het overleg in Slack]({minutes.thread_url})"]
    return "\n".join(lines) + "\n"
