"""The notebook dashboard (ipywidgets): filters over six tabs, thin callbacks over plain functions.

* :func:`dashboard` / :class:`Dashboard` -- the app;
* :mod:`~jobsearch_analytics.widgets.filters` -- :class:`FilterState` and
  :func:`filter_search`, the filters as plain data;
* :mod:`~jobsearch_analytics.widgets.panels` -- one function per tab returning a
  :class:`Panel` (HTML, figures and the numbers shown).

Examples
--------
>>> from jobsearch_analytics.widgets import TAB_TITLES, dashboard
>>> TAB_TITLES[0], TAB_TITLES[-1]
('Overview', 'Data quality')
"""

from jobsearch_analytics.widgets.app import Dashboard, dashboard, load_upload
from jobsearch_analytics.widgets.filters import (
    FilterOptions,
    FilterState,
    describe_filter,
    filter_options,
    filter_search,
)
from jobsearch_analytics.widgets.panels import PANELS, TAB_TITLES, Panel, render_panel

__all__ = [
    "PANELS",
    "TAB_TITLES",
    "Dashboard",
    "FilterOptions",
    "FilterState",
    "Panel",
    "dashboard",
    "describe_filter",
    "filter_options",
    "filter_search",
    "load_upload",
    "render_panel",
]
