"""Quiet hours: the local window in which non-urgent client messages wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """'21:00-09:00' -> QuietHours; a window may cross midnight."""
        try:
            start_text, end_text = (part.strip() for part in text.split("-"))
            start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
        except ValueError as error:
            raise ValueError(f"quiet hours must look like 21:00-09:00, got {text!r}") from error
        if start == end:
            raise ValueError("quiet hours start and end must differ")
        return cls(start, end)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, local: time) -> bool:
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def release_time(self, moment: datetime, zone: ZoneInfo) -> datetime | None:
        """When a message held at `moment` may go out, or None if it may go now."""
        local = moment.astimezone(zone)
        if not self.contains(local.time()):
            return None
        end = datetime.combine(local.date(), self.end, tzinfo=zone)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), self.end, tzinfo=zone)
        return end.astimezone(moment.tzinfo)
