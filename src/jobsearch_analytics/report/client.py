"""The report for one client: computed into plain data first (:class:`ClientReport`), then
rendered (:meth:`ClientReport.to_html`) or exported (:meth:`ClientReport.tables`).

Every number comes from a public metric function called once here; the HTML shows a view of
those tables and the workbook holds them whole. Sections: summary with intervals, funnel,
timing and the ghosting point, after the interview, salary, keep-applying activity, next steps
and data quality (from the load report).

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abc"), "source": ["<b>Acme</b>", "Beta", "Cy"],
...                   "stage": ["screen", "applied", "applied"], "outcome": "open",
...                   "date_applied": ["2024-03-01", "2024-03-04", "2024-03-05"]}),
...     pd.DataFrame({"application_id": ["a"], "date": ["2024-03-08"], "date_known": True,
...                   "kind": ["screen"]}))
>>> r = build_report(s, today="2024-04-01", client="Ana", charts=False)
>>> r.headline["rates"]["response"]["k"], r.headline["rates"]["response"]["n"]
(1, 3)
>>> [sec.key for sec in r.sections][:3]
['summary', 'funnel', 'timing']
>>> "<b>Acme" in r.to_html(), "&lt;b&gt;Acme" in r.to_html()
(False, True)
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import OFFER_COLUMNS
from jobsearch_analytics.metrics import SearchFacts
from jobsearch_analytics.metrics import facts as search_facts
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.report._render import embed, pct, rate_text, render, table_view
from jobsearch_analytics.report.missing import section_missing

if TYPE_CHECKING:
    from jobsearch_analytics.metrics.timing import GhostingDay
    from jobsearch_analytics.summary import Summary

__all__ = [
    "EXAMPLE_COMPANY",
    "ClientReport",
    "ReportFigure",
    "ReportTable",
    "Section",
    "build_report",
]

#: Company of the example row in :func:`jobsearch_analytics.report.template.write_template`;
#: the data-quality section warns when it is still in a tracker.
EXAMPLE_COMPANY = "Example Company (overwrite this row)"

_RATE_COLS = ("n", "k", "rate", "ci_low", "ci_high", "small")
_OUTCOMES = ("response", "interview", "offer")
_RATE_LABELS = {
    "n": "n",
    "k": "k",
    "rate": "rate",
    "ci_low": "low",
    "ci_high": "high",
    "small": "small group",
}


@dataclass(frozen=True)
class ReportTable:
    """A metric table, the columns the HTML shows (all when None) and their labels."""

    name: str
    frame: pd.DataFrame
    columns: tuple[str, ...] | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    caption: str = ""
    display: pd.DataFrame | None = field(default=None, repr=False)
    #: One line shown instead of the table when the tracker cannot fill it (see
    #: :func:`~jobsearch_analytics.report.missing.section_missing`); the workbook keeps it.
    missing: str = ""
    #: Rows the HTML (and so the PDF) shows; the workbook has every row.
    max_rows: int = 12
    #: In the workbook only (long, or drawn as a chart already).
    hidden: bool = False


@dataclass(frozen=True)
class ReportFigure:
    """A chart as inline SVG markup (made by :func:`~jobsearch_analytics.report._svg.figure_svg`)
    and its caption (plain text)."""

    name: str
    svg: str
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """One section: plain-text paragraphs, caveats (``notes``), charts and tables."""

    key: str
    title: str
    text: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    figures: tuple[ReportFigure, ...] = ()
    tables: tuple[ReportTable, ...] = ()
    #: When set, the one line the HTML shows instead of the section's text, charts and tables
    #: (the tracker cannot fill it; see :func:`~jobsearch_analytics.report.missing.
    #: section_missing`).
    missing: str = ""


@dataclass(frozen=True)
class ClientReport:
    """A client's report as plain data; see :func:`build_report`.

    Attributes
    ----------
    title, client, today : str
        Heading, whose search it is, and the analysis date (ISO).
    level : float
        Confidence level of every interval.
    headline : dict
        Plain numbers for the summary cards and the cohort view: ``applications``, ``sent``,
        ``open``, ``first_applied``, ``last_applied``, ``rates`` (response / interview / offer
        rows ``n, k, rate, ci_low, ci_high``), ``median_days`` (with ``ci_low``, ``ci_high``),
        ``ghosting_day``, ``per_week``, ``while_waiting`` (a rate row), ``actions``, ``issues``.
    sections : tuple of Section
    anonymized : bool
        True when made from an anonymised search (pseudonyms instead of names).
    """

    title: str
    client: str
    today: str
    level: float
    headline: dict[str, Any]
    sections: tuple[Section, ...]
    anonymized: bool = False

    def section(self, key: str) -> Section:
        """The section with this key.

        Examples
        --------
        >>> ClientReport("t", "c", "2024-01-01", 0.95, {}, (Section("funnel", "Funnel"),)
        ...              ).section("funnel").title
        'Funnel'
        """
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the report by sheet name (``'<section> - <table>'``), in order.

        Examples
        --------
        >>> t = ReportTable("rates", pd.DataFrame({"n": [1]}))
        >>> list(ClientReport("t", "c", "2024-01-01", 0.95, {},
        ...      (Section("summary", "Summary", tables=(t,)),)).tables())
        ['Summary - rates']
        """
        out: dict[str, pd.DataFrame] = {}
        for s in self.sections:
            for t in s.tables:
                out[f"{s.title} - {t.name}"] = t.frame
        return out

    def to_html(self) -> str:
        """The report as one self-contained HTML document (inline CSS and SVG, no scripts)."""
        return _render(self)

    def to_pdf(self) -> bytes:
        """The report as PDF bytes (A4), laid out by WeasyPrint from :meth:`to_html`; write
        it with :func:`~jobsearch_analytics.report.export.write_report_pdf`."""
        from jobsearch_analytics.report.export import html_to_pdf

        return html_to_pdf(self.to_html())

    def _repr_html_(self) -> str:
        # In an iframe: the page's own CSS must not restyle the notebook.
        return embed(self.to_html())

    def __repr__(self) -> str:
        return (
            f"ClientReport({self.client!r}, {self.headline.get('applications', 0)} "
            f"applications, as of {self.today})"
        )


