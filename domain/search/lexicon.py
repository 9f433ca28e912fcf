"""The static lexicon of the referral search, built once per process from `vocabulary_nl`:
phrase tables of questions and of offerings, words that name concepts, time words, target-group
phrases, and the concept relations (broader, related) the ranking uses."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from domain.search.filters import EVERYONE
from domain.text_nl import STOPWORDS, stem, words
from domain.vocabulary_nl import (
    ANTWERP_AREAS,
    COMMON_WORDS,
    CONCEPTS,
    LANGUAGES,
    OFF_DOMAIN_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    TARGET_GROUPS,
    WEEKDAY_GROUPS,
    WEEKDAYS,
    Concept,
)

CONCEPTS_BY_KEY: dict[str, Concept] = {c.key: c for c in CONCEPTS}


def term_variants(term: str) -> list[tuple[str, ...]]:
    """Token sequences a vocabulary term may appear as: hyphens joined ("e-mail") and split ("e mail")."""
    joined_seq: list[str] = []
    split_seq: list[str] = []
    for joined, parts in words(term):
        joined_seq.append(joined)
        split_seq.extend(parts)
    variants = [tuple(joined_seq)]
    if split_seq != joined_seq:
        variants.append(tuple(split_seq))
    return variants


PhraseTable = dict[str, list[tuple[tuple[str, ...], str]]]


def build_static() -> tuple[frozenset[str], PhraseTable, PhraseTable]:
    """The lexicon, the phrases of questions and the phrases of offerings (without query-only terms)."""
    lexicon: set[str] = set(COMMON_WORDS) | set(STOPWORDS) | set(LANGUAGES) | set(WEEKDAYS)
    lexicon |= set(WEEKDAY_GROUPS) | set(RELATIVE_DAYS)
    phrases: PhraseTable = defaultdict(list)
    doc_phrases: PhraseTable = defaultdict(list)
    for concept in CONCEPTS:
        for term in concept.terms:
            for seq in term_variants(term):
                lexicon.update(seq)
                stems = tuple(stem(t) for t in seq)
                entry = (stems, concept.key)
                for table in (phrases,) if term in concept.query_only else (phrases, doc_phrases):
                    if entry not in table[stems[0]]:
                        table[stems[0]].append(entry)
    for group_terms in TARGET_GROUPS.values():
        for term in group_terms:
            for seq in term_variants(term):
                lexicon.update(seq)
    for pod in PARTS_OF_DAY:
        lexicon.update(pod.split())
    for area in ANTWERP_AREAS:
        for joined, _ in words(area):
            lexicon.add(joined)
    for table in (phrases, doc_phrases):
        for key in table:
            table[key].sort(key=lambda e: -len(e[0]))
    return frozenset(lexicon), dict(phrases), dict(doc_phrases)


STATIC_LEXICON, PHRASES, DOC_PHRASES = build_static()
STATIC_STEMS: frozenset[str] = frozenset(stem(w) for w in STATIC_LEXICON)
# Words that name a concept: the only parts a known word is split into ("computerles" -> computer + les).
CONCEPT_LEXICON: frozenset[str] = frozenset(
    w for c in CONCEPTS for t in c.terms for variant in term_variants(t) for w in variant
)
CONCEPT_STEMS: frozenset[str] = frozenset(stem(w) for w in CONCEPT_LEXICON)
# Nouns that mark a question as being about something else than digital inclusion ("fiets herstellen").
OFF_DOMAIN: frozenset[str] = frozenset(stem(w) for w in OFF_DOMAIN_WORDS)

TIME_WORDS: frozenset[str] = frozenset(
    set(WEEKDAYS)
    | {w + "s" for w in WEEKDAYS}
    | {w + "en" for w in WEEKDAYS}
    | set(WEEKDAY_GROUPS)
    | {p for p in PARTS_OF_DAY if " " not in p}
    | set(RELATIVE_DAYS)
)

TG_PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
for _group, _terms in TARGET_GROUPS.items():
    if _group == EVERYONE:
        continue  # "voor iedereen" restricts nothing
    for _term in _terms:
        for _seq in term_variants(_term):
            TG_PHRASES[_seq[0]].append((_seq, _group))
for _key in TG_PHRASES:
    TG_PHRASES[_key].sort(key=lambda e: -len(e[0]))

AGE_WORDS = frozenset({"jaar", "jaren", "jarig", "jarige", "jarigen", "jr", "plus", "plusser", "plussers"})
AGE_RE = re.compile(r"\b(\d{1,3})\s*-?\s*(jarigen|jarige|jarig|jaar|jr|plussers|plusser|plus)\b")
BRING_ALONG_RE = re.compile(
    r"^\s*(breng|neem|vergeet|houd|hou|denk aan|zorg dat|zorg voor|meebrengen|mee te brengen)\b", re.I
)
DIGIT_RE = re.compile(r"\d")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def static_known(word: str) -> bool:
    return word in STATIC_LEXICON or stem(word) in STATIC_STEMS


def concept_known(word: str) -> bool:
    """A compound part the concepts know: as written, or by its stem when it has five letters or more (a
    shorter stem is a fragment, not a word: "len" of "lenen" would read "koppelen" as "kop" + "lenen")."""
    return word in CONCEPT_LEXICON or (len(word) >= 5 and stem(word) in CONCEPT_STEMS)


def single_concepts(stem_: str) -> list[str]:
    """Concepts whose term is this single word (stemmed)."""
    return [key for seq, key in PHRASES.get(stem_, ()) if len(seq) == 1]


# Index terms a concept contributes to an offering: itself and its broader concepts.
CONCEPT_TERMS: dict[str, tuple[str, ...]] = {c.key: ("C:" + c.key, *("P:" + p for p in c.parents)) for c in CONCEPTS}


def parents(key: str) -> tuple[str, ...]:
    concept = CONCEPTS_BY_KEY.get(key)
    return concept.parents if concept else ()


def ancestors(key: str) -> set[str]:
    out: set[str] = set()
    todo = list(parents(key))
    while todo:
        k = todo.pop()
        if k not in out:
            out.add(k)
            todo.extend(parents(k))
    return out


def related_parts(word: str, parts: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Parts of a word the vocabulary knows as a whole, kept only when they mean the same or something
    broader: "computerles" -> computer + les, but "huiswerk" is not about "werk"."""
    if not parts:
        return parts
    whole = single_concepts(stem(word))
    if not whole:
        return parts
    related = related_concepts(whole)
    kept = tuple(p for p in parts if set(single_concepts(stem(p))) & related)
    return kept or None


def related_concepts(keys: Iterable[str]) -> set[str]:
    """The concepts and everything broader."""
    out = set(keys)
    for k in list(out):
        out |= ancestors(k)
    return out


def is_weak(key: str) -> bool:
    concept = CONCEPTS_BY_KEY.get(key)
    return bool(concept and concept.weak)


def label(key: str) -> str:
    concept = CONCEPTS_BY_KEY.get(key)
    return concept.label if concept else key
