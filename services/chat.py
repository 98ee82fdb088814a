"""The client <-> manager conversation: relayed both ways, stored, and never left hanging.

An unanswered client message reminds the AM after REPLY_SLA_HOURS working hours (the
AM's own hours and time zone) and goes to the heads after twice that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiosqlite

from services import audit, availability, forms, notices, recipients
from services.db import Database, one_row
from services.errors import InvalidInput, NotAllowed, NotFound
from services.notices import (
    DeputyAppointed,
    ManagerReply,
    MessageContext,
    RelayedMessage,
    ReplyOverdue,
    TelegramFile,
)
from services.outbox import enqueue
from services.people import Person, Role
from services.workdays import WEEKDAYS_ONLY, WorkCalendar


@dataclass(frozen=True)
class WorkSchedule:
    start: time
    end: time
    timezone: str
    calendar: WorkCalendar = WEEKDAYS_ONLY

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return self.calendar.is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_open(self, moment: datetime) -> datetime:
        """The moment work next starts (or `moment` itself during working hours)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        day = local.date()
        if local.time() >= self.start:
            day += timedelta(days=1)
        day = self.calendar.working_day_from(day)
        return datetime.combine(day, self.start, tzinfo=self.zone)

    def hours_between(self, begin: datetime, end: datetime) -> float:
        """Working hours elapsed between two moments."""
        total = 0.0
        day = begin.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            if self.calendar.is_working_day(day):
                opens = datetime.combine(day, self.start, tzinfo=self.zone)
                closes = datetime.combine(day, self.end, tzinfo=self.zone)
                overlap = min(closes, end) - max(opens, begin)
                total += max(overlap.total_seconds(), 0) / 3600
            day += timedelta(days=1)
        return total

    def moment_after(self, begin: datetime, hours: float) -> datetime | None:
        """The moment `hours` working hours after `begin` have passed (None past a year)."""
        left = timedelta(hours=hours)
        day = begin.astimezone(self.zone).date()
        for _ in range(400):
            if self.calendar.is_working_day(day):
                opens = max(datetime.combine(day, self.start, tzinfo=self.zone), begin)
                closes = datetime.combine(day, self.end, tzinfo=self.zone)
                if closes > opens:
                    if closes - opens >= left:
                        return opens + left
                    left -= closes - opens
            day += timedelta(days=1)
        return None


@dataclass(frozen=True)
class Receipt:
    answerer_name: str
    away_name: str | None  # the AM who is away, when a deputy answers
    sla_hours: int
    open_now: bool
    opens_at: datetime
    timezone: str


@dataclass(frozen=True)
class ClientMessage:
    id: int
    receipt: Receipt | None
    projects: list[tuple[int, str]]


@dataclass(frozen=True)
class Message:
    direction: str
    author_name: str
    text: str | None
    file: dict[str, Any] | None
    at: str


@dataclass(frozen=True)
class Note:
    author_name: str
    text: str
    at: str


@dataclass(frozen=True)
class Canned:
    id: int
    text: str


def parse_hours(text: str) -> tuple[time, time, str | None]:
    """'10:00-19:00' or '10:00-19:00 Europe/Samara'."""
    parts = text.split()
    try:
        start_text, end_text = parts[0].split("-")
        start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
    except (ValueError, IndexError) as error:
        raise InvalidInput("chat-hours-format") from error
    if start >= end:
        raise InvalidInput("chat-hours-format")
    zone = parts[1] if len(parts) > 1 else None
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InvalidInput("chat-hours-format") from error
    return start, end, zone


# A burst of messages while the AM's alert still waits its turn grows that alert
# ("5 new messages") instead of queueing one alert each; up to this many characters.
GROWING_ALERT_LIMIT = 3500


async def _add_to_waiting_alert(
    conn: aiosqlite.Connection,
    recipient_id: int,
    client_id: int,
    body: str,
    topic: tuple[str, str] | None,
) -> bool:
    """Append a text to the client's alert to this recipient that is not sent yet."""
    if topic is not None:
        return False
    cursor = await conn.execute(
        "SELECT id, args FROM outbox WHERE recipient_id = ? AND source = ?"
        " AND kind = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
        (recipient_id, client_id, RelayedMessage.kind),
    )
    row = await cursor.fetchone()
    if row is None:
        return False
    alert = notices.load(RelayedMessage.kind, row["args"])
    assert isinstance(alert, RelayedMessage)
    if alert.topic is not None or alert.file is not None:
        return False
    text = alert.text or ""
    if len(text) + len(body) + 1 > GROWING_ALERT_LIMIT:
        return False
    grown = replace(alert, text=f"{text}\n{body}" if text else body, count=alert.count + 1)
    await conn.execute("UPDATE outbox SET args = ? WHERE id = ?", (notices.dump(grown), row["id"]))
    return True


