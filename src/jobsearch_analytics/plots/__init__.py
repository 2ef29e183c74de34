"""Charts of metric results (matplotlib): each takes a metric table and ``ax=None``, returns Axes.

Every function draws the table a metric returned (it never recomputes it), creates a figure only
when ``ax`` is omitted, never calls ``plt.show()`` and leaves ``rcParams`` alone. A figure a
function makes gets margins fitted to its labels (:func:`fit_layout`) rather than a layout
engine, so saving it (:func:`to_svg`, ``savefig``) draws it once. Rates carry their intervals
and n; small groups are hatched.

Examples
--------
>>> import jobsearch_analytics.plots as jp
>>> sorted(n for n in jp.__all__ if n.startswith("plot_"))[:3]
['plot_activity', 'plot_competing', 'plot_follow_up']
"""

from jobsearch_analytics.plots._export import to_svg
from jobsearch_analytics.plots._layout import fit_layout
from jobsearch_analytics.plots.activity import pipeline_axes, plot_activity
from jobsearch_analytics.plots.after_interview import plot_follow_up, plot_thank_you
from jobsearch_analytics.plots.funnel import plot_funnel, plot_stage_flow
from jobsearch_analytics.plots.rates import plot_rates
from jobsearch_analytics.plots.salary import plot_salary_ranges
from jobsearch_analytics.plots.timing import plot_competing, plot_ghosting, plot_survival

__all__ = [
    "fit_layout",
    "pipeline_axes",
    "plot_activity",
    "plot_competing",
    "plot_follow_up",
    "plot_funnel",
    "plot_ghosting",
    "plot_rates",
    "plot_salary_ranges",
    "plot_stage_flow",
    "plot_survival",
    "plot_thank_you",
    "to_svg",
]
