"""Telegram's limits as one shared pace: about 30 messages a second in all, about one a
second to one chat, about twenty a minute to one group. Every send waits its turn here —
outbox rows and handlers' replies alike — so a flood in one chat slows that chat, never
the others.

Just under the limits (29/s, 1.04 s per chat, so a chat's backlog still drains at 0.96/s):
network jitter can bunch sends together on Telegram's side, and every 429 costs a whole
second of sending.

The global pace hands out send slots on a fixed schedule, 1/rate apart: a reply a person
is waiting for before the outbox's notifications (services/priority), each first come,
first served. aiolimiter's leaky bucket (used before) gave 28.2 of 29 turns a second with
60 lanes waiting (0.94 of Telegram's 30/s): each waiter's late wake-up was time lost. A
schedule loses none (29.0 measured the same way).
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar

from services.db import DatabaseFault, SharedPace, first_line
from services.delivery.priority import Priority, PriorityLock, Turns, current

log = logging.getLogger(__name__)


def _now() -> float:
    # The event loop's clock (time.monotonic in production): what its sleeps are measured
    # in, and what a test can move forward without waiting.
    return asyncio.get_running_loop().time()


# The shared pace hands out one slot a second fewer than a process's own: each replica's
# send leaves at its slot give or take how the machine schedules that process, so sends of
# several bunch more on Telegram's side than one process's (three replicas at 29 a second,
# 10,000 companies: 2 sends of 2,000 refused with 429; bench/replicas.py).
SHARED_SLOTS_SPARED = 1.0

# How long a process paces its sends alone after the shared pace did not answer, before it
# asks again (each try may wait for a connection; the sends should not).
SHARED_RETRY_SECONDS = 5.0

# Telegram's ~20 messages a minute into one group (forum topic creations and title edits
# count): one every 3.06 s keeps a group at 0.98 of it, with room for jitter.
GROUP_INTERVAL = 3.06


def is_group(chat_id: int) -> bool:
    """Groups, supergroups and channels have negative ids; people positive ones."""
    return chat_id < 0


class Pacer:
    def __init__(
        self,
        messages_per_second: float = 29,
        per_chat_interval: float = 1.04,
        group_interval: float = GROUP_INTERVAL,
        shared: SharedPace | None = None,
    ) -> None:
        self.per_chat_interval = per_chat_interval
        self.group_interval = group_interval
        self._slot_interval = 1 / messages_per_second
        self._next_slot = 0.0
        self._chat_locks: dict[int, PriorityLock] = {}
        self._last_sent: dict[int, float] = {}
        self._paused_until = 0.0
        self._turns = Turns()
        self._releaser: asyncio.Task[None] | None = None
        # Several replicas: after its own pace, each send takes its turn in the pace they
        # share, one at a time per process, so a process holds at most one slot ahead
        # and the shared schedule never runs far past what is sent.
        self._shared = shared
        self._shared_interval = 1 / max(1.0, messages_per_second - SHARED_SLOTS_SPARED)
        self._shared_gate = PriorityLock()
        self._shared_unreachable = False
        self._shared_retry_at = 0.0
        self._pausing: set[asyncio.Task[None]] = set()

    @property
    def messages_per_second(self) -> float:
        return 1 / self._slot_interval

    async def turn(self, chat_id: int | None) -> None:
        """Wait until a message to this chat may go; the chat's turns are first come,
        first served."""
        if chat_id is None:
            await self._global_turn()
            await self._shared_turn(None, 0.0)
            return
        lock = self._chat_locks.setdefault(chat_id, PriorityLock())
        if lock.locked() and current.get() is Priority.FOREGROUND:
            # A notification to this chat holds its gate while it waits for a slot behind
            # the other notifications; the reply would wait behind them all.
            self._turns.promote(chat_id)
        async with lock:
            interval = self.group_interval if is_group(chat_id) else self.per_chat_interval
            wait = self._last_sent.get(chat_id, -1e9) + interval - _now()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._global_turn(chat_id)
            await self._shared_turn(chat_id, interval)
            self._last_sent[chat_id] = _now()
        self._forget_idle_chats()

    async def _global_turn(self, chat_id: int | None = None) -> None:
        now = _now()
        if not self._turns.waiting() and now >= max(self._next_slot, self._paused_until):
            self._take_slot(now)
            return
        if self._releaser is None or self._releaser.done():
            self._releaser = asyncio.get_running_loop().create_task(self._release())
        await self._turns.wait(chat_id)

    async def _release(self) -> None:
        while self._turns.waiting():
            wait = max(self._next_slot, self._paused_until) - _now()
            if wait > 0:
                await asyncio.sleep(wait)  # a 429 meanwhile moves the pause: look again
            elif self._turns.hand_out():
                self._take_slot(_now())

    def _take_slot(self, now: float) -> None:
        # A wake-up late by less than a slot keeps the schedule, so lateness is not lost.
        on_time = now - self._next_slot < self._slot_interval
        self._next_slot = (self._next_slot if on_time else now) + self._slot_interval

    async def _shared_turn(self, chat_id: int | None, chat_interval: float) -> None:
        if self._shared is None or _now() < self._shared_retry_at:
            return
        while True:
            async with self._shared_gate:
                try:
                    turn = await self._shared.turn(chat_id, chat_interval, self._shared_interval)
                except DatabaseFault as error:
                    self._lost_shared(error)
                    return  # this process's own pace still holds its own sends
                if self._shared_unreachable:
                    self._shared_unreachable = False
                    log.info("the shared send pace answers again")
                if turn.taken:
                    if turn.wait > 0:
                        await asyncio.sleep(turn.wait)
                    return
            await asyncio.sleep(turn.wait)  # another replica sent to this chat just now

    def _lost_shared(self, error: BaseException) -> None:
        self._shared_retry_at = _now() + SHARED_RETRY_SECONDS
        if not self._shared_unreachable:
            self._shared_unreachable = True
            log.warning("the shared send pace cannot be reached (%s): this replica paces"
                        " its own sends alone until it can", first_line(error))  # fmt: skip

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends until retry_after has passed (no replica, when
        they share a pace)."""
        self._paused_until = max(self._paused_until, _now() + seconds)
        if self._shared is not None:
            task = asyncio.get_running_loop().create_task(self._pause_shared(seconds))
            self._pausing.add(task)
            task.add_done_callback(self._pausing.discard)

    async def forget_idle_lanes(self) -> None:
        """The shared pace's chats long past their last send go (the leader's upkeep)."""
        if self._shared is not None:
            await self._shared.forget_idle()

    async def _pause_shared(self, seconds: float) -> None:
        assert self._shared is not None
        try:
            await self._shared.pause(seconds)
        except DatabaseFault as error:
            self._lost_shared(error)

    def _forget_idle_chats(self) -> None:
        if len(self._last_sent) < 1024:
            return
        cutoff = _now() - max(self.per_chat_interval, self.group_interval)
        for chat_id in [c for c, at in self._last_sent.items() if at < cutoff]:
            lock = self._chat_locks.get(chat_id)
            if lock is None or not lock.locked():
                self._last_sent.pop(chat_id, None)
                self._chat_locks.pop(chat_id, None)


# Set by a caller that already waited its turn for the next send in this task (the outbox
# lane, which must not count the wait against its send timeout); the send uses it up.
turn_taken: ContextVar[bool] = ContextVar("turn_taken", default=False)
