"""Where a project and its stages stand: a vocabulary shared by the projects service and
the notices about them."""

from __future__ import annotations

import enum


class StageStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting_client"
    DONE = "done"


class ProjectStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"