# -- computing ---------------------------------------------------------------------------------


class _Charts:
    """Draws charts into SVG (or not), closing every figure, and keeps failures as notes."""

    def __init__(self, enabled: bool, prefix: str) -> None:
        self.enabled = enabled
        self.prefix = prefix
        self.count = 0

    def draw(
        self, name: str, caption: str, plot: Callable[[], Any], notes: list[str]
    ) -> list[ReportFigure]:
        if not self.enabled:
            return []
        import matplotlib.pyplot as plt

        from jobsearch_analytics.report._svg import figure_svg

        self.count += 1
        before = set(plt.get_fignums())
        try:
            ax = plot()
            svg = figure_svg(ax.figure, prefix=f"{self.prefix}{self.count}", label=caption)
        except Exception as exc:  # a chart that fails must not take the report down
            notes.append(f"The chart '{name}' could not be drawn ({type(exc).__name__}: {exc}).")
            return []
        finally:
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
        return [ReportFigure(name, svg, caption)]


def _guard(key: str, title: str, make: Callable[[], Section]) -> Section:
    """A section, or a stub that says why it could not be computed."""
    try:
        return make()
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Section(
            key,
            title,
            notes=(
                f"This section could not be computed ({type(exc).__name__}: {exc}; "
                f"{where.name}, line {where.lineno}). The other sections are unaffected.",
            ),
        )


def build_report(
    search: JobSearch,
    *,
    today: Any = None,
    client: str | None = None,
    title: str | None = None,
    since: Any = None,
    level: float = 0.95,
    charts: bool = True,
    anonymized: bool = False,
) -> ClientReport:
    """Compute a client's report (all metrics, charts as SVG) into a :class:`ClientReport`.

    Parameters
    ----------
    search : JobSearch
        The client's loaded search (anonymise it first with
        :func:`jobsearch_analytics.report.anonymize.anonymize` when the report leaves the coach).
    today : date-like, optional
        Analysis date: pending applications are censored here; default today.
    client : str, optional
        Whose search it is (a person's name), shown in the heading; never a file name.
    title : str, optional
        Heading; default "Job search report" and the client, or without a client the period
        the applications cover (:func:`report_title`).
    since : date-like, optional
        Add "this period against the one before": from ``since`` to ``today``, and the same
        number of days before it (:func:`~jobsearch_analytics.report.progress.
        period_comparison`).
    level : float
        Confidence level of every interval.
    charts : bool
        Draw the charts (False is faster, for tests and JSON-only use).
    anonymized : bool
        Mark the report as made from pseudonymised data (said in its heading).

    Returns
    -------
    ClientReport
        Plain data; nothing is written. A section whose metric fails holds a note saying so
        instead of its tables, and the others are unaffected.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...     "stage": ["offer", "applied"], "outcome": "open",
    ...     "date_applied": ["2024-01-01", "2024-01-02"]}))
    >>> build_report(s, today="2024-02-01", charts=False).headline["rates"]["offer"]["k"]
    1
    """
    from jobsearch_analytics.metrics.activity import applying_while_waiting, weekly_activity
    from jobsearch_analytics.summary import summarize

    facts = search_facts(search, today=today)  # shared by every section's metrics
    now = facts.today
    summary = summarize(search, level=level, extras=False, facts=facts)
    weekly = weekly_activity(search, facts=facts)
    waiting = applying_while_waiting(search, level=level, facts=facts)
    todo = _next_steps(search, facts)
    headline = _headline(search, summary, weekly, todo)
    prefix = re.sub(r"[^a-z0-9]", "", (client or "r").lower())[:12] or "r"
    chart = _Charts(charts, f"{prefix}-")
    sections = _sections(search, facts, level, summary, headline, weekly, waiting, todo, chart)
    if since is not None:
        from jobsearch_analytics.report.progress import period_comparison

        compared = period_comparison(search, since=since, today=now, level=level)
        headline["progress"] = _progress_headline(compared)
        sections = (sections[0], _progress_section(compared), *sections[1:])
    name = (client or "").strip()
    return ClientReport(
        title=report_title(title, name, headline["first_applied"], headline["last_applied"]),
        client=name,
        today=now.date().isoformat(),
        level=float(level),
        headline=headline,
        sections=sections,
        anonymized=anonymized,
    )


