"""What a modal (or the Home tab) carries in `private_metadata`: its network and its own data, signed.

Slack hands `private_metadata` back as it was sent, but anyone holding a request signature could
send another one; so the app signs it (HMAC-SHA256, key from `Settings.metadata_signing_key`) over
the workspace, the view's `callback_id`, the network id and the data, and a submission whose
metadata does not verify is refused before any listener runs (plugin.middleware).

Format: `{"n": network_id, "d": data}` as compact JSON, a dot, and the base64url MAC.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

MAX_LENGTH = 3000  # Slack's limit for private_metadata


@dataclass(frozen=True)
class ViewMetadata:
    network_id: int
    data: dict[str, Any]


def _mac(key: bytes, team_id: str, callback_id: str, payload: str) -> str:
    message = f"{team_id}\n{callback_id}\n{payload}".encode()
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode().rstrip("=")


def seal(key: bytes, *, team_id: str, callback_id: str, network_id: int, data: dict[str, Any]) -> str:
    payload = json.dumps({"n": network_id, "d": data}, separators=(",", ":"), sort_keys=True)
    sealed = f"{payload}.{_mac(key, team_id, callback_id, payload)}"
    if len(sealed) > MAX_LENGTH:
        raise ValueError(f"private_metadata too long ({len(sealed)} characters)")
    return sealed


def unseal(key: bytes, raw: Any, *, team_id: str, callback_id: str) -> ViewMetadata | None:
    """The metadata if the app signed it for this workspace and this view, else None."""
    if not isinstance(raw, str) or "." not in raw or len(raw) > MAX_LENGTH:
        return None
    payload, mac = raw.rsplit(".", 1)
    if not hmac.compare_digest(mac.encode(errors="replace"), _mac(key, team_id, callback_id, payload).encode()):
        return None
    try:
        decoded = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(decoded, dict):
        return None
    network_id, data = decoded.get("n"), decoded.get("d")
    if type(network_id) is not int or not isinstance(data, dict):
        return None
    return ViewMetadata(network_id=network_id, data=data)


def seal_view(key: bytes, view: dict[str, Any], *, team_id: str, network_id: int) -> dict[str, Any]:
    """A copy of a view built by plugin.views (its `private_metadata` plain JSON, or none), signed."""
    raw = view.get("private_metadata") or "{}"
    data = json.loads(raw) if isinstance(raw, str) else dict(raw)
    if not isinstance(data, dict):
        raise ValueError("a view's private_metadata must be a JSON object")
    sealed = seal(key, team_id=team_id, callback_id=str(view.get("callback_id") or ""), network_id=network_id,
                  data=data)  # fmt: skip
    return {**view, "private_metadata": sealed}
