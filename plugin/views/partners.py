"""Block Kit for the coordinator's outreach list: the list with its buttons, the organisation form,
the invitation text, and the monthly nudge."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.counts_nl import count_nl
from domain.dates_nl import BRUSSELS
from domain.labels_nl import ORGANISATION_KINDS
from domain.outreach import (
    CONTACT_NAME_MAX,
    EMAIL_MAX,
    INVITED,
    NAME_MAX,
    NOTE_MAX,
    STATUSES,
    PartnerFacts,
    counts_by_status,
    last_contact_label,
    status_label,
    statuses_for,
)
from plugin.views.kit import (
    Block,
    actions,
    button,
    clip,
    context,
    escape,
    fit_message,
    header,
    modal,
    section,
    sections,
    select_element,
    static_select,
    text_input,
    user_input,
)

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.outreach import PartnerRow

PAGE = 12
STATUS = "partner_status"
CONTACT = "partner_contact"
INVITE = "partner_invite"
MARK_INVITED = "partner_invited"
EDIT = "partner_edit"
ADD = "partner_add"
TURN = "partner_page"
SAVE = "partner_save"
ROW_PREFIX = "partner:"
STATUS_OPTIONS = [(slug, status_label(slug)) for slug in STATUSES]


def _contact(row: PartnerRow) -> str:
    """A Slack member and/or a name (e-mail) for an organisation not on Slack."""
    parts = [f"<@{row.contact_person}>"] if row.contact_person else []
    named = escape(row.contact_name or "")
    if row.contact_email:
        named = f"{named} ({escape(row.contact_email)})" if named else escape(row.contact_email)
    if named:
        parts.append(named)
    return " / ".join(parts) if parts else "_nog niemand_"


def _row_text(row: PartnerRow) -> str:
    last = last_contact_label(row.last_contact.astimezone(BRUSSELS).date() if row.last_contact else None)
    details = [f"Contact: {_contact(row)}", f"Laatste contact: {last}"]
    if row.note:
        details.append(f"📝 {escape(clip(row.note, 300))}")
    return f"*{escape(row.name)}* · {status_label(row.status)}\n" + " · ".join(details)


def partner_blocks(row: PartnerRow, page: int) -> list[Block]:
    """One organisation: its card with the status select, and its three buttons."""
    value = json.dumps({"o": row.organisation_id, "p": page})
    choices = [(slug, label) for slug, label in STATUS_OPTIONS if slug in statuses_for(bool(row.members))]
    status = select_element(STATUS, choices, initial=row.status)
    return [
        section(_row_text(row), accessory=status, block_id=f"{ROW_PREFIX}{row.organisation_id}:{page}"),
        actions(
            button("Contact gehad", CONTACT, value),
            button("Uitnodiging", INVITE, value),
            button("Bewerk", EDIT, value),
            button("Weblink", "partner_weblink", value),
            block_id=f"partner_buttons:{row.organisation_id}",
        ),
    ]


def _sort_key(row: PartnerRow) -> tuple[int, str]:
    return list(STATUSES).index(row.status) if row.status in STATUSES else len(STATUSES), row.name.casefold()


def partners_message(network_name: str, rows: Sequence[PartnerRow], page: int) -> list[Block]:
    """The whole list, a page at a time: who needs attention first (on the list, invited, later)."""
    ordered = sorted(rows, key=_sort_key)
    pages = max(1, -(-len(ordered) // PAGE))
    page = min(max(page, 0), pages - 1)
    counts = counts_by_status({r.organisation_id: r.status for r in rows})
    summary = " · ".join(f"{status_label(s)}: {n}" for s, n in counts.items() if n)
    blocks: list[Block] = [
        header(f"Partners van {network_name}"),
        context(summary or "Nog geen organisaties op de lijst."),
        actions(
            button("Organisatie toevoegen", ADD, json.dumps({"p": page}), style="primary"),
            button("Uitnodigingstekst", INVITE, json.dumps({"o": None, "p": page})),
            block_id="partner_tools",
        ),
    ]
    for row in ordered[page * PAGE : (page + 1) * PAGE]:
        blocks += partner_blocks(row, page)
    if pages > 1:
        turns = []
        if page > 0:
            turns.append(button("Vorige", TURN, str(page - 1)))
        if page < pages - 1:
            turns.append(button("Volgende", TURN, str(page + 1)))
        blocks.append(context(f"Pagina {page + 1} van {pages} · {count_nl(len(ordered), 'organisatie')}"))
        blocks.append(actions(*turns, block_id="partner_turn"))
    return fit_message(blocks)


def invitation_message(text: str, row: PartnerRow | None, page: int) -> list[Block]:
    who = f" voor *{escape(row.name)}*" if row else ""
    blocks: list[Block] = [section(f"✉️ Uitnodiging{who} — kopieer de tekst naar je e-mail of bericht:")]
    blocks += sections(f"```{escape(text)}```")
    if row is not None and INVITED in statuses_for(bool(row.members)):
        value = json.dumps({"o": row.organisation_id, "p": page})
        blocks.append(actions(button("Markeer als uitgenodigd", MARK_INVITED, value, style="primary")))
    return blocks


def partner_modal(row: PartnerRow | None, *, channel_id: str | None, page: int) -> Block:
    """Add an organisation (name, kind, status) or edit one's contact and note."""
    blocks: list[Block] = []
    if row is None:
        blocks += [
            text_input("name", "Naam van de organisatie", max_length=NAME_MAX, placeholder="bv. Buurtwerk De Kiem"),
            static_select("kind", "Soort organisatie", list(ORGANISATION_KINDS.items()), optional=True),
            static_select("status", "Status", STATUS_OPTIONS, initial="op-de-lijst"),
        ]
    else:
        blocks.append(section(f"*{escape(row.name)}* — {status_label(row.status)}"))
    blocks += [
        user_input(
            "contact_user", "Contactpersoon op Slack", initial=row.contact_user_id if row else None, optional=True
        ),
        text_input(
            "contact_name",
            "Of: naam van de contactpersoon",
            optional=True,
            max_length=CONTACT_NAME_MAX,
            initial=row.contact_name if row else None,
            hint="Voor organisaties die (nog) niet op Slack zijn.",
        ),
        text_input(
            "contact_email",
            "E-mail van de contactpersoon",
            optional=True,
            max_length=EMAIL_MAX,
            initial=row.contact_email if row else None,
        ),
        text_input(
            "note", "Notitie", multiline=True, optional=True, max_length=NOTE_MAX, initial=row.note if row else None
        ),
    ]
    meta = json.dumps({"channel": channel_id or "", "organisation": row.organisation_id if row else None, "p": page})
    title = "Organisatie bewerken" if row else "Organisatie toevoegen"
    return modal(title, blocks, callback_id=SAVE, private_metadata=meta)


