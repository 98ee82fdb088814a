"""The outbox and its dispatcher against a recording Sender; time moved, not slept."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sqlite3
from datetime import UTC, datetime, timedelta

from bot.notices import text_key
from services.accounts.companies import Companies
from services.accounts.people import People
from services.db import Database
from services.delivery.claims import OutboxStore
from services.delivery.dispatch import (
    OutboxDispatcher,
    PermanentFailure,
    RecipientBlocked,
    RetryAfter,
    TemporaryFailure,
)
from services.delivery.outbox import Notification, enqueue
from services.platform.quiet_hours import QuietHours
from tests.notices import Probe, probe

AM, CLIENT, OTHER_CLIENT, HEAD = 20, 30, 31, 10


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[tuple[float, Notification]] = []
        self.failures: dict[int, list[Exception]] = {}

    def fail(self, recipient: int, *errors: Exception) -> None:
        self.failures.setdefault(recipient, []).extend(errors)

    async def send(self, notification: Notification) -> int:
        queued = self.failures.get(notification.recipient_id)
        if queued:
            raise queued.pop(0)
        self.sent.append((asyncio.get_running_loop().time(), notification))
        return 1000 + len(self.sent)

    def text_keys(self) -> list[str]:
        """A probe's label, or the text key of a real notice."""
        return [label(n) for _, n in self.sent]


def label(notification: Notification) -> str:
    notice = notification.notice
    return notice.label if isinstance(notice, Probe) else text_key(notice)


async def populate(db: Database) -> None:
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in ((AM, "Олег"), (CLIENT, "Анна"), (OTHER_CLIENT, "Борис")):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    am = await people.get(AM)
    for client_id in (CLIENT, OTHER_CLIENT):
        invite = await companies.invite_to_new_or_own(am, f"Компания {client_id}")
        await companies.redeem(await people.get(client_id), invite.code)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM outbox")  # start each test with an empty queue


async def add(db: Database, recipient: int, key: str, *, urgent: bool = False) -> bool:
    async with db.transaction() as conn:
        return await enqueue(conn, db.clock.now(), recipient, probe(key, urgent=urgent))


async def rows(db: Database) -> dict[str, tuple[str, int]]:
    cursor = await db.conn.execute("SELECT dedup_key, status, attempts FROM outbox")
    return {r[0]: (r[1], r[2]) for r in await cursor.fetchall()}


def make(db: Database, sender: RecordingSender, **options) -> OutboxDispatcher:
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    options.setdefault("messages_per_second", 1000)
    options.setdefault("per_chat_interval", 0.0)
    return OutboxDispatcher(store, sender, **options)


async def test_planning_twice_sends_once(db: Database):
    await populate(db)
    sender = RecordingSender()
    assert await add(db, AM, "invoice:42:due-3d")
    assert not await add(db, AM, "invoice:42:due-3d")
    dispatcher = make(db, sender)
    assert await dispatcher.drain() == 1
    assert await dispatcher.drain() == 0
    assert sender.text_keys() == ["invoice:42:due-3d"]
    cursor = await db.conn.execute("SELECT status, telegram_message_id, sent_at FROM outbox")
    status, message_id, sent_at = await cursor.fetchone()
    assert (status, message_id) == ("sent", 1001) and sent_at


async def test_retry_after_pauses_and_is_not_a_failure(db: Database):
    await populate(db)
    sender = RecordingSender()
    sender.fail(AM, RetryAfter(1))
    await add(db, AM, "a", urgent=True)
    dispatcher = make(db, sender)
    started = asyncio.get_running_loop().time()
    assert await dispatcher.drain() == 1
    assert asyncio.get_running_loop().time() - started >= 0.95  # everyone waited out retry_after
    assert await rows(db) == {"a": ("sent", 0)}  # the attempt was not counted
    assert dispatcher.stats["retry_after"] == 1 and dispatcher.stats["failed"] == 0


