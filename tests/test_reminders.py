"""Project planners with the clock moved (never slept): each reminder once, at local time."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.notices import text_key
from services.accounts.companies import Companies
from services.accounts.people import People
from services.db import Database
from services.delivery import notices
from services.delivery.notices import MorningDigest, WeeklySummary
from services.planners import reminders
from services.planners.base import LOOK_AGAIN
from services.planners.digests import DigestPlanner, WeeklyPlanner
from services.planners.reminders import Recipient, StageFacts
from services.planners.stages import StagePlanner
from services.platform.workdays import WorkCalendar
from services.work.projects import Projects
from tests.notices import queued

MORNING = time(9, 0)
HEAD, AM, CLIENT = 1, 2, 3
MOSCOW = Recipient(AM, "Europe/Moscow")
VLADIVOSTOK = Recipient(AM, "Asia/Vladivostok")
HEADS = [Recipient(HEAD, "Europe/Moscow")]
RUSSIA = WorkCalendar("RU")


def stage(deadline: date, *, waiting_since: datetime | None = None) -> StageFacts:
    return StageFacts(
        7, 1, "Креативы", "Запуск", "Ромашка", deadline, False, waiting_since, "макеты"
    )


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def keys(planned: list[reminders.Planned]) -> list[str]:
    return [text_key(p.notice) for p in planned]


def test_deadline_steps_at_nine_local():
    facts = stage(date(2026, 12, 10))
    assert (
        reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 7, 5, 59), MORNING, RUSSIA)
        == []
    )
    assert keys(
        reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 7, 6), MORNING, RUSSIA)
    ) == ["stage-due-3d"]
    assert keys(
        reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 9, 6), MORNING, RUSSIA)
    ) == ["stage-due-1d"]
    assert keys(
        reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 10, 6), MORNING, RUSSIA)
    ) == ["stage-due-today"]
    # in Vladivostok 09:00 of 7 December is 23:00 UTC of the 6th
    assert keys(
        reminders.deadline_reminders(
            facts, VLADIVOSTOK, HEADS, utc(2026, 12, 6, 23), MORNING, RUSSIA
        )
    ) == ["stage-due-3d"]


def test_no_deadline_step_from_before_the_stage_existed():
    """A stage made on Tue 22 Dec due Thu 24 Dec: no "3 days left" at once; the first
    reminder is the next step ahead, Wednesday's "tomorrow"."""
    made = utc(2026, 12, 22, 7)  # Tuesday 10:00 in Moscow
    facts = dataclasses.replace(stage(date(2026, 12, 24)), deadline_set_at=made)
    for moment in (made, utc(2026, 12, 23, 5, 59)):
        assert reminders.deadline_reminders(facts, MOSCOW, HEADS, moment, MORNING, RUSSIA) == []
    assert keys(
        reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 23, 6), MORNING, RUSSIA)
    ) == ["stage-due-1d"]
    # a deadline moved on Monday 21 Dec to Thursday: "3 days left" was due at 09:00 that day
    moved = dataclasses.replace(facts, deadline_set_at=utc(2026, 12, 21, 5))
    assert keys(
        reminders.deadline_reminders(moved, MOSCOW, HEADS, utc(2026, 12, 21, 6), MORNING, RUSSIA)
    ) == ["stage-due-3d"]


def test_overdue_working_mornings_for_the_manager_daily_for_heads():
    facts = stage(date(2026, 12, 10))  # a Thursday
    friday = reminders.deadline_reminders(
        facts, MOSCOW, HEADS, utc(2026, 12, 11, 6), MORNING, RUSSIA
    )
    assert keys(friday) == ["stage-overdue", "stage-overdue-head"]
    saturday = reminders.deadline_reminders(
        facts, MOSCOW, HEADS, utc(2026, 12, 12, 6), MORNING, RUSSIA
    )
    assert keys(saturday) == ["stage-overdue-head"]
    assert (
        friday[0].dedup_key
        != reminders.deadline_reminders(
            facts, MOSCOW, HEADS, utc(2026, 12, 14, 6), MORNING, RUSSIA
        )[0].dedup_key
    )


def test_after_downtime_only_the_latest_step_goes():
    facts = stage(date(2026, 12, 10))
    late = reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 9, 15), MORNING, RUSSIA)
    assert keys(late) == ["stage-due-1d"]  # the 3-day one is stale
    past = reminders.deadline_reminders(facts, MOSCOW, HEADS, utc(2026, 12, 11, 7), MORNING, RUSSIA)
    assert "stage-due-today" not in keys(past) and "stage-overdue" in keys(past)


