"""Every form goes through one helper (plugin/forms.py): refused input → the Dutch errors next to the fields
and nothing handed on; saved → the form closes and the lazy listeners get what was saved."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.authorization import AuthorizeResult

from plugin.forms import FormRejected, handle_form

ROOT = Path(__file__).resolve().parent.parent


def submit(app: App, name: str) -> tuple[int, str]:
    payload = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U1", "team_id": "T1"},
        "api_app_id": "A1",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "probe",
            "state": {"values": {"name": {"name": {"value": name}}}},
        },
    }
    request = BoltRequest(
        body=urlencode({"payload": json.dumps(payload)}),
        headers={"content-type": ["application/x-www-form-urlencoded"]},
    )
    response = app.dispatch(request)
    return response.status, response.body


def test_refused_input_shows_errors_and_saved_input_reaches_the_lazy_listener() -> None:
    executor = ThreadPoolExecutor(max_workers=1)
    app = App(
        signing_secret="secret",
        request_verification_enabled=False,
        authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-1", bot_user_id="UB"),
        process_before_response=True,
        listener_executor=executor,
    )
    handed: list[Any] = []

    def save(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        name = view["state"]["values"]["name"]["name"]["value"]
        if not name.strip():
            raise FormRejected({"name": "Geef een naam."})
        return {"id": 7, "name": name}

    def after(context: BoltContext) -> None:
        handed.append(context.get("probe_saved"))

    handle_form(app, "probe", save, then=[after], key="probe_saved")

    status, body = submit(app, "  ")
    assert status == 200 and json.loads(body) == {"response_action": "errors", "errors": {"name": "Geef een naam."}}
    status, body = submit(app, "Bib")
    assert status == 200 and body == ""
    executor.shutdown(wait=True)
    assert handed == [None, {"id": 7, "name": "Bib"}]


def test_no_feature_writes_the_submission_sequence_itself() -> None:
    """The sequence (catch the rejection, answer with errors, stash the id) is in plugin/forms.py only;
    the one `errors` answer left in a feature is the search form's, which saves nothing."""
    written_out = []
    for path in sorted((ROOT / "commands").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if re.search(r"except\s+\(?[\w, ]*FormRejected", source):
            written_out.append(f"{path.relative_to(ROOT)} catches FormRejected")
        registrations = re.findall(r"app\.view\(\s*([^)]*)\)", source)
        written_out += [
            f"{path.relative_to(ROOT)} registers {r} itself" for r in registrations if r != '"verwijs_zoek"'
        ]
    assert written_out == []
