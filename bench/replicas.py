"""Replicas benchmark: 1, 2 and 3 replicas of `python -m bot` on PostgreSQL against one on
SQLite, in one run, each in webhook mode behind a balancer that posts every update to a
replica chosen at random (with Telegram's 40 deliveries at once at most), all talking
to the fake Bot API on 127.0.0.1. The agency is seeded as in bench/scale.py, its first
planning tick done (a running agency's steady state), then copied into PostgreSQL by
`copy_to_postgres`; every configuration starts from the same copy.

For each configuration:
(a) /status latency at 50 clients a second for --seconds (the leader's planners tick
    every minute meanwhile): p50/p95/p99 from the update being offered to the answer;
(b) answers a second at saturation: 1,000 /status at once from 1,000 clients (--burst);
    in (a) and (b) the bot may send 1000 a second (SEND_RATE_PER_SECOND; Telegram's ~30
    could not carry 50 answers a second), the fake does not limit;
(c) a fan-out of 2,000 outbox rows (--fanout) to as many people at Telegram's real limits, which the
    fake now enforces (30 a second, 1 a second per chat, 429 past them), while 5 clients
    a second ask /status at whichever replica: the rate reached and the 429s;
(d) failover (2 and 3 replicas): the leader killed with SIGKILL; how long until another
    replica says it leads, and until a row queued at the kill is delivered.
With --restart-postgres (this machine's cluster, by pg_ctlcluster: nothing else may use
it meanwhile), two replicas see the server restarted: /readyz answers 503 meanwhile,
each replica says so in its log, and both answer again.

    python bench/replicas.py [--companies 10000] [--seconds 65] [--configs sqlite,1,2,3]
                             [--restart-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.interactive import (  # noqa: E402
    Clients,
    TimedTelegram,
    finish_first_tick,
    mark_backlog_sent,
    settle,
    settle_menus,
    terminate,
    timed_load,
)
from bench.scale import HEADS, seed  # noqa: E402
from bot.config import Settings  # noqa: E402
from services.db import Database, open_database  # noqa: E402
from services.db.moving import copy_to_postgres  # noqa: E402
from services.db.postgres import PostgresDatabase  # noqa: E402
from services.db.sqlite import SQLiteDatabase  # noqa: E402
from services.delivery.notices import DeliveryFailed  # noqa: E402
from services.delivery.outbox import enqueue  # noqa: E402
from services.platform.clock import SystemClock  # noqa: E402

TOKEN = "123456789:" + "R" * 35
SECRET = "bench-replicas-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HOOK_URL = "https://bot.example.test/hook"
SERVER = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
BASE_DB, RUN_DB = "amr_bench_base", "amr_bench_run"
WEBHOOK_CONNECTIONS = 40  # Telegram's default max_connections for a webhook
FANOUT_BASE = 9_000_000  # the fan-out's recipients: people nobody else writes to
BACKGROUND_RATE = 5  # /status a second during the fan-out
LEADS = "this replica leads now"


def database_url(name: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Replica:
    """One `python -m bot` in webhook mode; its log lines kept with when they came."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None
        self.lines: list[tuple[float, str]] = []
        self._reader: asyncio.Task[None] | None = None

    @property
    def hook(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def said(self, text: str, since: float = 0.0) -> list[float]:
        return [at for at, line in self.lines if text in line and at >= since]

    async def start(self, env: dict[str, str]) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT,
            env={**env, "WEBHOOK_LISTEN": f"127.0.0.1:{self.port}"},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())
        async with aiohttp.ClientSession() as session:
            for _ in range(600):
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"http://127.0.0.1:{self.port}/healthz") as answer:
                        if answer.status == 200:
                            return
                if not self.alive:
                    break
                await asyncio.sleep(0.1)
        tail = "\n".join(line for _, line in self.lines[-15:])
        raise RuntimeError(f"replica {self.index} did not start:\n{tail}")

    async def _read(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip()))

    async def ready(self, session: aiohttp.ClientSession) -> int:
        try:
            async with session.get(
                f"http://127.0.0.1:{self.port}/readyz", timeout=aiohttp.ClientTimeout(total=5)
            ) as answer:
                return answer.status
        except (aiohttp.ClientError, TimeoutError):
            return 0

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()

    async def stop(self) -> None:
        if self.process is not None:
            await terminate(self.process)
        if self._reader is not None:
            await self._reader


