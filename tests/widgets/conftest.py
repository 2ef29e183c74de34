"""Widget tests: Agg backend, the sample tracker loaded once, figures closed after each test."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.model import JobSearch

ROOT = Path(__file__).resolve().parents[2]
TRACKER = ROOT / "data" / "sample" / "tracker.xlsx"
TODAY = "2024-06-01"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def tracker_search() -> JobSearch:
    """data/sample/tracker.xlsx as the loader reads it (the file the notebooks start from)."""
    return jsa.load(TRACKER)
