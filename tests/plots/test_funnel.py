"""plot_funnel and plot_stage_flow: bar heights, whiskers and band widths against hand counts."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.patches import PathPatch

from jobsearch_analytics.metrics.rates import funnel
from jobsearch_analytics.model import STAGES
from jobsearch_analytics.plots import plot_funnel, plot_stage_flow

FUNNEL_STAGES = ["applied", "screen", "interview", "offer", "accepted"]


def bar_containers(ax) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def whiskers(ax, label: str) -> np.ndarray:
    container = next(
        c for c in ax.containers if isinstance(c, ErrorbarContainer) and c.get_label() == label
    )
    return np.array([[min(s[:, 1]), max(s[:, 1])] for s in container.lines[2][0].get_segments()])


def bands(ax) -> dict[str, PathPatch]:
    return {
        p.get_gid(): p
        for p in ax.patches
        if isinstance(p, PathPatch) and (p.get_gid() or "").startswith("flow:")
    }


def node(ax, gid: str):
    return next(p for p in ax.patches if p.get_gid() == gid)


def reached_by_hand(apps: pd.DataFrame) -> list[int]:
    """Applications whose furthest stage is at least each funnel stage (missing = applied)."""
    order = {s: i for i, s in enumerate(STAGES)}
    codes = apps["stage"].astype("object").map(order).fillna(order["applied"]).to_numpy()
    return [int((codes >= order[s]).sum()) for s in FUNNEL_STAGES]


def test_bar_heights_are_the_counts_reached(sample_search):
    table = funnel(sample_search)
    ax = plot_funnel(table)
    (container,) = bar_containers(ax)
    heights = [b.get_height() for b in container]
    assert heights == reached_by_hand(sample_search.applications)
    assert heights == table["n_reached"].tolist()
    assert [t.get_text() for t in ax.get_xticklabels()] == FUNNEL_STAGES


def test_whiskers_are_the_conversion_interval_in_counts(sample_search):
    table = funnel(sample_search)
    ax = plot_funnel(table)
    ends = whiskers(ax, "all interval")
    later = table.iloc[1:]
    assert len(ends) == len(later)  # no whisker on the first stage
    assert ends[:, 0] == pytest.approx((later["n"] * later["ci_low"]).to_numpy())
    assert ends[:, 1] == pytest.approx((later["n"] * later["ci_high"]).to_numpy())


def test_conversion_labels_give_rate_and_interval():
    table = pd.DataFrame(
        {
            "stage": ["applied", "screen", "interview"],
            "n_reached": [40, 10, 3],
            "n": [50, 40, 10],
            "k": [40, 10, 3],
            "rate": [0.8, 0.25, 0.3],
            "ci_low": [0.67, 0.142, 0.108],
            "ci_high": [0.89, 0.401, 0.603],
            "small": [False, False, False],
        }
    )
    ax = plot_funnel(table)
    texts = [t.get_text() for t in ax.texts]
    assert "40" in texts
    assert "10\n25% [14%–40%]" in texts
    assert "3\n30% [11%–60%]" in texts


def test_small_conversions_are_hatched():
    table = pd.DataFrame(
        {
            "stage": ["applied", "screen", "interview"],
            "n_reached": [40, 6, 2],
            "n": [50, 40, 6],
            "k": [40, 6, 2],
            "rate": [0.8, 0.15, 1 / 3],
            "ci_low": [0.67, 0.07, 0.1],
            "ci_high": [0.89, 0.29, 0.7],
            "small": [False, False, True],
        }
    )
    ax = plot_funnel(table)
    (container,) = bar_containers(ax)
    assert [b.get_hatch() is not None for b in container] == [False, False, True]


def test_grouped_funnel_has_one_bar_set_per_group(sample_search):
    table = funnel(sample_search, by="referral")
    ax = plot_funnel(table)
    containers = bar_containers(ax)
    groups = list(dict.fromkeys(table["referral"]))
    assert [c.get_label() for c in containers] == groups
    for container, group in zip(containers, groups, strict=True):
        part = table[table["referral"] == group]
        assert [b.get_height() for b in container] == part["n_reached"].tolist()
    # Bars of one stage sit side by side around the stage's tick.
    first = [c[0].get_x() + c[0].get_width() / 2 for c in containers]
    assert np.mean(first) == pytest.approx(0.0)


def test_stage_flow_bands_are_the_crosstab(sample_search):
    apps = sample_search.applications
    cross = pd.crosstab(apps["stage"].astype("object"), apps["outcome"].astype("object"))
    ax = plot_stage_flow(apps)
    drawn = bands(ax)
    expected = {
        f"flow:{s}->{o}": int(cross.loc[s, o])
        for s in cross.index
        for o in cross.columns
        if cross.loc[s, o] > 0
    }
    assert set(drawn) == set(expected)
    for gid, count in expected.items():
        v = drawn[gid].get_path().vertices
        # Corners: 0 and 7 at the stage end, 3 and 4 at the outcome end.
        assert v[0, 1] - v[7, 1] == pytest.approx(count)
        assert v[3, 1] - v[4, 1] == pytest.approx(count)
        assert v[0, 0] < v[3, 0]


def test_stage_flow_bands_tile_each_node_without_overlap():
    flows = pd.DataFrame(
        {
            "stage": ["applied", "applied", "interview", "interview", "offer"],
            "outcome": ["ghosted", "rejected", "rejected", "open", "accepted"],
            "n": [30, 10, 4, 2, 1],
        }
    )
    ax = plot_stage_flow(flows)
    drawn = bands(ax)
    for stage, total in {"applied": 40, "interview": 6, "offer": 1}.items():
        rect = node(ax, f"stage:{stage}")
        assert rect.get_height() == pytest.approx(total)
        spans = sorted(
            (p.get_path().vertices[7, 1], p.get_path().vertices[0, 1])
            for gid, p in drawn.items()
            if gid.startswith(f"flow:{stage}->")
        )
        # Contiguous from the bottom of the node to its top.
        assert spans[0][0] == pytest.approx(rect.get_y())
        assert spans[-1][1] == pytest.approx(rect.get_y() + total)
        for (_, top), (bottom, _) in itertools.pairwise(spans):
            assert top == pytest.approx(bottom)
    for outcome, total in {"ghosted": 30, "rejected": 14, "open": 2, "accepted": 1}.items():
        assert node(ax, f"outcome:{outcome}").get_height() == pytest.approx(total)


def test_stage_flow_without_n_counts_rows():
    rows = pd.DataFrame({"stage": ["applied"] * 3 + ["screen"], "outcome": ["ghosted"] * 4})
    ax = plot_stage_flow(rows)
    drawn = bands(ax)
    assert set(drawn) == {"flow:applied->ghosted", "flow:screen->ghosted"}
    v = drawn["flow:applied->ghosted"].get_path().vertices
    assert v[0, 1] - v[7, 1] == pytest.approx(3)
    assert "applied (3)" in [t.get_text() for t in ax.texts]
