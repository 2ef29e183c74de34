"""Response, interview and offer rates with intervals, and the stage funnel.

Every rate here is a row of :func:`~jobsearch_analytics.metrics._stats.proportion_table`:
``n`` applications, ``k`` of them reached the outcome, ``rate = k / n`` and a Wilson (or
Jeffreys) interval, with small groups flagged. Applications only saved (stage ``'saved'``) were
never sent, so they are left out of every denominator.

What "reached" means:

* ``response`` -- the employer answered in any way: an event whose kind is in
  :data:`~jobsearch_analytics.model.REPLY_KINDS` (dated or not), or a stage of ``screen`` or
  beyond (that stage proves an answer even when the tracker kept no event for it, so a response
  rate can never fall below the screen rate);
* ``screen`` / ``interview`` / ``offer`` -- ``stage >= X``, because the stage is the furthest
  step reached. An application with no stage recorded counts as ``applied``.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abcd"),
...                   "source": ["LinkedIn", "LinkedIn", "Referral", None],
...                   "stage": ["applied", "interview", "screen", "saved"]}),
...     pd.DataFrame({"application_id": ["a"], "date_known": [False], "kind": ["rejection"]}))
>>> response_rates(s)[["n", "k"]].values.tolist()
[[3, 3]]
>>> interview_rates(s, by="source")[["source", "n", "k"]].values.tolist()
[['LinkedIn', 2, 1], ['Referral', 1, 0]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._derive import (
    REPLY_KINDS,
    combinations,
    first_dates_by_code,
    group_labels,
    has_kind_by_code,
    id_codes,
    memo,
)
from jobsearch_analytics.metrics._stats import RATE_COLUMNS, Method, proportion_table
from jobsearch_analytics.model import STAGES, JobSearch

__all__ = ["funnel", "interview_rates", "offer_rates", "rates", "response_rates"]

Outcome = Literal["response", "screen", "interview", "offer"]
By = str | list[str] | None

#: Stages shown by :func:`funnel`, in order.
FUNNEL_STAGES: tuple[str, ...] = ("applied", "screen", "interview", "offer", "accepted")


def stage_codes(applications: pd.DataFrame) -> np.ndarray:
    """Position of each application's stage in :data:`STAGES`; missing stages count as applied.

    Examples
    --------
    >>> apps = pd.DataFrame({"stage": pd.Categorical(["saved", None, "offer"], categories=STAGES,
    ...                                             ordered=True)})
    >>> stage_codes(apps).tolist()
    [0, 1, 4]
    """
    stage = applications["stage"]
    if isinstance(stage.dtype, pd.CategoricalDtype) and list(stage.cat.categories) == list(STAGES):
        codes = stage.cat.codes.to_numpy().astype("int64")
    else:
        position = {s: i for i, s in enumerate(STAGES)}
        codes = stage.map(position).fillna(-1).to_numpy().astype("int64")
    return np.where(codes < 0, STAGES.index("applied"), codes)


def sent_mask(applications: pd.DataFrame) -> np.ndarray:
    """True for applications that were sent (every stage but ``saved``).

    Examples
    --------
    >>> sent_mask(pd.DataFrame({"stage": ["saved", "applied", None]})).tolist()
    [False, True, True]
    """
    return stage_codes(applications) != STAGES.index("saved")


@dataclass(frozen=True)
class ApplicationFacts:
    """What the events say about each application, computed once and shared by the metrics.

    Arrays are aligned with the rows of ``search.applications``; ``*_by_code`` arrays and
    ``event_codes`` follow :func:`~jobsearch_analytics.metrics._derive.id_codes`.
    """

    app_codes: np.ndarray
    event_codes: np.ndarray
    stage: np.ndarray
    sent: np.ndarray
    replied: np.ndarray
    interviewed: np.ndarray
    first_reply: np.ndarray
    first_interview: np.ndarray
    first_reply_by_code: np.ndarray
    #: A reply event of any kind (dated or not) per id code; ``replied`` adds the stage.
    reply_event_by_code: np.ndarray


def application_facts(search: JobSearch) -> ApplicationFacts:
    """Per-application facts from the events (reply seen, first reply and interview dates).

    ``replied`` is any event in :data:`~jobsearch_analytics.model.REPLY_KINDS` (dated or
    not) or a stage of ``screen`` or beyond; ``interviewed`` an interview event or a stage of
    ``interview`` or beyond. First dates are the earliest *dated* events (NaT when none).

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "stage": ["applied", "offer"]}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-02-01"], "date_known": True,
    ...                   "kind": ["rejection"]}))
    >>> f = application_facts(s)
    >>> f.replied.tolist(), f.interviewed.tolist(), str(f.first_reply[0])[:10]
    ([True, True], [False, True], '2024-02-01')
    """
    return memo("facts", (search,), None, lambda: _application_facts(search))


def _application_facts(search: JobSearch) -> ApplicationFacts:
    apps, events = search.applications, search.events
    app_codes, event_codes, n_ids = id_codes(apps, events)
    stage = stage_codes(apps)
    reply_by_code = first_dates_by_code(events, REPLY_KINDS, event_codes, n_ids)
    interview_by_code = first_dates_by_code(events, {"interview"}, event_codes, n_ids)
    reply_event_by_code = has_kind_by_code(events, REPLY_KINDS, event_codes, n_ids)
    replied = reply_event_by_code[app_codes]
    interviewed = has_kind_by_code(events, {"interview"}, event_codes, n_ids)[app_codes]
    return ApplicationFacts(
        app_codes=app_codes,
        event_codes=event_codes,
        stage=stage,
        sent=stage != STAGES.index("saved"),
        replied=replied | (stage >= STAGES.index("screen")),
        interviewed=interviewed | (stage >= STAGES.index("interview")),
        first_reply=reply_by_code[app_codes],
        first_interview=interview_by_code[app_codes],
        first_reply_by_code=reply_by_code,
        reply_event_by_code=reply_event_by_code,
    )


def reached(
    search: JobSearch, outcome: Outcome, *, facts: ApplicationFacts | None = None
) -> np.ndarray:
    """Whether each application (in table order) reached ``outcome`` (see the module notes).

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["applied", "offer"]}))
    >>> reached(s, "interview").tolist(), reached(s, "response").tolist()
    ([False, True], [False, True])
    """
    if outcome == "response":
        facts = application_facts(search) if facts is None else facts
        return facts.replied
    if outcome in ("screen", "interview", "offer"):
        codes = stage_codes(search.applications) if facts is None else facts.stage
        return codes >= STAGES.index(outcome)
    raise ValueError(
        f"outcome must be 'response', 'screen', 'interview' or 'offer', not {outcome!r}"
    )


def _by_keys(by: By) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _grouped_counts(
    labels: pd.DataFrame, flags: dict[str, np.ndarray], keys: list[str]
) -> pd.DataFrame:
    """Sum boolean ``flags`` per group of ``labels``; one row per group, keys as columns.

    Groups are the combinations of the keys present in the rows, in category order (the
    categorical columns of :func:`group_labels`), as a sorted, observed group-by gives them.
    Counted with ``np.bincount`` over one integer per combination: a pandas group-by costs
    several milliseconds of fixed overhead, which is most of a rate table on a dashboard's
    few thousand applications.
    """
    values = {name: np.asarray(v, dtype="int64") for name, v in flags.items()}
    if not keys:
        return pd.DataFrame(
            {name: np.array([v.sum()], dtype="int64") for name, v in values.items()}
        )
    columns = [labels[key] for key in keys]
    if not all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        frame = pd.DataFrame(values).assign(**{key: labels[key].array for key in keys})
        out = frame.groupby(keys, observed=True, sort=True)[list(flags)].sum().reset_index()
        for key in keys:
            out[key] = out[key].astype("str")
        return out
    sizes = [len(c.cat.categories) for c in columns]
    gid, parts = combinations([c.cat.codes.to_numpy() for c in columns], sizes)
    table: dict[str, object] = {}
    for key, column, code in zip(keys, columns, parts, strict=True):
        names = np.asarray(column.cat.categories.astype("str"), dtype="object")
        table[key] = pd.array(names[code], dtype="str")
    for name, v in values.items():
        table[name] = np.bincount(gid, weights=v, minlength=len(parts[0])).astype("int64")
    return pd.DataFrame(table)


def rates(
    search: JobSearch,
    *,
    by: By = None,
    outcome: Outcome = "response",
    method: Method = "wilson",
    level: float = 0.95,
) -> pd.DataFrame:
    """Share of sent applications that reached ``outcome``, overall or per group.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    by : str or list of str, optional
        Application column(s), ``'week'``, ``'month'`` (of ``date_applied``) or ``'referral'``.
        Missing values form the group ``'(unknown)'``.
    outcome : {'response', 'screen', 'interview', 'offer'}
        What counts as a success (see the module notes).
    method : {'wilson', 'jeffreys'}
        Interval method.
    level : float
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        One row per group: the grouping columns, then ``n, k, rate, ci_low, ci_high, small``.
        Without ``by`` a single row.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": list("abcde"), "referral": [True, True, False, False, None],
    ...     "stage": ["offer", "applied", "screen", "applied", "applied"]}))
    >>> rates(s, by="referral", outcome="screen")[["referral", "n", "k"]].values.tolist()
    [['referral', 2, 1], ['cold', 2, 1], ['unknown', 1, 0]]
    """
    return _rates(search, by=by, outcome=outcome, method=method, level=level)


def _rates(
    search: JobSearch,
    *,
    by: By,
    outcome: Outcome,
    method: Method,
    level: float,
    facts: ApplicationFacts | None = None,
    labels: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`rates` reusing precomputed facts and group labels (for :func:`summarize`)."""
    keys = _by_keys(by)
    apps = search.applications
    sent = sent_mask(apps) if facts is None else facts.sent
    hit = reached(search, outcome, facts=facts) & sent
    labels = group_labels(apps, keys) if labels is None else labels
    counts = _grouped_counts(labels, {"n": sent, "k": hit}, keys)
    counts = counts[counts["n"] > 0] if keys else counts
    table = proportion_table(
        counts["k"].to_numpy(), counts["n"].to_numpy(), method=method, level=level
    )
    return pd.concat([counts[keys].reset_index(drop=True), table.reset_index(drop=True)], axis=1)[
        [*keys, *RATE_COLUMNS]
    ]


