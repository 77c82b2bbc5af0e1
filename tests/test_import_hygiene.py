"""The layers hold for every module: read from the source (imports inside functions count too) and checked again
at run time.

- `qa` never imports textual or `tui` (the one exception: `qa.cli` starts the chat for `qa chat`);
- the question path (`qa.ask`, `qa.stories`, `qa.text` and the records) never reaches ingest or index building;
- `tui` uses the engine entry point and the records, never the index or ingest internals, and has no import cycle.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

from qa.config import repo_root

ROOT = repo_root()
QUESTION_PATH = ("qa.ask", "qa.read", "qa.stories", "qa.text", "qa.types", "qa.errors", "qa.config")
INDEX_BUILDING = ("qa.ingest", "qa.index.build", "qa.index.lock", "qa.index.staleness", "qa.index.encoder_choice",
                  "qa.index.torch_encoder", "qa.index.onnx_export", "qa.engine", "qa.evaluation")
INDEX_INTERNALS = ("qa.index", "qa.ingest")
UI = ("textual", "tui")
ENTRY_POINT = "qa.cli"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for package in ("qa", "tui") for p in sorted((ROOT / package).rglob("*.py"))}


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every module `module` imports, at the top or inside a function (submodules resolved where they exist)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(modules()[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules() else node.module)
    return frozenset(found)


def reachable(start: str) -> set[str]:
    """The modules of this repo that `start` can load, following every import, lazy ones included."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in modules():
            continue
        seen.add(name)
        todo.extend(imports_of(name))
        todo.extend(p for p in _parents(name) if p in modules())
    return seen


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def test_qa_never_imports_the_ui() -> None:
    offenders = {m: sorted(i for i in imports_of(m) if _under(i, UI))
                 for m in modules() if m.startswith("qa") and m != ENTRY_POINT}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_question_path_never_reaches_ingest_or_index_building() -> None:
    offenders = {m: sorted(r for r in reachable(m) if _under(r, INDEX_BUILDING))
                 for m in modules() if _under(m, QUESTION_PATH)}
    assert {m: r for m, r in offenders.items() if r} == {}


def test_the_chat_uses_no_index_or_ingest_internals() -> None:
    offenders = {m: sorted(i for i in imports_of(m) if _under(i, INDEX_INTERNALS))
                 for m in modules() if m.startswith("tui")}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_chat_has_no_import_cycle() -> None:
    graph = {m: {i for i in imports_of(m) if i.startswith("tui")} for m in modules() if m.startswith("tui")}
    cycles = [(m, i) for m, targets in graph.items() for i in targets if m in reachable_within(graph, i)]
    assert cycles == []


def reachable_within(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return seen


def _loaded_by(code: str) -> list[str]:
    probe = f"import json, sys; {code}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)


def test_importing_the_question_path_loads_no_index_building_and_nothing_heavy() -> None:
    loaded = _loaded_by("import qa.ask")
    assert "qa.ask.pipeline" in loaded
    assert [m for m in loaded if _under(m, INDEX_BUILDING)] == []
    assert not {m.split(".")[0] for m in loaded} & {"textual", "tui", "torch", "sentence_transformers", "dateparser"}


def test_core_imports_no_textual_torch_or_sentence_transformers() -> None:
    loaded = {name.split(".")[0] for name in _loaded_by("import qa.cli, qa.ask, qa.engine")}
    assert "qa" in loaded
    assert not loaded & {"textual", "torch", "sentence_transformers", "tui"}