async def test_network_errors_back_off_then_fail_and_alert_the_manager(db):
    await populate(db)
    sender = RecordingSender()
    sender.fail(CLIENT, *(TemporaryFailure("server error") for _ in range(3)))
    await add(db, CLIENT, "update", urgent=True)
    dispatcher = make(db, sender, max_attempts=3, backoff_base=0.2)
    started = asyncio.get_running_loop().time()
    await dispatcher.drain()
    assert asyncio.get_running_loop().time() - started >= 0.2 + 0.4  # backed off twice, doubling
    assert (await rows(db))["update"] == ("failed", 3)
    assert sender.text_keys() == ["alert-delivery-failed"]
    assert sender.sent[0][1].recipient_id == AM
    assert sender.sent[0][1].notice.name == "Анна (Компания 30)"


async def test_bad_request_fails_at_once(db):
    await populate(db)
    sender = RecordingSender()
    sender.fail(OTHER_CLIENT, PermanentFailure("Bad Request: chat not found"))
    await add(db, OTHER_CLIENT, "x", urgent=True)
    dispatcher = make(db, sender)
    await dispatcher.drain()
    assert (await rows(db))["x"][0] == "failed"
    assert sender.text_keys() == ["alert-delivery-failed"]


async def test_blocked_client_is_marked_and_the_manager_told_once(db):
    await populate(db)
    sender = RecordingSender()
    sender.fail(CLIENT, RecipientBlocked("Forbidden: bot was blocked by the user"))
    await add(db, CLIENT, "first", urgent=True)
    await add(db, CLIENT, "second", urgent=True)
    dispatcher = make(db, sender)
    await dispatcher.drain()
    state = await rows(db)
    assert state["first"][0] == "dropped" and state["second"][0] == "dropped"
    assert sender.text_keys() == ["alert-unreachable"]
    assert sender.sent[0][1].recipient_id == AM
    people = People(db, "ru")
    assert (await people.get(CLIENT)).unreachable_at is not None
    # the client comes back: reachable again, the manager hears it, and new messages flow
    await people.touch(CLIENT, "Анна", None, "ru")
    assert (await people.get(CLIENT)).unreachable_at is None
    await add(db, CLIENT, "third", urgent=True)
    await dispatcher.drain()
    assert sender.text_keys() == ["alert-unreachable", "alert-reachable-again", "third"]
    assert [item.recipient_id for _, item in sender.sent] == [AM, AM, CLIENT]


async def test_quiet_hours_hold_client_messages_but_not_urgent_or_staff(db, clock):
    await populate(db)
    clock.set(datetime(2026, 11, 27, 19, 30, tzinfo=UTC))  # 22:30 in Moscow
    sender = RecordingSender()
    await add(db, CLIENT, "client-reminder")
    await add(db, OTHER_CLIENT, "client-urgent", urgent=True)
    await add(db, AM, "staff-alert")
    dispatcher = make(db, sender)
    await dispatcher.drain()
    assert sorted(sender.text_keys()) == ["client-urgent", "staff-alert"]
    cursor = await db.conn.execute(
        "SELECT not_before FROM outbox WHERE dedup_key = 'client-reminder'"
    )
    assert (await cursor.fetchone())[0] == "2026-11-28 06:00:00"  # 09:00 Moscow
    clock.set(datetime(2026, 11, 28, 5, 59, tzinfo=UTC))
    await dispatcher.drain()
    assert "client-reminder" not in sender.text_keys()
    clock.set(datetime(2026, 11, 28, 6, 0, tzinfo=UTC))
    await dispatcher.drain()
    assert sender.text_keys()[-1] == "client-reminder"


async def test_rows_left_sending_are_recovered(db):
    await populate(db)
    await add(db, AM, "in-flight")
    async with db.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sending'")
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    assert await store.recover_sending() == 1
    sender = RecordingSender()
    await make(db, sender).drain()
    assert sender.text_keys() == ["in-flight"]