def _day(iso: Any) -> str:
    """``8 Jan 2024`` from an ISO date (the text as is when it is not one)."""
    try:
        d = pd.Timestamp(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{d.day} {d.strftime('%b %Y')}"


def period_text(first: Any, last: Any) -> str:
    """The period the applications cover, as a person writes it ('' when undated).

    Examples
    --------
    >>> period_text("2024-01-08", "2024-04-26"), period_text(None, None)
    ('8 Jan 2024 – 26 Apr 2024', '')
    """
    if not first or not last:
        return ""
    return _day(first) if first == last else f"{_day(first)} – {_day(last)}"


def report_title(title: str | None, client: str | None, first: Any, last: Any) -> str:
    """The report's heading: ``title`` as given; else "Job search report" and the client;
    else "Job search report" and the period of the applications. Never a file name.

    Examples
    --------
    >>> report_title(None, "Ana Silva", "2024-01-08", "2024-04-26")
    'Job search report — Ana Silva'
    >>> report_title(None, None, "2024-01-08", "2024-04-26")
    'Job search report, 8 Jan 2024 – 26 Apr 2024'
    >>> report_title("Spring review", "Ana", None, None)
    'Spring review'
    """
    if title and title.strip():
        return title.strip()
    if client and client.strip():
        return f"Job search report — {client.strip()}"
    period = period_text(first, last)
    return "Job search report" + (f", {period}" if period else "")


def _progress_headline(compared: pd.DataFrame) -> dict[str, Any]:
    """The comparison as plain numbers for the cohort: ``periods`` and per measure
    ``(this, before)``."""
    return {
        "periods": compared.attrs["periods"],
        "rows": {
            r["measure"]: (r["this_period"], r["period_before"])
            for r in compared.to_dict("records")
        },
    }


def _progress_section(compared: pd.DataFrame) -> Section:
    periods = compared.attrs["periods"]
    this, before = periods["this"], periods["before"]
    labels = {
        "this_period": f"this period ({period_text(*this)})",
        "period_before": f"period before ({period_text(*before)})",
    }
    shown = compared.assign(
        **{c: [_progress_cell(v) for v in compared[c]] for c in ("this_period", "period_before")},
        change=["–" if v is None else (f"{v:+.0f}" if v else "0") for v in compared["change"]],
    )
    notes = tuple(
        f"{r['measure'].capitalize()}: {r['note']}."
        for r in compared.to_dict("records")
        if r["note"]
    )
    return Section(
        "progress",
        "This period and the one before",
        text=(
            f"From {_day(this[0])} to {_day(this[1])} against the same number of days before "
            f"({_day(before[0])} to {_day(before[1])}). Replies, interviews and offers count "
            "when they happened, whenever the application was sent; the median time to a reply "
            "is of the applications sent in the period, as it stood at the period's end "
            "(Kaplan-Meier: those still waiting count as waiting).",
        ),
        notes=notes,
        tables=(
            ReportTable(
                "progress",
                compared,
                ("measure", "this_period", "period_before", "change"),
                labels,
                "This period and the one before",
                display=shown,
            ),
        ),
    )


def _progress_cell(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return f"{value:.0f} days"
    return f"{int(value):,}"


def _next_steps(search: JobSearch, facts: SearchFacts) -> pd.DataFrame | Exception:
    """The to-do list, or the error that stopped it: shown in its section, and the rest of
    the report stands."""
    from jobsearch_analytics.metrics.actions import next_steps

    try:
        return next_steps(search, facts=facts)
    except Exception as exc:
        return exc


def _headline(
    search: JobSearch,
    summary: Summary,
    weekly: pd.DataFrame,
    todo: pd.DataFrame | Exception,
) -> dict[str, Any]:
    """The numbers of the summary cards and the cohort view.

    Rates, dates, the median time to a reply, the ghosting point, applying while waiting and
    the load-report counts are the :class:`~jobsearch_analytics.summary.Summary`'s, so the
    report says what ``jobsearch-analytics summary`` says; the counts only the report shows
    (sent, still open, weeks, applications a week, actions due) are added here.
    """
    from jobsearch_analytics.metrics.rates import sent_mask

    apps = search.applications
    sent = sent_mask(apps)
    dated = int(apps.loc[sent, "date_applied"].notna().sum())
    weeks_active = max(1, len(weekly)) if dated else 0
    outcome = apps["outcome"].astype("object")
    timing = summary.time_to_response
    waiting = summary.activity["applying_while_waiting"]
    return {
        "applications": summary.applications,
        "sent": int(sent.sum()),
        # None when the tracker keeps no outcomes: unknown, not "all still open"
        "open": int((sent & (outcome.isna() | outcome.eq("open")).to_numpy()).sum())
        if search.holds("outcome")
        else None,
        "first_applied": summary.first_applied,
        "last_applied": summary.last_applied,
        "weeks": weeks_active,
        "per_week": (dated / weeks_active) if weeks_active else None,
        "rates": {o: dict(summary.rates[o]) for o in _OUTCOMES},
        "median_days": {
            "days": timing["median_days"],
            "ci_low": timing["ci_low"],
            "ci_high": timing["ci_high"],
            "note": timing["note"],
        },
        "ghosting_day": summary.ghosting_day,
        "ghosting_basis": summary.ghosting["basis"],
        "while_waiting": {k: waiting[k] for k in _RATE_COLS},
        "actions": len(todo) if isinstance(todo, pd.DataFrame) else None,
        "issues": {k: int(v) for k, v in summary.issues.items()},
    }


def _sections(
    search: JobSearch,
    facts: SearchFacts,
    level: float,
    summary: Summary,
    headline: dict[str, Any],
    weekly: pd.DataFrame,
    waiting: pd.DataFrame,
    todo: pd.DataFrame | Exception,
    chart: _Charts,
) -> tuple[Section, ...]:
    """Every section in order, each computed on its own (see :func:`_guard`)."""
    from jobsearch_analytics.metrics.activity import activity_gaps
    from jobsearch_analytics.metrics.timing import GhostingDay

    ghost = GhostingDay(**summary.ghosting)
    return (
        _guard("summary", "Summary", lambda: _summary(summary, headline, chart, level)),
        _guard("funnel", "Funnel", lambda: _funnel(search, chart, level)),
        _guard("timing", "Timing", lambda: _timing_section(search, facts, ghost, chart, level)),
        _guard("after", "After the interview", lambda: _after(search, facts, chart, level)),
        _guard("salary", "Salary", lambda: _salary(search, chart)),
        _guard(
            "activity",
            "Keep applying",
            lambda: _activity(weekly, waiting, activity_gaps(search), headline, chart),
        ),
        _guard("next", "Next steps", lambda: _next(todo)),
        _guard("quality", "Data quality", lambda: _quality(search)),
    )


def _rate_frame(records: list[dict[str, Any]], keys: list[str]) -> pd.DataFrame:
    """Rate rows of the summary as a table: ``keys`` columns, then ``n, k, rate ...``."""
    dtypes = {"n": "int64", "k": "Int64", "rate": "float64", "ci_low": "float64"}
    dtypes |= {"ci_high": "float64", "small": "bool"}
    frame = pd.DataFrame(records, columns=[*keys, *_RATE_COLS])
    return frame.astype({**dict.fromkeys(keys, "str"), **dtypes})


def _summary(
    summary: Summary,
    headline: dict[str, Any],
    chart: _Charts,
    level: float,
) -> Section:
    from jobsearch_analytics.plots import plot_rates

    notes: list[str] = []
    table = _rate_frame([{"outcome": o, **summary.rates[o]} for o in _OUTCOMES], ["outcome"])
    by_source = _rate_frame(
        [
            {"outcome": o, "source": source, **rows[o]}
            for o in _OUTCOMES
            for source, rows in summary.rates_by_source.items()
            if o in rows
        ],
        ["outcome", "source"],
    )
    missing = section_missing("summary", {"rates": table}) or ""
    reply_by_source = by_source[by_source["outcome"] == "response"].drop(columns="outcome")
    wide = by_source.assign(text=[rate_text(r) for r in by_source.to_dict("records")]).pivot(
        index="source", columns="outcome", values="text"
    )
    wide = wide.reindex(columns=["response", "interview", "offer"]).reset_index()
    wide.columns.name = None
    wide = wide.astype("str")
    figures = []
    if not missing and reply_by_source["source"].nunique() > 1:
        figures = chart.draw(
            "reply rate by source",
            "Share of applications that got any reply, by source, with intervals.",
            lambda: plot_rates(reply_by_source.reset_index(drop=True), outcome="response"),
            notes,
        )
    text = (
        f"{headline['applications']} applications tracked, {headline['sent']} sent"
        + (
            f" between {headline['first_applied']} and {headline['last_applied']}"
            if headline["first_applied"]
            else ""
        )
        + (
            f"; {headline['open']} still open"
            if headline["open"] is not None
            else "; how they ended is not in the tracker"
        )
        + f". Every rate comes with its interval ({level:.0%}): "
        "with few applications the interval is wide, and the true rate can be anywhere in it. "
        "Groups of fewer than 10 applications are marked small.",
    )
    return Section(
        "summary",
        "Summary",
        text=text,
        notes=tuple(notes),
        figures=tuple(figures),
        missing=missing,
        tables=(
            ReportTable(
                "rates",
                table,
                ("outcome", "rate", "ci_low", "ci_high", "k", "n", "small"),
                _RATE_LABELS,
                "Rates among sent applications",
                hidden=True,  # the cards above show these numbers; the workbook has the table
            ),
            ReportTable(
                "rates by source",
                by_source,
                ("source", "response", "interview", "offer"),
                {"response": "any reply", "interview": "interview", "offer": "offer"},
                "Rates by source: rate (interval), k of n",
                display=wide,
            ),
        ),
    )


def _funnel(search: JobSearch, chart: _Charts, level: float) -> Section:
    from jobsearch_analytics.metrics import funnel
    from jobsearch_analytics.plots import plot_funnel

    notes: list[str] = []
    table = funnel(search, level=level)
    outcomes = (
        search.applications["outcome"]
        .value_counts()
        .rename_axis("outcome")
        .reset_index(name="applications")
    )
    outcomes["outcome"] = outcomes["outcome"].astype("str")
    if not search.holds("outcome"):  # a status-less export: unknown, not "open 5, rejected 0"
        outcomes["applications"] = pd.array([pd.NA] * len(outcomes), dtype="Int64")
    missing = section_missing("funnel", {"stages": table}, fields=search.fields) or ""
    figures = []
    if not missing:
        figures = chart.draw(
            "funnel",
            "How many applications reached each stage, and the conversion from the stage before.",
            lambda: plot_funnel(table, level=level),
            notes,
        )
    return Section(
        "funnel",
        "Funnel",
        missing=missing,
        text=(
            "Each stage counts the applications that got at least that far; the conversion is "
            "the share of the previous stage that moved on (for 'applied': tracked jobs that "
            "were actually sent).",
        ),
        notes=tuple(notes),
        figures=tuple(figures),
        tables=(
            ReportTable(
                "stages",
                table,
                ("stage", "n_reached", "rate", "ci_low", "ci_high", "k", "n"),
                {**_RATE_LABELS, "n_reached": "reached", "rate": "conversion"},
                "Stages reached",
            ),
            ReportTable("outcomes", outcomes, None, {}, "How applications ended"),
        ),
    )


def _timing_section(
    search: JobSearch,
    facts: SearchFacts,
    ghost: GhostingDay,
    chart: _Charts,
    level: float,
) -> Section:
    from jobsearch_analytics.metrics import (
        ghosting_curve,
        median_time,
        reply_by_day,
        time_to_response,
    )
    from jobsearch_analytics.plots import plot_ghosting, plot_survival

    notes: list[str] = []
    median = median_time(search, level=level, facts=facts)
    curve = time_to_response(search, level=level, facts=facts)
    by_day = reply_by_day(search, days=(7, 14, 30, 60), level=level, facts=facts)
    ghosts = ghosting_curve(search, level=level, facts=facts)
    m = median.iloc[0]
    if pd.notna(m["median_days"]):
        low = "?" if pd.isna(m["ci_low"]) else f"{m['ci_low']:.0f}"
        high = "not reached" if pd.isna(m["ci_high"]) else f"{m['ci_high']:.0f}"
        said = f"Half of the replies that come arrive within {m['median_days']:.0f} days "
        said += f"(interval {low} to {high} days)."
    else:
        said = f"No median time to a reply: {m['note']}."
    text = [
        said + f" Based on {int(m['n'])} applications with a date, {int(m['events'])} replies; "
        f"{int(m['censored'])} still waiting are counted as waiting (censored), not as "
        "'never'.",
        "When does silence mean no? " + ghost.basis[:1].upper() + ghost.basis[1:] + ".",
    ]
    if ghost.day is not None:
        text.append(
            f"Ghosting point: after {ghost.day} days without any reply, treat the application as "
            "closed and put the energy into new ones."
        )
    results = {"median days": median}
    missing = section_missing("timing", results, fields=search.fields) or section_missing(
        "timing/replies", results, fields=search.fields
    )
    figures = []
    if not missing:
        figures = chart.draw(
            "time to reply",
            "Share of applications still waiting for a reply, by days since applying.",
            lambda: plot_survival(curve, level=level),
            notes,
        )
        figures += chart.draw(
            "ghosting",
            "Chance of still getting a reply after a given number of days of silence.",
            lambda: plot_ghosting(ghosts, ghosting=ghost, level=level),
            notes,
        )
    ghost_table = pd.DataFrame([ghost.to_dict()])
    return Section(
        "timing",
        "Timing and the ghosting point",
        missing=missing or "",
        text=tuple(text),
        notes=tuple(notes),
        figures=tuple(figures),
        tables=(
            ReportTable(
                "median days",
                median,
                ("median_days", "ci_low", "ci_high", "n", "events", "censored", "note"),
                {"median_days": "median days", "ci_low": "low", "ci_high": "high"},
                "Median days to a reply",
                hidden=True,  # said in the text above; the workbook has the table
            ),
            ReportTable(
                "reply by day",
                by_day,
                ("day", "p", "ci_low", "ci_high", "n", "at_risk"),
                {"p": "replied by then", "ci_low": "low", "ci_high": "high", "at_risk": "at risk"},
                "Chance of a reply within d days",
            ),
            ReportTable(
                "ghosting point",
                ghost_table,
                ("day", "p_reply", "ci_low", "ci_high", "n", "replies", "plateau_reliable"),
                {"p_reply": "chance of a reply", "ci_low": "low", "ci_high": "high"},
                "Ghosting point",
                hidden=True,  # said in the text above; the workbook has the table
            ),
            ReportTable("reply curve", curve, None, {}, "Kaplan-Meier curve (not shown)"),
        ),
    )


def _attrs_text(frame: pd.DataFrame) -> list[str]:
    out = []
    if frame.attrs.get("interpretation"):
        out.append(str(frame.attrs["interpretation"]))
    excluded = frame.attrs.get("excluded") or {}
    flat = {k: v for k, v in excluded.items() if isinstance(v, int | np.integer) and v}
    if flat:
        out.append(
            "Left out: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in flat.items()) + "."
        )
    return out


def _after(search: JobSearch, facts: SearchFacts, chart: _Charts, level: float) -> Section:
    from jobsearch_analytics.metrics import after_interview as ai
    from jobsearch_analytics.plots import plot_follow_up, plot_thank_you

    notes: list[str] = []
    thank = ai.thank_you_effect(search, by="delay", level=level, facts=facts)
    asked = ai.next_steps_effect(search, level=level, facts=facts)
    follow = ai.follow_up_effect(search, level=level, facts=facts)
    feedback = ai.feedback_summary(search, level=level, facts=facts)
    skills = ai.skill_gaps(search)
    text = [
        "What was done after each interview and after each silence, against what happened "
        "next. These are associations, not effects: the applications differ in other ways too.",
        *_attrs_text(thank),
        *_attrs_text(follow),
    ]
    results = {
        "thank-you": thank,
        "next steps asked": asked,
        "follow-up": follow,
        "feedback": feedback,
        "skill gaps": skills,
    }
    gone = {
        part: section_missing(f"after/{part}", results, fields=search.fields) or ""
        for part in ("thank-you", "next-steps", "follow-up", "feedback", "skills")
    }
    figures = []
    if not gone["thank-you"]:
        figures += chart.draw(
            "thank-you notes",
            "Next-round rate after interviews, by how fast a thank-you note was sent.",
            lambda: plot_thank_you(thank, level=level),
            notes,
        )
    if not gone["follow-up"]:
        figures += chart.draw(
            "follow-ups",
            "Reply rate after following up, compared with not following up, at each landmark day.",
            lambda: plot_follow_up(follow, level=level),
            notes,
        )
    diff = {"difference": "difference", "diff_low": "low", "diff_high": "high"}
    rate_cols = ("rate", "ci_low", "ci_high", "k", "n", "small")
    return Section(
        "after",
        "After the interview",
        missing=section_missing("after", results, fields=search.fields) or "",
        text=tuple(text),
        notes=tuple(notes),
        figures=tuple(figures),
        tables=(
            ReportTable(
                "thank-you",
                thank,
                ("bucket", *rate_cols, "difference", "diff_low", "diff_high"),
                {**_RATE_LABELS, **diff, "difference": "vs none"},
                "Thank-you note: next-round rate",
                missing=gone["thank-you"],
            ),
            ReportTable(
                "next steps asked",
                asked,
                ("bucket", *rate_cols, "difference"),
                {**_RATE_LABELS, **diff},
                "Asking about next steps: next-round rate",
                missing=gone["next-steps"],
            ),
            ReportTable(
                "follow-up",
                follow,
                ("landmark", "group", *rate_cols, "difference"),
                {**_RATE_LABELS, **diff, "landmark": "day"},
                "Following up: reply rate in the next 30 days",
                missing=gone["follow-up"],
            ),
            ReportTable(
                "feedback",
                feedback,
                ("measure", *rate_cols),
                _RATE_LABELS,
                "Feedback after a rejection",
                missing=gone["feedback"],
            ),
            ReportTable(
                "skill gaps",
                skills,
                ("skill", "applications", "mentions", "share"),
                {},
                "Skill gaps noted",
                missing=gone["skills"],
                max_rows=6,
            ),
        ),
    )


def _money(x: Any, currency: Any) -> str:
    if x is None or pd.isna(x):
        return "–"
    return f"{float(x):,.0f} {currency or ''}".strip()


def _salary(search: JobSearch, chart: _Charts) -> Section:
    from jobsearch_analytics.metrics import salary as sal
    from jobsearch_analytics.plots import plot_salary_ranges

    notes: list[str] = []
    posted = sal.posted_salary(search)
    offers = sal.offers_vs_posted(search)
    # The interval of the median raise is in percent, not a share: named so.
    neg = sal.negotiation(search).rename(
        columns={"ci_low": "raise_ci_low_pct", "ci_high": "raise_ci_high_pct"}
    )
    target = sal.salary_target(search)
    text = [
        "Posted salaries as annual figures (hourly x 2080, monthly x 12 ...), per currency "
        "and never mixed; offers against the posted range.",
    ]
    if np.isfinite(target.target):
        text.append(
            f"Suggested ask: {_money(target.target, target.currency)}; walk-away: "
            f"{_money(target.walk_away, target.currency)} ({target.basis.rstrip('.')})."
        )
    else:
        text.append(f"No suggested figure: {target.basis.rstrip('.')}.")
    if posted.attrs.get("note"):
        text.append(str(posted.attrs["note"]))
    results = {"posted": posted, "offers": offers}
    gone = {
        part: section_missing(f"salary/{part}", results, fields=search.fields) or ""
        for part in ("posted", "offers")
    }
    figures = []
    if not gone["posted"]:
        figures = chart.draw(
            "posted ranges",
            "Posted annual salary ranges by role.",
            lambda: plot_salary_ranges(posted, max_rows=10),
            notes,
        )
    return Section(
        "salary",
        "Salary",
        missing=section_missing("salary", results, fields=search.fields) or "",
        text=tuple(text),
        notes=tuple(notes),
        figures=tuple(figures),
        tables=(
            ReportTable(
                "posted",
                posted,
                ("role", "currency", "n", "annual_min_median", "mid_median", "annual_max_median"),
                {
                    "annual_min_median": "typical min",
                    "mid_median": "typical midpoint",
                    "annual_max_median": "typical max",
                },
                "Posted salaries (annual)",
                missing=gone["posted"],
                max_rows=6,
            ),
            ReportTable(
                "offers",
                offers,
                OFFER_COLUMNS,
                {"vs_range": "vs posted range"},
                "Offers",
                missing=gone["offers"],
            ),
            ReportTable(
                "negotiation",
                neg,
                (
                    "n_offers",
                    "n_negotiated",
                    "median_raise_pct",
                    "raise_ci_low_pct",
                    "raise_ci_high_pct",
                ),
                {
                    "n_offers": "offers",
                    "n_negotiated": "negotiated",
                    "median_raise_pct": "median raise %",
                    "raise_ci_low_pct": "low",
                    "raise_ci_high_pct": "high",
                },
                "Negotiation",
                hidden=_no_offers(neg),
            ),
        ),
    )


def _no_offers(neg: pd.DataFrame) -> bool:
    column = "n_negotiated"
    return neg.empty or column not in neg.columns or not int(neg[column].sum())


def _activity(
    weekly: pd.DataFrame,
    waiting: pd.DataFrame,
    gaps: pd.DataFrame,
    headline: Mapping[str, Any],
    chart: _Charts,
) -> Section:
    from jobsearch_analytics.plots import plot_activity

    notes: list[str] = []
    w = waiting.iloc[0]
    per_week = headline.get("per_week")
    text = [
        (
            f"{per_week:.1f} applications a week on average over {headline['weeks']} weeks."
            if per_week is not None
            else "No dated applications."
        ),
        "Applied while an interview was pending: "
        + rate_text(w)
        + f" of the dated applications ({int(w['waiting_days'])} days with an interview "
        "pending). Keep applying while waiting: an interview is not an offer.",
    ]
    if len(gaps):
        text.append(
            f"{len(gaps)} pause(s) of 10 days or more without applying; the longest lasted "
            f"{int(gaps['days'].max())} days."
        )
    missing = section_missing("activity", {"weekly": weekly}) or ""
    figures = []
    if not missing:
        figures = chart.draw(
            "weekly activity",
            "Applications sent per week (bars) and the open pipeline at each week's end (line).",
            lambda: plot_activity(weekly, gaps=gaps),
            notes,
        )
    return Section(
        "activity",
        "Keep applying",
        missing=missing,
        text=tuple(text),
        notes=tuple(notes),
        figures=tuple(figures),
        tables=(
            ReportTable(
                "weekly",
                weekly,
                ("week", "applications", "replies", "interviews", "open_at_week_end"),
                {"open_at_week_end": "open at week end"},
                "Per week",
                hidden=True,  # drawn as the chart above; every week is in the workbook
            ),
            ReportTable(
                "while waiting",
                waiting,
                ("rate", "ci_low", "ci_high", "k", "n", "waiting_days"),
                {**_RATE_LABELS, "waiting_days": "days waiting"},
                "Applied while an interview was pending",
            ),
            ReportTable("pauses", gaps, None, {}, "Pauses of 10 days or more", max_rows=6),
        ),
    )


def _next(todo: pd.DataFrame | Exception) -> Section:
    if isinstance(todo, Exception):
        raise todo
    basis = todo.attrs.get("ghost_basis")
    text = ["What to do now, most urgent first; each reason names the facts it rests on."]
    if basis:
        text.append(f"Rule for 'mark as ghosted': {basis}.")
    if todo.empty:
        text.append("Nothing is due.")
    counts = todo["action"].value_counts() if len(todo) else pd.Series(dtype="int64")
    if len(counts):
        text.append("Due: " + ", ".join(f"{int(v)} x {k}" for k, v in counts.items()) + ".")
    return Section(
        "next",
        "Next steps",
        text=tuple(text),
        tables=(
            ReportTable(
                "actions",
                todo,
                ("due", "priority", "action", "company", "role", "reason"),
                {},
                "To do",
                max_rows=8,
            ),
        ),
    )


_FIGURES = re.compile(r"\d[\d,.:/-]*")


def problem_summary(entries: pd.DataFrame, *, max_lines: int = 6) -> pd.DataFrame:
    """The load report's entries as a few lines: one per kind of problem (its figures aside),
    the most frequent first, with how many cells and which columns; the rest in one line.

    Examples
    --------
    >>> e = pd.DataFrame({"kind": ["coerced"] * 3 + ["guessed"],
    ...     "problem": ["row 5 date typed as text", "row 9 date typed as text",
    ...                 "row 9 date typed as text", "currency assumed"],
    ...     "column": ["Date Applied", "Follow-up", "Date Applied", "Salary"]})
    >>> problem_summary(e).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'problem': ['row … date typed as text', 'currency assumed'], 'cells': [3, 1],
     'columns': ['Date Applied, Follow-up', 'Salary'], 'kind': ['coerced', 'guessed']}
    """
    columns = ["problem", "cells", "columns", "kind"]
    if entries.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c == "cells" else "str") for c in columns}
        )
    # The first clause of a problem names it; the rest are its details ("$ read as USD; ...").
    keyed = entries.assign(
        _p=entries["problem"].astype("str").map(lambda t: _FIGURES.sub("…", t.split(";")[0]))
    )
    rows = [
        {
            "problem": problem,
            "cells": len(group),
            "columns": ", ".join(
                str(c) for c in group["column"].dropna().astype("str").unique()[:4] if c != "None"
            )
            + (" …" if group["column"].nunique() > 4 else ""),
            "kind": str(group["kind"].iloc[0]),
        }
        for (problem, _), group in keyed.groupby(["_p", "kind"], sort=False, dropna=False)
    ]
    rows.sort(key=lambda r: -r["cells"])
    if len(rows) > max_lines:
        rest = rows[max_lines - 1 :]
        rows = [
            *rows[: max_lines - 1],
            {
                "problem": f"{len(rest)} other kinds of problem",
                "cells": sum(r["cells"] for r in rest),
                "columns": "",
                "kind": "",
            },
        ]
    return pd.DataFrame(rows, columns=columns).astype({"cells": "int64"})


