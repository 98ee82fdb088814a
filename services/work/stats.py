"""What the head's /stats chart shows: each AM's load and what is overdue, and the last
weeks of money issued and paid.

Read on request, through indexes on what is counted: open projects and their stages,
open invoices past due, and the invoices and payments of the weeks shown, never the
agency's whole history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from services.accounts.people import Person, Role
from services.db import Database
from services.platform.clock import from_db, local_day, to_db
from services.platform.errors import NotAllowed

WEEKS = 12


@dataclass(frozen=True)
class ManagerLoad:
    manager_id: int | None  # None: projects and invoices of companies without an AM
    name: str
    open_projects: int = 0
    overdue_stages: int = 0
    overdue_minor: dict[str, int] = field(default_factory=dict)  # by currency


@dataclass(frozen=True)
class WeekMoney:
    monday: date
    issued_minor: int
    paid_minor: int


@dataclass(frozen=True)
class TeamStats:
    today: date
    managers: list[ManagerLoad]
    currency: str  # the weeks' sums are in it: the currency most invoiced lately
    weeks: list[WeekMoney]
    other_currencies: list[str]  # invoiced lately too, not in the weekly sums

    @property
    def empty(self) -> bool:
        """Nothing to draw: no open project, nothing overdue, no money in the weeks."""
        return not any(m.open_projects or m.overdue_minor for m in self.managers) and not any(
            w.issued_minor or w.paid_minor for w in self.weeks
        )


@dataclass(frozen=True)
class SignOffStats:
    """How fast clients approve: the median hours from a version's posting to its approval
    per AM (the last weeks), and the change rounds of each open project (most first)."""

    approval_hours: list[tuple[str, float, int]]  # (AM, median hours, approvals)
    rounds: list[tuple[str, str, int]]  # (project, company, change requests)


@dataclass(frozen=True)
class SpecialistLoad:
    """A specialist's open and overdue tasks, and the results handed in late lately."""

    name: str
    skill: str | None
    open_tasks: int
    overdue: int
    handed_in_late: int


