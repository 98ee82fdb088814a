"""Long polling that loses nothing a user sent.

An update is confirmed to Telegram (the next getUpdates offset moves past it) only once
it is saved in the inbox, or once its sender was told it could not be. Each person's
updates are then handled one after another, in order, each person in a lane of their
own, so a slow or flooding chat holds back nobody else. A handler that fails on the
database or on Telegram is tried again with backoff; giving up tells the person "not
saved, please send again". A handler that already wrote something is never run twice:
after a crash it is resumed instead (the person is shown the step they are at).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import Update

from services.accounts.people import language_from_telegram
from services.db import DatabaseFault, Leadership, SoleProcess, write_hook
from services.delivery.inbox import (
    Finished,
    InboxStatus,
    OpenUpdate,
    ReceivedUpdate,
    UpdateInbox,
    mark_handling,
)

log = logging.getLogger(__name__)

# A handler is tried this many times when the database or Telegram fails under it.
HANDLE_ATTEMPTS = 5
HANDLE_BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)
# How long a batch may wait for the database before its senders are told it was not saved.
SAVE_PATIENCE_SECONDS = 60.0
POLL_BACKOFF_CAP = 30.0
# How often the leases of the chats in hand are renewed (they last LEASE, 30 s) and the
# chats of a replica that died are looked for.
LEASE_TENDING_SECONDS = 10.0
# Updates handled at the same moment, at most; the rest wait their turn in memory. A
# thousand at once answered no faster than 64 (bench/interactive.py, 1,000 /status), but
# each held its objects and crowded the event loop: 35 MB more at the peak.
HANDLING_AT_ONCE = 64

Resumer = Callable[[Update], Awaitable[None]]
Teller = Callable[[Update], Awaitable[None]]
Alarm = Callable[[str], Awaitable[None]]


@dataclass
class _Queued:
    update: Update
    status: InboxStatus


def chat_key(payload: dict[str, Any]) -> int:
    """Whose updates must be handled in order: the sender, else the chat."""
    for key, value in payload.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        sender = value.get("from") or value.get("user") or {}
        if sender.get("id"):
            return int(sender["id"])
        chat = value.get("chat") or (value.get("message") or {}).get("chat") or {}
        if chat.get("id"):
            return int(chat["id"])
    return 0


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, (*DatabaseFault, TelegramNetworkError, TelegramServerError)):
        return True
    return isinstance(error, TelegramRetryAfter)


class UpdateIntake:
    def __init__(
        self,
        bot: Bot,
        dp: Dispatcher,
        inbox: UpdateInbox,
        *,
        resume: Resumer,
        tell_not_saved: Teller,
        alarm: Alarm | None = None,
        allowed_updates: list[str] | None = None,
        polling_timeout: int = 30,
        backoff: tuple[float, ...] = HANDLE_BACKOFF,
        save_patience: float = SAVE_PATIENCE_SECONDS,
        on_done: Callable[[str, str, float], None] | None = None,
        leadership: Leadership | None = None,
    ) -> None:
        self.bot = bot
        self.dp = dp
        self.inbox = inbox
        self.resume = resume
        self.tell_not_saved = tell_not_saved
        self.alarm = alarm
        self.allowed_updates = allowed_updates
        self.polling_timeout = polling_timeout
        self.backoff = backoff
        self.save_patience = save_patience
        # (update type, "handled" / "resumed" / "failed", seconds from the first try)
        self.on_done = on_done
        # Who this process is among the replicas (the holder of its chats' leases); the
        # only process on its database (SQLite) knows leases left by an earlier run are
        # nobody's.
        self.leadership = leadership or SoleProcess()
        self.holder = self.leadership.holder
        self.sole = isinstance(self.leadership, SoleProcess)
        self._queued: set[int] = set()  # update ids in a lane or being handled
        self._unrecorded: set[int] = set()  # handled, their end not written down yet
        self._tending: asyncio.Task[None] | None = None
        self._lanes: dict[int, deque[_Queued]] = {}
        self._lane_tasks: dict[int, asyncio.Task[None]] = {}
        self._running: set[int] = set()  # update ids being handled right now
        self._handling = asyncio.Semaphore(HANDLING_AT_ONCE)
        self._finished: list[Finished] = []
        self._recording: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self.stats = {
            "received": 0,
            "handled": 0,
            "failed": 0,
            "resumed": 0,
            "retried": 0,
            "save_retried": 0,  # a batch the database could not take yet: Telegram keeps it
        }

    # receiving ---------------------------------------------------------------------

    async def resume_open(self) -> None:
        """What the inbox holds from before the last stop (or from a replica that
        stopped) goes first; then the leases of the chats in hand are kept, and chats
        left by a replica that died are adopted."""
        if self.sole:
            await self.inbox.forget_leases()
        await self.leadership.present()
        while adopted := await self.inbox.adopt(self.holder, self.leadership.alive):
            self._enqueue_open(adopted)
        if self._tending is None:
            self._tending = asyncio.create_task(self._tend_leases())

    def _enqueue_open(
        self, items: list[OpenUpdate], parsed: dict[int, Update] | None = None
    ) -> None:
        for item in items:
            if item.update_id in self._queued or item.update_id in self._unrecorded:
                continue  # in hand, or handled and its end not written down yet
            update = (parsed or {}).get(item.update_id) or Update.model_validate(
                item.payload, context={"bot": self.bot}
            )
            self._enqueue(item.chat_key, _Queued(update, item.status))

    async def _tend_leases(self) -> None:
        while not self._stopping.is_set():
            await self._sleep(LEASE_TENDING_SECONDS)
            if self._stopping.is_set():
                return
            try:
                await self.leadership.present()
                await self.inbox.renew(self.holder, list(self._lane_tasks))
                self._enqueue_open(await self.inbox.adopt(self.holder, self.leadership.alive))
            except DatabaseFault as error:
                log.warning("cannot keep the chats' leases (%s); trying again shortly", error)

    async def serve_webhook(self) -> None:
        """Webhook mode: updates arrive through `keep`; wait here until `stop`."""
        await self.resume_open()
        await self._stopping.wait()

    async def run(self) -> None:
        """Resume what the inbox holds, then poll until `stop`."""
        await self.resume_open()
        offset: int | None = None
        failures = 0
        while not self._stopping.is_set():
            try:
                updates = await self._fetch(offset)
            except TelegramUnauthorizedError:
                raise
            except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as error:
                failures += 1
                delay = min(POLL_BACKOFF_CAP, 2.0**failures / 2)
                if isinstance(error, TelegramRetryAfter):
                    delay = float(error.retry_after)
                log.warning("cannot reach the Bot API: %s; retrying in %.0f s", error, delay)
                await self._sleep(delay)
                continue
            failures = 0
            if updates is None or not updates:
                continue
            if await self.keep(updates):
                offset = updates[-1].update_id + 1

    async def _fetch(self, offset: int | None) -> list[Update] | None:
        """getUpdates, given up at once when the bot stops (nothing fetched is confirmed)."""
        timeout = self.polling_timeout
        request_timeout = int((self.bot.session.timeout or 60) + timeout)
        poll = asyncio.ensure_future(
            self.bot.get_updates(
                offset=offset,
                timeout=timeout,
                allowed_updates=self.allowed_updates,
                request_timeout=request_timeout,
            )
        )
        stop = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({poll, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        if not poll.done():
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await poll
            return None
        return poll.result()

    async def keep(self, updates: list[Update]) -> bool:
        """Save a batch; True when Telegram may be told it arrived."""
        received = []
        for update in updates:
            payload = update.model_dump(mode="json", by_alias=True, exclude_none=True)
            received.append(ReceivedUpdate(update.update_id, chat_key(payload), payload))
        started = time.monotonic()
        attempt = 0
        while True:
            try:
                await self.leadership.present()  # before it takes a chat
                saved = await self.inbox.save(received, self.holder)
                break
            except DatabaseFault as error:
                waited = time.monotonic() - started
                if waited >= self.save_patience or self._stopping.is_set():
                    if self._stopping.is_set():
                        return False  # Telegram gives them again at the next start
                    log.error(
                        "%d updates could not be saved for %.0f s (%s); their senders are"
                        " told to send again",
                        len(updates),
                        waited,
                        error,
                    )
                    await self._raise_alarm(error)
                    return await self._tell_all_not_saved(updates)
                delay = self.backoff[min(attempt, len(self.backoff) - 1)]
                attempt += 1
                self.stats["save_retried"] += 1
                log.warning(
                    "cannot save %d updates (%s); retrying in %s s", len(updates), error, delay
                )
                await self._sleep(delay)
        self.stats["received"] += saved.fresh
        self._enqueue_open(saved.mine, {update.update_id: update for update in updates})
        return True

    async def _tell_all_not_saved(self, updates: list[Update]) -> bool:
        for update in updates:
            try:
                await self.tell_not_saved(update)
            except Exception as error:  # Telegram down too: keep them unconfirmed
                log.error("cannot tell the sender of update %s either: %s", update.update_id, error)
                return False
            self.stats["failed"] += 1
        return True

    # handling ----------------------------------------------------------------------

    def _enqueue(self, key: int, item: _Queued) -> None:
        if item.update.update_id in self._queued:
            return  # in hand already (saved here, then found again among the chat's open ones)
        self._queued.add(item.update.update_id)
        lane = self._lanes.setdefault(key, deque())
        lane.append(item)
        if key not in self._lane_tasks:
            self._idle.clear()
            self._lane_tasks[key] = asyncio.create_task(self._run_lane(key))

    async def _run_lane(self, key: int) -> None:
        lane = self._lanes[key]
        try:
            while not self._stopping.is_set():
                if not lane and not await self._hand_on(key):
                    break
                if not lane:
                    continue
                item = lane.popleft()
                self._running.add(item.update.update_id)
                try:
                    await self._handle(item)
                finally:
                    self._running.discard(item.update.update_id)
                    self._queued.discard(item.update.update_id)
        finally:
            # What is left stays `new` in the inbox and is handled at the next start.
            del self._lanes[key]
            del self._lane_tasks[key]
            if not self._lane_tasks:
                self._idle.set()

    async def _hand_on(self, key: int) -> bool:
        """The lane ran dry: take the chat's updates other replicas saved meanwhile, or
        give the chat's lease up. False when the lane ends."""
        await self.recorded()  # what this lane finished is written before the chat is left
        try:
            found = await self.inbox.hand_on(key, self.holder)
        except DatabaseFault as error:
            # The lease runs out and the chat's open updates are adopted then.
            log.warning("cannot hand chat updates on (%s); they are adopted later", error)
            return False
        self._enqueue_open(found)
        return bool(self._lanes[key])

    async def _handle(self, item: _Queued) -> None:
        started = time.perf_counter()
        result = await self._handle_tries(item)
        if result is not None and self.on_done is not None:
            self.on_done(item.update.event_type, result, time.perf_counter() - started)

    async def _handle_tries(self, item: _Queued) -> str | None:
        """How the handling ended, or None when it stopped for the shutdown."""
        update = item.update
        committed = item.status is InboxStatus.COMMITTED
        resuming = committed
        for attempt in range(HANDLE_ATTEMPTS):
            mark, token = mark_handling(update.update_id)
            mark.committed = committed
            try:
                async with self._handling:  # not held while a failed attempt waits
                    if committed:
                        self.stats["resumed"] += 1
                        await self.resume(update)
                    else:
                        await self.dp.feed_update(self.bot, update)
            except Exception as error:
                committed = mark.committed
                if _is_transient(error) and attempt + 1 < HANDLE_ATTEMPTS:
                    delay = self._retry_delay(error, attempt)
                    self.stats["retried"] += 1
                    log.warning(
                        "update %s failed (%s: %s); %s in %.1f s",
                        update.update_id,
                        type(error).__name__,
                        error,
                        "resuming" if committed else "trying again",
                        delay,
                    )
                    await self._persist(
                        partial(self.inbox.count_attempt, update.update_id, str(error))
                    )
                    await self._sleep(delay)
                    if self._stopping.is_set():
                        return None  # still open in the inbox: tried again at the next start
                    continue
                await self._give_up(update, error, committed)
                return "failed"
            finally:
                write_hook.reset(token)
            self.stats["handled"] += 1
            log.debug("update %s (%s) handled", update.update_id, update.event_type)
            self._record(Finished(update.update_id, InboxStatus.DONE))
            return "resumed" if resuming else "handled"
        return None

    def _retry_delay(self, error: BaseException, attempt: int) -> float:
        if isinstance(error, TelegramRetryAfter):
            return float(error.retry_after)
        return self.backoff[min(attempt, len(self.backoff) - 1)]

    async def _give_up(self, update: Update, error: BaseException, committed: bool) -> None:
        self.stats["failed"] += 1
        if isinstance(error, (TelegramBadRequest, *DatabaseFault)) or _is_transient(error):
            log.error(
                "update %s given up after %d tries: %s: %s",
                update.update_id,
                HANDLE_ATTEMPTS,
                type(error).__name__,
                error,
            )
        else:
            log.error("update %s failed", update.update_id, exc_info=error)
        if isinstance(error, DatabaseFault):
            await self._raise_alarm(error)
        if not committed:
            try:
                await self.tell_not_saved(update)
            except Exception as telling:
                log.error("could not tell the sender of update %s: %s", update.update_id, telling)
        status = InboxStatus.DONE if committed else InboxStatus.FAILED
        self._record(Finished(update.update_id, status, f"{type(error).__name__}: {error}"))

    def _record(self, finished: Finished) -> None:
        """Group commit: what ended while the last batch was being written goes in the next
        one, so under load one transaction records many updates. A crash before the
        write only means the update is looked at again at the next start: one that took
        effect is `committed` by its own transaction and is resumed, not run again."""
        self._finished.append(finished)
        self._unrecorded.add(finished.update_id)
        if self._recording is None:
            self._recording = asyncio.create_task(self._record_finished())

    async def _record_finished(self) -> None:
        try:
            while self._finished:
                batch, self._finished = self._finished, []
                if await self._persist(partial(self.inbox.finish, batch)):
                    self._unrecorded.difference_update(item.update_id for item in batch)
        finally:
            self._recording = None

    async def _raise_alarm(self, error: BaseException) -> None:
        if self.alarm is None:
            return
        try:
            await self.alarm(f"{type(error).__name__}: {error}")
        except Exception as failure:
            log.error("could not tell the heads about the database: %s", failure)

    async def _persist(self, write: Callable[[], Awaitable[Any]]) -> bool:
        """Bookkeeping writes, tried a few times; if the database stays away the update is
        simply looked at again at the next start. Whether it was written."""
        token = write_hook.set(None)  # bookkeeping is not the handler's effect
        try:
            for delay in (*self.backoff[:3], None):
                try:
                    await write()
                    return True
                except DatabaseFault as error:
                    if delay is None:
                        log.error("inbox bookkeeping failed: %s", error)
                        return False
                    await asyncio.sleep(delay)
            return False
        finally:
            write_hook.reset(token)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()

    # stopping ----------------------------------------------------------------------

    def stop(self) -> None:
        self._stopping.set()

    @property
    def idle(self) -> bool:
        """No update is being handled or waits in a lane."""
        return self._idle.is_set() and self._recording is None

    async def wait_idle(self, grace_seconds: float) -> bool:
        """Let the handlers that are running finish; queued updates wait in the inbox."""
        try:
            async with asyncio.timeout(grace_seconds):
                await self._idle.wait()
                await self.recorded()
        except TimeoutError:
            for task in list(self._lane_tasks.values()):
                task.cancel()
            return False
        return True

    async def give_up_chats(self) -> None:
        """After the last handler: a lane stopped with updates still queued (they wait,
        `new`, in the inbox) left its chat's lease held. Given up, the chat goes to the
        replica that saves its next update, or to this process at its next start,
        without waiting to find this one gone (the tending, every 10 s)."""
        try:
            await self.inbox.give_up(self.holder)
        except DatabaseFault as error:
            log.warning("cannot give the chats up (%s); they are adopted later", error)

    async def recorded(self) -> None:
        """Until every finished update is written down."""
        while self._recording is not None:
            await asyncio.shield(self._recording)


