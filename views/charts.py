"""The project timeline and the head's /stats chart, drawn with matplotlib as PNG.

Imported in the render worker only (views/drawing.py). Sizes are for a phone: 1280 px
wide at 100 dpi, where 1 pt is 1.39 px, so the smallest text (11 pt) is 15 px.
"""

from __future__ import annotations

import io
import textwrap
from datetime import timedelta

import matplotlib
from matplotlib import dates as mdates
from matplotlib.axes import Axes

# A Figure made directly, not through pyplot, draws with Agg into memory: no screen, no
# global figure list to leak from.
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from views.sheets import BarState, StatsSheet, TimelineSheet

WIDTH_INCHES = 12.8
DPI = 100
TEXT_PT = 11
TITLE_PT = 17
LEGEND_ROW_PT = 30  # a chart title's distance from its data: the legend's row between

COLOURS = {
    BarState.PLANNED: "#b8c4d6",
    BarState.IN_PROGRESS: "#3b7dd8",
    BarState.WAITING: "#f0a830",
    BarState.APPROVAL: "#14a3a0",  # teal: apart from the purple "today" line
    BarState.DONE: "#4caf6a",
    BarState.OVERDUE: "#d9453b",
}
TRACK = "#dde6f3"  # the unfilled part of a bar in progress
TODAY = "#8e24aa"
INK = "#1f2430"
MUTED = "#5c6370"

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",  # ships with matplotlib; has Cyrillic
        "font.size": TEXT_PT,
        "axes.edgecolor": "#c9ced6",
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": INK,
    }
)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # Flat colours compress well at a low level; the highest costs a tenth of a second.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


class _Page:
    """A phone-wide figure of `height` inches with its title on top; `y(inches)` places
    things by their distance from the top, as the layout is thought of."""

    def __init__(self, height: float, title: str, subtitle: str) -> None:
        self.height = height
        self.figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, facecolor="white")
        self.figure.text(0.03, self.y(0.45), title, fontsize=TITLE_PT, weight="bold", color=INK)
        self.figure.text(0.03, self.y(0.85), subtitle, color=MUTED)

    def y(self, inches: float) -> float:
        return 1 - inches / self.height


def _label(title: str, width: int = 30) -> str:
    """A stage's title on at most two lines beside its bar."""
    lines = textwrap.wrap(title, width) or ["—"]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


def timeline_png(sheet: TimelineSheet) -> bytes:
    return _png(timeline_figure(sheet))


def stats_png(sheet: StatsSheet) -> bytes:
    return _png(stats_figure(sheet))


def timeline_figure(sheet: TimelineSheet) -> Figure:
    bars = sheet.bars
    moved = [bar for bar in bars if bar.moved]
    notes = [
        textwrap.fill(f"{number}. {bar.title}: {bar.moved}", 120)
        for number, bar in enumerate(moved, 1)
    ]
    note_lines = sum(note.count("\n") + 1 for note in notes)
    rows = max(len(bars), 1)
    chart_inches = 0.62 * rows + 0.9
    header_inches, legend_inches = 1.15, 0.95
    notes_inches = 0.27 * note_lines + (0.2 if notes else 0)
    height = header_inches + chart_inches + legend_inches + notes_inches
    page = _Page(height, sheet.title, sheet.subtitle)
    figure, from_top = page.figure, page.y
    axes = figure.add_axes(
        (0.3, from_top(header_inches + chart_inches), 0.66, chart_inches / height)
    )
    if not bars:
        axes.set_axis_off()
        axes.text(0.5, 0.5, sheet.empty_label, ha="center", va="center", color=MUTED)
        return figure

    first = min(min(bar.start for bar in bars), sheet.today)
    last = max(max(bar.end for bar in bars), sheet.today) + timedelta(days=1)
    positions = list(range(len(bars)))[::-1]  # the first stage on top
    starts = [mdates.date2num(bar.start) for bar in bars]
    widths = [
        max(mdates.date2num(bar.end + timedelta(days=1)) - start, 0.6)
        for bar, start in zip(bars, starts, strict=True)
    ]
    # One call per layer: a bar a call costs a container and its artists each.
    axes.barh(positions, widths, left=starts, height=0.56,
              color=[TRACK if bar.state is BarState.IN_PROGRESS else COLOURS[bar.state]
                     for bar in bars],
              edgecolor=[COLOURS[bar.state] for bar in bars], linewidth=1)  # fmt: skip
    working = [i for i, bar in enumerate(bars) if bar.state is BarState.IN_PROGRESS]
    if working:
        axes.barh([positions[i] for i in working],
                  [widths[i] * bars[i].progress / 100 for i in working],
                  left=[starts[i] for i in working], height=0.56,
                  color=COLOURS[BarState.IN_PROGRESS])  # fmt: skip
    late = [i for i, bar in enumerate(bars) if bar.state is BarState.OVERDUE and bar.progress]
    for i in working + late:
        axes.text(starts[i] + widths[i], positions[i], f" {bars[i].progress}%", va="center",
                  color=INK)  # fmt: skip
    for number, bar in enumerate(moved, 1):
        i = bars.index(bar)
        end = starts[i] + widths[i]
        axes.plot(end, positions[i] + 0.36, marker="v", color=INK, markersize=8)
        axes.text(end, positions[i] + 0.42, f" {number}", color=INK, va="bottom")
    today = mdates.date2num(sheet.today)
    axes.axvline(today, color=TODAY, linestyle="--", linewidth=2)
    axes.text(today, len(bars) - 0.35, f" {sheet.today_label}", color=TODAY, va="bottom",
              weight="bold")  # fmt: skip
    # Titles as plain texts beside the axis: a tick per stage costs a line, a grid line
    # and two labels each, for nothing shown.
    axes.set_yticks([])
    for y, bar in zip(positions, bars, strict=True):
        axes.text(-0.015, y, _label(bar.title), transform=axes.get_yaxis_transform(),
                  ha="right", va="center", color=INK)  # fmt: skip
    axes.set_ylim(-0.7, len(bars) - 0.3)
    margin = max((last - first).days * 0.04, 1)
    axes.set_xlim(mdates.date2num(first) - margin, mdates.date2num(last) + margin * 2.5)
    axes.set_xticks([mdates.date2num(tick.day) for tick in sheet.ticks],
                    [tick.label for tick in sheet.ticks])  # fmt: skip
    axes.grid(axis="x", color="#edf0f4")
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)

    handles = [Patch(color=COLOURS[state], label=label) for state, label in sheet.legend]
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.03, from_top(header_inches + chart_inches + 0.3)),
        ncol=len(handles),
        frameon=False,
        handlelength=1.4,
        columnspacing=1.6,
    )
    top = header_inches + chart_inches + legend_inches
    for note in notes:
        figure.text(0.03, from_top(top), note, va="top", color=INK)
        top += 0.27 * (note.count("\n") + 1)
    return figure


