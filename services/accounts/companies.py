"""Client companies, their account manager, and invite links that attach clients."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.db import Connection, Database, Reading, Row, inserted_id
from services.delivery.notices import ClientJoined, CompanyReassigned, Reassignment
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.clock import from_db, to_db
from services.platform.errors import DomainError, InvalidInput, NotAllowed, NotFound

COMPANY_NAME_MAX = 100


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    manager_id: int | None
    manager_name: str | None
    clients: int
    invoice_reminders: bool = True
    requisites: str | None = None  # as the client gives them: INN, KPP, address
    contract: str | None = None  # "Договор № 12 от 01.12.2026": the basis of its documents


@dataclass(frozen=True)
class Invite:
    code: str
    company: Company
    expires_at: datetime


class InviteRefused(DomainError):
    """The link cannot attach this person; `key` says why."""


REQUISITES_MAX = 600
CONTRACT_MAX = 200


def normalize_company_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InvalidInput("company-name-empty")
    if len(name) > COMPANY_NAME_MAX:
        raise InvalidInput("company-name-too-long", limit=COMPANY_NAME_MAX)
    return name


_COMPANY_SELECT = (
    "SELECT c.id, c.name, c.manager_id, m.full_name AS manager_name, c.invoice_reminders,"
    " c.requisites, c.contract,"
    " (SELECT COUNT(*) FROM people p WHERE p.company_id = c.id AND p.role = 'client') AS clients"
    " FROM companies c LEFT JOIN people m ON m.telegram_id = c.manager_id"
)


def _company(row: Row) -> Company:
    return Company(
        id=row["id"],
        name=row["name"],
        manager_id=row["manager_id"],
        manager_name=row["manager_name"],
        clients=row["clients"],
        invoice_reminders=bool(row["invoice_reminders"]),
        requisites=row["requisites"],
        contract=row["contract"],
    )


async def company_by_id(conn: Reading, company_id: int) -> Company | None:
    cursor = await conn.execute(f"{_COMPANY_SELECT} WHERE c.id = ?", (company_id,))
    row = await cursor.fetchone()
    return _company(row) if row else None


def _require_owner(actor: Person, company: Company) -> None:
    """A head may act on any company; an AM only on their own."""
    actor.require_staff()
    if actor.role is not Role.HEAD and company.manager_id != actor.telegram_id:
        raise NotAllowed()


class Companies:
    def __init__(self, db: Database, invite_ttl: timedelta) -> None:
        self.db = db
        self.invite_ttl = invite_ttl

    async def invite_to_new_or_own(self, actor: Person, raw_name: str) -> Invite:
        """`/invite <name>`: create the company (its AM is the actor) and a link."""
        actor.require_staff()
        name = normalize_company_name(raw_name)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT id FROM companies WHERE name_key = ?", (name.casefold(),)
            )
            row = await cursor.fetchone()
            if row is None:
                company_id = await inserted_id(
                    conn,
                    "INSERT INTO companies (name, name_key, manager_id, created_by, created_at)"
                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (name, name.casefold(), actor.telegram_id, actor.telegram_id, now),
                )
                await audit.record(
                    conn,
                    now,
                    actor.telegram_id,
                    "company.created",
                    f"company:{company_id}",
                    name=name,
                )
            else:
                company_id = row["id"]
            company = await company_by_id(conn, company_id)
            assert company is not None
            _require_owner(actor, company)
            return await self._new_invite(conn, actor, company)

    async def new_invite(self, actor: Person, company_id: int) -> Invite:
        async with self.db.transaction() as conn:
            company = await company_by_id(conn, company_id)
            if company is None:
                raise NotFound()
            _require_owner(actor, company)
            return await self._new_invite(conn, actor, company)

    async def _new_invite(self, conn: Connection, actor: Person, company: Company) -> Invite:
        now = self.db.clock.now()
        code = secrets.token_urlsafe(18)  # 24 URL-safe chars, 144 bits: unguessable
        expires_at = now + self.invite_ttl
        await conn.execute(
            "INSERT INTO invites (code, company_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (code, company.id, actor.telegram_id, to_db(now), to_db(expires_at)),
        )
        await audit.record(
            conn,
            to_db(now),
            actor.telegram_id,
            "invite.created",
            f"company:{company.id}",
            expires_at=to_db(expires_at),
        )
        return Invite(code=code, company=company, expires_at=from_db(to_db(expires_at)))

    async def redeem(self, person: Person, code: str) -> Company:
        """Attach the person to the invite's company; a link works once, until it expires."""
        if person.is_staff or person.role is Role.SPECIALIST:
            raise InviteRefused("invite-staff")
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT id, company_id, expires_at, used_by FROM invites WHERE code = ?", (code,)
            )
            invite = await cursor.fetchone()
            if invite is None:
                raise InviteRefused("invite-unknown")
            if invite["used_by"] is not None:
                if (
                    invite["used_by"] == person.telegram_id
                    and person.company_id == invite["company_id"]
                ):
                    company = await company_by_id(conn, invite["company_id"])
                    assert company is not None
                    return company  # opening the same link twice is harmless
                raise InviteRefused("invite-used")
            if invite["expires_at"] <= now:
                raise InviteRefused("invite-expired")
            await conn.execute(
                "UPDATE invites SET used_by = ?, used_at = ? WHERE id = ?",
                (person.telegram_id, now, invite["id"]),
            )
            company = await attach_client(conn, now, person, invite["company_id"])
            await audit.record(
                conn,
                now,
                person.telegram_id,
                "invite.redeemed",
                f"company:{company.id}",
                invite_id=invite["id"],
                previous_company=person.company_id,
            )
            if company.manager_id is not None:
                await enqueue(
                    conn,
                    self.db.clock.now(),
                    company.manager_id,
                    ClientJoined(
                        company.id,
                        company.name,
                        person.display_name,
                        person.username,
                        invite_id=invite["id"],
                    ),
                )
            return company

    async def visible_to(self, actor: Person) -> list[Company]:
        actor.require_staff()
        async with self.db.reading() as conn:
            if actor.role is Role.HEAD:
                cursor = await conn.execute(f"{_COMPANY_SELECT} ORDER BY c.name_key")
            else:
                cursor = await conn.execute(
                    f"{_COMPANY_SELECT} WHERE c.manager_id = ? ORDER BY c.name_key",
                    (actor.telegram_id,),
                )
            return [_company(row) for row in await cursor.fetchall()]

    async def starting_with(self, actor: Person, prefix: str, limit: int = 10) -> list[Company]:
        """Companies whose name starts with `prefix`, any case: a range of the name index,
        however many companies there are. An AM finds only their own."""
        actor.require_staff()
        key = " ".join(prefix.split()).casefold()[:100]
        if not key:
            return []
        where = "c.name_key >= ? AND c.name_key < ?"
        params: list[object] = [key, key + "\U0010ffff"]
        if actor.role is not Role.HEAD:
            where += " AND c.manager_id = ?"
            params.append(actor.telegram_id)
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                f"{_COMPANY_SELECT} WHERE {where} ORDER BY c.name_key LIMIT ?", (*params, limit)
            )
        return [_company(row) for row in rows]

    async def of_client(self, person: Person) -> Company | None:
        if person.role is not Role.CLIENT or person.company_id is None:
            return None
        async with self.db.reading() as conn:
            return await company_by_id(conn, person.company_id)

    async def get(self, actor: Person, company_id: int) -> Company:
        async with self.db.reading() as conn:
            company = await company_by_id(conn, company_id)
        if company is None:
            raise NotFound()
        _require_owner(actor, company)
        return company

    async def set_paperwork(
        self, actor: Person, company_id: int, requisites: str, contract: str
    ) -> Company:
        """The client's requisites and contract, as its invoices and acts print them; '-'
        (or nothing) clears one."""

        def cleaned(text: str, limit: int) -> str | None:
            value = "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())
            if value in ("", "-", "—"):
                return None
            if len(value) > limit:
                raise InvalidInput("company-paperwork-too-long", limit=limit)
            return value

        values = (cleaned(requisites, REQUISITES_MAX), cleaned(contract, CONTRACT_MAX))
        async with self.db.transaction() as conn:
            company = await company_by_id(conn, company_id)
            if company is None:
                raise NotFound()
            _require_owner(actor, company)
            await conn.execute(
                "UPDATE companies SET requisites = ?, contract = ? WHERE id = ?",
                (*values, company_id),
            )
            await audit.record(
                conn, self.db.now_text(), actor.telegram_id, "company.paperwork",
                f"company:{company_id}",
            )  # fmt: skip
            found = await company_by_id(conn, company_id)
            assert found is not None
            return found

    async def reassign(self, actor: Person, company_id: int, manager_id: int) -> Company:
        """A head hands a company to another AM; both AMs and the clients are told."""
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            company = await company_by_id(conn, company_id)
            if company is None:
                raise NotFound()
            cursor = await conn.execute(
                "SELECT full_name FROM people"
                " WHERE telegram_id = ? AND role IN ('manager', 'head')",
                (manager_id,),
            )
            manager = await cursor.fetchone()
            if manager is None:
                raise NotFound("manager-not-found")
            if company.manager_id == manager_id:
                return company
            await conn.execute(
                "UPDATE companies SET manager_id = ? WHERE id = ?", (manager_id, company_id)
            )
            audit_id = await audit.record(
                conn,
                now,
                actor.telegram_id,
                "company.manager_changed",
                f"company:{company_id}",
                previous=company.manager_id,
                new=manager_id,
            )
            moment = self.db.clock.now()
            assert audit_id is not None
            reassigned = partial(
                CompanyReassigned, audit_id, company_id, company.name, manager["full_name"]
            )
            await enqueue(conn, moment, manager_id, reassigned(Reassignment.GIVEN))
            if company.manager_id is not None:
                await enqueue(conn, moment, company.manager_id, reassigned(Reassignment.TAKEN))
            await recipients.tell_clients(conn, moment, company_id, reassigned(Reassignment.CLIENT))
            updated = await company_by_id(conn, company_id)
            assert updated is not None
            return updated


async def attach_client(conn: Connection, now: str, person: Person, company_id: int) -> Company:
    await conn.execute(
        "UPDATE people SET role = 'client', company_id = ? WHERE telegram_id = ?",
        (company_id, person.telegram_id),
    )
    await audit.record(
        conn,
        now,
        person.telegram_id,
        "role.client_attached",
        f"person:{person.telegram_id}",
        company_id=company_id,
        previous_company=person.company_id,
    )
    company = await company_by_id(conn, company_id)
    if company is None:
        raise NotFound()
    return company