def _quality(search: JobSearch) -> Section:
    report = search.report
    counts = {k: v for k, v in report.counts().items() if v}
    text = [
        f"{report.rows_read} rows read, {report.rows_kept} kept as applications, "
        f"{report.rows_dropped} not counted (blank, duplicate or placeholder rows).",
        (
            "Values changed or guessed while reading: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
            + ". The kinds of problem are below; the workbook lists every cell, so each can be "
            "checked in the tracker."
            if counts
            else "Every value was read as written: nothing was coerced, guessed or dropped."
        ),
    ]
    notes = []
    example = search.applications["company"].astype("object").eq(EXAMPLE_COMPANY)
    if example.any():
        notes.append(
            f"The template's example row is still in the tracker ({int(example.sum())} row): "
            "it is counted as an application. Overwrite or delete it."
        )
    failed = report.files[report.files["status"] == "failed"]
    for f in failed.itertuples():
        notes.append(f"{f.file} could not be read: {f.error}")
    by_field = (
        report.entries.groupby(["kind", "field"], dropna=False)
        .size()
        .rename("entries")
        .reset_index()
        if len(report.entries)
        else pd.DataFrame({"kind": [], "field": [], "entries": []})
    )
    summary = problem_summary(report.entries)
    return Section(
        "quality",
        "Data quality",
        text=tuple(text),
        notes=tuple(notes),
        tables=(
            ReportTable(
                "problems",
                summary,
                ("problem", "cells", "columns"),
                {"columns": "in the columns"},
                "What was changed, guessed or dropped, by kind",
                hidden=summary.empty,
            ),
            ReportTable("by kind", by_field, None, {}, "Entries by kind and field", hidden=True),
            ReportTable(
                "entries",
                report.entries,
                ("cell", "column", "field", "raw", "problem", "action", "kind"),
                {},
                "Every cell changed, guessed or dropped",
                hidden=True,
            ),
            ReportTable(
                "columns",
                report.mapping,
                ("cell", "source_column", "field", "how"),
                {"source_column": "column in the tracker"},
                "Which column fed which field",
                hidden=True,
            ),
            ReportTable(
                "sheets",
                report.sheets,
                ("sheet", "role", "header_row", "rows_read", "rows_kept", "rows_dropped"),
                {},
                "Sheets",
                hidden=True,
            ),
        ),
    )