def test_digest_on_working_mornings_only_at_the_moment_it_was_planned_for():
    facts = reminders.DigestFacts(["Ромашка · Запуск · Креативы"], [], [])
    friday_nine = utc(2026, 12, 11, 6)
    digest = reminders.morning_digest(MOSCOW, facts, friday_nine, friday_nine, RUSSIA)
    assert digest is not None and digest.notice.late_from is None
    saturday_nine = utc(2026, 12, 12, 6)
    assert reminders.morning_digest(MOSCOW, facts, saturday_nine, saturday_nine, RUSSIA) is None
    empty = reminders.DigestFacts([], [], [])
    assert reminders.morning_digest(MOSCOW, empty, friday_nine, friday_nine, RUSSIA) is None
    # a schedule recomputed in the afternoon sends nothing now (it plans the next morning)
    assert reminders.morning_digest(MOSCOW, facts, utc(2026, 12, 11, 12), None, RUSSIA) is None


def test_a_digest_missed_while_the_bot_was_down_goes_that_morning_saying_so():
    facts = reminders.DigestFacts(["Ромашка · Запуск · Креативы"], [], [])
    friday_nine = utc(2026, 12, 11, 6)
    late = reminders.morning_digest(MOSCOW, facts, utc(2026, 12, 11, 8, 40), friday_nine, RUSSIA)
    assert late is not None and late.notice.late_from == "09:00"
    at_noon = utc(2026, 12, 11, 9)
    assert reminders.morning_digest(MOSCOW, facts, at_noon, friday_nine, RUSSIA) is None
    next_day = utc(2026, 12, 14, 6)  # Monday: Friday's digest is not Monday's
    assert reminders.morning_digest(MOSCOW, facts, next_day, friday_nine, RUSSIA) is None


def test_public_holidays_are_days_off_for_the_manager_not_for_escalation():
    facts = stage(date(2026, 12, 30))
    new_year = utc(2027, 1, 5, 6)  # a Tuesday inside Russia's New Year holidays
    assert keys(reminders.deadline_reminders(facts, MOSCOW, HEADS, new_year, MORNING, RUSSIA)) == [
        "stage-overdue-head"
    ]
    back_at_work = utc(2027, 1, 11, 6)
    assert keys(
        reminders.deadline_reminders(facts, MOSCOW, HEADS, back_at_work, MORNING, RUSSIA)
    ) == ["stage-overdue", "stage-overdue-head"]
    digest = reminders.DigestFacts([], ["Ромашка · Запуск · Креативы"], [])
    assert reminders.morning_digest(MOSCOW, digest, new_year, new_year, RUSSIA) is None
    assert reminders.morning_digest(MOSCOW, digest, back_at_work, back_at_work, RUSSIA) is not None
    # without a holiday calendar only weekends are days off
    assert reminders.morning_digest(MOSCOW, digest, new_year, new_year, WorkCalendar()) is not None


def test_weekly_summary_monday_ten_local_and_dropped_when_stale():
    client = Recipient(CLIENT, "Asia/Yekaterinburg")  # UTC+5
    monday_ten = utc(2026, 12, 14, 5)
    assert (
        reminders.weekly_summary(client, [1], monday_ten - timedelta(minutes=1), 0, time(10))
        is None
    )
    summary = reminders.weekly_summary(client, [1], monday_ten, 0, time(10))
    assert summary is not None and summary.dedup_key == f"weekly:{CLIENT}:2026-W51"
    assert reminders.weekly_summary(client, [1], utc(2026, 12, 16, 12), 0, time(10)) is not None
    assert reminders.weekly_summary(client, [1], utc(2026, 12, 17, 12), 0, time(10)) is None
    assert reminders.weekly_summary(client, [], monday_ten, 0, time(10)) is None


class ProjectPlanners:
    """The stage, digest and weekly planners of a project's life, run one after another."""

    def __init__(self, db: Database) -> None:
        self.planners = (
            StagePlanner(db, "Europe/Moscow", morning=MORNING),
            DigestPlanner(db, "Europe/Moscow", morning=MORNING),
            WeeklyPlanner(db, "Europe/Moscow", weekday=0, at=time(10)),
        )

    async def plan(self) -> int:
        return sum([await planner.tick() for planner in self.planners])


@pytest.fixture
async def project(db: Database, clock):
    clock.set(utc(2026, 12, 3, 12))
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in ((HEAD, "Ирина"), (AM, "Олег"), (CLIENT, "Анна")):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    await companies.redeem(await people.get(CLIENT), invite.code)
    projects = Projects(db, "Europe/Moscow")
    created = await projects.create(
        await people.get(AM), 1, "Запуск", "Креативы — 10.12.2026\nЗапуск — 20.12.2026"
    )
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM outbox")
    return people, projects, created


