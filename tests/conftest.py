"""Fixtures shared by every test folder."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest


def _assert_no_live_parts(path: Path) -> None:
    """No formula and no hyperlink in any worksheet of the xlsx at ``path``, and no hyperlink
    relationship anywhere in it."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            body = z.read(name)
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in body and b"<hyperlink" not in body, name
            if name.endswith(".rels"):
                assert b"hyperlink" not in body.lower(), name


@pytest.fixture
def assert_no_live_parts() -> Callable[[Path], None]:
    """A check that a written workbook holds values only: no formulas, no live links."""
    return _assert_no_live_parts


@pytest.fixture(autouse=True, scope="session")
def _private_mapping_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Saved mappings (io.mapping) go to a folder of this run, never the user's own: no test
    reads a correction a person saved, nor leaves one behind."""
    import os

    os.environ["JSA_MAPPINGS_DIR"] = str(tmp_path_factory.mktemp("jsa-mappings"))