async def test_pacing_overall_and_per_chat(db):
    await populate(db)
    sender = RecordingSender()
    for index in range(3):
        await add(db, AM, f"am-{index}", urgent=True)
    for index in range(6):
        await add(db, HEAD, f"head-{index}", urgent=True)
    dispatcher = make(db, sender, messages_per_second=20, per_chat_interval=0.25)
    async with asyncio.timeout(10):  # a failsafe, not a measure
        while len(sender.sent) < 9:  # chats still cooling down are left for the next round
            await dispatcher.drain()
    moments = [at for at, _ in sender.sent]
    gaps = [b - a for a, b in itertools.pairwise(moments)]
    assert min(gaps) >= 0.045  # never faster than 20 per second overall
    for chat in (AM, HEAD):
        chat_moments = [at for at, n in sender.sent if n.recipient_id == chat]
        chat_gaps = [b - a for a, b in itertools.pairwise(chat_moments)]
        assert min(chat_gaps) >= 0.24  # never faster than the per-chat interval
    assert len({n.id for _, n in sender.sent}) == 9  # each exactly once


class SlowSender(RecordingSender):
    async def send(self, notification: Notification) -> int:
        await asyncio.sleep(0.5)
        return await super().send(notification)


async def test_stop_lets_in_flight_sends_finish(db):
    await populate(db)
    await add(db, AM, "in-flight", urgent=True)
    sender = SlowSender()
    dispatcher = make(db, sender)
    drain = asyncio.create_task(dispatcher.drain())
    await asyncio.sleep(0.1)  # the send has started
    await dispatcher.stop(grace_seconds=5)
    await drain
    assert await rows(db) == {"in-flight": ("sent", 0)}


async def test_stop_puts_back_what_cannot_finish_in_time(db):
    await populate(db)
    await add(db, AM, "stuck", urgent=True)
    sender = SlowSender()
    dispatcher = make(db, sender)
    drain = asyncio.create_task(dispatcher.drain())
    await asyncio.sleep(0.1)
    await dispatcher.stop(grace_seconds=0.1)
    with contextlib.suppress(asyncio.CancelledError):
        await drain
    assert await rows(db) == {"stuck": ("pending", 0)}  # goes out after the restart
    assert sender.sent == []


class HangingSender(RecordingSender):
    """Sends to one chat hang (a slow or stuck request); the others answer at once."""

    def __init__(self, hanging_chat: int, hangs: int = 1) -> None:
        super().__init__()
        self.hanging_chat = hanging_chat
        self.hangs = hangs

    async def send(self, notification: Notification) -> int:
        if notification.recipient_id == self.hanging_chat and self.hangs > 0:
            self.hangs -= 1
            await asyncio.sleep(30)
        return await super().send(notification)


async def test_a_hanging_send_holds_back_only_its_own_chat(db):
    await populate(db)
    sender = HangingSender(hanging_chat=CLIENT)
    await add(db, CLIENT, "stuck", urgent=True)
    for index in range(3):
        await add(db, AM, f"am-{index}", urgent=True)
        await add(db, HEAD, f"head-{index}", urgent=True)
    dispatcher = make(db, sender, send_timeout=1.0, backoff_base=0.1, per_chat_interval=0.05)
    drain = asyncio.create_task(dispatcher.drain())
    await asyncio.sleep(0.8)  # the stuck send is still hanging
    others = {label(n) for _, n in sender.sent}
    assert others == {f"{who}-{i}" for who in ("am", "head") for i in range(3)}
    await drain
    assert sender.text_keys()[-1] == "stuck"  # given up after its timeout, then sent again
    [(sent_at, _)] = [(at, n) for at, n in sender.sent if label(n) == "stuck"]
    assert sent_at - sender.sent[0][0] >= 1.0  # not before the first try timed out
    assert dispatcher.stats["maybe_sent"] == 1
    assert (await rows(db))["stuck"] == ("sent", 1)


async def test_a_failed_first_row_is_not_overtaken_by_the_next(db):
    await populate(db)
    sender = RecordingSender()
    sender.fail(CLIENT, TemporaryFailure("Internal Server Error"))
    await add(db, CLIENT, "first", urgent=True)
    await add(db, CLIENT, "second", urgent=True)
    await make(db, sender, backoff_base=0.1, per_chat_interval=0.01).drain()
    assert sender.text_keys() == ["first", "second"]


class LockedOnce:
    """The database refuses the first record of a send (locked by another process)."""

    def __init__(self, store: OutboxStore) -> None:
        self.store = store
        self.failures = 1

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    async def sent_then_next(self, row_id: int, message_id: int, *rest):
        if self.failures:
            self.failures -= 1
            raise sqlite3.OperationalError("database is locked")
        return await self.store.sent_then_next(row_id, message_id, *rest)


