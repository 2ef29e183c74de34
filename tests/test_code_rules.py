"""Rules the source tree keeps (issue #15): no generated code, small functions, layers that
point one way, no private module of another layer, import errors that are errors.

Each rule reads ``src/`` as a syntax tree; none of them imports the modules it checks, so a
violation is found even in code no other test reaches. Two neighbours check the rest:
``tests/plots/test_public_api.py`` (no underscore attribute of a dependency anywhere in src/)
and ``tests/io/test_layers.py`` (what ``import jobsearch_analytics`` and the model load).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "jobsearch_analytics"
MAX_FUNCTION_LINES = 120

#: For each layer, the layers it must not import (data flows io -> model -> metrics -> the rest).
FORBIDDEN = {
    "model": ("io", "metrics", "plots", "widgets", "report", "summary", "cli"),
    "metrics": ("io", "plots", "widgets", "report", "cli"),
    "plots": ("io", "widgets", "report", "cli"),
}

Tree = tuple[str, ast.Module]  # (path relative to src/jobsearch_analytics, syntax tree)


def _source_trees() -> list[Tree]:
    return [
        (str(p.relative_to(SRC)), ast.parse(p.read_text(encoding="utf-8")))
        for p in sorted(SRC.rglob("*.py"))
    ]


TREES = _source_trees()


def _layer(rel: str) -> str:
    parts = Path(rel).parts
    return parts[0] if len(parts) > 1 else Path(rel).stem


def _imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, dotted name) of every module and every name imported from one."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.lineno, node.module))
            out.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
    return out


def generated_code(trees: list[Tree]) -> list[str]:
    return [
        f"{rel}:{node.lineno}"
        for rel, tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("exec", "eval", "compile")
    ]


def long_functions(trees: list[Tree], limit: int = MAX_FUNCTION_LINES) -> list[str]:
    return [
        f"{rel}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for rel, tree in trees
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > limit
    ]


def upward_imports(trees: list[Tree]) -> list[str]:
    offences = []
    for rel, tree in trees:
        forbidden = FORBIDDEN.get(_layer(rel), ())
        for line, module in _imports(tree):
            parts = module.split(".")
            if parts[0] == "jobsearch_analytics" and len(parts) > 1 and parts[1] in forbidden:
                offences.append(f"{rel}:{line} imports {module}")
    return offences


def private_modules_of_other_layers(trees: list[Tree]) -> list[str]:
    offences = []
    for rel, tree in trees:
        for line, module in _imports(tree):
            parts = module.split(".")
            if parts[0] != "jobsearch_analytics" or len(parts) < 3:
                continue
            private = parts[2].startswith("_") and not parts[2].startswith("__")
            if private and parts[1] != _layer(rel):
                offences.append(f"{rel}:{line} imports {module}")
    return offences


def swallowed_import_errors(trees: list[Tree]) -> list[str]:
    """``try: import x`` whose ImportError handler goes on instead of raising a message."""
    offences = []
    for rel, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            imports = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in node.body)
            for handler in node.handlers:
                names = ast.unparse(handler.type) if handler.type else ""
                catches = "ImportError" in names or "ModuleNotFoundError" in names
                # Turning a missing optional dependency into a message is fine; going on is not.
                raises = any(isinstance(n, ast.Raise) for n in ast.walk(handler))
                if imports and catches and not raises:
                    offences.append(f"{rel}:{node.lineno}")
    return offences


def test_no_exec_or_eval() -> None:
    assert generated_code(TREES) == []


def test_functions_are_small() -> None:
    assert long_functions(TREES) == []


def test_layers_point_one_way() -> None:
    assert upward_imports(TREES) == []


def test_no_private_module_of_another_layer() -> None:
    assert private_modules_of_other_layers(TREES) == []


def test_no_swallowed_import_errors() -> None:
    assert swallowed_import_errors(TREES) == []


def test_the_tree_is_read() -> None:
    """An empty list above means something only if the sources were found and parsed."""
    layers = {_layer(rel) for rel, _ in TREES}
    assert {"io", "metrics", "plots", "report", "widgets", "model", "cli"} <= layers
    assert len(TREES) > 50


PLANTED = """
import jobsearch_analytics.io.load
from jobsearch_analytics.report._render import render
def big():
{body}
def run():
    exec("x = 1")
    try:
        import optional_thing
    except ImportError:
        optional_thing = None
"""


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (generated_code, ["metrics/planted.py:126"]),
        (long_functions, ["metrics/planted.py:4 big (121 lines)"]),
        (
            upward_imports,
            [
                "metrics/planted.py:2 imports jobsearch_analytics.io.load",
                "metrics/planted.py:3 imports jobsearch_analytics.report._render",
                "metrics/planted.py:3 imports jobsearch_analytics.report._render.render",
            ],
        ),
        (
            private_modules_of_other_layers,
            [
                "metrics/planted.py:3 imports jobsearch_analytics.report._render",
                "metrics/planted.py:3 imports jobsearch_analytics.report._render.render",
            ],
        ),
        (swallowed_import_errors, ["metrics/planted.py:127"]),
    ],
)
def test_each_rule_finds_what_it_names(check, expected) -> None:
    body = "\n".join(["    x = 1"] * 120)
    planted = [("metrics/planted.py", ast.parse(PLANTED.format(body=body)))]
    assert check(planted) == expected
