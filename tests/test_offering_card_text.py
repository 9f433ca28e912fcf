"""The description on an offering's card (`plugin.views.offerings.first_line`): whole sentences of its first
line while they fit, so that what made an offering an answer is not cut off after its first sentence."""

from __future__ import annotations

from plugin.views.offerings import first_line

TABLETCLUB = (
    "Elke week leren senioren samen iets nieuws op de tablet: nieuws lezen, de kleinkinderen videobellen, "
    "online winkelen zonder zorgen. Tablets zijn er om te lenen tijdens de les."
)


def test_every_sentence_that_fits_is_shown() -> None:
    assert first_line(TABLETCLUB) == TABLETCLUB  # the lending is in the second sentence
    assert first_line("Kort. Ook kort.\nEen tweede regel.") == "Kort. Ook kort."


def test_sentences_stop_where_the_next_one_would_not_fit() -> None:
    text = "A" * 100 + ". " + "B" * 100 + ". C."
    assert first_line(text) == "A" * 100 + "."


def test_a_first_sentence_too_long_is_clipped_and_marked() -> None:
    shown = first_line("A" * 200 + ". B.")
    assert len(shown) == 180 and shown.endswith("…")
    assert first_line("") == "" and first_line("   ") == ""
