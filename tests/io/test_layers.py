"""Layers flow one way (io -> model), the loader is generic, and the package starts lean."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jobsearch_analytics as jsa
from jobsearch_analytics import model
from jobsearch_analytics.io import exports, report
from jobsearch_analytics.io.formats import FORMATS

SRC = Path(model.__file__).parent


def _fresh(code: str) -> str:
    """Run ``code`` in a new interpreter (this package on its path) and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC.parent), "PATH": ""},
    )
    return done.stdout.strip()


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_model_imports_nothing_from_io():
    io_imports = {m for m in _imported_modules(SRC / "model.py") if m.startswith(jsa.__name__)}
    assert io_imports == set()
    loaded = _fresh(
        "import sys, jobsearch_analytics.model; "
        "print(sorted(m for m in sys.modules if m.startswith('jobsearch_analytics.io')))"
    )
    assert loaded == "[]"


def test_load_report_is_one_class_under_every_public_name():
    assert jsa.LoadReport is report.LoadReport is model.LoadReport
    assert model.JobSearch.from_frames(model.empty_applications()).report.counts() == {
        k: 0 for k in model.ENTRY_KINDS
    }
    assert issubclass(jsa.LoadError, ValueError)


def test_every_row_kind_that_is_not_an_application_has_a_reader():
    side_kinds = {f.row_kind for f in FORMATS} - {"application", "saved"}
    assert side_kinds == set(exports.SIDE_READERS)


def test_package_import_is_lean():
    heavy = ("scipy", "matplotlib", "openpyxl", "python_calamine", "xlsxwriter")
    loaded = _fresh(
        f"import sys, jobsearch_analytics; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    assert loaded == "[]"
