"""A person waiting goes before background work: at the database and at the send pace."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from services.delivery.pacing import Pacer
from services.delivery.priority import FOREGROUND_STREAK, PriorityLock, in_background


async def _queue_behind(lock: PriorityLock, order: list[str], name: str, background: bool):
    async def take() -> None:
        async with lock:
            order.append(name)
            await asyncio.sleep(0)

    task = asyncio.create_task(in_background(take)() if background else take())
    await asyncio.sleep(0)  # queued now, in this order
    return task


async def test_a_waiting_handler_goes_before_background_work_queued_earlier():
    lock, order = PriorityLock(), []
    await lock.acquire()
    tasks = [
        await _queue_behind(lock, order, "lane 1", True),
        await _queue_behind(lock, order, "lane 2", True),
        await _queue_behind(lock, order, "handler 1", False),
        await _queue_behind(lock, order, "handler 2", False),
    ]
    lock.release()
    await asyncio.gather(*tasks)
    assert order == ["handler 1", "handler 2", "lane 1", "lane 2"]
    assert not lock.locked()


async def test_background_work_is_not_starved_by_a_stream_of_handlers():
    lock, order = PriorityLock(), []
    await lock.acquire()
    tasks = [await _queue_behind(lock, order, "lane", True)]
    for n in range(FOREGROUND_STREAK + 3):
        tasks.append(await _queue_behind(lock, order, f"handler {n}", False))
    lock.release()
    await asyncio.gather(*tasks)
    assert order.index("lane") == FOREGROUND_STREAK


async def test_a_waiter_cancelled_as_it_was_picked_passes_the_lock_on():
    lock, order = PriorityLock(), []
    await lock.acquire()
    first = await _queue_behind(lock, order, "cancelled", False)
    second = await _queue_behind(lock, order, "next", True)
    lock.release()  # hands the lock to `first`...
    first.cancel()  # ...which is cancelled before it runs
    await asyncio.gather(first, second, return_exceptions=True)
    assert order == ["next"]
    assert not lock.locked()


async def test_a_cancelled_waiter_leaves_the_queue():
    lock, order = PriorityLock(), []
    await lock.acquire()
    gone = await _queue_behind(lock, order, "gone", False)
    gone.cancel()
    await asyncio.sleep(0)
    lock.release()
    assert not lock.locked()
    with pytest.raises(asyncio.CancelledError):
        await gone


async def test_a_reply_takes_the_next_send_slot_before_queued_notifications():
    pacer = Pacer(messages_per_second=20, per_chat_interval=0)
    sent: list[str] = []

    async def send(name: str) -> None:
        await pacer.turn(None)
        sent.append(name)

    lanes = [asyncio.create_task(in_background(send)(f"lane {n}")) for n in range(6)]
    await asyncio.sleep(0.01)  # the lanes wait for their slots
    reply = asyncio.create_task(send("reply"))
    await asyncio.gather(*lanes, reply)
    assert sent.index("reply") <= 2  # the slot under way, then the reply


async def test_the_pace_holds_with_both_kinds_waiting():
    pacer = Pacer(messages_per_second=50, per_chat_interval=0)
    moments: list[float] = []

    async def send() -> None:
        await pacer.turn(None)
        moments.append(time.monotonic())

    jobs = [asyncio.create_task(in_background(send)()) for _ in range(15)]
    jobs += [asyncio.create_task(send()) for _ in range(15)]
    begun = time.monotonic()
    await asyncio.gather(*jobs)
    elapsed = time.monotonic() - begun
    assert len(moments) == 30
    assert 29 / 50 * 0.9 <= elapsed <= 29 / 50 + 0.3  # 30 sends, 1/50 s apart
    gaps = [b - a for a, b in itertools.pairwise(moments)]
    assert min(gaps) >= 1 / 50 * 0.5


async def test_a_reply_is_not_held_by_a_notification_to_the_same_chat_waiting_its_slot():
    """The notification holds the chat's gate while it waits behind others: it is moved
    forward with the reply, instead of the reply waiting behind every notification."""
    pacer = Pacer(messages_per_second=20, per_chat_interval=0)
    sent: list[str] = []

    async def send(name: str, chat_id: int) -> None:
        await pacer.turn(chat_id)
        sent.append(name)

    lanes = [asyncio.create_task(in_background(send)(f"lane {n}", n)) for n in range(8)]
    await asyncio.sleep(0.01)
    reply = asyncio.create_task(send("reply", 7))  # lane 7 waits last, at chat 7's gate
    await asyncio.gather(*lanes, reply)
    assert sent.index("reply") <= 3  # the slot under way, lane 7, then the reply
    assert sent.index("lane 7") == sent.index("reply") - 1
