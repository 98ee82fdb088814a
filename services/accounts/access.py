"""Access requests: a stranger asks in, staff accept into a company or decline."""

from __future__ import annotations

from dataclasses import dataclass

from services.accounts.companies import attach_client, company_by_id
from services.accounts.people import Person, Role, person_from_row
from services.db import Connection, Database, Reading, inserted_id_if_any, one_row
from services.delivery.notices import AccessDeclined, AccessGranted, AccessRequested, ClientJoined
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.errors import DomainError, NotAllowed, NotFound


@dataclass(frozen=True)
class AccessRequest:
    id: int
    requester_id: int
    requester_name: str
    status: str
    company_id: int | None
    decided_by_name: str | None
    decided_at: str | None


class AlreadyDecided(DomainError):
    key = "access-already-decided"


_SELECT = (
    "SELECT r.*, p.full_name AS requester_name, p.username AS requester_username,"
    " d.full_name AS decided_by_name FROM access_requests r"
    " JOIN people p ON p.telegram_id = r.requester_id"
    " LEFT JOIN people d ON d.telegram_id = r.decided_by"
)


async def _request(conn: Reading, request_id: int) -> AccessRequest | None:
    cursor = await conn.execute(f"{_SELECT} WHERE r.id = ?", (request_id,))
    row = await cursor.fetchone()
    if row is None:
        return None
    return AccessRequest(
        id=row["id"],
        requester_id=row["requester_id"],
        requester_name=row["requester_name"] or f"@{row['requester_username']}",
        status=row["status"],
        company_id=row["company_id"],
        decided_by_name=row["decided_by_name"],
        decided_at=row["decided_at"],
    )


class AccessRequests:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def request(self, person: Person) -> bool:
        """File a request and alert every AM and head; False if one is already open."""
        if person.role is not None:
            return False
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            request_id = await inserted_id_if_any(
                conn,
                "INSERT INTO access_requests (requester_id, created_at) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (person.telegram_id, now),
            )
            if request_id is None:  # one is pending already
                return False
            await audit.record(
                conn, now, person.telegram_id, "access.requested", f"access_request:{request_id}"
            )
            cursor = await conn.execute(
                "SELECT telegram_id FROM people WHERE role IN ('manager', 'head')"
            )
            assert request_id is not None
            notice = AccessRequested(
                request_id, person.telegram_id, person.display_name, person.username
            )
            for (staff_id,) in await cursor.fetchall():
                await enqueue(conn, self.db.clock.now(), staff_id, notice)
            return True

    async def get(self, actor: Person, request_id: int) -> AccessRequest:
        if not actor.is_staff:
            raise NotAllowed()
        async with self.db.reading() as conn:
            found = await _request(conn, request_id)
        if found is None:
            raise NotFound()
        return found

    async def accept(self, actor: Person, request_id: int, company_id: int) -> AccessRequest:
        """First decision wins; the requester becomes a client of the chosen company."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            request = await self._open_request(conn, actor, request_id)
            company = await company_by_id(conn, company_id)
            if company is None:
                raise NotFound()
            if actor.role is not Role.HEAD and company.manager_id != actor.telegram_id:
                raise NotAllowed()
            await conn.execute(
                "UPDATE access_requests SET status = 'accepted', company_id = ?, decided_by = ?,"
                " decided_at = ? WHERE id = ?",
                (company_id, actor.telegram_id, now, request_id),
            )
            requester = person_from_row(
                await one_row(
                    conn, "SELECT * FROM people WHERE telegram_id = ?", request.requester_id
                )
            )
            await attach_client(conn, now, requester, company_id)
            await audit.record(
                conn,
                now,
                actor.telegram_id,
                "access.accepted",
                f"access_request:{request_id}",
                company_id=company_id,
            )
            moment = self.db.clock.now()
            await enqueue(
                conn, moment, requester.telegram_id, AccessGranted(request_id, company.name)
            )
            if company.manager_id not in (None, actor.telegram_id):
                await enqueue(
                    conn,
                    moment,
                    company.manager_id,
                    ClientJoined(
                        company.id,
                        company.name,
                        requester.display_name,
                        requester.username,
                        request_id=request_id,
                    ),
                )
            decided = await _request(conn, request_id)
            assert decided is not None
            return decided

    async def decline(self, actor: Person, request_id: int) -> AccessRequest:
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            request = await self._open_request(conn, actor, request_id)
            await conn.execute(
                "UPDATE access_requests SET status = 'declined', decided_by = ?, decided_at = ?"
                " WHERE id = ?",
                (actor.telegram_id, now, request_id),
            )
            await audit.record(
                conn, now, actor.telegram_id, "access.declined", f"access_request:{request_id}"
            )
            await enqueue(
                conn, self.db.clock.now(), request.requester_id, AccessDeclined(request_id)
            )
            decided = await _request(conn, request_id)
            assert decided is not None
            return decided

    @staticmethod
    async def _open_request(conn: Connection, actor: Person, request_id: int) -> AccessRequest:
        if not actor.is_staff:
            raise NotAllowed()
        request = await _request(conn, request_id)
        if request is None:
            raise NotFound()
        if request.status != "pending":
            raise AlreadyDecided(
                name=request.decided_by_name or "?",
                status=request.status,
                at=request.decided_at or "",
            )
        return request
