"""The knowledge base's rules without Slack: the form, a message turned into a tip, and 👍 in the ranking."""

from __future__ import annotations

from domain.knowledge import (
    EXPLANATION_MAX,
    is_like,
    prefill_from_message,
    rank_by_usefulness,
    usefulness,
    validate_knowledge_form,
)

KNOWN = {"e-overheid-en-itsme", "school-en-ouders"}


def test_a_valid_form_becomes_a_clean_draft() -> None:
    draft, errors = validate_knowledge_form(
        {
            "title": "  Stappenplan   itsme ",
            "url": "https://www.itsme-id.com/nl-BE/get-started",
            "explanation": "Met schermafbeeldingen.\u200b",
            "categories": ["e-overheid-en-itsme", "e-overheid-en-itsme"],
            "target_groups": ["senioren"],
        },
        known_categories=KNOWN,
    )
    assert errors == {}
    assert draft is not None
    assert (draft.title, draft.explanation, draft.categories) == (
        "Stappenplan itsme",
        "Met schermafbeeldingen.",
        ["e-overheid-en-itsme"],
    )


def test_links_must_be_web_links_and_groups_from_the_list() -> None:
    for url in ("javascript:alert(1)", "www.zonder-schema.be", "https://", "https://a b.be"):
        _, errors = validate_knowledge_form(
            {"title": "t", "url": url, "explanation": "e", "categories": ["school-en-ouders"]}, known_categories=KNOWN
        )
        assert "url" in errors, url
    _, errors = validate_knowledge_form(
        {"title": "t", "explanation": "e", "categories": ["school-en-ouders"], "target_groups": ["marsmannetjes"]},
        known_categories=KNOWN,
    )
    assert errors == {"target_groups": "Kies de doelgroep uit de lijst."}


def test_a_message_becomes_title_link_and_explanation() -> None:
    prefill = prefill_from_message(
        "*Tip:* de school van <#C123|lerend-netwerk> gebruikt Smartschool\n"
        "<https://www.smartschool.be/ouders|Uitleg voor ouders> &amp; een filmpje <@U42>"
    )
    assert prefill.title == "Tip: de school van #lerend-netwerk gebruikt Smartschool"
    assert prefill.url == "https://www.smartschool.be/ouders"
    assert "Uitleg voor ouders & een filmpje" in prefill.explanation and "<@U42>" not in prefill.explanation

    bare = prefill_from_message("https://www.digibanken.be/kaart")
    assert (bare.title, bare.url) == ("", "https://www.digibanken.be/kaart")
    long = prefill_from_message("woord " * 1000)
    assert len(long.explanation) == EXPLANATION_MAX and long.explanation.endswith("…")
    assert prefill_from_message(None).title == ""


def test_thumbs_up_in_their_shapes() -> None:
    assert is_like("+1") and is_like("thumbsup")
    assert not is_like("white_check_mark") and not is_like("heart")


def test_usefulness_lifts_equal_relevance_but_not_an_off_topic_tip() -> None:
    assert usefulness(0) == 1.0 and usefulness(1) < usefulness(3) < usefulness(10) < 2.0
    hits = [("relevant", 1.0, "1"), ("ook-relevant", 0.95, "2"), ("zijdelings", 0.3, "3")]
    assert rank_by_usefulness(hits, {}) == ["relevant", "ook-relevant", "zijdelings"]
    assert rank_by_usefulness(hits, {"2": 2}) == ["ook-relevant", "relevant", "zijdelings"]
    assert rank_by_usefulness(hits, {"3": 10})[0] == "relevant"
