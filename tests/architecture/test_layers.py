"""Imports go one way, down the layers of docs/architecture.md: every `import` in every module of kg/
(inside functions and `if TYPE_CHECKING:` blocks too) is checked against the table below."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kg"

# Layer -> the modules it holds, each with its submodules ("kg" is the package root alone).
LAYERS: dict[str, tuple[str, ...]] = {
    "model": ("kg.model",),
    "records": ("kg.records",),
    "ingest": ("kg.ingest",),
    "extract": ("kg.extract",),
    "graph": ("kg.graph",),
    "export": ("kg.export", "kg.queries"),
    "training": ("kg.training",),
    "builder": ("kg.workspace", "kg.manifest", "kg.stage_files", "kg.checkpoint", "kg.folder_lock", "kg.builder",
                "kg.shards", "kg.publish"),
    "api": ("kg", "kg.api", "kg.analysis", "kg.neo4j", "kg.notebooks"),
    "cli": ("kg.commands", "kg.cli", "kg.__main__"),
}
# Layer -> the other layers it may import (its own is always allowed). Anything missing is a back-import
# or a sideways one (export and training both sit on graph and know nothing of each other).
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "records": {"model"},
    "ingest": {"model", "records"},
    "extract": {"model", "records"},
    "graph": {"model", "records", "extract"},
    "export": {"model", "records", "graph"},
    "training": {"model", "records", "extract", "graph"},
    "builder": {"model", "records", "ingest", "extract", "graph", "export"},
    "api": {"model", "records", "ingest", "extract", "graph", "export", "builder"},
    "cli": {"model", "records", "ingest", "extract", "training", "graph", "export", "builder", "api"},
}
# Names every layer may take from the package root: metadata defined in kg/__init__.py itself.
ROOT_METADATA = {"__version__"}


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules(package: Path) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    for layer, prefixes in LAYERS.items():
        if any(module == prefix or (prefix != "kg" and module.startswith(prefix + ".")) for prefix in prefixes):
            return layer
    return None


def imported_modules(module: str, path: Path, known: set[str]) -> list[tuple[int, str]]:
    """(line, kg module) for each import in the file; `from kg.x import y` counts as kg.x.y when that is
    a module, and relative imports are resolved against the importing module's package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "kg":
                continue
            for alias in node.names:
                child = f"{source}.{alias.name}"
                if child in known:
                    found.append((node.lineno, child))
                elif not (source == "kg" and alias.name in ROOT_METADATA):
                    found.append((node.lineno, source))
    return found


def back_imports(package: Path = PACKAGE) -> list[str]:
    """`file:line: module (layer) imports target (layer)` for every import the table does not allow."""
    modules = all_modules(package)
    problems = []
    for module, path in modules.items():
        layer = layer_of(module)
        where = path.relative_to(package.parent).as_posix()
        for line, target in imported_modules(module, path, set(modules)):
            target_layer = layer_of(target)
            if layer is None or target_layer is None:
                problems.append(f"{where}:{line}: {module} imports {target}; add both to LAYERS")
            elif target_layer != layer and target_layer not in MAY_IMPORT[layer]:
                problems.append(f"{where}:{line}: {module} ({layer}) imports {target} ({target_layer})")
    return problems


def test_every_module_is_in_a_layer() -> None:
    assert [module for module in all_modules(PACKAGE) if layer_of(module) is None] == []


def test_the_table_only_allows_lower_layers() -> None:
    order = list(LAYERS)
    for layer, allowed in MAY_IMPORT.items():
        assert all(order.index(other) < order.index(layer) for other in allowed), layer


def test_no_import_runs_back_up_a_layer() -> None:
    assert back_imports() == []


@pytest.mark.parametrize("code", [
    "from kg.builder import build",
    "def later():\n    from kg.commands import analyze\n",
    "import kg.export.html.select",
    "from kg import api",
    "from kg import build",
])
def test_a_back_import_is_caught(code: str, tmp_path: Path) -> None:
    """The checker itself: the same code placed in a copy of kg/graph/linking.py is reported."""
    copy = tmp_path / "kg"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    linking = copy / "graph" / "linking.py"
    linking.write_text(linking.read_text(encoding="utf-8") + "\n" + code + "\n", encoding="utf-8")
    assert [problem for problem in back_imports(copy) if problem.startswith("kg/graph/linking.py")]
