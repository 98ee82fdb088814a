"""Staff inbox benchmark: the real bot (in-process, polling) against the fake Bot API,
which enforces Telegram's limits — 30 messages a second, 1 a second per chat, 20 a
minute per group — with 429s.

20 clients of 20 companies each write 3 messages within 10 s into a fresh forum group
(every topic created on the way), while staff answer in the topics that exist:

(a) one group for the agency;
(b) one group per AM (3 AMs, the companies shared among them).

Printed for each: every message in its company's topic exactly once and in order; the
group's send rate over its busy span as a fraction of 20 a minute (target ≥ 0.9); 429s
(target 0); p50/p95 from a client's message to its copy in the topic; p95 from a staff
message in a topic to the client (target ≤ 2 s: answers do not wait behind the group).

Telegram's clock may run faster (--scale N: every limit N times faster, the bot's pace
with it); times are printed in Telegram seconds (measured × N). The bot's own work does
not get faster, so a large N inflates the latencies by it, and the pace's margin against
Telegram's per-chat second (40 ms) shrinks N times: a stray 429 at N ≥ 3 is that.
`--scale 1` runs in Telegram's own time.

    python bench/inbox.py [--scale 2] [--companies 20] [--messages 3] [--managers 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.runner import run  # noqa: E402
from services.accounts.companies import Companies  # noqa: E402
from services.accounts.people import People  # noqa: E402
from services.conversation import inbox  # noqa: E402
from services.conversation.inbox import GroupRights, StaffInbox  # noqa: E402
from services.db.sqlite import SQLiteDatabase  # noqa: E402
from services.delivery.pacing import GROUP_INTERVAL  # noqa: E402
from services.platform.clock import SystemClock  # noqa: E402
from tests.fakes.telegram import GROUP_COUNTED, FakeTelegram, user  # noqa: E402

TOKEN = "123456789:" + "X" * 35
HEAD = 1_000
FIRST_AM = 2_000
FIRST_CLIENT = 3_000_000
FIRST_GROUP = -1_001_000_000_000
ALL_RIGHTS = GroupRights(True, True, True, True, True, True)


async def seed(path: Path, companies: int, managers: int, per_am_groups: bool) -> list[int]:
    """Heads, AMs, one client per company, the group(s) linked; the groups' ids."""
    db = SQLiteDatabase(path, SystemClock(), allow_new=True)
    await db.open()
    await db.migrate()
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    await people.touch(HEAD, "Ирина Руководитель", None, "ru")
    head = await people.get(HEAD)
    assert head is not None
    for index in range(managers):
        await people.touch(FIRST_AM + index, f"Менеджер {index} Иванов", None, "ru")
        await people.add_manager(head, FIRST_AM + index)
    directory = Companies(db, timedelta(days=7))
    for index in range(companies):
        am = await people.get(FIRST_AM + index % managers)
        client = await people.touch(FIRST_CLIENT + index, f"Клиент {index}", None, "ru")
        invite = await directory.invite_to_new_or_own(am, f"Компания {index:02d}")  # type: ignore[arg-type]
        await directory.redeem(client, invite.code)
    staff_inbox = StaffInbox(db)
    groups = [FIRST_GROUP]
    await staff_inbox.link(head, FIRST_GROUP, "Входящие", ALL_RIGHTS)
    if per_am_groups:
        groups = []
        for index in range(managers):
            chat = FIRST_GROUP - index
            await staff_inbox.link(head, chat, f"Входящие {index}", ALL_RIGHTS)
            await staff_inbox.set_scope(head, chat, FIRST_AM + index)
            groups.append(chat)
    await db.close()
    return groups


def percentiles(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered):.1f} s, p95 {p95:.1f} s"


