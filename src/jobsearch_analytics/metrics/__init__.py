"""The metrics layer: pure functions from a :class:`~jobsearch_analytics.model.JobSearch` to tidy
DataFrames (one row per group; grouping columns first; ``n, k, rate, ci_low, ci_high, small``
for every rate).

Families (tab completion finds them):

* rates and the funnel -- :func:`rates`, :func:`response_rates`, :func:`interview_rates`,
  :func:`offer_rates` (so far), :func:`eventual_rate` (by a horizon, the waiting ones
  censored: the headline), :func:`funnel`;
* timing (survival methods) -- :func:`time_to_response`, :func:`reply_by_day`,
  :func:`median_time`, :func:`competing_outcomes`, :func:`ghosting_curve`,
  :func:`ghosting_day`;
* activity -- :func:`weekly_activity`, :func:`applying_while_waiting`, :func:`activity_gaps`;
* after the interview, salary, network, next steps and published benchmarks.

Metrics that share work take ``facts=``: :func:`facts` computes a search's per-application
facts, durations and interview table once at one date, to pass to every call.

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

from jobsearch_analytics.metrics.actions import next_steps
from jobsearch_analytics.metrics.activity import (
    activity_gaps,
    applying_while_waiting,
    weekly_activity,
)
from jobsearch_analytics.metrics.after_interview import (
    feedback_summary,
    follow_up_effect,
    interviews,
    next_steps_effect,
    skill_gaps,
    thank_you_effect,
)
from jobsearch_analytics.metrics.benchmarks import compare_to_benchmarks, published_benchmarks
from jobsearch_analytics.metrics.eventual import eventual_rate
from jobsearch_analytics.metrics.network import match_connections, referral_effect
from jobsearch_analytics.metrics.rates import (
    funnel,
    interview_rates,
    offer_rates,
    rates,
    response_rates,
)
from jobsearch_analytics.metrics.salary import (
    negotiation,
    offers_vs_posted,
    posted_salary,
    salary_target,
)
from jobsearch_analytics.metrics.search_facts import SearchFacts, facts
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
    "SearchFacts",
    "aalen_johansen",
    "activity_gaps",
    "applying_while_waiting",
    "compare_to_benchmarks",
    "competing_outcomes",
    "eventual_rate",
    "facts",
    "feedback_summary",
    "follow_up_effect",
    "funnel",
    "ghosting_curve",
    "ghosting_day",
    "interview_rates",
    "interviews",
    "match_connections",
    "median_time",
    "negotiation",
    "next_steps",
    "next_steps_effect",
    "offer_rates",
    "offers_vs_posted",
    "posted_salary",
    "published_benchmarks",
    "rates",
    "referral_effect",
    "reply_by_day",
    "response_rates",
    "salary_target",
    "skill_gaps",
    "thank_you_effect",
    "time_to_response",
    "weekly_activity",
]
