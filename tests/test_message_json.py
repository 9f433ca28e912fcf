"""A `/verwijs` answer is encoded by `plugin.views.kit.message_json`, reusing the JSON of kept blocks (result
cards, dividers): the bytes must be those Bolt's `ack(response_type=..., text=..., blocks=...)` would send."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.views.kit import Block, KeptBlock, button, context, divider, message_json, section
from tests.blockkit import assert_valid_blocks
from tests.slack_driver import SlackDriver

# text as people and offers write it: accents, emoji, quotes, backslashes, control characters, Slack markup
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", 'é “aanhalingen” \\ "', "🕒 09:00–12:00 · 📍 Kerkstraat 1", "<mailto:a@b.be|a@b.be>", "\n\t\x01"]
)


@st.composite
def _block(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from(["section", "divider", "context", "button_section"]))
    if kind == "divider":
        block = divider()
    elif kind == "context":
        block = context(*draw(st.lists(_TEXT, min_size=1, max_size=3)))
    else:
        block = section(draw(_TEXT) or "x")
        if kind == "button_section":
            value = str(draw(st.integers(0, 10**6)))
            block["accessory"] = button("Verwijs door", "verwijs_refer", value, style="primary")
    if draw(st.booleans()):
        kept = KeptBlock(block)
        if draw(st.booleans()):
            kept.json()  # encoded by an earlier answer
        return kept
    return block


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, blocks=st.lists(_block(), max_size=12), response_type=st.sampled_from(["ephemeral", "in_channel"]))
def test_the_answer_is_encoded_as_bolt_would_encode_it(text: str, blocks: list[Block], response_type: str) -> None:
    as_bolt = json.dumps({"text": text, "response_type": response_type, "blocks": blocks})
    assert message_json(text, blocks, response_type=response_type) == as_bolt


def test_a_kept_block_is_encoded_once_and_reused() -> None:
    card = KeptBlock(section("*Laptop ontlenen* — Bibliotheek"))
    first = card.json()
    assert card.json() is first
    twice = message_json("2 resultaten", [section("🔎 intro"), card, divider(), card])
    assert twice.count(first) == 2
    assert json.loads(twice)["blocks"][1] == dict(card)


def test_verwijs_answers_with_those_bytes_as_json(slack: SlackDriver, social_map: Any) -> None:
    for question in ("laptop lenen", "laptop lenen", "hulp bij itsme", "woensdagnamiddag hulp met smartphone", "yoga"):
        answer = slack.command("/verwijs", question)
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "application/json;charset=utf-8"
        body = json.loads(answer.data)
        assert list(body) == ["text", "response_type", "blocks"] and body["response_type"] == "ephemeral"
        assert answer.data == json.dumps(body).encode()  # as json.dumps of the answer writes it
        assert_valid_blocks(body["blocks"])
