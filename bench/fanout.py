"""Fan-out benchmark: 10,000 notifications to 2,000 recipients through the real outbox,
dispatcher and aiogram Bot, delivered to the fake Bot API server on 127.0.0.1.

(a) no limit anywhere: how many messages per second the pipeline can push, next to a bare
    aiogram sender (the same texts, the same number of chats at a time, one message after
    another per chat, nothing recorded) against the same fake;
(b) the fake enforces 30/s overall and 1/s per chat with 429s, the dispatcher runs
    with its production pacing: achieved rate as a fraction of 30/s, 429s, duplicates
    and losses (both must be 0);
(c) a backlog in one chat under the same limits: how fast it drains (1/s allowed).

    python bench/fanout.py [--messages 10000] [--recipients 2000] [--limited-messages N]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.default import DefaultBotProperties  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram_i18n.cores import FluentRuntimeCore  # noqa: E402

from bot.inbox import InboxSender  # noqa: E402
from bot.notices import NoticeRenderer  # noqa: E402
from bot.sender import TelegramSender  # noqa: E402
from services.accounts.people import People  # noqa: E402
from services.billing.agency import Agency  # noqa: E402
from services.conversation.inbox import StaffInbox  # noqa: E402
from services.db import Database  # noqa: E402
from services.db.sqlite import SQLiteDatabase  # noqa: E402
from services.delivery.claims import OutboxStore  # noqa: E402
from services.delivery.dispatch import MAX_LANES, OutboxDispatcher  # noqa: E402
from services.delivery.drawn_files import DrawnFiles  # noqa: E402
from services.delivery.notices import DeliveryFailed  # noqa: E402
from services.delivery.outbox import enqueue  # noqa: E402
from services.platform.quiet_hours import QuietHours  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402
from views.drawn import Drawings  # noqa: E402
from views.render_worker import RenderWorker  # noqa: E402

TOKEN = "123456789:" + "B" * 35
FIRST_RECIPIENT = 10_000_000


async def prepare(db: Database, messages: int, recipients: int) -> None:
    people = People(db, "ru")
    for index in range(recipients):
        await people.touch(FIRST_RECIPIENT + index, f"Получатель {index}", None, "ru")
    now = db.clock.now()
    async with db.transaction() as conn:
        for index in range(messages):
            recipient = FIRST_RECIPIENT + index % recipients
            alert = DeliveryFailed(recipient, index, f"#{index}", "benchmark")
            await enqueue(conn, now, recipient, alert)


async def run(messages: int, recipients: int, limited: bool) -> dict[str, float]:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    if limited:
        fake.rate_limit = (30, 1)
    folder = tempfile.TemporaryDirectory()
    db = SQLiteDatabase(Path(folder.name) / "bench.sqlite3")
    await db.open()
    await db.migrate()
    await prepare(db, messages, recipients)
    core = FluentRuntimeCore(path=str(ROOT / "locales" / "{locale}"), default_locale="ru")
    await core.startup()
    bot = Bot(
        TOKEN,
        session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    # Delivery alerts read nothing from the services: the renderer needs none of them.
    renderer = NoticeRenderer(None, None, None, None, Agency("", ""))  # type: ignore[arg-type]
    # Texts only: the render worker is never started.
    drawings = Drawings(bot, RenderWorker(), DrawnFiles(db))
    inbox = InboxSender(bot, StaffInbox(db))  # no staff group here: never used
    sender = TelegramSender(bot, core, "ru", renderer, "Europe/Moscow", drawings, inbox)
    if limited:
        dispatcher = OutboxDispatcher(store, sender)
    else:
        dispatcher = OutboxDispatcher(
            store,
            sender,
            messages_per_second=1_000_000,
            per_chat_interval=0,
        )
    started = time.perf_counter()
    while True:
        await dispatcher.drain()
        counts = await store.counts()
        if counts.get("pending", 0) == 0 and counts.get("sending", 0) == 0:
            break
        await asyncio.sleep(0.05)  # rows waiting out a retry or a chat's cooldown
    elapsed = time.perf_counter() - started

    delivered = Counter(m["text"].split("#")[1].split(":")[0] for m in fake.messages.values())
    duplicates = sum(n - 1 for n in delivered.values() if n > 1)
    losses = messages - len(delivered)
    counts = await store.counts()
    await bot.session.close()
    await db.close()
    await fake.stop()
    folder.cleanup()
    return {
        "seconds": elapsed,
        "rate": messages / elapsed,
        "sent_rows": counts.get("sent", 0),
        "failed_rows": counts.get("failed", 0),
        "duplicates": duplicates,
        "losses": losses,
        "http_429": fake.rate_limited,
        "dispatcher_429": dispatcher.stats["retry_after"],
    }


async def bare(messages: int, recipients: int, lanes: int) -> float:
    """Messages a second of aiogram alone: `lanes` chats at a time, each chat's messages
    one after another, as the dispatcher sends them."""
    fake = FakeTelegram(TOKEN)
    await fake.start()
    core = FluentRuntimeCore(path=str(ROOT / "locales" / "{locale}"), default_locale="ru")
    await core.startup()
    texts: dict[int, list[str]] = {}
    for index in range(messages):
        text = core.get("alert-delivery-failed", "ru", name=f"#{index}", error="benchmark")
        texts.setdefault(FIRST_RECIPIENT + index % recipients, []).append(text)
    bot = Bot(
        TOKEN,
        session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    room = asyncio.Semaphore(lanes)

    async def lane(chat_id: int, chat_texts: list[str]) -> None:
        async with room:
            for text in chat_texts:
                await bot.send_message(chat_id, text)

    started = time.perf_counter()
    await asyncio.gather(*(lane(chat, chat_texts) for chat, chat_texts in texts.items()))
    elapsed = time.perf_counter() - started
    assert len(fake.messages) == messages
    await bot.session.close()
    await fake.stop()
    return messages / elapsed


def report(title: str, result: dict[str, float], limited: bool) -> None:
    print(f"\n{title}")
    print(f"  delivered in {result['seconds']:.1f} s: {result['rate']:.1f} messages/s")
    if limited:
        print(f"  fraction of the 30/s limit: {result['rate'] / 30:.3f}")
    print(f"  429 received: {result['http_429']} (dispatcher counted {result['dispatcher_429']})")
    print(
        f"  duplicates: {result['duplicates']}, losses: {result['losses']}, "
        f"rows sent: {result['sent_rows']}, rows failed: {result['failed_rows']}"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--recipients", type=int, default=2_000)
    parser.add_argument(
        "--limited-messages",
        type=int,
        default=None,
        help="messages for run (b); default: the same as --messages",
    )
    parser.add_argument("--chat-backlog", type=int, default=30)
    args = parser.parse_args()
    limited_messages = args.limited_messages or args.messages

    free = await run(args.messages, args.recipients, limited=False)
    report(f"(a) no limits: {args.messages} messages to {args.recipients} recipients", free, False)
    baseline = await bare(args.messages, args.recipients, MAX_LANES)
    print(f"  a bare aiogram sender: {baseline:.1f} messages/s")
    print(f"  ours / bare: {free['rate'] / baseline:.2f} (target >= 0.9)")
    paced = await run(limited_messages, min(args.recipients, limited_messages), limited=True)
    report(
        f"(b) fake enforces 30/s overall, 1/s per chat: {limited_messages} messages", paced, True
    )
    backlog = await run(args.chat_backlog, 1, limited=True)
    report(f"(c) one chat's backlog: {args.chat_backlog} messages to one chat", backlog, False)
    # The first message goes at once: the backlog drains over (N - 1) intervals.
    per_chat = (args.chat_backlog - 1) / backlog["seconds"]
    print(f"  per-chat rate: {per_chat:.3f} messages/s (1/s allowed)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (RSS): {peak_mb:.0f} MB")
    broken = any(r["duplicates"] or r["losses"] for r in (free, paced, backlog))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
