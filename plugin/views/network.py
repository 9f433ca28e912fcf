"""Block Kit for `/netwerk`: the network at a glance, the join code, and the help."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from domain.counts_nl import count_nl
from domain.dates_nl import format_datetime_nl
from domain.referral_outcomes import Tally
from plugin.views.kit import Block, clip, context, escape, fit_message, header, section, sections

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.meeting_models import Meeting
    from storage.network_links import LinkedNetwork, NetworkOverview, OrganisationLine
    from storage.networks import NetworkRef

HELP = (
    "*`/netwerk`* toont je netwerk: organisaties, trekker, volgend overleg en de stedelijke koppeling.\n"
    "• `/netwerk organisatie <naam>` koppelt jou aan je organisatie (nieuw als ze nog niet bestaat)\n"
    "• `/netwerk partners` toont alle organisaties in de wijk met hun status en laatste contact (trekker)\n"
    "• `/netwerk uitnodiging <organisatie>` maakt een uitnodiging om mee te doen (trekker)\n"
    "• `/netwerk publiek aan|uit|nieuw-adres` zet de sociale kaart op het web aan of uit (trekker)\n"
    "• `/netwerk trekker @iemand` geeft de trekkersrol door (trekker of werkruimtebeheerder)\n"
    "• `/netwerk nieuw <naam>` start een nieuw netwerk in dit kanaal\n"
    "• `/netwerk code` maakt van dit netwerk een stadsnetwerk en toont de deelcode (trekker)\n"
    "• `/netwerk koppel <code>` koppelt dit wijknetwerk aan een stadsnetwerk (trekker)\n"
    "• `/netwerk ontkoppel` maakt die koppeling ongedaan (trekker)"
)
FOOTER = "`/netwerk help` toont alle mogelijkheden · `/aanbod lijst` toont al het aanbod"


def help_message(unknown: str | None = None) -> list[Block]:
    """The subcommands; after a typo, first what was not understood."""
    blocks = [section(HELP)]
    if unknown:
        blocks.insert(0, section(f"`/netwerk {escape(clip(unknown, 40))}` ken ik niet."))
    return blocks


def _linked_name(link: LinkedNetwork) -> str:
    return f"*{escape(link.name)}*" + (" _(andere werkruimte)_" if link.other_workspace else "")


def _organisation_line(line: OrganisationLine) -> str:
    if not line.active and not line.paused:
        return f"• {escape(line.name)} — nog geen aanbod"
    paused = f" ({line.paused} gepauzeerd)" if line.paused else ""
    return f"• {escape(line.name)} — {count_nl(line.active + line.paused, 'aanbieding')}{paused}"


def _city_text(net: NetworkRef, view: NetworkOverview) -> str:
    if net.is_city_wide:
        if not view.neighbourhoods:
            return "🏙️ *Stadsnetwerk.* Nog geen wijknetwerken gekoppeld: de trekker deelt de code met `/netwerk code`."
        names = ", ".join(_linked_name(n) for n in view.neighbourhoods)
        linked = count_nl(len(view.neighbourhoods), "gekoppeld wijknetwerk")
        return f"🏙️ *Stadsnetwerk* met {linked}: {names}.\n`/verwijs` zoekt hier ook in hun aanbod."
    if view.city_network is not None:
        return (
            f"🏙️ Gekoppeld aan stadsnetwerk {_linked_name(view.city_network)}: "
            "wie daar `/verwijs` gebruikt, vindt ook jullie aanbod."
        )
    return "🏙️ Niet gekoppeld aan een stadsnetwerk. De trekker koppelt met `/netwerk koppel <code>`."


def overview_message(
    net: NetworkRef,
    view: NetworkOverview,
    *,
    viewer: str,
    own_organisation: str | None,
    meeting: Meeting | None,
    flows: Mapping[tuple[str, str], Tally] | None = None,
) -> list[Block]:
    """`/netwerk`: who is in it, who coordinates, when we meet, how it hangs together with the city.
    `flows` (for the coordinator only): referrals between organisations and how many were helped."""
    coordinator = f"<@{net.coordinator_user_id}>" if net.coordinator_user_id else "nog niemand"
    about = [f"👤 Trekker: {coordinator} · 👥 {count_nl(view.member_count, 'lid')}"]
    if net.neighbourhood:
        about.append(f"📍 Wijk: {escape(net.neighbourhood)}")
    if own_organisation:
        about.append(f"Jij spreekt voor *{escape(own_organisation)}*.")
    else:
        about.append("Je bent nog niet aan een organisatie gekoppeld: `/netwerk organisatie <naam>`.")
    blocks: list[Block] = [
        header(net.name),
        section("\n".join(about)),
    ]
    if meeting is not None:
        where = f" · {escape(meeting.location)}" if meeting.location else ""
        blocks.append(
            section(f"📅 Volgend overleg: *{escape(meeting.title)}*, {format_datetime_nl(meeting.starts_at)}{where}")
        )
    blocks.append(section(_city_text(net, view)))
    if net.is_city_wide and view.join_code and net.is_coordinator(viewer):
        blocks.append(context(f"Deelcode voor wijknetwerken (alleen jij ziet dit): `{view.join_code}`"))
    if flows is not None:
        blocks += sections(flows_text(flows))
    if view.organisations:
        lines = [f"*Organisaties ({len(view.organisations)})*", *map(_organisation_line, view.organisations)]
        blocks += sections("\n".join(lines))
    else:
        blocks.append(section("*Organisaties*\nNog geen. Koppel je organisatie met `/netwerk organisatie <naam>`."))
    blocks.append(context(FOOTER))
    return fit_message(blocks, more_note="… en meer organisaties. `/aanbod lijst` toont al het aanbod.")


FLOWS_SHOWN = 15


def flows_text(flows: Mapping[tuple[str, str], Tally]) -> str:
    """ "Bib → CAW: 12 doorverwijzingen, 9 geholpen", most referrals first."""
    title = "*Doorverwijzingen tussen organisaties* (alleen de trekker ziet dit)"
    if not flows:
        return f"{title}\nNog geen doorverwijzingen tussen organisaties van het netwerk."
    lines = [
        f"{escape(source)} → {escape(target)}: {count_nl(t.sent, 'doorverwijzing')}, {t.helped} geholpen"
        + (f", {t.no_place} zonder plaats" if t.no_place else "")
        for (source, target), t in list(flows.items())[:FLOWS_SHOWN]
    ]
    if len(flows) > FLOWS_SHOWN:
        lines.append(f"… en nog {len(flows) - FLOWS_SHOWN} andere stromen.")
    return "\n".join([title, *lines])


def join_code_message(network_name: str, code: str) -> list[Block]:
    return [
        section(
            f"🏙️ *{escape(network_name)}* is een stadsnetwerk.\n"
            f"Deelcode: `{code}`\n"
            f"De trekker van een wijknetwerk koppelt met `/netwerk koppel {code}`, ook vanuit een andere "
            "werkruimte. `/verwijs` zoekt hier dan ook in het aanbod van die wijk, met vermelding van de wijk."
        ),
        context("Deel de code alleen met trekkers van wijknetwerken."),
    ]
