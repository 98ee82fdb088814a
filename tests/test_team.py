"""The team's rules in the database: who may add and see what, a task's life (progress,
hand-in, return, send to the client as a sign-off version), the due date checked against
the stage's, and the reminder ladder at the specialist's own morning, then the AM's, then
the heads'."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import pytest

from services.accounts.companies import Companies, InviteRefused
from services.accounts.people import People, Role
from services.planners.tasks import TaskPlanner
from services.platform.errors import DomainError, InvalidInput, NotAllowed
from services.work.projects import Projects
from services.work.sign_off import DeliverableStatus, SignOff
from services.work.tasks import (
    Assignment,
    DueAfterStage,
    NotHandedIn,
    Task,
    Tasks,
    TaskStatus,
)
from services.work.team import StaffInviteRefused, Team
from tests.notices import queued
from tests.plans import plan_of

HEAD, AM, OTHER_AM, ANNA, DESIGNER, WRITER, LATER = 1, 2, 3, 4, 6, 7, 8
PHOTO = {"file_id": "mock-1", "media": "photo", "name": "photo.jpg"}


async def world(db):
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    names = (
        (HEAD, "Ирина"), (AM, "Олег"), (OTHER_AM, "Мария"), (ANNA, "Анна"),
        (DESIGNER, "Дина"), (WRITER, "Кира"),
    )  # fmt: skip
    for telegram_id, name in names:
        await people.touch(telegram_id, name, None, "ru")
    head = await people.get(HEAD)
    await people.add_manager(head, AM)
    await people.add_manager(head, OTHER_AM)
    team = Team(db, timedelta(days=7))
    am = await people.get(AM)
    await team.add(am, DESIGNER, "дизайнер")
    await team.add(head, WRITER, "копирайтер")
    companies = Companies(db, timedelta(days=7))
    invite = await companies.invite_to_new_or_own(am, "Ромашка")
    company = await companies.redeem(await people.get(ANNA), invite.code)
    projects = Projects(db, "Europe/Moscow")
    project = await projects.create(
        am, company.id, "Сайт", "Макеты — 10.12.2026\nВёрстка — 25.12.2026"
    )
    sign_off = SignOff(db, 2)
    return people, team, Tasks(db, sign_off, "Europe/Moscow"), sign_off, project


def assignment(stage_id: int, who: int, due: date, brief: str = "Три варианта главной"):
    return Assignment(stage_id, who, brief, (), due)


async def test_a_specialist_sees_their_tasks_and_nothing_else(db):
    people, team, tasks, _, project = await world(db)
    am, designer, writer = [await people.get(x) for x in (AM, DESIGNER, WRITER)]
    assert designer.role is Role.SPECIALIST and designer.skill == "дизайнер"
    stage = project.stages[0].id
    task = await tasks.assign(am, assignment(stage, DESIGNER, date(2026, 12, 8)), confirmed=False)
    assert [t.id for t in await tasks.mine(designer)] == [task.id]
    assert await tasks.mine(writer) == []
    for action in (
        tasks.get(writer, task.id),
        tasks.report(writer, task.id, 50, ""),
        tasks.add_result(writer, task.id, "https://example.com", None),
        tasks.hand_in(writer, task.id),
        tasks.assign(designer, assignment(stage, DESIGNER, date(2026, 12, 8)), confirmed=True),
        tasks.send_to_client(designer, task.id),
        tasks.of_project(designer, project.id),
        tasks.get(await people.get(OTHER_AM), task.id),
        team.add(designer, 99, "SEO"),
        team.members(designer, date(2026, 11, 27)),
    ):
        with pytest.raises(NotAllowed):
            await action
    # what a task carries holds nothing of money or of the client's people
    names = {field.name for field in fields(Task)}
    assert not {n for n in names if any(w in n for w in ("price", "amount", "invoice", "client"))}
    # a specialist cannot join a company through a client's invite link
    invite = await Companies(db, timedelta(days=7)).invite_to_new_or_own(am, "Лютик")
    with pytest.raises(InviteRefused):
        await Companies(db, timedelta(days=7)).redeem(designer, invite.code)
    assert (await people.get(DESIGNER)).role is Role.SPECIALIST
    # nor be made one who is already staff or a client
    for who, refusal in ((AM, "team-is-staff"), (ANNA, "team-is-client")):
        with pytest.raises(DomainError) as refused:
            await team.add(am, who, "SEO")
        assert refused.value.key == refusal


async def test_a_due_date_is_checked_against_today_and_the_stage(db):
    people, _, tasks, _, project = await world(db)
    am = await people.get(AM)
    stage = project.stages[0].id  # due 10.12.2026
    with pytest.raises(InvalidInput):
        await tasks.assign(am, assignment(stage, DESIGNER, date(2026, 11, 26)), confirmed=False)
    with pytest.raises(DueAfterStage) as late:
        await tasks.assign(am, assignment(stage, DESIGNER, date(2026, 12, 14)), confirmed=False)
    assert late.value.args_for_text == {"deadline": date(2026, 12, 10)}
    task = await tasks.assign(am, assignment(stage, DESIGNER, date(2026, 12, 14)), confirmed=True)
    assert task.due_on == date(2026, 12, 14)
    with pytest.raises(DomainError) as refused:
        await tasks.assign(am, assignment(stage, ANNA, date(2026, 12, 8)), confirmed=False)
    assert refused.value.key == "team-not-specialist"
    assert await queued(db, where="kind LIKE 'task.%'") == [(DESIGNER, "task-assigned")]


async def test_returned_once_then_sent_to_the_client_as_a_sign_off_version(db, clock):
    people, _, tasks, sign_off, project = await world(db)
    am, designer = await people.get(AM), await people.get(DESIGNER)
    stage = project.stages[0].id
    task = await tasks.assign(
        am,
        Assignment(stage, DESIGNER, "Главная", (), date(2026, 11, 30)),
        confirmed=False,
    )
    with pytest.raises(DomainError):  # nothing collected yet
        await tasks.hand_in(designer, task.id)
    await tasks.report(designer, task.id, 60, "главная готова")
    await tasks.add_result(designer, task.id, "Макет https://figma.com/file/1 вариант А", PHOTO)
    handed = await tasks.hand_in(designer, task.id)
    assert handed.status is TaskStatus.HANDED_IN and handed.late is False
    assert (
        handed.result_link == "https://figma.com/file/1" and handed.result_note == "Макет вариант А"
    )
    with pytest.raises(DomainError):  # handed in: waiting for the AM
        await tasks.add_result(designer, task.id, "ещё", None)
    with pytest.raises(InvalidInput):  # a return needs words
        await tasks.send_back(am, task.id, "  ")
    returned = await tasks.send_back(am, task.id, "Логотип крупнее")
    assert returned.status is TaskStatus.OPEN and returned.returns == 1
    assert returned.result_files == () and returned.return_comment == "Логотип крупнее"
    clock.advance(timedelta(days=4))  # Tuesday 1 December: a day late
    await tasks.add_result(designer, task.id, "", PHOTO)
    late = await tasks.hand_in(designer, task.id)
    assert late.late and late.round == 2
    sent, version = await tasks.send_to_client(am, task.id)
    assert sent.status is TaskStatus.ACCEPTED and version == 1
    with pytest.raises(NotHandedIn):  # pressed twice
        await tasks.send_to_client(am, task.id)
    [deliverable] = await db.conn.execute_fetchall("SELECT id FROM deliverables")
    found = await sign_off.load(deliverable[0])
    assert found.status is DeliverableStatus.WAITING and len(found.files) == 1
    said = await queued(db, "args", where="kind LIKE 'task.%' OR kind LIKE 'signoff.%'")
    assert [(who, key) for who, key, _ in said] == [
        (DESIGNER, "task-assigned"),
        (AM, "task-progressed"),
        (AM, "task-result-files-caption"),
        (AM, "task-handed-in"),
        (DESIGNER, "task-returned"),
        (AM, "task-result-files-caption"),
        (AM, "task-handed-in"),
        (ANNA, "signoff-files-caption"),
        (ANNA, "signoff-card"),
        (AM, "signoff-staff-card"),
        (DESIGNER, "task-accepted"),
    ]
    assert '"late":true' in said[6][2].replace(" ", "")


async def test_removing_a_specialist_cancels_their_tasks_and_tells_the_am(db):
    people, team, tasks, _, project = await world(db)
    am = await people.get(AM)
    task = await tasks.assign(
        am, assignment(project.stages[0].id, WRITER, date(2026, 12, 8)), confirmed=False
    )
    [member] = [
        m for m in await team.members(am, date(2026, 11, 27)) if m.person.telegram_id == WRITER
    ]
    assert (member.open_tasks, member.overdue, member.next_due) == (1, 0, date(2026, 12, 8))
    assert await team.remove(am, WRITER) == 1
    assert (await people.get(WRITER)).role is None
    assert (await tasks.load(task.id)).status is TaskStatus.CANCELLED
    said = await queued(db, where="kind IN ('task.cancelled', 'team.removed')")
    assert said == [(AM, "task-cancelled"), (WRITER, "specialist-removed")]
    [[due]] = await db.conn.execute_fetchall(
        "SELECT next_reminder_at FROM stage_tasks WHERE id = ?", (task.id,)
    )
    assert due is None


async def test_an_invite_link_works_once_until_it_expires(db, clock):
    people, team, _, _, _ = await world(db)
    head = await people.get(HEAD)
    invite = await team.invite(head, "SEO")
    await people.touch(LATER, "Лев", None, "ru")
    joined = await team.redeem(await people.get(LATER), invite.code)
    assert joined.role is Role.SPECIALIST and joined.skill == "SEO"
    assert (await team.redeem(joined, invite.code)).telegram_id == LATER  # opened twice
    await people.touch(9, "Глеб", None, "ru")
    for code, refusal in ((invite.code, "invite-used"), ("team-nope", "invite-unknown")):
        with pytest.raises(StaffInviteRefused) as refused:
            await team.redeem(await people.get(9), code)
        assert refused.value.key == refusal
    stale = await team.invite(head, "SEO")
    clock.advance(timedelta(days=8))
    with pytest.raises(StaffInviteRefused) as refused:
        await team.redeem(await people.get(9), stale.code)
    assert refused.value.key == "invite-expired"


async def test_reminders_come_at_the_specialists_morning_then_the_am_then_the_heads(db, clock):
    people, _, tasks, _, project = await world(db)
    await people.set_timezone(DESIGNER, "Asia/Yekaterinburg")  # 09:00 there is 04:00 UTC
    am = await people.get(AM)
    task = await tasks.assign(
        am, assignment(project.stages[0].id, DESIGNER, date(2026, 12, 3)), confirmed=False
    )
    planner = TaskPlanner(db, "Europe/Moscow", morning=datetime.min.time().replace(hour=9),
                          escalate_after=2)  # fmt: skip

    async def kinds() -> list[tuple[int, str]]:
        rows = await queued(db, where="kind IN ('task.due', 'task.overdue', 'task.escalation')")
        return [(who, key) for who, key in rows]

    ladder = [
        # Monday 30 November, 08:59 and 09:00 in Yekaterinburg: 3 days before
        (datetime(2026, 11, 30, 3, 59, tzinfo=UTC), []),
        (datetime(2026, 11, 30, 4, 0, tzinfo=UTC), [(DESIGNER, "task-due")]),
        (datetime(2026, 12, 2, 4, 0, tzinfo=UTC), [(DESIGNER, "task-due")] * 2),
        (datetime(2026, 12, 3, 4, 0, tzinfo=UTC), [(DESIGNER, "task-due")] * 3),
        # Friday 4 December, 09:00 in Moscow: the AM
        (datetime(2026, 12, 4, 6, 0, tzinfo=UTC),
         [(DESIGNER, "task-due")] * 3 + [(AM, "task-overdue")]),
        # two working days after the due date: Monday 7 December, the heads
        (datetime(2026, 12, 7, 6, 0, tzinfo=UTC),
         [(DESIGNER, "task-due")] * 3 + [(AM, "task-overdue"), (HEAD, "task-escalation")]),
    ]  # fmt: skip
    for moment, expected in ladder:
        clock.set(moment)
        await planner.tick()
        await planner.tick()
        assert await kinds() == expected, moment
    steps = await db.conn.execute_fetchall(
        "SELECT args FROM outbox WHERE kind = 'task.due' ORDER BY id"
    )
    assert [s[0].split('"step":"')[1][:2] for s in steps] == ["d3", "d1", "d0"]
    # handed in: nothing more, and what was planned is gone
    designer = await people.get(DESIGNER)
    await tasks.add_result(designer, task.id, "готово", None)
    await tasks.hand_in(designer, task.id)
    clock.advance(timedelta(days=10))
    await planner.tick()
    assert len(await kinds()) == 5


async def test_a_step_on_a_day_off_comes_the_working_day_before(db, clock):
    people, _, tasks, _, project = await world(db)
    am = await people.get(AM)
    # due Monday 7 December: "tomorrow" would be Sunday, so Friday says it (and only it)
    await tasks.assign(
        am, assignment(project.stages[0].id, DESIGNER, date(2026, 12, 7)), confirmed=False
    )
    planner = TaskPlanner(db, "Europe/Moscow", morning=datetime.min.time().replace(hour=9),
                          escalate_after=2)  # fmt: skip
    clock.set(datetime(2026, 12, 4, 6, 0, tzinfo=UTC))  # Friday 09:00 in Moscow
    await planner.tick()
    rows = await db.conn.execute_fetchall("SELECT args FROM outbox WHERE kind = 'task.due'")
    assert [r[0].split('"step":"')[1][:2] for r in rows] == ["d1"]


async def test_the_ams_morning_digest_lists_the_teams_tasks_due_and_overdue(db, clock):
    from services.delivery import notices
    from services.planners.digests import DigestPlanner

    people, _, tasks, _, project = await world(db)
    am = await people.get(AM)
    stage = project.stages[0].id
    for who, due in ((DESIGNER, date(2026, 11, 30)), (WRITER, date(2026, 12, 2))):
        await tasks.assign(am, assignment(stage, who, due), confirmed=False)
    planner = DigestPlanner(db, "Europe/Moscow", morning=datetime.min.time().replace(hour=9))
    await planner.tick()  # the schedule: next working morning
    for day in (30, 1, 2):  # Monday to Wednesday, 09:00 in Moscow
        clock.set(datetime(2026, 11 if day == 30 else 12, day, 6, 0, tzinfo=UTC))
        await planner.tick()
    rows = await db.conn.execute_fetchall(
        "SELECT args FROM outbox WHERE kind = 'digest.morning' AND recipient_id = ? ORDER BY id",
        (AM,),
    )
    said = [notices.load("digest.morning", row[0]).tasks for row in rows]  # type: ignore[attr-defined]
    assert said == [
        ("Ромашка · Сайт · Макеты — Дина",),
        ("Ромашка · Сайт · Макеты — Дина (30.11)",),
        ("Ромашка · Сайт · Макеты — Дина (30.11)", "Ромашка · Сайт · Макеты — Кира"),
    ]


async def test_the_team_and_the_feeds_read_through_indexes(db):
    """What /team, a specialist's feed and an AM's task lines read costs an index each."""
    queries = [
        "SELECT id FROM stage_tasks WHERE specialist_id = 6 AND status IN ('open', 'handed_in')"
        " ORDER BY due_on, id LIMIT 50",
        "SELECT specialist_id, COUNT(*) FROM stage_tasks WHERE status = 'open'"
        " AND specialist_id IN (6, 7) GROUP BY specialist_id",
        "SELECT t.id FROM stage_tasks t JOIN projects p ON p.id = t.project_id"
        " WHERE p.company_id IN (1, 2) AND t.status = 'open'",
        "SELECT t.id FROM stage_tasks t WHERE t.project_id = 3"
        " AND t.status IN ('open', 'handed_in')",
    ]
    for query in queries:
        plan = await plan_of(db, query)
        assert not plan.full_reads & {"t", "stage_tasks"}, (query, str(plan))
