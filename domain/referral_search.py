"""Referral search for `/verwijs`: free Dutch text in, ranked offerings ("aanbod") of partners out.

How a question is understood:
- words are normalised, split (compounds, hyphens), typo-corrected against the index and stemmed
  (`text_nl`), then mapped onto concepts of the domain (`vocabulary_nl`): a word or phrase of a
  concept means that concept, so "gsm" and "smartphone", "belastingbrief" and "Tax-on-web" find the
  same offerings; whole words and compound parts match, never substrings ("table" is not "tablet");
- days, parts of the day, "nu open", languages, neighbourhoods and target groups become filters
  (`domain.search.filters`); a caller may pass the same filters explicitly (`SearchFilters`);
- generic request words ("hulp", "iemand", "waar", "nodig") do not score, format words ("cursus",
  "online", "gratis") score a little but never make a question answerable on their own.

How offerings are ranked: BM25F over stemmed words and concept tokens (name > categories >
description > organisation/extra), plus a category-intent component, a target-group boost and
a preference for the asker's own neighbourhood. Filters restrict: every hit meets all of them; when
they leave nothing that answers, the outcome says so and names the nearest offerings for another
moment as alternatives. When no offering covers the substance of the question (only broader
matches, or none that provides an asked service such as lending or repairing) the outcome is a
gap: no hits, so the caller can say so plainly instead of returning noise.

The search lives in `domain.search` (types, lexicon, analyzer, units, query, index, scoring); this
module is its public face, so callers import from one place.
"""

from __future__ import annotations

from domain.search.index import ReferralIndex
from domain.search.query import guess_categories
from domain.search.scoring import MAX_HITS
from domain.search.types import Hit, OfferingDoc, QueryFilters, SearchFilters, SearchOutcome
from domain.vocabulary_nl import CATEGORIES

__all__ = [
    "CATEGORIES",
    "Hit",
    "OfferingDoc",
    "QueryFilters",
    "ReferralIndex",
    "SearchFilters",
    "MAX_HITS",
    "SearchOutcome",
    "guess_categories",
]
