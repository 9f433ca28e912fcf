"""`lerend-netwerk try` prints replies and forms as readable text."""

from __future__ import annotations

from plugin.views.kit import modal, static_select, text_input
from plugin.views.plaintext import reply_to_text


def test_a_form_reads_as_title_fields_and_buttons() -> None:
    view = modal(
        "Nood melden",
        [
            text_input("description", "Waar lopen je cliënten op vast?", placeholder="bv. itsme activeren"),
            static_select("frequency", "Hoe vaak zie je dit?", [("wekelijks", "Wekelijks")], initial="wekelijks"),
            static_select("category", "Categorie", [("jongeren", "Jongeren")], optional=True),
        ],
        callback_id="nood_save",
        submit="Melden",
    )
    text = reply_to_text({"response_type": "ephemeral", "dev_views": [view]})
    lines = text.splitlines()
    assert "(In Slack opent hier dit venster" in lines[0]
    assert "┌ VENSTER: Nood melden" in lines
    assert "│ Waar lopen je cliënten op vast?" in lines and "│    [ bv. itsme activeren ]" in lines
    assert "│    (kies er één: Wekelijks; nu: Wekelijks)" in lines
    assert "│ Categorie (optioneel)" in lines  # once, as Slack shows it in Dutch
    assert lines[-1] == "└ [Annuleren] [Melden]"


def test_selects_in_a_message_show_their_placeholder() -> None:
    blocks = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Vraag zonder antwoord: “loodgieter”"},
            "accessory": {
                "type": "static_select",
                "action_id": "hiaten_categorie",
                "placeholder": {"type": "plain_text", "text": "Kies een categorie"},
                "options": [],
            },
        }
    ]
    assert reply_to_text({"blocks": blocks}).splitlines()[-1] == "   [Kies een categorie ▾]"