class Balancer:
    """What sits between Telegram and the replicas: each update to a replica chosen at
    random, at most WEBHOOK_CONNECTIONS at once; a replica that does not take it (down,
    or not 200) and the delivery goes to another, as Telegram and a proxy retry."""

    def __init__(self, telegram: TimedTelegram, replicas: list[Replica]) -> None:
        self.telegram, self.replicas = telegram, replicas
        self.chooser = random.Random(2027)
        self.retried = 0
        self._slots = asyncio.Semaphore(WEBHOOK_CONNECTIONS)
        self._task: asyncio.Task[None] | None = None
        self._posts: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> Balancer:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=WEBHOOK_CONNECTIONS)
        )
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        for post in list(self._posts):
            post.cancel()
        await asyncio.gather(self._task, *self._posts, return_exceptions=True)
        await self._session.close()

    async def _run(self) -> None:
        while True:
            for update in self.telegram.take_queued():
                await self._slots.acquire()
                post = asyncio.create_task(self._post(update))
                self._posts.add(post)
                post.add_done_callback(self._posts.discard)
            await asyncio.sleep(0.002)

    async def _post(self, update: dict[str, Any]) -> None:
        body = aiohttp.JsonPayload(update)
        headers = {SECRET_HEADER: SECRET}
        try:
            for attempt in range(200):
                live = [r for r in self.replicas if r.alive] or self.replicas
                replica = self.chooser.choice(live)
                with contextlib.suppress(aiohttp.ClientError):
                    async with self._session.post(
                        replica.hook, data=body, headers=headers
                    ) as answer:
                        if answer.status == 200:
                            return
                self.retried += 1
                await asyncio.sleep(min(0.05 * (attempt + 1), 1.0))
        finally:
            self._slots.release()


