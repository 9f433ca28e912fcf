"""Dutch text handling: what a partner types meets how an offering is written."""

from __future__ import annotations

import pytest

from domain.text_nl import (
    TypoCorrector,
    edit_distance,
    is_generic,
    is_stopword,
    max_typo_distance,
    normalize,
    split_compound,
    stem,
    strip_separable_prefix,
    tokenize,
    words,
)


def test_normalize_strips_accents_apostrophes_and_keeps_digits() -> None:
    assert normalize("Één café, Oekraïens") == "een cafe oekraiens"
    assert normalize("sms'je en pc’s") == "smsje en pcs"
    assert normalize("Cursus voor 65+ (gratis!)") == "cursus voor 65plus gratis"
    assert normalize("  e-mail\tTAX-on-web ") == "e-mail tax-on-web"


def test_words_keep_hyphen_parts() -> None:
    assert words("gsm-cursus e-mail") == [("gsmcursus", ("gsm", "cursus")), ("email", ("e", "mail"))]


def test_tokenize_joins_known_hyphenated_words_and_splits_others() -> None:
    known = {"email"}.__contains__
    assert tokenize("e-mail en gsm-cursus", known) == ["email", "en", "gsm", "cursus"]
    assert tokenize("Wi-Fi") == ["wi", "fi"]


@pytest.mark.parametrize(
    ("forms", "same"),
    [
        (["laptop", "laptops"], True),
        (["vraag", "vragen"], True),
        (["les", "lessen"], True),
        (["cursus", "cursussen"], True),
        (["brief", "brieven"], True),
        (["computer", "computers"], True),
        (["pc", "pcs"], True),
        (["sms", "smsje", "smsjes"], True),
        (["telefoon", "telefoontje"], True),
        (["kaart", "kaartje", "kaarten"], True),
        (["mogelijkheid", "mogelijkheden"], True),
        (["blokkeren", "geblokkeerd"], True),
        (["installeren", "installeert", "geinstalleerd"], True),
        (["helpen", "helpt"], True),
        (["digitaal", "digitale"], True),
        (["slim", "slimme"], True),
        (["code", "codes"], True),
        (["website", "websites"], True),
        (["taal", "talen"], True),
        (["oudere", "ouderen"], True),
        (["ouder", "ouders"], True),
    ],
)
def test_stem_conflates_forms_of_one_word(forms: list[str], same: bool) -> None:
    assert (len({stem(f) for f in forms}) == 1) is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ouderen", "ouders"),  # elderly are not parents
        ("lezen", "les"),  # reading is not a lesson
        ("kaart", "kaar"),
        ("internet", "interne"),  # -t is only a verb ending when a verb remains
        ("tablet", "table"),
        ("werken", "werk"),  # "leren werken met" is not about a job
    ],
)
def test_stem_keeps_different_words_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_stem_is_deterministic_and_leaves_short_and_numeric_words() -> None:
    assert stem("gsm") == "gsm"
    assert stem("65plus") == "65plus"
    assert stem("cursus") == stem("cursus")


LEXICON = {
    "computer",
    "les",
    "smartphone",
    "cursus",
    "woensdag",
    "namiddag",
    "middag",
    "belasting",
    "brief",
    "identiteit",
    "kaart",
    "student",
    "job",
    "school",
    "app",
    "aan",
    "vraag",
}


def known(word: str) -> bool:
    return word in LEXICON


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("computerles", ("computer", "les")),
        ("smartphonecursus", ("smartphone", "cursus")),
        ("woensdagnamiddag", ("woensdag", "namiddag")),
        ("belastingbrief", ("belasting", "brief")),
        ("identiteitskaart", ("identiteit", "kaart")),
        ("studentenjob", ("student", "job")),
        ("schoolapp", ("school", "app")),
        ("computerlessen", ("computer", "lessen")),
    ],
)
def test_split_compound(word: str, parts: tuple[str, ...]) -> None:
    result = split_compound(word, known)
    assert result is not None
    assert tuple(stem(p) for p in result) == tuple(stem(p) for p in parts)


def test_split_compound_refuses_function_words_and_unknown_parts() -> None:
    assert split_compound("aanvraag", known) is None  # "aan" is a function word
    assert split_compound("loodgieter", known) is None
    assert split_compound("les", known) is None


def test_separable_prefix() -> None:
    assert strip_separable_prefix("afprinten", {"printen"}.__contains__) == "printen"
    assert strip_separable_prefix("opmaken", {"maken"}.__contains__) == "maken"
    assert strip_separable_prefix("loodgieter", {"printen"}.__contains__) is None


def test_typo_budget() -> None:
    assert max_typo_distance("gsm") == 0
    assert max_typo_distance("itsme") == 1
    assert max_typo_distance("smartphone") == 2
    assert edit_distance("ittsme", "itsme") == 1
    assert edit_distance("smarthpone", "smartphone") == 1  # a swap counts once
    assert edit_distance("abc", "xyzuvw", limit=2) == 3


def test_typo_corrector_finds_the_closest_known_word() -> None:
    corrector = TypoCorrector(["itsme", "smartphone", "computer", "belasting", "printer"], {"printer": 3})
    assert corrector.correct("ittsme") == "itsme"
    assert corrector.correct("smrtphone") == "smartphone"
    assert corrector.correct("comptuer") == "computer"
    assert corrector.correct("itsme") == "itsme"
    assert corrector.correct("gsn") is None  # too short to guess
    assert corrector.correct("loodgieter") is None
    assert "itsme" in corrector


def test_stopwords_and_generic_request_words() -> None:
    for w in ("de", "het", "een", "in", "met", "voor"):
        assert is_stopword(w)
    for w in ("hulp", "helpen", "iemand", "wie", "waar", "kan", "wil", "nodig", "terecht", "mijn", "zijn"):
        assert is_generic(w), w
    for w in ("itsme", "laptop", "belasting", "gsm"):
        assert not is_generic(w)