def nudge_message(
    network_name: str, to_contact: Sequence[PartnerFacts], missing: Sequence[PartnerFacts]
) -> tuple[str, list[Block]]:
    """The monthly DM: a nudge for the separate conversation, not a report."""
    blocks: list[Block] = [
        header("Contact met je partners"),
        section(
            f"Je maandelijkse geheugensteun voor *{escape(network_name)}*: met wie plan je eens een apart gesprek? "
            "Log een contact met *Contact gehad* in `/netwerk partners`."
        ),
    ]
    if to_contact:
        lines = [
            f"• *{escape(p.name)}* ({status_label(p.status)}) — laatste contact: {last_contact_label(p.last_contact)}"
            for p in to_contact
        ]
        blocks += sections("*Al drie maanden geen contact*\n" + "\n".join(lines))
    if missing:
        lines = [f"• *{escape(p.name)}* — " + ", ".join(f"<@{u}>" for u in sorted(p.members)[:5]) for p in missing]
        blocks += sections("*Niet op de laatste twee overleggen*\n" + "\n".join(lines))
    blocks.append(
        context("`/netwerk partners` toont de hele lijst · `/netwerk uitnodiging <organisatie>` maakt een uitnodiging.")
    )
    text = f"Contact met je partners: {len(to_contact)} zonder contact, {len(missing)} niet op het overleg"
    return text, fit_message(blocks)
