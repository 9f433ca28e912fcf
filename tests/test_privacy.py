"""Personal-data detection: the same answers as before, linear time on hostile input, length checked first."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from domain import privacy
from domain.offering_form import validate_offering_form
from domain.privacy import has_email_address, personal_data_found
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver, plain_value, select_value

OLD_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.I)  # the quadratic pattern it replaces


@pytest.mark.parametrize(
    "text, label",
    [
        ("mail naar jan.peeters@telenet.be graag", "een e-mailadres"),
        ("tel 0470 12 34 56", "een telefoonnummer"),
        ("+32 470 12.34.56", "een telefoonnummer"),
        ("RRN 85.07.30-033.28", "een rijksregisternummer"),
        ("BE68 5390 0754 7034", "een rekeningnummer"),
        ("geboren op 3 mei", "een geboortedatum"),
        ("wil itsme op nieuwe gsm", None),
        ("zie @jan of a@b", None),
        ("", None),
    ],
)
def test_what_is_found(text: str, label: str | None) -> None:
    assert personal_data_found(text) == label


def test_email_check_agrees_with_the_old_pattern_on_every_short_text() -> None:
    import itertools

    for length in range(8):
        for chars in itertools.product("a.@ ", repeat=length):
            text = "".join(chars) + "xy"
            assert has_email_address(text) == bool(OLD_EMAIL.search(text)), text


def test_a_megabyte_of_hostile_text_is_answered(tmp_path) -> None:  # noqa: ANN001
    """The old e-mail pattern took 17 s on 100 KB (quadratic: about half an hour on these); linear code
    answers at once. Run apart, so that a regression fails on the timeout instead of hanging the suite."""
    script = (
        "from domain.privacy import personal_data_found as f\n"
        "hostile = ['a' * 1_000_000, 'a.' * 500_000, ('a@' * 500_000) + ' ', '0 ' * 500_000 + 'x',\n"
        "           ('b.b' * 300_000) + ' @', 'geb. ' * 200_000, '+1' * 500_000]\n"
        "print([f(text) for text in hostile])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=".")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.replace("None", "null").replace("'", '"'))[0] is None


def test_the_referral_note_checks_its_length_before_its_content(
    slack: SlackDriver, fake_slack: FakeSlack, social_map, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack.block_action("verwijs_refer", str(social_map["itsme"]), user="UBIB")
    view = fake_slack.wait_for("views.open")[0].json("view")
    read: list[int] = []
    original = privacy.personal_data_found
    monkeypatch.setattr("commands.verwijs.personal_data_found", lambda text: read.append(len(text)) or original(text))
    values = {"category": {"value": select_value("e-overheid-en-itsme")},
              "note": {"value": plain_value("mevrouw 0470 12 34 56 " * 5000)}}  # fmt: skip
    refused = slack.view_submission("verwijs_door", values, private_metadata=view["private_metadata"], user="UBIB")
    assert refused.get_json()["errors"]["note"].startswith("Maximaal 280 tekens (nu ")
    assert read == []  # the content was never read


def test_every_form_refuses_a_huge_contact_by_its_length() -> None:
    draft, errors = validate_offering_form({"name": "x", "contact": "a@b.b" * 100_000 + " "}, known_categories=set())
    assert draft is None and errors["contact"].startswith("Maximaal 300 tekens")
