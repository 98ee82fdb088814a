"""Sign-off's rules in the database: one decision per version however many press, only
the company's clients decide, rounds past those included are flagged, the audit is never
rewritten, a silent client climbs the reminder ladder in working days, and the act lists
what was approved."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from services.accounts.companies import Companies
from services.accounts.people import People
from services.billing.acts import Acts
from services.billing.documents import Documents
from services.db import DatabaseFault
from services.delivery import notices
from services.planners.sign_off import SignOffPlanner
from services.platform.errors import NotAllowed, NotFound
from services.work.projects import Projects
from services.work.sign_off import AlreadyDecided, DeliverableStatus, SignOff, Superseded

HEAD, AM, ANNA, VERA, OTHER = 1, 2, 3, 4, 5
PHOTO = {"file_id": "mock-1", "media": "photo", "name": "photo.jpg"}


async def world(db, rounds_included: int = 2):
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    names = ((HEAD, "Ирина"), (AM, "Олег"), (ANNA, "Анна"), (VERA, "Вера"), (OTHER, "Пётр"))
    for telegram_id, name in names:
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    am = await people.get(AM)
    for client, company in ((ANNA, "Ромашка"), (VERA, "Ромашка"), (OTHER, "Лютик")):
        invite = await companies.invite_to_new_or_own(am, company)
        joined = await companies.redeem(await people.get(client), invite.code)
        if client == ANNA:
            company_id = joined.id
    projects = Projects(db, "Europe/Moscow")
    project = await projects.create(am, company_id, "Сайт", "Макеты — 10 дней")
    return people, SignOff(db, rounds_included), projects, project


async def posted(people, sign_off, stage_id, note="Вариант") -> int:
    am = await people.get(AM)
    draft = await sign_off.start(am, stage_id)
    await sign_off.add(am, draft.id, note, PHOTO)
    return (await sign_off.post(am, draft.id)).id


async def kinds_to(db, recipient: int) -> list[str]:
    rows = await db.conn.execute_fetchall(
        "SELECT kind FROM outbox WHERE recipient_id = ? AND status = 'pending' ORDER BY id",
        (recipient,),
    )
    return [row[0] for row in rows]


async def test_the_first_of_two_clients_pressing_at_once_decides(db):
    people, sign_off, _, project = await world(db)
    version = await posted(people, sign_off, project.stages[0].id)
    anna, vera = await people.get(ANNA), await people.get(VERA)
    results = await asyncio.gather(
        sign_off.approve(anna, version),
        sign_off.request_changes(vera, version, "Другой цвет", []),
        return_exceptions=True,
    )
    decided = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, AlreadyDecided)]
    assert len(decided) == 1 and len(refused) == 1
    events = await db.conn.execute_fetchall(
        "SELECT kind FROM deliverable_events WHERE kind IN ('approved', 'changes')"
    )
    assert len(events) == 1
    # both clients' cards are rewritten, with no buttons left to press
    edits = await db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'signoff.card'"
    )
    assert edits[0][0] == 2


async def test_only_the_companys_clients_decide_and_a_draft_is_nobodys(db):
    people, sign_off, _, project = await world(db)
    version = await posted(people, sign_off, project.stages[0].id)
    for who in (AM, HEAD, OTHER):
        with pytest.raises(NotAllowed):
            await sign_off.approve(await people.get(who), version)
    draft = await sign_off.start(await people.get(AM), project.stages[0].id)
    with pytest.raises(NotFound):
        await sign_off.approve(await people.get(ANNA), draft.id)
    with pytest.raises(NotAllowed):  # another AM's stage
        await people.touch(6, "Мария", None, "ru")
        await people.add_manager(await people.get(HEAD), 6)
        await sign_off.start(await people.get(6), project.stages[0].id)


async def test_an_older_version_is_refused_and_extra_rounds_are_flagged(db):
    people, sign_off, _, project = await world(db, rounds_included=1)
    stage = project.stages[0].id
    anna = await people.get(ANNA)
    v1 = await posted(people, sign_off, stage)
    v2 = await posted(people, sign_off, stage)  # v1 was still waiting: it is superseded
    with pytest.raises(Superseded) as refused:
        await sign_off.approve(anna, v1)
    assert refused.value.args_for_text == {"version": 1, "latest": 2}
    await sign_off.request_changes(anna, v2, "Шрифт мельче", [PHOTO])
    v3 = await posted(people, sign_off, stage)
    third = await sign_off.request_changes(anna, v3, "И ещё", [])
    assert third.round == 1 and third.beyond_included is False
    v4 = await sign_off.load(await posted(people, sign_off, stage))
    assert v4.version == 4 and v4.round == 2 and v4.beyond_included  # past the one included
    changes = await db.conn.execute_fetchall(
        "SELECT args FROM outbox WHERE kind = 'signoff.changes' ORDER BY id"
    )
    flags = [notices.load("signoff.changes", row[0]).beyond for row in changes]  # type: ignore[attr-defined]
    assert flags == [False, True]


async def test_the_audit_of_a_version_is_never_rewritten(db):
    people, sign_off, _, project = await world(db)
    version = await posted(people, sign_off, project.stages[0].id)
    await sign_off.approve(await people.get(ANNA), version)
    for statement in (
        "UPDATE deliverable_events SET actor_id = 99",
        "DELETE FROM deliverable_events",
    ):
        with pytest.raises(DatabaseFault, match="never"):
            async with db.transaction() as conn:
                await conn.execute(statement)
    rows = await db.conn.execute_fetchall(
        "SELECT version, kind, actor_id FROM deliverable_events ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [(1, "posted", AM), (1, "approved", ANNA)]
    found = await sign_off.load(version)
    assert found.status is DeliverableStatus.APPROVED and found.decided_by_name == "Анна"


async def test_a_silent_client_climbs_the_ladder_in_working_days_then_stops(db, clock):
    clock.set(datetime(2026, 12, 11, 7, tzinfo=UTC))  # Friday 10:00 in Moscow
    people, sign_off, _, project = await world(db)
    version = await posted(people, sign_off, project.stages[0].id)
    planner = SignOffPlanner(db, "Europe/Moscow", days=2)
    moments = [
        # 2 working days of 9 hours: Fri 10-18, Mon 9-18, Tue 9-10
        (datetime(2026, 12, 15, 6, 59, tzinfo=UTC), [], [], []),
        (datetime(2026, 12, 15, 7, tzinfo=UTC), ["signoff.reminder"], [], []),
        # 4 working days: Thursday 10:00
        (datetime(2026, 12, 17, 7, tzinfo=UTC), ["signoff.reminder"], ["signoff.silent"], []),
        # 6 working days: the next Monday 10:00
        (datetime(2026, 12, 21, 7, tzinfo=UTC), ["signoff.reminder"], ["signoff.silent"],
         ["signoff.escalation"]),
    ]  # fmt: skip

    async def said(recipient: int, kind: str) -> list[str]:
        return [k for k in await kinds_to(db, recipient) if k == kind]

    for moment, to_clients, to_am, to_heads in moments:
        clock.set(moment)
        await planner.tick()
        await planner.tick()
        assert await said(ANNA, "signoff.reminder") == to_clients
        assert await said(VERA, "signoff.reminder") == to_clients
        assert await said(AM, "signoff.silent") == to_am
        assert await said(HEAD, "signoff.escalation") == to_heads
    await sign_off.approve(await people.get(ANNA), version)
    [[due]] = await db.conn.execute_fetchall("SELECT next_reminder_at FROM deliverables")
    assert due is None  # the ladder stops at once
    clock.advance(timedelta(days=30))
    await planner.tick()
    # what still waited to go is dropped, and nothing new is planned
    for recipient in (ANNA, VERA, AM, HEAD):
        ladder = ("signoff.reminder", "signoff.silent", "signoff.escalation")
        assert not [k for k in await kinds_to(db, recipient) if k in ladder]


async def test_the_act_lists_each_approved_version_with_its_day(db, clock):
    people, sign_off, projects, project = await world(db)
    stage = project.stages[0].id
    anna = await people.get(ANNA)
    first = await posted(people, sign_off, stage)
    await sign_off.request_changes(anna, first, "Иначе", [])
    clock.advance(timedelta(days=1))
    second = await posted(people, sign_off, stage)
    await sign_off.approve(anna, second)
    am = await people.get(AM)
    await projects.finish_stage(am, stage)
    acts = Acts(db, projects, Documents(db), default_timezone="Europe/Moscow", number_prefix="")
    act = await acts.prepare(am, project.id, stage, "100 000")
    [work] = act.works
    assert work.title == "Макеты"
    assert work.approved == ((2, date(2026, 11, 28)),)


async def test_heads_stats_show_the_approval_cycle_and_the_rounds(db, clock):
    from services.work.stats import Stats

    people, sign_off, _, project = await world(db)
    stage = project.stages[0].id
    anna = await people.get(ANNA)
    first = await posted(people, sign_off, stage)
    await sign_off.request_changes(anna, first, "Иначе", [])
    second = await posted(people, sign_off, stage)
    clock.advance(timedelta(hours=36))
    await sign_off.approve(anna, second)
    with pytest.raises(NotAllowed):
        await Stats(db, "Europe/Moscow").sign_off(await people.get(AM))
    signed = await Stats(db, "Europe/Moscow").sign_off(await people.get(HEAD))
    assert signed.approval_hours == [("Олег", 36.0, 1)]
    assert signed.rounds == [("Сайт", "Ромашка", 1)]