class Chat:
    def __init__(
        self,
        db: Database,
        default_timezone: str,
        reply_sla_hours: int,
        calendar: WorkCalendar = WEEKDAYS_ONLY,
    ) -> None:
        self.db = db
        self.default_timezone = default_timezone
        self.sla_hours = reply_sla_hours
        self.calendar = calendar

    # the client writes --------------------------------------------------------------

    async def client_message(
        self, person: Person, text: str, file: dict[str, Any] | None
    ) -> ClientMessage:
        if person.role is not Role.CLIENT or person.company_id is None:
            raise NotAllowed()
        body = forms.message_body(text, file, 4000)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT COUNT(*) FROM messages WHERE company_id = ? AND client_id = ?"
                " AND direction = 'in' AND answered_at IS NULL",
                (person.company_id, person.telegram_id),
            )
            conversation_open = (await cursor.fetchone())[0] > 0
            message_id = await self.relay_in(conn, person, body, file)
            company = await _company(conn, person.company_id)
            receipt = None if conversation_open else await self._receipt(conn, company)
            projects = await conn.execute_fetchall(
                "SELECT id, title FROM projects WHERE company_id = ? AND status = 'active'"
                " ORDER BY id",
                (person.company_id,),
            )
            return ClientMessage(
                message_id, receipt, [(row[0], row[1]) for row in projects] if receipt else []
            )

    async def relay_in(
        self,
        conn: aiosqlite.Connection,
        person: Person,
        body: str,
        file: dict[str, Any] | None,
        topic: tuple[str, str] | None = None,
    ) -> int:
        """Store a client's message and hand it to whoever answers for the company, inside
        the caller's unit of work. `topic` is ("proposal", "3") or ("invoice", "2026-0001")."""
        if person.company_id is None:
            raise NotAllowed()
        now = self.db.now_text()
        cursor = await conn.execute(
            "INSERT INTO messages (company_id, client_id, direction, author_id, text, file, at,"
            " topic) VALUES (?, ?, 'in', ?, ?, ?, ?, ?)",
            (
                person.company_id,
                person.telegram_id,
                person.telegram_id,
                body or None,
                json.dumps(file, ensure_ascii=False) if file else None,
                now,
                ":".join(topic) if topic else None,
            ),
        )
        message_id = cursor.lastrowid
        assert message_id is not None
        company = await _company(conn, person.company_id)
        for recipient in await self._answerers(conn, company):
            if file is None and await _add_to_waiting_alert(
                conn, recipient, person.telegram_id, body, topic
            ):
                continue
            await enqueue(
                conn,
                self.db.clock.now(),
                recipient,
                RelayedMessage(
                    message_id,
                    person.telegram_id,
                    person.display_name,
                    company["name"],
                    body or None,
                    topic=topic[0] if topic else None,
                    ref=topic[1] if topic else "",
                    file=TelegramFile.of(file),
                ),
                source=person.telegram_id,
            )
        return message_id

    async def set_context(self, person: Person, message_id: int, project_id: int) -> None:
        """The client says which project the message concerns; the AM gets the context."""
        async with self.db.transaction() as conn:
            message = await one_row(conn, "SELECT * FROM messages WHERE id = ?", message_id)
            if message["client_id"] != person.telegram_id:
                raise NotAllowed()
            project = await one_row(conn, "SELECT * FROM projects WHERE id = ?", project_id)
            if project["company_id"] != message["company_id"]:
                raise NotAllowed()
            stage = await conn.execute_fetchall(
                "SELECT id, title FROM project_stages WHERE project_id = ? AND status != 'done'"
                " ORDER BY position LIMIT 1",
                (project_id,),
            )
            stage_id = stage[0][0] if stage else None
            await conn.execute(
                "UPDATE messages SET project_id = ?, stage_id = ? WHERE id = ?",
                (project_id, stage_id, message_id),
            )
            company = await _company(conn, message["company_id"])
            for recipient in await self._answerers(conn, company):
                await enqueue(
                    conn,
                    self.db.clock.now(),
                    recipient,
                    MessageContext(
                        message_id,
                        person.display_name,
                        project["title"],
                        stage[0][1] if stage else None,
                    ),
                )

    # the agency answers ---------------------------------------------------------------

    async def reply(
        self, staff: Person, client_id: int, text: str, file: dict[str, Any] | None
    ) -> None:
        body = forms.message_body(text, file, 4000)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            client = await one_row(conn, "SELECT * FROM people WHERE telegram_id = ?", client_id)
            if client["role"] != "client" or client["company_id"] is None:
                raise NotFound()
            company = await _company(conn, client["company_id"])
            await self._require_answerer(conn, staff, company)
            cursor = await conn.execute(
                "INSERT INTO messages (company_id, client_id, direction, author_id, text, file, at)"
                " VALUES (?, ?, 'out', ?, ?, ?, ?)",
                (
                    company["id"],
                    client_id,
                    staff.telegram_id,
                    body or None,
                    json.dumps(file, ensure_ascii=False) if file else None,
                    now,
                ),
            )
            await conn.execute(
                "UPDATE messages SET answered_at = ? WHERE company_id = ? AND client_id = ?"
                " AND direction = 'in' AND answered_at IS NULL",
                (now, company["id"], client_id),
            )
            reply_id = cursor.lastrowid
            assert reply_id is not None
            await enqueue(
                conn,
                self.db.clock.now(),
                client_id,
                ManagerReply(reply_id, staff.display_name, body or None, TelegramFile.of(file)),
            )

    async def reply_target(self, staff: Person, relayed_message_id: int) -> int | None:
        """The client behind a relayed message the AM answered with Telegram's reply."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT kind, args FROM outbox WHERE recipient_id = ? AND telegram_message_id = ?"
                " AND kind IN (?, ?)",
                (staff.telegram_id, relayed_message_id, RelayedMessage.kind, ReplyOverdue.kind),
            )
        for kind, args in rows:
            try:
                relayed = notices.load(kind, args)
            except notices.UnknownNotice:
                continue
            if isinstance(relayed, RelayedMessage | ReplyOverdue):
                return relayed.client_id
        return None

    # history, notes, canned replies ----------------------------------------------------

    async def history(self, staff: Person, company_id: int, limit: int = 20) -> list[Message]:
        async with self.db.reading() as conn:
            company = await _company(conn, company_id)
            await self._require_answerer(conn, staff, company)
            rows = await conn.execute_fetchall(
                "SELECT m.*, p.full_name FROM messages m JOIN people p ON p.telegram_id ="
                " m.author_id WHERE m.company_id = ? ORDER BY m.id DESC LIMIT ?",
                (company_id, limit),
            )
        return [
            Message(
                r["direction"],
                r["full_name"],
                r["text"],
                json.loads(r["file"]) if r["file"] else None,
                r["at"],
            )
            for r in reversed(rows)
        ]

    async def add_note(self, staff: Person, company_id: int, text: str) -> None:
        body = forms.bounded_text(text, 3000)
        async with self.db.transaction() as conn:
            company = await _company(conn, company_id)
            await self._require_answerer(conn, staff, company)
            await conn.execute(
                "INSERT INTO company_notes (company_id, author_id, text, at) VALUES (?, ?, ?, ?)",
                (company_id, staff.telegram_id, body, self.db.now_text()),
            )

    async def notes(self, staff: Person, company_id: int) -> list[Note]:
        async with self.db.reading() as conn:
            company = await _company(conn, company_id)
            await self._require_answerer(conn, staff, company)
            rows = await conn.execute_fetchall(
                "SELECT n.*, p.full_name FROM company_notes n JOIN people p"
                " ON p.telegram_id = n.author_id WHERE n.company_id = ? ORDER BY n.id DESC"
                " LIMIT 10",
                (company_id,),
            )
        return [Note(r["full_name"], r["text"], r["at"]) for r in rows]

    async def canned(self, staff: Person) -> list[Canned]:
        _require_staff(staff)
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT id, text FROM canned_replies WHERE manager_id = ? ORDER BY id",
                (staff.telegram_id,),
            )
        return [Canned(r[0], r[1]) for r in rows]

    async def add_canned(self, staff: Person, text: str) -> None:
        _require_staff(staff)
        body = forms.bounded_text(text, 1000)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO canned_replies (manager_id, text, created_at) VALUES (?, ?, ?)",
                (staff.telegram_id, body, self.db.now_text()),
            )

    async def delete_canned(self, staff: Person, canned_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM canned_replies WHERE id = ? AND manager_id = ?",
                (canned_id, staff.telegram_id),
            )

    async def canned_text(self, staff: Person, canned_id: int) -> str:
        for item in await self.canned(staff):
            if item.id == canned_id:
                return item.text
        raise NotFound()

    # hours and absence ------------------------------------------------------------------

    async def set_hours(self, staff: Person, text: str) -> WorkSchedule:
        _require_staff(staff)
        start, end, zone = parse_hours(text)
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET work_start = ?, work_end = ?, timezone = COALESCE(?, timezone)"
                " WHERE telegram_id = ?",
                (start.strftime("%H:%M"), end.strftime("%H:%M"), zone, staff.telegram_id),
            )
        return WorkSchedule(
            start, end, zone or staff.timezone or self.default_timezone, self.calendar
        )

    async def schedule_of(self, staff: Person) -> WorkSchedule:
        async with self.db.reading() as conn:
            row = await one_row(
                conn, "SELECT * FROM people WHERE telegram_id = ?", staff.telegram_id
            )
        return self._schedule(row)

    async def set_away(self, staff: Person, until: date, deputy_id: int) -> None:
        _require_staff(staff)
        if until < self.db.clock.now().date():
            raise InvalidInput("form-date-not-future")
        if deputy_id == staff.telegram_id:
            raise InvalidInput("chat-deputy-self")
        async with self.db.transaction() as conn:
            deputy = await one_row(conn, "SELECT * FROM people WHERE telegram_id = ?", deputy_id)
            if deputy["role"] not in ("manager", "head"):
                raise NotFound("manager-not-found")
            await conn.execute(
                "UPDATE people SET away_until = ?, deputy_id = ? WHERE telegram_id = ?",
                (until.isoformat(), deputy_id, staff.telegram_id),
            )
            await audit.record(
                conn,
                self.db.now_text(),
                staff.telegram_id,
                "chat.away",
                f"person:{staff.telegram_id}",
                until=until.isoformat(),
                deputy=deputy_id,
            )
            await enqueue(
                conn,
                self.db.clock.now(),
                deputy_id,
                DeputyAppointed(staff.telegram_id, staff.display_name, until),
            )

    async def clear_away(self, staff: Person) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET away_until = NULL, deputy_id = NULL WHERE telegram_id = ?",
                (staff.telegram_id,),
            )

    # internals -----------------------------------------------------------------------------

    async def _answerers(self, conn: aiosqlite.Connection, company: aiosqlite.Row) -> list[int]:
        """The company's AM — or their deputy while they are away — else the heads."""
        if company["manager_id"] is not None:
            manager = await one_row(
                conn, "SELECT * FROM people WHERE telegram_id = ?", company["manager_id"]
            )
            return [availability.stands_in(manager, self.db.clock.now())]
        return await recipients.heads(conn)

    async def _require_answerer(
        self, conn: aiosqlite.Connection, staff: Person, company: aiosqlite.Row
    ) -> None:
        if staff.role is Role.HEAD:
            return
        allowed = {company["manager_id"], *await self._answerers(conn, company)}
        if staff.role is not Role.MANAGER or staff.telegram_id not in allowed:
            raise NotAllowed()

    async def _receipt(self, conn: aiosqlite.Connection, company: aiosqlite.Row) -> Receipt:
        answerers = await self._answerers(conn, company)
        answerer = answerers[0] if answerers else None
        schedule = await self._schedule_for(conn, answerer)
        now = self.db.clock.now()
        away_name = None
        if company["manager_id"] is not None and answerer != company["manager_id"]:
            away_name = await _name(conn, company["manager_id"])
        return Receipt(
            answerer_name=await _name(conn, answerer) if answerer else "—",
            away_name=away_name,
            sla_hours=self.sla_hours,
            open_now=schedule.is_open(now),
            opens_at=schedule.next_open(now),
            timezone=schedule.timezone,
        )

    async def _schedule_for(
        self, conn: aiosqlite.Connection, person_id: int | None
    ) -> WorkSchedule:
        if person_id is None:
            return WorkSchedule(time(9), time(18), self.default_timezone, self.calendar)
        row = await one_row(conn, "SELECT * FROM people WHERE telegram_id = ?", person_id)
        return self._schedule(row)

    def _schedule(self, row: aiosqlite.Row) -> WorkSchedule:
        return schedule_of(row, self.default_timezone, self.calendar)


def schedule_of(row: aiosqlite.Row, default_timezone: str, calendar: WorkCalendar) -> WorkSchedule:
    """A staff member's working hours, from their people row."""
    return WorkSchedule(
        time.fromisoformat(row["work_start"]),
        time.fromisoformat(row["work_end"]),
        row["timezone"] or default_timezone,
        calendar,
    )


def _require_staff(person: Person) -> None:
    if not person.is_staff:
        raise NotAllowed()


async def _company(conn: aiosqlite.Connection, company_id: int) -> aiosqlite.Row:
    return await one_row(conn, "SELECT * FROM companies WHERE id = ?", company_id)


async def _name(conn: aiosqlite.Connection, person_id: int | None) -> str:
    if person_id is None:
        return "—"
    rows = await conn.execute_fetchall(
        "SELECT full_name FROM people WHERE telegram_id = ?", (person_id,)
    )
    return rows[0][0] if rows and rows[0][0] else str(person_id)