async def test_every_reminder_once_over_two_weeks_of_planner_runs(project, db, clock):
    people, projects, created = project
    planner = ProjectPlanners(db)
    am = await people.get(AM)
    await projects.wait_for_client(am, created.stages[0].id, "макеты", date(2026, 12, 8))
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM outbox")
    while clock.now() < utc(2026, 12, 16, 21):
        await planner.plan()
        await planner.plan()  # a second run in the same minute changes nothing
        clock.advance(timedelta(minutes=30))
    rows = await queued(db, "dedup_key")
    assert len({r[2] for r in rows}) == len(rows)
    counted = Counter((r[0], r[1]) for r in rows)
    assert counted[(AM, "stage-due-3d")] == 1 and counted[(AM, "stage-due-1d")] == 1
    assert counted[(AM, "stage-due-today")] == 1
    # overdue from 11 Dec: Fri 11, Mon 14, Tue 15, Wed 16 for the AM; every day for the head
    assert counted[(AM, "stage-overdue")] == 4
    assert counted[(HEAD, "stage-overdue-head")] == 6
    assert counted[(CLIENT, "stage-waiting-client")] == 1
    assert counted[(AM, "stage-waiting-manager")] == 1
    assert counted[(CLIENT, "project-weekly")] == 2  # Mondays 7 and 14 December
    assert counted[(CLIENT, "timeline-caption")] == 2  # each with the project's picture
    digest_days = [r for r in rows if r[1] == "digest-morning"]
    # working days 4, 7-11, 14-16 December; not the 3rd, when the AM was added at 15:00
    assert len(digest_days) == 9
    first_3d = [
        at
        for who, said, at in await queued(db, "created_at")
        if (who, said) == (AM, "stage-due-3d")
    ]
    assert first_3d[0] == "2026-12-07 06:00:00"  # 09:00 in Moscow


async def test_the_weekly_summary_can_be_turned_off(project, db, clock):
    people, projects, _ = project
    await projects.set_weekly_summary(await people.get(CLIENT), False)
    clock.set(utc(2026, 12, 7, 7, 30))
    await ProjectPlanners(db).plan()
    rows = await db.conn.execute_fetchall(
        "SELECT 1 FROM outbox WHERE kind = ?", (WeeklySummary.kind,)
    )
    assert rows == []


async def stage_next_at(db: Database, stage_id: int) -> str | None:
    rows = await db.conn.execute_fetchall(
        "SELECT next_reminder_at FROM project_stages WHERE id = ?", (stage_id,)
    )
    return rows[0][0]


async def test_stage_changes_move_or_clear_the_next_reminder(project, db, clock):
    people, projects, created = project
    planner = StagePlanner(db, "Europe/Moscow", morning=MORNING)
    am = await people.get(AM)
    first, second = created.stages
    await planner.tick()
    assert await stage_next_at(db, first.id) == "2026-12-07 06:00:00"  # 3 days before, 09:00
    await projects.change_deadline(am, first.id, date(2026, 12, 15), "клиент задержал макеты")
    assert await stage_next_at(db, first.id) == LOOK_AGAIN
    await planner.tick()
    assert await stage_next_at(db, first.id) == "2026-12-12 06:00:00"
    # the AM moves to Vladivostok: 09:00 there is 23:00 the evening before in UTC
    await people.set_timezone(AM, "Asia/Vladivostok")
    await planner.tick()
    assert await stage_next_at(db, first.id) == "2026-12-11 23:00:00"
    await projects.finish_stage(await people.get(AM), first.id)
    assert await stage_next_at(db, first.id) is None  # done: cleared at once
    await projects.set_status(await people.get(AM), created.id, "paused")
    assert await stage_next_at(db, second.id) is None
    await projects.set_status(await people.get(AM), created.id, "active")
    await planner.tick()
    assert await stage_next_at(db, second.id) == "2026-12-16 23:00:00"


async def test_a_tick_looks_only_at_what_is_due(project, db, clock):
    _, _, created = project
    planner = StagePlanner(db, "Europe/Moscow", morning=MORNING)
    await planner.tick()
    async with db.transaction() as conn:
        # a row whose moment has not come is not read, whatever it holds
        await conn.execute(
            "UPDATE project_stages SET deadline = '2026-12-04' WHERE id = ?",
            (created.stages[1].id,),
        )
        await conn.execute(
            "UPDATE project_stages SET next_reminder_at = '2026-12-03 13:00:00' WHERE id = ?",
            (created.stages[1].id,),
        )
    clock.set(utc(2026, 12, 3, 12, 59))
    assert await planner.tick() == 0
    assert await stage_next_at(db, created.stages[1].id) == "2026-12-03 13:00:00"
    clock.set(utc(2026, 12, 3, 13))
    await planner.tick()
    assert await stage_next_at(db, created.stages[1].id) == "2026-12-04 06:00:00"


