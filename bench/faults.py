"""Fault benchmark: clients keep writing to their AMs while a fault is injected; what was
lost, what was delivered twice, how long unrelated chats stalled.

Three AMs with two clients each; every client sends a message every 2-4 s for the
scenario's length. Per fault it prints updates sent / handled / lost (a lost update is
one neither handled nor answered with "not saved"), the client messages delivered to
their AM once / twice / never, the longest wait from a client's send to its AM's chat,
and the same for AMs the fault did not touch (for a hung chat: the other AMs; 0 where
the fault touches everyone).

Targets: 0 lost updates, 0 rows never delivered, duplicates only where a kill caught a
send in flight (at most one per kill and chat), no unrelated stall over a second beyond
the 1/s per chat pace.

    python bench/faults.py [--seconds 20] [--kills 3] [--only NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from services.accounts.companies import Companies  # noqa: E402
from services.accounts.people import People  # noqa: E402
from services.db.sqlite import SQLiteDatabase  # noqa: E402
from tests.conftest import RunningBot  # noqa: E402
from tests.fakes.telegram import FakeTelegram, Fault, user  # noqa: E402

TOKEN = "123456789:" + "F" * 35
HEAD_ID = 900
AMS = [user(1000 + n, f"AM{n}") for n in range(3)]
CLIENTS = [user(2000 + n, f"Клиент{n}") for n in range(6)]
MANAGER_OF = {c["id"]: AMS[n // 2]["id"] for n, c in enumerate(CLIENTS)}
NOT_SAVED = "Не получилось сохранить"


@dataclass
class Outcome:
    sent: dict[str, tuple[int, float]] = field(default_factory=dict)  # text -> (client, at)
    seen_at: dict[str, float] = field(default_factory=dict)


async def seed(database: Path) -> None:
    db = SQLiteDatabase(database)
    await db.open()
    await db.migrate()
    people = People(db, "ru")
    await people.sync_heads([HEAD_ID])
    head = await people.get(HEAD_ID)
    companies = Companies(db, timedelta(days=7))
    for am in AMS:
        await people.touch(am["id"], am["first_name"], None, "ru")
        await people.add_manager(head, am["id"])
    for index, client in enumerate(CLIENTS):
        await people.touch(client["id"], client["first_name"], None, "ru")
        am = await people.get(MANAGER_OF[client["id"]])
        invite = await companies.invite_to_new_or_own(am, f"Компания {index}")
        await companies.redeem(await people.get(client["id"]), invite.code)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM outbox")
    await db.close()


def settings(database: Path, tg: FakeTelegram) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token=TOKEN,
        head_ids=str(HEAD_ID),
        database_path=database,
        telegram_api_base=tg.base_url,
    )


async def traffic(tg: FakeTelegram, outcome: Outcome, seconds: float, seed_: int) -> None:
    rng = random.Random(seed_)
    counters = dict.fromkeys((c["id"] for c in CLIENTS), 0)
    next_at = {c["id"]: time.monotonic() + rng.uniform(0, 1) for c in CLIENTS}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        now = time.monotonic()
        for client in CLIENTS:
            if next_at[client["id"]] <= now:
                counters[client["id"]] += 1
                text = f"m{client['id']}-{counters[client['id']]}"
                tg.send_text(client, text)
                outcome.sent[text] = (client["id"], now)
                next_at[client["id"]] = now + rng.uniform(2, 4)
        await asyncio.sleep(0.02)


async def watch(tg: FakeTelegram, outcome: Outcome, stop: asyncio.Event) -> None:
    while not stop.is_set():
        now = time.monotonic()
        for am in AMS:
            for message in tg.sent_to(am["id"]):
                for line in (message.get("text") or "").splitlines():
                    word = line.strip()
                    if word in outcome.sent and word not in outcome.seen_at:
                        outcome.seen_at[word] = now
        await asyncio.sleep(0.05)


def tally(tg: FakeTelegram, outcome: Outcome, database: Path, touched: set[int]) -> dict:
    delivered: dict[str, int] = dict.fromkeys(outcome.sent, 0)
    for am in AMS:
        for message in tg.sent_to(am["id"]):
            for line in (message.get("text") or "").splitlines():
                if line.strip() in delivered:
                    delivered[line.strip()] += 1
    with sqlite3.connect(database) as conn:
        handled = {r[0] for r in conn.execute("SELECT text FROM messages WHERE direction = 'in'")}
    told = sum(
        1 for c in CLIENTS for m in tg.sent_to(c["id"]) if NOT_SAVED in (m.get("text") or "")
    )
    waits = {
        text: outcome.seen_at.get(text, time.monotonic()) - at
        for text, (_, at) in outcome.sent.items()
    }
    unrelated = [w for t, w in waits.items() if MANAGER_OF[outcome.sent[t][0]] not in touched]
    return {
        "sent": len(outcome.sent),
        "handled": len(handled & set(outcome.sent)),
        "told": told,
        "lost": len(set(outcome.sent) - handled) - told,
        "once": sum(1 for n in delivered.values() if n == 1),
        "twice": sum(1 for n in delivered.values() if n > 1),
        "never": sum(1 for n in delivered.values() if n == 0),
        "stall": max(unrelated, default=0.0),
        "longest": max(waits.values(), default=0.0),
    }


Fault_ = Callable[[RunningBot, FakeTelegram, Path], Awaitable[set[int]]]


async def no_fault(running, tg, database) -> set[int]:
    return set()


async def hung_chat(running, tg, database) -> set[int]:
    """The first AM's next send hangs for 40 s (the bot gives up after 20 s, maybe sent)."""
    await asyncio.sleep(3)
    tg.faults.append(Fault("sendMessage", 200, chat_id=AMS[0]["id"], delay=40))
    return {AMS[0]["id"]}


