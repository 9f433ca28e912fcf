"""Block Kit for offerings: the register/edit modal, result cards, lists, the referral modal."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.closures import describe_next_open_respecting_closures_nl
from domain.counts_nl import count_nl
from domain.labels_nl import (
    ACCESS_LABELS,
    LANGUAGE_LABELS,
    LOCATION_KIND_LABELS,
    STATUS_LABELS,
    TARGET_GROUP_LABELS,
    language_label,
)
from domain.offering_practical import closures_of, is_possibly_outdated, openings_of
from domain.schedule import Opening, describe_openings_nl
from plugin.views.escape import safe_url
from plugin.views.kit import (
    Block,
    actions,
    button,
    clip,
    context,
    divider,
    escape,
    header,
    link,
    modal,
    section,
    static_select,
    text_input,
)
from plugin.views.offering_practical import practical_blocks, practical_lines
from plugin.views.tenancy import network_hint

if TYPE_CHECKING:  # the renderers read rows handed to them; they never query
    from storage.models import Offering, Organisation

NEW_ORGANISATION = "__nieuw__"
CITY_WIDE_MARK = "🏙️ stadsbreed"


# -- the register / edit modal ------------------------------------------------------------------
def offering_modal(
    *,
    organisations: Sequence[Organisation],
    categories: Mapping[str, str],
    channel_id: str | None,
    offering: Offering | None = None,
    own_organisation_id: int | None = None,
    prefill: Offering | None = None,
    extra_metadata: Mapping[str, Any] | None = None,
    today: date,
) -> Block:
    """Register (empty, or `prefill`ed from an unsaved offering, e.g. an activity) or edit `offering`."""
    editing = offering is not None
    source = offering or prefill
    org_options = [(str(o.id), o.name) for o in organisations][:99]
    org_options.append((NEW_ORGANISATION, "➕ Nieuwe organisatie…"))
    initial_id = source.organisation_id if source else own_organisation_id
    initial_org = str(initial_id) if initial_id else None
    blocks: list[Block] = []
    if not editing:
        blocks += [
            static_select("organisation", "Organisatie", org_options, initial=initial_org),
            text_input(
                "new_organisation",
                "Nieuwe organisatie (als ze nog niet in de lijst staat)",
                optional=True,
                max_length=200,
                placeholder="bv. Buurtwerk De Kiem",
            ),
        ]
    hours = ""
    if source is not None:
        hours = describe_openings_nl(list(openings_of(source)))
        if source.by_appointment and not hours:
            hours = "op afspraak"
    blocks += [
        text_input(
            "name",
            "Naam van het aanbod",
            max_length=200,
            initial=source.name if source else None,
            placeholder="bv. Digicafé op woensdag",
        ),
        text_input(
            "description",
            "Korte beschrijving",
            multiline=True,
            optional=True,
            max_length=3000,
            initial=source.description if source else None,
            hint="Wat kan iemand er doen of leren? Max. 1500 tekens.",
        ),
        static_select(
            "categories",
            "Categorieën",
            list(categories.items()),
            multi=True,
            initial_many=source.categories if source else (),
        ),
        static_select(
            "target_groups",
            "Doelgroep",
            list(TARGET_GROUP_LABELS.items()),
            multi=True,
            optional=True,
            initial_many=source.target_groups if source else (),
        ),
        static_select(
            "languages",
            "Talen",
            list(LANGUAGE_LABELS.items()),
            multi=True,
            optional=True,
            initial_many=source.languages if source else ("nl",),
        ),
        text_input(
            "hours",
            "Wanneer",
            optional=True,
            max_length=300,
            initial=hours or None,
            placeholder="bv. ma 9-12, wo 13:30-16 — of: op afspraak",
            hint="Dagen en uren, of 'op afspraak'.",
        ),
        static_select(
            "location_kind",
            "Waar",
            list(LOCATION_KIND_LABELS.items()),
            initial=source.location_kind if source else "address",
        ),
        text_input(
            "address",
            "Adres",
            optional=True,
            max_length=300,
            initial=(source.address if source else None),
            placeholder="bv. Turnhoutsebaan 12, 2140 Borgerhout",
        ),
        static_select(
            "area",
            "Voor wie in de stad",
            [("wijk", "Onze wijk"), ("city", "Heel de stad (stadsbreed)")],
            initial=("city" if source and source.area is None else "wijk"),
        ),
        text_input(
            "fees",
            "Kostprijs",
            optional=True,
            max_length=300,
            initial=source.fees if source else None,
            placeholder="bv. gratis, of 2 euro per sessie",
        ),
        static_select(
            "access",
            "Hoe kom je erbij",
            list(ACCESS_LABELS.items()),
            initial=source.access if source else None,  # never a guess: what is not chosen shows as "vraag na"
            optional=True,
            hint="Leeg gelaten: de kaart zegt “toegang: vraag na”, en het aanbod telt niet als vrij binnenlopen.",
        ),
        text_input(
            "contact",
            "Contact (e-mail en/of telefoon)",
            optional=True,
            max_length=200,
            initial=", ".join(x for x in (source.contact_email, source.contact_phone) if x) if source else None,
            placeholder="bv. digi@organisatie.be, 03 123 45 67",
        ),
        *practical_blocks(source, today),
    ]
    metadata = json.dumps(
        {"offering": offering.id if offering else None, "channel": channel_id, **(extra_metadata or {})}
    )
    return modal(
        "Aanbod bewerken" if editing else "Aanbod registreren",
        blocks,
        callback_id="aanbod_save",
        submit="Bewaren",
        private_metadata=metadata,
    )


# -- one offering, as a card -----------------------------------------------------------------------
def where_text(offering: Offering) -> str:
    if offering.location_kind == "online":
        return "online"
    if offering.location_kind == "at_home":
        return "aan huis"
    parts = [offering.location_name, offering.address]
    if offering.postal_code or offering.city:
        parts.append(" ".join(p for p in (offering.postal_code, offering.city) if p))
    return ", ".join(dict.fromkeys(p for p in parts if p)) or "adres niet opgegeven"


UNKNOWN_ACCESS = "toegang: vraag na"
UNKNOWN_LANGUAGES = "taal: vraag na"
UNKNOWN_FEES = "kostprijs: vraag na"


def languages_text(codes: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(language_label(code) for code in codes)) or UNKNOWN_LANGUAGES


def access_text(access: str | None) -> str:
    return ACCESS_LABELS.get(access or "") or UNKNOWN_ACCESS


def contact_text(offering: Offering) -> str:
    org = offering.organisation
    email = offering.contact_email or org.email
    phone = offering.contact_phone or org.phone
    parts = [_email_link(email) if email else "", escape(phone) if phone else ""]
    if not any(parts) and (offering.url or org.website):
        parts.append(link(offering.url or org.website))  # the address itself, never behind a label
    return " · ".join(p for p in parts if p) or "geen contact opgegeven"


def _email_link(email: str) -> str:
    """A mail link that shows the address it writes to; an address that cannot be one is plain text."""
    target = safe_url(f"mailto:{email}")
    return f"<{target}|{escape(email)}>" if target and "&" not in email else escape(email)


def first_line(text: str, limit: int = 180) -> str:
    """The description's first line, as many whole sentences of it as fit in `limit` characters (a first
    sentence longer than that is clipped, the cut marked): "Tablets zijn er om te lenen tijdens de les."
    after a first sentence about the course is what tells a partner why it answers "laptop lenen"."""
    line = (text or "").strip().split("\n", 1)[0]
    if len(line) <= limit:
        return line
    shown = ""
    start = 0
    while (end := line.find(". ", start)) != -1 and end + 1 <= limit:
        shown, start = line[: end + 1], end + 2
    return shown or clip(line, limit)


OFTEN_HELPED_MARK = "👍 vaak geholpen"


def offering_card(
    offering: Offering,
    now: datetime,
    *,
    action: Block | None = None,
    network_name: str | None = None,
    city_wide: bool = False,
    often_helped: bool = False,
    openings: Sequence[Opening] | None = None,
) -> list[Block]:
    """Name, organisation, one line, next open, where, languages, cost, contact — in one glance.
    `often_helped`: enough recent referrals answered, mostly *Geholpen* (domain.referral_outcomes).
    `openings`: the weekly hours the 🕒 line looks at (those a search asked for); all of them by default."""
    marks = []
    if often_helped:
        marks.append(OFTEN_HELPED_MARK)
    if city_wide:
        marks.append(CITY_WIDE_MARK)
    if network_name:
        marks.append(f"📍 {escape(network_name)}")
    if offering.status != "active":
        marks.append(f"⏸️ {STATUS_LABELS.get(offering.status, offering.status)}")
    if is_possibly_outdated(offering, now):
        marks.append(f"⚠️ mogelijk verouderd (laatst bevestigd {offering.last_confirmed_at:%d/%m/%Y})")
    title = f"*{escape(offering.name)}* — {escape(offering.organisation.name)}"
    if marks:
        title += "\n" + " · ".join(marks)
    description = first_line(offering.description)
    # only by appointment: the hours are when one is made, never "also by appointment" (as if walking in could)
    appointment_only = offering.access == "appointment"
    when = describe_next_open_respecting_closures_nl(
        list(openings if openings is not None else openings_of(offering)), closures_of(offering), now,
        offering.by_appointment and not appointment_only,
        bool(offering.follows_school_holidays),
    )  # fmt: skip
    if appointment_only and not when.startswith("op afspraak"):
        when = f"op afspraak, {when}"
    body = (
        f"{title}\n{escape(description)}\n"
        f"🕒 {when} · 📍 {escape(where_text(offering))}\n"
        f"🗣️ {languages_text(offering.languages)} · 💶 {escape(clip(offering.fees or UNKNOWN_FEES, 120))}"
        f" · {access_text(offering.access)}\n"
        + "".join(f"{line}\n" for line in practical_lines(offering, now))
        + f"✉️ {contact_text(offering)}"
    )
    return [section(body, accessory=action)]


# -- lists -----------------------------------------------------------------------------------------
def network_offerings_message(network_name: str, offerings: Sequence[Offering]) -> list[Block]:
    """`/aanbod lijst`: one compact section per organisation."""
    if not offerings:
        return [section(f"*Aanbod van {escape(network_name)}*\nNog geen aanbod geregistreerd. Begin met `/aanbod`.")]
    by_org: dict[str, list[Offering]] = {}
    for offering in offerings:
        by_org.setdefault(offering.organisation.name, []).append(offering)
    blocks: list[Block] = [
        header(f"Aanbod van {network_name}"),
        context(f"{count_nl(len(offerings), 'aanbieding')} bij {count_nl(len(by_org), 'organisatie')}"),
    ]
    for org_name, items in by_org.items():
        lines = [f"*{escape(org_name)}*"]
        for o in items:
            status = "" if o.status == "active" else f" _({STATUS_LABELS.get(o.status, o.status)})_"
            area = " · stadsbreed" if o.area is None else ""
            lines.append(f"• {escape(o.name)}{status}{area}")
        blocks.append(section(clip("\n".join(lines), 2900)))
    if len(blocks) > 50:
        blocks = blocks[:49] + [context(f"… en nog {len(blocks) - 49} organisaties. Zoek gericht met `/verwijs`.")]
    return blocks


def my_offerings_message(organisation: Organisation, offerings: Sequence[Offering], now: datetime) -> list[Block]:
    """`/aanbod mijn`: each offering with Bewerk, Pauzeer/Activeer and Nog actueel."""
    blocks: list[Block] = [header(f"Aanbod van {organisation.name}")]
    if not offerings:
        blocks.append(section("Je organisatie heeft nog geen aanbod. Registreer het met `/aanbod`."))
        return blocks
    for offering in offerings[:15]:
        blocks += offering_card(offering, now, city_wide=offering.area is None)
        toggle = "Activeer" if offering.status == "paused" else "Pauzeer"
        blocks.append(
            actions(
                button("Bewerk", "aanbod_edit", str(offering.id)),
                button(toggle, "aanbod_toggle", str(offering.id)),
                button("Nog actueel", "aanbod_confirm", str(offering.id), style="primary"),
                block_id=f"aanbod_{offering.id}",
            )
        )
        blocks.append(divider())
    if len(offerings) > 15:
        blocks.append(context(f"… en nog {len(offerings) - 15}. Beheer ze per stuk via `/verwijs` of de Home-tab."))
    return blocks


# -- the referral modal ----------------------------------------------------------------------------
PRIVACY_NOTE = (
    "🔒 *Geen persoonsgegevens.* Noteer hier nooit de naam, het adres, het telefoonnummer, het "
    "rijksregisternummer of andere gegevens van je cliënt. We bewaren alleen dat er werd doorverwezen, "
    "de categorie en je korte notitie."
)


def referral_modal(offering: Offering, categories: Mapping[str, str], channel_id: str | None) -> Block:
    choices = [(slug, categories.get(slug, slug)) for slug in offering.categories] or list(categories.items())
    blocks = [
        section(f"Doorverwijzen naar *{escape(offering.name)}* ({escape(offering.organisation.name)})."),
        context(PRIVACY_NOTE),
        static_select("category", "Categorie van de vraag", choices, initial=choices[0][0] if choices else None),
        text_input(
            "note",
            "Korte notitie voor de organisatie",  # optional: Slack adds the marker itself
            multiline=True,
            optional=True,
            max_length=280,
            placeholder="bv. heeft hulp nodig bij het activeren van itsme",
            hint="Mag leeg blijven. Max. 280 tekens, zonder persoonsgegevens; de organisatie leest ze in haar bericht.",
        ),
    ]
    metadata = json.dumps({"offering": offering.id, "channel": channel_id})
    return modal("Verwijs door", blocks, callback_id="verwijs_door", submit="Doorverwijzen", private_metadata=metadata)


def category_buttons(categories: Mapping[str, str], action_id: str) -> list[Block]:
    """Category buttons, 5 per actions block (Slack shows long rows poorly)."""
    items = list(categories.items())
    return [
        actions(*(button(label, action_id, slug) for slug, label in items[i : i + 5]), block_id=f"{action_id}_{i}")
        for i in range(0, len(items), 5)
    ]


def confirm_request_message(offering: Offering, now: datetime) -> list[Block]:
    """The once-only question to an organisation about an offering not confirmed for six months."""
    return [
        section(
            f"👋 Is *{escape(offering.name)}* ({escape(offering.organisation.name)}) nog actueel? "
            f"Het werd sinds {offering.last_confirmed_at:%d/%m/%Y} niet meer bevestigd; collega's zien het nu "
            "als *mogelijk verouderd* bij `/verwijs`."
        ),
        *offering_card(offering, now),
        actions(
            button("Nog actueel", "aanbod_confirm", str(offering.id), style="primary"),
            button("Bewerk", "aanbod_edit", str(offering.id)),
            button("Pauzeer", "aanbod_toggle", str(offering.id)),
            block_id=network_hint(f"confirm_{offering.id}", offering.network_id),  # a DM: say whose it is
        ),
    ]


def offering_announcement(org_name: str, name: str) -> tuple[str, list[Block]]:
    """The channel's announcement of a new offering (from `/aanbod` or an edit link; stored in the
    outbox with the offering); the names are what a person typed, so escaped."""
    org_name, name = escape(org_name), escape(name)
    return (
        f"🆕 Nieuw aanbod van *{org_name}*: *{name}*. Zoek het met `/verwijs`.",
        [section(f"🆕 Nieuw aanbod van *{org_name}*: *{name}*\nZoek het met `/verwijs`.")],
    )
