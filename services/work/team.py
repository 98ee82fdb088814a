"""The agency's team: specialists (designer, copywriter, SEO…) added by a head or an AM
by their Telegram id, a shared contact or a one-time invite link, and removed; /team
lists them with their load.

A specialist sees only the tasks given to them (services/work/tasks.py): never invoices,
prices, other companies or a client's contacts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from services.accounts.people import Person, Role, person_from_row
from services.db import Connection, Database, in_list
from services.delivery.notices import SpecialistAdded, SpecialistRemoved, TaskCancelled
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.clock import to_db
from services.platform.errors import DomainError, InvalidInput, NotAllowed
from services.work.tasks import stop_reminders

# Offered as buttons; any other label may be typed.
SKILLS = ("дизайнер", "копирайтер", "SEO", "таргетолог", "разработчик", "аналитик")
SKILL_LIMIT = 40
# /team shows this many at a time: an agency's team is dozens, not thousands.
TEAM_PAGE = 50
# A staff link's code starts so (`/start team-…`); a client's invite never does.
STAFF_INVITE_PREFIX = "team-"


@dataclass(frozen=True)
class Member:
    """A specialist and their load, as /team lists them."""

    person: Person
    open_tasks: int
    overdue: int
    next_due: date | None


@dataclass(frozen=True)
class StaffInvite:
    code: str
    skill: str
    expires_at: str


class StaffInviteRefused(DomainError):
    pass


def clean_skill(text: str) -> str:
    skill = " ".join(text.split())
    if not skill or len(skill) > SKILL_LIMIT:
        raise InvalidInput("team-skill-bad", limit=SKILL_LIMIT)
    return skill


def require_team_lead(actor: Person | None) -> None:
    """A head or an AM manages the team; None is the command line."""
    if actor is not None and actor.role not in (Role.HEAD, Role.MANAGER):
        raise NotAllowed()


class Team:
    def __init__(self, db: Database, invite_ttl: timedelta) -> None:
        self.db = db
        self.invite_ttl = invite_ttl

    async def add(self, actor: Person | None, telegram_id: int, skill: str) -> Person:
        """Make someone a specialist (or change their skill)."""
        require_team_lead(actor)
        skill = clean_skill(skill)
        async with self.db.transaction() as conn:
            return await self._make_specialist(conn, actor, telegram_id, skill, None)

    async def invite(self, actor: Person, skill: str) -> StaffInvite:
        """A one-time link: whoever opens it joins the team with this skill."""
        require_team_lead(actor)
        skill = clean_skill(skill)
        now = self.db.clock.now()
        code = STAFF_INVITE_PREFIX + secrets.token_urlsafe(18)
        expires_at = to_db(now + self.invite_ttl)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO staff_invites (code, skill, created_by, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (code, skill, actor.telegram_id, to_db(now), expires_at),
            )
            await audit.record(
                conn, to_db(now), actor.telegram_id, "team.invite_created", "team", skill=skill
            )
        return StaffInvite(code, skill, expires_at)

    async def redeem(self, person: Person, code: str) -> Person:
        """The link's opener becomes a specialist; a link works once, until it expires."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT id, skill, created_by, expires_at, used_by FROM staff_invites"
                " WHERE code = ?",
                (code,),
            )
            if not rows:
                raise StaffInviteRefused("invite-unknown")
            invite = rows[0]
            if invite["used_by"] is not None:
                if invite["used_by"] == person.telegram_id and person.role is Role.SPECIALIST:
                    return person  # the same link opened twice
                raise StaffInviteRefused("invite-used")
            if invite["expires_at"] <= now:
                raise StaffInviteRefused("invite-expired")
            await conn.execute(
                "UPDATE staff_invites SET used_by = ?, used_at = ? WHERE id = ?",
                (person.telegram_id, now, invite["id"]),
            )
            inviter = await _person(conn, invite["created_by"])
            return await self._make_specialist(
                conn, inviter, person.telegram_id, invite["skill"], invite["id"]
            )

    async def remove(self, actor: Person, telegram_id: int) -> int:
        """Take the role away; their open tasks are cancelled and each task's AM told.
        Returns how many tasks were open."""
        require_team_lead(actor)
        now = self.db.clock.now()
        now_text = to_db(now)
        async with self.db.transaction() as conn:
            leaving = await _person(conn, telegram_id)
            if leaving is None or leaving.role is not Role.SPECIALIST:
                return 0
            await conn.execute(
                "UPDATE people SET role = NULL, skill = NULL WHERE telegram_id = ?",
                (telegram_id,),
            )
            open_tasks = await conn.execute_fetchall(
                "SELECT t.id, p.manager_id FROM stage_tasks t"
                " JOIN projects p ON p.id = t.project_id"
                " WHERE t.specialist_id = ? AND t.status IN ('open', 'handed_in')",
                (telegram_id,),
            )
            for task in open_tasks:
                await conn.execute(
                    "UPDATE stage_tasks SET status = 'cancelled', closed_at = ? WHERE id = ?",
                    (now_text, task["id"]),
                )
                await stop_reminders(conn, task["id"], "specialist left the team")
                if task["manager_id"] is not None:
                    await enqueue(
                        conn,
                        now,
                        task["manager_id"],
                        TaskCancelled(task["id"], leaving.display_name),
                    )
            audit_id = await audit.record(
                conn,
                now_text,
                actor.telegram_id,
                "team.removed",
                f"person:{telegram_id}",
                tasks_cancelled=len(open_tasks),
            )
            await enqueue(conn, now, telegram_id, SpecialistRemoved(telegram_id, audit_id))
            return len(open_tasks)

    async def members(self, actor: Person, today: date) -> list[Member]:
        """The team with each one's open and overdue tasks, by name."""
        require_team_lead(actor)
        async with self.db.reading() as conn:
            people = await conn.execute_fetchall(
                "SELECT * FROM people WHERE role = 'specialist'"
                " ORDER BY full_name, telegram_id LIMIT ?",
                (TEAM_PAGE,),
            )
            ids, ids_params = in_list("specialist_id", [p["telegram_id"] for p in people])
            load = {
                row["specialist_id"]: row
                for row in await conn.execute_fetchall(
                    "SELECT specialist_id, COUNT(*) AS open_tasks,"
                    " SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END) AS overdue,"
                    " MIN(due_on) AS next_due FROM stage_tasks"
                    f" WHERE status = 'open' AND {ids} GROUP BY specialist_id",
                    (today.isoformat(), *ids_params),
                )
            }
        members = []
        for row in people:
            counts = load.get(row["telegram_id"])
            members.append(
                Member(
                    person_from_row(row),
                    counts["open_tasks"] if counts else 0,
                    counts["overdue"] or 0 if counts else 0,
                    date.fromisoformat(counts["next_due"]) if counts else None,
                )
            )
        return members

    async def specialists(self) -> list[Person]:
        """Everyone a task can be given to, by name."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT * FROM people WHERE role = 'specialist'"
                " ORDER BY full_name, telegram_id LIMIT ?",
                (TEAM_PAGE,),
            )
        return [person_from_row(row) for row in rows]

    async def _make_specialist(
        self,
        conn: Connection,
        actor: Person | None,
        telegram_id: int,
        skill: str,
        invite_id: int | None,
    ) -> Person:
        existing = await _person(conn, telegram_id)
        if existing is not None and existing.role in (Role.HEAD, Role.MANAGER):
            raise DomainError("team-is-staff")
        if existing is not None and existing.role is Role.CLIENT:
            raise DomainError("team-is-client")
        now = self.db.now_text()
        await conn.execute(
            "INSERT INTO people (telegram_id, role, skill, created_at)"
            " VALUES (?, 'specialist', ?, ?)"
            " ON CONFLICT (telegram_id) DO UPDATE SET role = 'specialist', skill = excluded.skill,"
            " company_id = NULL",
            (telegram_id, skill, now),
        )
        actor_id = actor.telegram_id if actor else None
        audit_id = await audit.record(
            conn,
            now,
            actor_id,
            "team.added",
            f"person:{telegram_id}",
            skill=skill,
            previous_role=existing.role if existing else None,
            invite_id=invite_id,
        )
        # who joined by a link is answered there; who was added hears it here
        if invite_id is None and (existing is None or existing.role is not Role.SPECIALIST):
            await enqueue(
                conn,
                self.db.clock.now(),
                telegram_id,
                SpecialistAdded(
                    telegram_id, audit_id, actor.display_name if actor else None, skill
                ),
            )
        person = await _person(conn, telegram_id)
        assert person is not None
        return person


async def _person(conn: Connection, telegram_id: int) -> Person | None:
    rows = await conn.execute_fetchall("SELECT * FROM people WHERE telegram_id = ?", (telegram_id,))
    return person_from_row(rows[0]) if rows else None
