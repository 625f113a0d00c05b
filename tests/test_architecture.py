"""The shape of the package: no import cycle, no oversized module, the engine's dependency rule,
and no private name imported across modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "socialvalue"
MAX_LINES = 450


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    assert len(found) > 50, "the package was not found"
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(path: Path, module: str, *, top_level_only: bool) -> Iterator[tuple[str, str]]:
    """``(imported module, imported name)`` for each import of a socialvalue module in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(body: list[ast.stmt]) -> Iterator[tuple[str, str]]:
        for node in body:
            if isinstance(node, ast.If) and _type_checking(node):
                continue
            if isinstance(node, ast.Import):
                yield from ((a.name, "") for a in node.names if a.name.startswith("socialvalue"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
                if base.startswith("socialvalue"):
                    yield from ((base, a.name) for a in node.names)
            if not top_level_only:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        yield from visit([child])
            elif isinstance(node, (ast.If, ast.Try)):
                yield from visit(node.body + node.orelse + [s for h in getattr(node, "handlers", []) for s in h.body])

    yield from visit(tree.body)


def graph() -> dict[str, set[str]]:
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target, imported in imports(path, name, top_level_only=True):
            full = f"{target}.{imported}"
            dest = full if full in mods else target
            if dest in mods and dest != name:
                edges[name].add(dest)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def _is_package_and_child(comp: list[str]) -> bool:
    """A package's ``__init__`` re-exporting its own modules, which import their siblings, is not a
    cycle between parts of the design: only such components are tolerated."""
    return len(comp) >= 2 and all(m == comp[0] or m.startswith(comp[0] + ".") for m in comp) \
        and modules()[comp[0]].name == "__init__.py"


def test_there_is_no_import_cycle_between_modules() -> None:
    edges = graph()
    assert sum(len(e) for e in edges.values()) > 100, "no imports found: the parser is broken"
    bad = [c for c in cycles(edges) if not _is_package_and_child(c)]
    assert not bad, "import cycles: " + "; ".join(" <-> ".join(c) for c in bad)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    over = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split them by responsibility): {over}"


def test_no_private_name_is_imported_from_another_module() -> None:
    mods = modules()
    found = []
    for name, path in mods.items():
        for target, imported in imports(path, name, top_level_only=False):
            if imported.startswith("_") and not imported.startswith("__") and target != name:
                found.append(f"{name} imports {target}.{imported}")
    assert not found, "private names imported across modules: " + "; ".join(found)


def test_the_engine_imports_nothing_of_the_rest_of_the_package() -> None:
    mods = modules()
    engine = [m for m in mods if m.startswith("socialvalue.engine")]
    assert engine, "no engine modules found"
    allowed = ("socialvalue.engine", "socialvalue.errors", "socialvalue.frozen")  # the rule engine/__init__ states
    for name in engine:
        for target, _ in imports(mods[name], name, top_level_only=False):
            assert target.startswith(allowed), f"{name} imports {target}: the engine depends on numpy, the "\
                "standard library and socialvalue.errors only"