class Stats:
    def __init__(self, db: Database, default_timezone: str) -> None:
        self.db = db
        self.timezone = default_timezone
        self.zone = ZoneInfo(default_timezone)

    async def specialists(self, actor: Person) -> list[SpecialistLoad]:
        """Per specialist: open tasks, those past due, and late hand-ins of the last weeks
        (most overdue first). Read through the open tasks' index, never all tasks."""
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        today = self.db.clock.now().astimezone(self.zone).date()
        since = to_db(datetime.combine(today - timedelta(weeks=WEEKS), time(), self.zone))
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT w.full_name, w.username, w.telegram_id, w.skill,"
                " (SELECT COUNT(*) FROM stage_tasks t WHERE t.specialist_id = w.telegram_id"
                "  AND t.status = 'open') AS open_tasks,"
                " (SELECT COUNT(*) FROM stage_tasks t WHERE t.specialist_id = w.telegram_id"
                "  AND t.status = 'open' AND t.due_on < ?) AS overdue,"
                " (SELECT COUNT(*) FROM stage_tasks t WHERE t.specialist_id = w.telegram_id"
                "  AND t.late = 1 AND t.status IN ('handed_in', 'accepted')"
                "  AND t.handed_in_at >= ?) AS late"
                " FROM people w WHERE w.role = 'specialist'",
                (today.isoformat(), since),
            )
        loads = [
            SpecialistLoad(
                row["full_name"]
                or (f"@{row['username']}" if row["username"] else str(row["telegram_id"])),
                row["skill"],
                row["open_tasks"],
                row["overdue"],
                row["late"],
            )
            for row in rows
        ]
        return sorted(loads, key=lambda load: (-load.overdue, -load.open_tasks, load.name))

    async def sign_off(self, actor: Person, limit: int = 10) -> SignOffStats:
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        today = self.db.clock.now().astimezone(self.zone).date()
        since = to_db(datetime.combine(today - timedelta(weeks=WEEKS), time(), self.zone))
        async with self.db.reading() as conn:
            approved = await conn.execute_fetchall(
                "SELECT p.manager_id, m.full_name, d.posted_at, d.decided_at FROM deliverables d"
                " JOIN projects p ON p.id = d.project_id"
                " LEFT JOIN people m ON m.telegram_id = p.manager_id"
                " WHERE d.status = 'approved' AND d.decided_at >= ?",
                (since,),
            )
            rounds = await conn.execute_fetchall(
                "SELECT p.title, c.name, COUNT(*) AS n FROM projects p"
                " JOIN companies c ON c.id = p.company_id"
                " JOIN deliverables d ON d.project_id = p.id AND d.status = 'changes'"
                " WHERE p.status IN ('active', 'paused') GROUP BY p.id, p.title, c.name"
                " ORDER BY n DESC, p.id LIMIT ?",
                (limit,),
            )
        by_manager: dict[str, list[float]] = {}
        for row in approved:
            hours = (from_db(row["decided_at"]) - from_db(row["posted_at"])).total_seconds() / 3600
            by_manager.setdefault(row["full_name"] or "—", []).append(hours)
        return SignOffStats(
            sorted((name, median(hours), len(hours)) for name, hours in by_manager.items()),
            [(row[0], row[1], row[2]) for row in rounds],
        )

    async def team(self, actor: Person) -> TeamStats:
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        now = self.db.clock.now().astimezone(self.zone)
        today = now.date()
        first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
        since = to_db(datetime.combine(first_monday, time(), self.zone))
        async with self.db.reading() as conn:
            staff = await conn.execute_fetchall(
                "SELECT telegram_id, full_name, role FROM people WHERE role IN ('manager', 'head')"
            )
            projects = await conn.execute_fetchall(
                "SELECT manager_id, COUNT(*) AS n FROM projects"
                " WHERE status IN ('active', 'paused') GROUP BY manager_id"
            )
            stages = await conn.execute_fetchall(
                "SELECT p.manager_id, COUNT(*) AS n FROM projects p"
                " JOIN project_stages s ON s.project_id = p.id"
                " WHERE p.status IN ('active', 'paused') AND s.status != 'done'"
                " AND s.deadline < ? GROUP BY p.manager_id",
                (today.isoformat(),),
            )
            owed = await conn.execute_fetchall(
                "SELECT c.manager_id, i.currency, SUM(i.amount_minor - i.paid_minor) AS minor"
                " FROM invoices i JOIN companies c ON c.id = i.company_id"
                " WHERE i.status IN ('issued', 'reported_paid') AND i.due_date < ?"
                " GROUP BY c.manager_id, i.currency",
                (today.isoformat(),),
            )
            issued = await conn.execute_fetchall(
                "SELECT issued_at AS at, currency, amount_minor AS minor FROM invoices"
                " WHERE issued_at >= ? AND status != 'cancelled'",
                (since,),
            )
            paid = await conn.execute_fetchall(
                "SELECT p.at, i.currency, p.amount_minor AS minor FROM invoice_payments p"
                " JOIN invoices i ON i.id = p.invoice_id WHERE p.at >= ?",
                (since,),
            )
        names = {row["telegram_id"]: row["full_name"] for row in staff}
        managers = {row["telegram_id"] for row in staff if row["role"] == Role.MANAGER}
        open_projects = {row["manager_id"]: row["n"] for row in projects}
        late_stages = {row["manager_id"]: row["n"] for row in stages}
        overdue: dict[int | None, dict[str, int]] = {}
        for row in owed:
            overdue.setdefault(row["manager_id"], {})[row["currency"]] = row["minor"]
        # every AM, and a head or "no AM" only where something is theirs
        people = managers | set(open_projects) | set(late_stages) | set(overdue)
        loads = [
            ManagerLoad(
                manager_id,
                names.get(manager_id) or "—",
                open_projects.get(manager_id, 0),
                late_stages.get(manager_id, 0),
                overdue.get(manager_id, {}),
            )
            for manager_id in people
        ]

        volume = Counter[str]()
        for row in issued:
            volume[row["currency"]] += row["minor"]
        for sums in overdue.values():
            volume.update({currency: 0 for currency in sums})
        currency = max(volume, key=lambda c: (volume[c], c == "RUB")) if volume else "RUB"

        def week_of(stamp: str) -> date:
            day = local_day(stamp, self.timezone)
            return day - timedelta(days=day.weekday())

        issued_by_week = Counter[date]()
        paid_by_week = Counter[date]()
        for rows, weekly in ((issued, issued_by_week), (paid, paid_by_week)):
            for row in rows:
                if row["currency"] == currency:
                    weekly[week_of(row["at"])] += row["minor"]
        mondays = [first_monday + timedelta(weeks=n) for n in range(WEEKS)]
        return TeamStats(
            today=today,
            managers=sorted(loads, key=lambda m: (m.manager_id is None, m.name)),
            currency=currency,
            weeks=[WeekMoney(m, issued_by_week[m], paid_by_week[m]) for m in mondays],
            other_currencies=sorted(c for c in volume if c != currency),
        )