class NotSavedNotice:
    """Tells the sender of an update that it was not saved. Their language comes from
    Telegram: the database may be what failed."""

    def __init__(self, bot: Bot, translate: Callable[[str, str], str], default_language: str):
        self.bot = bot
        self.translate = translate
        self.default_language = default_language

    async def __call__(self, update: Update) -> None:
        event = update.event
        sender = getattr(event, "from_user", None)
        if sender is None or update.my_chat_member is not None:
            return
        language = language_from_telegram(sender.language_code, self.default_language)
        await self.bot.send_message(sender.id, self.translate("update-not-saved", language))


class DatabaseAlarm:
    """Tells the heads, straight (the outbox lives in the failing database), that messages
    are not being saved; at most once per `every` seconds."""

    def __init__(
        self,
        bot: Bot,
        translate: Callable[..., str],
        head_ids: list[int],
        language: str,
        every: float = 600.0,
    ) -> None:
        self.bot = bot
        self.translate = translate
        self.head_ids = head_ids
        self.language = language
        self.every = every
        self._last = -every

    async def __call__(self, error: str) -> None:
        now = time.monotonic()
        if now - self._last < self.every:
            return
        self._last = now
        log.critical("the database fails, messages are not being saved: %s", error)
        text = self.translate(
            "alert-database-trouble", self.language, error=html.escape(error[:300])
        )
        for head_id in self.head_ids:
            await self.bot.send_message(head_id, text)
