"""Which days are working days: Monday to Friday, minus the public holidays of one country.

The official calendars come from the `holidays` package, which keeps Russia's New Year
holidays, the days off moved by government decree and the working Saturdays up to date.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays


class WorkCalendar:
    def __init__(self, country: str = "") -> None:
        self.country = country.strip().upper()
        self._official = holidays.country_holidays(self.country) if self.country else None

    def is_working_day(self, day: date) -> bool:
        if self._official is None:
            return day.weekday() < 5
        return self._official.is_working_day(day)

    def working_day_from(self, day: date) -> date:
        """`day` itself when people work that day, else the next day they do."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


WEEKDAYS_ONLY = WorkCalendar()


def supported_countries() -> set[str]:
    return set(holidays.list_supported_countries())
