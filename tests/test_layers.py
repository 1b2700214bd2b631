"""The package's layers, read from its source: every module belongs to one
layer, and imports (at the top, inside functions, or for type checking
alone) only modules of its own layer or of the layers before it, with no
cycle between modules and no private name taken from another module. git
runs only in `history/`; the data's date is read from the environment only
by the adapters (the command line and the MkDocs plugin), which hand it down
as a value."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "powerlist"

# The pipeline, in order: a layer imports only itself and the layers before it.
# `importing` is its own pipeline, after the outputs (it writes item files with
# the core's YAML writer and names body folders with the search index's pinyin).
LAYERS = ("core", "history", "view", "outputs", "importing", "site", "cli")
# The package's own files outside the layers: its version (imported by anything)
# and `python -m powerlist` (the command line's other door).
FIRST = {"powerlist"}
LAST = {"powerlist.__main__"}
# The only modules that read SOURCE_DATE_EPOCH: they read it once and pass the date down.
ADAPTERS = {"powerlist.cli.main", "powerlist.site.mkdocs_plugin"}
# The only place that starts processes (git).
RUNS_GIT = ("powerlist.history",)


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(src: Path = SRC) -> dict[str, tuple[Path, ast.Module]]:
    return {module_name(p, src): (p, ast.parse(p.read_text(encoding="utf-8"), str(p)))
            for p in sorted((src / PACKAGE).rglob("*.py"))}


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports(name: str, path: Path, tree: ast.Module, known: set[str]) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import of
    the package anywhere in the module: at the top, in functions, under
    TYPE_CHECKING. `from pkg import mod` counts as importing `pkg.mod`."""
    out: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, None, node.lineno) for a in node.names if a.name.split(".")[0] == PACKAGE]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path).split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                continue
            for a in node.names:
                sub = f"{target}.{a.name}"
                if sub in known:
                    out.append((sub, None, node.lineno))
                else:
                    out.append((target, a.name, node.lineno))
    return out


def layer_of(module: str) -> int:
    if module in FIRST:
        return -1
    if module in LAST:
        return len(LAYERS)
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in LAYERS:
        raise LookupError(module)
    return LAYERS.index(parts[1])


def graph(mods: dict[str, tuple[Path, ast.Module]]) -> nx.DiGraph:
    g = nx.DiGraph()
    known = set(mods)
    for name, (path, tree) in mods.items():
        g.add_node(name)
        for target, _, line in imports(name, path, tree, known):
            if target != name:
                g.add_edge(name, target, line=line)
    return g


def test_every_module_is_in_a_layer():
    outside = []
    for name in modules():
        try:
            layer_of(name)
        except LookupError:
            outside.append(name)
    assert outside == [], f"modules outside the layers {LAYERS}: {outside}"


def test_no_import_cycle():
    g = graph(modules())
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert cycles == [], f"modules that import each other (directly or around a loop): {cycles}"


def test_no_import_from_a_later_layer():
    mods = modules()
    g = graph(mods)
    upward = []
    for a, b, data in g.edges(data=True):
        try:
            if layer_of(b) > layer_of(a):
                upward.append(f"{a}:{data['line']} imports {b}")
        except LookupError:
            upward.append(f"{a}:{data['line']} imports {b} (outside the layers)")
    assert upward == [], "imports against the layering:\n" + "\n".join(sorted(upward))


def test_no_private_name_from_another_module():
    mods = modules()
    known = set(mods)
    found = []
    for name, (path, tree) in mods.items():
        aliases: set[str] = set()  # names the module binds to other modules of the package
        for target, taken, line in imports(name, path, tree, known):
            if taken is not None and taken.startswith("_") and not taken.startswith("__") and target != name:
                found.append(f"{name}:{line} takes {target}.{taken}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                aliases |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                aliases |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith(PACKAGE)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{name}:{node.lineno} uses {node.value.id}.{node.attr}")
    # The alias check above also sees attributes of imported classes; the
    # package's own modules only, so an instance's `_x` on a class name counts too.
    assert found == [], "private names used across modules:\n" + "\n".join(sorted(found))


def test_processes_run_only_in_history():
    found = []
    for name, (_, tree) in modules().items():
        if name.startswith(RUNS_GIT):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "subprocess" for a in node.names):
                found.append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "subprocess":
                found.append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.Constant) and node.value == "git":
                found.append(f"{name}:{node.lineno} names the git program")
    assert found == [], "processes started outside history/ (git belongs to history.git):\n" + "\n".join(found)


def test_data_date_read_from_the_environment_only_by_the_adapters():
    found = [f"{name}:{node.lineno}" for name, (_, tree) in modules().items() if name not in ADAPTERS
             for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value == "SOURCE_DATE_EPOCH"]
    assert found == [], "SOURCE_DATE_EPOCH outside the adapters (pass the date as a value):\n" + "\n".join(found)


def test_the_checks_see_a_cycle_and_an_upward_import(tmp_path):
    """The checks above on a made-up package: a cycle inside the core, the
    core importing the site, and a private name taken across modules."""
    pkg = tmp_path / PACKAGE
    for folder in ("core", "site"):
        (pkg / folder).mkdir(parents=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "core" / "a.py").write_text("from .b import thing\n")
    (pkg / "core" / "b.py").write_text("def f():\n    from .a import _hidden\n    from ..site import pages\n")
    (pkg / "site" / "pages.py").write_text("import json\n")
    mods = modules(tmp_path)
    g = graph(mods)
    assert [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1] == [
        ["powerlist.core.a", "powerlist.core.b"]]
    assert g.has_edge("powerlist.core.b", "powerlist.site.pages")
    assert layer_of("powerlist.site.pages") > layer_of("powerlist.core.b")
    path, tree = mods["powerlist.core.b"]
    assert ("powerlist.core.a", "_hidden", 2) in imports("powerlist.core.b", path, tree, set(mods))
