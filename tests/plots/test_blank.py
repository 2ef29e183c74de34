"""Cheaper chart scaffolding (a pickled blank figure, quick bar limits) draws as matplotlib does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle

import jobsearch_analytics.plots as jp
from jobsearch_analytics.plots import _blank, _style

_spec = importlib.util.spec_from_file_location(
    "contract_cases", Path(__file__).with_name("test_contract.py")
)
_contract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_contract)
NAMES = _contract.NAMES


@pytest.fixture(scope="module")
def cases(sample_search, today) -> dict:
    return _contract._cases(sample_search, today)


@pytest.mark.parametrize("svg", [False, True], ids=["agg", "svg"])
@pytest.mark.parametrize("name", NAMES)
def test_a_chart_on_a_blank_copy_draws_as_on_a_new_figure(cases, name, svg, monkeypatch):
    fn, result, kwargs = cases[name]
    asked = []

    def recording(figsize, **options):
        asked.append((tuple(figsize), options))
        return _blank.blank_figure(figsize, **options)

    monkeypatch.setattr(_style, "blank_figure", recording)
    with jp.svg_layout() if svg else _nothing():
        copied = fn(result, **kwargs).figure
    assert plt.fignum_exists(copied.number)  # still a pyplot figure, shown in notebooks
    [(figsize, options)] = asked
    # The same chart drawn the way it was before blanks: a Figure built now, the plot
    # function drawing on its Axes (making any twin itself), the margins fitted after.
    fresh = Figure(figsize=figsize, dpi=options.get("dpi"))
    fn(result, ax=fresh.subplots(), **kwargs)
    with jp.svg_layout() if svg else _nothing():
        jp.fit_layout(fresh)
    assert len(copied.axes) == len(fresh.axes)
    assert jp.to_svg(copied, salt="b") == jp.to_svg(fresh, salt="b")


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_blank_copies_are_private_and_sized_as_asked():
    a = _blank.blank_figure((3.0, 2.0))
    b = _blank.blank_figure((5.0, 4.0), dpi=80)
    assert a is not b and a.axes[0] is not b.axes[0]
    assert a.axes[0].xaxis.get_major_ticks(3)[0] is not b.axes[0].xaxis.get_major_ticks(3)[0]
    assert tuple(a.get_size_inches()) == (3.0, 2.0) and a.dpi == mpl.rcParams["figure.dpi"]
    assert tuple(b.get_size_inches()) == (5.0, 4.0) and b.dpi == 80
    a.axes[0].set_title("changed")
    assert _blank.blank_figure((3.0, 2.0)).axes[0].get_title() == ""


def test_blank_copies_follow_rcparams():
    default = mpl.rcParams["axes.linewidth"]
    _blank.blank_figure((3.0, 2.0))  # a blank is kept for these rcParams
    with mpl.rc_context({"axes.linewidth": default + 2, "xtick.major.size": 9.0}):
        ax = _style.new_axes(None, figsize=(3.0, 2.0))
        assert ax.spines["left"].get_linewidth() == default + 2
        # Ticks made in the blank follow them too, as ticks made later would.
        assert ax.xaxis.get_major_ticks(1)[0].tick1line.get_markersize() == 9.0
    ax = _style.new_axes(None, figsize=(3.0, 2.0))
    assert ax.spines["left"].get_linewidth() == default


def _transforms(fig: Figure) -> list:
    """Every transform reachable from the figure."""
    import gc

    from matplotlib.transforms import TransformNode

    seen, found, todo = {id(fig)}, [], [fig]
    while todo:
        for ref in gc.get_referents(todo.pop()):
            if id(ref) in seen or isinstance(ref, type) or type(ref).__name__ == "module":
                continue
            seen.add(id(ref))
            todo.append(ref)
            if isinstance(ref, TransformNode):
                found.append(ref)
    return found


def test_a_new_transform_cannot_take_the_place_of_a_copied_ones_parent():
    # A transform's parents are keyed by id; in a copy, keyed by the ids they had when
    # pickled, a new parent with such an id would replace one (and it would never hear of
    # changes again). Negative keys are no object's id.
    fig = _blank.blank_figure((4.0, 3.0), twin=True)
    nodes = _transforms(fig)
    assert len(nodes) > 100
    for node in nodes:
        for key, ref in node._parents.items():
            parent = ref()
            assert key < 0 or (parent is not None and key == id(parent)), (node, key)
    # ... while the copy still passes changes on: a new dpi moves what hangs off the axes.
    ax = fig.axes[0]
    before = ax.transAxes.transform((1.0, 1.0))
    fig.dpi = fig.dpi / 2
    assert ax.transAxes.transform((1.0, 1.0)) == pytest.approx(before / 2)


@pytest.mark.parametrize("horizontal", [False, True])
def test_quick_bar_limits_are_matplotlibs(horizontal):
    rng = np.random.default_rng(5)
    x = rng.normal(size=30) * 1e3
    sizes = rng.normal(size=30) * 10
    sizes[[3, 7]] = 0.0  # empty bars do not count, as in matplotlib
    base = rng.normal(size=30)

    def limits(quick: bool):
        fig = Figure()
        ax = fig.subplots()
        draw = ax.barh if horizontal else ax.bar
        start = {"left": base} if horizontal else {"bottom": base}
        with _style.quick_bar_limits(ax) if quick else _nothing():
            draw(x, sizes, 0.5, **start)
            ax.axvspan(2.0, 3.0)  # not in data coordinates: measured by matplotlib
            ax.add_patch(Circle((5e3, 5e3), 10.0))  # not a rectangle: likewise
        assert "_update_patch_limits" not in vars(ax)  # the Axes' own method again
        return ax.dataLim.get_points().tolist(), ax.dataLim.minpos.tolist()

    assert limits(quick=True) == limits(quick=False)
