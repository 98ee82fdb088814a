"""Injectable time: services ask the clock, tests move it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

DB_FORMAT = "%Y-%m-%d %H:%M:%S"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


def to_db(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(DB_FORMAT)


def from_db(text: str) -> datetime:
    # fromisoformat reads DB_FORMAT about ten times faster than strptime; planners parse
    # a moment per row they look at.
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def after(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)


def local_today(clock: Clock, timezone: str) -> date:
    """Today's date where the person is: a deadline is a day on their calendar."""
    return clock.now().astimezone(ZoneInfo(timezone)).date()


def local_day(stamp: str, timezone: str) -> date:
    """The day a stored moment fell on in `timezone` (a stage finished, an act made)."""
    return from_db(stamp).astimezone(ZoneInfo(timezone)).date()
