"""The layers import downwards only (docs/architecture.md), checked on the source itself.

- a feature in `commands/` (one module, or one package such as `commands/netwerk/`) imports no other
  feature: what two features share lives below them (`plugin/`, `storage/`, `domain/`);
- `domain/` imports only the standard library, numpy (the referral search's arrays) and `domain`;
- `storage/` (its Alembic environment included) never imports `plugin/` or `commands/`;
- `plugin/` imports `commands/` only in `plugin/features.py`, the list of features;
- the renderers in `plugin/views/` query nothing: from `storage` they take type names only.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path, *, runtime_only: bool = False, root: Path = ROOT) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in the file, also those inside functions; with `runtime_only`,
    those under `if TYPE_CHECKING:` left out."""
    found: list[tuple[str, list[str]]] = []
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if runtime_only and isinstance(node, ast.If) and is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [alias.name for alias in node.names]
            found.append((base, names))
            if node.module is None or node.level:  # `from . import x`: x may be a module
                found.extend((f"{base}.{name}", []) for name in names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return found


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module the file imports, with `from package import module` counted as that module."""
    out = set()
    for module, names in imports(path, root=root):
        out.add(module)
        out.update(f"{module}.{name}" for name in names)
    return out


def feature_of(module: str) -> str | None:
    """`commands.netwerk.partners` → `commands.netwerk`; `commands` itself is no feature."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "commands" and len(parts) > 1 else None


def test_a_feature_imports_no_other_feature() -> None:
    features = {feature_of(module_name(path)) for path in modules("commands")} - {None}
    assert "commands.netwerk" in features and "commands.actie" in features
    crossings = []
    for path in modules("commands"):
        own = feature_of(module_name(path))
        for module in imported_modules(path):
            other = feature_of(module)
            if other in features and other != own:
                crossings.append(f"{path.relative_to(ROOT)} imports {module}")
    assert crossings == []


def test_the_check_sees_a_command_importing_another(tmp_path: Path) -> None:
    """The check can fail: an import of another feature is seen, also a late or a relative one."""
    sample = tmp_path / "commands" / "actie.py"
    sample.parent.mkdir()
    sample.write_text(
        "def f():\n    from commands.kennis import like_changed\n\nfrom . import verslag\n", encoding="utf-8"
    )
    seen = imported_modules(sample, tmp_path)
    assert {"commands.kennis", "commands.verslag"} <= seen
    assert {feature_of(m) for m in seen} - {None, "commands"} == {"commands.kennis", "commands.verslag"}
    assert feature_of("commands.netwerk.partners") == feature_of("commands.netwerk") == "commands.netwerk"


def test_domain_imports_only_the_standard_library_numpy_and_domain() -> None:
    stdlib = set(sys.stdlib_module_names) | {"__future__", "numpy"}
    outside = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in modules("domain")
        for module, _names in imports(path)
        if module.split(".")[0] not in stdlib and module.split(".")[0] != "domain"
    ]
    assert outside == []


def test_plugin_imports_commands_only_in_the_feature_list() -> None:
    reaching_up = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in modules("plugin")
        if path.relative_to(ROOT) != Path("plugin/features.py")
        for module in imported_modules(path)
        if module.split(".")[0] == "commands"
    ]
    assert reaching_up == []


@pytest.mark.parametrize("path", modules("plugin/views"), ids=lambda p: p.name)
def test_renderers_take_data_and_query_nothing(path: Path) -> None:
    """Outside `if TYPE_CHECKING:`, a view takes from storage only classes (the rows and cards it is
    handed), never a function that would read or decide something."""
    for module, names in imports(path, runtime_only=True):
        if module.split(".")[0] != "storage":
            continue
        assert names, f"{path.name} imports the storage module {module}"
        loaded = importlib.import_module(module)
        functions = [name for name in names if not isinstance(getattr(loaded, name), type)]
        assert functions == [], f"{path.name} calls storage: {module}.{functions}"


def top_level_imports(package: str) -> dict[str, set[str]]:
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
    upward = {path: names & {"plugin", "commands"} for path, names in top_level_imports("storage").items()}
    assert {path: names for path, names in upward.items() if names} == {}
    assert "storage/migrations/env.py" in upward  # the Alembic environment is checked too
