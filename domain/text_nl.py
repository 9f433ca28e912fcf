"""Dutch text handling for the referral search: normalising, tokenising, stemming, compounds, typos
(the stemmer lives in `stem_nl`, typo tolerance in `typos_nl`; both are re-exported here).

Partners type quick, informal Dutch ("sms'je", "gsm-les", "computerles", "ittsme"), while offerings
are written in fuller sentences ("lessen over de computer"). Both sides go through the same
deterministic pipeline here so that they meet in the middle. Nothing in this module knows about
the digital-inclusion domain; the domain words live in `vocabulary_nl`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from domain.stem_nl import stem
from domain.typos_nl import TypoCorrector, edit_distance, max_typo_distance

__all__ = [
    "GENERIC_REQUEST_WORDS",
    "SEPARABLE_PREFIXES",
    "STOPWORDS",
    "TypoCorrector",
    "edit_distance",
    "is_generic",
    "is_stopword",
    "max_typo_distance",
    "normalize",
    "split_compound",
    "stem",
    "strip_separable_prefix",
    "tokenize",
    "words",
]

# ---------------------------------------------------------------------------------------------
# Normalisation and tokenisation
# ---------------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"[\u2019\u2018'`\u00b4]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PLUS_AFTER_NUMBER = re.compile(r"(\d)\s*\+")
_NOT_WORD = re.compile(r"[^a-z0-9\-]+")
_HYPHENS = re.compile(r"-{2,}")


def normalize(text: str) -> str:
    """Lowercase, strip accents (NFKD), drop apostrophes inside words, keep letters, digits, hyphens.

    Apostrophes go because Dutch writes plurals and diminutives of short words with one
    ("pc's", "sms'je", "foto's"); without it the words meet their other forms. "65+" becomes
    "65plus" so an age survives tokenisation.
    """
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = _APOSTROPHES.sub("", text.lower())
    if "+" in text:
        text = _PLUS_AFTER_NUMBER.sub(r"\1plus ", text)
    text = _NOT_WORD.sub(" ", text)
    if "--" in text:
        text = _HYPHENS.sub("-", text)
    return text.strip()


def words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Normalised words as (joined form, hyphen parts): "gsm-cursus" -> ("gsmcursus", ("gsm", "cursus")).

    The caller decides between the joined form (known words like "e-mail", "tax-on-web") and the parts.
    """
    norm = normalize(text)
    if "-" not in norm:  # most texts: no hyphenated word
        return [(piece, (piece,)) for piece in norm.split()]
    out: list[tuple[str, tuple[str, ...]]] = []
    for piece in norm.split():
        if "-" not in piece:
            out.append((piece, (piece,)))
            continue
        parts = tuple(p for p in piece.split("-") if p)
        if parts:
            out.append(("".join(parts), parts))
    return out


def tokenize(text: str, known: Callable[[str], bool] | None = None) -> list[str]:
    """Plain tokens; hyphenated words are joined when `known` recognises the joined form, else split."""
    tokens: list[str] = []
    for joined, parts in words(text):
        if len(parts) == 1 or (known is not None and known(joined)):
            tokens.append(joined)
        else:
            tokens.extend(parts)
    return tokens


# ---------------------------------------------------------------------------------------------
# Stopwords and generic request words
# ---------------------------------------------------------------------------------------------

STOPWORDS: frozenset[str] = frozenset(
    """
    de het een den der des ne en of maar want dus dan toch ook nog al reeds wel niet geen nee ja
    ik jij je u hij zij ze wij we jullie hun hen hem haar mij me mijn mijne jouw jou uw zijn ons onze
    zich zichzelf die dat deze dit wat welke welk wie waar waarom wanneer hoe hoeveel hoe zo
    er hier daar daarna daarvoor daarmee daarbij waarbij waarmee waarvoor erbij ermee ervoor
    in op aan bij met van voor na naar om over onder tussen door tot tegen uit zonder sinds via
    binnen buiten boven achter naast rond rondom per vanaf vanuit langs
    is ben bent was waren wordt worden werd werden word geweest heeft hebben had hadden heb hebt
    zal zullen zou zouden kan kunnen kon konden kun moet moeten moest mag mogen mocht wil willen
    wilde wou doe doet doen deed gaat gaan ging gingen ga kom komt komen kwam
    als toen terwijl omdat zodat indien tenzij hoewel
    te zeer heel erg veel weinig meer meest minder minst echt gewoon even eens alleen enkel nu
    iets niets niks iemand niemand alles allemaal elk elke ieder iedere iedereen sommige andere
    s t n m d
    """.split()
)

