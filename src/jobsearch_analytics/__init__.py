"""jobsearch-analytics: a job-application tracker in, honest answers out.

>>> import jobsearch_analytics as jsa
>>> sorted(n for n in jsa.__all__ if n[0].islower())
['dashboard', 'load', 'load_many', 'summarize']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobsearch_analytics.io.load import load, load_many
    from jobsearch_analytics.io.report import LoadError, LoadReport
    from jobsearch_analytics.model import JobSearch
    from jobsearch_analytics.summary import Summary
    from jobsearch_analytics.widgets import Dashboard

# Imported on first use, so that a module of the package (the isolated reader's child) can be
# imported without pandas and the loader.
_LAZY = {
    "load": "jobsearch_analytics.io.load",
    "load_many": "jobsearch_analytics.io.load",
    "LoadError": "jobsearch_analytics.io.report",
    "LoadReport": "jobsearch_analytics.io.report",
    "JobSearch": "jobsearch_analytics.model",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'jobsearch_analytics' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "JobSearch",
    "LoadError",
    "LoadReport",
    "dashboard",
    "load",
    "load_many",
    "summarize",
]
__version__ = "0.1.0"


def summarize(search: JobSearch, *, today: Any = None, **options: Any) -> Summary:
    """The headline numbers of a search (see :func:`jobsearch_analytics.summary.summarize`)."""
    from jobsearch_analytics.summary import summarize as _summarize

    return _summarize(search, today=today, **options)


def dashboard(search: JobSearch | None = None, *, today: Any = None) -> Dashboard:
    """The notebook dashboard (needs the ``notebook`` extra: ipywidgets).

    See :func:`jobsearch_analytics.widgets.dashboard`.
    """
    from jobsearch_analytics.widgets import dashboard as _dashboard

    return _dashboard(search, today=today)
