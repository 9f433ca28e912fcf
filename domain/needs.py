"""A need partners see in clients (`/nood`): what its text may be, its category guessed, its form checked.

The Dutch problems name one field at a time, in the order a person reads the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

from domain.gaps import DEFAULT_FREQUENCY, FREQUENCY_LABELS, UNCATEGORISED
from domain.labels_nl import TARGET_GROUP_LABELS
from domain.offering_form import clean_text
from domain.privacy import personal_data_found
from domain.referral_search import guess_categories

DESCRIPTION_MAX = 500


def guess_category(text: str) -> str:
    """The likeliest category of a typed need, or the one for "not sorted yet"."""
    guesses = guess_categories(text)
    return guesses[0][0] if guesses else UNCATEGORISED


def description_problem(description: str) -> str | None:
    """Why a typed need cannot be stored, in Dutch, or None."""
    if not description:
        return "Beschrijf kort waar je cliënten op vastlopen."
    if len(description) > DESCRIPTION_MAX:
        return f"Maximaal {DESCRIPTION_MAX} tekens (nu {len(description)})."
    found = personal_data_found(description)
    if found:
        return f"Dit lijkt {found}. Beschrijf de situatie zonder persoonsgegevens van je cliënt."
    return None


@dataclass(frozen=True)
class NeedDraft:
    description: str
    category: str
    frequency: str
    target_group: str | None
    guessed: bool  # the category was left empty and guessed from the description


def validate_need_form(
    raw: Mapping[str, str | None], known_categories: Set[str]
) -> tuple[NeedDraft | None, dict[str, str]]:
    """The need form's `description`, `category`, `frequency` and `target_group` (the organisation is
    checked where the organisations are known)."""
    description = clean_text(raw.get("description"))
    problem = description_problem(description)
    if problem:
        return None, {"description": problem}
    category = raw.get("category") or guess_category(description)
    if category not in known_categories:
        return None, {"category": "Ik kon geen categorie raden uit je beschrijving; kies er een."}
    frequency = raw.get("frequency") or DEFAULT_FREQUENCY
    if frequency not in FREQUENCY_LABELS:
        return None, {"frequency": "Kies hoe vaak je dit ziet."}
    target_group = raw.get("target_group")
    if target_group is not None and target_group not in TARGET_GROUP_LABELS:
        return None, {"target_group": "Kies een doelgroep uit de lijst."}
    return NeedDraft(description, category, frequency, target_group, guessed=not raw.get("category")), {}