def response_rates(
    search: JobSearch, *, by: By = None, method: Method = "wilson", level: float = 0.95
) -> pd.DataFrame:
    """Share of sent applications that got any reply; see :func:`rates`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["screen", "applied"]}))
    >>> float(response_rates(s).loc[0, "rate"])
    0.5
    """
    return rates(search, by=by, outcome="response", method=method, level=level)


def interview_rates(
    search: JobSearch, *, by: By = None, method: Method = "wilson", level: float = 0.95
) -> pd.DataFrame:
    """Share of sent applications that reached an interview; see :func:`rates`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["screen", "offer"]}))
    >>> int(interview_rates(s).loc[0, "k"])
    1
    """
    return rates(search, by=by, outcome="interview", method=method, level=level)


def offer_rates(
    search: JobSearch, *, by: By = None, method: Method = "wilson", level: float = 0.95
) -> pd.DataFrame:
    """Share of sent applications that reached an offer; see :func:`rates`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["accepted", "offer"]}))
    >>> int(offer_rates(s).loc[0, "k"])
    2
    """
    return rates(search, by=by, outcome="offer", method=method, level=level)


def funnel(
    search: JobSearch, *, by: By = None, method: Method = "wilson", level: float = 0.95
) -> pd.DataFrame:
    """How many applications reached each stage, and the conversion from the stage before.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    by : str or list of str, optional
        Grouping, as in :func:`rates`.
    method, level
        Interval method and level of the conversion rates.

    Returns
    -------
    DataFrame
        One row per group and stage (``applied, screen, interview, offer, accepted``): the
        grouping columns, ``stage``, ``n_reached`` (applications whose stage is at least that
        stage; never increases from one stage to the next), then the conversion as a rate row
        ``n, k, rate, ci_low, ci_high, small`` with ``n`` = reached the previous stage and
        ``k`` = reached this one. For ``applied`` the previous stage is "tracked at all", so
        its rate is the share of tracked jobs (saved ones included) actually applied to.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": list("abcde"),
    ...     "stage": ["saved", "applied", "screen", "interview", "offer"]}))
    >>> f = funnel(s)[["stage", "n_reached", "n", "k"]]
    >>> f.values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['applied', 4, 5, 4], ['screen', 3, 4, 3], ['interview', 2, 3, 2], ['offer', 1, 2, 1],
     ['accepted', 0, 1, 0]]
    """
    keys = _by_keys(by)
    apps = search.applications
    codes = stage_codes(apps)
    flags = {"tracked": np.ones(len(apps), dtype=bool)}
    for stage in FUNNEL_STAGES:
        flags[stage] = codes >= STAGES.index(stage)
    counts = _grouped_counts(group_labels(apps, keys), flags, keys)
    rows = []
    previous = "tracked"
    for stage in FUNNEL_STAGES:
        part = counts[keys].copy()
        part["stage"] = stage
        part["n_reached"] = counts[stage].to_numpy()
        part["_n"] = counts[previous].to_numpy()
        part["_order"] = FUNNEL_STAGES.index(stage)
        part["_group"] = np.arange(len(counts))
        rows.append(part)
        previous = stage
    long = pd.concat(rows, ignore_index=True).sort_values(["_group", "_order"], kind="stable")
    long = long.reset_index(drop=True)
    table = proportion_table(
        long["n_reached"].to_numpy(), long["_n"].to_numpy(), method=method, level=level
    )
    out = pd.concat([long[[*keys, "stage", "n_reached"]], table], axis=1)
    out["n_reached"] = out["n_reached"].astype("int64")
    return out