async def test_marking_sent_on_a_locked_database_is_retried_not_sent_again(db):
    await populate(db)
    await add(db, AM, "once", urgent=True)
    sender = RecordingSender()
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    dispatcher = OutboxDispatcher(LockedOnce(store), sender)  # type: ignore[arg-type]
    assert await dispatcher.drain() == 1
    assert await rows(db) == {"once": ("sent", 0)}
    await dispatcher.recover_stuck()
    assert await dispatcher.drain() == 0
    assert sender.text_keys() == ["once"]
    assert dispatcher.stats["bookkeeping_retries"] == 1


async def test_a_row_stuck_in_sending_is_recovered_by_age_while_running(db, clock):
    await populate(db)
    await add(db, AM, "stuck", urgent=True)
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    [claimed] = await store.claim_due(10)  # claimed, then its bookkeeping never got through
    dispatcher = make(db, RecordingSender())
    assert await dispatcher.recover_stuck() == 0  # young: maybe still being sent
    clock.advance(timedelta(minutes=3))
    assert await dispatcher.recover_stuck() == 1
    assert await dispatcher.drain() == 1
    assert label(claimed) == "stuck"


async def test_rows_queued_before_the_clock_stepped_back_still_go_out(db, clock):
    await populate(db)
    await add(db, AM, "queued", urgent=True)
    clock.advance(timedelta(hours=-1))
    sender = RecordingSender()
    assert await make(db, sender).drain() == 1
    assert sender.text_keys() == ["queued"]


async def test_an_earlier_step_of_a_series_is_never_queued_after_a_later_one(db):
    await populate(db)

    async def step(key: str, number: int) -> bool:
        async with db.transaction() as conn:
            return await enqueue(
                conn, db.clock.now(), CLIENT, probe(key), series=("invoice:1:client", number)
            )

    assert await step("due-today", 0)  # the clock jumped forward
    assert not await step("due-in-3-days", -3)  # and was set right again
    assert await step("overdue-1-day", 1)


async def test_the_queue_of_chats_follows_the_outbox(db, clock):
    """outbox_queues (kept by triggers) says, for every chat with pending rows, when the
    earliest is due and which is the oldest; the claim reads only it."""
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")

    async def queues() -> tuple[list[tuple], list[tuple]]:
        kept = await db.conn.execute_fetchall(
            "SELECT recipient_id, due_at, first_id FROM outbox_queues ORDER BY recipient_id"
        )
        recomputed = await db.conn.execute_fetchall(
            "SELECT recipient_id, MIN(not_before),"
            " (SELECT MIN(id) FROM outbox i WHERE i.recipient_id = o.recipient_id"
            "  AND i.status IN ('pending', 'sending'))"
            " FROM outbox o WHERE status = 'pending' GROUP BY recipient_id ORDER BY recipient_id"
        )
        return [tuple(r) for r in kept], [tuple(r) for r in recomputed]

    async with db.transaction() as conn:
        for n in range(6):
            await enqueue(
                conn,
                clock.now(),
                100 + n % 3,
                probe(f"q:{n}"),
                not_before=clock.now() + timedelta(hours=1) if n == 5 else None,
            )
    kept, recomputed = await queues()
    assert kept == recomputed and len(kept) == 3
    claimed = await store.claim_due(2)
    assert [row.recipient_id for row in claimed] == [100, 101]  # who waited longest first
    kept, recomputed = await queues()
    assert kept == recomputed
    following = await store.sent_then_next(claimed[0].id, 1, 100)
    await store.retry_later(claimed[1].id, "timeout", count_attempt=True)
    [[third]] = await db.conn.execute_fetchall("SELECT id FROM outbox WHERE dedup_key = 'q:3'")
    assert following is not None and following.id == third
    await store.mark_failed(following, "refused")
    kept, recomputed = await queues()
    assert kept == recomputed
    assert [row[0] for row in kept] == [101, 102]  # 100 has nothing left
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM outbox WHERE recipient_id = 101")
    kept, recomputed = await queues()
    assert kept == recomputed == [(102, kept[0][1], kept[0][2])]
