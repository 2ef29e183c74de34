"""The headline numbers of a job search, computed into plain data first and rendered after.

:func:`summarize` runs the metrics once and keeps only plain Python values in a frozen
:class:`Summary`: it shows itself in Jupyter (``_repr_html_``), exports JSON (``to_dict`` /
``to_json``) and every number in it is the result of a public metric function, so a report,
the command line and a notebook all say the same thing.

Examples
--------
>>> import json
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": ["a", "b", "c"], "stage": ["screen", "applied", "saved"],
...                   "outcome": "open", "source": ["LinkedIn", "LinkedIn", None],
...                   "date_applied": ["2024-03-01", "2024-03-04", None]}),
...     pd.DataFrame({"application_id": ["a"], "date": ["2024-03-08"], "date_known": True,
...                   "kind": ["screen"]}))
>>> summary = summarize(s, today="2024-04-01")
>>> d = summary.to_dict()
>>> d["applications"], d["rates"]["response"]["k"], d["first_applied"]
(3, 1, '2024-03-01')
>>> json.loads(summary.to_json())["time_to_response"]["reply_by_day"]["7"]["p"]
0.5
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

from jobsearch_analytics.conventions import table_records, to_plain
from jobsearch_analytics.metrics.actions import next_steps
from jobsearch_analytics.metrics.activity import activity_gaps, applying_while_waiting
from jobsearch_analytics.metrics.after_interview import after_interview_summary
from jobsearch_analytics.metrics.benchmarks import benchmarks_summary
from jobsearch_analytics.metrics.eventual import eventual_rate
from jobsearch_analytics.metrics.rates import EVIDENCE_OF_OUTCOME, rates
from jobsearch_analytics.metrics.salary import salary_summary
from jobsearch_analytics.metrics.search_facts import EXCLUSIONS, SearchFacts
from jobsearch_analytics.metrics.search_facts import facts as search_facts
from jobsearch_analytics.metrics.timing import (
    ghosting_day,
    median_time,
    reply_by_day,
    timing_missing,
)
from jobsearch_analytics.model import (
    EVENT_KINDS,
    EVIDENCE,
    OUTCOMES,
    STAGES,
    JobSearch,
    missing_text,
    show_when,
)

__all__ = ["REPLY_DAYS", "Summary", "summarize"]

#: Horizons (days) of "a reply within d days" in the summary.
REPLY_DAYS: tuple[int, ...] = (7, 14, 30)

_RATE_KEYS = ("n", "k", "rate", "ci_low", "ci_high", "small")


def _rate_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: to_plain(row[k]) for k in _RATE_KEYS}


@dataclass(frozen=True)
class Summary:
    """The headline numbers of a search as plain data (see :func:`summarize`).

    Every attribute is built from builtins (dicts, lists, str, int, float, bool, None).
    Sections from optional metric modules are None when the module is not installed.

    Examples
    --------
    >>> Summary(applications=0).to_dict()["applications"]
    0
    """

    applications: int = 0
    events: dict[str, int] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    first_applied: str | None = None
    last_applied: str | None = None
    issues: dict[str, int] = field(default_factory=dict)
    today: str | None = None
    level: float = 0.95
    rates: dict[str, dict[str, Any]] = field(default_factory=dict)
    rates_by_source: dict[str, dict[str, Any]] = field(default_factory=dict)
    time_to_response: dict[str, Any] = field(default_factory=dict)
    ghosting_day: int | None = None
    ghosting: dict[str, Any] = field(default_factory=dict)
    activity: dict[str, Any] = field(default_factory=dict)
    thank_you: list[dict[str, Any]] | None = None
    follow_up: list[dict[str, Any]] | None = None
    after_interview: dict[str, Any] | None = None
    salary: dict[str, Any] | None = None
    actions: list[dict[str, Any]] | None = None
    benchmarks: dict[str, Any] | None = None
    missing: dict[str, str] = field(default_factory=dict)
    pooled_clients: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe deep copy (no numpy types, NaN as None, dates as ISO strings).

        Examples
        --------
        >>> Summary(first_applied="2024-01-02").to_dict()["first_applied"]
        '2024-01-02'
        """
        return {f.name: to_plain(getattr(self, f.name)) for f in fields(self)}

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text (strict: NaN is never written).

        Examples
        --------
        >>> Summary().to_json()[:17]
        '{"applications": '
        """
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    def to_html(self) -> str:
        """The compact HTML shown in Jupyter, for reports.

        Examples
        --------
        >>> "<table" in Summary(rates={"response": {"n": 4, "k": 1, "rate": 0.25,
        ...     "ci_low": 0.05, "ci_high": 0.7, "small": True}}).to_html()
        True
        """
        return _render_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """A plain-text rendering for the terminal (``jobsearch-analytics summary``).

        Examples
        --------
        >>> print(Summary(applications=2, today="2024-05-01").to_text().splitlines()[0])
        2 applications (none dated), as of 2024-05-01
        """
        return _render_text(self)

    def __repr__(self) -> str:
        r = self.rates.get("response", {})
        rate = r.get("rate")
        said = f"{rate:.0%} replied" if isinstance(rate, float) else "no rate"
        return f"Summary({self.applications} applications, {said}, as of {self.today})"


def summarize(
    search: JobSearch,
    *,
    today: Any = None,
    level: float = 0.95,
    extras: bool = True,
    facts: SearchFacts | None = None,
) -> Summary:
    """Compute the headline numbers of a search.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today : date-like, optional
        Analysis date (censoring date for pending applications); default today.
    level : float
        Confidence level of every interval.
    extras : bool
        Include the sections of the other metric modules (after the interview, salary, next
        steps, benchmarks). False keeps only the core numbers, which stay fast on very large
        (pooled) searches.
    facts : SearchFacts, optional
        :func:`jobsearch_analytics.metrics.facts` of this search and ``today``, when the caller
        has them already (a report computes them once for every section).

    Returns
    -------
    Summary
        Counts (applications, events by kind, stages, outcomes, load-report issues by kind),
        first and last application dates, response / interview / offer rates overall and by
        source (Wilson intervals, saved jobs excluded), time to a reply (Kaplan-Meier median
        and the chance of a reply within 7, 14 and 30 days), the ghosting day, activity, and
        -- when those metric modules are present -- thank-you and follow-up associations,
        salary, next steps and published benchmarks.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...     "stage": ["offer", "applied"], "outcome": "open",
    ...     "date_applied": ["2024-01-01", "2024-01-02"]}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-01-10"], "date_known": True,
    ...                   "kind": ["offer"]}))
    >>> offer = summarize(s, today="2024-02-01").rates["offer"]
    >>> offer["rate"], offer["horizon_days"], offer["so_far"]["k"], offer["so_far"]["n"]
    (0.5, 31, 1, 2)
    """
    f = search_facts(search, today=today) if facts is None else facts
    return Summary(
        **_counts(search, f),
        missing={k: missing_text(k) for k in EVIDENCE if not search.holds(k)},
        pooled_clients=int(search.applications["client"].nunique()),
        today=to_plain(f.today),
        level=float(level),
        **_rates(search, f, level),
        **_timing(search, f, level),
        activity=_activity(search, f, level),
        **(_optional_sections(search, f, level) if extras else {}),
    )


def _counts(search: JobSearch, facts: SearchFacts) -> dict[str, Any]:
    """Applications, events by kind, stages, outcomes, load-report issues, dates applied."""
    apps = search.applications
    kinds = search.events["kind"].value_counts()
    stages = apps["stage"].value_counts()
    outcomes = apps["outcome"].value_counts()
    dates = apps["date_applied"][facts.sent].dropna()
    return {
        "applications": len(apps),
        "events": {k: int(kinds.get(k, 0)) for k in EVENT_KINDS},
        # unknown, not 0, when the source cannot show them (no status column, say)
        "stages": {
            s: int(stages.get(s, 0))
            if s in ("saved", "applied") or search.holds("interview")
            else None
            for s in STAGES
        },
        "outcomes": {
            o: int(outcomes.get(o, 0)) if search.holds("outcome") else None for o in OUTCOMES
        },
        "first_applied": to_plain(dates.min()) if len(dates) else None,
        "last_applied": to_plain(dates.max()) if len(dates) else None,
        "issues": dict(search.report.counts()),
    }


def _rates(search: JobSearch, facts: SearchFacts, level: float) -> dict[str, Any]:
    """Response, interview and offer rates overall and by source."""
    overall: dict[str, dict[str, Any]] = {}
    by_source: dict[str, dict[str, Any]] = {}
    for outcome in ("response", "interview", "offer"):
        overall[outcome] = _headline_rate(search, outcome, facts, level)
        grouped = rates(search, by="source", outcome=outcome, level=level, facts=facts)
        for row in grouped.to_dict("records"):
            by_source.setdefault(str(row["source"]), {})[outcome] = _rate_dict(row)
    return {"rates": overall, "rates_by_source": by_source}


def _headline_rate(
    search: JobSearch, outcome: str, facts: SearchFacts, level: float
) -> dict[str, Any]:
    """One headline rate: the eventual rate by its horizon
    (:func:`~jobsearch_analytics.metrics.eventual.eventual_rate`) under the usual keys
    (``n, k, rate, ci_low, ci_high, small``), the horizon and method beside them, the raw
    "k of n so far" in ``so_far``, and ``missing`` (the words) when the source cannot say."""
    row = eventual_rate(search, outcome=outcome, level=level, facts=facts).iloc[0]
    out = _rate_dict(row)
    out.update(
        horizon_days=to_plain(row["horizon_days"]),
        horizon_asked=int(row["horizon_asked"]),
        method=str(row["method"]),
        so_far={
            "k": to_plain(row["k"]),
            "n": int(row["n"]),
            "rate": to_plain(row["rate_so_far"]),
            "ci_low": to_plain(row["so_far_low"]),
            "ci_high": to_plain(row["so_far_high"]),
        },
        missing=(
            missing_text(EVIDENCE_OF_OUTCOME[outcome]) if row["method"] == "unknown" else None
        ),
    )
    return out


def _timing(search: JobSearch, facts: SearchFacts, level: float) -> dict[str, Any]:
    """Time to a reply (median, chance within :data:`REPLY_DAYS`) and the ghosting point."""
    median = median_time(search, level=level, facts=facts).iloc[0]
    by_day = reply_by_day(search, days=REPLY_DAYS, level=level, facts=facts)
    ghost = ghosting_day(search, level=level, facts=facts)
    time_to_response = {
        "missing": timing_missing(search),
        "median_days": to_plain(median["median_days"]),
        "ci_low": to_plain(median["ci_low"]),
        "ci_high": to_plain(median["ci_high"]),
        "n": int(median["n"]),
        "events": int(median["events"]),
        "censored": int(median["censored"]),
        "excluded": {k: to_plain(median[k]) for k in EXCLUSIONS},
        "note": str(median["note"]),
        "reply_by_day": {
            str(int(r["day"])): {k: to_plain(r[k]) for k in ("p", "ci_low", "ci_high")}
            for r in by_day.to_dict("records")
        },
    }
    return {
        "time_to_response": time_to_response,
        "ghosting_day": ghost.day,
        "ghosting": to_plain(ghost),
    }


def _activity(search: JobSearch, facts: SearchFacts, level: float) -> dict[str, Any]:
    """Applying while an interview was pending, and pauses in applying."""
    waiting = applying_while_waiting(search, level=level, facts=facts).iloc[0]
    return {
        "applying_while_waiting": {
            **_rate_dict(waiting),
            "waiting_days": to_plain(waiting["waiting_days"]),
        },
        "gaps": to_plain(activity_gaps(search).to_dict("records")),
    }


def _optional_sections(search: JobSearch, facts: SearchFacts, level: float) -> dict[str, Any]:
    """After the interview, salary, next steps and published benchmarks."""
    after = after_interview_summary(search, facts=facts)
    return {
        "after_interview": after,
        "thank_you": (after.get("thank_you_delay") or {}).get("rows"),
        "follow_up": (after.get("follow_up") or {}).get("rows"),
        "salary": salary_summary(search),
        "actions": table_records(next_steps(search, facts=facts)),
        "benchmarks": benchmarks_summary(search, level=level),
    }


# -- rendering ----------------------------------------------------------------------------------

_CSS = (
    "<style>.jsa-summary{font-family:system-ui,sans-serif;font-size:13px;max-width:46em}"
    ".jsa-summary table{border-collapse:collapse;margin:.3em 0 .8em}"
    ".jsa-summary td,.jsa-summary th{padding:.15em .6em;text-align:left;"
    "border-bottom:1px solid #ddd}.jsa-summary .num{text-align:right}"
    ".jsa-summary .muted{color:#666}.jsa-summary h4{margin:.6em 0 .2em}</style>"
)


def _pct(x: Any) -> str:
    return "–" if x is None else f"{x:.0%}"


def _horizon(r: Mapping[str, Any]) -> str:
    """`` by day 60`` for a headline rate estimated by a horizon, else nothing."""
    day = r.get("horizon_days")
    return f" by day {day}" if day is not None else ""


def _so_far(r: Mapping[str, Any]) -> str:
    """``so far 12 of 118 (10%)``: the raw count beside an estimate."""
    raw = r.get("so_far") or r
    return f"so far {raw.get('k')} of {raw.get('n')} ({_pct(raw.get('rate'))})"


def _unknown(r: Mapping[str, Any] | None) -> str | None:
    """The words for a rate the source cannot give (None when it can)."""
    if r and r.get("missing"):
        return f"unknown: {r['missing']}"
    if r and r.get("n") and r.get("rate") is None:
        return "unknown: not in your tracker"
    return None


def _rate_cell(r: Mapping[str, Any] | None) -> str:
    if (words := _unknown(r)) is not None:
        return f"<span class='muted'>{html.escape(words)}</span>"
    if not r or not r.get("n"):
        return "<span class='muted'>no data</span>"
    small = " <span class='muted'>(small)</span>" if r.get("small") else ""
    count = f"; {_so_far(r)}" if "so_far" in r else f", {r['k']} of {r['n']}"
    return (
        f"{_pct(r['rate'])}{_horizon(r)} <span class='muted'>({_pct(r['ci_low'])}–"
        f"{_pct(r['ci_high'])})</span>{count}{small}"
    )


def _application(action: Mapping[str, Any]) -> str:
    """An action's application as a person names it: ``Company (Role)``, so that two
    applications to one company do not read the same."""
    company, role = action.get("company"), action.get("role")
    parts = [str(v) for v in (company, role) if v is not None and v == v and str(v).strip()]
    return f"{parts[0]} ({parts[1]})" if len(parts) == 2 else (parts[0] if parts else "")


def _when(iso: str | None) -> str:
    """An ISO date from :meth:`Summary.to_dict` as a person reads it (``2024-10-18 01:50``)."""
    return show_when(pd.Timestamp(iso)) if iso else ""


def _render_html(s: Summary) -> str:
    e = html.escape
    level = f"{s.level:.0%}"
    parts = [_CSS, "<div class='jsa-summary'>"]
    span = (
        f", {e(_when(s.first_applied))} to {e(_when(s.last_applied))}"
        if s.first_applied and s.last_applied
        else ""
    )
    parts.append(
        f"<p><b>Job search summary</b>: {s.applications} applications{span}; "
        f"as of {e(str(s.today))}. Intervals are {level}.</p>"
    )
    if s.pooled_clients > 1:
        parts.append(
            f"<p class='muted'>Pooled over {s.pooled_clients} clients: these numbers mix "
            "their searches.</p>"
        )
    parts.append("<h4>Rates</h4><table>")
    for name, label in (("response", "Any reply"), ("interview", "Interview"), ("offer", "Offer")):
        parts.append(f"<tr><th>{label}</th><td>{_rate_cell(s.rates.get(name))}</td></tr>")
    parts.append("</table>")

    if s.rates_by_source:
        parts.append(
            "<h4>By source</h4><table><tr><th>source</th><th>reply</th><th>interview</th></tr>"
        )
        ordered = sorted(
            s.rates_by_source.items(), key=lambda kv: -(kv[1].get("response", {}).get("n") or 0)
        )
        for source, r in ordered[:10]:
            parts.append(
                f"<tr><td>{e(source)}</td><td>{_rate_cell(r.get('response'))}</td>"
                f"<td>{_rate_cell(r.get('interview'))}</td></tr>"
            )
        if len(ordered) > 10:
            parts.append(f"<tr><td colspan=3 class='muted'>and {len(ordered) - 10} more</td></tr>")
        parts.append("</table>")

    t = s.time_to_response
    if t:
        parts.append("<h4>Time to a reply</h4><p>")
        if t.get("median_days") is not None:
            low, high = t.get("ci_low"), t.get("ci_high")
            parts.append(
                f"Median {t['median_days']:.0f} days <span class='muted'>("
                f"{'?' if low is None else f'{low:.0f}'}–"
                f"{'not reached' if high is None else f'{high:.0f}'})</span>. "
            )
        else:
            note = t.get("note") or "not enough replies for a median"
            parts.append(f"{e(note[:1].upper() + note[1:])}. ")
        known = {d: v for d, v in t.get("reply_by_day", {}).items() if v.get("p") is not None}
        within = "; ".join(
            f"{e(d)} days {_pct(v['p'])} <span class='muted'>({_pct(v['ci_low'])}–"
            f"{_pct(v['ci_high'])})</span>"
            for d, v in known.items()
        )
        if known:
            parts.append(f"Replied within {within}. ")
        parts.append(
            f"<span class='muted'>{t.get('n')} timed, {t.get('censored')} still "
            "waiting (censored).</span></p>"
        )
    g = s.ghosting
    if g:
        if s.ghosting_day is not None and g.get("plateau_reliable"):
            text = (
                f"After <b>{s.ghosting_day} days</b> of silence a reply is unlikely "
                f"<span class='muted'>(chance {_pct(g.get('p_reply'))}, "
                f"{_pct(g.get('ci_low'))}–{_pct(g.get('ci_high'))}; {g.get('n')} applications, "
                f"{g.get('replies')} replies)</span>."
            )
        else:
            head = (
                f"After <b>{s.ghosting_day} days</b> of silence a reply looks unlikely, but this "
                "day is <b>not reliable</b> (next steps use a conservative rule instead):"
                if s.ghosting_day is not None
                else "No ghosting point:"
            )
            text = f"{head} <span class='muted'>{e(g.get('basis', ''))}</span>."
        parts.append(f"<h4>Ghosting</h4><p>{text}</p>")

    if s.actions:
        parts.append("<h4>Next steps</h4><table>")
        for a in s.actions[:10]:
            parts.append(
                f"<tr><td>{e(_application(a))}</td><td>{e(str(a.get('action', '')))}"
                f"</td><td class='muted'>{e(str(a.get('reason', '')))}</td></tr>"
            )
        if len(s.actions) > 10:
            parts.append(
                f"<tr><td colspan=3 class='muted'>and {len(s.actions) - 10} more</td></tr>"
            )
        parts.append("</table>")

    issues = {k: v for k, v in s.issues.items() if v}
    text = ", ".join(f"{v} {e(k)}" for k, v in issues.items()) if issues else "none"
    parts.append(f"<h4>Data issues</h4><p>{text}</p></div>")
    return "".join(parts)


def _rate_text(r: Mapping[str, Any] | None) -> str:
    if (words := _unknown(r)) is not None:
        return words
    if not r or r.get("rate") is None:
        return "n/a"
    flag = "  (few applications: read with care)" if r.get("small") else ""
    if "so_far" in r:
        return (
            f"{_pct(r['rate'])}{_horizon(r)} (95% interval {_pct(r['ci_low'])}–"
            f"{_pct(r['ci_high'])}; {_so_far(r)}){flag}"
        )
    return (
        f"{r['rate']:.0%} ({r['k']} of {r['n']}; 95% interval "
        f"{r['ci_low']:.0%}–{r['ci_high']:.0%}){flag}"
    )


def _ghosting_words(s: Summary) -> str | None:
    """The ghosting point in words with its caveat when it is not reliable; None if none."""
    g = s.ghosting or {}
    if s.ghosting_day is None:
        return None
    if g.get("plateau_reliable"):
        return (
            f"after {s.ghosting_day} days of silence, fewer than "
            f"{g.get('threshold', 0.05):.0%} still hear back"
        )
    return (
        f"after {s.ghosting_day} days of silence a reply looks unlikely, but this day is not "
        "reliable (follow-up after the last reply is short: late replies may be missing); "
        "next steps use a conservative rule instead"
    )


def _render_text(s: Summary) -> str:
    dated = (
        f"{_when(s.first_applied)} to {_when(s.last_applied)}" if s.first_applied else "none dated"
    )
    lines = [f"{s.applications} applications ({dated}), as of {s.today}"]
    if s.pooled_clients > 1:
        lines.append(f"Pooled over {s.pooled_clients} clients: these numbers mix their searches")
    lines.append("Stages reached: " + ", ".join(f"{k} {v}" for k, v in s.stages.items() if v))
    if s.outcomes and all(v is None for v in s.outcomes.values()):
        lines.append(f"Outcomes: unknown ({s.missing.get('outcome', 'not in your tracker')})")
    else:
        lines.append("Outcomes: " + ", ".join(f"{k} {v}" for k, v in s.outcomes.items() if v))
    lines.append("")
    for name in ("response", "interview", "offer"):
        lines.append(f"{name.capitalize() + ' rate:':<16}{_rate_text(s.rates.get(name))}")
    if s.rates_by_source:
        lines.append("Response rate by source:")
        for src, r in sorted(
            s.rates_by_source.items(), key=lambda kv: -(kv[1].get("response", {}).get("n") or 0)
        ):
            lines.append(f"  {src[:28]:<28} {_rate_text(r.get('response'))}")
    t = s.time_to_response or {}
    lines.append("")
    if t.get("median_days") is not None:
        lines.append(
            f"Median time to a reply: {t['median_days']:.0f} days "
            f"(interval {t.get('ci_low')}–{t.get('ci_high')})"
        )
    elif t.get("missing"):
        lines.append(f"Median time to a reply: unknown ({t['missing']})")
    elif not t.get("n"):
        lines.append("Median time to a reply: none (no application can be timed)")
    else:
        lines.append("Median time to a reply: none (fewer than half of applications got one)")
    for day, r in (t.get("reply_by_day") or {}).items():
        if r and r.get("p") is not None:
            lines.append(
                f"  reply within {day:>2} days: {r['p']:.0%} ({r['ci_low']:.0%}–{r['ci_high']:.0%})"
            )
    if (ghost := _ghosting_words(s)) is not None:
        lines.append(f"Ghosting point: {ghost}")
    if s.actions:
        lines.append("")
        lines.append(f"Next steps ({len(s.actions)}):")
        for a in s.actions[:10]:
            lines.append(f"  - {a.get('action')}: {_application(a)} — {a.get('reason')}")
        if len(s.actions) > 10:
            lines.append(f"  ... and {len(s.actions) - 10} more")
    issues = {k: v for k, v in (s.issues or {}).items() if v}
    if issues:
        lines.append("")
        lines.append(
            "Load report: "
            + ", ".join(f"{v} {k}" for k, v in issues.items())
            + " (run `jobsearch-analytics validate` to see each cell)"
        )
    return "\n".join(lines)
