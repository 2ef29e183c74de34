"""The metrics layer: pure functions from a :class:`~jobsearch_analytics.model.JobSearch` to tidy
DataFrames (one row per group; grouping columns first; ``n, k, rate, ci_low, ci_high, small``
for every rate).

Families (tab completion finds them):

* rates and the funnel -- :func:`rates`, :func:`response_rates`, :func:`interview_rates`,
  :func:`offer_rates`, :func:`funnel`;
* timing (survival methods) -- :func:`time_to_response`, :func:`reply_by_day`,
  :func:`median_time`, :func:`competing_outcomes`, :func:`ghosting_curve`,
  :func:`ghosting_day`;
* activity -- :func:`weekly_activity`, :func:`applying_while_waiting`, :func:`activity_gaps`;
* after the interview, salary, network, next steps and published benchmarks, when those
  modules are present.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics import metrics
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
...                                         "stage": ["screen", "applied"]}))
>>> metrics.response_rates(s)[["n", "k"]].values.tolist()
[[2, 1]]
"""

from __future__ import annotations

from jobsearch_analytics.metrics._derive import shared
from jobsearch_analytics.metrics.activity import (
    activity_gaps,
    applying_while_waiting,
    weekly_activity,
)
from jobsearch_analytics.metrics.rates import (
    funnel,
    interview_rates,
    offer_rates,
    rates,
    response_rates,
)
from jobsearch_analytics.metrics.timing import (
    GhostingDay,
    aalen_johansen,
    competing_outcomes,
    ghosting_curve,
    ghosting_day,
    median_time,
    reply_by_day,
    time_to_response,
)

__all__ = [
    "GhostingDay",
    "aalen_johansen",
    "activity_gaps",
    "applying_while_waiting",
    "competing_outcomes",
    "funnel",
    "ghosting_curve",
    "ghosting_day",
    "interview_rates",
    "median_time",
    "offer_rates",
    "rates",
    "reply_by_day",
    "response_rates",
    "shared",
    "time_to_response",
    "weekly_activity",
]

# The modules below are written alongside this one; each is re-exported when it imports, so a
# half-finished module never takes the whole metrics layer down.
try:
    from jobsearch_analytics.metrics.after_interview import (
        feedback_summary,
        follow_up_effect,
        interviews,
        next_steps_effect,
        skill_gaps,
        thank_you_effect,
    )
except ImportError:  # pragma: no cover - only while the module is missing
    pass
else:
    __all__ += [
        "feedback_summary",
        "follow_up_effect",
        "interviews",
        "next_steps_effect",
        "skill_gaps",
        "thank_you_effect",
    ]

try:
    from jobsearch_analytics.metrics.salary import (
        negotiation,
        offers_vs_posted,
        posted_salary,
        salary_target,
    )
except ImportError:  # pragma: no cover
    pass
else:
    __all__ += ["negotiation", "offers_vs_posted", "posted_salary", "salary_target"]

try:
    from jobsearch_analytics.metrics.network import match_connections, referral_effect
except ImportError:  # pragma: no cover
    pass
else:
    __all__ += ["match_connections", "referral_effect"]

try:
    from jobsearch_analytics.metrics.actions import next_steps
except ImportError:  # pragma: no cover
    pass
else:
    __all__ += ["next_steps"]

try:
    from jobsearch_analytics.metrics.benchmarks import compare_to_benchmarks, published_benchmarks
except ImportError:  # pragma: no cover
    pass
else:
    __all__ += ["compare_to_benchmarks", "published_benchmarks"]