# -- rendering ---------------------------------------------------------------------------------


def _cards(h: Mapping[str, Any]) -> list[dict[str, str]]:
    def card(label: str, value: str, sub: str) -> dict[str, str]:
        return {"label": label, "value": value, "sub": sub}

    still = f"{h['open']} still open" if h["open"] is not None else "outcomes unknown"
    parts = [card("Applications sent", str(h["sent"]), still)]
    for key, label in (("response", "Any reply"), ("interview", "Interview"), ("offer", "Offer")):
        r = h["rates"][key]
        if not r.get("n"):
            parts.append(card(label, "–", "no applications"))
        elif r.get("missing"):  # unknown is not zero
            parts.append(card(label, "unknown", r["missing"]))
        else:
            raw = r.get("so_far") or r
            by = f" by day {r['horizon_days']}" if r.get("horizon_days") is not None else ""
            parts.append(
                card(
                    label,
                    pct(r["rate"]) + by,
                    f"{pct(r['ci_low'])}–{pct(r['ci_high'])}; so far {raw['k']} of {raw['n']}",
                )
            )
    m = h["median_days"]
    if m["days"] is not None:
        high = "?" if m["ci_high"] is None else f"{m['ci_high']:.0f}"
        low = "?" if m["ci_low"] is None else f"{m['ci_low']:.0f}"
        parts.append(card("Median days to reply", f"{m['days']:.0f}", f"{low}–{high} days"))
    else:
        parts.append(card("Median days to reply", "–", m["note"] or "not enough replies"))
    g = h["ghosting_day"]
    parts.append(
        card(
            "Ghosting point",
            "–" if g is None else f"{g} days",
            "of silence" if g is not None else "not measurable yet",
        )
    )
    return parts


