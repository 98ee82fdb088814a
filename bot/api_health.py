"""When Telegram last answered a call: the session records it, readiness reads it."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class ApiHealth:
    last_ok: float | None = None

    def answered(self) -> None:
        self.last_ok = time.monotonic()

    def seconds_since(self) -> float | None:
        return None if self.last_ok is None else time.monotonic() - self.last_ok
