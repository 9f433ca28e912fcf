"""Tables of joint activities against gaps (`/activiteit`)."""

from __future__ import annotations
