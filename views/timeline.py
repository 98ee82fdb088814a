"""A project as a timeline sheet: each stage's bar from its start to its deadline, in the
reader's language (drawn by views/charts.timeline_png in the render worker)."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from services.platform.clock import local_day
from services.work.projects import DeadlineMove, Project, Stage
from services.work.statuses import StageStatus
from views.sheets import BarState, Drawing, FileKind, StageBar, Tick, TimelineSheet
from views.texts import Translate, babel_locale, format_day, say_plain

LEGEND = (
    (BarState.PLANNED, "timeline-planned"),
    (BarState.IN_PROGRESS, "timeline-in-progress"),
    (BarState.WAITING, "timeline-waiting"),
    (BarState.APPROVAL, "timeline-approval"),
    (BarState.DONE, "timeline-done"),
    (BarState.OVERDUE, "timeline-overdue"),
)


def bar_state(stage: Stage, today: date) -> BarState:
    if stage.done:
        return BarState.DONE
    if stage.awaiting_version is not None:  # the client holds it, whatever the date
        return BarState.APPROVAL
    if stage.overdue(today):
        return BarState.OVERDUE
    if stage.status == StageStatus.WAITING:
        return BarState.WAITING
    if stage.status == StageStatus.IN_PROGRESS:
        return BarState.IN_PROGRESS
    return BarState.PLANNED


def stage_spans(project: Project, timezone: str, today: date) -> list[tuple[date, date]]:
    """Start and end of each stage: it starts when it was started, else the day after the
    stage before it is due (the first: the day the project began); it ends when due, or a
    week after it starts when it has no deadline."""
    spans = []
    previous_end = local_day(project.created_at, timezone)
    for number, stage in enumerate(project.stages):
        planned = previous_end + timedelta(days=1) if number else previous_end
        start = local_day(stage.started_at, timezone) if stage.started_at else planned
        end = stage.deadline or max(start, today) + timedelta(days=7)
        start = min(start, end)
        spans.append((start, end))
        previous_end = end
    return spans


def ticks(first: date, last: date, language: str) -> tuple[Tick, ...]:
    """Days, weeks or months along the bottom, as the project's length asks."""
    locale = babel_locale(language)
    days = (last - first).days
    if days <= 90:
        # at most 8 labels: "28 нояб." takes a ninth of the chart's width
        step = max(1, -(-days // (7 * 8))) * 7 if days > 14 else max(1, -(-days // 8))
        begin = first - timedelta(days=first.weekday()) if days > 14 else first
        marks = [begin + timedelta(days=n) for n in range(0, days + step + 1, step)]
        marks = [day for day in marks if day <= last + timedelta(days=1)]
        pattern = "d MMM"
    else:
        marks, month = [], date(first.year, first.month, 1)
        while month <= last:
            marks.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        marks = marks[:: max(1, -(-len(marks) // 8))]
        pattern = "LLL y"
    return tuple(Tick(day, format_date(day, pattern, locale=locale)) for day in marks)


def timeline_sheet(
    project: Project,
    moves: list[DeadlineMove],
    today: date,
    translate: Translate,
    language: str,
    timezone: str,
) -> TimelineSheet:
    last_move = {move.stage_id: move for move in moves}  # the latest, the reason shown
    spans = stage_spans(project, timezone, today)
    bars = []
    for stage, (start, end) in zip(project.stages, spans, strict=True):
        move = last_move.get(stage.id)
        moved = None
        if move is not None:
            moved = say_plain(
                translate,
                "timeline-moved",
                old=format_day(move.old, language, with_year=False) if move.old else "—",
                new=format_day(move.new, language, with_year=False),
                reason=move.reason,
            )
        bars.append(
            StageBar(stage.title, start, end, bar_state(stage, today), stage.progress, moved)
        )
    first = min([today, *(start for start, _ in spans)])
    last = max([today, *(end for _, end in spans)])
    began = spans[0][0] if spans else today
    subtitle = say_plain(
        translate,
        "timeline-subtitle",
        company=project.company_name,
        start=format_day(began, language),
        end=format_day(spans[-1][1] if spans else today, language),
        progress=project.progress,
    )
    return TimelineSheet(
        title=project.title,
        subtitle=subtitle,
        bars=tuple(bars),
        today=today,
        today_label=translate("timeline-today"),
        legend=tuple((state, translate(key)) for state, key in LEGEND),
        ticks=ticks(first, last, language),
        empty_label=translate("timeline-no-stages"),
    )


def timeline_drawing(project: Project, sheet: TimelineSheet, language: str) -> Drawing:
    filename = f"timeline-{project.id}.png"
    return Drawing(sheet, FileKind.PHOTO, filename, f"timeline:{project.id}", language)
