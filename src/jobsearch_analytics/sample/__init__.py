"""Seeded generator of realistic job searches with planted effects, and messy tracker files.

:func:`generate` makes the TRUE search as canonical tables (planted truth in :class:`Effects`);
the ``write_*`` functions write the trackers a real person would keep, with a manifest of every
quirk planted (:class:`Quirk`), and :func:`build_sample_data` regenerates ``data/sample/``.

Examples
--------
>>> from jobsearch_analytics.sample import generate
>>> s = generate(3, n_applications=20)
>>> s.applications["stage"].dtype.ordered
True
"""

from __future__ import annotations

from pathlib import Path

from jobsearch_analytics.sample._clients import DANA_FLAGS, write_clients
from jobsearch_analytics.sample._effects import ANNUAL_FACTOR, Effects
from jobsearch_analytics.sample._generate import STATUS_TEXTS, SampleSearch, generate
from jobsearch_analytics.sample._trackers import (
    BANDS,
    CSV_HEADERS,
    HEADERS,
    VIA_SPELLINGS,
    Quirk,
    TrackerFile,
    excel_serial,
    us_date,
    write_large_tracker,
    write_tracker_csv,
    write_tracker_xlsx,
)

__all__ = [
    "ANNUAL_FACTOR",
    "BANDS",
    "CSV_HEADERS",
    "DANA_FLAGS",
    "HEADERS",
    "STATUS_TEXTS",
    "VIA_SPELLINGS",
    "Effects",
    "Quirk",
    "SampleSearch",
    "TrackerFile",
    "build_sample_data",
    "excel_serial",
    "generate",
    "us_date",
    "write_clients",
    "write_large_tracker",
    "write_tracker_csv",
    "write_tracker_xlsx",
]


def build_sample_data(root: str | Path = Path("data/sample")) -> dict[str, TrackerFile]:
    """Regenerate every sample file under ``root``, byte for byte the same on every run.

    ``tracker.xlsx`` (seed 7, 180 applications, messy), ``tracker.csv`` (seed 11, 80
    applications, Google Sheets export) and ``clients/`` (:func:`write_clients`). Also
    ``python -m jobsearch_analytics.sample [ROOT]``. Returns the manifests by relative path.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     sorted(build_sample_data(d))[:3]
    ['clients/alice.xlsx', 'clients/bruno.xlsx', 'clients/chen.xlsx']
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "tracker.xlsx": write_tracker_xlsx(generate(7, n_applications=180), root / "tracker.xlsx"),
        "tracker.csv": write_tracker_csv(generate(11, n_applications=80), root / "tracker.csv"),
    }
    for t in write_clients(root / "clients"):
        files[f"clients/{t.path.name}"] = t
    return files