GENERIC_REQUEST_WORDS: frozenset[str] = frozenset(
    """
    hulp help helpen helpt geholpen hulpvraag hulpvragen hulpje
    iemand wie waar wat welke kan kunnen wil willen nodig terecht terechtkunnen mijn zijn
    vraag vragen vroeg zoek zoeken zoekt gezocht vind vinden vindt gevonden
    graag alstublieft aub svp dringend snel
    probleem problemen moeite lukt lukken gelukt
    weet weten snap snapt snappen begrijp begrijpt begrijpen kennen kent
    krijg krijgen krijgt gekregen geef geven geeft maken maakt gemaakt doen doet gedaan
    raakt raken geraakt geraken geraak wijs wegwijs verder
    iets ergens mogelijk mogelijkheid mogelijkheden manier
    persoon personen mensen mens men klant klanten client clienten cliente bewoner bewoners inwoner
    inwoners buurtbewoner buurtbewoners burger burgers buurman buurvrouw vriend vriendin familie
    meneer mevrouw man heer kennis collega deelnemer deelnemers
    goed beter best makkelijk makkelijker moeilijk lastig simpel eenvoudig
    zelf samen zelfstandig
    informatie info uitleg uitleggen tonen toont laten
    plek plaats plekje locatie adres ergens
    aanbod activiteit activiteiten initiatief organisatie dienst diensten
    gebruiken gebruikt gebruik omgaan werken werkt werkte gewerkt
    bijwerken aanpassen aanvullen regelen geregeld oplossen opgelost
    tijd keer soms altijd nooit vaak
    jarig jarige jarigen
    kwijt kwijtgeraakt verloren
    zet zetten gezet staat staan stond ligt liggen zit zitten zat loopt lopen liep
    neemt nemen nam genomen brengt brengen bracht haalt halen gehaald sturen stuurt
    opmaken aanmaken maakt proberen probeert geprobeerd blijven blijft houden houdt
    kijken kijkt zien ziet zag zeggen zegt vertellen vertelt denken denkt voelen hopen durven hoeven
    wachten wacht ontvangen ontvangt gekregen inzetten
    nieuw nieuwe eigen ander andere anders juist zeker misschien waarschijnlijk ongeveer precies
    nog steeds weer helemaal totaal best liefst beetje paar enkele wat
    zaken dingen ding spullen kwestie situatie geval vraagje
    bv bijvoorbeeld enz etc oke ok dank bedankt hallo hoi goeiedag
    partner netwerk vrijwilliger vrijwilligers begeleider organisaties vzw
    broer zus nicht neef oom tante echtgenoot echtgenote schoonmoeder schoonvader
    dame heer heren meneertje madame document documenten
    hele heel halve dag dagen week weken maand uur uren minuut minuten
    open geopend opening spreekt spreken sprekend sprekende praat praten
    """.split()
)

# Separable verb prefixes: "afprinten" is "printen", "opmaken" is "maken".
SEPARABLE_PREFIXES: tuple[str, ...] = (
    "terug",
    "samen",
    "door",
    "over",
    "voor",
    "weg",
    "mee",
    "aan",
    "uit",
    "bij",
    "af",
    "op",
    "in",
    "na",
    "toe",
)


def strip_separable_prefix(word: str, known: Callable[[str], bool]) -> str | None:
    """The verb under a separable prefix when that verb is known: afprinten -> printen."""
    for prefix in SEPARABLE_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4 and (known(rest) or known(stem(rest))):
            return rest
    return None


def is_stopword(token: str) -> bool:
    return token in STOPWORDS


def is_generic(token: str) -> bool:
    """True for function words and generic request words: they stay in the text but do not score."""
    return token in STOPWORDS or token in GENERIC_REQUEST_WORDS


# ---------------------------------------------------------------------------------------------
# Compound splitting
# ---------------------------------------------------------------------------------------------

_SHORT_PARTS = frozenset({"pc", "cv", "tv", "id", "it", "ict"})
# the noun ending -ing(en) is no part of a compound, whatever the vocabulary knows as "ing" (the bank):
# "werking" is not "werk" + ING, nor "betalingen" "betal" + ING
_SUFFIXES = frozenset({"ing", "ingen"})
_LINKERS = ("", "s", "e", "en")


def split_compound(word: str, known: Callable[[str], bool], *, max_parts: int = 3) -> tuple[str, ...] | None:
    """Split an unknown compound into known parts, allowing the linking -s-/-e-/-en- between parts.

    computerles -> (computer, les); belastingbrief -> (belasting, brief);
    identiteitskaart -> (identiteit, kaart); studentenjob -> (student, job).
    Fewest parts wins; parts must be at least 3 letters (a few 2-letter words like "pc" aside)
    and may not be function words, so "aanvraag" is not split into "aan" + "vraag".
    Returns None when no full split exists.
    """
    n = len(word)
    if n < 6 or not word.isalpha():
        return None
    return _split(word, known, max_parts)


def _part_ok(part: str, known: Callable[[str], bool]) -> bool:
    if part in STOPWORDS or part in _SUFFIXES:
        return False
    if len(part) < 3 and part not in _SHORT_PARTS:
        return False
    # short parts must be words as written: "len" (stem of "lenen") would split "herstellen"
    return known(part) or (len(part) >= 5 and known(stem(part)))


def _split(word: str, known: Callable[[str], bool], max_parts: int) -> tuple[str, ...] | None:
    n = len(word)
    # best[i] = fewest-part split of word[i:], preferring splits without linking letters
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = (0, 0, ())
    for i in range(n - 1, -1, -1):
        candidate: tuple[int, int, tuple[str, ...]] | None = None
        for j in range(i + 2, n + 1):
            part = word[i:j]
            if not _part_ok(part, known):
                continue
            for linker in _LINKERS:
                k = j + len(linker)
                if k > n or (linker and word[j:k] != linker):
                    continue
                if k == n and linker:
                    continue
                rest = best[k]
                if rest is None or (k == n and i == 0):
                    continue
                cost = (rest[0] + 1, rest[1] + (1 if linker else 0), (part, *rest[2]))
                if cost[0] > max_parts:
                    continue
                if (
                    candidate is None
                    or cost[:2] < candidate[:2]
                    or (cost[:2] == candidate[:2] and len(cost[2][-1]) > len(candidate[2][-1]))
                ):
                    candidate = cost
        best[i] = candidate
    result = best[0]
    if result is None or len(result[2]) < 2:
        return None
    return result[2]
