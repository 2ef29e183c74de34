"""Fitted margins (``fit_layout``) and SVG export (``to_svg``), checked with matplotlib's own
measurements: the tight bounding box of everything drawn must lie inside the figure."""

from __future__ import annotations

import importlib.util
import io
import warnings
from pathlib import Path
from xml.etree import ElementTree

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

import jobsearch_analytics.plots as jp
import jobsearch_analytics.plots._layout as layout

_spec = importlib.util.spec_from_file_location(
    "contract_cases", Path(__file__).with_name("test_contract.py")
)
_contract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_contract)
NAMES = _contract.NAMES

#: Largest gap (points) between the outermost drawn thing and the figure's edge: the pad (5)
#: plus rounding; a margin sized from a guess rather than the labels would leave more.
SNUG = 12.0


@pytest.fixture(scope="module")
def cases(sample_search, today) -> dict:
    return _contract._cases(sample_search, today)


def _drawn_extent(fig: Figure):
    """Everything drawn, in points, as matplotlib measures it at draw time."""
    renderer = fig.canvas.get_renderer()
    return fig.get_tightbbox(renderer).transformed(plt.matplotlib.transforms.Affine2D().scale(72))


def _rate_table(labels: list[str]) -> pd.DataFrame:
    n = len(labels)
    return pd.DataFrame(
        {
            "source": labels,
            "n": [40] * n,
            "k": [10] * n,
            "rate": [0.25] * n,
            "ci_low": [0.14] * n,
            "ci_high": [1.0] * n,
            "small": [False] * n,
        }
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_fits_snugly_in_its_figure(cases, name):
    fn, result, kwargs = cases[name]
    ax = fn(result, **kwargs)
    fig = ax.figure
    assert fig.get_layout_engine() is None
    box = _drawn_extent(fig)
    width, height = fig.get_figwidth() * 72, fig.get_figheight() * 72
    # Nothing clipped: every label, title, legend and tick is inside the figure ...
    assert box.x0 >= -0.5 and box.y0 >= -0.5, (name, box)
    assert box.x1 <= width + 0.5 and box.y1 <= height + 0.5, (name, box, width, height)
    # ... and the margins are sized from what is there, not generous guesses.
    assert box.x0 <= SNUG and box.y0 <= SNUG, (name, box)
    assert width - box.x1 <= SNUG and height - box.y1 <= SNUG, (name, box, width, height)


def _svg_extent(fig: Figure):
    """Everything drawn, in points, as matplotlib's SVG writer measures it (its own text
    sizes, unhinted, at the 72 dpi it draws at)."""
    from matplotlib.backends.backend_svg import RendererSVG

    dpi = fig.dpi
    fig.dpi = 72
    try:
        width, height = fig.get_size_inches() * 72
        box = fig.get_tightbbox(RendererSVG(width, height, io.StringIO()))
    finally:
        fig.dpi = dpi
    return box.transformed(plt.matplotlib.transforms.Affine2D().scale(72))


@pytest.mark.parametrize("name", NAMES)
def test_charts_fit_snugly_as_the_svg_draws_them(cases, name):
    fn, result, kwargs = cases[name]
    fig = fn(result, **kwargs).figure
    box = _svg_extent(fig)
    width, height = fig.get_figwidth() * 72, fig.get_figheight() * 72
    assert box.x0 >= -0.5 and box.y0 >= -0.5, (name, box)
    assert box.x1 <= width + 0.5 and box.y1 <= height + 0.5, (name, box, width, height)
    assert box.x0 <= SNUG and box.y0 <= SNUG, (name, box)
    assert width - box.x1 <= SNUG and height - box.y1 <= SNUG, (name, box, width, height)


#: The charts whose legend sits under the x axis (``legend_below``) for the sample search.
BELOW = ["rates", "funnel", "thank_you", "follow_up", "salary_groups", "salary_offers", "activity"]


@pytest.mark.parametrize("name", BELOW)
def test_legends_below_the_axes_cover_no_axis_text(cases, name):
    fn, result, kwargs = cases[name]
    ax = fn(result, **kwargs)
    fig = ax.figure
    fig.canvas.draw()  # places the axis label and offset text where they are drawn
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend()
    assert legend is not None, name
    below = legend.get_window_extent(renderer)
    assert below.y1 <= ax.bbox.y0, name
    texts = [*ax.get_xticklabels(), ax.xaxis.label, ax.xaxis.get_offset_text()]
    for text in texts:
        if text.get_visible() and text.get_text():
            assert not below.overlaps(text.get_window_extent(renderer)), (name, text)


def test_very_long_labels_widen_the_figure_instead_of_being_cut():
    long = "An extremely long source name that someone typed into the tracker once, twice"
    ax = jp.plot_rates(_rate_table([long, "LinkedIn"]))
    fig = ax.figure
    assert fig.get_figwidth() > 7.0  # plot_rates asks for 7 inches
    box = _drawn_extent(fig)
    assert box.x0 >= -0.5 and box.x1 <= fig.get_figwidth() * 72 + 0.5
    label = ax.get_yticklabels()[0].get_window_extent(fig.canvas.get_renderer())
    assert label.x0 >= 0 and label.x1 <= ax.bbox.x0
    assert ax.get_position().width >= layout.MIN_PLOT_SHARE - 1e-6


def test_short_labels_leave_more_room_to_the_plot_than_long_ones():
    short = jp.plot_rates(_rate_table(["A", "B"]))
    long = jp.plot_rates(_rate_table(["A much longer group label", "B"]))
    assert short.get_position().x0 < long.get_position().x0
    assert short.get_position().width > long.get_position().width


def test_an_axes_the_caller_passed_is_left_where_it_was():
    fig, ax = plt.subplots(figsize=(6, 3))
    before = ax.get_position().bounds
    jp.plot_rates(_rate_table(["A", "B"]), ax=ax)
    assert ax.get_position().bounds == pytest.approx(before)
    assert fig.get_layout_engine() is None


def test_fit_layout_replaces_a_layout_engine_and_aligns_twins():
    fig = Figure(figsize=(6, 3), layout="constrained")
    ax = fig.subplots()
    twin = ax.twinx()
    ax.set_ylabel("left label")
    twin.set_ylabel("right label")
    assert jp.fit_layout(fig) is fig
    assert fig.get_layout_engine() is None
    assert ax.get_position().bounds == pytest.approx(twin.get_position().bounds)
    renderer = FigureCanvasAgg(fig).get_renderer()
    assert ax.yaxis.get_tightbbox(renderer).x0 >= 0
    assert twin.yaxis.get_tightbbox(renderer).x1 <= fig.bbox.x1


def test_several_panels_get_the_constrained_layout():
    fig = Figure(figsize=(6, 3))
    fig.subplots(1, 2)
    jp.fit_layout(fig)
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_an_empty_figure_is_left_alone():
    fig = Figure()
    assert jp.fit_layout(fig) is fig
    assert fig.get_layout_engine() is None


def test_to_svg_is_a_standalone_document_with_text_as_text():
    ax = jp.plot_rates(_rate_table(["Acme & Söhne", "株式会社"]))
    fig = ax.figure
    dpi, position = fig.dpi, ax.get_position().bounds
    svg = jp.to_svg(fig, salt="t")
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    words = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Acme & Söhne (n=40)" in words and "株式会社 (n=40)" in words
    assert "<dc:date>" not in svg and "<?xml" not in svg
    # Same chart, same salt: the same text (ids are derived from the salt, not random).
    assert jp.to_svg(fig, salt="t") == svg
    # Saving changes nothing on the figure.
    assert fig.dpi == dpi and ax.get_position().bounds == pytest.approx(position)


def _structure(svg: str) -> list[tuple[str, str]]:
    """Every element's tag and text, in document order, without the metadata block."""
    root = ElementTree.fromstring(svg[svg.index("<svg") :])
    metadata = root.find("{http://www.w3.org/2000/svg}metadata")
    if metadata is not None:
        root.remove(metadata)
    return [(e.tag, (e.text or "").strip()) for e in root.iter()]


@pytest.mark.parametrize("name", ["rates", "funnel", "activity", "salary_offers"])
def test_to_svg_is_what_a_plain_savefig_draws_without_its_metadata(cases, name):
    fn, result, kwargs = cases[name]
    fig = fn(result, **kwargs).figure
    buf = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from (current )?font")
        fig.savefig(buf, format="svg")
    plain = buf.getvalue()
    ours = jp.to_svg(fig, salt="s")
    assert "<metadata" in plain and "<metadata" not in ours
    assert _structure(ours) == _structure(plain)
    texts = [text for tag, text in _structure(ours) if tag.endswith("}text") and text]
    assert len(texts) > 5, texts


def test_fit_layout_measures_with_the_fonts_set_now(monkeypatch):
    def chart() -> Figure:
        fig = Figure(figsize=(3, 2))
        fig.subplots().set_yticks([0, 1], ["a rather long tick label", "b"])
        return fig

    jp.fit_layout(chart())  # measured with the default font first
    with plt.rc_context({"font.sans-serif": ["DejaVu Sans Mono"]}):
        cached = jp.fit_layout(chart())
        monkeypatch.setattr(layout, "_renderer", lambda dpi: RendererAgg(1, 1, dpi))
        fresh = jp.fit_layout(chart())
    assert cached.axes[0].get_position().bounds == fresh.axes[0].get_position().bounds
