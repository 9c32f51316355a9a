"""The code's shape (DEVELOPERS.md "How we write code"): small modules, and imports that flow one
way, with no module reaching back into one that imports it (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 500
KNOWN_CIRCLES: set[frozenset[str]] = set()  # circles still to be ended; nothing may be added


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "nqpf").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base] * bool(base))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def import_circles() -> list[frozenset[str]]:
    """The strongly connected groups of more than one module in the import graph (Tarjan)."""
    known = _modules()
    graph = {name: _imports(name, path, known) for name, path in known.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(frozenset(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return circles


def test_no_import_circles_but_the_known_ones():
    new = [sorted(c) for c in import_circles() if c not in KNOWN_CIRCLES]
    assert new == [], f"modules that import each other: {new}"


def test_the_circle_finder_finds_a_circle(tmp_path, monkeypatch):
    package = tmp_path / "nqpf"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from nqpf import b\n")
    (package / "b.py").write_text("def f():\n    from nqpf.a import g\n")
    (package / "c.py").write_text("import nqpf.a\n")
    monkeypatch.setattr(__import__(__name__), "SRC", tmp_path)
    assert import_circles() == [frozenset({"nqpf.a", "nqpf.b"})]


def test_modules_stay_small():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: {long}"


def test_the_cli_modules_never_import_the_group_they_are_registered_on():
    known = _modules()
    for name in ("nqpf.cli_query", "nqpf.cli_index", "nqpf.cli_options", "nqpf.cli_reads"):
        assert "nqpf.cli" not in _imports(name, known[name], known), name


def test_only_the_engine_module_imports_duckdb():
    # the duckdb package's Python layer costs every command ~0.1 s of start-up (store/duckdb_engine.py)
    importers = set()
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            if any(n.split(".")[0] in ("duckdb", "_duckdb") for n in names):
                importers.add(name)
    assert importers == {"nqpf.store.duckdb_engine"}
