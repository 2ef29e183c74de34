"""Plot tests: Agg backend, every figure closed after each test, sample results shared."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.sample import generate


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def sample_search() -> JobSearch:
    """A realistic search (seeded): 160 applications with replies, interviews and offers."""
    return generate(11, n_applications=160).to_jobsearch()


@pytest.fixture(scope="session")
def today(sample_search: JobSearch) -> pd.Timestamp:
    """The analysis date: a month after the last application."""
    return sample_search.applications["date_applied"].max() + pd.Timedelta(days=30)


@pytest.fixture
def ax():
    """A fresh Axes on its own figure."""
    _fig, new = plt.subplots()
    return new
