"""jobsearch-analytics: a job-application tracker in, honest answers out.

The public names are imported when first used, so that ``import jobsearch_analytics`` stays
cheap: no pandas until a table is needed, no scipy or matplotlib until a metric or chart that
uses them. The isolated child that parses workbooks imports ``jobsearch_analytics.io.readers``
and so runs this file first; it needs none of the loader, the model or pandas.

>>> import jobsearch_analytics as jsa
>>> sorted(n for n in jsa.__all__ if n[0].islower())
['dashboard', 'load', 'load_many', 'save_mapping', 'summarize']
>>> jsa.load.__module__, jsa.LoadReport.__module__
('jobsearch_analytics.io.load', 'jobsearch_analytics.model')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobsearch_analytics.io.load import load, load_many
    from jobsearch_analytics.io.mapping import save_mapping
    from jobsearch_analytics.io.report import LoadError
    from jobsearch_analytics.model import JobSearch, LoadReport
    from jobsearch_analytics.summary import Summary
    from jobsearch_analytics.widgets import Dashboard

__all__ = [
    "JobSearch",
    "LoadError",
    "LoadReport",
    "dashboard",
    "load",
    "load_many",
    "save_mapping",
    "summarize",
]
__version__ = "0.1.0"

#: Where each re-exported name lives.
_HOMES = {
    "JobSearch": "jobsearch_analytics.model",
    "LoadError": "jobsearch_analytics.io.report",
    "LoadReport": "jobsearch_analytics.model",
    "load": "jobsearch_analytics.io.load",
    "load_many": "jobsearch_analytics.io.load",
    "save_mapping": "jobsearch_analytics.io.mapping",
}

#: The layers, reachable as attributes (``jsa.metrics.response_rates``) once imported.
_SUBPACKAGES = frozenset(
    {"cli", "io", "metrics", "model", "plots", "report", "sample", "summary", "widgets"}
)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
