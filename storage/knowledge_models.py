"""Tables of the knowledge base (`/kennis`): shared tips and materials, and the 👍 they got."""

from __future__ import annotations
