"""A light, deterministic Dutch stemmer for the referral search (split from `text_nl`, which re-exports
it): plurals, diminutives, -heden, verb endings, participles, -e."""

from __future__ import annotations

from functools import lru_cache

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
