"""Every notebook runs top to bottom (nbclient, the project's own kernel) on the sample tracker
and on another tracker given through its parameters cell, and says the right numbers; with its
stored defaults (the real today) on the sample xlsx and csv; and a mistake in its parameters
cell ends in one line, not a traceback."""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import jobsearch_analytics as jsa
import jobsearch_analytics.metrics as m
from jobsearch_analytics.sample import generate, write_tracker_xlsx

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = (
    "01_my_search.ipynb",
    "02_import_excel_tracker.ipynb",
    "03_after_the_interview.ipynb",
    "04_response_timing.ipynb",
    "05_salary.ipynb",
    "dashboard.ipynb",
)
TODAY = "2024-06-01"
KERNEL = "python3"


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _run(
    name: str, *, stored_today: bool = False, errors: bool = False, **parameters: object
) -> nbformat.NotebookNode:
    """Execute a copy of the notebook with papermill's convention: an injected cell after the
    one tagged ``parameters``. The stored notebook is never written.

    ``TODAY`` is injected as the fixed :data:`TODAY` (so the numbers checked here do not move
    with the calendar) unless ``stored_today``: then the notebook's own default, the real
    today. ``errors`` runs on after a failing cell (its output is then inspected)."""
    nb = copy.deepcopy(_read(name))
    if not stored_today:
        parameters = {"TODAY": TODAY, **parameters}
    if parameters:
        at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        source = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
        injected = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
        nb.cells.insert(at + 1, injected)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print('KERNEL-PREFIX', sys.prefix)"))
    env_backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"  # the kernel inherits it; %matplotlib inline still works
    try:
        NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=180,
            allow_errors=errors,
            resources={"metadata": {"path": str(NOTEBOOKS)}},  # cwd = notebooks/
        ).execute()
    finally:
        if env_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_backend
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or displayed as text or HTML."""
    parts: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                parts.append(str(out.data.get("text/html", "")))
                parts.append(str(out.data.get("text/plain", "")))
    return "\n".join(parts)


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        out.text
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.output_type == "stream" and out.name == "stderr"
    ]


@pytest.fixture(scope="session")
def other_tracker(tmp_path_factory) -> Path:
    """A second tracker, not from data/sample: another seed, fewer applications, absolute path."""
    path = tmp_path_factory.mktemp("other") / "someone else.xlsx"
    write_tracker_xlsx(generate(7, n_applications=70), path)
    return path


# -- stored form -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_and_with_a_parameters_cell(name):
    nb = _read(name)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code), name
    assert "widgets" not in nb.metadata, "saved widget state is an output too"
    first = code[0]
    assert first.metadata.get("tags") == ["parameters"]
    assert 'TRACKER = "data/sample/' in first.source
    assert "\nTODAY = None\n" in first.source  # the real today, not a date written in
    assert nb.metadata.kernelspec.name == KERNEL


def test_the_kernel_is_this_virtualenv():
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    # jupyter_client runs a spec whose argv[0] is "python" with sys.executable.
    assert spec.argv[0] in ("python", "python3", sys.executable)


# -- execution -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def expected(other_tracker):
    """Numbers computed here, in the test process, for both trackers."""
    out = {}
    for key, path in (("sample", ROOT / "data/sample/tracker.xlsx"), ("other", other_tracker)):
        search = jsa.load(path)
        out[key] = {"search": search, "n": len(search), "events": len(search.events)}
    return out


def _check_common(nb, facts) -> str:
    text = _text(nb)
    assert not _errors(nb), _errors(nb)
    assert f"{facts['n']} applications, {facts['events']} events read from" in text
    assert f"KERNEL-PREFIX {sys.prefix}" in text
    return text


@pytest.mark.parametrize("which", ["sample", "other"])
def test_01_my_search(which, expected, other_tracker):
    params = {} if which == "sample" else {"TRACKER": str(other_tracker)}
    nb = _run("01_my_search.ipynb", **params)
    facts = expected[which]
    text = _check_common(nb, facts)
    summary = jsa.summarize(facts["search"], today=TODAY)
    assert f"{summary.applications} applications" in text
    todo = m.next_steps(facts["search"], today=TODAY)
    assert f"{len(todo)} suggested actions" in text
    images = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert images == 4


@pytest.mark.parametrize("which", ["sample", "other"])
def test_02_import(which, expected, other_tracker):
    search = expected[which]["search"]
    if which == "sample":
        nb = _run("02_import_excel_tracker.ipynb")
        moved = 0
    else:
        # Correct the loader through the parameters: keep "Notes" as a column of its own.
        assert "Notes" in set(search.report.mapping["source_column"])
        nb = _run(
            "02_import_excel_tracker.ipynb", TRACKER=str(other_tracker), COLUMNS={"Notes": None}
        )
        moved = int((search.report.mapping["source_column"] == "Notes").sum())
    text = _check_common(nb, expected[which])
    guessed = int((search.report.entries["kind"] == "guessed").sum())
    assert f"{guessed} guessed values" in text
    assert f"{moved} columns mapped differently after the corrections" in text


@pytest.mark.parametrize("which", ["sample", "other"])
def test_03_after_the_interview(which, expected, other_tracker):
    params = {} if which == "sample" else {"TRACKER": str(other_tracker)}
    nb = _run("03_after_the_interview.ipynb", **params)
    text = _check_common(nb, expected[which])
    ty = m.thank_you_effect(expected[which]["search"], today=TODAY)
    assert ty.attrs["interpretation"] in text
    assert "association, not an effect" in text


@pytest.mark.parametrize("which", ["sample", "other"])
def test_04_response_timing(which, expected, other_tracker):
    params = {} if which == "sample" else {"TRACKER": str(other_tracker)}
    nb = _run("04_response_timing.ipynb", **params)
    text = _check_common(nb, expected[which])
    search = expected[which]["search"]
    assert m.ghosting_day(search, today=TODAY).basis in text
    d = m.timing.durations(search, today=TODAY)
    replied = d.loc[d["observed"], "time"]
    assert f"{len(replied)} replies; half came within {replied.median():.0f} days" in text


@pytest.mark.parametrize("which", ["sample", "other"])
def test_05_salary(which, expected, other_tracker):
    params = {} if which == "sample" else {"TRACKER": str(other_tracker)}
    nb = _run("05_salary.ipynb", **params)
    text = _check_common(nb, expected[which])
    apps = expected[which]["search"].applications
    posted = (apps["salary_annual_min"].notna() | apps["salary_annual_max"].notna()) & apps[
        "salary_currency"
    ].notna()
    assert f"{int(posted.sum())} postings with a salary" in text
    offers = apps["offer_initial"].notna() | apps["offer_final"].notna()
    assert f"{int(offers.sum())} offers" in text


@pytest.mark.parametrize("which", ["sample", "other"])
def test_dashboard_notebook(which, expected, other_tracker):
    params = {} if which == "sample" else {"TRACKER": str(other_tracker)}
    nb = _run("dashboard.ipynb", **params)
    assert not _errors(nb)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    # nbclient saves the widget state: the count line shows every application.
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    values = json.dumps([s["state"].get("value") for s in state.values()])
    assert f"<b class='jsa-n'>{expected[which]['n']}</b> of {expected[which]['n']}" in values
    assert f"KERNEL-PREFIX {sys.prefix}" in _text(nb)


# -- with the stored defaults: today's date ---------------------------------------------------


def _last_entry(search) -> dt.date:
    events = search.events[search.events["date_known"]]
    return max(search.applications["date_applied"].max(), events["date"].max()).date()


@pytest.mark.parametrize("tracker", ["tracker.xlsx", "tracker.csv"])
@pytest.mark.parametrize("name", NAMES)
def test_runs_with_todays_date_editing_only_the_path(name, tracker):
    nb = _run(name, stored_today=True, TRACKER=f"data/sample/{tracker}")
    assert not _errors(nb), _errors(nb)
    search = jsa.load(ROOT / "data" / "sample" / tracker)
    today, last = dt.date.today(), _last_entry(search)
    days = (today - last).days
    if name == "dashboard.ipynb":
        state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        values = html.unescape(json.dumps([s["state"].get("value") for s in state.values()]))
        assert today.isoformat() in values  # the As of picker
        assert f"last entry in the tracker: <b>{last.isoformat()}</b>" in values
        assert f"{days} days before {today.isoformat()}" in values
        return
    text = html.unescape(_text(nb))
    assert f"As of {today.isoformat()}" in text
    assert f"last entry in the tracker: <b>{last.isoformat()}</b>" in text
    assert days > 60
    assert (
        f"Your tracker's last entry is {last.isoformat()}, {days} days before "
        f"{today.isoformat()}; pass TODAY='{last.isoformat()}' to see the search as of then."
    ) in text


# -- mistakes in the parameters cell ----------------------------------------------------------


def _error_outputs(nb) -> list:
    return [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


def test_a_typo_in_the_path_is_one_line_naming_the_nearest_files():
    nb = _run("01_my_search.ipynb", errors=True, TRACKER="data/sample/trackr.xlsx")
    first = _error_outputs(nb)[0]
    assert first.ename == "LoadError"
    assert len(first.traceback) == 1, first.traceback
    line = first.traceback[0]
    assert "trackr.xlsx: file not found" in line and "'tracker.xlsx'" in line


def test_a_bad_today_is_one_line_naming_the_accepted_forms():
    nb = _run("04_response_timing.ipynb", errors=True, TODAY="June 2024")
    first = _error_outputs(nb)[0]
    assert first.ename == "ParameterError" and len(first.traceback) == 1, first.traceback
    assert "TODAY='June 2024' is not a date" in first.traceback[0]
    assert "YYYY-MM-DD" in first.traceback[0] and "None" in first.traceback[0]


def test_a_misspelt_correction_is_one_line_naming_the_column():
    nb = _run("03_after_the_interview.ipynb", errors=True, COLUMNS={"Sorce": None})
    first = _error_outputs(nb)[0]
    assert first.ename == "LoadError" and len(first.traceback) == 1, first.traceback
    assert "no column 'Sorce' in tracker.xlsx" in first.traceback[0]
    assert "did you mean 'Source'?" in first.traceback[0]


def test_the_error_stops_the_run_where_it_happened():
    with pytest.raises(CellExecutionError, match="file not found"):
        _run("05_salary.ipynb", TRACKER="data/sample/nope.csv")


def test_a_mapping_saved_in_02_is_used_by_the_other_notebooks(tmp_path, monkeypatch):
    """Corrections that stick (#12 item 9, #14 item 6): notebook 02 saves COLUMNS with
    SAVE_MAPPING = True; notebook 03, given only the path, reads the tracker the same way and
    says which mapping file it used."""
    import openpyxl

    monkeypatch.setenv("JSA_MAPPINGS_DIR", str(tmp_path / "user"))  # the kernels inherit it
    path = tmp_path / "mine.xlsx"
    write_tracker_xlsx(generate(11, n_applications=60), path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows(max_row=8) for c in row if c.value == "Company")
    cell.value = "Who"  # a header no rule reads: the company is lost without a correction
    wb.save(path)
    assert jsa.load(path, mapping=False).applications["company"].isna().all()

    nb = _run(
        "02_import_excel_tracker.ipynb",
        TRACKER=str(path),
        COLUMNS={"Who": "company"},
        SAVE_MAPPING=True,
    )
    assert not _errors(nb), _errors(nb)
    assert (tmp_path / "mine.xlsx.jsa.toml").is_file()
    assert len(list((tmp_path / "user").glob("*.jsa.toml"))) == 1
    assert "Saved the corrections to" in _text(nb)

    search = jsa.load(path)  # here, as the notebook will
    assert search.applications["company"].notna().all()
    nb = _run("03_after_the_interview.ipynb", TRACKER=str(path))
    text = _check_common(nb, {"n": len(search), "events": len(search.events)})
    assert f"Read with the saved mapping {tmp_path / 'mine.xlsx.jsa.toml'}" in text