class CountingTelegram(TimedTelegram):
    """The timing fake, also noting when each send to a watched chat was answered."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.watched: set[int] = set()
        self.deliveries: dict[int, list[float]] = {}
        self.delivered = asyncio.Event()  # set at each send to a watched chat
        self.accepted: list[float] = []  # when each send the fake let through came

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        answer = await super()._m_sendmessage(params)
        self.accepted.append(time.perf_counter())
        chat_id = int(params["chat_id"])
        if chat_id in self.watched and answer.status == 200:
            self.deliveries.setdefault(chat_id, []).append(time.perf_counter())
            self.delivered.set()
        return answer

    def watch(self, chats: range) -> None:
        """Note the sends to these chats (and no others) from now on."""
        self.watched = set(chats)
        self.deliveries.clear()


@dataclass
class Result:
    label: str
    latency: list[float] = field(default_factory=list)
    unanswered: int = 0
    burst_rate: float = 0.0
    fanout_rate: float = 0.0
    all_sends_rate: float = 0.0
    fanout_copies: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    background_p95: float = 0.0
    lead_taken: float | None = None
    first_send: float | None = None


async def queue_fanout(db: Database, recipients: range, text: str) -> None:
    """People to write to and one outbox row for each, in one unit of work, as a planner
    or a broadcast queues them."""
    now = db.clock.now()
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO people (telegram_id, full_name, language, created_at)"
            " VALUES (?, ?, 'ru', ?) ON CONFLICT (telegram_id) DO NOTHING",
            [(chat, f"Получатель {chat}", db.now_text()) for chat in recipients],
        )
        for index, chat in enumerate(recipients):
            await enqueue(conn, now, chat, DeliveryFailed(chat, index, text, "bench"))


async def start_all(count: int, env: dict[str, str]) -> list[Replica]:
    replicas = [Replica(index) for index in range(count)]
    for replica in replicas:  # one after another, as a rolling deploy starts them
        await replica.start(env)
    return replicas


async def stop_all(replicas: list[Replica]) -> None:
    await asyncio.gather(*(replica.stop() for replica in replicas))


async def answering(
    tg: CountingTelegram,
    replicas: list[Replica],
    clients: Clients,
    seconds: float,
    burst: int,
    result: Result,
) -> None:
    """(a) and (b), the bot sending as fast as the settings allow."""
    async with Balancer(tg, replicas):
        await asyncio.sleep(2)  # the leader's first tick and the menus are under way
        result.latency = await timed_load(tg, clients, seconds)
        result.unanswered = tg.unanswered
        tg.samples.clear()
        begun = time.perf_counter()
        for _ in range(burst):
            tg.ask_status(clients.take())
        await settle(tg, 120)
        result.burst_rate = len(tg.samples) / (time.perf_counter() - begun)


async def fanning_out(
    tg: CountingTelegram,
    replicas: list[Replica],
    db: Database,
    clients: Clients,
    result: Result,
    fanout: int,
) -> None:
    """(c) at Telegram's limits, with clients asking meanwhile."""
    recipients = range(FANOUT_BASE, FANOUT_BASE + fanout)
    tg.watch(recipients)
    tg.rate_limit, tg.rate_limited, tg.rate_limited_calls = (30, 1), 0, []
    tg.accepted.clear()
    async with Balancer(tg, replicas):
        await asyncio.sleep(2)
        tg.samples.clear()
        await queue_fanout(db, recipients, "fan-out")
        deadline = time.perf_counter() + fanout / 10
        while len(tg.deliveries) < fanout and time.perf_counter() < deadline:
            tg.ask_status(clients.take())
            await asyncio.sleep(1 / BACKGROUND_RATE)
        await settle(tg, 30)
    times = sorted(at for sends in tg.deliveries.values() for at in sends)
    if len(tg.deliveries) == fanout and len(times) > 1:
        result.fanout_rate = (len(times) - 1) / (times[-1] - times[0])
    if len(times) > 1:  # the fan-out shares Telegram's 30 a second with the answers
        during = [at for at in tg.accepted if times[0] <= at <= times[-1]]
        result.all_sends_rate = (len(during) - 1) / (times[-1] - times[0])
    result.fanout_copies = len(times) - len(tg.deliveries)
    result.refused = Counter(limit.name.lower() for _, _, limit in tg.rate_limited_calls)
    if len(tg.samples) > 1:
        cuts = statistics.quantiles([s for _, s in tg.samples], n=100, method="inclusive")
        result.background_p95 = cuts[94] * 1000
    tg.rate_limit = None


async def failing_over(
    tg: CountingTelegram, replicas: list[Replica], db: Database, result: Result
) -> None:
    """(d): the leader killed; a row queued at that moment goes out from another."""
    leader = max(
        (r for r in replicas if r.alive and r.said(LEADS)), key=lambda r: r.said(LEADS)[-1]
    )
    chat = FANOUT_BASE - 1
    tg.watch(range(chat, chat + 1))
    tg.rate_limit = (30, 1)
    killed = time.perf_counter()
    leader.kill()
    await queue_fanout(db, range(chat, chat + 1), "failover")
    while chat not in tg.deliveries and time.perf_counter() - killed < 60:
        tg.delivered.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tg.delivered.wait(), 1)
    taken = [at for r in replicas if r is not leader for at in r.said(LEADS, since=killed)]
    result.lead_taken = min(taken) - killed if taken else None
    if chat in tg.deliveries:
        result.first_send = tg.deliveries[chat][0] - killed
    tg.rate_limit = None


