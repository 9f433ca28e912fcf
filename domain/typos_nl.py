"""Typo tolerance for the referral search (split from `text_nl`, which re-exports it): edit distance
with a limit, and a corrector that proposes the nearest word of an index's vocabulary."""

from __future__ import annotations

from collections.abc import Iterable


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
