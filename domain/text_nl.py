"""Dutch text handling for the referral search: normalising, tokenising, stemming, compounds, typos.

Partners type quick, informal Dutch ("sms'je", "gsm-les", "computerles", "ittsme"), while offerings
are written in fuller sentences ("lessen over de computer"). Both sides go through the same
deterministic pipeline here so that they meet in the middle. Nothing in this module knows about
the digital-inclusion domain; the domain words live in `vocabulary_nl`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

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
# Light Dutch stemmer
# ---------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")

# Irregular or ambiguous forms, mapped to the stem the regular rules give the base word.
_STEM_EXCEPTIONS: dict[str, str] = {
    # oudere(n) = elderly, ouder(s) = parent(s): keep them apart
    "oudere": "oudere",
    "ouderen": "oudere",
    "ouders": "ouder",
    "ouder": "ouder",
    "kinderen": "kind",
    "kinderes": "kind",
    "kids": "kids",
    # lezen/lees would otherwise collapse into les (lesson)
    "lees": "lez",
    "leest": "lez",
    "lezen": "lez",
    "gelezen": "lez",
    "las": "lez",
    "lazen": "lez",
    "les": "les",
    "uur": "uur",
    "uren": "uur",
    "lessen": "les",
    # irregular verbs
    "gezocht": "zoek",
    "zocht": "zoek",
    "geholpen": "help",
    "hielp": "help",
    "gekregen": "krijg",
    "kreeg": "krijg",
    "gevonden": "vind",
    "vond": "vind",
    "geschreven": "schrijf",
    "schreef": "schrijf",
    "gekocht": "kop",
    "kocht": "kop",
    "gebracht": "breng",
    "bracht": "breng",
    "gedacht": "denk",
    "verloren": "verlies",
    "vergeten": "verget",
    "vergeet": "verget",
    "gestolen": "stel",
    "gebleven": "blijf",
    "gegeven": "gef",
    "gaf": "gef",
    "gesproken": "spreek",
    "sprak": "spreek",
    "gestuurd": "stur",
    "geleend": "len",
    "ontleend": "ontlen",
    "uitgeleend": "uitlen",
    # words that merely look inflected
    "pcs": "pc",
    "cvs": "cv",
    "gsms": "gsm",
    "tvs": "tv",
    "ids": "id",
    "apps": "app",
    "sms": "sms",
    "smsen": "sms",
    "smsje": "sms",
    "smsjes": "sms",
    "mails": "mail",
    "mailen": "mail",
    "mailt": "mail",
    "gemaild": "mail",
    "online": "online",
    "offline": "offline",
    # the verb "werken" mostly means "use" here ("leren werken met je gsm"); "werk" is the job
    "werken": "werken",
    "werkt": "werken",
    "werkte": "werken",
    "gewerkt": "werken",
    "jongeren": "jonger",
    "jongere": "jonger",
    "senioren": "senior",
    "seniors": "senior",
    "kans": "kans",
    "kansen": "kans",
    "mens": "mens",
    "wens": "wens",
    "dans": "dans",
    "prijs": "prijs",
    "reis": "reis",
    "huis": "huis",
    "huizen": "huis",
    "thuis": "thuis",
    "muis": "muis",
    "muizen": "muis",
    "nieuws": "nieuws",
    "gratis": "gratis",
    "tussen": "tussen",
    "eigen": "eigen",
    "open": "open",
    "geopend": "open",
    "opent": "open",
    "nederlands": "nederlands",
    "engels": "engels",
    "frans": "frans",
    "turks": "turks",
    "berbers": "berbers",
    "pools": "pools",
    "geblokkeerd": "blokker",
    "itsme": "itsme",
    "iphone": "iphone",
    "iphones": "iphone",
    "smartphone": "smartphone",
    "smartphones": "smartphone",
    "website": "website",
    "websites": "website",
    "site": "site",
    "sites": "site",
    "games": "game",
    "game": "game",
}

# Stems of common verbs, so that "-t", "-de", "-te" and "ge-...-d" are only stripped when the
# remainder is a known verb: "helpt" -> "help", but "kaart", "tablet", "internet" stay whole.
_VERBS = """
    afpersen bedriegen chanteren pesten uitschelden bedreigen
    aanmelden aanvragen afdrukken afspreken antwoorden bellen begeleiden beginnen bekijken bellen
    bestellen betalen bewaren blokkeren boeken bellen controleren delen downloaden drukken
    herstellen installeren invullen inloggen kiezen kijken klikken kopen kopieren koppelen
    lenen leren luisteren mailen maken melden nemen noteren oefenen ontlenen openen opladen
    opslaan oplichten organiseren plannen printen proberen regelen reserveren scannen schrijven
    solliciteren spelen spreken sturen surfen tekenen tonen typen uitleggen uitlenen updaten
    vergaderen verliezen vertalen vertellen verwijderen verzenden volgen vragen werken wachten
    wonen zetten zoeken zorgen activeren aanpassen bijwerken beveiligen hacken begrijpen weten
    helpen horen betalen openen sluiten vergeten verhuizen verdienen studeren inschrijven
    aanmaken opzoeken doorsturen versturen ontvangen indienen opstellen oplossen starten stoppen
    instellen gebruiken bedienen vegen fotograferen filmen chatten gamen programmeren coderen
    vinden krijgen geven laten leggen liggen staan zitten lopen kennen denken brengen
    """.split()


def _strip_en_or_e(word: str) -> tuple[str, bool]:
    """Strip plural/infinitive -en or adjectival -e; report whether something was stripped."""
    if word.endswith("heden") and len(word) > 7:
        return word[:-5] + "heid", False
    if word.endswith("en") and len(word) >= 5 and word[-3] not in _VOWELS:
        return word[:-2], True
    if word.endswith("e") and len(word) >= 4 and not word.endswith("ee") and word[-2] not in _VOWELS:
        return word[:-1], True
    return word, False


def _tidy(word: str, stripped: bool) -> str:
    """After stripping: undouble a final consonant, v->f, z->s; then undouble a long vowel (vraag/vrag)."""
    if stripped:
        if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in _VOWELS:
            word = word[:-1]
        elif word.endswith("v"):
            word = word[:-1] + "f"
        elif word.endswith("z"):
            word = word[:-1] + "s"
    return _undouble_vowel(word)


def _undouble_vowel(word: str) -> str:
    """vraag -> vrag, taal -> tal, uur -> ur: singular and plural (vragen) then share a stem."""
    if len(word) >= 3 and word[-1] not in _VOWELS and word[-2] == word[-3] and word[-2] in "aeou":
        if len(word) == 3 or word[-4] not in _VOWELS:
            return word[:-2] + word[-1]
    return word


def _regular(word: str) -> str:
    """Plural/diminutive/adjective rules without the verb check."""
    w = word
    if w.endswith("jes") and len(w) >= 6:
        w = w[:-1]
    if w.endswith("je") and len(w) >= 5:
        w = _strip_diminutive(w)
        return _undouble_vowel(w)
    if w.endswith("s") and len(w) >= 4 and not w.endswith(_S_KEEP) and w[-2] not in "sj":
        w = w[:-1]
        w2, stripped = _strip_en_or_e(w) if w.endswith("e") else (w, False)
        return _tidy(w2, stripped)
    w, stripped = _strip_en_or_e(w)
    return _tidy(w, stripped)


_S_KEEP = ("us", "is", "ss", "ijs", "ens", "les", "ees", "aas", "oos", "uis", "ns")
_T_BEFORE_JE = frozenset(
    "kaart punt bericht moment ticket tablet internet attest briefje lijst kast post fiets"
    " test bankkaart plaats".split()
)


def _strip_diminutive(w: str) -> str:
    """bolletje -> bol, filmpje -> film, telefoontje -> telefoon, kaartje -> kaart, pakje -> pak."""
    base = w[:-2]
    if w.endswith("etje") and len(w) >= 7 and w[-5] == w[-6] and w[-5] not in _VOWELS:
        return w[:-5]
    if w.endswith("pje") and len(w) >= 6 and w[-4] == "m":
        return w[:-3]
    if w.endswith("tje") and len(w) >= 6:
        if base in _T_BEFORE_JE:
            return base
        before = w[-4]
        if before in _VOWELS or before in "lnrw":
            return w[:-3]
    return base


def _verb_stems() -> frozenset[str]:
    return frozenset(_regular(v) for v in _VERBS)


_VERB_STEMS = _verb_stems()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light, deterministic Dutch stem: plurals, diminutives, -heden, verb endings, participles, -e.

    Over-stemming is harmless as long as documents and queries are stemmed alike; the rules
    only conflate forms of one word (vraag/vragen -> vrag, laptops -> laptop, geblokkeerd/blokkeren).
    """
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    # past participle: ge-...-d/t (geblokkeerd, geinstalleerd, gedownload)
    if word.startswith("ge") and len(word) >= 6:
        core = word[2:]
        for cand in (core[:-1] if core[-1] in "dt" else None, core):
            if cand and _undouble_vowel(cand) in _VERB_STEMS:
                return _undouble_vowel(cand)
    # past tense -de/-te(n) and present -t, only when a known verb remains
    for suffix in ("den", "ten", "de", "te", "t"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            cand = _undouble_vowel(word[: -len(suffix)])
            if cand in _VERB_STEMS:
                return cand
    return _regular(word)


# ---------------------------------------------------------------------------------------------
# Compound splitting
# ---------------------------------------------------------------------------------------------

_SHORT_PARTS = frozenset({"pc", "cv", "tv", "id", "it", "ict"})
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
    if part in STOPWORDS:
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


# ---------------------------------------------------------------------------------------------
# Typo tolerance
# ---------------------------------------------------------------------------------------------


def max_typo_distance(word: str) -> int:
    """Edit distance tolerated for a word: none under 5 letters, 1 from 5, 2 from 9."""
    if len(word) >= 9:
        return 2
    if len(word) >= 5:
        return 1
    return 0


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts as one edit), capped at limit+1."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        row_min = cur[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            row_min = min(row_min, v)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt: set[str] = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


