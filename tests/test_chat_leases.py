"""Several replicas take updates in; one person's updates are handled in order, by one
replica at a time (chat leases in services/delivery/inbox.py). Runs on both engines."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest

from services.conversation.chat import Chat
from services.db import Database
from services.delivery.inbox import Finished, InboxStatus, ReceivedUpdate, Saved, UpdateInbox
from tests import backends
from tests.conftest import CLIENT, MANAGER, RunningBot
from tests.journeys import REAL_CLIENT_MESSAGE, invite_client, slow_client_messages


def ids(saved: Saved) -> list[int]:
    return [u.update_id for u in saved.mine]


def update(update_id: int, chat: int) -> ReceivedUpdate:
    return ReceivedUpdate(update_id, chat, {"update_id": update_id, "message": {"text": "…"}})


async def done(inbox: UpdateInbox, *ids: int) -> None:
    await inbox.finish([Finished(i, InboxStatus.DONE) for i in ids])


async def test_the_holder_handles_what_another_replica_took_in(db: Database):
    a, b = UpdateInbox(db), UpdateInbox(db)
    assert ids(await a.save([update(1, 7)], "a")) == [1]
    assert ids(await b.save([update(2, 7)], "b")) == []  # a holds chat 7: b only keeps it
    assert ids(await b.save([update(3, 8)], "b")) == [3]  # another chat
    assert ids(await a.save([update(5, 7)], "a")) == [1, 2, 5]  # in order, b's one too
    await done(a, 1, 2, 5)
    assert await a.hand_on(7, "a") == []  # nothing left: the lease is given up
    assert ids(await b.save([update(6, 7)], "b")) == [6]
    saved = await a.save([update(6, 7)], "a")  # Telegram's retry to a: saved once
    assert saved.fresh == 0 and saved.mine == []


async def test_a_lane_run_dry_takes_what_another_replica_took_in(db: Database):
    a, b = UpdateInbox(db), UpdateInbox(db)
    await a.save([update(1, 7)], "a")
    await b.save([update(2, 7)], "b")
    await done(a, 1)
    assert [u.update_id for u in await a.hand_on(7, "a")] == [2]  # the lease is kept
    assert ids(await b.save([update(3, 7)], "b")) == []


async def test_a_dead_holders_chat_is_adopted_once_its_lease_runs_out(db: Database, clock):
    a, b = UpdateInbox(db), UpdateInbox(db)
    await a.save([update(1, 7), update(2, 7)], "a")  # then a is killed
    assert await b.adopt("b") == []  # its lease still runs
    clock.advance(timedelta(seconds=31))
    adopted = await b.adopt("b")
    assert [u.update_id for u in adopted] == [1, 2]
    assert await a.adopt("a") == []  # b holds it now
    await b.renew("b", [7])
    clock.advance(timedelta(seconds=20))
    assert await a.adopt("a") == []  # renewed: still b's


async def test_a_holder_found_gone_loses_its_chats_and_one_found_back_keeps_them(db: Database):
    """Who is alive is asked inside the adoption's unit of work: a holder back on the
    server that took a chat just before is seen alive, and keeps it."""
    a, b = UpdateInbox(db), UpdateInbox(db)
    await a.save([update(1, 7)], "a")
    asked: list[set[str]] = []

    async def everyone_alive(holders: set[str]) -> set[str]:
        asked.append(holders)
        return holders

    async def nobody_alive(holders: set[str]) -> set[str]:
        return set()

    assert await b.adopt("b", everyone_alive) == []
    assert asked == [{"a"}]  # its own chats are not in question
    assert ids(await a.save([update(2, 7)], "a")) == [1, 2]  # still a's
    adopted = await b.adopt("b", nobody_alive)
    assert [u.update_id for u in adopted] == [1, 2]
    assert ids(await a.save([update(3, 7)], "a")) == []  # b's now: a only keeps it


async def test_two_replicas_racing_handle_each_update_once_in_order(db: Database):
    """300 updates of one person arrive at two replicas at random; each replica handles
    what it holds and hands on when its lane runs dry (as bot/intake.py does), while the
    other goes on saving. Every update is handled once, in order, never by both at once."""
    inboxes = {"a": UpdateInbox(db), "b": UpdateInbox(db)}
    lanes: dict[str, list[int]] = {"a": [], "b": []}
    in_hand: dict[str, set[int]] = {"a": set(), "b": set()}
    handled: list[int] = []
    busy: set[str] = set()
    chooser = random.Random(27)
    arrivals = list(range(1, 301))
    arrived = asyncio.Event()

    def take(holder: str, found: list) -> None:
        for item in found:
            if item.update_id not in in_hand[holder]:
                in_hand[holder].add(item.update_id)
                lanes[holder].append(item.update_id)

    async def take_in() -> None:
        for update_id in arrivals:
            holder = chooser.choice("ab")
            take(holder, (await inboxes[holder].save([update(update_id, 42)], holder)).mine)
            await asyncio.sleep(0)
        arrived.set()

    async def work(holder: str) -> None:
        inbox = inboxes[holder]
        while not (arrived.is_set() and not lanes[holder]):
            if not lanes[holder]:
                await asyncio.sleep(0.001)
                continue
            update_id = lanes[holder].pop(0)
            assert not busy, f"{holder} handles {update_id} while {busy} handles another"
            busy.add(holder)
            handled.append(update_id)
            await asyncio.sleep(0)
            await done(inbox, update_id)
            busy.discard(holder)
            if not lanes[holder]:
                take(holder, await inbox.hand_on(42, holder))

    await asyncio.gather(take_in(), work("a"), work("b"))
    left = await db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM inbox WHERE status IN ('new', 'committed')"
    )
    assert left[0][0] == 0
    assert handled == arrivals


async def test_a_bot_stopped_with_a_chats_updates_queued_gives_the_chat_up(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
):
    """A stop leaves what was queued in the inbox; the chat is left free, so whoever
    takes its next update (the next start, another replica) handles it all at once, not
    after finding this process gone (the lease tending, every 10 s)."""
    tg = running.telegram
    await invite_client(running)
    slow_client_messages(monkeypatch)  # a handler at work when the stop comes
    texts = [f"Вопрос по макетам {n}" for n in range(1, 7)]
    for text in texts:
        tg.send_text(CLIENT, text)
    await tg.wait_message(MANAGER["id"], texts[0], within=10)
    await running.stop()
    db = backends.database_at(running.settings.database_path)
    await db.open()
    try:
        left = await db.conn.execute_fetchall("SELECT COUNT(*) FROM inbox WHERE status = 'new'")
        leases = await db.conn.execute_fetchall("SELECT COUNT(*) FROM chat_leases")
    finally:
        await db.close()
    assert left[0][0] > 0  # the stop did leave some of the chat's updates queued
    assert leases[0][0] == 0
    monkeypatch.setattr(Chat, "client_message", REAL_CLIENT_MESSAGE)
    await running.start()
    await tg.wait_message(MANAGER["id"], texts[-1], within=3)