async def restarting_postgres(
    tg: CountingTelegram, replicas: list[Replica], clients: Clients
) -> None:
    print("\nPostgreSQL restarted under two replicas (pg_ctlcluster restart)")
    listed = await asyncio.to_thread(
        subprocess.run, ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    )
    cluster = listed.stdout.split()
    version, name = cluster[0], cluster[1]
    seen: dict[int, list[tuple[float, int]]] = {r.index: [] for r in replicas}
    stop = asyncio.Event()

    async def watch_readiness() -> None:
        async with aiohttp.ClientSession() as session:
            while not stop.is_set():
                for replica in replicas:
                    seen[replica.index].append((time.perf_counter(), await replica.ready(session)))
                await asyncio.sleep(0.2)

    watcher = asyncio.create_task(watch_readiness())
    async with Balancer(tg, replicas):
        await asyncio.sleep(1)
        begun = time.perf_counter()
        await asyncio.to_thread(
            subprocess.run, ["pg_ctlcluster", version, name, "restart"], check=True
        )
        restarted = time.perf_counter()
        tg.samples.clear()
        tg.ask_status(clients.take())
        await settle(tg, 60)
        answered = time.perf_counter()
        await asyncio.sleep(12)  # the readiness check and the logs settle
    stop.set()
    await watcher
    print(f"  pg_ctlcluster restart took {restarted - begun:.1f} s; a /status asked as it"
          f" returned was answered {answered - restarted:.1f} s later"
          f" ({len(tg.samples)} answer)")  # fmt: skip
    for replica in replicas:
        statuses = seen[replica.index]
        down = [at for at, status in statuses if at >= begun and status != 200]
        back = [at for at, status in statuses if down and at > down[-1] and status == 200]
        said = [line for at, line in replica.lines if at >= begun and "WARNING" in line]
        first, last = (down[0] - begun, down[-1] - begun) if down else (0.0, 0.0)
        again = back[0] - begun if back else float("nan")
        print(f"  replica {replica.index}: /readyz not 200 in {len(down)} checks, from"
              f" {first:.1f} s to {last:.1f} s after the restart began, 200 again at"
              f" {again:.1f} s; {len(said)} warning lines:")  # fmt: skip
        for line in said[:40]:
            print(f"    {re.sub(r' at 0x[0-9a-f]+', '', line.split(' ', 2)[-1])[:160]}")


async def run(
    label: str, count: int, env: dict[str, str], db: Database, clients: Clients, args: Any,
    tg: CountingTelegram,
) -> Result:  # fmt: skip
    result = Result(label)
    begun = time.perf_counter()
    replicas = await start_all(count, {**env, "SEND_RATE_PER_SECOND": "1000"})
    await answering(tg, replicas, clients, args.seconds, args.burst, result)
    await stop_all(replicas)
    print(f"  (a), (b): {time.perf_counter() - begun:.0f} s")
    replicas = await start_all(count, env)
    await db.open()
    try:
        begun = time.perf_counter()
        await fanning_out(tg, replicas, db, clients, result, args.fanout)
        print(f"  (c): {time.perf_counter() - begun:.0f} s")
        if count == 2 and args.restart_postgres:
            await restarting_postgres(tg, replicas, clients)
            await db.close()  # the bench's own connections went with the server
            await db.open()
        if count > 1:
            begun = time.perf_counter()
            await failing_over(tg, replicas, db, result)
            print(f"  (d): {time.perf_counter() - begun:.0f} s")
    finally:
        await db.close()
        await stop_all(replicas)
    warned = Counter(
        re.sub(r" at 0x[0-9a-f]+", "", line.split(" ", 2)[-1])[:140]
        for replica in replicas
        for _, line in replica.lines
        if " WARNING " in line or " ERROR " in line
    )
    for line, times in warned.most_common(6):
        print(f"    {times} x {line}")
    return result


def report(results: list[Result]) -> None:
    print(
        f"\n{'':28}{'/status at 50/s':>42}  {'burst':>9}  {'fan-out at 30/s':>24}  {'failover':>18}"
    )
    print(f"{'':28}{'p50, p95, p99 ms (answers)':>42}  {'answers/s':>9}  "
          f"{'sent/s  429s  copies':>24}  {'lead    first send':>18}")  # fmt: skip
    for r in results:
        cuts = (
            statistics.quantiles(r.latency, n=100, method="inclusive")
            if len(r.latency) > 1
            else [0.0] * 99
        )
        ms = [cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000]
        lat = f"{ms[0]:6.1f} {ms[1]:6.1f} {ms[2]:7.1f} ({len(r.latency)})"
        refused = sum(r.refused.values())
        why = f" {dict(r.refused)}" if refused else ""
        lead = f"{r.lead_taken:5.2f} s" if r.lead_taken is not None else "     —"
        first = f"{r.first_send:6.2f} s" if r.first_send is not None else "      —"
        print(f"{r.label:28}{lat:>42}  {r.burst_rate:9.0f}  {r.fanout_rate:7.1f} {refused:5d} "
              f"{r.fanout_copies:7d}  {lead} {first}{why}")  # fmt: skip
        if r.unanswered:
            print(f"{'':28}unanswered in (a): {r.unanswered}")
    print("(all sends a second while fanning out, the fan-out's and the answers to"
          f" {BACKGROUND_RATE} /status a second: "
          + ", ".join(f"{r.label} {r.all_sends_rate:.1f}" for r in results) + ")")  # fmt: skip
    print("(/status p95 while fanning out: "
          + ", ".join(f"{r.label} {r.background_p95:.0f} ms" for r in results) + ")")  # fmt: skip


