"""Invoice services with the clock moved: the schedule once each, in working hours."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest

from services.accounts.companies import Companies
from services.accounts.people import People
from services.billing.invoices import Invoices
from services.conversation.chat import Chat
from services.db import MIGRATIONS_DIR, Database
from services.db.sqlite import SQLiteDatabase
from services.delivery.notices import InvoiceEscalation, InvoiceOverdue, InvoiceReminder
from services.planners.base import LOOK_AGAIN
from services.planners.invoices import InvoicePlanner
from services.planners.reminders import ReminderPolicy
from services.platform.errors import InvalidInput, NotAllowed
from services.platform.workdays import WorkCalendar
from services.questionnaires.form_templates import INVOICE_TEMPLATE, load_template
from tests.notices import queued

HEAD, AM, CLIENT, OTHER_CLIENT = 1, 2, 3, 4
RUSSIA = WorkCalendar("RU")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
async def world(db: Database, clock):
    clock.set(utc(2026, 12, 1, 8))  # Tuesday, 11:00 in Moscow
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in (
        (HEAD, "Ирина"),
        (AM, "Олег"),
        (CLIENT, "Анна"),
        (OTHER_CLIENT, "Борис"),
    ):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    for client, name in ((CLIENT, "Ромашка"), (OTHER_CLIENT, "Лютик")):
        invite = await companies.invite_to_new_or_own(await people.get(AM), name)
        await companies.redeem(await people.get(client), invite.code)
    invoices = Invoices(
        db,
        load_template(INVOICE_TEMPLATE),
        default_timezone="Europe/Moscow",
        number_prefix="",
        chat=Chat(db, "Europe/Moscow", reply_sla_hours=4, calendar=RUSSIA),
    )
    return people, invoices


@pytest.fixture
def planner(db: Database) -> InvoicePlanner:
    policy = ReminderPolicy(offsets=(-3, 0, 1, 7, 14), at=time(10), weekends=False, calendar=RUSSIA)
    return InvoicePlanner(db, policy, "Europe/Moscow")


async def issue(
    people: People,
    invoices: Invoices,
    due: str = "10.12.2026",
    amount: str = "600 000",
    company: int = 1,
):
    am = await people.get(AM)
    draft = await invoices.start(am, company, None)
    draft = await invoices.answer_text(am, draft.id, "lines", f"Продвижение — {amount}")
    draft = await invoices.answer_text(am, draft.id, "purpose", "Предоплата 50%")
    draft = await invoices.choose(am, draft.id, "vat", "agency")
    draft = await invoices.answer_text(am, draft.id, "due_date", due)
    draft = await invoices.skip(am, draft.id, "file")
    return await invoices.issue(am, draft.id)


async def reminders(db: Database) -> list[tuple[int, str, str]]:
    chasing = (InvoiceReminder.kind, InvoiceOverdue.kind, InvoiceEscalation.kind)
    return await queued(db, "created_at", where=f"kind IN {chasing}")


async def run_planner(planner: InvoicePlanner, clock, until: datetime) -> None:
    while clock.now() < until:
        await planner.tick()
        await planner.tick()  # planned twice: sent once
        clock.advance(timedelta(minutes=30))


async def test_numbers_run_per_year(world, clock):
    people, invoices = world
    first = await issue(people, invoices)
    second = await issue(people, invoices)
    clock.set(utc(2027, 1, 11, 8))
    third = await issue(people, invoices, due="20.01.2027")
    assert (first.number, second.number, third.number) == ("2026-0001", "2026-0002", "2027-0001")
    assert first.amount.minor == 60_000_000 and isinstance(first.amount.minor, int)


async def test_no_reminder_from_before_the_invoice_was_issued(world, db, clock, planner):
    """Issued on Tue 8 Dec, due Thu 10 Dec: the "3 days before" moment (Mon 7 Dec) came
    before the invoice; the client first hears on the due day."""
    people, invoices = world
    clock.set(utc(2026, 12, 8, 9))  # Tuesday, 12:00 in Moscow
    await issue(people, invoices, due="10.12.2026")
    await run_planner(planner, clock, utc(2026, 12, 10, 6, 30))  # Thursday 09:30
    assert [r[1] for r in await reminders(db) if r[0] == CLIENT] == []
    await run_planner(planner, clock, utc(2026, 12, 10, 8))
    assert [r[1] for r in await reminders(db) if r[0] == CLIENT] == ["invoice-reminder-today"]


async def test_a_clock_set_right_after_a_jump_sends_no_earlier_step(world, db, clock, planner):
    people, invoices = world
    await issue(people, invoices)  # due Thursday 10 December
    clock.set(utc(2026, 12, 10, 8))  # the clock jumps to the due day: "due today"
    await planner.tick()
    clock.set(utc(2026, 12, 7, 8))  # set right: 3 days before, a step already passed
    await planner.tick()
    keys = [r[1] for r in await reminders(db) if r[0] == CLIENT]
    assert keys == ["invoice-reminder-today"]


async def test_the_schedule_fires_once_each_in_working_hours(world, db, clock, planner):
    people, invoices = world
    await issue(people, invoices)  # due Thursday 10 December
    await run_planner(planner, clock, utc(2026, 12, 26))
    rows = await reminders(db)
    client_rows = [r for r in rows if r[0] == CLIENT]
    assert [r[1] for r in client_rows] == [
        "invoice-reminder-before",
        "invoice-reminder-today",
        "invoice-reminder-overdue",
        "invoice-reminder-firm",  # +7
        "invoice-reminder-formal",  # +14
    ]
    # 10:00 in Moscow; the +14 step (Thu 24 Dec) and +7 (Thu 17 Dec) on working days
    assert [r[2] for r in client_rows] == [
        "2026-12-07 07:00:00",
        "2026-12-10 07:00:00",
        "2026-12-11 07:00:00",
        "2026-12-17 07:00:00",
        "2026-12-24 07:00:00",
    ]
    counted = Counter((r[0], r[1]) for r in rows)
    assert counted[(AM, "invoice-overdue-manager")] == 1
    assert counted[(HEAD, "invoice-overdue-head")] == 1
    assert OTHER_CLIENT not in {r[0] for r in rows}


async def test_weekend_steps_move_to_monday(world, db, clock, planner):
    people, invoices = world
    await issue(people, invoices, due="12.12.2026")  # a Saturday
    await run_planner(planner, clock, utc(2026, 12, 15))
    client_rows = [r for r in await reminders(db) if r[0] == CLIENT]
    assert [(r[1], r[2]) for r in client_rows] == [
        ("invoice-reminder-before", "2026-12-09 07:00:00"),
        ("invoice-reminder-overdue", "2026-12-14 07:00:00"),  # due-day and +1 fall on Sat/Sun
    ]


async def test_public_holidays_hold_reminders_until_work_resumes(world, db, clock, planner):
    people, invoices = world
    await issue(people, invoices, due="30.12.2026")  # the last working day of 2026 in Russia
    await run_planner(planner, clock, utc(2027, 1, 14))
    client_rows = [r for r in await reminders(db) if r[0] == CLIENT]
    # -3 (Sun 27 Dec) moves to Monday; +1 (31 Dec) and +7 (6 Jan) fall in the New Year
    # holidays and wait for Monday 11 January, where only the later one goes.
    assert [(r[1], r[2]) for r in client_rows] == [
        ("invoice-reminder-before", "2026-12-28 07:00:00"),
        ("invoice-reminder-today", "2026-12-30 07:00:00"),
        ("invoice-reminder-firm", "2027-01-11 07:00:00"),
        ("invoice-reminder-formal", "2027-01-13 07:00:00"),
    ]


async def test_payment_stops_reminders_at_once(world, db, clock, planner):
    people, invoices = world
    invoice = await issue(people, invoices)
    await run_planner(planner, clock, utc(2026, 12, 8))
    await invoices.record_payment(await people.get(AM), invoice.id, "200 000")
    partial = await invoices.load(invoice.id)
    assert partial.status == "issued" and partial.balance.minor == 40_000_000
    await invoices.report_paid(await people.get(CLIENT), invoice.id)
    await run_planner(planner, clock, utc(2026, 12, 12))
    assert [r[1] for r in await reminders(db) if r[0] == CLIENT] == ["invoice-reminder-before"]
    # not received: reminders resume with the next step only
    await invoices.payment_missing(await people.get(AM), invoice.id)
    await run_planner(planner, clock, utc(2026, 12, 13))
    assert [r[1] for r in await reminders(db) if r[0] == CLIENT][-1] == "invoice-reminder-overdue"
    paid = await invoices.confirm_payment(await people.get(AM), invoice.id)
    assert paid.status == "paid" and paid.balance.minor == 0
    before = len(await reminders(db))
    await run_planner(planner, clock, utc(2026, 12, 26))
    assert len(await reminders(db)) == before


async def test_a_reminder_held_for_the_morning_is_dropped_when_paid(world, db, clock, planner):
    people, invoices = world
    invoice = await issue(people, invoices)
    clock.set(utc(2026, 12, 7, 19))  # 22:00 in Moscow: the step is due, the client asleep
    await planner.tick()
    await invoices.report_paid(await people.get(CLIENT), invoice.id)
    rows = await db.conn.execute_fetchall(
        "SELECT status FROM outbox WHERE kind = ?", (InvoiceReminder.kind,)
    )
    assert [r[0] for r in rows] == ["dropped"]


async def test_remind_me_later(world, db, clock, planner):
    people, invoices = world
    invoice = await issue(people, invoices)  # Tue 1 Dec, due Thu 10 Dec
    until = await invoices.snooze(await people.get(CLIENT), invoice.id, "monday")
    assert until.isoformat() == "2026-12-07"
    await run_planner(planner, clock, utc(2026, 12, 7, 6, 59))
    assert [r for r in await reminders(db) if r[0] == CLIENT] == []
    await run_planner(planner, clock, utc(2026, 12, 9, 12))
    keys = [r[1] for r in await reminders(db) if r[0] == CLIENT]
    assert keys == ["invoice-reminder-snoozed"]  # the -3 step fell inside the snooze


async def test_other_companies_cannot_touch_an_invoice(world):
    people, invoices = world
    invoice = await issue(people, invoices)
    other = await people.get(OTHER_CLIENT)
    for attempt in (
        invoices.for_client(other, invoice.id),
        invoices.report_paid(other, invoice.id),
        invoices.snooze(other, invoice.id, "1d"),
        invoices.ask(other, invoice.id, "?"),
    ):
        with pytest.raises(NotAllowed):
            await attempt
    with pytest.raises(InvalidInput) as too_big:
        await invoices.record_payment(await people.get(AM), invoice.id, "700 000")
    assert too_big.value.key == "invoice-payment-too-big"
    with pytest.raises(InvalidInput) as other_currency:
        await invoices.record_payment(await people.get(AM), invoice.id, "$100")
    assert other_currency.value.key == "invoice-wrong-currency"


async def test_totals_per_currency_never_mix(world, clock):
    from services.billing.invoices import balances_by_currency

    people, invoices = world
    late = await issue(people, invoices, due="05.12.2026", amount="100 000")
    await issue(people, invoices, due="20.12.2026", amount="50 000,50")
    await issue(people, invoices, due="20.12.2026", amount="$1,200")
    await invoices.record_payment(await people.get(AM), late.id, "40 000")
    clock.set(utc(2026, 12, 10, 8))
    listed = await invoices.listing(await people.get(AM))
    assert listed[0].id == late.id  # overdue first
    open_totals, overdue = balances_by_currency(listed, invoices.today(await people.get(AM)))
    assert open_totals == {"RUB": 6_000_000 + 5_000_050, "USD": 120_000}
    assert overdue == {"RUB": 6_000_000}


async def next_reminder(db: Database, invoice_id: int) -> str | None:
    rows = await db.conn.execute_fetchall(
        "SELECT next_reminder_at FROM invoices WHERE id = ?", (invoice_id,)
    )
    return rows[0][0]


async def test_changes_move_or_clear_the_next_reminder(world, db, clock, planner):
    people, invoices = world
    invoice = await issue(people, invoices)  # Tue 1 Dec, due Thu 10 Dec
    assert await next_reminder(db, invoice.id) == LOOK_AGAIN  # marked by the issue itself
    await planner.tick()
    assert await next_reminder(db, invoice.id) == "2026-12-07 07:00:00"  # 3 days before, 10:00
    await invoices.snooze(await people.get(CLIENT), invoice.id, "3d")  # until Fri 4 Dec
    assert await next_reminder(db, invoice.id) == LOOK_AGAIN
    await planner.tick()
    assert await next_reminder(db, invoice.id) == "2026-12-04 07:00:00"
    # the client moves to Vladivostok: 10:00 there is midnight in UTC
    await people.set_timezone(CLIENT, "Asia/Vladivostok")
    await planner.tick()
    assert await next_reminder(db, invoice.id) == "2026-12-04 00:00:00"
    clock.set(utc(2026, 12, 4))
    await planner.tick()
    assert [r[1:] for r in await reminders(db)] == [
        ("invoice-reminder-snoozed", "2026-12-04 00:00:00")
    ]
    assert await next_reminder(db, invoice.id) == "2026-12-07 00:00:00"  # Monday, in Vladivostok
    await invoices.confirm_payment(await people.get(AM), invoice.id)
    assert await next_reminder(db, invoice.id) is None  # paid: cleared in the same transaction


async def test_turning_reminders_off_for_the_company_clears_the_client_steps(
    world, db, clock, planner
):
    people, invoices = world
    invoice = await issue(people, invoices)
    await invoices.set_company_reminders(await people.get(AM), 1, False)
    await planner.tick()
    # only the AM's overdue alert is left: the day after the due date, in the agency's zone
    assert await next_reminder(db, invoice.id) == "2026-12-10 21:00:00"


async def test_an_existing_database_gets_its_moments_and_the_same_schedule(tmp_path, clock):
    """Issued before the next-due columns existed: the migration marks the invoice, the
    first tick computes its moment, and the reminders go out as they always did."""
    before = tmp_path / "before"
    before.mkdir()
    for migration in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if migration.name < "0012":
            shutil.copy(migration, before / migration.name)
    database = SQLiteDatabase(tmp_path / "old.sqlite3", clock)
    await database.open()
    await database.migrate(before)
    # Written as that schema holds them: today's services write today's outbox rows.
    now = database.now_text()
    async with database.transaction() as conn:
        await conn.executemany(
            "INSERT INTO people (telegram_id, full_name, role, company_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(HEAD, "Ирина", "head", None, now), (AM, "Олег", "manager", None, now)],
        )
        await conn.execute(
            "INSERT INTO companies (id, name, name_key, manager_id, created_at)"
            " VALUES (1, 'Ромашка', 'ромашка', ?, ?)",
            (AM, now),
        )
        await conn.execute(
            "INSERT INTO people (telegram_id, full_name, role, company_id, created_at)"
            " VALUES (?, 'Анна', 'client', 1, ?)",
            (CLIENT, now),
        )
        await conn.execute(
            "INSERT INTO invoices (id, number, company_id, author_id, status, amount_minor,"
            " currency, purpose, due_date, issued_at, created_at, updated_at)"
            " VALUES (1, '2026-0001', 1, ?, 'issued', 60000000, 'RUB', 'Предоплата 50%',"
            " '2026-12-10', ?, ?, ?)",
            (AM, now, now, now),
        )
        await conn.execute(
            "INSERT INTO invoices (id, company_id, author_id, created_at, updated_at)"
            " VALUES (2, 1, ?, ?, ?)",
            (AM, now, now),
        )
    issued_id, draft_id = 1, 2
    assert "0012_next_due.sql" in await database.migrate()
    assert await next_reminder(database, issued_id) == LOOK_AGAIN
    assert await next_reminder(database, draft_id) is None
    policy = ReminderPolicy(offsets=(-3, 0, 1, 7, 14), at=time(10), weekends=False, calendar=RUSSIA)
    await run_planner(InvoicePlanner(database, policy, "Europe/Moscow"), clock, utc(2026, 12, 26))
    client_rows = [r for r in await reminders(database) if r[0] == CLIENT]
    assert [r[2] for r in client_rows] == [
        "2026-12-07 07:00:00",
        "2026-12-10 07:00:00",
        "2026-12-11 07:00:00",
        "2026-12-17 07:00:00",
        "2026-12-24 07:00:00",
    ]
    await database.close()
