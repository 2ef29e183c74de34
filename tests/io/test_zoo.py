"""The layout zoo (issue #12 item 10): every layout of ``sample._zoo`` is written with real
writers, loaded as a new user would (no options) and scored against its planted truth --
applications counted, furthest stage, outcome and dates per application.

A layout read wrong fails the suite, except those in :data:`NOT_YET`: the classes the loader
cannot read yet, each named with the work that fixes it ("typing": columns typed by content,
header languages, duplicate sheets, no company column, Name + URL, sideways; "stages":
statuses, histories, flags, counts, typos, what is an application, dated rejections;
"honest": Last Update, unknown is not zero). They are ``xfail(strict=True)``: a layout that
starts reading right turns the suite red until it is taken off the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobsearch_analytics.sample._zoo import LAYOUTS, LayoutScore, score_layout, write_zoo

#: Layouts the loader does not read right yet: name -> (class of work, what goes wrong).
#: Empty since the typing, stages and honest work landed: every layout reads right. A class the
#: loader cannot read yet goes here with the work that fixes it.
NOT_YET: dict[str, tuple[str, str]] = {}

#: Every class of issue #12's Why list (and the first import issue's) has a layout.
CLASSES = {
    "baseline", "csv", "ods", "dates", "title-rows", "merged-cells", "notes-rows", "one-hot",
    "history", "language", "typing", "counts", "flags", "statuses", "typos", "sheets",
    "no-company", "sideways", "what-is-an-application", "unknown-not-zero", "last-update",
    "dated-rejections", "export", "stage-columns", "response-words", "headers", "xlsxwriter",
}  # fmt: skip


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("zoo")
    return {layout.name: path for layout, path in zip(LAYOUTS, write_zoo(folder), strict=True)}


_SCORES: dict[str, LayoutScore] = {}


def _score(zoo: dict[str, Path], name: str) -> LayoutScore:
    if name not in _SCORES:
        _SCORES[name] = score_layout(zoo[name])
    return _SCORES[name]


def _param(name: str) -> object:
    if name not in NOT_YET:
        return name
    work, why = NOT_YET[name]
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=f"{work}: {why}"))


@pytest.mark.parametrize("name", [_param(layout.name) for layout in LAYOUTS])
def test_layout_read_right(zoo: dict[str, Path], name: str) -> None:
    score = _score(zoo, name)
    assert score.ok, str(score)


def test_zoo_score(zoo: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    scores = [_score(zoo, layout.name) for layout in LAYOUTS]
    right = sum(s.ok for s in scores)
    line = f"zoo: {right} of {len(scores)} layouts read right"
    with capsys.disabled():
        print(f"\n{line}")
    wrong = {s.layout for s in scores if not s.ok}
    assert wrong == set(NOT_YET), line  # the list names exactly the layouts read wrong


def test_the_zoo_is_large_covers_every_class_and_names_no_unknown_layout() -> None:
    assert len(LAYOUTS) >= 40
    assert len({layout.name for layout in LAYOUTS}) == len(LAYOUTS)
    assert len({layout.file for layout in LAYOUTS}) == len(LAYOUTS)
    assert {c for layout in LAYOUTS for c in layout.classes} >= CLASSES
    assert set(NOT_YET) <= {layout.name for layout in LAYOUTS}
    assert {work for work, _ in NOT_YET.values()} <= {"typing", "stages", "honest"}
    assert {layout.fmt for layout in LAYOUTS} == {"xlsx", "ods", "csv", "tsv", "txt"}
    encodings = {(layout.encoding, layout.delimiter) for layout in LAYOUTS if layout.fmt != "xlsx"}
    assert {"utf-8", "cp1252", "utf-8-sig", "utf-16"} <= {e for e, _ in encodings}


def test_the_zoo_is_seeded(zoo: dict[str, Path], tmp_path: Path) -> None:
    import pandas as pd

    again = write_zoo(tmp_path / "again")
    for layout, path in zip(LAYOUTS, again, strict=True):
        first = zoo[layout.name]
        if layout.fmt == "ods":  # odfpy declares the namespaces a process has used so far
            for sheet, frame in pd.read_excel(path, sheet_name=None, engine="odf").items():
                pd.testing.assert_frame_equal(frame, pd.read_excel(first, sheet, engine="odf"))
        else:
            assert path.read_bytes() == first.read_bytes(), path.name
        truth = path.with_name(path.name + ".truth.json")
        assert truth.read_bytes() == first.with_name(truth.name).read_bytes()
    other = write_zoo(tmp_path / "other", seed=1)
    assert other[0].read_bytes() != again[0].read_bytes()


def test_the_scorer_fails_a_file_read_against_a_wrong_truth(
    zoo: dict[str, Path], tmp_path: Path
) -> None:
    """A scorer that cannot fail proves nothing: the basic layout, read right against its own
    truth, is read wrong against a truth with one fact changed (each kind of fact)."""
    source = zoo["ods_wide"]
    truth = json.loads(source.with_name(source.name + ".truth.json").read_text("utf-8"))
    assert score_layout(source).ok
    edits = {
        "stage": lambda t: t["applications"][0].update(stage="offer"),
        "outcome": lambda t: t["applications"][1].update(outcome="withdrawn"),
        "date_applied": lambda t: t["applications"][2].update(date_applied="2020-01-01"),
        "interview": lambda t: t["applications"][4]["dates"].update(interview="2020-01-01"),
        "count": lambda t: t["applications"].pop(),
        "saved": lambda t: t.update(saved=1),
    }
    for what, edit in edits.items():
        wrong = json.loads(json.dumps(truth))
        edit(wrong)
        copy = tmp_path / what / source.name
        copy.parent.mkdir()
        copy.write_bytes(source.read_bytes())
        copy.with_name(copy.name + ".truth.json").write_text(json.dumps(wrong), encoding="utf-8")
        assert not score_layout(copy).ok, what
