"""Messages of the organisation approval: the question to its members and the coordinator (with
*Toestaan* / *Weigeren*), what the requester is told, and the answer shown in place of the buttons."""

from __future__ import annotations

from plugin.views.kit import Block, actions, button, context, escape, section

ALLOW = "organisatie_toestaan"
REFUSE = "organisatie_weigeren"


def asked_text(organisation: str) -> str:
    return (
        f"📨 *{escape(organisation)}* heeft al leden in het netwerk. Ik vroeg hen en de trekker of jij voor "
        "de organisatie mag spreken; je krijgt een bericht zodra iemand antwoordt. Tot dan pas je het aanbod "
        "van de organisatie niet aan."
    )


def pending_text(organisation: str) -> str:
    return (
        f"⏳ Je vraag om voor *{escape(organisation)}* te spreken loopt nog: de leden en de trekker kregen ze al. "
        "Je krijgt een bericht zodra iemand antwoordt."
    )


def request_message(requester: str, organisation: str, network: str, request_id: int) -> tuple[str, list[Block]]:
    text = f"<@{requester}> wil voor {escape(organisation)} spreken in {escape(network)}."
    blocks = [
        section(
            f"🔑 <@{requester}> wil voor *{escape(organisation)}* spreken in *{escape(network)}*: aanbod "
            "registreren, aanpassen en pauzeren. Klopt dat?"
        ),
        actions(
            button("Toestaan", ALLOW, str(request_id), style="primary"),
            button("Weigeren", REFUSE, str(request_id), style="danger"),
            block_id=f"toegang:{request_id}",
        ),
        context("Jij krijgt deze vraag als lid van de organisatie of als trekker. Eén antwoord volstaat."),
    ]
    return text, blocks


def decided_here(requester: str, organisation: str, allowed: bool) -> str:
    """Shown to the one who answered, in place of the buttons."""
    if allowed:
        return f"✅ Toegestaan: <@{requester}> spreekt nu voor *{escape(organisation)}*."
    return f"❌ Geweigerd: <@{requester}> spreekt niet voor *{escape(organisation)}*."


def decided_before(requester: str, organisation: str, decided_by: str | None, allowed: bool) -> str:
    verb = "toegestaan" if allowed else "geweigerd"
    by = f"<@{decided_by}>" if decided_by else "iemand anders"
    return f"Deze vraag van <@{requester}> voor *{escape(organisation)}* is al beantwoord: {by} heeft ze {verb}."


def outcome_for_requester(organisation: str, decided_by: str, allowed: bool) -> str:
    if allowed:
        return (
            f"✅ <@{decided_by}> gaf je toegang: je spreekt nu voor *{escape(organisation)}*. "
            "Registreer of beheer jullie aanbod met `/aanbod`."
        )
    return (
        f"❌ <@{decided_by}> weigerde je vraag om voor *{escape(organisation)}* te spreken. Denk je dat dit niet "
        "klopt, spreek dan de trekker aan."
    )


UNREACHABLE = (
    "Ik kon de leden van de organisatie en de trekker nu niet bereiken, dus je vraag is niet verstuurd. "
    "Probeer het straks opnieuw."
)
NOT_YOURS = "Alleen de leden van de organisatie en de trekker beantwoorden deze vraag."
GONE = "Deze vraag bestaat niet meer (de organisatie of het netwerk is verdwenen)."
