"""Published figures, as context for a person's own rates -- never as a target.

Only figures that can be attributed to a named, dated source are listed, each marked
approximate: they describe other people (usually employers' applicant pools, not one person's
search), measured in other ways. :func:`compare_to_benchmarks` sets the person's own rates,
with n and intervals, beside them and labels every row "context, not a target".

Sources
-------
CareerPlug, *2025 Recruiting Metrics Report* (sixth annual report; hiring activity in 2024 on
CareerPlug's applicant tracking system, more than 60,000 mostly small US businesses). Figures
as summarised by the publisher: about 3 % of applicants were interviewed; 27 % of interviews
led to a hire; about 180 applicants per hire; employee referrals were about 2 % of applicants
but about 11 % of hires.

Examples
--------
>>> b = published_benchmarks()
>>> b.loc[b["metric"] == "applicant_to_interview", "value"].item()
0.03
>>> bool(b["approximate"].all())
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import table_records
from jobsearch_analytics.metrics._stats import proportion_table
from jobsearch_analytics.metrics.rates import reached, sent_mask
from jobsearch_analytics.model import JobSearch

__all__ = ["LABEL", "benchmarks_summary", "compare_to_benchmarks", "published_benchmarks"]

#: Written on every comparison row.
LABEL = "context, not a target"

_CAREERPLUG = {
    "population": (
        "applicants to jobs posted by more than 60,000 (mostly small, US) businesses on "
        "CareerPlug's applicant tracking system, hiring activity in 2024"
    ),
    "source": "CareerPlug, 2025 Recruiting Metrics Report",
    "year": 2025,
    "url_or_citation": (
        "CareerPlug (2025). 2025 Recruiting Metrics Report (sixth annual). "
        "https://careerplug.com/blog/recruiting-metrics-and-kpis"
    ),
}

_PUBLISHED: tuple[tuple[str, float, str], ...] = (
    (
        "applicant_to_interview",
        0.03,
        "Share of applicants who were interviewed ('about 3 %'), per employer posting.",
    ),
    (
        "interview_to_hire",
        0.27,
        "Share of interviewed applicants who were hired.",
    ),
    (
        "applicant_to_hire",
        1 / 180,
        "About 180 applicants per hire, i.e. roughly 0.56 % of applicants hired; varies widely "
        "by industry.",
    ),
    (
        "referral_share_of_applicants",
        0.02,
        "Employee referrals as a share of all applicants.",
    ),
    (
        "referral_share_of_hires",
        0.11,
        "Employee referrals as a share of all hires (referred applicants were hired far more "
        "often than job-board applicants).",
    ),
)


def published_benchmarks() -> pd.DataFrame:
    """The published figures, one row each.

    Returns
    -------
    DataFrame
        ``metric, value, population, source, year, url_or_citation, note, approximate``;
        ``value`` is a proportion (0-1). Every figure is approximate (rounded by its source
        and measured on a population unlike one person's search).

    Examples
    --------
    >>> published_benchmarks()[["metric", "value"]].head(2).values.tolist()
    [['applicant_to_interview', 0.03], ['interview_to_hire', 0.27]]
    """
    rows = [
        {"metric": m, "value": v, **_CAREERPLUG, "note": note, "approximate": True}
        for m, v, note in _PUBLISHED
    ]
    table = pd.DataFrame(rows)
    for col in ("metric", "population", "source", "url_or_citation", "note"):
        table[col] = table[col].astype("str")
    table["year"] = table["year"].astype("int64")
    return table


def compare_to_benchmarks(search: JobSearch, *, level: float = 0.95) -> pd.DataFrame:
    """The person's own rates beside the published figures: context, not a target.

    What is computed for each metric (saved applications are never counted):

    * ``applicant_to_interview`` -- sent applications that reached an interview;
    * ``interview_to_hire`` -- interviewed applications that reached an offer (a person's
      "hire" is one accepted offer, so offers are the comparable count);
    * ``applicant_to_hire`` -- sent applications that reached an offer;
    * ``referral_share_of_applicants`` -- sent applications marked as referred, among those
      where the tracker says either way;
    * ``referral_share_of_hires`` -- the same among applications that reached an offer.

    Returns
    -------
    DataFrame
        ``metric, your_measure, n, k, rate, ci_low, ci_high, small, benchmark, population,
        source, year, url_or_citation, approximate, label`` (``label`` is always
        ``'context, not a target'``). ``attrs["interpretation"]`` says why.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": list("abcd"), "referral": [True, False, False, None],
    ...     "stage": ["offer", "interview", "applied", "saved"]}))
    >>> t = compare_to_benchmarks(s)
    >>> t[["metric", "n", "k"]].values.tolist()[:2]
    [['applicant_to_interview', 3, 2], ['interview_to_hire', 2, 1]]
    >>> t["label"].unique().tolist()
    ['context, not a target']
    """
    apps = search.applications
    sent = sent_mask(apps)
    interview = reached(search, "interview")
    offer = reached(search, "offer")
    flag = apps["referral"]
    known = flag.notna().to_numpy()
    referred = flag.fillna(False).to_numpy(dtype=bool)
    measures = {
        "applicant_to_interview": ("sent applications that reached an interview", sent, interview),
        "interview_to_hire": ("interviews that led to an offer", sent & interview, offer),
        "applicant_to_hire": ("sent applications that reached an offer", sent, offer),
        "referral_share_of_applicants": (
            "sent applications that were referred (referral recorded either way)",
            sent & known,
            referred,
        ),
        "referral_share_of_hires": (
            "offers that came from a referral (referral recorded either way)",
            sent & known & offer,
            referred,
        ),
    }
    names = list(measures)
    n = np.array([int(measures[m][1].sum()) for m in names])
    k = np.array([int((measures[m][1] & measures[m][2]).sum()) for m in names])
    mine = proportion_table(k, n, level=level)
    mine.insert(0, "your_measure", [measures[m][0] for m in names])
    mine.insert(0, "metric", names)
    published = published_benchmarks().rename(columns={"value": "benchmark"})
    out = mine.merge(published.drop(columns="note"), on="metric", how="left")
    out["label"] = LABEL
    for col in ("metric", "your_measure", "label"):
        out[col] = out[col].astype("str")
    out.attrs["interpretation"] = (
        "Published figures are context, not a target: they describe employers' applicant "
        "pools (mostly small US businesses, 2024), rounded by their source, while your rates "
        f"describe your own {int(sent.sum())} applications. A gap says where you stand against "
        "a rough reference, not what you should reach."
    )
    return out


def benchmarks_summary(search: JobSearch, *, level: float = 0.95) -> dict[str, Any]:
    """:func:`compare_to_benchmarks` as JSON-safe plain data.

    Examples
    --------
    >>> import json
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> d = benchmarks_summary(JobSearch.from_frames(pd.DataFrame({"application_id": ["a"]})))
    >>> d["label"], len(d["rows"]), bool(json.dumps(d))
    ('context, not a target', 5, True)
    """
    table = compare_to_benchmarks(search, level=level)
    return {
        "label": LABEL,
        "interpretation": table.attrs["interpretation"],
        "rows": table_records(table),
    }
