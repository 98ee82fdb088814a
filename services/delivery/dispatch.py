"""Delivers the outbox through a Sender, within Telegram's limits, one lane per chat.

Each chat with something due gets a lane: a task that sends that chat's rows one after
another in id order and waits its turn under the shared pace (services/pacing). A row
waiting out its backoff keeps only its own lane waiting; a send that hangs is given up
after `send_timeout` and counted as "maybe sent" (it is tried again: at least once,
never lost). Lanes are started by `pump`, which the scheduler calls every second and
whenever something was planned.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

from services.db import DatabaseFault
from services.delivery.claims import OutboxStore
from services.delivery.outbox import Notification
from services.delivery.pacing import Pacer, turn_taken

log = logging.getLogger(__name__)

T = TypeVar("T")

# Well under aiogram's own 60 s: a hung request costs one chat this long, then it is retried.
SEND_TIMEOUT = 20.0
# A row in `sending` this long without a lane holding it was left by a failed bookkeeping
# write; it goes back to the queue (it may have been delivered: at least once).
STUCK_AFTER_SECONDS = 120
# Rows in a row from one source (a client writing to their AM) before another source's
# oldest row goes first.
SOURCE_TURNS = 2
CLAIM_AHEAD_SECONDS = 2.0
# Chats sent to at a time, at most.
MAX_LANES = 500
BOOKKEEPING_BACKOFF = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class DeliveryError(Exception):
    pass


class RetryAfter(DeliveryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood control: retry after {seconds}s")
        self.seconds = seconds


class RecipientBlocked(DeliveryError):
    """The person blocked the bot or deleted the account."""


class TemporaryFailure(DeliveryError):
    """Network trouble or a server error: worth trying again later. `maybe_delivered` when
    the request may have reached Telegram (no answer came back)."""

    def __init__(self, message: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class PermanentFailure(DeliveryError):
    """Telegram refused the request itself; retrying cannot help."""


class Settled(DeliveryError):
    """The sender already settled the row (a group that moved to a new id, or one the bot
    lost: its queue was moved or rerouted with the row in it); nothing is to be recorded."""


@dataclass(frozen=True)
class Outcome:
    """What a lane does after one send: record it as sent, or wait before the next try."""

    message_id: int | None = None
    wait: float = 0.0


def _hog(streak: tuple[int | None, int]) -> int | None:
    """The source that had SOURCE_TURNS turns in a row: the next turn goes to another."""
    source, turns = streak
    return source if source is not None and turns >= SOURCE_TURNS else None


class Sender(Protocol):
    async def send(self, notification: Notification) -> int:
        """Deliver one notification; return the Telegram message id."""
        ...


class OutboxDispatcher:
    def __init__(
        self,
        store: OutboxStore,
        sender: Sender,
        *,
        pacer: Pacer | None = None,
        messages_per_second: float = 29,
        per_chat_interval: float = 1.04,
        max_attempts: int = 5,
        backoff_base: float = 2.0,
        backoff_cap: float = 600.0,
        send_timeout: float = SEND_TIMEOUT,
        max_lanes: int = MAX_LANES,
    ) -> None:
        self.store = store
        self.sender = sender
        self.pacer = pacer or Pacer(messages_per_second, per_chat_interval)
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.send_timeout = send_timeout
        self.max_lanes = max_lanes
        self._lanes: dict[int, asyncio.Task[None]] = {}
        self._in_flight: set[int] = set()  # row ids a lane holds
        self._stopping = asyncio.Event()
        self._pump_lock = asyncio.Lock()
        self._pumped_at: float | None = None
        self._delivered = 0
        self.stats = {
            "sent": 0,
            "retry_after": 0,
            "failed": 0,
            "blocked": 0,
            "transient": 0,
            "maybe_sent": 0,
            "bookkeeping_retries": 0,
        }

    async def pump(self) -> int:
        """Start a lane for every chat with a due row and no lane yet; return how many."""
        self._pumped_at = time.monotonic()
        if self._stopping.is_set() or self._pump_lock.locked():
            return 0
        async with self._pump_lock:
            # What the pace lets out in the next two seconds: a row claimed is held in
            # memory until its turn, and each claimed row costs the claim's transaction.
            batch = min(
                self.max_lanes - len(self._lanes),
                max(1, math.ceil(CLAIM_AHEAD_SECONDS * self.pacer.messages_per_second)),
            )
            if batch <= 0:
                return 0
            try:
                claimed = await self.store.claim_due(batch, set(self._lanes))
            except DatabaseFault as error:
                log.warning("outbox: cannot look for due rows: %s", error)
                return 0
            for row in claimed:
                self._lanes[row.recipient_id] = asyncio.create_task(
                    self._lane(row.recipient_id, row)
                )
            return len(claimed)

    @property
    def idle(self) -> bool:
        """No lane is sending: every claimed row is marked, or back in the queue."""
        return not self._lanes

    def seconds_since_pump(self) -> float | None:
        """The scheduler pumps every second: much longer means delivery has stalled."""
        return None if self._pumped_at is None else time.monotonic() - self._pumped_at

    async def drain(self) -> int:
        """Send everything due now and wait for it (tests, benchmarks, shutdown)."""
        before = self._delivered
        while not self._stopping.is_set():
            started = await self.pump()
            lanes = list(self._lanes.values())
            if not started and not lanes:
                break
            if lanes:
                await asyncio.wait(lanes)
        return self._delivered - before

    async def recover_stuck(self) -> int:
        """Rows in `sending` that no lane holds any more go back to the queue."""
        recovered = await self.store.recover_stuck(STUCK_AFTER_SECONDS, sorted(self._in_flight))
        if recovered:
            log.warning("outbox: %d rows stuck in sending go out again", recovered)
        return recovered

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Start no more sends; let those in flight finish, or put their rows back."""
        self._stopping.set()
        lanes = list(self._lanes.values())
        if not lanes:
            return
        _, late = await asyncio.wait(lanes, timeout=grace_seconds)
        if late:
            log.warning(
                "outbox: %d sends did not finish in %ss; they go out again",
                len(late),
                grace_seconds,
            )
            for task in late:
                task.cancel()
            await asyncio.wait(late)

    # one chat --------------------------------------------------------------------------

    async def _lane(self, recipient_id: int, first: Notification) -> None:
        """Send the chat's rows one after another, starting with `first` (claimed by the
        pump), until none is due."""
        row: Notification | None = first
        streak: tuple[int | None, int] = (None, 0)  # the source served last, how many times
        try:
            while True:
                if self._stopping.is_set():
                    if row is not None:  # claimed by the pump, never tried: back in the queue
                        await self._bookkeep(partial(self.store.release, row.id))
                    return
                if row is None:
                    try:
                        row = await self.store.claim_next(recipient_id, _hog(streak))
                    except DatabaseFault as error:
                        log.warning("outbox: cannot claim for %s: %s", recipient_id, error)
                        return
                    if row is None:
                        return
                source, turns = streak
                streak = (row.source, turns + 1 if row.source == source else 1)
                held = row.id
                self._in_flight.add(held)
                try:
                    outcome = await self._deliver(row)
                    if outcome.message_id is not None:
                        # Recorded while the row is still in `_in_flight`: recover_stuck
                        # must never take a delivered row for a stuck one.
                        row = await self._bookkeep(
                            partial(
                                self.store.sent_then_next,
                                held,
                                outcome.message_id,
                                recipient_id,
                                _hog(streak),
                            )
                        )
                        if row is None:
                            return
                        continue
                finally:
                    self._in_flight.discard(held)
                row = None
                if outcome.wait:
                    await self._sleep(outcome.wait)
        finally:
            self._lanes.pop(recipient_id, None)

    async def _deliver(self, row: Notification) -> Outcome:
        """Send one row and record a failure; the caller records a success."""
        try:
            await self.pacer.turn(row.recipient_id)
            if self._stopping.is_set():
                await self._bookkeep(lambda: self.store.release(row.id))
                return Outcome()
            turn_taken.set(True)
            try:
                # A move in a forum group may take several calls, each at the group's pace.
                async with asyncio.timeout(self.send_timeout * row.notice.calls):
                    message_id = await self.sender.send(row)
            except TimeoutError as error:
                raise TemporaryFailure(
                    f"no answer in {self.send_timeout:.0f} s", maybe_delivered=True
                ) from error
            finally:
                turn_taken.set(False)
        except asyncio.CancelledError:
            await asyncio.shield(self.store.release(row.id))
            raise
        except RetryAfter as error:
            self.stats["retry_after"] += 1
            self.pacer.pause(error.seconds)
            reason = str(error)
            log.warning("outbox row %s to %s: %s", row.id, row.recipient_id, reason)
            await self._bookkeep(
                lambda: self.store.retry_later(row.id, reason, count_attempt=False)
            )
        except Settled as error:
            log.info("outbox row %s to %s: %s", row.id, row.recipient_id, error)
        except RecipientBlocked as error:
            self.stats["blocked"] += 1
            reason = str(error)
            log.warning(
                "outbox row %s: %s blocked the bot (%s); nothing more is sent to them",
                row.id,
                row.recipient_id,
                reason,
            )
            await self._bookkeep(lambda: self.store.mark_blocked(row, reason))
        except TemporaryFailure as error:
            if error.maybe_delivered:
                self.stats["maybe_sent"] += 1
                log.warning(
                    "outbox row %s to %s: %s; it may have been delivered, trying again",
                    row.id,
                    row.recipient_id,
                    error,
                )
            wait = await self._after_temporary_failure(row, str(error))
            if not error.maybe_delivered:
                log.warning(
                    "outbox row %s to %s: %s; %s",
                    row.id,
                    row.recipient_id,
                    error,
                    f"trying again in {wait:.0f} s" if wait else "given up",
                )
            return Outcome(wait=wait)
        except PermanentFailure as error:
            self.stats["failed"] += 1
            reason = str(error)
            log.warning("outbox row %s to %s refused: %s", row.id, row.recipient_id, reason)
            await self._bookkeep(lambda: self.store.mark_failed(row, reason))
        except Exception as error:  # a bug in rendering must not stall the queue
            log.exception("unexpected error delivering outbox row %s", row.id)
            wait = await self._after_temporary_failure(row, f"{type(error).__name__}: {error}")
            return Outcome(wait=wait)
        else:
            self.stats["sent"] += 1
            self._delivered += 1
            return Outcome(message_id=message_id)
        return Outcome()

    async def _after_temporary_failure(self, row: Notification, error: str) -> float:
        self.stats["transient"] += 1
        attempt = row.attempts + 1
        if attempt >= self.max_attempts:
            self.stats["failed"] += 1
            await self._bookkeep(lambda: self.store.mark_failed(row, error))
            return 0
        await self._bookkeep(lambda: self.store.retry_later(row.id, error, count_attempt=True))
        return float(min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1)))

    async def _bookkeep(self, write: Callable[[], Awaitable[T]]) -> T | None:
        """A row's outcome must reach the database, or it would be sent again: retried
        while the database is locked or busy; left to `recover_stuck` if it never is."""
        for delay in (*BOOKKEEPING_BACKOFF, None):
            try:
                return await write()
            except DatabaseFault as error:
                if delay is None:
                    log.error("outbox bookkeeping failed for good: %s", error)
                    return None
                self.stats["bookkeeping_retries"] += 1
                await asyncio.sleep(delay)
        return None

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
