"""Document analysis for the referral index: index terms of an offering's fields (stems, compound
parts, concept tokens), its description split from what to bring along, and the target groups it names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from domain.search.filters import EVERYONE
from domain.search.lexicon import (
    AGE_RE as _AGE_RE,
)
from domain.search.lexicon import (
    BRING_ALONG_RE as _BRING_ALONG_RE,
)
from domain.search.lexicon import (
    CONCEPT_TERMS as _CONCEPT_TERMS,
)
from domain.search.lexicon import (
    DIGIT_RE as _DIGIT_RE,
)
from domain.search.lexicon import (
    DOC_PHRASES as _DOC_PHRASES,
)
from domain.search.lexicon import (
    SENTENCE_RE as _SENTENCE_RE,
)
from domain.search.lexicon import (
    STATIC_LEXICON as _STATIC_LEXICON,
)
from domain.search.lexicon import (
    STATIC_STEMS as _STATIC_STEMS,
)
from domain.search.lexicon import (
    TG_PHRASES as _TG_PHRASES,
)
from domain.search.lexicon import (
    concept_known as _concept_known,
)
from domain.search.lexicon import (
    is_weak as _is_weak,
)
from domain.search.lexicon import (
    related_parts as _related_parts,
)
from domain.search.lexicon import (
    static_known as _static_known,
)
from domain.search.types import OfferingDoc
from domain.text_nl import (
    STOPWORDS,
    is_generic,
    split_compound,
    stem,
    strip_separable_prefix,
)
from domain.vocabulary_nl import (
    AGE_SENIOR_FROM,
    AGE_YOUTH_UNTIL,
    CATEGORIES,
    target_group_key,
)


class Analyzer:
    """Turns text into index terms: stems of words and compound parts, plus concept tokens.

    `known` decides which compound parts are real words: the static lexicon plus, for an index, the
    words of its own offerings (so a partner's own jargon can be split and matched too).
    """

    def __init__(self, corpus_words: Iterable[str] = ()) -> None:
        self.corpus = frozenset(w for w in corpus_words if len(w) >= 4 and w.isalpha())
        self._split_cache: dict[str, tuple[str, ...] | None] = {}
        self._doc_word_cache: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[str]]] = {}

    def done_building(self) -> None:
        """The index is built: what it kept per written word of the offerings is not needed for questions."""
        self._doc_word_cache = {}

    def known(self, word: str) -> bool:
        if word in self.corpus or _static_known(word):
            return True
        if len(word) >= 4:
            s = stem(word)
            return s in self.corpus
        return False

    def split(self, word: str) -> tuple[str, ...] | None:
        if word in self._split_cache:
            return self._split_cache[word]
        parts = split_compound(word, self._known_part)
        self._split_cache[word] = parts
        return parts

    def parts_of(self, word: str) -> tuple[str, ...] | None:
        """Meaningful parts of a word: compound parts, or the verb under a separable prefix.

        Known words are only split into concept words ("computerles", not "helpen" -> "hel" + "pen");
        generic words are never split.
        """
        key = "\0" + word
        if key in self._split_cache:
            return self._split_cache[key]
        parts: tuple[str, ...] | None = None
        if len(word) >= 6 and word.isalpha() and not is_generic(word):
            if _static_known(word):
                parts = _related_parts(word, split_compound(word, _concept_known))
            else:
                parts = self.split(word)
                if parts is None:
                    rest = strip_separable_prefix(word, _static_known)
                    parts = (rest,) if rest else None
        self._split_cache[key] = parts
        return parts

    def _known_part(self, part: str) -> bool:
        """As written, or by its stem from five letters on (as `lexicon.concept_known`: "stapelen" is not
        "stap" + "lenen")."""
        return part in _STATIC_LEXICON or part in self.corpus or (len(part) >= 5 and stem(part) in _STATIC_STEMS)

    def _doc_word(self, joined: str, parts: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """(stream words, extra whole words) for one written word of an offering."""
        key = (joined, parts)
        cached = self._doc_word_cache.get(key)
        if cached is not None:
            return cached
        if len(parts) > 1:
            stream: list[str] = []
            for p in parts:
                stream.extend(self.parts_of(p) or (p,))
            result = (stream, [joined])
        else:
            sp = self.parts_of(joined)
            result = (list(sp), [joined]) if sp else ([joined], [])
        self._doc_word_cache[key] = result
        return result

    def doc_terms(self, text_words: Sequence[tuple[str, tuple[str, ...]]]) -> list[str]:
        """Index terms of one field (from `words(text)`): stems, whole-compound stems, concept ("C:")
        and broader ("P:") tokens."""
        stream: list[str] = []
        extras: list[str] = []
        doc_word = self._doc_word
        for joined, parts in text_words:
            s, e = doc_word(joined, parts)
            stream += s
            extras += e
        stems = [stem(w) for w in stream]
        terms = [st for w, st in zip(stream, stems, strict=True) if w not in STOPWORDS]
        concept_terms: list[str] = []
        phrases_get = _DOC_PHRASES.get
        for i, st in enumerate(stems):
            entries = phrases_get(st)
            if not entries:
                continue
            for seq, key in entries:
                if len(seq) == 1 or tuple(stems[i : i + len(seq)]) == seq:
                    concept_terms += _CONCEPT_TERMS[key]
        for w in extras:
            st = stem(w)
            terms.append(st)
            for seq, key in _DOC_PHRASES.get(st, ()):
                if len(seq) == 1:
                    concept_terms += _CONCEPT_TERMS[key]
        return terms + concept_terms


def split_description(description: str) -> tuple[str, str]:
    """Main description and the "bring along" sentences ("Breng je identiteitskaart mee"), which
    mention things without being about them."""
    main: list[str] = []
    low: list[str] = []
    for sentence in _SENTENCE_RE.split(description or ""):
        (low if _BRING_ALONG_RE.match(sentence) else main).append(sentence)
    return " ".join(main), " ".join(low)


# What being filed under a category says about an offering, where its label names an example
# product: filed under "E-overheid en itsme" is about e-government, not necessarily about itsme.
_CATEGORY_INDEX_TEXT = {"e-overheid-en-itsme": "E-overheid"}


def group_text(group: str) -> str:
    key = target_group_key(group)
    if key is None:
        return group  # outside the vocabulary ("kandidaat-huurders"): searchable as written
    return "" if key == EVERYONE else key.replace("-", " ")


_HELP_STEMS = frozenset(stem(w) for w in ("hulp", "helpen", "helpt", "spreekuur", "vragenuur", "ondersteuning"))
_GROUP_CATEGORIES = frozenset({"jongeren", "senioren"})


def helps_broadly(doc: OfferingDoc, name_terms: Counter[str]) -> bool:
    """A help desk for several kinds of digital questions ("Hulp met formulieren en apps in het
    Bulgaars"): its name says it helps with two or more subjects, filed under as many categories."""
    subjects = {c for c in doc.categories if c in CATEGORIES and c not in _GROUP_CATEGORIES}
    named = {t for t in name_terms if t.startswith("C:") and not _is_weak(t[2:])}
    return len(subjects) >= 2 and len(named) >= 2 and not _HELP_STEMS.isdisjoint(name_terms)


def category_text(slug: str) -> str:
    return _CATEGORY_INDEX_TEXT.get(slug) or CATEGORIES.get(slug) or slug.replace("-", " ")


def target_groups_in(text_words: Sequence[tuple[str, tuple[str, ...]]]) -> set[str]:
    """Target groups named in a text (as `words(text)`): group words, ages, "van 12 tot 24 jaar"."""
    toks = [j for j, _ in text_words]
    found: set[str] = set()
    for i, w in enumerate(toks):
        for seq, group in _TG_PHRASES.get(w, ()):
            if tuple(toks[i : i + len(seq)]) == seq:
                found.add(group)
    flat = " ".join(toks)
    if _DIGIT_RE.search(flat):
        for m in _AGE_RE.finditer(flat):
            age = int(m.group(1))
            if age >= AGE_SENIOR_FROM:
                found.add("senioren")
            elif 10 <= age <= AGE_YOUTH_UNTIL:
                found.add("jongeren")
        for m in re.finditer(r"\b(\d{1,2}) (?:tot )?(\d{1,2}) jaar\b", flat):
            if int(m.group(2)) <= AGE_YOUTH_UNTIL + 5 and int(m.group(1)) >= 10:
                found.add("jongeren")
    return found
