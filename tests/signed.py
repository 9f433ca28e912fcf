"""Modal metadata as the app signs it (plugin.modal_metadata), for tests that build a submission
by hand, and reading what a view carries."""

from __future__ import annotations

import json
from typing import Any

from plugin.config import Settings
from plugin.modal_metadata import seal
from tests.conftest import SIGNING_SECRET

KEY = Settings(signing_secret=SIGNING_SECRET).metadata_signing_key


def signed_metadata(callback_id: str, data: dict[str, Any], *, network_id: int = 1, team_id: str = "T1") -> str:
    return seal(KEY, team_id=team_id, callback_id=callback_id, network_id=network_id, data=data)


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """The data a view carries (without its network and signature)."""
    return json.loads(view["private_metadata"].rsplit(".", 1)[0])["d"]


def network_of_view(view: dict[str, Any]) -> int:
    return json.loads(view["private_metadata"].rsplit(".", 1)[0])["n"]
