"""The ipywidgets dashboard: upload a tracker, filter it, and read six tabs.

The callbacks are thin: they read widget values into a
:class:`~jobsearch_analytics.widgets.filters.FilterState`, and the tab contents come from the
plain functions in :mod:`jobsearch_analytics.widgets.panels`. Rendered tabs are cached by
(search, tab, filter state, analysis date); a filter change redraws only the visible tab, and
the others are marked stale and redraw when they are shown. The Data quality tab describes the
file, so neither a filter nor the date makes it stale.

The analysis date is a date picker (*As of*, default the real today) beside the tracker's
last entry, with a note when the two are far apart. Given a file (a path or an upload) rather
than a loaded search, the Data quality tab can remap a column (a dropdown of the file's
columns, one of fields) and read the file again.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
...     "source": ["LinkedIn", "Indeed"], "stage": "applied", "outcome": "open",
...     "date_applied": ["2024-01-02", "2024-01-03"]}))
>>> d = Dashboard(s, today="2024-02-01")
>>> d.set_filter(source="Indeed")
>>> len(d.filtered()), d.redraws["Overview"], "Overview" in d.stale, len(d.stale)
(1, 2, False, 5)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import tempfile
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from jobsearch_analytics.io.columns import FIELDS
from jobsearch_analytics.io.load import load
from jobsearch_analytics.io.mapping import save_mapping
from jobsearch_analytics.io.report import LoadError, correction_problems
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.widgets.filters import (
    REFERRAL_CHOICES,
    FilterState,
    describe_filter,
    filter_options,
    filter_search,
)
from jobsearch_analytics.widgets.notebook import analysis_date, as_of
from jobsearch_analytics.widgets.panels import PANELS, TAB_TITLES, render_panel

__all__ = ["ACCEPT", "DASHBOARD_HINT", "Dashboard", "as_of_date", "dashboard", "load_upload"]

#: File types the upload button offers (the loader recognises files by content anyway).
ACCEPT = ".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.xml"

#: Tabs whose content does not depend on the filters.
_UNFILTERED = frozenset({"Data quality"})

_ALL = ""  # dropdown value meaning "no filter" (None is not a safe option value)
_KEEP = "(keep as it is)"  # remap choice: the column is kept under its own header

#: What the dashboard says instead of a loader hint naming ``sheet=`` / ``columns=``, which a
#: dashboard user cannot pass.
DASHBOARD_HINT = (
    "the dashboard cannot choose a sheet or name the columns of a file it could not read: "
    "copy the sheet that holds your applications into a workbook of its own, with one header "
    "row naming columns such as Company and Date Applied, and load that (in a notebook: "
    "jsa.load(path, sheet=..., columns=...))"
)


def load_upload(name: str, content: bytes, **options: Any) -> JobSearch:
    """Load an uploaded file: write it to a private temporary folder and call ``load``.

    The file keeps its name so that the load report and error messages name what the person
    uploaded. Raises :class:`~jobsearch_analytics.io.report.LoadError` as ``load`` does.

    Examples
    --------
    >>> s = load_upload("mine.csv", b"Company,Date Applied,Status\\nAcme,2024-03-01,Applied\\n")
    >>> len(s), s.applications.loc[0, "source_file"]
    (1, 'mine.csv')
    """
    safe = Path(name).name or "upload"
    with tempfile.TemporaryDirectory(prefix="jsa-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(bytes(content))
        return load(path, **options)


def _load_error_text(name: str, exc: LoadError) -> str:
    """A load error as the dashboard says it: its advice is one the dashboard user can follow.

    Examples
    --------
    >>> e = LoadError("no sheet looks like a tracker", file="t.xlsx",
    ...               hint="pass sheet= and columns= to say which")
    >>> "sheet=" in _load_error_text("t.xlsx", e).split("What to do")[1].split("in a notebook")[0]
    False
    """
    if exc.hint and ("sheet=" in exc.hint or "columns=" in exc.hint):
        exc = LoadError(
            exc.problem,
            file=exc.file,
            sheet=exc.sheet,
            cell=exc.cell,
            expected=exc.expected,
            hint=DASHBOARD_HINT,
        )
    return f"Could not load {name}: {exc}"


def _message(text: str, *, error: bool = False) -> str:
    color = "#a4262c" if error else "#555"
    return f"<div style='color:{color};padding:.2em 0'>{html.escape(text)}</div>"


class Dashboard(w.VBox):
    """The dashboard widget (a ``VBox``); :func:`dashboard` makes one.

    Parameters
    ----------
    search : JobSearch or path-like, optional
        A loaded search, or a tracker file to load (then the Data quality tab can remap its
        columns); without one the dashboard waits for an upload.
    today : date-like, optional
        The analysis date (censoring date for pending applications); default the real today.
        The *As of* date picker changes it.
    columns, dayfirst : optional
        Passed to ``load`` when the dashboard reads a file (a path, an upload or a reload).
    cache_size : int
        How many rendered tabs to keep, so going back to an earlier filter is instant.

    Attributes
    ----------
    search : JobSearch or None
        The whole loaded search (before filters).
    tabs : ipywidgets.Tab
        One ``Output`` per tab, titled as :data:`~jobsearch_analytics.widgets.panels.TAB_TITLES`.
    outputs : dict
        Tab title -> its ``ipywidgets.Output``.
    redraws, computes : collections.Counter
        How many times each tab's output was replaced / its panel computed (a cache hit
        redraws without computing).
    errors : dict
        Tab title -> the exception that stopped it, for tabs showing an error message.
    """

    def __init__(
        self,
        search: JobSearch | str | os.PathLike[str] | None = None,
        *,
        today: Any = None,
        columns: Mapping[str, str | None] | None = None,
        dayfirst: bool | None = None,
        cache_size: int = 32,
    ) -> None:
        self.search: JobSearch | None = None
        self.columns: dict[str, str | None] = dict(columns or {})
        self.dayfirst = dayfirst
        self._source: tuple[str, bytes] | Path | None = None
        self._fields: list[tuple[str, str | None]] = []  # the file's columns and their fields
        self.redraws: Counter[str] = Counter()
        self.computes: Counter[str] = Counter()
        self.errors: dict[str, BaseException] = {}
        self._cache: OrderedDict[tuple[Any, ...], tuple[dict[str, Any], ...]] = OrderedDict()
        self._cache_size = cache_size
        self._drawn: dict[str, tuple[Any, ...]] = {}
        self._generation = 0
        self._holding = False
        self._filtered: tuple[FilterState, JobSearch] | None = None

        self.upload = w.FileUpload(
            accept=ACCEPT, multiple=False, description="Load tracker", icon="upload"
        )
        self.message = w.HTML(_message("Upload a tracker (xlsx, ods or csv) to begin."))
        self.message.add_class("jsa-message")
        narrow = {"description_width": "initial"}
        self.start = w.DatePicker(description="Applied from", style=narrow)
        self.end = w.DatePicker(description="to", style=narrow)
        self.source = w.Dropdown(
            description="Source", options=[("All sources", _ALL)], style=narrow
        )
        self.source.add_class("jsa-source")
        self.role = w.Text(
            description="Role",
            placeholder="text in the job title",
            continuous_update=False,
            style=narrow,
        )
        self.role.add_class("jsa-role")
        self.referral = w.Dropdown(
            description="Referral",
            options=[(c.capitalize(), c) for c in REFERRAL_CHOICES],
            value="any",
            style=narrow,
            layout=w.Layout(width="13em"),
        )
        self.client = w.Dropdown(
            description="Client", options=[("All clients", _ALL)], style=narrow
        )
        self.reset = w.Button(description="Reset filters", icon="undo")
        self.asof = w.DatePicker(
            description="As of",
            value=as_of_date(today),
            style=narrow,
            layout=w.Layout(width="15em"),
        )
        self.asof.add_class("jsa-asof")
        self.last = w.HTML()  # the tracker's last entry, beside the picker
        self.last.add_class("jsa-last")
        self.asof_note = w.HTML()  # below them, when the two dates are far apart
        self.asof_note.add_class("jsa-asof-note")
        self.count = w.HTML()
        self.count.add_class("jsa-count")
        self.outputs: dict[str, w.Output] = {t: w.Output() for t in TAB_TITLES}
        remap = self._remap_box(narrow)
        children = [self.outputs[t] for t in TAB_TITLES]
        quality = TAB_TITLES.index("Data quality")
        children[quality] = w.VBox([remap, self.outputs["Data quality"]])
        self.tabs = w.Tab(children=children, titles=TAB_TITLES)

        for box in (self.start, self.end, self.source, self.role, self.referral, self.client):
            box.observe(self._on_filter, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.upload.observe(self._on_upload, names="value")
        self.reset.on_click(lambda _: self.set_filter())
        self.asof.observe(self._on_today, names="value")
        self.remap_column.observe(self._on_remap_column, names="value")
        self.reload.on_click(lambda _: self.remap(self.remap_column.value, self.remap_field.value))

        filters = w.HBox(
            [self.start, self.end, self.source, self.role, self.referral, self.client, self.reset],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        top = w.HBox(
            [w.HTML("<b style='font-size:15px'>Job search</b>"), self.upload, self.message],
            layout=w.Layout(align_items="center"),
        )
        when = w.HBox([self.asof, self.last], layout=w.Layout(align_items="center"))
        super().__init__([top, when, self.asof_note, filters, self.count, self.tabs])
        self.add_class("jsa-dashboard")
        self._enable(False)
        if isinstance(search, JobSearch):
            self.set_search(search)
        elif search is not None:
            self.load_path(search)

    def _remap_box(self, style: dict[str, str]) -> w.VBox:
        """The Data quality tab's remapping row: a column of the file, a field, Reload."""
        self.remap_column = w.Dropdown(description="Column", options=[], style=style)
        self.remap_column.add_class("jsa-remap-column")
        self.remap_field = w.Dropdown(
            description="read as", options=[_KEEP, *sorted(FIELDS)], value=_KEEP, style=style
        )
        self.remap_field.add_class("jsa-remap-field")
        self.reload = w.Button(
            description="Reload with this", icon="refresh", layout=w.Layout(width="auto")
        )
        self.reload.add_class("jsa-reload")
        self.remember = w.Button(
            description="Remember for this file",
            icon="save",
            layout=w.Layout(width="auto"),
            tooltip="save the corrections: the notebooks, the command line and the next "
            "upload of this file read it the same way",
        )
        self.remember.add_class("jsa-remember")
        self.remember.on_click(lambda _: self.save_corrections())
        self.remap_note = w.HTML()
        box = w.VBox(
            [
                w.HTML(
                    "<b>A column read wrongly?</b> Choose it and the field it holds, then reload."
                ),
                w.HBox(
                    [self.remap_column, self.remap_field, self.reload, self.remember],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.remap_note,
            ]
        )
        box.add_class("jsa-remap")
        return box

    # -- state ------------------------------------------------------------------------------

    @property
    def state(self) -> FilterState:
        """The current filters, read from the widgets."""
        return FilterState(
            start=self.start.value,
            end=self.end.value,
            source=self.source.value or None,
            role=self.role.value,
            referral=self.referral.value,
            client=self.client.value or None,
        )

    @property
    def today(self) -> dt.date:
        """The analysis date (the *As of* picker; the real today when it is cleared)."""
        return self.asof.value or dt.date.today()

    @property
    def visible(self) -> str:
        """Title of the tab being shown."""
        return TAB_TITLES[self.tabs.selected_index or 0]

    @property
    def stale(self) -> frozenset[str]:
        """Tabs whose output does not match the current search and filters."""
        if self.search is None:
            return frozenset()
        return frozenset(t for t in TAB_TITLES if self._drawn.get(t) != self._key(t))

    def filtered(self) -> JobSearch:
        """The search as the current filters leave it."""
        if self.search is None:
            raise ValueError("no tracker loaded yet: upload one or pass a JobSearch")
        state = self.state
        if self._filtered is None or self._filtered[0] != state:
            self._filtered = (state, filter_search(self.search, state))
        return self._filtered[1]

    def _key(self, tab: str) -> tuple[Any, ...]:
        if tab in _UNFILTERED:
            return (self._generation, tab, None, None)
        return (self._generation, tab, self.state, self.today)

    # -- actions ----------------------------------------------------------------------------

    def set_search(self, search: JobSearch) -> None:
        """Show a new search: filters are rebuilt from it and reset, every tab goes stale."""
        self.search = search
        self._generation += 1
        self._filtered = None
        self._drawn.clear()
        self.errors.clear()
        options = filter_options(search)
        with self._hold():
            total = sum(n for _, n in options.sources)
            self.source.options = [(f"All sources ({total})", _ALL)] + [
                (f"{s} ({n})", s) for s, n in options.sources
            ]
            self.client.options = [("All clients", _ALL)] + [
                (f"{c} ({n})", c) for c, n in options.clients
            ]
            self.client.layout.display = None if len(options.clients) > 1 else "none"
            self._reset_values()
        self._enable(True)
        files = ", ".join(search.report.files["file"].astype(str).tolist()[:3])
        self.message.value = _message(
            f"{len(search)} applications" + (f" from {files}" if files else "")
        )
        self._show_remap(search)
        self._show_today()
        self._refresh()

    def set_today(self, value: Any) -> None:
        """Set the analysis date (a date, ``YYYY-MM-DD`` text, or None for the real today)."""
        self.asof.value = as_of_date(value)

    def load_path(self, path: str | os.PathLike[str]) -> bool:
        """Load a tracker file (kept, so that a column can be remapped and the file read
        again); on a LoadError keep the current search and show the message."""
        source = Path(path)
        return self._load(source.name, source)

    def remap(self, column: str, field: str | None) -> bool:
        """Read the file again with ``column`` mapped to ``field`` (None or ``'(keep as it
        is)'`` keeps it under its own header). Returns True when the file was read again."""
        if self._source is None:
            self.remap_note.value = _message(_NO_SOURCE, error=True)
            return False
        headers = {v for _, v in self.remap_column.options}
        if column not in headers:
            raise ValueError(
                f"column {column!r} is not in this file; choose one of {sorted(headers)}"
            )
        if field not in (None, _KEEP) and field not in FIELDS:
            raise ValueError(f"{field!r} is not a field; choose one of {sorted(FIELDS)}")
        before = dict(self.columns)
        self.columns[column] = None if field in (None, _KEEP) else field
        name = self._source[0] if isinstance(self._source, tuple) else self._source.name
        if not self._load(name, self._source):
            self.columns = before
            return False
        target = self.columns[column] or "kept as it is"
        self.remap_note.value = _message(f"Read again with {column!r} as {target}.")
        return True

    def save_corrections(self) -> list[Path]:
        """Save the corrections made here (:attr:`columns`, ``dayfirst``) for the file shown,
        so that every later load of it -- the next upload, the notebooks, the command line --
        reads it the same way (:func:`jobsearch_analytics.io.mapping.save_mapping`). Returns
        the mapping files written (for an upload, the per-user copy only)."""
        if self._source is None:
            self.remap_note.value = _message(_NO_SOURCE, error=True)
            return []
        if not self.columns and self.dayfirst is None:
            self.remap_note.value = _message(
                "Nothing to remember yet: remap a column above first.", error=True
            )
            return []
        try:
            if isinstance(self._source, Path):
                written = save_mapping(self._source, self.columns, dayfirst=self.dayfirst)
            else:
                name, content = self._source
                with tempfile.TemporaryDirectory(prefix="jsa-upload-") as folder:
                    path = Path(folder) / (Path(name).name or "upload")
                    path.write_bytes(content)
                    written = save_mapping(path, self.columns, dayfirst=self.dayfirst)
                    written = [p for p in written if p.parent != path.parent]
        except (LoadError, OSError) as exc:
            self.remap_note.value = _message(f"Not saved: {exc}", error=True)
            return []
        self.remap_note.value = _message(
            "Saved: this file is read this way from now on ("
            + ", ".join(map(str, written))
            + "; edit or delete that file to change it)."
        )
        return written

    def set_filter(
        self,
        *,
        start: Any = None,
        end: Any = None,
        source: str | None = None,
        role: str = "",
        referral: str = "any",
        client: str | None = None,
    ) -> None:
        """Set every filter at once (omitted ones are cleared) and redraw once.

        Raises ValueError for a source or client the search does not have.
        """
        state = FilterState(start, end, source, role, referral, client)  # validates
        for box, value in ((self.source, state.source), (self.client, state.client)):
            allowed = {v for _, v in box.options}
            if value is not None and value not in allowed:
                raise ValueError(
                    f"{box.description.lower()} {value!r} is not in this search; choose one of "
                    f"{sorted(v for v in allowed if v)}"
                )
        with self._hold():
            self.start.value = state.start
            self.end.value = state.end
            self.source.value = state.source or _ALL
            self.role.value = state.role
            self.referral.value = state.referral
            self.client.value = state.client or _ALL
        self._refresh()

    def select(self, tab: str) -> None:
        """Show a tab by title (it redraws if it is stale)."""
        self.tabs.selected_index = TAB_TITLES.index(tab)

    def load_file(self, name: str, content: bytes) -> bool:
        """Load an uploaded file; on a LoadError keep the current search and show the message.

        Returns True when the file was loaded. Corrections made for another file are dropped.
        """
        before = self.columns
        if self._source is not None and self._source_name() != Path(name).name:
            self.columns = {}
        loaded = self._load(name, (name, bytes(content)))
        if not loaded:
            self.columns = before
        return loaded

    def _source_name(self) -> str:
        source = self._source
        return source[0] if isinstance(source, tuple) else source.name if source else ""

    def _load(self, name: str, source: tuple[str, bytes] | Path) -> bool:
        options = {"columns": self.columns or None, "dayfirst": self.dayfirst}
        try:
            if isinstance(source, Path):
                search = load(source, **options)
            else:
                search = load_upload(source[0], source[1], **options)
        except LoadError as exc:
            self.message.value = _message(_load_error_text(name, exc), error=True)
            return False
        except Exception as exc:  # a reader bug must not leave a traceback in the app
            self.message.value = _message(
                f"Could not load {name}: unexpected {type(exc).__name__}: {exc}", error=True
            )
            return False
        self._source = source
        self.set_search(search)
        self.message.value = _message(
            f"Loaded {name}: {len(search)} applications, {len(search.events)} events."
            + _saved_note(search)
        )
        problems = correction_problems(self.columns, search.report)
        if problems:  # a correction the loader ignored: say so where the corrections are made
            self.remap_note.value = _message("Not applied: " + "; ".join(problems), error=True)
        return True

    # -- callbacks (thin) -------------------------------------------------------------------

    def _on_filter(self, _change: dict[str, Any]) -> None:
        if not self._holding:
            self._refresh()

    def _on_today(self, _change: dict[str, Any]) -> None:
        self._show_today()
        self._refresh()

    def _on_remap_column(self, change: dict[str, Any]) -> None:
        fields = dict(self._fields)
        self.remap_field.value = fields.get(change["new"]) or _KEEP

    def _on_tab(self, _change: dict[str, Any]) -> None:
        if self.search is not None:
            self._draw(self.visible)

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        first = files[0]
        self.load_file(first["name"], first["content"])
        # Clear the widget so that the same file can be uploaded again after fixing it.
        with contextlib.suppress(Exception):
            self.upload.value = ()

    # -- drawing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _hold(self) -> Iterator[None]:
        held, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = held

    def _show_today(self) -> None:
        if self.search is None:
            self.last.value = self.asof_note.value = ""
            return
        when = as_of(
            self.search,
            self.today,
            advice="pick {date} under As of to see the search as of then",
            later="Pick a later date to count them.",
        )
        last = when.last.date().isoformat() if when.last is not None else "none dated"
        self.last.value = (
            f"<span style='color:#555'>· last entry in the tracker: <b>{last}</b></span>"
        )
        self.asof_note.value = (
            "<div style='background:#fff4ce;border-left:3px solid #c19c00;padding:.2em .6em'>"
            f"{html.escape(when.note)}</div>"
            if when.note
            else ""
        )

    def _show_remap(self, search: JobSearch) -> None:
        mapping = search.report.mapping
        fields = [
            (str(m.source_column), None if m.field == "(kept)" else str(m.field).split(" [")[0])
            for m in mapping.itertuples()
        ]
        self._fields = list(dict(fields).items())
        with self._hold():
            self.remap_column.options = [(f"{h} → {f or 'kept'}", h) for h, f in self._fields]
            self.remap_field.value = self._fields[0][1] or _KEEP if self._fields else _KEEP
        has_file = self._source is not None
        for box in (self.remap_column, self.remap_field, self.reload, self.remember):
            box.disabled = not (has_file and self._fields)
        self.remap_note.value = "" if has_file else _message(_NO_SOURCE)

    def _reset_values(self) -> None:
        self.start.value = None
        self.end.value = None
        self.source.value = _ALL
        self.role.value = ""
        self.referral.value = "any"
        self.client.value = _ALL

    def _enable(self, on: bool) -> None:
        for box in (
            self.start,
            self.end,
            self.source,
            self.role,
            self.referral,
            self.client,
            self.reset,
        ):
            box.disabled = not on

    def _refresh(self) -> None:
        if self.search is None:
            return
        view = self.filtered()
        total = len(self.search)
        self.count.value = (
            f"<div class='jsa-count-text'><b class='jsa-n'>{len(view)}</b> of {total} "
            f"applications <span style='color:#666'>· "
            f"{html.escape(describe_filter(self.state))}</span></div>"
        )
        self._draw(self.visible)

    def _draw(self, tab: str) -> None:
        key = self._key(tab)
        if self._drawn.get(tab) == key:
            return
        outputs = self._cache.get(key)
        if outputs is None:
            outputs = self._compute(tab)
            self._cache[key] = outputs
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        self.outputs[tab].outputs = outputs
        self._drawn[tab] = key
        self.redraws[tab] += 1

    def _compute(self, tab: str) -> tuple[dict[str, Any], ...]:
        self.computes[tab] += 1
        self.errors.pop(tab, None)
        view = self.filtered()
        if len(view) == 0 and tab not in _UNFILTERED:
            return _html_output("<p>No applications match these filters.</p>")
        try:
            return render_panel(PANELS[tab](view, today=self.today))
        except Exception as exc:  # one tab failing must not break the app or show a traceback
            self.errors[tab] = exc
            return _html_output(
                f"<p style='color:#a4262c'>This tab could not be computed for this selection "
                f"({html.escape(type(exc).__name__)}: {html.escape(str(exc))}).</p>"
            )


def _saved_note(search: JobSearch) -> str:
    """' Read with the saved mapping …' when the load used one (the report says where)."""
    entries = search.report.entries
    if not len(entries):
        return ""
    used = entries[entries["problem"].astype(str).str.startswith("read with the saved mapping")]
    if not len(used):
        return ""
    text = str(used["problem"].iloc[0])
    return f" {text[0].upper()}{text[1:]}."


_NO_SOURCE = (
    "To remap a column, the dashboard needs the file: load it with Load tracker above "
    "(or start it with dashboard(path))."
)


def as_of_date(value: Any) -> dt.date:
    """The date picker's value for an analysis date: the real today for None.

    Examples
    --------
    >>> as_of_date("2024-06-01"), as_of_date(None) == dt.date.today()
    (datetime.date(2024, 6, 1), True)
    """
    return analysis_date(value).date()


def _html_output(text: str) -> tuple[dict[str, Any], ...]:
    return (
        {
            "output_type": "display_data",
            "data": {"text/html": text, "text/plain": text},
            "metadata": {},
        },
    )


def dashboard(
    search: JobSearch | str | os.PathLike[str] | None = None,
    *,
    today: Any = None,
    columns: Mapping[str, str | None] | None = None,
    dayfirst: bool | None = None,
) -> Dashboard:
    """The interactive dashboard: filters over six tabs, an analysis date, an upload button.

    Parameters
    ----------
    search : JobSearch or path-like, optional
        A loaded search (``jsa.load(...)``), or a tracker file (then its columns can be
        remapped in the Data quality tab); without one, upload a tracker in the app.
    today : date-like, optional
        The analysis date (default: the real today); the *As of* picker changes it.
    columns, dayfirst : optional
        Passed to ``load`` when the dashboard reads a file.

    Returns
    -------
    Dashboard
        The top-level widget (an ``ipywidgets.VBox``); display it, or drive it with
        :meth:`Dashboard.set_filter` and :meth:`Dashboard.select`.

    Examples
    --------
    >>> d = dashboard(today="2024-06-01")
    >>> d.search is None, d.source.disabled
    (True, True)
    """
    return Dashboard(search, today=today, columns=columns, dayfirst=dayfirst)
