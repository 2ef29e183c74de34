"""What each dashboard tab shows, computed as plain data: HTML text, figures and the numbers.

One function per tab takes a :class:`~jobsearch_analytics.model.JobSearch` (already filtered)
and returns a :class:`Panel`: its parts (HTML strings and matplotlib figures, in display order)
and the headline numbers it shows, so tests check numbers, not pixels.
:func:`render_panel` turns a panel into notebook display outputs (HTML and SVG) once; the
dashboard caches those. Charts are SVG with text as text: about half the time of a PNG
(rasterising the text was most of a redraw), and sharp at any zoom. Figures are made with
:class:`matplotlib.figure.Figure`, never ``pyplot``, so the notebook's inline backend does
not show them a second time and no global figure list grows while someone clicks through
filters.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": list("abc"),
...     "stage": ["applied", "screen", "interview"], "outcome": "open",
...     "date_applied": ["2024-01-02", "2024-01-03", "2024-01-09"]}))
>>> p = overview_panel(s, today="2024-02-01")
>>> p.numbers["applications"], p.numbers["response"]["k"]
(3, 2)
>>> [o["output_type"] for o in render_panel(p)][:2]
['display_data', 'display_data']
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import jobsearch_analytics.metrics as m
from jobsearch_analytics import plots as jp
from jobsearch_analytics.conventions import OFFER_COLUMNS
from jobsearch_analytics.model import JobSearch, missing_text
from jobsearch_analytics.summary import summarize

__all__ = [
    "PANELS",
    "TAB_TITLES",
    "Panel",
    "after_interview_panel",
    "data_quality_panel",
    "next_steps_panel",
    "overview_panel",
    "render_panel",
    "salary_panel",
    "timing_panel",
]

_CSS = (
    "<style>.jsa-panel{font-family:system-ui,sans-serif;font-size:13px;max-width:58em;"
    "line-height:1.45}.jsa-panel h4{margin:.9em 0 .3em}.jsa-panel p{margin:.3em 0 .6em}"
    ".jsa-panel table{border-collapse:collapse;margin:.3em 0 .8em;font-size:12px}"
    ".jsa-panel td,.jsa-panel th{padding:.15em .6em;text-align:left;"
    "border-bottom:1px solid #ddd;vertical-align:top}.jsa-panel .muted{color:#666}"
    ".jsa-panel .todo{background:#f6f8fa;border-left:3px solid #4c72b0;padding:.3em .7em}"
    "</style>"
)

#: How large a chart is shown: pixels per inch of figure size.
DPI = 80


@dataclass(frozen=True)
class Panel:
    """The content of one tab: ``parts`` in display order (HTML text or a Figure) and the
    headline ``numbers`` it states, as plain data.

    Examples
    --------
    >>> Panel("Overview", ("<p>hi</p>",)).title
    'Overview'
    """

    title: str
    parts: tuple[str | Figure, ...]
    numbers: Mapping[str, Any] = field(default_factory=dict)


def _e(value: Any) -> str:
    return html.escape(str(value))


def _pct(x: Any) -> str:
    return "–" if x is None or pd.isna(x) else f"{x:.0%}"


def _rate_words(n: Any, k: Any, rate: Any, low: Any, high: Any) -> str:
    if not n:
        return "<span class='muted'>no data</span>"
    if k is None or pd.isna(k):  # the tracker cannot say: unknown, never 0
        return "<span class='muted'>unknown: not in your tracker</span>"
    return (
        f"<b>{_pct(rate)}</b> <span class='muted'>({_pct(low)}–{_pct(high)})</span>, "
        f"{int(k)} of {int(n)}"
    )


def _rate_table(table: pd.DataFrame, label: str, *, heading: str | None = None) -> str:
    """A rate table in words: group, rate with interval, k of n, and 'small' flags."""
    if table.empty:
        return "<p class='muted'>no data</p>"
    head = heading or label
    missing = table.attrs.get("missing")
    rows = [f"<p class='muted'>Unknown: {_e(missing)}.</p>"] if missing else []
    rows += [f"<table><tr><th>{_e(head)}</th><th>rate (interval)</th><th></th></tr>"]
    for r in table.to_dict("records"):
        small = " <span class='muted'>small group</span>" if r.get("small") and r["n"] else ""
        rows.append(
            f"<tr><td>{_e(r[label])}</td>"
            f"<td>{_rate_words(r['n'], r['k'], r['rate'], r['ci_low'], r['ci_high'])}</td>"
            f"<td>{small}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _table(frame: pd.DataFrame, *, max_rows: int = 30) -> str:
    if frame.empty:
        return "<p class='muted'>nothing to list</p>"
    shown = frame.head(max_rows).astype("object").where(frame.head(max_rows).notna(), "")
    more = f"<p class='muted'>and {len(frame) - max_rows} more</p>" if len(frame) > max_rows else ""
    return shown.to_html(index=False, escape=True, border=0) + more


def _figure(width: float = 7.0, height: float = 4.0) -> tuple[Figure, Any]:
    # Not a pyplot figure (nothing to close). No layout engine: each panel fits the margins
    # once its chart is drawn (_fitted).
    fig = Figure(figsize=(width, height), dpi=DPI)
    return fig, fig.subplots()


def _fitted(*figures: Figure) -> tuple[Figure, ...]:
    """The figures with their margins fitted to their labels (``plots.fit_layout``)."""
    return tuple(jp.fit_layout(fig) for fig in figures)


def _median_reply_day(curve: pd.DataFrame) -> float | None:
    """The median day of the replies received (not the Kaplan-Meier median, which also counts
    those still waiting), read from the curve's replies per day (``events``): the same number
    as the median of the observed durations, without computing them a second time."""
    if curve.empty:
        return None
    days = curve["day"].to_numpy(dtype="float64")
    events = np.rint(curve["events"].to_numpy(dtype="float64")).astype("int64")
    if events.sum() == 0:
        return None
    return float(np.median(np.repeat(days, events)))


def _wrap(*parts: str) -> str:
    return _CSS + "<div class='jsa-panel'>" + "".join(parts) + "</div>"


# -- tabs ----------------------------------------------------------------------------------------


def overview_panel(search: JobSearch, *, today: Any = None) -> Panel:
    """Overview: the summary (rates with intervals and n, by source) and the funnel.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["offer"]}))
    >>> overview_panel(s, today="2024-01-01").numbers["funnel"]["offer"]
    1
    """
    summary = summarize(search, today=today, extras=False)
    # stages the tracker cannot show (no status column) are unknown: not drawn as 0 bars
    funnel = m.funnel(search, today=today)
    funnel = funnel[funnel["n_reached"].notna()].reset_index(drop=True)
    # One chart only: each PNG costs ~80 ms to lay out and encode, and this tab is the one
    # shown after every filter change (the weekly activity chart lives under Next steps).
    fig, ax = _figure(7.0, 3.6)
    jp.plot_funnel(funnel, ax=ax)
    text = _wrap(
        f"<p class='jsa-overview-count'><b>{summary.applications}</b> applications in this "
        "view.</p>",
        summary.to_html(),
        "<p class='muted'>Each rate counts applications that were sent (saved jobs are left "
        "out); the interval is where the true rate plausibly lies given so few applications. "
        "Groups marked small have too few applications to compare.</p>",
    )
    return Panel(
        "Overview",
        (text, *_fitted(fig)),
        {
            "applications": summary.applications,
            **{k: summary.rates.get(k, {}) for k in ("response", "interview", "offer")},
            "funnel": dict(
                zip(
                    funnel["stage"].astype(str),
                    funnel["n_reached"].astype("int64"),
                    strict=True,
                )
            ),
        },
    )


def timing_panel(search: JobSearch, *, today: Any = None) -> Panel:
    """Timing: time to a reply (Kaplan-Meier), the chance of a reply by day 7/14/30, and the
    ghosting point, with what to do about them.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "stage": "applied",
    ...                   "date_applied": "2024-03-01"}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-03-05"], "date_known": True,
    ...                   "kind": ["response"]}))
    >>> timing_panel(s, today="2024-04-01").numbers["replies"]
    1
    """
    facts = m.facts(search, today=today)  # shared by the metrics below
    med = m.median_time(search, facts=facts).iloc[0]
    by_day = m.reply_by_day(search, facts=facts)
    curve = m.time_to_response(search, facts=facts)
    ghost_curve = m.ghosting_curve(search, facts=facts)
    ghost = m.ghosting_day(search, facts=facts)
    half_of_replies = _median_reply_day(curve)

    n, replies = int(med["n"]), int(med["events"])
    if pd.notna(med["median_days"]):
        low = "?" if pd.isna(med["ci_low"]) else f"{med['ci_low']:.0f}"
        high = "not reached" if pd.isna(med["ci_high"]) else f"{med['ci_high']:.0f}"
        median_text = (
            f"Half of your applications had a reply after <b>{med['median_days']:.0f} days</b> "
            f"<span class='muted'>(interval {low}–{high})</span>."
        )
    else:
        median_text = f"No median time to a reply: {_e(med['note'])}."
    within = "; ".join(
        f"{int(r['day'])} days: {_pct(r['p'])} "
        f"<span class='muted'>({_pct(r['ci_low'])}–{_pct(r['ci_high'])})</span>"
        for r in by_day.to_dict("records")
    )
    todo = (
        f"Half of the replies you did get came within <b>{half_of_replies:.0f} days</b>: after "
        "that long without news, one short follow-up is reasonable. "
        if half_of_replies is not None
        else "No replies yet, so no data-based moment to follow up. "
    )
    if ghost.day is not None and ghost.plateau_reliable:
        todo += (
            f"After <b>{ghost.day} days</b> of silence a reply is unlikely: mark those "
            "applications ghosted and put the energy into new ones."
        )
    elif ghost.day is not None:
        todo += (
            f"The ghosting point ({ghost.day} days) is <b>not reliable</b> yet: the next steps "
            "use a conservative rule instead."
        )
    counted = (
        f"<p>{n} applications timed, {replies} replies, {n - replies} still waiting "
        "(counted until today, not as 'never').</p>"
    )
    if not search.holds("reply"):  # unknown, not "0 replies"
        replies = None
        counted = f"<p>Replies: unknown — {_e(missing_text('reply'))}.</p>"
        todo = "Which applications got a reply is not in your tracker, so no advice from it."
    text = _wrap(
        counted,
        f"<p>{median_text}</p>",
        f"<p>Chance of a reply within {within}.</p>",
        f"<p class='muted'>Ghosting: {_e(ghost.basis)}.</p>",
        f"<p class='todo'>{todo}</p>",
    )
    figures: tuple[Figure, ...] = ()
    if search.holds("reply"):  # no curve of replies a tracker cannot show
        fig, ax = _figure(7.0, 3.8)
        jp.plot_survival(curve, ax=ax)
        fig2, ax2 = _figure(7.0, 3.4)
        jp.plot_ghosting(ghost_curve, ax=ax2, ghosting=ghost)
        figures = (fig, fig2)
    return Panel(
        "Timing",
        (text, *_fitted(*figures)),
        {
            "n": n,
            "replies": replies,
            "median_days": None if pd.isna(med["median_days"]) else float(med["median_days"]),
            "ghosting_day": ghost.day,
            "half_of_replies_days": half_of_replies,
        },
    )


def after_interview_panel(search: JobSearch, *, today: Any = None) -> Panel:
    """After the interview: thank-you notes, asking about next steps, follow-ups by channel,
    feedback and skill gaps, each against what happened next, with the caveat.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"]}))
    >>> after_interview_panel(s, today="2024-01-01").numbers["interviews"]
    0
    """
    facts = m.facts(search, today=today)  # shared by the metrics below
    thank_you = m.thank_you_effect(search, facts=facts)
    asked = m.next_steps_effect(search, facts=facts)
    follow = m.follow_up_effect(search, by="channel", facts=facts)
    feedback = m.feedback_summary(search, facts=facts)
    gaps = m.skill_gaps(search)
    n_interviews = int(thank_you["n"].sum())
    follow_labels = [
        f"day {d}: {g}" for d, g in zip(follow["landmark"], follow["group"], strict=True)
    ]
    text = _wrap(
        f"<p><b>{n_interviews}</b> decided interviews. "
        f"<b>{_e(thank_you.attrs.get('interpretation', ''))}</b></p>",
        "<h4>Thank-you note, by delay: share reaching the next round</h4>",
        _rate_table(thank_you, "bucket", heading="thank-you"),
        "<h4>Asked about next steps</h4>",
        _rate_table(asked, "bucket", heading="next steps"),
        "<h4>Follow-ups by channel: share with a reply afterwards</h4>",
        _rate_table(
            follow.assign(label=follow_labels),
            "label",
            heading="group",
        ),
        "<h4>Feedback after a rejection</h4>",
        _rate_table(feedback, "measure"),
        "<h4>Skill gaps you noted</h4>",
        _table(gaps, max_rows=10),
        "<p class='todo'>Send a short thank-you within a day of each interview and ask about "
        "next steps; these cost little. Where a group is small, its interval is wide: "
        "keep recording before drawing conclusions.</p>",
    )
    fig, ax = _figure(7.0, 3.2)
    jp.plot_thank_you(thank_you, ax=ax)
    fig2, ax2 = _figure(7.0, 4.2)
    jp.plot_follow_up(follow, ax=ax2)
    return Panel(
        "After the interview",
        (text, *_fitted(fig, fig2)),
        {
            "interviews": n_interviews,
            "thank_you": thank_you[["bucket", "n", "k"]].to_dict("records"),
            "follow_up": follow[["landmark", "group", "n", "k"]].to_dict("records"),
        },
    )


def salary_panel(search: JobSearch, *, today: Any = None) -> Panel:
    """Salary: posted ranges (annualised), a target and walk-away figure, offers against the
    posted ranges, and negotiation.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"]}))
    >>> salary_panel(s).numbers["postings"]
    0
    """
    del today  # salaries do not depend on the analysis date; kept for a uniform signature
    posted = m.posted_salary(search)
    target = m.salary_target(search)
    offers = m.offers_vs_posted(search)
    nego = m.negotiation(search)
    n_posts = int(posted["n"].sum()) if len(posted) else 0
    if target.target is not None and pd.notna(target.target):
        target_text = (
            f"Aim for about <b>{target.target:,.0f} {_e(target.currency)}</b>; the walk-away "
            f"figure is {target.walk_away:,.0f}. <span class='muted'>{_e(target.basis)}</span>"
        )
    else:
        target_text = f"No target yet: {_e(target.basis)}"
    offer_cols = [c for c in OFFER_COLUMNS if c in offers]
    text = _wrap(
        f"<p>{n_posts} postings with a salary, annualised (hourly × 2080, monthly × 12).</p>",
        f"<p class='todo'>{target_text}</p>",
        "<h4>Offers against the posted range</h4>",
        _table(offers[offer_cols]),
        "<h4>Negotiation</h4>",
        _table(nego),
    )
    fig, ax = _figure(7.0, 5.0)
    jp.plot_salary_ranges(posted if len(posted) else target.rows, ax=ax, max_rows=15)
    return Panel(
        "Salary",
        (text, *_fitted(fig)),
        {
            "postings": n_posts,
            "offers": len(offers),
            "target": None if target.target is None else float(target.target),
        },
    )


def next_steps_panel(search: JobSearch, *, today: Any = None) -> Panel:
    """Next steps: the to-do list (thank-you notes, follow-ups, ghosted, feedback, salary).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "company": ["Acme"],
    ...     "stage": ["applied"], "outcome": ["open"], "date_applied": ["2024-03-01"]}))
    >>> next_steps_panel(s, today="2024-03-12").numbers["by_action"]
    {'follow up': 1}
    """
    facts = m.facts(search, today=today)  # shared by the metrics below
    todo = m.next_steps(search, facts=facts)
    counts = todo["action"].value_counts()
    by_action = {str(k): int(v) for k, v in counts.items()}
    listing = todo[["due", "priority", "action", "company", "role", "reason"]].assign(
        due=todo["due"].dt.strftime("%Y-%m-%d")
    )
    summary = ", ".join(f"{v} × {_e(k)}" for k, v in by_action.items()) or "nothing due"
    waiting = m.applying_while_waiting(search, facts=facts).iloc[0]
    weekly = m.weekly_activity(search, facts=facts)
    waited = _rate_words(*(waiting[c] for c in ("n", "k", "rate", "ci_low", "ci_high")))
    text = _wrap(
        f"<p><b>{len(todo)}</b> suggested actions: {summary}.</p>",
        "<p class='muted'>Oldest due first. Thank-you notes and follow-ups are timely; "
        "'mark as ghosted' only tidies the tracker so the numbers stay honest.</p>",
        _table(listing, max_rows=40),
        "<h4>Still applying while you wait?</h4>",
        "<p>Applications sent while an interview elsewhere was waiting for a decision: "
        f"{waited} "
        f"<span class='muted'>({int(waiting['waiting_days'])} days had an interview "
        "pending)</span>. Keep applying while you wait: an interview is not an offer, and "
        "a pipeline that keeps filling protects you from a silent month.</p>",
    )
    fig, ax = _figure(7.0, 3.4)
    jp.plot_activity(weekly, ax=ax, gaps=m.activity_gaps(search))
    return Panel(
        "Next steps",
        (text, *_fitted(fig)),
        {"actions": len(todo), "by_action": by_action, "weeks": len(weekly)},
    )


def data_quality_panel(search: JobSearch, *, today: Any = None) -> Panel:
    """Data quality: the load report (rows read, kept, dropped; every value coerced, guessed
    or dropped, with its cell). It describes the file, so filters do not change it.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"]}))
    >>> data_quality_panel(s).numbers["entries"]
    0
    """
    del today
    report = search.report
    counts = {k: v for k, v in report.counts().items() if v}
    by_problem = (
        report.entries.groupby(["kind", "problem"], sort=False)
        .size()
        .rename("cells")
        .reset_index()
        .sort_values("cells", ascending=False, kind="stable")
    )
    text = _wrap(
        f"<p>{report.rows_read} rows read, {report.rows_kept} kept, {report.rows_dropped} "
        f"dropped; {len(report.entries)} values noted"
        + (": " + ", ".join(f"{v} {_e(k)}" for k, v in counts.items()) if counts else "")
        + ".</p>",
        "<p class='todo'>Check the 'guessed' entries first: each names its cell. If a column "
        "was mapped wrongly, load again with <code>columns={...}</code>; if dates are "
        "day-first, with <code>dayfirst=True</code> (see notebook 02).</p>",
        "<h4>What was changed, by problem</h4>",
        _table(by_problem, max_rows=25),
        report._repr_html_(),
    )
    return Panel(
        "Data quality",
        (text,),
        {
            "rows_read": report.rows_read,
            "rows_kept": report.rows_kept,
            "entries": len(report.entries),
        },
    )


PanelFn = Callable[..., Panel]

#: Tab title -> panel function, in tab order.
PANELS: Mapping[str, PanelFn] = {
    "Overview": overview_panel,
    "Timing": timing_panel,
    "After the interview": after_interview_panel,
    "Salary": salary_panel,
    "Next steps": next_steps_panel,
    "Data quality": data_quality_panel,
}

#: Tab titles, in order.
TAB_TITLES: tuple[str, ...] = tuple(PANELS)


_SIZE = re.compile(r'(<svg[^>]*?)width="([\d.]+)pt" height="([\d.]+)pt"')


def _svg(fig: Figure) -> str:
    # Deterministic ids (a fixed salt): the same panel gives the same output, and each chart
    # is its own document in the notebook, so ids cannot clash between charts.
    svg = jp.to_svg(fig, salt="jsa")

    # Shown at DPI pixels per inch of figure, as the PNG charts were (the viewBox scales).
    def size(m: re.Match[str]) -> str:
        w, h = (float(v) / 72 * DPI for v in m.group(2, 3))
        return f'{m.group(1)}width="{w:.0f}px" height="{h:.0f}px"'

    return _SIZE.sub(size, svg, count=1)


def render_panel(panel: Panel) -> tuple[dict[str, Any], ...]:
    """The panel as notebook display outputs (``text/html`` or ``image/svg+xml``), ready for an
    ``ipywidgets.Output``.

    Examples
    --------
    >>> out = render_panel(Panel("x", ("<b>hi</b>",)))
    >>> out[0]["data"]["text/html"]
    '<b>hi</b>'
    """
    outputs: list[dict[str, Any]] = []
    for part in panel.parts:
        if isinstance(part, Figure):
            title = part.axes[0].get_title() if part.axes else ""
            data = {"image/svg+xml": _svg(part), "text/plain": f"<chart: {title or panel.title}>"}
        else:
            data = {"text/html": part, "text/plain": panel.title}
        outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
    return tuple(outputs)
