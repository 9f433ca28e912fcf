"""Block Kit for `/activiteit`: the plan form, the channel announcement, the list, and the
organiser's follow-up after the date (how did it go? make it an offering?)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from domain.activities import (
    DESCRIPTION_MAX,
    HELD,
    NOT_HELD,
    PARTICIPANTS_MAX,
    PLACE_MAX,
    RECURRING,
    STATUS_LABELS,
    TITLE_MAX,
    when_nl,
)
from plugin.views.kit import (
    Block,
    actions,
    button,
    checkbox_input,
    clip,
    context,
    date_input,
    divider,
    escape,
    fit_message,
    header,
    modal,
    number_input,
    section,
    static_select,
    text_input,
    time_input,
)

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.activities import ActivityView
    from storage.activity_models import Activity

SAVE = "activiteit_save"
REPORT = "activiteit_verslag"
HELD_BUTTON = "activiteit_ja"
NOT_HELD_BUTTON = "activiteit_nee"
TO_OFFERING = "activiteit_aanbod"
RECURRING_OPTION = [(RECURRING, "Ja, dit komt geregeld terug (dan kan het later aanbod worden)")]
HELP = (
    "*Gezamenlijke activiteiten tegen een hiaat*\n"
    "• `/activiteit` plant er een: wat, met welke partners, wanneer en waar, en welk hiaat of welke nood het "
    "aanpakt. Het komt in het kanaal en bij `/hiaten` als *in aanpak*.\n"
    "• `/activiteit lijst` toont wat gepland is en wat onlangs plaatsvond.\n"
    "• Na de datum vraag ik de organisator of het doorging en hoeveel mensen kwamen; een terugkerende "
    "activiteit wordt met één knop aanbod."
)


def activity_modal(
    *,
    categories: Sequence[tuple[str, str]],
    organisations: Sequence[tuple[str, str]],
    needs: Sequence[tuple[str, str]],
    channel_id: str | None,
    today: date,
) -> Block:
    """`categories` come biggest gap first; `needs` are (id, short description) of recent `/nood` reports."""
    blocks: list[Block] = [
        text_input(
            "title", "Wat organiseren jullie?", max_length=TITLE_MAX,
            placeholder="bv. Infosessie Smartschool voor ouders",
        ),
        text_input("description", "Korte uitleg", multiline=True, optional=True, max_length=DESCRIPTION_MAX),
    ]  # fmt: skip
    if organisations:
        blocks.append(
            static_select(
                "partners", "Partnerorganisaties", organisations, multi=True, optional=True,
                hint="Wie organiseert mee? Jouw eigen organisatie telt vanzelf mee.",
            )
        )  # fmt: skip
    blocks += [
        date_input("date", "Datum", initial=today.isoformat()),
        time_input("time", "Uur", optional=True),
        text_input("place", "Waar", max_length=PLACE_MAX, placeholder="bv. Basisschool De Kleine Wereld, refter"),
        static_select(
            "category", "Welk hiaat pakt het aan?", categories, optional=True,
            hint="De grootste hiaten staan bovenaan. Laat leeg als je hieronder een gemelde nood kiest.",
        ),
    ]  # fmt: skip
    if needs:
        blocks.append(static_select("need", "Of: welke gemelde nood?", needs, optional=True))
    blocks.append(checkbox_input("recurring", "Terugkerend?", RECURRING_OPTION))
    return modal(
        "Activiteit plannen", blocks, callback_id=SAVE, submit="Plannen",
        private_metadata=json.dumps({"channel": channel_id or ""}),
    )  # fmt: skip


def need_option_text(description: str, label: str) -> str:
    """A reported need in the form's select: the category in front, clipped to Slack's 75 characters."""
    return clip(f"{label}: {' '.join(description.split())}", 75)


def _summary(view: ActivityView) -> str:
    a = view.activity
    lines = [f"🗓️ {when_nl(a.starts_on, a.start_time)} · 📍 {escape(a.place)}"]
    if view.organisations:
        lines.append(f"🤝 {escape(', '.join(view.organisations))}")
    lines.append(f"🛠 Pakt *{escape(view.category_label)}* aan")
    return "\n".join(lines)


def announcement(view: ActivityView) -> tuple[str, list[Block]]:
    a = view.activity
    text = f"📅 Nieuwe activiteit tegen een hiaat: {escape(a.title)}"
    parts = [
        f"📅 Nieuwe activiteit tegen een hiaat: *{escape(a.title)}*",
        f"{when_nl(a.starts_on, a.start_time)}, {escape(a.place)}",
    ]
    if view.organisations:
        parts.append(f"met {escape(', '.join(view.organisations))}")
    parts.append(f"pakt *{escape(view.category_label)}* aan")
    body = " — ".join(parts)
    if a.description:
        body += f"\n{escape(clip(a.description, 800))}"
    blocks = [
        section(body),
        context(f"Georganiseerd door <@{a.organiser_user_id}> · `/hiaten` toont het als *in aanpak*"),
    ]
    return clip(text, 300), blocks


def list_message(network_name: str, views: Sequence[ActivityView]) -> list[Block]:
    if not views:
        return [section(f"Nog geen activiteiten in *{escape(network_name)}*. Plan er een met `/activiteit`.")]
    blocks: list[Block] = [header(f"Activiteiten van {network_name}")]
    for n, view in enumerate(views):
        if n:
            blocks.append(divider())
        a = view.activity
        state = STATUS_LABELS.get(a.status, a.status)
        if a.status == HELD:
            state += f", {a.participants or 0} deelnemers"
        blocks.append(section(f"*{escape(a.title)}* — {state}\n{_summary(view)}"))
    return fit_message(blocks)


def follow_up_message(view: ActivityView) -> tuple[str, list[Block]]:
    """The DM to the organiser after the date."""
    a = view.activity
    text = f"Ging {escape(a.title)} door?"
    blocks = [
        section(
            f"👋 Ging *{escape(a.title)}* door op {when_nl(a.starts_on, a.start_time)}?\n"
            "Laat het weten: zo ziet het netwerk wat er met zijn hiaten gebeurt."
        ),
        actions(
            button("Ja, het ging door", HELD_BUTTON, str(a.id), style="primary"),
            button("Nee, niet doorgegaan", NOT_HELD_BUTTON, str(a.id)),
            block_id=f"activiteit_opvolging:{a.id}",
        ),
    ]
    return text, blocks


def report_modal(activity: Activity, *, channel_id: str | None, message: tuple[str, str] | None) -> Block:
    """How many took part, and whether it comes back (prefilled from the plan)."""
    blocks = [
        section(f"*{escape(activity.title)}* — {when_nl(activity.starts_on, activity.start_time)}"),
        number_input("participants", "Hoeveel mensen namen deel?", minimum=0, maximum=PARTICIPANTS_MAX),
        checkbox_input(
            "recurring", "Terugkerend?", RECURRING_OPTION, initial=[RECURRING] if activity.recurring else []
        ),
    ]
    meta = {"channel": channel_id or "", "activity": activity.id, "message": list(message) if message else None}
    return modal("Hoe ging het?", blocks, callback_id=REPORT, submit="Bewaren", private_metadata=json.dumps(meta))


def outcome_message(activity: Activity) -> tuple[str, list[Block]]:
    """The DM after the answer; a held activity can become an offering with one button."""
    if activity.status == NOT_HELD:
        text = f"{escape(activity.title)} ging niet door"
        return text, [section(f"❌ *{escape(activity.title)}* ging niet door. Genoteerd; het blijft niet *in aanpak*.")]
    text = f"{escape(activity.title)} ging door met {activity.participants or 0} deelnemers"
    blocks = [
        section(f"✅ *{escape(activity.title)}* ging door met *{activity.participants or 0}* deelnemers. Bedankt!")
    ]
    if activity.offering_id is None:
        invite = (
            "Komt het geregeld terug? Maak er aanbod van: dan vinden collega's het met `/verwijs`."
            if activity.recurring
            else "Wordt het toch iets dat terugkomt? Dan kan het aanbod worden."
        )
        style = "primary" if activity.recurring else None
        blocks.append(section(invite))
        blocks.append(actions(button("Maak er aanbod van", TO_OFFERING, str(activity.id), style=style)))
    return text, blocks