def _section_view(sec: Section) -> dict[str, Any]:
    """A section as the template shows it: one line when the tracker cannot fill it; else its
    tables as views (a part the tracker cannot fill as its one line), workbook-only tables
    left out."""
    if sec.missing:
        return {"key": sec.key, "title": sec.title, "missing": sec.missing, "text": (),
                "notes": (), "figures": (), "tables": []}  # fmt: skip
    tables = [
        {
            "title": t.caption or t.name,
            "missing": t.missing or ("" if len(t.frame) else "None."),
            "view": None
            if t.missing or t.frame.empty
            else table_view(
                t.display if t.display is not None else t.frame,
                columns=t.columns,
                # Words for headers: a column without a label reads with spaces, not "_".
                labels={str(c): str(c).replace("_", " ") for c in t.frame.columns} | dict(t.labels),
                max_rows=t.max_rows,
            ),
        }
        for t in sec.tables
        if not t.hidden and t.name not in _HIDDEN
    ]
    return {
        "key": sec.key,
        "title": sec.title,
        "missing": "",
        "text": sec.text,
        "notes": sec.notes,
        "figures": sec.figures,
        "tables": tables,
    }


#: Tables kept for the workbook but not shown in HTML (long, or drawn as a chart already).
_HIDDEN = frozenset({"reply curve"})


