"""The cohort view: clients side by side (rates with intervals, timing, activity), and which
trackers could not be read and why.

Built from each client's :attr:`ClientReport.headline <jobsearch_analytics.report.client.
ClientReport.headline>` (plain numbers), so it never reloads a file and its numbers are the ones
in the client reports.

Examples
--------
>>> ok = ClientOutcome("ana.xlsx", "ana", "ok", html="ana.html", headline={
...     "applications": 10, "sent": 9, "open": 3, "rates": {
...         o: {"n": 9, "k": k, "rate": k / 9, "ci_low": 0.0, "ci_high": 0.6, "small": True}
...         for o, k in (("response", 3), ("interview", 2), ("offer", 1))},
...     "median_days": {"days": 6.0, "ci_low": 3.0, "ci_high": None}, "ghosting_day": None,
...     "per_week": 2.2, "weeks": 4, "while_waiting": {"n": 9, "k": 1, "rate": 1 / 9,
...     "ci_low": 0.02, "ci_high": 0.4}, "actions": 2, "issues": {"coerced": 1}})
>>> bad = ClientOutcome("<b>.xlsx", "<b>", "failed", error="not a tracker")
>>> c = build_cohort([ok, bad], today="2024-06-01", charts=False)
>>> [str(c.table.loc[0, "client"]), int(c.table.loc[0, "response_k"])]
['ana', 3]
>>> "&lt;b&gt;.xlsx" in c.to_html() and "<b>.xlsx" not in c.to_html()
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from jobsearch_analytics.report._render import embed, pct, render, table_view

__all__ = [
    "ClientOutcome",
    "CohortReport",
    "build_cohort",
    "cohort_chart",
    "cohort_sheets",
    "write_cohort_xlsx",
]

#: ``map``-like: ``map_charts(cohort_chart, rows_per_chart, outcomes, levels)``.
ChartMap = Callable[..., Iterator[Any]]


@dataclass(frozen=True)
class ClientOutcome:
    """What happened to one client's tracker in a batch.

    ``source`` is the input as shown in outputs (its pseudonym when anonymised), ``status``
    ``'ok'`` or ``'failed'``, ``html`` / ``xlsx`` the report files written (names relative to the
    output folder), ``error`` why it failed, ``headline`` the client report's headline numbers.
    """

    source: str
    client: str
    status: str
    html: str | None = None
    xlsx: str | None = None
    error: str = ""
    seconds: float = 0.0
    headline: Mapping[str, Any] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class CohortReport:
    """Clients side by side: ``table`` (one row per client that loaded), ``failures`` (one row
    per tracker that did not), charts as inline SVG."""

    today: str
    level: float
    table: pd.DataFrame
    failures: pd.DataFrame
    figures: tuple[tuple[str, str], ...] = ()
    anonymized: bool = False
    #: This period against the one before, one row per client (empty without ``since``):
    #: ``client`` and per measure ``<measure>_this`` / ``<measure>_before``.
    progress: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: ``{'this': (start, end), 'before': (start, end)}`` (ISO) with ``since``.
    periods: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def to_html(self) -> str:
        """The cohort page (self-contained; links to each client's report file)."""
        return _render(self)

    def _repr_html_(self) -> str:
        # In an iframe: the page's own CSS must not restyle the notebook.
        return embed(self.to_html())


_OUTCOMES = ("response", "interview", "offer")


def _rate_table(rows: list[dict[str, Any]], outcome: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "client": [r["client"] for r in rows],
            **{
                c: [r[f"{outcome}_{c}"] for r in rows]
                for c in ("n", "k", "rate", "ci_low", "ci_high", "small")
            },
        }
    )
    frame["client"] = frame["client"].astype("str")
    frame = frame[frame["n"] > 0].reset_index(drop=True)
    for c in ("rate", "ci_low", "ci_high"):
        frame[c] = frame[c].astype("float64")
    frame["n"] = frame["n"].astype("int64")
    frame["k"] = frame["k"].astype("int64")
    frame["small"] = frame["small"].astype("bool")
    return frame