def admin(sql: str) -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


async def prepare(companies: int, folder: Path) -> tuple[Path, list[int]]:
    """The seeded agency in SQLite after its first tick, and its copy as BASE_DB."""
    base = folder / "base.sqlite3"
    db = SQLiteDatabase(base)
    await db.open()
    await db.migrate()
    await db.close()
    begun = time.perf_counter()
    seeded = seed(base, companies, random.Random(companies), datetime.now(UTC))
    settle_menus(base)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, bot_token=TOKEN, head_ids=",".join(map(str, HEADS)), database_path=base
    )
    await finish_first_tick(settings)
    mark_backlog_sent(base)
    print(f"seeded {companies} companies and planned their first tick in"
          f" {time.perf_counter() - begun:.0f} s")  # fmt: skip
    admin(f'DROP DATABASE IF EXISTS "{BASE_DB}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{BASE_DB}"')
    source, target = SQLiteDatabase(base), PostgresDatabase(database_url(BASE_DB), allow_new=True)
    await source.open()
    await target.open()
    try:
        await target.migrate()
        moved = await copy_to_postgres(source, target)
    finally:
        await source.close()
        await target.close()
    print(f"copied {moved.total} rows into PostgreSQL in {moved.seconds:.0f} s")
    clients = list(seeded["clients"])
    random.Random(3).shuffle(clients)
    return base, clients


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=65, help="of /status at 50 a second")
    parser.add_argument(
        "--configs", default="sqlite,1,2,3", help="sqlite, and how many replicas on PostgreSQL"
    )
    parser.add_argument("--burst", type=int, default=1000, help="/status at once in (b)")
    parser.add_argument("--fanout", type=int, default=2000, help="outbox rows at Telegram's pace")
    parser.add_argument("--restart-postgres", action="store_true")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    base, clients = await prepare(args.companies, Path(folder.name))
    asking = Clients(clients)
    gc.collect()
    gc.freeze()  # the fake runs here: a full collection over the seed stalled it before

    tg = CountingTelegram(TOKEN)
    await tg.start()
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "HEAD_IDS"}}
    env.update(
        BOT_TOKEN=TOKEN, HEAD_IDS=",".join(map(str, HEADS)), TELEGRAM_API_BASE=tg.base_url,
        PYTHONPATH=str(ROOT), BOT_MODE="webhook", WEBHOOK_URL=HOOK_URL, WEBHOOK_SECRET=SECRET,
        LOG_LEVEL="INFO",
    )  # fmt: skip
    results = []
    try:
        configs = args.configs.split(",")
        lite = Path(folder.name) / "run.sqlite3"
        shutil.copy(base, lite)
        if "sqlite" in configs:
            print("\nSQLite, 1 process")
            db = open_database(None, lite, SystemClock(), allow_new=False)
            results.append(
                await run("SQLite, 1", 1, {**env, "DATABASE_PATH": str(lite)}, db, asking, args, tg)
            )
            report(results)
        for count in (int(n) for n in configs if n != "sqlite"):
            print(f"\nPostgreSQL, {count} replica(s)")
            admin(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')
            admin(f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{BASE_DB}"')
            url = database_url(RUN_DB)
            db = PostgresDatabase(url)
            pg_env = {**env, "DATABASE_URL": url, "DATABASE_PATH": str(lite)}
            results.append(await run(f"PostgreSQL, {count}", count, pg_env, db, asking, args, tg))
            report(results)  # each time: what a later failure leaves is still printed
    finally:
        await tg.stop()
        for name in (RUN_DB, BASE_DB):
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
