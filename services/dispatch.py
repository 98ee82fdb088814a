"""Delivers the outbox through a Sender, within Telegram's limits.

Just under 30 messages/s overall (a leaky bucket from aiolimiter) and 1/s to one chat:
network jitter can bunch sends together on Telegram's side, and every 429 costs a
whole second of sending, so a few percent of headroom pays for itself. Recipients
sent to within the last interval are left out of the next claim; a 429 pauses
everything for retry_after; network and server errors back off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Protocol

from aiolimiter import AsyncLimiter

from services.outbox import Notification, OutboxStore

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    pass


class RetryAfter(DeliveryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood control: retry after {seconds}s")
        self.seconds = seconds


class RecipientBlocked(DeliveryError):
    """The person blocked the bot or deleted the account."""


class TemporaryFailure(DeliveryError):
    """Network trouble or a server error: worth trying again later."""


class PermanentFailure(DeliveryError):
    """Telegram refused the request itself; retrying cannot help."""


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
        messages_per_second: float = 29,
        per_chat_interval: float = 1.05,
        max_attempts: int = 5,
        backoff_base: float = 2.0,
        backoff_cap: float = 600.0,
        batch_size: int | None = None,
    ) -> None:
        self.store = store
        self.sender = sender
        # About one second's worth per claim: the claim is one transaction, the sends overlap.
        self.batch_size = batch_size or max(1, min(int(messages_per_second), 200))
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        # Capacity 1 drips one message every 1/rate seconds: steady, no bursts.
        self._limiter = AsyncLimiter(1, 1 / messages_per_second)
        self._last_sent_to: dict[int, float] = {}
        self._paused_until = 0.0
        self._stopping = False
        self._stop_requested = asyncio.Event()
        self._drain_lock = asyncio.Lock()
        self._drain_task: asyncio.Task[int] | None = None
        self.stats = {"sent": 0, "retry_after": 0, "failed": 0, "blocked": 0, "transient": 0}

    async def drain(self) -> int:
        """Send everything due now; return how many messages went out."""
        if self._drain_lock.locked():
            return 0
        async with self._drain_lock:
            self._drain_task = asyncio.current_task()  # type: ignore[assignment]
            delivered = 0
            while not self._stopping:
                await self._wait_out_pause()
                rows = await self.store.claim_due(self.batch_size, self._busy_recipients())
                if not rows:
                    break
                results = await asyncio.gather(*(self._deliver(row) for row in rows))
                delivered += sum(results)
            return delivered

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Stop taking rows; let in-flight sends finish, or put them back."""
        self._stopping = True
        self._stop_requested.set()  # a 429 pause must not hold up shutdown
        try:
            async with asyncio.timeout(grace_seconds):
                async with self._drain_lock:
                    pass
        except TimeoutError:
            log.warning(
                "outbox drain did not finish in %ss; rows go back to pending", grace_seconds
            )
            if self._drain_task is not None:
                self._drain_task.cancel()

    def _busy_recipients(self) -> list[int]:
        cutoff = time.monotonic() - self.per_chat_interval
        for chat_id in [c for c, at in self._last_sent_to.items() if at <= cutoff]:
            del self._last_sent_to[chat_id]
        return list(self._last_sent_to)

    async def _wait_out_pause(self) -> None:
        # A loop: another 429 may extend the pause while we wait; a stop ends it at once.
        while (delay := self._paused_until - time.monotonic()) > 0 and not self._stopping:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._stop_requested.wait()

    async def _deliver(self, row: Notification) -> bool:
        try:
            await self._limiter.acquire()
            await self._wait_out_pause()
            if self._stopping:
                await self.store.release(row.id)
                return False
            self._last_sent_to[row.recipient_id] = time.monotonic()
            message_id = await self.sender.send(row)
        except asyncio.CancelledError:
            await asyncio.shield(self.store.release(row.id))
            raise
        except RetryAfter as error:
            self.stats["retry_after"] += 1
            self._paused_until = max(self._paused_until, time.monotonic() + error.seconds)
            await self.store.retry_later(row.id, error.seconds, str(error), count_attempt=False)
        except RecipientBlocked as error:
            self.stats["blocked"] += 1
            await self.store.mark_blocked(row, str(error))
        except TemporaryFailure as error:
            await self._after_temporary_failure(row, str(error))
        except PermanentFailure as error:
            self.stats["failed"] += 1
            await self.store.mark_failed(row, str(error))
        except Exception as error:  # a bug in rendering must not stall the queue
            log.exception("unexpected error delivering outbox row %s", row.id)
            await self._after_temporary_failure(row, f"{type(error).__name__}: {error}")
        else:
            self.stats["sent"] += 1
            await self.store.mark_sent(row.id, message_id)
            return True
        return False

    async def _after_temporary_failure(self, row: Notification, error: str) -> None:
        self.stats["transient"] += 1
        attempt = row.attempts + 1
        if attempt >= self.max_attempts:
            self.stats["failed"] += 1
            await self.store.mark_failed(row, error)
            return
        delay = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        await self.store.retry_later(row.id, delay, error, count_attempt=True)
