"""Interactive benchmark: the real `python -m bot` against a bare aiogram echo bot
(bench/echo_bot.py), both polling the same fake Bot API server on 127.0.0.1, taking turns
in one run, answering /status from distinct clients of a database seeded as in
bench/scale.py.

(a) latency at a steady 50 clients x 1 /status a second: p50/p95/p99 from the update being
    offered to Telegram's getUpdates to the answer reaching sendMessage. Ours first starts
    on the freshly seeded database, as after the upgrade that added the planners' columns:
    its first tick plans every open row (the heaviest planning there is) while it answers.
    The rest of that tick is then planned with the bot stopped, and ours is measured again
    in its steady state (planners ticking every minute), then the echo bot.
(b) throughput: 1,000 /status at once from 1,000 clients, answered per second, in fresh
    processes, alternating echo/ours; then each process's RSS after those answers, and
    its cold start (process spawn to its first getUpdates).

Telegram's ~30 messages a second could not carry 50 answers a second, so ours is given a
faster pace (SEND_RATE_PER_SECOND; Telegram lets paid broadcasts go up to 1000/s): 100/s
in (a), room for the answers and as many notifications (answers go first, see
services/priority); 1000/s, the most the settings allow, in (b). The echo bot has no pace.

    python bench/interactive.py [--companies 10000] [--rounds 3] [--seconds 65]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict, deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.echo_bot import ANSWER as ECHO_ANSWER  # noqa: E402
from bench.scale import HEADS, seed  # noqa: E402
from bot.app import build_planners  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.menus import MENU_VERSION  # noqa: E402
from services.db.sqlite import SQLiteDatabase  # noqa: E402
from services.planners.base import LOOK_AGAIN  # noqa: E402
from services.planners.briefs import BriefNudges  # noqa: E402
from services.platform.workdays import WorkCalendar  # noqa: E402
from tests.fakes.telegram import FakeTelegram, user  # noqa: E402

TOKEN = "123456789:" + "I" * 35
ANSWERS = ("Ваши проекты", "Активных проектов", ECHO_ANSWER)
RATE = 50  # /status a second, each from a client not seen before in the run
BURST = 1000
# Sends a second ours may make in (a): the 50 answers and as many notifications.
LATENCY_SEND_RATE = 100
# Rows the first tick has still to plan; 0 once it is over.
MARKED = " + ".join(
    f"(SELECT COUNT(*) FROM {table} WHERE {column} = '{LOOK_AGAIN}')"
    for table, column in (
        ("invoices", "next_reminder_at"),
        ("project_stages", "next_reminder_at"),
        ("proposals", "next_reminder_at"),
        ("messages", "sla_due_at"),
        ("people", "next_digest_at"),
        ("people", "next_weekly_at"),
    )
)


class TimedTelegram(FakeTelegram):
    """The fake, timing each /status from its offer to its answer and keeping nothing
    else of what is sent (the outbox sends thousands)."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.waiting: dict[int, deque[float]] = defaultdict(deque)
        self.samples: list[tuple[float, float]] = []  # (asked at, seconds to the answer)
        self.other_sends = 0

    def ask_status(self, client_id: int) -> None:
        self.waiting[client_id].append(time.perf_counter())
        self.send_text(user(client_id, f"Клиент {client_id}"), "/status")

    @property
    def unanswered(self) -> int:
        return sum(len(queue) for queue in self.waiting.values())

    def _store_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        content.pop("reply_markup", None)
        return {
            "message_id": next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "user"},
            **{k: v for k, v in content.items() if v is not None},
        }

    async def _m_sendmessage(self, params: dict[str, Any]):
        chat_id, text = int(params["chat_id"]), params.get("text") or ""
        queue = self.waiting.get(chat_id)
        if queue and text.startswith(ANSWERS):
            asked = queue.popleft()
            self.samples.append((asked, time.perf_counter() - asked))
        else:
            self.other_sends += 1
        if len(self.calls) > 10_000:
            self.calls.clear()
        return await super()._m_sendmessage(params)