def build_cohort(
    outcomes: Iterable[ClientOutcome],
    *,
    today: str,
    level: float = 0.95,
    charts: bool = True,
    anonymized: bool = False,
    map_charts: ChartMap = map,
    since: str | None = None,
) -> CohortReport:
    """Put the clients of a batch side by side.

    Parameters
    ----------
    outcomes : iterable of ClientOutcome
        One per tracker, as returned by the batch runner.
    today : str
        The analysis date of the batch.
    level : float
        The confidence level the client reports used.
    charts : bool
        Draw the response and interview rates per client.
    anonymized : bool
        Say so in the heading.
    map_charts : callable
        How the charts (:func:`cohort_chart`, one per rate) are drawn: the built-in ``map``
        draws them here, one after the other; the batch passes its worker pool's ``map``, so
        they are drawn side by side in processes that have matplotlib loaded already.
    since : str, optional
        The first day of "this period" the client reports compared with the one before (their
        headlines carry the numbers); adds the comparison side by side.

    Returns
    -------
    CohortReport
    """
    ok = [o for o in outcomes if o.status == "ok" and o.headline is not None]
    failed = [o for o in outcomes if o.status != "ok" or o.headline is None]
    rows = [_cohort_row(o.client, o.html, o.headline) for o in ok]
    table = pd.DataFrame(rows)
    if len(table):
        for c in table.columns:
            if table[c].dtype == object and c in ("client", "report"):
                table[c] = table[c].astype("str")
    failures = pd.DataFrame(
        {
            "tracker": [o.source for o in failed],
            "error": [o.error for o in failed],
        },
        dtype="str",
    )
    figures: list[tuple[str, str]] = []
    if charts and rows:
        tables = [_rate_table(rows, o) for o in ("response", "interview")]
        drawn = map_charts(
            cohort_chart,
            [t for t in tables if len(t)],
            [o for o, t in zip(("response", "interview"), tables, strict=True) if len(t)],
            [level] * 2,
        )
        figures = list(drawn)
    progress, periods = _progress_table(ok) if since is not None else (pd.DataFrame(), {})
    return CohortReport(
        today=str(today),
        level=float(level),
        table=table,
        failures=failures,
        figures=tuple(figures),
        anonymized=anonymized,
        progress=progress,
        periods=periods,
    )


#: Progress measures on the cohort page, with their short labels.
_PROGRESS = {
    "applications sent": "sent",
    "first replies": "replies",
    "first interviews": "interviews",
    "offers": "offers",
    "median days to a reply": "median days to a reply",
}


