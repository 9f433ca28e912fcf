"""The layers import downwards only: storage/ never reaches up into plugin/ or commands/ (its Alembic
environment included), and domain/ uses the standard library and itself alone."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported(package: str) -> dict[str, set[str]]:
    """Per module file of `package`, the top-level names of everything it imports (lazily or not)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_storage_never_imports_the_edge_or_the_commands() -> None:
    upward = {path: names & {"plugin", "commands"} for path, names in imported("storage").items()}
    assert {path: names for path, names in upward.items() if names} == {}
    assert "storage/migrations/env.py" in upward  # the Alembic environment is checked too


def test_domain_imports_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names) | {"domain", "__future__"}
    foreign = {path: names - allowed for path, names in imported("domain").items()}
    assert {path: names for path, names in foreign.items() if names} == {}