def report_meta(report: ClientReport) -> str:
    """The line under the heading: whose report (when the title does not say), the period the
    applications cover, the analysis date, the intervals' level.

    Examples
    --------
    >>> r = ClientReport("Spring review", "Ana", "2024-06-01", 0.95,
    ...     {"first_applied": "2024-01-08", "last_applied": "2024-04-26"}, ())
    >>> report_meta(r)
    'For Ana. Applications 8 Jan 2024 – 26 Apr 2024; analysed on 1 Jun 2024. Intervals are 95%.'
    """
    h = report.headline
    parts = []
    if report.client and report.client not in report.title:
        parts.append(f"For {report.client}.")
    period = period_text(h.get("first_applied"), h.get("last_applied"))
    dated = f"Applications {period}; analysed" if period not in report.title else "Analysed"
    parts.append(f"{dated} on {_day(report.today)}.")
    parts.append(f"Intervals are {report.level:.0%}.")
    if report.anonymized:
        parts.append("Anonymised: names, contacts and notes are replaced by pseudonyms.")
    return " ".join(parts)


def _render(report: ClientReport) -> str:
    return render(
        "client.html",
        title=report.title,
        meta=report_meta(report),
        toc=[(s.key, s.title) for s in report.sections],
        sections=[_section_view(s) for s in report.sections],
        cards=_cards(report.headline) if report.headline else [],
        footer=(
            "Made with jobsearch-analytics. Rates count sent applications only; time to a "
            "reply treats applications still waiting as censored; effects after the interview "
            "are associations, not causes."
        ),
    )
