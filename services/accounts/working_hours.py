"""An account manager's working hours: when a client's message counts towards the reply
deadline, and what a client is told about when to expect an answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.accounts.people import Person
from services.db import Database, Row, one_row
from services.platform.errors import InvalidInput
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar


@dataclass(frozen=True)
class WorkSchedule:
    start: time
    end: time
    timezone: str
    calendar: WorkCalendar = WEEKDAYS_ONLY

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return self.calendar.is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_open(self, moment: datetime) -> datetime:
        """The moment work next starts (or `moment` itself during working hours)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        day = local.date()
        if local.time() >= self.start:
            day += timedelta(days=1)
        day = self.calendar.working_day_from(day)
        return datetime.combine(day, self.start, tzinfo=self.zone)

    def hours_between(self, begin: datetime, end: datetime) -> float:
        """Working hours elapsed between two moments."""
        total = 0.0
        day = begin.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            if self.calendar.is_working_day(day):
                opens = datetime.combine(day, self.start, tzinfo=self.zone)
                closes = datetime.combine(day, self.end, tzinfo=self.zone)
                overlap = min(closes, end) - max(opens, begin)
                total += max(overlap.total_seconds(), 0) / 3600
            day += timedelta(days=1)
        return total

    def moment_after(self, begin: datetime, hours: float) -> datetime | None:
        """The moment `hours` working hours after `begin` have passed (None past a year)."""
        left = timedelta(hours=hours)
        day = begin.astimezone(self.zone).date()
        for _ in range(400):
            if self.calendar.is_working_day(day):
                opens = max(datetime.combine(day, self.start, tzinfo=self.zone), begin)
                closes = datetime.combine(day, self.end, tzinfo=self.zone)
                if closes > opens:
                    if closes - opens >= left:
                        return opens + left
                    left -= closes - opens
            day += timedelta(days=1)
        return None


def parse_hours(text: str) -> tuple[time, time, str | None]:
    """'10:00-19:00' or '10:00-19:00 Europe/Samara'."""
    parts = text.split()
    try:
        start_text, end_text = parts[0].split("-")
        start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
    except (ValueError, IndexError) as error:
        raise InvalidInput("chat-hours-format") from error
    if start >= end:
        raise InvalidInput("chat-hours-format")
    zone = parts[1] if len(parts) > 1 else None
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InvalidInput("chat-hours-format") from error
    return start, end, zone


def schedule_of(row: Row, default_timezone: str, calendar: WorkCalendar) -> WorkSchedule:
    """A staff member's working hours, from their people row."""
    return WorkSchedule(
        time.fromisoformat(row["work_start"]),
        time.fromisoformat(row["work_end"]),
        row["timezone"] or default_timezone,
        calendar,
    )


class WorkingHours:
    def __init__(
        self, db: Database, default_timezone: str, calendar: WorkCalendar = WEEKDAYS_ONLY
    ) -> None:
        self.db = db
        self.default_timezone = default_timezone
        self.calendar = calendar

    async def set_hours(self, staff: Person, text: str) -> WorkSchedule:
        staff.require_staff()
        start, end, zone = parse_hours(text)
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET work_start = ?, work_end = ?, timezone = COALESCE(?, timezone)"
                " WHERE telegram_id = ?",
                (start.strftime("%H:%M"), end.strftime("%H:%M"), zone, staff.telegram_id),
            )
        return WorkSchedule(
            start, end, zone or staff.timezone or self.default_timezone, self.calendar
        )

    async def of(self, staff: Person) -> WorkSchedule:
        async with self.db.reading() as conn:
            row = await one_row(
                conn, "SELECT * FROM people WHERE telegram_id = ?", staff.telegram_id
            )
        return schedule_of(row, self.default_timezone, self.calendar)
