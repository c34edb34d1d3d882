"""Charts for the annual work report, drawn as PNG images with matplotlib's Agg canvas
(``Figure`` and ``FigureCanvasAgg`` directly: no pyplot, no display, no global state).

Each chart function takes figures and labels already translated by the caller (the report
runs under the report's language) and returns the PNG as bytes, or None when there is
nothing to draw (no rows, or every value zero): the report then leaves the chart out and its
table or sentence says so. No "no data" picture is drawn, so an empty chart never stands in
a report where a reader might take it for a zero result.

Every chart has the same fixed size, ``WIDTH_IN`` × ``HEIGHT_IN`` inches at ``DPI``
(1200 × 560 pixels), meant to be placed at 6 inches (15.24 cm) wide on an A4 page; the
same figures and labels give the same bytes (no timestamp or software name in the PNG's
metadata, no random layout).

Chinese labels need a CJK font: ``cjk_font_name`` finds Noto Sans CJK SC (Debian's
``fonts-noto-cjk``) through matplotlib's font list, or through fontconfig when the list was
cached before the font was installed, and raises ``ChartFontMissing`` when neither has it,
instead of drawing empty boxes for every Chinese character.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from PIL import Image

WIDTH_IN, HEIGHT_IN, DPI = 6.0, 2.8, 200
SIZE_PX = (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))

CJK_FAMILY = "Noto Sans CJK SC"
# Where Debian's fonts-noto-cjk puts it (used when fontconfig is not there to ask).
CJK_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)

# Party red for the main series, then muted colours that stay apart in grey print.
RED, GOLD, GREY = "#b5121b", "#d4a017", "#8c8c8c"
PALETTE = (RED, GOLD, "#3d6fa8", "#5a9e6f", "#8a5a9e", GREY, "#c06c3e", "#2f4f4f")

Number = int | float | Decimal


class ChartFontMissing(RuntimeError):
    """No CJK font is installed: Chinese labels would be drawn as empty boxes."""


def _has_family(name: str) -> bool:
    return any(entry.name == name for entry in font_manager.fontManager.ttflist)


@cache
def cjk_font_name() -> str:
    """The family name of the CJK font the charts use (Noto Sans CJK SC), registering its
    file with matplotlib when matplotlib's cached font list predates it. Raises
    ``ChartFontMissing`` when no such font is installed."""
    if _has_family(CJK_FAMILY):
        return CJK_FAMILY
    candidates = list(CJK_PATHS)
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(
            [fc_match, "-f", "%{file}", f"{CJK_FAMILY}:style=Regular"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if found:
            candidates.insert(0, found)
    for path in candidates:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            if _has_family(CJK_FAMILY):
                return CJK_FAMILY
    raise ChartFontMissing(
        f"The report's charts need the font {CJK_FAMILY!r} for Chinese labels and it is not "
        "installed (Debian: apt-get install fonts-noto-cjk)."
    )


def _figure() -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained", facecolor="white")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _style(axes: Axes, title: str, ylabel: str = "") -> None:
    ax = axes
    ax.set_title(title, fontsize=10, loc="left")
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _png(figure: Figure) -> bytes:
    """The figure as an RGB PNG on white: no alpha channel (a PDF would carry it as a second
    image, a soft mask), no metadata (no software name or time: same data, same bytes)."""
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return out.getvalue()


def _render(draw: Callable[[Axes], None]) -> bytes:
    family = cjk_font_name()
    with matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "svg.hashsalt": "branchwork",
        }
    ):
        figure, axes = _figure()
        draw(axes)
        return _png(figure)


def _all_zero(values: Sequence[Number]) -> bool:
    return not any(values)


def _label_bars(axes: Axes, bars: BarContainer, texts: Sequence[str]) -> None:
    axes.bar_label(bars, labels=list(texts), fontsize=7, padding=2)


def category_bars(
    *, title: str, categories: Sequence[tuple[str, int]], value_label: str = ""
) -> bytes | None:
    """Horizontal bars, one per category with its count written at its end (members by
    category). None when there is no category or every count is zero."""
    if not categories or _all_zero([n for _label, n in categories]):
        return None

    def draw(ax: Axes) -> None:
        labels = [label for label, _n in categories]
        values = [n for _label, n in categories]
        positions = list(range(len(labels)))[::-1]
        bars = ax.barh(positions, values, color=PALETTE[: len(values)], height=0.6)
        ax.set_yticks(positions, labels)
        _label_bars(ax, bars, [str(v) for v in values])
        _style(ax, title)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_xlim(0, max(values) * 1.15)
        if value_label:
            ax.set_xlabel(value_label, fontsize=8)

    return _render(draw)


def paired_bars(
    *,
    title: str,
    periods: Sequence[str],
    first: tuple[str, Sequence[Number]],
    second: tuple[str, Sequence[Number]],
    ylabel: str = "",
    rates: Sequence[str] | None = None,
) -> bytes | None:
    """Two bars per period side by side, e.g. dues due and collected by month; ``first`` and
    ``second`` are (legend label, one value per period). ``rates``, one short text per period
    (a collection rate), is written centred above each pair. None without periods or when
    every value is zero."""
    if not periods or _all_zero([*first[1], *second[1]]):
        return None

    def draw(ax: Axes) -> None:
        xs = list(range(len(periods)))
        width = 0.38
        ax.bar(
            [x - width / 2 for x in xs],
            [float(v) for v in first[1]],
            width,
            label=first[0],
            color=GREY,
        )
        ax.bar(
            [x + width / 2 for x in xs],
            [float(v) for v in second[1]],
            width,
            label=second[0],
            color=RED,
        )
        if rates is not None:
            # Centred over the pair, above its taller bar.
            for x, a, b, text in zip(xs, first[1], second[1], rates, strict=True):
                ax.annotate(
                    text,
                    (x, max(float(a), float(b))),
                    textcoords="offset points",
                    xytext=(0, 2),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
        ax.set_xticks(xs, periods)
        top = max(float(v) for v in [*first[1], *second[1]])
        ax.set_ylim(0, top * 1.2)
        _style(ax, title, ylabel)
        ax.legend(fontsize=7, frameon=False, loc="upper right", ncols=2)

    return _render(draw)


def bars_and_line(
    *,
    title: str,
    periods: Sequence[str],
    bars: tuple[str, Sequence[Number]],
    line: tuple[str, Sequence[Number]],
) -> bytes | None:
    """Bars on the left axis and a line with markers on the right axis, per period (the road
    program: km built each year, and the groups connected so far); each is (label, one value
    per period) and its label names its axis. None without periods or when every value is
    zero."""
    if not periods or _all_zero([*bars[1], *line[1]]):
        return None

    def draw(ax: Axes) -> None:
        xs = list(range(len(periods)))
        heights = [float(v) for v in bars[1]]
        ax.bar(xs, heights, 0.55, color=RED)
        # The bars' values inside them (white), so that the line's labels above its points
        # never meet them; a bar too short to hold its value has it just above.
        for x, h in zip(xs, heights, strict=True):
            if not h:
                continue
            inside = h >= 0.12 * max(heights)
            ax.annotate(
                f"{h:.1f}",
                (x, h / 2 if inside else h),
                textcoords="offset points",
                xytext=(0, 0 if inside else 3),
                ha="center",
                va="center" if inside else "bottom",
                fontsize=7,
                color="white" if inside else "black",
            )
        ax.set_xticks(xs, periods)
        ax.set_ylim(0, max(heights) * 1.2 or 1)
        _style(ax, title, bars[0])
        ax.yaxis.label.set_color(RED)
        right = ax.twinx()
        right.plot(xs, [float(v) for v in line[1]], color=GOLD, marker="o", markersize=4)
        for x, v in zip(xs, line[1], strict=True):
            right.annotate(
                f"{v}",
                (x, float(v)),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=7,
                color="#7a5c00",
                # Over a bar's own label when they meet, on a white ground to stay readable.
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
                zorder=5,
            )
        right.set_ylim(0, max(float(v) for v in line[1]) * 1.25 or 1)
        right.set_ylabel(line[0], fontsize=8, color="#7a5c00")
        right.tick_params(labelsize=8)
        right.spines["top"].set_visible(False)

    return _render(draw)


def stacked_bars(
    *,
    title: str,
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    ylabel: str = "",
    totals: Sequence[str] | None = None,
) -> bytes | None:
    """Stacked bars per period, one colour per series with a legend (assistance by year and
    type); ``series`` is (label, one value per period) in stacking order, series that are
    zero throughout are left out. ``totals``, one text per period, is written above each
    bar. None without periods or when every value is zero."""
    kept = [(label, values) for label, values in series if not _all_zero(values)]
    if not periods or not kept:
        return None

    def draw(ax: Axes) -> None:
        xs = list(range(len(periods)))
        bottom = [0.0] * len(periods)
        top = None
        for n, (label, values) in enumerate(kept):
            heights = [float(v) for v in values]
            top = ax.bar(
                xs, heights, 0.55, bottom=bottom, label=label, color=PALETTE[n % len(PALETTE)]
            )
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        if totals is not None and top is not None:
            _label_bars(ax, top, totals)
        ax.set_xticks(xs, periods)
        ax.set_ylim(0, max(bottom) * 1.18)
        _style(ax, title, ylabel)
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))

    return _render(draw)
