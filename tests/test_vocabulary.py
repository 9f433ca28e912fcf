"""One vocabulary per kind: what the form and the importer store is what the search understands, and
every word of a concept gets the same answer as the concept's head word."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from domain.hsds import parse_document
from domain.labels_nl import LANGUAGE_LABELS, TARGET_GROUP_LABELS, language_label
from domain.offering_form import validate_offering_form
from domain.referral_search import CATEGORIES, OfferingDoc, ReferralIndex
from domain.search.filters import expand_languages
from domain.vocabulary_nl import CHILD_WORDS, CONCEPTS, LANGUAGES, TARGET_GROUPS, language_code, target_group_key
from plugin.demo import DEMO_FILE
from storage.catalog import offerings
from storage.db import Database
from storage.hsds_io import export_organisations, import_organisations
from storage.networks import create_network
from storage.search_index import offering_doc


def test_target_group_keys_are_one_set() -> None:
    assert set(TARGET_GROUP_LABELS) == set(TARGET_GROUPS)


@pytest.mark.parametrize("key", sorted(k for k in TARGET_GROUP_LABELS if k != "iedereen"))
def test_every_target_group_the_form_stores_is_understood_by_the_search(key: str) -> None:
    draft, errors = validate_offering_form(
        {
            "name": "Computerles",
            "description": "Leer werken met de computer.",
            "categories": ["basisvaardigheden"],
            "target_groups": [key],
            "location_kind": "online",
            "hours": "ma 9-12",
        },
        known_categories=set(CATEGORIES),
    )
    assert not errors and draft is not None and draft.target_groups == [key]
    tagged = OfferingDoc("tagged", "Computerles", "Leer werken met de computer.", "Org", ("basisvaardigheden",),
                         target_groups=tuple(draft.target_groups))  # fmt: skip
    plain = OfferingDoc("plain", "Computerles", "Leer werken met de computer.", "Org", ("basisvaardigheden",))
    index = ReferralIndex.build([plain, tagged])
    label = TARGET_GROUP_LABELS[key].lower()
    outcome = index.search(f"computerles voor {label}")
    # "kinderen" does not say who the client is (the child or a parent): it ranks, it does not filter
    assert key in outcome.filters.target_groups or label in CHILD_WORDS, label
    assert [h.doc.id for h in outcome.hits][0] == "tagged", label


def test_the_issue_example_form_tagged_offer_does_not_rank_last() -> None:
    text = ("Computerles", "Leer werken met de computer.", "Org", ("basisvaardigheden",))
    form = OfferingDoc("form", *text, target_groups=("mensen-met-een-beperking",))
    old = OfferingDoc("old", *text, target_groups=("beperking",))  # an older search key, as stored by hand
    untagged = OfferingDoc("untagged", *text)
    outcome = ReferralIndex.build([untagged, old, form]).search("computerles voor mensen met een beperking")
    scores = {h.doc.id: h.score for h in outcome.hits}
    assert scores["form"] == scores["old"] > scores["untagged"]


@pytest.mark.parametrize("code", sorted(LANGUAGE_LABELS))
def test_every_language_the_form_stores_is_understood_by_the_search(code: str) -> None:
    names = [w for w, c in LANGUAGES.items() if c in expand_languages([code]) and " " not in w]
    assert names, code
    if code == "nl":
        return  # Dutch is never a filter
    index = ReferralIndex.build(
        [OfferingDoc("x", "Gsm-hulp", "Hulp met je gsm.", "Org", ("smartphone-en-apps",), languages=(code,))]
    )
    outcome = index.search(f"gsm hulp in het {names[0]}")
    assert [h.doc.id for h in outcome.hits] == ["x"], names[0]
    assert language_label(code) != code


def test_importer_maps_names_to_the_shared_keys() -> None:
    assert target_group_key("Mensen met een beperking") == "mensen-met-een-beperking"
    assert target_group_key("beperking") == "mensen-met-een-beperking"
    assert target_group_key("Senioren") == "senioren"
    assert target_group_key("kandidaat-huurders") is None
    assert language_code("Arabic") == language_code("Arabisch") == "ar"
    assert language_code("Oekraïens") == "uk"
    service = {
        "id": "s1",
        "name": "Gsm-hulp",
        "languages": [{"name": "Tigrinya"}, "fa"],
        "attributes": [
            {"taxonomy_term": {"term": "Mensen met een beperking", "taxonomy": "doelgroep"}},
            {"taxonomy_term": {"term": "kandidaat-huurders", "taxonomy": "doelgroep"}},
        ],
    }
    org = parse_document({"organizations": [{"id": "o1", "name": "Org", "services": [service]}]})[0]
    assert org.services[0].target_groups == ["mensen-met-een-beperking", "kandidaat-huurders"]
    assert org.services[0].languages == ["ti", "fa"]
    assert language_label("prs") == "Dari" and language_label("xx") == "andere taal"


def test_a_group_outside_the_vocabulary_is_kept_and_searchable_as_words() -> None:
    doc = OfferingDoc("x", "Digitaal loket", "Hulp bij online aanvragen.", "Org", ("administratie-en-formulieren",),
                      target_groups=("kandidaat-huurders",))  # fmt: skip
    assert [h.doc.id for h in ReferralIndex.build([doc]).search("kandidaat-huurders online aanvragen").hits] == ["x"]


@pytest.fixture
def demo_docs(db: Database) -> list[OfferingDoc]:
    with db.transaction() as session:
        network = create_network(
            session, team_id="TDEMO", name="Demo", coordinator_user_id=None, neighbourhood="Deurne"
        )
        import_organisations(session, network, parse_document(json.loads(DEMO_FILE.read_text(encoding="utf-8"))))
        again = export_organisations(session, network)  # what the importer stored is what an export says
        assert [s.target_groups for o in again for s in o.services]
        return [replace(offering_doc(o), id=o.hsds_id) for o in offerings(session, network.id, statuses=("active",))]


def test_every_group_the_importer_stored_is_a_vocabulary_key_or_a_searchable_word(demo_docs: list[OfferingDoc]) -> None:
    stored = {g for d in demo_docs for g in d.target_groups}
    assert "mensen-met-een-beperking" in stored and "mensen met een beperking" not in stored
    index = ReferralIndex.build(demo_docs)
    for group in stored - set(TARGET_GROUPS):
        assert index.search(group).understood_terms, group


def test_every_term_of_a_concept_gets_the_answer_of_its_head_term(demo_docs: list[OfferingDoc]) -> None:
    """For every concept the demo network has offerings for: each of its words or phrases that the
    question reader takes as exactly that concept (not also a filter, another concept or a second
    word) gets a non-gap answer with the same top result as the concept's head term."""
    index = ReferralIndex.build(demo_docs)
    parser = index._parser
    assert parser is not None

    def reads_as(term: str, key: str) -> bool:
        parsed = parser.parse(term)
        if parsed.filters.active or parsed.relative_day is not None or len(parsed.units) != 1:
            return False
        unit = parsed.units[0]
        return unit.role == "content" and {a.term for a in unit.alts if a.kind == "concept"} == {"C:" + key}

    checked = 0
    for concept in CONCEPTS:
        if concept.weak:
            continue
        terms = [t for t in concept.terms if reads_as(t, concept.key)]
        if len(terms) < 2 or "C:" + concept.key not in index._postings:
            continue
        head = index.search(terms[0], neighbourhood="Deurne")
        for term in terms[1:]:
            outcome = index.search(term, neighbourhood="Deurne")
            checked += 1
            assert not head.is_gap and not outcome.is_gap, (concept.key, terms[0], term)
            assert outcome.hits[0].doc.id == head.hits[0].doc.id, (concept.key, terms[0], term)
    assert checked > 300  # a large part of the vocabulary, not a handful
