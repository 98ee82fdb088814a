"""What every planner shares: a tick reads through an index, and a change of settings
makes every open row be looked at again."""

from __future__ import annotations

from datetime import time

import pytest

from services.db import Database
from services.planners.base import LOOK_AGAIN, Planner
from services.planners.digests import DigestPlanner, WeeklyPlanner
from services.planners.invoices import InvoicePlanner
from services.planners.proposals import ProposalPlanner
from services.planners.reminders import ReminderPolicy
from services.planners.sign_off import SignOffPlanner
from services.planners.sla import SlaPlanner
from services.planners.stages import StagePlanner
from services.planners.tasks import TaskPlanner
from services.platform.clock import to_db
from services.platform.quiet_hours import QuietHours
from tests.plans import plan_of


def every_planner(db: Database, morning: time = time(9)) -> list[Planner]:
    return [
        ProposalPlanner(
            db,
            "Europe/Moscow",
            approval_reminder_hours=24,
            client_reminder_days=3,
            quiet_hours=QuietHours.parse("21:00-09:00"),
        ),
        StagePlanner(db, "Europe/Moscow", morning=morning),
        DigestPlanner(db, "Europe/Moscow", morning=morning),
        WeeklyPlanner(db, "Europe/Moscow", weekday=0, at=time(10)),
        InvoicePlanner(db, ReminderPolicy((-3, 0, 1), time(10), False), "Europe/Moscow"),
        SlaPlanner(db, "Europe/Moscow", 4),
        SignOffPlanner(db, "Europe/Moscow", 2),
        TaskPlanner(db, "Europe/Moscow", morning=morning, escalate_after=2),
    ]


@pytest.mark.parametrize("index", range(8))
async def test_the_due_query_reads_through_the_partial_index(db, clock, index):
    planner = every_planner(db)[index]
    plan = await plan_of(
        db,
        f"SELECT {planner.key}, {planner.column} FROM {planner.table}"
        f" WHERE {planner.column} <= ? ORDER BY {planner.column} LIMIT ?",
        (to_db(clock.now()), 500),
    )
    assert plan.indexes and not plan.full_reads, plan
    assert not plan.sorts, plan


async def test_other_settings_make_every_open_row_be_looked_at_again(db, clock):
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO people (telegram_id, full_name, role, created_at)"
            " VALUES (5, 'Олег', 'manager', ?), (6, 'Анна', NULL, ?)",
            (LOOK_AGAIN,) * 2,
        )
    digests = every_planner(db)[2]
    assert not await digests.configuration_changed()  # the first start stores what it is
    await digests.tick()
    rows = await db.conn.execute_fetchall("SELECT next_digest_at FROM people ORDER BY telegram_id")
    assert [r[0] for r in rows] == ["2026-11-30 06:00:00", None]  # Monday 09:00 in Moscow
    assert not await every_planner(db)[2].configuration_changed()  # same settings: nothing
    later = every_planner(db, morning=time(10))[2]
    assert await later.configuration_changed()
    rows = await db.conn.execute_fetchall("SELECT next_digest_at FROM people ORDER BY telegram_id")
    assert [r[0] for r in rows] == [LOOK_AGAIN, None]
    await later.tick()
    rows = await db.conn.execute_fetchall("SELECT next_digest_at FROM people ORDER BY telegram_id")
    assert [r[0] for r in rows] == ["2026-11-30 07:00:00", None]