async def scenario(name: str, args: argparse.Namespace, per_am_groups: bool) -> None:
    scale = args.scale
    folder = tempfile.TemporaryDirectory()
    database = Path(folder.name) / "inbox.sqlite3"
    groups = await seed(database, args.companies, args.managers, per_am_groups)
    fake = FakeTelegram(TOKEN)
    await fake.start()
    fake.rate_limit = (30 * scale, 1 * scale)
    fake.group_limit_per_minute = 20
    fake.group_window_seconds = 60 / scale
    for chat in groups:
        fake.make_forum(chat, "Входящие")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token=TOKEN,
        head_ids=str(HEAD),
        database_path=database,
        telegram_api_base=fake.base_url,
        send_rate_per_second=min(1000, 29 * scale),
        send_chat_interval_seconds=1.04 / scale,
        send_group_interval_seconds=GROUP_INTERVAL / scale,
    )
    inbox.TITLE_SETTLE = timedelta(seconds=30 / scale)
    app = build_application(settings)
    task = asyncio.create_task(run(app, handle_signals=False, polling_timeout=1))
    await fake.wait_for(lambda: app.scheduler.running, 30, "the bot start-up")

    clients = [user(FIRST_CLIENT + i, f"Клиент {i}") for i in range(args.companies)]
    managers = [user(FIRST_AM + i, f"Менеджер {i}") for i in range(args.managers)]
    sent_at: dict[str, float] = {}
    plan = sorted(
        (random.uniform(0, 10 / scale), company, k)
        for company in range(args.companies)
        for k in range(args.messages)
    )
    # each client's messages in order: the k-th no earlier than the (k-1)-th
    by_company: dict[int, list[float]] = defaultdict(list)
    for at, company, _ in plan:
        by_company[company].append(at)
    started = time.monotonic()
    replies_at: dict[str, float] = {}
    done = asyncio.Event()

    async def clients_write() -> None:
        events = sorted(
            (moment, company, k)
            for company, moments in by_company.items()
            for k, moment in enumerate(sorted(moments))
        )
        for moment, company, k in events:
            await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
            text = f"c{company:02d}-m{k}"
            sent_at[text] = time.monotonic()
            fake.send_text(clients[company], text)

    async def staff_answer() -> None:
        number = 0
        while not done.is_set():
            await asyncio.sleep(1.5 / scale)
            rows = await app.db.conn.execute_fetchall(
                "SELECT company_id, chat_id, thread_id FROM company_topics"
                " WHERE thread_id IS NOT NULL"
            )
            if not rows:
                continue
            company_id, chat, thread = random.choice([tuple(r) for r in rows])
            manager = await app.db.conn.execute_fetchall(
                "SELECT manager_id FROM companies WHERE id = ?", (company_id,)
            )
            staff = next(m for m in managers if m["id"] == manager[0][0])
            text = f"answer-{number}"
            number += 1
            replies_at[text] = time.monotonic()
            fake.write_in_topic(staff, chat, thread, text)

    def copied() -> dict[str, tuple[int, int, int, float]]:
        """text -> (chat, thread, message id, when) of its copy in a group."""
        found: dict[str, tuple[int, int, int, float]] = {}
        for (chat, message_id), message in fake.messages.items():
            if chat not in groups:
                continue
            body = message.get("text") or ""
            for line in body.split("\n")[1:]:
                if line.startswith("c") and "-m" in line:
                    found[line] = (chat, message.get("message_thread_id"), message_id, 0.0)
        return found

    arrivals: dict[str, float] = {}
    answers_arrived: dict[str, float] = {}

    async def watch() -> None:
        seen = 0
        while not done.is_set():
            for call in fake.calls[seen:]:
                text = str(call.params.get("text") or "")
                for line in text.split("\n"):
                    if line in sent_at and line not in arrivals and (call.chat_id or 0) < 0:
                        arrivals[line] = call.at
                    if line.startswith("answer-") and (call.chat_id or 0) > 0:
                        answers_arrived.setdefault(line, call.at)
            seen = len(fake.calls)
            await asyncio.sleep(0.01)

    total = args.companies * args.messages
    writers = asyncio.create_task(clients_write())
    answering = asyncio.create_task(staff_answer())
    watching = asyncio.create_task(watch())
    try:
        await fake.wait_for(lambda: len(copied()) >= total, 900 / scale + 120, "every copy")
    finally:
        done.set()
        await writers
        await answering
        await watching
    await asyncio.sleep(3 / scale)
    finished = copied()

    # correctness: once each, in its company's topic, in order
    topic_of = {
        row[0]: (row[1], row[2])
        for row in await app.db.conn.execute_fetchall(
            "SELECT company_id, chat_id, thread_id FROM company_topics"
        )
    }
    names = {
        row[0]: int(row[1].split()[-1])
        for row in await app.db.conn.execute_fetchall("SELECT id, name FROM companies")
    }
    company_topic = {names[c]: place for c, place in topic_of.items()}
    texts = [
        line
        for message in fake.messages.values()
        if message["chat"]["id"] in groups
        for line in (message.get("text") or "").split("\n")[1:]
        if line.startswith("c") and "-m" in line
    ]
    doubled = sum(count - 1 for count in _counts(texts).values() if count > 1)
    misplaced = sum(
        1
        for text, (chat, thread, _, _) in finished.items()
        if company_topic.get(int(text[1:3])) != (chat, thread)
    )
    out_of_order = 0
    for company in range(args.companies):
        ids = [finished[f"c{company:02d}-m{k}"][2] for k in range(args.messages)]
        out_of_order += ids != sorted(ids)
    lost = total - len(finished)

    # the group's pace over its busy span
    rates = []
    for chat in groups:
        counted = [
            c.at for c in fake.calls if c.chat_id == chat and c.method.lower() in GROUP_COUNTED
        ]
        if len(counted) > 20:
            span_minutes = (counted[-1] - counted[0]) / (60 / scale)
            rates.append((len(counted) - 1) / span_minutes / 20)
    latency = [(arrivals[t] - sent_at[t]) * scale for t in arrivals]
    answers = [(answers_arrived[t] - replies_at[t]) * scale for t in answers_arrived]
    topics = len(fake.calls_of("createForumTopic"))
    print(f"\n({name}) {len(groups)} group(s), {args.companies} companies x {args.messages}"
          f" messages, time x{scale}")  # fmt: skip
    print(f"  copies: {len(finished)}/{total}, lost {lost}, doubled {doubled},"
          f" in the wrong topic {misplaced}, out of order {out_of_order};"
          f" topics {topics}")  # fmt: skip
    print("  group send rate: " + ", ".join(f"{r:.2f}" for r in rates) + " of 20/min"
          f"; 429s: {fake.rate_limited}")  # fmt: skip
    if fake.rate_limited_calls:
        print(f"  429s on: {fake.rate_limited_calls[:5]}")
    print(f"  client -> topic: {percentiles(latency)}")
    print(f"  staff -> client: {percentiles(answers)} ({len(answers)} answers)")
    busy = await app.db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'inbox.busy'"
    )
    print(f"  heads told a group ran near its limit: {busy[0][0]} time(s)")
    app.request_stop()
    await asyncio.wait_for(task, 60)
    await fake.stop()
    folder.cleanup()


def _counts(items: list[str]) -> dict[str, int]:
    counted: dict[str, int] = defaultdict(int)
    for item in items:
        counted[item] += 1
    return counted


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=2)
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--messages", type=int, default=3)
    parser.add_argument("--managers", type=int, default=3)
    args = parser.parse_args()
    random.seed(7)
    print(f"started {datetime.now(UTC):%H:%M:%S}")
    await scenario("a", args, per_am_groups=False)
    await scenario("b", args, per_am_groups=True)


if __name__ == "__main__":
    asyncio.run(main())
