"""Reply SLA in working hours, with the clock moved."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from services.accounts.companies import Companies
from services.accounts.people import People
from services.accounts.working_hours import WorkingHours, WorkSchedule
from services.conversation.chat import Chat
from services.planners.sla import SlaPlanner
from services.platform.workdays import WorkCalendar
from tests.notices import queued

HEAD, AM, CLIENT = 1, 2, 3


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_working_hours_between():
    moscow = WorkSchedule(time(9), time(18), "Europe/Moscow")
    friday_five_pm = utc(2026, 12, 11, 14)  # 17:00 in Moscow
    assert moscow.hours_between(friday_five_pm, utc(2026, 12, 14, 8)) == 3.0  # Fri 1 h, Mon 2 h
    assert not moscow.is_open(utc(2026, 12, 12, 9))  # Saturday
    assert moscow.next_open(utc(2026, 12, 11, 16)) == datetime(2026, 12, 14, 6, tzinfo=UTC)


def test_public_holidays_are_not_working_hours():
    moscow = WorkSchedule(time(9), time(18), "Europe/Moscow", WorkCalendar("RU"))
    last_evening_of_the_year = utc(2026, 12, 30, 14)  # Wednesday 17:00; 31 Dec is a day off
    back_at_work = datetime(2027, 1, 11, 6, tzinfo=UTC)  # Monday 09:00 in Moscow
    assert moscow.next_open(utc(2026, 12, 30, 16)) == back_at_work
    assert not moscow.is_open(utc(2027, 1, 5, 9))
    assert moscow.hours_between(last_evening_of_the_year, utc(2027, 1, 11, 8)) == 3.0
    assert moscow.moment_after(last_evening_of_the_year, 3) == utc(2027, 1, 11, 8)


async def test_sla_reminder_then_escalation_in_working_hours(db, clock):
    clock.set(utc(2026, 12, 11, 13))  # Friday 16:00 in Moscow
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in ((HEAD, "Ирина"), (AM, "Олег"), (CLIENT, "Анна")):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    invite = await Companies(db, timedelta(days=7)).invite_to_new_or_own(
        await people.get(AM), "Ромашка"
    )
    await Companies(db, timedelta(days=7)).redeem(await people.get(CLIENT), invite.code)
    chat = Chat(db, "Europe/Moscow", reply_sla_hours=4)
    sent = await chat.client_message(await people.get(CLIENT), "Где отчёт?", None)
    assert sent.receipt is not None and sent.receipt.open_now

    async def rows(key: str) -> list[int]:
        return [recipient for recipient, said in await queued(db) if said == key]

    await SlaPlanner(db, "Europe/Moscow", 4).tick()
    [[due]] = await db.conn.execute_fetchall("SELECT sla_due_at FROM messages")
    assert due == "2026-12-14 08:00:00"  # 2 h on Friday, 2 h on Monday
    clock.set(utc(2026, 12, 14, 7, 59))  # Monday 10:59: 2 h Fri + 1:59 Mon < 4 h
    await SlaPlanner(db, "Europe/Moscow", 4).tick()
    assert await rows("chat-sla-reminder") == []
    clock.set(utc(2026, 12, 14, 8))  # 4 working hours
    await SlaPlanner(db, "Europe/Moscow", 4).tick()
    await SlaPlanner(db, "Europe/Moscow", 4).tick()
    assert await rows("chat-sla-reminder") == [AM]
    clock.set(utc(2026, 12, 14, 12))  # 8 working hours: the heads
    await SlaPlanner(db, "Europe/Moscow", 4).tick()
    assert await rows("chat-sla-escalation") == [HEAD]
    await chat.reply(await people.get(AM), CLIENT, "Вот отчёт", None)
    assert (
        await db.conn.execute_fetchall("SELECT 1 FROM messages WHERE sla_due_at IS NOT NULL") == []
    )
    clock.advance(timedelta(days=3))
    await SlaPlanner(db, "Europe/Moscow", 4).tick()
    assert await rows("chat-sla-reminder") == [AM]  # answered: nothing more
    # a second message after the answer opens a new conversation with a new receipt
    again = await chat.client_message(await people.get(CLIENT), "Спасибо!", None)
    assert again.receipt is not None
    third = await chat.client_message(await people.get(CLIENT), "И ещё вопрос", None)
    assert third.receipt is None


async def test_working_hours_move_the_sla_moment(db, clock):
    clock.set(utc(2026, 12, 11, 13))  # Friday 16:00 in Moscow
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in ((HEAD, "Ирина"), (AM, "Олег"), (CLIENT, "Анна")):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    await companies.redeem(await people.get(CLIENT), invite.code)
    chat = Chat(db, "Europe/Moscow", reply_sla_hours=4)
    planner = SlaPlanner(db, "Europe/Moscow", 4)
    await chat.client_message(await people.get(CLIENT), "Где отчёт?", None)
    await chat.client_message(await people.get(CLIENT), "Ау?", None)
    await planner.tick()
    rows = await db.conn.execute_fetchall("SELECT sla_due_at FROM messages ORDER BY id")
    # the first unanswered message carries the conversation's SLA
    assert [r[0] for r in rows] == ["2026-12-14 08:00:00", None]
    hours = WorkingHours(db, "Europe/Moscow", chat.calendar)
    await hours.set_hours(await people.get(AM), "10-19")
    await planner.tick()
    rows = await db.conn.execute_fetchall("SELECT sla_due_at FROM messages ORDER BY id")
    assert rows[0][0] == "2026-12-14 08:00:00"  # 3 h on Friday (16-19), 1 h on Monday (10-11)
    await hours.set_hours(await people.get(AM), "12-18")
    await planner.tick()
    rows = await db.conn.execute_fetchall("SELECT sla_due_at FROM messages ORDER BY id")
    assert rows[0][0] == "2026-12-14 11:00:00"  # 2 h on Friday, 2 h on Monday from noon