def _header(axes: Axes, title: str, *, legend: bool = False) -> None:
    """A chart's title and, in a row of its own between the title and the data, its
    legend: placed there, it cannot cover a bar however long the bars or the names."""
    if legend:
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncol=2,
            frameon=False,
            borderaxespad=0.3,
            handlelength=1.4,
            columnspacing=1.6,
        )
    axes.set_title(title, loc="left", color=INK, pad=LEGEND_ROW_PT)


def stats_figure(sheet: StatsSheet) -> Figure:
    labels = sheet.labels
    people = max(len(sheet.managers), 1)
    header_inches = 1.5
    team_inches = 0.55 * people + 1.4
    money_inches = 4.4
    height = header_inches + team_inches + money_inches
    page = _Page(height, sheet.title, sheet.subtitle)
    figure, from_top = page.figure, page.y

    # per AM: open projects and overdue stages as counts, the overdue money beside them
    team_bottom = header_inches + team_inches - 0.4
    counts = figure.add_axes((0.22, from_top(team_bottom), 0.4, (team_inches - 1.0) / height))
    money = figure.add_axes((0.68, from_top(team_bottom), 0.28, (team_inches - 1.0) / height))
    names = [_label(item.name, 24) for item in sheet.managers] or ["—"]
    y = list(range(len(names)))[::-1]
    opened = [item.open_projects for item in sheet.managers] or [0]
    late = [item.overdue_stages for item in sheet.managers] or [0]
    owed = [item.overdue_amount for item in sheet.managers] or [0]
    counts.barh([v + 0.2 for v in y], opened, height=0.38, color=COLOURS[BarState.IN_PROGRESS],
                label=labels.open)  # fmt: skip
    counts.barh([v - 0.2 for v in y], late, height=0.38, color=COLOURS[BarState.OVERDUE],
                label=labels.overdue_stages)  # fmt: skip
    counts.set_yticks(y, names)
    _header(counts, labels.team, legend=True)
    money.barh(y, owed, height=0.5, color=COLOURS[BarState.WAITING])
    money.set_yticks(y, [""] * len(y))
    _header(money, f"{labels.overdue_amount}, {sheet.currency}")
    for value, row in zip(owed, y, strict=True):
        money.text(value, row, f" {value:,.0f}".replace(",", "\u00a0"), va="center", color=INK)
    # every bar carries its sum: no axis, and room on the right for the longest label
    money.set_xlim(0, max(max(owed) * 1.6, 1))
    money.xaxis.set_visible(False)
    money.tick_params(axis="y", length=0)
    counts.xaxis.set_major_locator(MaxNLocator(integer=True))
    for axes in (counts, money):
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    money.spines["bottom"].set_visible(False)

    weeks = figure.add_axes((0.08, from_top(height - 0.7), 0.88, (money_inches - 1.7) / height))
    x = list(range(len(sheet.weeks)))
    weeks.bar([v - 0.2 for v in x], [w.issued for w in sheet.weeks], width=0.4,
              color=COLOURS[BarState.PLANNED], label=labels.issued)  # fmt: skip
    weeks.bar([v + 0.2 for v in x], [w.paid for w in sheet.weeks], width=0.4,
              color=COLOURS[BarState.DONE], label=labels.paid)  # fmt: skip
    weeks.set_xticks(x, [w.label for w in sheet.weeks])
    _header(weeks, f"{labels.weeks}, {sheet.currency}", legend=True)
    weeks.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}".replace(",", " "))
    for side in ("top", "right"):
        weeks.spines[side].set_visible(False)
    return figure