async def queued_digests(db: Database) -> list[MorningDigest]:
    rows = await db.conn.execute_fetchall(
        "SELECT kind, args FROM outbox WHERE kind = ? ORDER BY id", (MorningDigest.kind,)
    )
    return [notices.load(kind, args) for kind, args in rows]


async def test_no_good_morning_in_the_afternoon_after_a_change_or_a_restart(project, db, clock):
    """An AM in Asia/Yekaterinburg (UTC+5) marks a stage as waiting for the client at
    17:00 their time: the recomputed schedule plans the next morning, nothing goes now."""
    people, projects, created = project
    planner = ProjectPlanners(db)
    await people.set_timezone(AM, "Asia/Yekaterinburg")
    clock.set(utc(2026, 12, 7, 12))  # Monday 17:00 in Yekaterinburg
    await projects.wait_for_client(
        await people.get(AM), created.stages[0].id, "макеты", date(2026, 12, 9)
    )
    await planner.plan()
    assert await queued_digests(db) == []
    rows = await db.conn.execute_fetchall(
        "SELECT next_digest_at FROM people WHERE telegram_id = ?", (AM,)
    )
    assert rows[0][0] == "2026-12-08 04:00:00"  # Tuesday 09:00 in Yekaterinburg
    # a restart later that evening: still nothing; at 09:00 the digest goes, on time
    clock.set(utc(2026, 12, 7, 14))
    await planner.plan()
    assert await queued_digests(db) == []
    clock.set(utc(2026, 12, 8, 4))
    await planner.plan()
    digests = await queued_digests(db)
    assert [(d.manager_id, d.day, d.late_from) for d in digests] == [(AM, date(2026, 12, 8), None)]
    assert digests[0].waiting == ("Ромашка · Запуск · Креативы",)


async def test_a_digest_missed_while_down_goes_later_that_morning_and_not_after_noon(
    project, db, clock
):
    people, projects, created = project
    planner = ProjectPlanners(db)
    await projects.wait_for_client(
        await people.get(AM), created.stages[0].id, "макеты", date(2026, 12, 9)
    )
    clock.set(utc(2026, 12, 3, 20))
    await planner.plan()  # plans Friday 09:00 in Moscow
    clock.set(utc(2026, 12, 4, 8, 30))  # the bot was down until 11:30
    await planner.plan()
    digests = await queued_digests(db)
    assert [(d.day, d.late_from) for d in digests] == [(date(2026, 12, 4), "09:00")]
    clock.set(utc(2026, 12, 7, 9, 30))  # down over the weekend and Monday morning: 12:30
    await planner.plan()
    assert len(await queued_digests(db)) == 1


async def test_a_clock_set_right_after_running_three_days_ahead_loses_no_reminder(
    project, db, clock
):
    """A bad NTP start: the clock runs three days ahead for a few minutes, a project is
    made meanwhile, then the clock is set right. Its stage still hears "3 days", "tomorrow"
    and "today" on the real days."""
    people, projects, _ = project
    planner = ProjectPlanners(db)
    clock.set(utc(2026, 12, 7, 6, 30))  # Monday 09:30 in Moscow
    await planner.plan()
    clock.set(utc(2026, 12, 10, 6, 30))  # three days ahead
    await planner.plan()
    made = await projects.create(await people.get(AM), 1, "Сайт", "Макеты — 11.12.2026")
    await planner.plan()
    clock.set(utc(2026, 12, 7, 6, 35))  # set right
    while clock.now() < utc(2026, 12, 11, 20):
        await planner.plan()
        clock.advance(timedelta(minutes=30))
    rows = await db.conn.execute_fetchall(
        "SELECT kind, args, created_at FROM outbox WHERE kind = ? ORDER BY id",
        (notices.StageDeadline.kind,),
    )
    steps = [
        (notice.step, created_at)
        for kind, args, created_at in rows
        if (notice := notices.load(kind, args)).stage_id == made.stages[0].id
    ]
    assert steps == [
        # 09:00 in Moscow, at the first tick after (the test ticks every half hour from :35)
        (notices.DeadlineStep.DAYS_3, "2026-12-08 06:05:00"),
        (notices.DeadlineStep.DAYS_1, "2026-12-10 06:05:00"),
        (notices.DeadlineStep.TODAY, "2026-12-11 06:05:00"),
    ]
