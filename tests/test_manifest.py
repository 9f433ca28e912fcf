"""manifest.yml is valid for Slack and in step with the app's commands and scopes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from plugin.config import DEFAULT_SCOPES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest-schema" / "manifest.schema.1.0.0.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_passes_slacks_schema(manifest: dict) -> None:
    if not SCHEMA.exists():
        pytest.skip("Slack's manifest schema is not next to the project (../shared)")
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
    assert not errors, [e.message for e in errors[:5]]


def test_manifest_scopes_match_the_apps_oauth_scopes(manifest: dict) -> None:
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(DEFAULT_SCOPES)


def test_every_manifest_command_is_answered(manifest: dict, slack) -> None:
    for command in manifest["features"]["slash_commands"]:
        assert command["url"].endswith("/slack/events")
        response = slack.command(command["command"], "")
        assert response.status_code == 200, command["command"]


def test_usage_hints_name_the_words_a_command_knows(manifest: dict, slack) -> None:
    """Slack shows the hint while typing: a word the command knows but the hint leaves out is never found."""
    hints = {c["command"]: c.get("usage_hint", "") for c in manifest["features"]["slash_commands"]}
    for command, words in {"/hiaten": ("grafiek", "scan"), "/netwerk": ("ontkoppel", "publiek")}.items():
        for word in words:
            assert word in hints[command], (command, word)
            text = json.dumps(slack.command(command, word).get_json() or {}, ensure_ascii=False)
            assert "ken ik niet" not in text, (command, word)  # the app knows it indeed
