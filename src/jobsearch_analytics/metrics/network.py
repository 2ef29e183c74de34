"""Network: do referrals and known contacts get more answers, and who do you know where?

Rate tables follow :mod:`~jobsearch_analytics.metrics.after_interview`: rate columns with
Wilson intervals, a ``difference`` against the reference group (``'cold'``) with Newcombe's
hybrid score interval, and words in ``attrs["interpretation"]`` / ``attrs["excluded"]``.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": ["a", "b", "c"], "referral": [True, False, False],
...                   "stage": ["screen", "applied", "applied"], "outcome": ["open"] * 3}),
...     pd.DataFrame({"application_id": ["a"], "date": [None], "date_known": [False],
...                   "kind": ["screen"]}))
>>> referral_effect(s)[["group", "n", "k"]].values.tolist()
[['referral', 1, 1], ['cold', 2, 0], ['unknown', 0, 0]]
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import normalise_company, table_records
from jobsearch_analytics.metrics._stats import compare_rates
from jobsearch_analytics.metrics.after_interview import result_dict, with_words
from jobsearch_analytics.metrics.rates import reached, sent_mask
from jobsearch_analytics.model import JobSearch

__all__ = ["match_connections", "network_summary", "referral_effect"]

_OUTCOME_WORDS = {
    "response": "got a reply of any kind",
    "interview": "reached an interview",
    "offer": "reached an offer",
}


def referral_effect(
    search: JobSearch,
    *,
    outcome: Literal["response", "interview", "offer"] = "response",
    level: float = 0.95,
) -> pd.DataFrame:
    """Rates for referred applications (or a known contact) against cold ones.

    Groups come from the ``referral`` flag: ``'referral'`` (True), ``'cold'`` (False) and
    ``'unknown'`` (the tracker does not say). Saved applications are left out.

    Parameters
    ----------
    search : JobSearch
    outcome : {'response', 'interview', 'offer'}
        As in :func:`jobsearch_analytics.metrics.rates.reached`: ``'response'`` is any reply
        event (``REPLY_KINDS``, dated or not) or a stage of screen or beyond; ``'interview'``
        and ``'offer'`` are that stage or beyond.
    level : float
        Confidence level.

    Returns
    -------
    DataFrame
        ``group, n, k, rate, ci_low, ci_high, small, difference, diff_low, diff_high``
        (difference against ``'cold'``).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": list("abcd"), "referral": [True, True, False, None],
    ...     "stage": ["offer", "applied", "interview", "applied"], "outcome": ["open"] * 4}))
    >>> referral_effect(s, outcome="interview")[["group", "n", "k"]].values.tolist()
    [['referral', 2, 1], ['cold', 1, 1], ['unknown', 1, 0]]
    """
    if outcome not in _OUTCOME_WORDS:
        raise ValueError(f"outcome must be 'response', 'interview' or 'offer', not {outcome!r}")
    sent = sent_mask(search.applications)
    apps = search.applications[sent]
    # The same definition of "reached" as the rate tables, so the numbers agree everywhere.
    success = pd.Series(reached(search, outcome)[sent], index=apps.index)
    flag = apps["referral"]
    groups = pd.Series(
        np.where(flag.isna(), "unknown", np.where(flag.fillna(False), "referral", "cold")),
        index=apps.index,
    )
    order = ("referral", "cold", "unknown")
    table = compare_rates(
        groups, success, order=order, always=order, reference="cold", level=level, name="group"
    )
    n = table.set_index("group")["n"]
    return with_words(
        table,
        unit="application",
        reference="cold",
        outcome=outcome,
        excluded={"saved": len(search.applications) - len(apps)},
        interpretation=(
            f"Share of applications that {_OUTCOME_WORDS[outcome]}: {int(n['referral'])} "
            f"referred or with a known contact, {int(n['cold'])} cold, {int(n['unknown'])} "
            "not recorded. This is an association, not an effect: referred applications may "
            "differ in other ways (the roles, the companies, how well they fit)."
        ),
    )


def match_connections(search: JobSearch, connections: pd.DataFrame) -> pd.DataFrame:
    """Applications at companies where one of your LinkedIn connections works.

    Company names on both sides are compared after
    :func:`jobsearch_analytics.conventions.normalise_company` (case, accents, punctuation, a
    leading "The" and legal forms such as Inc or GmbH do not matter). Reading LinkedIn's
    ``Connections.csv`` is the io layer's job; this takes the frame.

    Parameters
    ----------
    search : JobSearch
    connections : DataFrame
        LinkedIn's columns: ``First Name, Last Name, URL, Email Address, Company, Position,
        Connected On`` (``Connected On`` as written by LinkedIn, e.g. ``'15 Mar 2023'``, or
        dates).

    Returns
    -------
    DataFrame
        One row per (application, connection): ``application_id, company, role, stage,
        outcome, referral, connection, position, connection_url, connected_on``; sorted by
        company then connection name. Saved applications are included (a contact matters most
        before applying).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": ["a", "b"], "company": ["Acme, Inc.", "Globex"],
    ...     "stage": ["applied", "saved"], "outcome": ["open", "open"]}))
    >>> links = pd.DataFrame({"First Name": ["Ada"], "Last Name": ["Lovelace"],
    ...     "URL": ["https://www.linkedin.com/in/ada"], "Email Address": [""],
    ...     "Company": ["ACME"], "Position": ["Engineer"], "Connected On": ["15 Mar 2023"]})
    >>> m = match_connections(s, links)
    >>> m[["application_id", "connection", "position"]].values.tolist()
    [['a', 'Ada Lovelace', 'Engineer']]
    >>> str(m.loc[0, "connected_on"].date())
    '2023-03-15'
    """
    norm = normalise_company
    apps = search.applications
    # normalise_company reads an empty cell as ''; object dtype keeps that true for all-NaN.
    app_key = apps["company"].astype("object").map(norm)
    con = connections
    con_key = con["Company"].astype("object").map(norm).astype("str")
    first = con["First Name"].fillna("").astype("str").str.strip()
    last = con["Last Name"].fillna("").astype("str").str.strip()
    connected = con["Connected On"]
    if not pd.api.types.is_datetime64_any_dtype(connected):
        text = connected.astype("object").where(connected.notna())
        connected = pd.to_datetime(text, format="%d %b %Y", errors="coerce")
        # ISO or already-parsed values that the LinkedIn format missed
        missed = connected.isna() & text.notna()
        if missed.any():
            connected = connected.where(
                ~missed, pd.to_datetime(text[missed], format="ISO8601", errors="coerce")
            )
    people = pd.DataFrame(
        {
            "_key": con_key,
            "connection": (first + " " + last).str.strip(),
            "position": con["Position"].astype("str").where(con["Position"].notna()),
            "connection_url": con["URL"].astype("str").where(con["URL"].notna()),
            "connected_on": connected.astype("datetime64[ns]"),
        }
    )
    people = people[people["_key"] != ""]
    left = apps[["application_id", "company", "role", "stage", "outcome", "referral"]].assign(
        _key=app_key.astype("str")
    )
    left = left[left["_key"] != ""]
    out = left.merge(people, on="_key", how="inner").drop(columns="_key")
    out = out.sort_values(["company", "connection", "application_id"], kind="stable")
    for col in ("connection", "position", "connection_url"):
        out[col] = out[col].astype("str")
    return out.reset_index(drop=True)


def network_summary(search: JobSearch, connections: pd.DataFrame | None = None) -> dict[str, Any]:
    """Referral rates (and connection matches when given) as JSON-safe plain data.

    Examples
    --------
    >>> import json
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"],
    ...                                         "outcome": ["open"]}))
    >>> d = network_summary(s)
    >>> sorted(d), bool(json.dumps(d))
    (['referral_interview', 'referral_offer', 'referral_response'], True)
    """
    out: dict[str, Any] = {
        f"referral_{o}": result_dict(referral_effect(search, outcome=o))
        for o in ("response", "interview", "offer")
    }
    if connections is not None:
        out["connections"] = {"rows": table_records(match_connections(search, connections))}
    return out
