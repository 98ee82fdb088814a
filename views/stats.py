"""The head's /stats chart as a sheet: per AM open projects, overdue stages and overdue
money, and twelve weeks of money issued and paid (drawn by views/charts.stats_png)."""

from __future__ import annotations

from babel.dates import format_date

from services.platform.parsing import MINOR_PER_UNIT, Money
from services.work.stats import TeamStats
from views.sheets import Drawing, FileKind, ManagerLoad, StatsLabels, StatsSheet, WeekSums
from views.texts import Translate, babel_locale, format_day, say, say_plain


def stats_sheet(stats: TeamStats, translate: Translate, language: str) -> StatsSheet:
    locale = babel_locale(language)
    currency = stats.currency
    return StatsSheet(
        title=translate("stats-chart-title"),
        subtitle=say_plain(
            translate, "stats-chart-subtitle", today=format_day(stats.today, language)
        ),
        managers=tuple(
            ManagerLoad(
                item.name if item.manager_id is not None else translate("stats-chart-no-manager"),
                item.open_projects,
                item.overdue_stages,
                item.overdue_minor.get(currency, 0) / MINOR_PER_UNIT,
            )
            for item in stats.managers
        ),
        weeks=tuple(
            WeekSums(
                format_date(week.monday, "d MMM", locale=locale),
                week.issued_minor / MINOR_PER_UNIT,
                week.paid_minor / MINOR_PER_UNIT,
            )
            for week in stats.weeks
        ),
        currency=currency,
        labels=StatsLabels(
            team=translate("stats-chart-team"),
            open=translate("stats-chart-open"),
            overdue_stages=translate("stats-chart-overdue-stages"),
            overdue_amount=translate("stats-chart-overdue-amount"),
            weeks=translate("stats-chart-weeks"),
            issued=translate("stats-chart-issued"),
            paid=translate("stats-chart-paid"),
        ),
    )


def stats_caption(stats: TeamStats, translate: Translate, language: str) -> str:
    """What the chart says in words, and overdue money in currencies it does not show."""
    sums = [
        Money(minor, currency).format(language)
        for item in stats.managers
        for currency, minor in item.overdue_minor.items()
        if currency != stats.currency and minor
    ]
    caption = translate("stats-chart-caption")
    if sums:
        caption += "\n" + say(translate, "stats-chart-other", sums=", ".join(sums))
    return caption


def stats_drawing(stats: TeamStats, translate: Translate, language: str) -> Drawing:
    sheet = stats_sheet(stats, translate, language)
    return Drawing(sheet, FileKind.PHOTO, "stats.png", "stats", language)
