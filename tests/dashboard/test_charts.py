"""The report's charts (dashboard.charts): PNG images of a fixed size, the same bytes for the
same figures, Chinese labels in the Noto CJK font, None when there is nothing to draw, and a
clear error when no CJK font is installed."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from branchwork.dashboard import charts

YEARS = ["2016", "2017", "2018", "2019"]


def _size(png):
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGB"
    return image.size


def test_every_chart_is_a_png_of_the_fixed_size():
    drawn = [
        charts.category_bars(title="党员类别构成", categories=[("正式党员", 22), ("预备党员", 1)]),
        charts.paired_bars(
            title="2019年党费按月收缴情况",
            periods=[f"{m}月" for m in range(1, 13)],
            first=("应交", [Decimal("512.30")] * 12),
            second=("实收", [Decimal("512.30")] * 11 + [Decimal("480.00")]),
            ylabel="元",
            rates=["100%"] * 11 + ["94%"],
        ),
        charts.bars_and_line(
            title="Group-to-group roads by year",
            periods=YEARS,
            bars=(
                "Km built",
                [Decimal("0"), Decimal("3021.5"), Decimal("6040"), Decimal("3041.5")],
            ),
            line=("Groups connected so far", [0, 1500, 4500, 5982]),
        ),
        charts.stacked_bars(
            title="帮扶情况（按年度、类型）",
            periods=YEARS,
            series=[("资金", [30, 500, 200, 0]), ("物资", [20, 100, 50, 100]), ("培训", [0] * 4)],
            ylabel="万元",
            totals=["50.00", "900.00", "300.00", "100.00"],
        ),
    ]
    assert charts.SIZE_PX == (1200, 560)
    for png in drawn:
        assert png is not None and _size(png) == charts.SIZE_PX


def test_the_same_figures_give_the_same_bytes_without_a_timestamp():
    def draw():
        return charts.category_bars(title="Members", categories=[("Full", 22), ("Probationary", 1)])

    first, second = draw(), draw()
    assert first == second
    info = Image.open(io.BytesIO(first)).info
    assert "Software" not in info and "Creation Time" not in info


def test_nothing_to_draw_gives_no_chart():
    """No picture of an empty chart: the report then leaves the chart out (its table or
    sentence says there is nothing)."""
    assert charts.category_bars(title="x", categories=[]) is None
    assert charts.category_bars(title="x", categories=[("a", 0), ("b", 0)]) is None
    assert charts.paired_bars(title="x", periods=[], first=("a", []), second=("b", [])) is None
    assert (
        charts.bars_and_line(title="x", periods=["2019"], bars=("a", [0]), line=("b", [0])) is None
    )
    assert charts.stacked_bars(title="x", periods=YEARS, series=[("a", [0] * 4)]) is None


def test_chinese_labels_use_the_noto_cjk_font():
    from matplotlib import font_manager

    name = charts.cjk_font_name()
    assert name == "Noto Sans CJK SC"
    path = font_manager.findfont(
        font_manager.FontProperties(family=name), fallback_to_default=False
    )
    assert "NotoSansCJK" in path


def test_without_a_cjk_font_the_charts_refuse_instead_of_drawing_boxes(monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILY", "No Such CJK Font")
    monkeypatch.setattr(charts, "CJK_PATHS", ())
    monkeypatch.setattr(charts.shutil, "which", lambda _name: None)
    charts.cjk_font_name.cache_clear()
    try:
        with pytest.raises(charts.ChartFontMissing, match="fonts-noto-cjk"):
            charts.category_bars(title="党员", categories=[("正式党员", 1)])
    finally:
        charts.cjk_font_name.cache_clear()
