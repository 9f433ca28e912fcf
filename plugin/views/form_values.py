"""Reading a submitted modal's `state.values` without caring about the element type."""

from __future__ import annotations

from typing import Any


def value_of(values: dict[str, dict[str, Any]], block_id: str, action_id: str = "value") -> Any:
    """Text for text inputs, a value for selects, a list for multi-selects, a date/time/user id for pickers."""
    element = (values.get(block_id) or {}).get(action_id) or {}
    kind = element.get("type")
    if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        return [o["value"] for o in element.get("selected_options") or []]
    if kind == "multi_users_select":
        return list(element.get("selected_users") or [])
    if kind in ("static_select", "external_select", "radio_buttons"):
        selected = element.get("selected_option")
        return selected["value"] if selected else None
    if kind == "users_select":
        return element.get("selected_user")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "timepicker":
        return element.get("selected_time")
    if kind == "datetimepicker":
        return element.get("selected_date_time")
    value = element.get("value")
    return value.strip() if isinstance(value, str) else value