def _progress_table(ok: list[ClientOutcome]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per client: each measure this period and the period before (None: unknown)."""
    rows, periods = [], {}
    for o in ok:
        progress = (o.headline or {}).get("progress")
        if not progress:
            continue
        periods = dict(progress["periods"])
        row: dict[str, Any] = {"client": o.client}
        for measure, short in _PROGRESS.items():
            this, before = progress["rows"].get(measure, (None, None))
            row[f"{short} this period"] = this
            row[f"{short} before"] = before
        rows.append(row)
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.astype("object").astype({"client": "str"})
    return frame, periods


def _cohort_row(client: str, html: str | None, h: Mapping[str, Any]) -> dict[str, Any]:
    """One client's row of the cohort table, flat, from its report's headline numbers."""
    row: dict[str, Any] = {
        "client": client,
        "report": html,
        "applications": h["applications"],
        "sent": h["sent"],
        "open": h["open"],
    }
    for name in _OUTCOMES:
        r = h["rates"][name]
        for c in ("n", "k", "rate", "ci_low", "ci_high", "small"):
            row[f"{name}_{c}"] = r.get(c)
    m = h["median_days"]
    row.update(
        median_days=m.get("days"),
        median_low=m.get("ci_low"),
        median_high=m.get("ci_high"),
        ghosting_day=h.get("ghosting_day"),
        per_week=h.get("per_week"),
        weeks=h.get("weeks"),
        while_waiting=h["while_waiting"].get("rate"),
        while_waiting_low=h["while_waiting"].get("ci_low"),
        while_waiting_high=h["while_waiting"].get("ci_high"),
        actions_due=h.get("actions"),
        data_issues=sum(v for k, v in h.get("issues", {}).items() if k != "info"),
    )
    return row


def cohort_chart(frame: pd.DataFrame, outcome: str, level: float) -> tuple[str, str]:
    """One cohort chart: ``outcome``'s rate per client with intervals, as ``(caption, svg)``.

    ``frame`` holds one row per client (``client`` and the rate columns); a top-level
    function of plain data, so a worker process can draw it.

    Examples
    --------
    >>> f = pd.DataFrame({"client": ["ana", "ben"], "n": [10, 8], "k": [3, 1],
    ...     "rate": [0.3, 0.125], "ci_low": [0.1, 0.02], "ci_high": [0.6, 0.47],
    ...     "small": [False, True]})
    >>> caption, svg = cohort_chart(f, "response", 0.95)
    >>> caption, svg.startswith("<svg"), "ana (n=10)" in svg
    ('Response rate per client, with 95% intervals.', True, True)
    """
    import matplotlib.pyplot as plt

    from jobsearch_analytics.plots import plot_rates
    from jobsearch_analytics.report._svg import figure_svg

    prefix = f"cohort{('response', 'interview', 'offer').index(outcome)}"
    before = set(plt.get_fignums())
    try:
        ax = plot_rates(frame, outcome=outcome, level=level)
        caption = f"{outcome.capitalize()} rate per client, with {level:.0%} intervals."
        return caption, figure_svg(ax.figure, prefix=prefix, label=caption)
    finally:
        for num in set(plt.get_fignums()) - before:
            plt.close(num)


def _count(x: Any) -> str:
    return "–" if x is None or pd.isna(x) else str(int(x))


def _range(x: Any, low: Any, high: Any, fmt: str = "{:.0f}") -> str:
    if x is None or pd.isna(x):
        return "–"
    lo = "?" if low is None or pd.isna(low) else fmt.format(low)
    hi = "?" if high is None or pd.isna(high) else fmt.format(high)
    return f"{fmt.format(x)} ({lo}–{hi})"


def _share(rate: Any, low: Any, high: Any, k: Any = None, n: Any = None) -> dict[str, Any]:
    return {"rate": pct(rate), "low": pct(low), "high": pct(high), "k": k, "n": n}


def _client_row(r: Mapping[str, Any]) -> dict[str, Any]:
    """One client's cells as display texts (the cohort template escapes and lays them out)."""
    rates = [
        _share(r[f"{o}_rate"], r[f"{o}_ci_low"], r[f"{o}_ci_high"], int(k), int(n))
        if (n := r[f"{o}_n"]) and not pd.isna(k := r[f"{o}_k"])
        else None  # no applications, or not in the tracker: a dash, never 0%
        for o in _OUTCOMES
    ]
    ghost = r.get("ghosting_day")
    per_week = r.get("per_week")
    return {
        "name": r["client"],
        "href": r.get("report") or None,
        "sent": int(r["sent"]),
        "open": "–" if r["open"] is None or pd.isna(r["open"]) else int(r["open"]),
        "rates": rates,
        "median": _range(r["median_days"], r["median_low"], r["median_high"]),
        "ghosting_day": "–" if ghost is None or pd.isna(ghost) else int(ghost),
        "per_week": "–" if per_week is None else f"{per_week:.1f}",
        "waiting": _share(r["while_waiting"], r["while_waiting_low"], r["while_waiting_high"]),
        "actions": _count(r["actions_due"]),
        "issues": int(r["data_issues"]),
    }


def _progress_cell(value: Any, median: bool) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "unknown"
    return f"{value:.0f}" if median else f"{int(value):,}"


def _progress_rows(c: CohortReport) -> list[dict[str, Any]]:
    """Per client, per measure: ``this`` and ``before`` as display texts."""
    href = dict(zip(c.table["client"], c.table["report"], strict=True)) if len(c.table) else {}
    out = []
    for r in c.progress.to_dict("records"):
        cells = [
            (
                _progress_cell(r[f"{short} this period"], short.startswith("median")),
                _progress_cell(r[f"{short} before"], short.startswith("median")),
            )
            for short in _PROGRESS.values()
        ]
        out.append({"name": r["client"], "href": href.get(r["client"]) or None, "cells": cells})
    return out


def _period(span: Any) -> str:
    from jobsearch_analytics.report.client import period_text

    return period_text(*span) if span else ""


def _render(c: CohortReport) -> str:
    meta = (
        f"As of {c.today}. {len(c.table)} clients, {len(c.failures)} trackers not read. "
        f"Intervals are {c.level:.0%}."
    )
    if c.anonymized:
        meta += " Anonymised: clients and names are replaced by pseudonyms."
    failures = table_view(c.failures, labels={"error": "why"}) if len(c.failures) else None
    return render(
        "cohort.html",
        title="Cohort report",
        meta=meta,
        toc=[("clients", "Clients")]
        + ([("progress", "Progress")] if c.periods else [])
        + [("failed", "Failures")],
        clients=[_client_row(r) for r in c.table.to_dict("records")],
        progress=_progress_rows(c) if c.periods else [],
        period_this=_period(c.periods.get("this")),
        period_before=_period(c.periods.get("before")),
        measures=list(_PROGRESS.values()),
        figures=c.figures,
        failures=failures,
        footer="Made with jobsearch-analytics. Each client's name links to their report.",
    )


def _clients_sheet_frame(table: pd.DataFrame, level: float) -> pd.DataFrame:
    """The cohort table with words for headers (``Any reply: 95% low``)."""
    p = f"{level:.0%}"
    names = {"client": "Client", "report": "Report file", "applications": "Applications",
             "sent": "Sent", "open": "Still open"}  # fmt: skip
    for o, label in (("response", "Any reply"), ("interview", "Interview"), ("offer", "Offer")):
        names |= {f"{o}_rate": f"{label}: rate", f"{o}_ci_low": f"{label}: {p} low",
                  f"{o}_ci_high": f"{label}: {p} high", f"{o}_k": f"{label}: k",
                  f"{o}_n": f"{label}: n", f"{o}_small": f"{label}: small group"}  # fmt: skip
    names |= {
        "median_days": "Median days to a reply",
        "median_low": f"Median days: {p} low",
        "median_high": f"Median days: {p} high",
        "ghosting_day": "Ghosting day",
        "per_week": "Applications a week",
        "weeks": "Weeks",
        "while_waiting": "Applied while an interview was pending",
        "while_waiting_low": f"Applied while pending: {p} low",
        "while_waiting_high": f"Applied while pending: {p} high",
        "actions_due": "To do",
        "data_issues": "Data issues",
    }
    return table.rename(columns=names)


def cohort_sheets(c: CohortReport) -> list[Any]:
    """The cohort workbook's sheets: clients side by side, progress (with ``since``), the
    trackers not read.

    Examples
    --------
    >>> c = build_cohort([], today="2024-06-01", charts=False)
    >>> [s.name for s in cohort_sheets(c)]
    ['Clients', 'Not read']
    """
    from jobsearch_analytics.io.writers import XlsxSheet, XlsxTable

    meta = f"Cohort report. As of {c.today}; intervals are {c.level:.0%}."
    frame = _clients_sheet_frame(c.table, c.level)
    formats = {}
    for col in frame.columns:
        if col.startswith("Median"):
            formats[col] = "0.0"
        elif ": rate" in col or col.endswith((" low", " high")) or col.startswith("Applied"):
            formats[col] = "0.0%"
    sheets = [XlsxSheet("Clients", (XlsxTable("Clients side by side", frame, formats),),
                        heading="Clients side by side", lines=(meta,))]  # fmt: skip
    if c.periods:
        this, before = _period(c.periods.get("this")), _period(c.periods.get("before"))
        progress = c.progress.rename(
            columns=lambda col: "Client" if col == "client" else (
                col[:1].upper() + col[1:].replace(" this period", f", this period ({this})")
                .replace(" before", f", period before ({before})"))
        )  # fmt: skip
        sheets.append(
            XlsxSheet(
                "Progress",
                (XlsxTable("This period and the one before", progress),),
                heading="This period and the one before",
                lines=(meta, "Empty cells are unknown: the tracker does not date those steps, "
                       "or fewer than half had heard back (median)."),
            )
        )  # fmt: skip
    failures = c.failures.rename(columns={"tracker": "Tracker", "error": "Why it was not read"})
    sheets.append(
        XlsxSheet("Not read", (XlsxTable("Trackers that could not be read", failures),),
                  heading="Trackers that could not be read", lines=(meta,))
    )  # fmt: skip
    return sheets


def write_cohort_xlsx(c: CohortReport, path: Any, *, inputs: Iterable[Any] = ()) -> Any:
    """Write the cohort as a workbook (``cohort.xlsx``): word headers, shares as percentages,
    values only; the document properties name no one (as the client workbooks).

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> c = build_cohort([], today="2024-06-01", charts=False)
    >>> p = write_cohort_xlsx(c, pathlib.Path(tempfile.mkdtemp()) / "cohort.xlsx")
    >>> openpyxl.load_workbook(p).sheetnames
    ['Clients', 'Not read']
    """
    import datetime as dt

    from jobsearch_analytics.io.writers import write_xlsx_sheets
    from jobsearch_analytics.report.export import XLSX_AUTHOR

    properties = {"title": "Cohort report", "author": XLSX_AUTHOR,
                  "created": dt.datetime.fromisoformat(c.today)}  # fmt: skip
    return write_xlsx_sheets(cohort_sheets(c), path, inputs=inputs, properties=properties)
