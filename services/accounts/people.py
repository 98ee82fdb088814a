"""People and their roles: heads (from settings), account managers, specialists, clients."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.accounts.reachability import mark_reachable, mark_unreachable
from services.db import Connection, Database, Row, in_list
from services.delivery.notices import ManagerAdded, ManagerRemoved
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.errors import InvalidInput, NotAllowed

LANGUAGES = ("ru", "en")


class Role(StrEnum):
    CLIENT = "client"
    MANAGER = "manager"
    HEAD = "head"
    SPECIALIST = "specialist"  # the agency's designer, copywriter, SEO…: their tasks only


STAFF = (Role.MANAGER, Role.HEAD)


@dataclass(frozen=True)
class Person:
    telegram_id: int
    full_name: str
    username: str | None
    language: str | None
    timezone: str | None
    role: Role | None
    company_id: int | None
    unreachable_at: str | None
    skill: str | None = None  # a specialist's: "дизайнер", "SEO"…

    @property
    def display_name(self) -> str:
        if self.full_name:
            return self.full_name
        return f"@{self.username}" if self.username else str(self.telegram_id)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    def require_staff(self) -> None:
        """Only an AM or a head may do this."""
        if not self.is_staff:
            raise NotAllowed()

    def menu_signature(self, version: int) -> str:
        return f"{self.role or 'guest'}:{self.language}:{version}"


def person_from_row(row: Row) -> Person:
    return Person(
        telegram_id=row["telegram_id"],
        full_name=row["full_name"],
        username=row["username"],
        language=row["language"],
        timezone=row["timezone"],
        role=Role(row["role"]) if row["role"] else None,
        company_id=row["company_id"],
        unreachable_at=row["unreachable_at"],
        skill=row["skill"],
    )


def language_from_telegram(language_code: str | None, default: str) -> str:
    code = (language_code or "").split("-")[0].lower()
    return code if code in LANGUAGES else default


class People:
    def __init__(self, db: Database, default_language: str) -> None:
        self.db = db
        self.default_language = default_language

    async def touch(
        self, telegram_id: int, full_name: str, username: str | None, language_code: str | None
    ) -> Person:
        """Record who wrote to us. Anyone who writes can be reached again."""
        now = self.db.now_text()
        language = language_from_telegram(language_code, self.default_language)
        known = await self.get(telegram_id)
        if (
            known is not None
            and known.full_name == full_name[:200]
            and known.username == username
            and known.language is not None
            and known.unreachable_at is None
        ):
            return known  # nothing changed: no write, no wait for the write lock
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO people (telegram_id, full_name, username, language, created_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (telegram_id) DO UPDATE SET full_name = excluded.full_name,"
                " username = excluded.username,"
                " language = COALESCE(people.language, excluded.language)",
                (telegram_id, full_name[:200], username, language, now),
            )
            await mark_reachable(conn, self.db.clock.now(), telegram_id)
            return await _person(conn, telegram_id)

    async def blocked_bot(self, telegram_id: int) -> None:
        """Telegram says they blocked the bot: their AM learns it now, not at the next send."""
        async with self.db.transaction() as conn:
            await mark_unreachable(conn, self.db.clock.now(), telegram_id)

    async def get(self, telegram_id: int) -> Person | None:
        async with self.db.lookup() as conn:
            cursor = await conn.execute(
                "SELECT * FROM people WHERE telegram_id = ?", (telegram_id,)
            )
            row = await cursor.fetchone()
            return person_from_row(row) if row else None

    async def sync_heads(self, head_ids: list[int]) -> None:
        """HEAD_IDS is the truth: grant it to the listed, take it from the rest."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            for head_id in head_ids:
                await conn.execute(
                    "INSERT INTO people (telegram_id, role, created_at) VALUES (?, 'head', ?)"
                    " ON CONFLICT (telegram_id) DO NOTHING",
                    (head_id, now),
                )
                cursor = await conn.execute(
                    "UPDATE people SET role = 'head', company_id = NULL"
                    " WHERE telegram_id = ? AND role IS DISTINCT FROM 'head'",
                    (head_id,),
                )
                if cursor.rowcount:
                    await audit.record(conn, now, None, "role.head_granted", f"person:{head_id}")
            heads_now, heads_params = in_list("telegram_id", head_ids)
            cursor = await conn.execute(
                f"SELECT telegram_id FROM people WHERE role = 'head' AND NOT {heads_now}",
                heads_params,
            )
            for (former_id,) in await cursor.fetchall():
                await conn.execute(
                    "UPDATE people SET role = NULL WHERE telegram_id = ?", (former_id,)
                )
                await audit.record(conn, now, None, "role.head_revoked", f"person:{former_id}")

    async def set_language(self, telegram_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET language = ? WHERE telegram_id = ?", (language, telegram_id)
            )

    async def set_timezone(self, telegram_id: int, timezone: str) -> str:
        """Store a person's IANA time zone; reminders and dates follow it."""
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InvalidInput("timezone-unknown") from error
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET timezone = ? WHERE telegram_id = ?", (timezone, telegram_id)
            )
        return timezone

    async def add_manager(self, actor: Person | None, telegram_id: int) -> Person:
        """Make someone an account manager; actor None means the command line."""
        if actor is not None and actor.role is not Role.HEAD:
            raise NotAllowed()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            existing = await _maybe_person(conn, telegram_id)
            if existing is not None and existing.role is Role.HEAD:
                raise NotAllowed("managers-is-head")
            if existing is not None and existing.role is Role.MANAGER:
                return existing
            await conn.execute(
                "INSERT INTO people (telegram_id, role, created_at) VALUES (?, 'manager', ?)"
                " ON CONFLICT (telegram_id) DO UPDATE SET role = 'manager', company_id = NULL",
                (telegram_id, now),
            )
            actor_id = actor.telegram_id if actor else None
            audit_id = await audit.record(
                conn,
                now,
                actor_id,
                "role.manager_added",
                f"person:{telegram_id}",
                previous_role=existing.role if existing else None,
            )
            await enqueue(
                conn,
                self.db.clock.now(),
                telegram_id,
                ManagerAdded(telegram_id, audit_id, actor.display_name if actor else None),
            )
            return await _person(conn, telegram_id)

    async def remove_manager(self, actor: Person, telegram_id: int) -> int:
        """Take the AM role away; return how many companies are left without an AM."""
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE people SET role = NULL WHERE telegram_id = ? AND role = 'manager'",
                (telegram_id,),
            )
            if cursor.rowcount == 0:
                return 0
            cursor = await conn.execute(
                "UPDATE companies SET manager_id = NULL WHERE manager_id = ?", (telegram_id,)
            )
            orphaned = cursor.rowcount
            audit_id = await audit.record(
                conn,
                now,
                actor.telegram_id,
                "role.manager_removed",
                f"person:{telegram_id}",
                companies_without_manager=orphaned,
            )
            await enqueue(
                conn, self.db.clock.now(), telegram_id, ManagerRemoved(telegram_id, audit_id)
            )
            return orphaned

    async def with_role(self, *roles: Role) -> list[Person]:
        async with self.db.reading() as conn:
            wanted, wanted_params = in_list("role", [str(role) for role in roles])
            cursor = await conn.execute(
                f"SELECT * FROM people WHERE {wanted} ORDER BY full_name, telegram_id",
                wanted_params,
            )
            return [person_from_row(row) for row in await cursor.fetchall()]

    async def stale_menus(self, limit: int = 100) -> list[Person]:
        """Up to `limit` people whose command menu no longer matches their role and
        language (after a new menu version that is everyone: a batch per run)."""
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT * FROM people WHERE menu_signature IS NULL"
                " AND language IS NOT NULL AND full_name != '' LIMIT ?",
                (limit,),
            )
            return [person_from_row(row) for row in await cursor.fetchall()]

    async def menus_changed(self, version: int) -> int:
        """After the menus themselves changed (a new version): everyone's is stale. A role
        or language change marks one person by a trigger instead."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE people SET menu_signature = NULL"
                " WHERE menu_signature IS NOT NULL AND menu_signature NOT LIKE ?",
                (f"%:{version}",),
            )
            return cursor.rowcount

    async def mark_menu(self, telegram_id: int, signature: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET menu_signature = ? WHERE telegram_id = ?",
                (signature, telegram_id),
            )


async def _maybe_person(conn: Connection, telegram_id: int) -> Person | None:
    cursor = await conn.execute("SELECT * FROM people WHERE telegram_id = ?", (telegram_id,))
    row = await cursor.fetchone()
    return person_from_row(row) if row else None


async def _person(conn: Connection, telegram_id: int) -> Person:
    person = await _maybe_person(conn, telegram_id)
    assert person is not None
    return person