class Clients:
    """Clients in a fixed random order, each asking once before any asks again."""

    def __init__(self, ids: list[int]) -> None:
        self._ids = itertools.cycle(ids)

    def take(self) -> int:
        return next(self._ids)


class Process:
    def __init__(self, kind: str, env: dict[str, str]) -> None:
        self.kind, self.env = kind, env
        self.process: asyncio.subprocess.Process | None = None
        self.cold_start = 0.0

    async def start(self, tg: TimedTelegram, send_rate: int = 1000) -> None:
        polls = len(tg.offsets)
        command = ["-m", "bot"] if self.kind == "ours" else [str(ROOT / "bench" / "echo_bot.py")]
        begun = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, *command, cwd=ROOT,
            env={**self.env, "SEND_RATE_PER_SECOND": str(send_rate)},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await tg.wait_for(lambda: len(tg.offsets) > polls, 120, f"{self.kind} polling")
        self.cold_start = time.perf_counter() - begun

    def rss_mb(self) -> tuple[float, float]:
        """(now, peak) resident memory of the process, in MB."""
        assert self.process is not None
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            fields[name] = value
        return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)

    async def stop(self) -> None:
        assert self.process is not None
        await terminate(self.process)


async def terminate(process: asyncio.subprocess.Process, grace: float = 30) -> None:
    """SIGTERM, as a supervisor stops the bot; SIGKILL if it has not ended within `grace`."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            process.kill()
    await process.wait()


def percentiles(seconds: list[float]) -> str:
    if len(seconds) < 2:
        return f"{len(seconds)} answers"
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    ms = [cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000]
    return f"p50 {ms[0]:7.1f} ms  p95 {ms[1]:7.1f} ms  p99 {ms[2]:7.1f} ms  ({len(seconds)})"


async def steady_load(tg: TimedTelegram, clients: Clients, until) -> None:
    """RATE /status a second on a fixed schedule until `until()` says stop."""
    next_at = time.perf_counter()
    while not until():
        tg.ask_status(clients.take())
        next_at += 1 / RATE
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))


async def settle(tg: TimedTelegram, within: float) -> None:
    for _ in range(int(within / 0.05)):
        if not tg.unanswered:
            return
        await asyncio.sleep(0.05)


def first_tick_left(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return conn.execute(f"SELECT {MARKED}").fetchone()[0]


async def timed_load(tg: TimedTelegram, clients: Clients, seconds: float) -> list[float]:
    tg.samples.clear()
    end = time.perf_counter() + seconds
    await steady_load(tg, clients, lambda: time.perf_counter() >= end)
    await settle(tg, 30)
    return [seconds for _, seconds in tg.samples]


async def finish_first_tick(settings: Settings) -> int:
    """What the first tick left, planned with the bot stopped, by the bot's own planners
    (same settings, so its next start finds nothing changed)."""
    db = SQLiteDatabase(settings.database_path)
    await db.open()
    try:
        planners = build_planners(db, settings, WorkCalendar(settings.holidays_country))
        queued = await BriefNudges(db).tick()
        for planner in planners:
            await planner.configuration_changed()
            queued += await planner.tick()
        return queued
    finally:
        await db.close()


async def latency(
    tg: TimedTelegram,
    ours: Process,
    echo: Process,
    settings: Settings,
    clients: Clients,
    seconds: float,
) -> None:
    print(f"\n(a) latency at {RATE} clients x 1 /status a second, {seconds:.0f} s each")
    database = settings.database_path
    before = first_tick_left(database)
    await ours.start(tg, LATENCY_SEND_RATE)
    sends_before = tg.other_sends
    during = await timed_load(tg, clients, seconds)
    planned = before - first_tick_left(database)
    delivered = tg.other_sends - sends_before
    await ours.stop()
    print(f"  ours, in its first tick (every open row to plan): {percentiles(during)}")
    print(
        f"    meanwhile it planned {planned} of those {before} rows and sent {delivered}"
        f" reminders and alerts; unanswered: {tg.unanswered}"
    )
    begun = time.perf_counter()
    await finish_first_tick(settings)
    print(
        f"    (the rest planned with the bot stopped, {time.perf_counter() - begun:.0f} s;"
        f" the {mark_backlog_sent(database)} messages queued count as delivered)"
    )
    await ours.start(tg, LATENCY_SEND_RATE)
    steady = await timed_load(tg, clients, seconds)
    await ours.stop()
    print(f"  ours, ticking each minute: {percentiles(steady)}; unanswered: {tg.unanswered}")
    await echo.start(tg)
    baseline = await timed_load(tg, clients, seconds)
    await echo.stop()
    print(f"  echo: {percentiles(baseline)}")


async def throughput(tg: TimedTelegram, bots: list[Process], clients: Clients, rounds: int) -> None:
    print(f"\n(b) {BURST} /status at once, fresh processes, {rounds} rounds alternating")
    results: dict[str, list[tuple[float, float, float, float]]] = defaultdict(list)
    for _ in range(rounds):
        for process in bots:
            await process.start(tg)
            await asyncio.sleep(2)  # start-up jobs (menus, first tick) are under way
            tg.samples.clear()
            begun = time.perf_counter()
            for _ in range(BURST):
                tg.ask_status(clients.take())
            await settle(tg, 120)
            rate = len(tg.samples) / (time.perf_counter() - begun)
            rss, peak = process.rss_mb()
            await process.stop()
            results[process.kind].append((rate, rss, peak, process.cold_start))
    medians = {
        kind: [statistics.median(column) for column in zip(*rows, strict=True)]
        for kind, rows in results.items()
    }
    for kind, (rate, rss, peak, cold) in medians.items():
        runs = ", ".join(f"{r[0]:.0f}" for r in results[kind])
        print(
            f"  {kind:<5} {rate:6.0f} answers/s (runs: {runs})  RSS {rss:4.0f} MB"
            f" (peak {peak:4.0f})  cold start {cold:4.2f} s"
        )
    ours, echo = medians["ours"], medians["echo"]
    print(f"  ours/echo throughput: {ours[0] / echo[0]:.2f} (target >= 0.6)")
    print(f"  RSS ours - echo: {ours[1] - echo[1]:+.0f} MB (target <= +40)")
    print(f"  cold start ours - echo: {ours[3] - echo[3]:+.2f} s (target <= +1)")


def settle_menus(database: Path) -> None:
    """Everyone's command menu as the bot last set it: a running agency's people have
    theirs; only a role or language change makes one stale."""
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE people SET menu_signature = COALESCE(role, 'guest') || ':' || language"
            " || ':' || ?",
            (MENU_VERSION,),
        )


def mark_backlog_sent(database: Path) -> int:
    """What the first tick queued counts as delivered before (b): (b) times answering."""
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "UPDATE outbox SET status = 'sent' WHERE status IN ('pending', 'sending')"
        ).rowcount


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=65, help="of load per measurement")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    database = Path(folder.name) / "bot.sqlite3"
    db = SQLiteDatabase(database)
    await db.open()
    await db.migrate()
    await db.close()
    begun = time.perf_counter()
    seeded = seed(database, args.companies, random.Random(args.companies), datetime.now(UTC))
    settle_menus(database)
    print(f"seeded {args.companies} companies in {time.perf_counter() - begun:.0f} s")
    clients = list(seeded["clients"])
    random.Random(3).shuffle(clients)
    asking = Clients(clients)
    del seeded
    # The fake Bot API runs in this process: a full collection over what seeding left
    # stalled it for ~300 ms, which showed as the bots' latency.
    gc.collect()
    gc.freeze()

    tg = TimedTelegram(TOKEN)
    await tg.start()
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "HEAD_IDS"}}
    env.update(
        BOT_TOKEN=TOKEN,
        HEAD_IDS=",".join(map(str, HEADS)),
        DATABASE_PATH=str(database),
        TELEGRAM_API_BASE=tg.base_url,
        PYTHONPATH=str(ROOT),
    )
    ours, echo = Process("ours", env), Process("echo", env)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, bot_token=TOKEN, head_ids=env["HEAD_IDS"], database_path=database
    )
    await latency(tg, ours, echo, settings, asking, args.seconds)
    await throughput(tg, [echo, ours], asking, args.rounds)
    await tg.stop()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