class TypoCorrector:
    """Symmetric-delete lookup of a vocabulary: finds the closest known word within the typo budget.

    Built once per vocabulary (lazily, on the first unknown word) so a search stays fast; answers
    are cached. Ties are broken by frequency, then alphabetically, so results are deterministic.
    """

    def __init__(self, vocabulary: Iterable[str], frequency: dict[str, int] | None = None) -> None:
        self._vocab = frozenset(w for w in vocabulary if len(w) >= 4 and w.isalpha())
        self._freq = frequency or {}
        self._index: dict[str, list[str]] | None = None
        self._cache: dict[str, str | None] = {}

    def _build(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for w in self._vocab:
            depth = 2 if len(w) >= 8 else 1
            for d in _deletes(w, depth):
                index.setdefault(d, []).append(w)
        return index

    def __contains__(self, word: str) -> bool:
        return word in self._vocab

    def correct(self, word: str) -> str | None:
        """The known word closest to `word`, or None if nothing is within its typo budget."""
        if word in self._vocab:
            return word
        if word in self._cache:
            return self._cache[word]
        limit = max_typo_distance(word)
        result: str | None = None
        if limit and word.isalpha():
            if self._index is None:
                self._index = self._build()
            seen: set[str] = set()
            ranked: list[tuple[int, int, str]] = []
            for d in _deletes(word, limit):
                for cand in self._index.get(d, ()):
                    if cand in seen:
                        continue
                    seen.add(cand)
                    if max_typo_distance(cand) == 0:
                        continue
                    if len(word) <= 5 and (cand.startswith(word) or word.startswith(cand)):
                        continue  # a short word with a letter more or less is another word: table/tablet
                    dist = edit_distance(word, cand, limit)
                    if dist <= limit:
                        ranked.append((dist, -self._freq.get(cand, 0), cand))
            if ranked:
                result = min(ranked)[2]
        self._cache[word] = result
        return result
