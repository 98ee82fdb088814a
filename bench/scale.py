"""Scale benchmark: the planners, /status and the outbox claim on an agency's database.

Seeds, through the real schema (bulk SQL), per company: 1-2 clients, 10 projects (35 %
active, 5 % paused, the rest done or cancelled) with 3-6 stages each, 2 news per
project, 5 invoices, 10 conversation messages, 1-2 briefs, a proposal per project,
100 outbox rows (97 % sent) and 5 audit rows; one AM per 20 companies, one specialist per
50 with a task on half the open stages of active projects (and 3 done tasks per
company), and 3 heads.
Then prints: one tick of all planners (first after the migration, a steady minute, and
the busiest minute: 09:00, when digests and overdue stages are due), the longest single hold of
the write lock (and of the one connection for a read) during the ticks, /status's
service call p50/p95 over 1,000 random clients, and one outbox claim with 50,000 rows due.

    python bench/scale.py --companies 1000 [--companies 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.accounts.people import People  # noqa: E402
from services.db import Database  # noqa: E402
from services.db.sqlite import SQLiteDatabase  # noqa: E402
from services.delivery import notices  # noqa: E402
from services.delivery.claims import OutboxStore  # noqa: E402
from services.delivery.notices import DeliveryFailed  # noqa: E402
from services.planners.base import LOOK_AGAIN  # noqa: E402
from services.planners.briefs import BriefNudges  # noqa: E402
from services.planners.digests import DigestPlanner, WeeklyPlanner  # noqa: E402
from services.planners.invoices import InvoicePlanner  # noqa: E402
from services.planners.proposals import ProposalPlanner  # noqa: E402
from services.planners.reminders import ReminderPolicy  # noqa: E402
from services.planners.sign_off import SignOffPlanner  # noqa: E402
from services.planners.sla import SlaPlanner  # noqa: E402
from services.planners.stages import StagePlanner  # noqa: E402
from services.planners.tasks import TaskPlanner  # noqa: E402
from services.platform.clock import ManualClock, to_db  # noqa: E402
from services.platform.paging import PageKey, PageRequest  # noqa: E402
from services.platform.quiet_hours import QuietHours  # noqa: E402
from services.platform.workdays import WorkCalendar  # noqa: E402
from services.work.projects import Projects, ProjectScope  # noqa: E402

NOW = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Moscow
MORNING = datetime(2026, 12, 10, 6, 0, tzinfo=UTC)  # the next day, 09:00 in Moscow
HEADS = (1, 2, 3)
AM_BASE, CLIENT_BASE, SPECIALIST_BASE = 100_000, 1_000_000, 500_000
CLAIM_DUE = 50_000  # rows due when the outbox claim is timed
# Seeded outbox rows: a notice the bot can read, as every row it meets must be.
SEED_KIND = DeliveryFailed.kind
SEED_ARGS = notices.dump(DeliveryFailed(0, 0, "seed", "seed"))


def seed(
    path: Path, companies: int, rng: random.Random, at: datetime = NOW
) -> dict[str, list[int]]:
    """Bulk rows through the real schema (the migrations ran first), as of `at`."""
    import sqlite3

    now = to_db(at)
    old = to_db(at - timedelta(days=60))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    people, comps, projects, stages, updates, invoices = [], [], [], [], [], []
    messages, briefs, proposals, outbox, audit = [], [], [], [], []
    tasks: list[tuple[object, ...]] = []
    for head in HEADS:
        people.append((head, f"Руководитель {head}", "ru", None, "head", None, now))
    ams = companies // 20 + 1
    for n in range(ams):
        people.append((AM_BASE + n, f"Менеджер {n}", "ru", None, "manager", None, now))
    specialists = companies // 50 + 2
    for n in range(specialists):
        people.append((SPECIALIST_BASE + n, f"Специалист {n}", "ru", None, "specialist", None, now))
    clients: list[int] = []
    project_id = stage_id = invoice_id = proposal_id = 0
    for company in range(1, companies + 1):
        am = AM_BASE + company % ams
        comps.append((company, f"Компания {company}", f"компания {company}", am, am, old))
        for c in range(rng.choice((1, 2))):
            client = CLIENT_BASE + company * 2 + c
            clients.append(client)
            people.append((client, f"Клиент {client}", "ru", None, "client", company, old))
        for p in range(10):
            project_id += 1
            proposal_id += 1
            roll = rng.random()
            status = (
                "active"
                if roll < 0.35
                else "paused"
                if roll < 0.40
                else ("done" if roll < 0.8 else "cancelled")
            )
            proposals.append(
                (proposal_id, company, am, "accepted", "{}", 100_000_00, "RUB", old, old)
            )
            projects.append((project_id, company, am, proposal_id, f"Проект {p}", status, old))
            for s in range(rng.randint(3, 6)):
                stage_id += 1
                deadline = (at.date() + timedelta(days=rng.randint(-20, 40))).isoformat()
                stage_status = rng.choice(("planned", "in_progress", "done"))
                if status != "active":
                    stage_status = "done"
                stages.append(
                    (stage_id, project_id, s + 1, f"Этап {s}", deadline, stage_status, old)
                )
                open_task = stage_status != "done" and rng.random() < 0.5
                if open_task or (s == 0 and p < 3):
                    due = (at.date() + timedelta(days=rng.randint(-10, 30))).isoformat()
                    tasks.append(
                        (stage_id, project_id, SPECIALIST_BASE + rng.randrange(specialists), am,
                         "Задача", due, old, "open" if open_task else "accepted", old)
                    )  # fmt: skip
            for _ in range(2):
                updates.append((project_id, am, "news", "Новости проекта", old))
        for _ in range(5):
            invoice_id += 1
            status = rng.choice(("issued", "paid", "paid", "paid", "cancelled"))
            due = (at.date() + timedelta(days=rng.randint(-30, 20))).isoformat()
            invoices.append(
                (invoice_id, f"2026-{invoice_id:06d}", company, am, status, 50_000_00, "RUB",
                 "Оплата", due, old, old, old)
            )  # fmt: skip
        client = clients[-1]
        for m in range(10):
            direction = "in" if m % 2 == 0 else "out"
            answered = None if m == 8 and rng.random() < 0.1 else old
            messages.append((company, client, direction, client, "Сообщение", old, answered))
        for _ in range(rng.choice((1, 2))):
            briefs.append((company, client, "marketing", 1, "submitted", "{}", old, old))
        for o in range(100):
            status = "sent" if o < 97 else "pending"
            outbox.append((f"seed:{company}:{o}", client, SEED_KIND, SEED_ARGS, status, old, old))
        for _ in range(5):
            audit.append((old, am, "seed", f"company:{company}"))
    conn.executemany(
        "INSERT INTO people (telegram_id, full_name, language, timezone, role, company_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        people,
    )
    conn.executemany(
        "INSERT INTO companies (id, name, name_key, manager_id, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        comps,
    )
    conn.executemany(
        "INSERT INTO proposals (id, company_id, author_id, status, answers, price_minor,"
        " currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        proposals,
    )
    conn.executemany(
        "INSERT INTO projects (id, company_id, manager_id, proposal_id, title, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        projects,
    )
    conn.executemany(
        "INSERT INTO project_stages (id, project_id, position, title, deadline, status,"
        " deadline_set_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        stages,
    )
    conn.executemany(
        "INSERT INTO project_updates (project_id, author_id, kind, text, at)"
        " VALUES (?, ?, ?, ?, ?)",
        updates,
    )
    conn.executemany(
        "INSERT INTO invoices (id, number, company_id, author_id, status, amount_minor,"
        " currency, purpose, due_date, issued_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        invoices,
    )
    conn.executemany(
        "INSERT INTO messages (company_id, client_id, direction, author_id, text, at,"
        " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        messages,
    )
    conn.executemany(
        "INSERT INTO briefs (company_id, client_id, template_id, template_version, status,"
        " answers, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        briefs,
    )
    conn.executemany(
        "INSERT INTO outbox (dedup_key, recipient_id, kind, args, status, not_before,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        outbox,
    )
    conn.executemany(
        "INSERT INTO audit_log (at, actor_id, action, subject) VALUES (?, ?, ?, ?)", audit
    )
    conn.executemany(
        "INSERT INTO stage_tasks (stage_id, project_id, specialist_id, assigned_by, brief,"
        " due_on, due_set_at, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tasks,
    )
    # a done task is not looked at (its insert trigger marked it)
    conn.execute("UPDATE stage_tasks SET next_reminder_at = NULL WHERE status != 'open'")
    # What migration 0012 does to an existing database: every open row is looked at by
    # the first tick (the insert triggers mark stages, messages and people already).
    conn.execute("UPDATE invoices SET next_reminder_at = ? WHERE status = 'issued'", (LOOK_AGAIN,))
    conn.execute(
        "UPDATE proposals SET next_reminder_at = ? WHERE status IN ('pending', 'sent')",
        (LOOK_AGAIN,),
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return {"clients": clients}


class TimedDatabase(SQLiteDatabase):
    """The real Database, recording the longest hold of the write lock (a transaction) and
    of the connection for reading (one connection: handlers wait behind either)."""

    longest_hold = 0.0
    longest_read = 0.0

    def transaction(self):  # type: ignore[override]
        return _Timed(self, super().transaction(), "longest_hold")

    def reading(self):  # type: ignore[override]
        return _Timed(self, super().reading(), "longest_read")


class _Timed:
    def __init__(self, db: TimedDatabase, inner, name: str) -> None:
        self.db, self.inner, self.name = db, inner, name

    async def __aenter__(self):
        self.started = time.perf_counter()
        return await self.inner.__aenter__()

    async def __aexit__(self, *exc):
        try:
            return await self.inner.__aexit__(*exc)
        finally:
            held = time.perf_counter() - self.started
            setattr(self.db, self.name, max(getattr(self.db, self.name), held))


def planners(db: Database) -> list:
    calendar = WorkCalendar("RU")
    zone, morning = "Europe/Moscow", clock_time(9)
    return [
        BriefNudges(db),
        ProposalPlanner(
            db,
            zone,
            approval_reminder_hours=24,
            client_reminder_days=3,
            quiet_hours=QuietHours.parse("21:00-09:00"),
        ),
        StagePlanner(db, zone, morning=morning, calendar=calendar),
        DigestPlanner(db, zone, morning=morning, calendar=calendar),
        WeeklyPlanner(db, zone, weekday=0, at=clock_time(10)),
        InvoicePlanner(
            db,
            ReminderPolicy(
                offsets=(-3, 0, 1, 7, 14), at=clock_time(10), weekends=False, calendar=calendar
            ),
            zone,
        ),
        SlaPlanner(db, zone, 4, calendar),
        SignOffPlanner(db, zone, 2, calendar),
        TaskPlanner(db, zone, morning=morning, escalate_after=2, calendar=calendar),
    ]


async def top_up_due(db: Database, wanted: int) -> int:
    """Pending rows due now, to distinct chats, until `wanted` rows are due."""
    async with db.reading() as conn:
        [[due]] = await conn.execute_fetchall(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND not_before <= ?",
            (db.now_text(),),
        )
    extra = [
        (f"due:{n}", 5_000_000 + n, SEED_KIND, SEED_ARGS, "pending", "1970-01-01 00:00:00",
         db.now_text())
        for n in range(max(0, wanted - due))
    ]  # fmt: skip
    for start in range(0, len(extra), 5000):
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO outbox (dedup_key, recipient_id, kind, args, status, not_before,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                extra[start : start + 5000],
            )
    return due + len(extra)


async def measure(companies: int) -> dict[str, float]:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "scale.sqlite3"
    clock = ManualClock(NOW)
    db = TimedDatabase(path, clock)
    await db.open()
    await db.migrate()
    started = time.perf_counter()
    seeded = await asyncio.to_thread(seed, path, companies, random.Random(companies))
    seed_seconds = time.perf_counter() - started
    jobs = planners(db)

    async def tick() -> tuple[float, int]:
        begun = time.perf_counter()
        queued = 0
        for planner in jobs:
            queued += await planner.tick()
        return time.perf_counter() - begun, queued

    first, first_queued = await tick()
    clock.advance(timedelta(minutes=1))
    steady, _ = await tick()
    # the busiest minute of a day: every AM's digest and every overdue stage at 09:00
    clock.set(MORNING)
    morning, morning_queued = await tick()
    longest_hold, longest_read = db.longest_hold, db.longest_read

    people, projects = People(db, "ru"), Projects(db, "Europe/Moscow")
    rng = random.Random(7)
    samples = []
    for client_id in rng.sample(seeded["clients"], min(1000, len(seeded["clients"]))):
        person = await people.get(client_id)
        begun = time.perf_counter()
        await projects.for_client(person)
        samples.append((time.perf_counter() - begun) * 1000)
    samples.sort()
    pages = await head_pages(people, projects)
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    due = await top_up_due(db, CLAIM_DUE)
    claims = {}
    busy: set[int] = set()  # chats with a row in flight, as the dispatcher's lanes
    for size in (58, 500):  # what the pump claims at 29 msg/s; the most lanes
        begun = time.perf_counter()
        claimed = await store.claim_due(size, busy)
        claims[size] = (time.perf_counter() - begun) * 1000
        busy |= {row.recipient_id for row in claimed}
    await db.close()
    folder.cleanup()
    return {
        "seed_s": seed_seconds,
        "first_tick_s": first,
        "steady_tick_s": steady,
        "first_queued": first_queued,
        "morning_tick_s": morning,
        "morning_queued": morning_queued,
        "longest_hold_ms": longest_hold * 1000,
        "longest_read_ms": longest_read * 1000,
        "status_p50_ms": statistics.median(samples),
        "status_p95_ms": samples[int(len(samples) * 0.95) - 1],
        "page_first_ms": pages[0],
        "page_deep_ms": pages[1],
        "claim_due_rows": due,
        "claim_58_ms": claims[58],
        "claim_500_ms": claims[500],
    }


async def head_pages(people: People, projects: Projects) -> tuple[float, float]:
    """A head's /projects: the first page, and a page from the middle of every project
    (after the key of the half-way one), median milliseconds of 30 each."""
    head = await people.get(HEADS[0])
    first, deep = [], []
    middle = None
    request = PageRequest()
    for _ in range(30):
        begun = time.perf_counter()
        page = await projects.page_for_staff(head, ProjectScope(), request)
        first.append((time.perf_counter() - begun) * 1000)
        middle = middle or page.next
    async with projects.db.reading() as conn:
        rows = await conn.execute_fetchall(
            "SELECT sort_deadline, id FROM projects WHERE sort_deadline IS NOT NULL"
            " ORDER BY sort_deadline, id LIMIT 1 OFFSET"
            " (SELECT COUNT(*) / 2 FROM projects WHERE sort_deadline IS NOT NULL)"
        )
    halfway = PageRequest(after=PageKey(rows[0][0], rows[0][1]))
    for _ in range(30):
        begun = time.perf_counter()
        await projects.page_for_staff(head, ProjectScope(), halfway)
        deep.append((time.perf_counter() - begun) * 1000)
    return statistics.median(first), statistics.median(deep)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, action="append")
    args = parser.parse_args()
    sizes = args.companies or [1000]
    results = {}
    for size in sizes:
        results[size] = await measure(size)
        r = results[size]
        print(
            f"{size:>6} companies: seeded in {r['seed_s']:.1f} s | planner tick: first"
            f" {r['first_tick_s']:.2f} s ({r['first_queued']} queued), steady"
            f" {r['steady_tick_s'] * 1000:.1f} ms, 09:00 {r['morning_tick_s']:.2f} s"
            f" ({r['morning_queued']} queued) | longest write"
            f" lock {r['longest_hold_ms']:.0f} ms, read {r['longest_read_ms']:.0f} ms |"
            f" /status p50 {r['status_p50_ms']:.1f} ms,"
            f" p95 {r['status_p95_ms']:.1f} ms | a head's /projects page: first"
            f" {r['page_first_ms']:.1f} ms, half-way {r['page_deep_ms']:.1f} ms"
            f" | outbox claim with {r['claim_due_rows']} rows"
            f" due: 58 chats {r['claim_58_ms']:.1f} ms, 500 chats {r['claim_500_ms']:.1f} ms"
        )
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(
            f"growth {sizes[0]} -> {sizes[-1]}: steady tick x"
            f"{large['steady_tick_s'] / max(small['steady_tick_s'], 1e-9):.1f},"
            f" 09:00 tick x{large['morning_tick_s'] / max(small['morning_tick_s'], 1e-9):.1f},"
            f" longest write lock x"
            f"{large['longest_hold_ms'] / max(small['longest_hold_ms'], 1e-9):.1f},"
            f" /status p95 x{large['status_p95_ms'] / max(small['status_p95_ms'], 1e-9):.1f},"
            f" /projects page x{large['page_deep_ms'] / max(small['page_deep_ms'], 1e-9):.1f}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
