"""Work a person is waiting for goes first.

A handler answering a client and the background (planners, the outbox's lanes, menu
refreshes) share one database connection and one pace of sends. First come, first served,
a /status answer waited behind every lane's bookkeeping and every planner chunk queued
before it: 3.9 s at p95 while the first tick planned 1,000 companies (bench/interactive.py).
With foreground first, it waits at most for the one hold under way.

The scheduler's jobs mark themselves background; tasks they start inherit it. Everything
else (update intake, handlers) is foreground.
"""

from __future__ import annotations

import asyncio
import enum
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar


class Priority(enum.IntEnum):
    FOREGROUND = 0
    BACKGROUND = 1


current: ContextVar[Priority] = ContextVar("priority", default=Priority.FOREGROUND)

# Background work waiting while this many foreground turns went before it gets the next
# one: a steady stream of answers must not stall the planners and the outbox for good.
FOREGROUND_STREAK = 8

P = ParamSpec("P")
T = TypeVar("T")


def in_background(job: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Run `job` (and the tasks it starts) as background work."""

    @wraps(job)
    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        current.set(Priority.BACKGROUND)
        return await job(*args, **kwargs)

    return run


class Turns:
    """Hands out turns one at a time, foreground waiters before background ones, each
    first come, first served."""

    def __init__(self, abandoned: Callable[[], None] | None = None) -> None:
        self._queues: tuple[deque[asyncio.Future[None]], ...] = tuple(deque() for _ in Priority)
        self._streak = 0
        # Called when a waiter was picked but cancelled before it could use its turn.
        self._abandoned = abandoned
        self._named: dict[Hashable, asyncio.Future[None]] = {}

    def waiting(self) -> bool:
        return any(self._queues)

    async def wait(self, name: Hashable | None = None) -> None:
        """Wait until `hand_out` picks this caller; `promote(name)` can move it forward."""
        future = asyncio.get_running_loop().create_future()
        self._queues[current.get()].append(future)
        if name is not None:
            self._named[name] = future
        try:
            await future
        except asyncio.CancelledError:
            if future.cancelled():
                for queue in self._queues:
                    if future in queue:
                        queue.remove(future)
            elif self._abandoned is not None:
                self._abandoned()
            raise
        finally:
            if name is not None and self._named.get(name) is future:
                del self._named[name]

    def promote(self, name: Hashable) -> None:
        """A person now waits on what the background waiter `name` holds: it goes with
        the foreground (else the person would wait behind all background work)."""
        future = self._named.get(name)
        foreground, background = self._queues
        if future is not None and future in background:
            background.remove(future)
            foreground.append(future)

    def hand_out(self) -> bool:
        """Wake the next waiter; False when nobody waits."""
        foreground, background = self._queues
        if background and (not foreground or self._streak >= FOREGROUND_STREAK):
            queues = (background, foreground)
        else:
            queues = (foreground, background)
        for queue in queues:
            while queue:
                future = queue.popleft()
                if future.done():
                    continue
                self._streak = self._streak + 1 if queue is foreground else 0
                future.set_result(None)
                return True
        self._streak = 0
        return False


class PriorityLock:
    """asyncio.Lock, but foreground waiters go before background ones."""

    def __init__(self) -> None:
        self._held = False
        self._turns = Turns(abandoned=self.release)

    def locked(self) -> bool:
        return self._held

    async def acquire(self) -> None:
        if not self._held and not self._turns.waiting():
            self._held = True
            return
        await self._turns.wait()  # the releaser handed the lock over: still held

    def release(self) -> None:
        if not self._turns.hand_out():
            self._held = False

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()