async def server_errors(running, tg, database) -> set[int]:
    """Every send answers 500 for 4 s."""
    await asyncio.sleep(3)
    fault = Fault("sendMessage", 500, times=10_000)
    tg.faults.append(fault)
    await asyncio.sleep(4)
    fault.times = 0
    return {am["id"] for am in AMS}


async def flood_control(running, tg, database) -> set[int]:
    """Telegram answers one send with 429, retry after 3 s: everyone waits."""
    await asyncio.sleep(3)
    tg.faults.append(Fault("sendMessage", 429, retry_after=3))
    return {am["id"] for am in AMS}


async def locked_database(running, tg, database) -> set[int]:
    """Another process holds the write lock for 10 s."""
    await asyncio.sleep(3)
    locked = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(10)
        conn.execute("COMMIT")
        conn.close()

    threading.Thread(target=hold, daemon=True).start()
    await asyncio.to_thread(locked.wait)
    return {am["id"] for am in AMS}


async def full_disk(running, tg, database) -> set[int]:
    """No room for one more page for 8 s."""
    await asyncio.sleep(3)
    async with running.app.db.transaction() as conn:  # the writer's limit
        (pages,) = await (await conn.execute("PRAGMA page_count")).fetchone()
        await conn.execute(f"PRAGMA max_page_count = {pages}")
    await asyncio.sleep(8)
    async with running.app.db.transaction() as conn:
        await conn.execute("PRAGMA max_page_count = 1073741823")
    return {am["id"] for am in AMS}


SCENARIOS: dict[str, Fault_] = {
    "none": no_fault,
    "hung chat (40 s)": hung_chat,
    "Bot API 500 for 4 s": server_errors,
    "429 retry after 3 s": flood_control,
    "database locked 10 s": locked_database,
    "disk full 8 s": full_disk,
}


async def in_process(name: str, fault: Fault_, seconds: float) -> dict:
    folder = tempfile.TemporaryDirectory()
    database = Path(folder.name) / "bot.sqlite3"
    await seed(database)
    tg = FakeTelegram(TOKEN)
    await tg.start()
    running = RunningBot(settings(database, tg), tg)
    await running.start()
    outcome, stop = Outcome(), asyncio.Event()
    watcher = asyncio.create_task(watch(tg, outcome, stop))
    sending = asyncio.create_task(traffic(tg, outcome, seconds, 7))
    touched = await fault(running, tg, database)
    await sending
    await settle(tg, outcome, 45)
    stop.set()
    await watcher
    await running.stop()
    await tg.stop()
    result = tally(tg, outcome, database, touched)
    folder.cleanup()
    return result


async def settle(tg: FakeTelegram, outcome: Outcome, within: float) -> None:
    """Wait until every message reached its AM, or `within` seconds."""
    for _ in range(int(within / 0.2)):
        if len(outcome.seen_at) >= len(outcome.sent):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)


async def killed(seconds: float, kills: int) -> dict:
    """The bot as a process, SIGKILLed at random moments and started again."""
    folder = tempfile.TemporaryDirectory()
    database = Path(folder.name) / "bot.sqlite3"
    await seed(database)
    tg = FakeTelegram(TOKEN)
    await tg.start()
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "HEAD_IDS"}}
    env.update(
        BOT_TOKEN=TOKEN,
        HEAD_IDS=str(HEAD_ID),
        DATABASE_PATH=str(database),
        TELEGRAM_API_BASE=tg.base_url,
        PYTHONPATH=str(ROOT),
    )

    async def start() -> asyncio.subprocess.Process:
        polls = len(tg.offsets)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await tg.wait_for(lambda: len(tg.offsets) > polls, 60, "the bot polling")
        return process

    process = await start()
    outcome, stop = Outcome(), asyncio.Event()
    watcher = asyncio.create_task(watch(tg, outcome, stop))
    rng = random.Random(11)
    sending = asyncio.create_task(traffic(tg, outcome, seconds + kills * 10, 5))
    for _ in range(kills):
        await asyncio.sleep(rng.uniform(2, 5))
        process.send_signal(signal.SIGKILL)
        await process.wait()
        process = await start()
    await sending
    await settle(tg, outcome, 60)
    stop.set()
    await watcher
    process.send_signal(signal.SIGTERM)
    await process.wait()
    await tg.stop()
    result = tally(tg, outcome, database, {am["id"] for am in AMS})
    folder.cleanup()
    return result


def report(name: str, r: dict) -> None:
    print(
        f"{name:<24} updates {r['sent']:>4} sent {r['handled']:>4} handled {r['told']:>2} told"
        f" {r['lost']:>2} lost | rows {r['once']:>4} once {r['twice']:>2} twice"
        f" {r['never']:>2} never | longest wait {r['longest']:5.1f} s,"
        f" unrelated chats {r['stall']:.1f} s"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--only", default=None, help="one scenario by name (or 'kill')")
    args = parser.parse_args()
    broken = False
    for name, fault in SCENARIOS.items():
        if args.only and args.only != name:
            continue
        result = await in_process(name, fault, args.seconds)
        report(name, result)
        broken |= bool(result["lost"] or result["never"])
    if args.kills and args.only in (None, "kill"):
        result = await killed(args.seconds, args.kills)
        report(f"kill -9 x{args.kills}", result)
        broken |= bool(result["lost"] or result["never"])
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
