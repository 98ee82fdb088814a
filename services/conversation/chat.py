"""The client <-> manager conversation: relayed both ways, stored, and never left hanging.

An unanswered client message reminds the AM after REPLY_SLA_HOURS working hours (the
AM's own hours and time zone, services/accounts/working_hours.py) and goes to the heads after
twice that (services/planners/sla.py). The history and the AM's notes on a company live
here too; canned replies are services/conversation/canned.py, absences
services/accounts/availability.py.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.accounts.working_hours import WorkSchedule, schedule_of
from services.conversation import inbox
from services.conversation.inbox import NOTE_PREFIX, TopicState, moment_key
from services.db import Connection, Database, Reading, Row, inserted_id, one_row, scalar
from services.delivery import notices, stand_ins
from services.delivery.notices import (
    CopyEdited,
    ManagerReply,
    MessageContext,
    ReactionMirrored,
    RelayedMessage,
    ReplyOverdue,
    StaffCopy,
    TelegramFile,
)
from services.delivery.outbox import enqueue
from services.platform.errors import NotAllowed, NotFound
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar
from services.questionnaires import forms


@dataclass(frozen=True)
class Receipt:
    answerer_name: str
    away_name: str | None  # the AM who is away, when a deputy answers
    sla_hours: int
    open_now: bool
    opens_at: datetime
    timezone: str


@dataclass(frozen=True)
class Original:
    """Where a message stands in Telegram, and what its copy needs: the chat and message
    id, the text with its formatting as HTML, the album it is part of."""

    chat_id: int
    telegram_message_id: int
    html: str | None = None
    album: str | None = None


class ReplyOutcome(enum.Enum):
    SENT = "sent"
    NOTE = "note"  # an internal note: kept in the group
    NO_CONTACT = "no_contact"  # the company has no contact to answer


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


# A burst of messages while the AM's alert still waits its turn grows that alert
# ("5 new messages") instead of queueing one alert each; up to this many characters.
GROWING_ALERT_LIMIT = 3500


async def _add_to_waiting_alert(
    conn: Connection,
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
        self,
        person: Person,
        text: str,
        file: dict[str, Any] | None,
        original: Original | None = None,
    ) -> ClientMessage:
        if person.role is not Role.CLIENT or person.company_id is None:
            raise NotAllowed()
        body = forms.message_body(text, file, 4000)
        if not body and file is not None and not file.get("file_id"):
            body = file["name"]  # a sticker, a place: its readable name is the text
        async with self.db.transaction() as conn:
            unanswered = await scalar(
                conn,
                "SELECT COUNT(*) FROM messages WHERE company_id = ? AND client_id = ?"
                " AND direction = 'in' AND answered_at IS NULL",
                (person.company_id, person.telegram_id),
            )
            conversation_open = unanswered > 0
            message_id = await self.relay_in(conn, person, body, file, original=original)
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
        conn: Connection,
        person: Person,
        body: str,
        file: dict[str, Any] | None,
        topic: tuple[str, str] | None = None,
        original: Original | None = None,
    ) -> int:
        """Store a client's message and hand it to whoever answers for the company, inside
        the caller's unit of work: into the company's topic when a staff group takes it,
        else to the AM's private chat. `topic` is ("proposal", "3") or ("invoice",
        "2026-0001")."""
        if person.company_id is None:
            raise NotAllowed()
        now = self.db.now_text()
        message_id = await inserted_id(
            conn,
            "INSERT INTO messages (company_id, client_id, direction, author_id, text, file, at,"
            " topic, chat_id, telegram_message_id, html, album)"
            " VALUES (?, ?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                person.company_id,
                person.telegram_id,
                person.telegram_id,
                body or None,
                json.dumps(file, ensure_ascii=False) if file else None,
                now,
                ":".join(topic) if topic else None,
                original.chat_id if original else None,
                original.telegram_message_id if original else None,
                original.html if original else None,
                original.album if original else None,
            ),
        )
        company = await _company(conn, person.company_id)
        group = await inbox.group_for(conn, company["manager_id"])
        if group is not None:
            await inbox.copy_into_topic(
                conn,
                self.db.clock.now(),
                group,
                company["id"],
                message_id,
                client_id=person.telegram_id,
                album=original.album if original else None,
            )
            return message_id
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

    async def client_question(
        self,
        person: Person,
        text: str,
        file: dict[str, Any] | None,
        topic: tuple[str, str],
        original: Original | None = None,
    ) -> int:
        """A client's question about something (a version to sign off): to whoever answers
        for the company, labelled with what it is about."""
        if person.role is not Role.CLIENT:
            raise NotAllowed()
        body = forms.message_body(text, file, 4000)
        async with self.db.transaction() as conn:
            return await self.relay_in(conn, person, body, file, topic, original)

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
            reply_id = await _answer(conn, now, company["id"], client_id, staff, body, file)
            await enqueue(
                conn,
                self.db.clock.now(),
                client_id,
                ManagerReply(reply_id, staff.display_name, body or None, TelegramFile.of(file)),
            )
            # With a staff group, the topic shows the whole conversation, whoever answered
            # from where.
            group = await inbox.group_for(conn, company["manager_id"])
            if group is not None:
                await inbox.copy_into_topic(
                    conn, self.db.clock.now(), group, company["id"], reply_id, client_id=None
                )
                await self._settle_state(conn, company["id"])

    async def _settle_state(self, conn: Connection, company_id: int) -> None:
        waiting = await scalar(
            conn,
            "SELECT COUNT(*) FROM messages WHERE company_id = ? AND direction = 'in'"
            " AND answered_at IS NULL",
            (company_id,),
        )
        state = TopicState.WAITING if waiting else TopicState.ANSWERED
        await inbox.set_state(conn, self.db.clock.now(), company_id, state)

    # the staff group --------------------------------------------------------------------

    async def topic_reply(
        self,
        staff: Person,
        company_id: int,
        text: str,
        file: dict[str, Any] | None,
        original: Original,
        reply_to: int | None = None,
    ) -> ReplyOutcome:
        """Staff wrote in the company's topic: to the contact whose message they answer
        (a Telegram reply), else to the one who wrote last. A note (NOTE_PREFIX) stays in
        the group. Counts as an answer exactly as a private reply does."""
        if staff.role not in (Role.MANAGER, Role.HEAD):
            raise NotAllowed()
        if text.startswith(NOTE_PREFIX) and file is None:
            note = text.removeprefix(NOTE_PREFIX).strip()
            if note:
                await self._note(staff, company_id, note)
            return ReplyOutcome.NOTE
        body = forms.message_body(text, file, 4000)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            client_id = await self._topic_target(conn, company_id, original.chat_id, reply_to)
            if client_id is None:
                return ReplyOutcome.NO_CONTACT
            reply_id = await _answer(conn, now, company_id, client_id, staff, body, file, original)
            album = original.album
            if album is None or not await inbox.join_album(
                conn, client_id, StaffCopy, staff.telegram_id, album, reply_id
            ):
                now_moment = self.db.clock.now()
                await enqueue(
                    conn,
                    now_moment,
                    client_id,
                    StaffCopy(client_id, company_id, (reply_id,)),
                    # an album's copy waits for its other parts, as a client's does
                    not_before=now_moment + inbox.ALBUM_GATHER if album is not None else None,
                    source=staff.telegram_id,
                )
            await self._settle_state(conn, company_id)
        return ReplyOutcome.SENT

    async def topic_contact(self, company_id: int) -> int | None:
        """The contact a topic's message without a reply goes to: who wrote last."""
        async with self.db.reading() as conn:
            return await self._topic_target(conn, company_id, 0, None)

    async def _topic_target(
        self, conn: Reading, company_id: int, chat_id: int, reply_to: int | None
    ) -> int | None:
        if reply_to is not None:
            behind = await inbox.message_behind(conn, chat_id, reply_to)
            if behind is not None and behind["company_id"] == company_id:
                return int(behind["client_id"])
        last = await scalar(
            conn,
            "SELECT client_id FROM messages WHERE company_id = ? AND direction = 'in'"
            " ORDER BY id DESC LIMIT 1",
            (company_id,),
        )
        if last is not None:
            still_there = await scalar(
                conn, "SELECT company_id FROM people WHERE telegram_id = ?", (last,)
            )
            if still_there == company_id:
                return int(last)
        contacts = await recipients.company_clients(conn, company_id)
        return contacts[0] if contacts else None

    async def _note(self, staff: Person, company_id: int, text: str) -> None:
        body = forms.bounded_text(text, 3000)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO company_notes (company_id, author_id, text, at) VALUES (?, ?, ?, ?)",
                (company_id, staff.telegram_id, body, self.db.now_text()),
            )

    async def topic_note(self, staff: Person, company_id: int, text: str) -> None:
        """/note in the company's topic: any staff member of the group may keep one."""
        if staff.role not in (Role.MANAGER, Role.HEAD):
            raise NotAllowed()
        await self._note(staff, company_id, text)

    async def edited(
        self, person: Person, chat_id: int, telegram_message_id: int, text: str, html: str | None
    ) -> bool:
        """The author edited a relayed message: the stored text follows, and each copy
        already sent is rewritten. False when it is not a relayed message of theirs."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT id, author_id, text, file FROM messages"
                " WHERE chat_id = ? AND telegram_message_id = ?",
                (chat_id, telegram_message_id),
            )
            if not rows or rows[0]["author_id"] != person.telegram_id:
                return False
            message = rows[0]
            file = json.loads(message["file"]) if message["file"] else None
            body = forms.message_body(text, file, 4000)
            await conn.execute(
                "UPDATE messages SET text = ?, html = ? WHERE id = ?",
                (body or None, html, message["id"]),
            )
            version = moment_key(now)
            for copy in await conn.execute_fetchall(
                "SELECT chat_id, telegram_message_id FROM message_copies WHERE message_id = ?",
                (message["id"],),
            ):
                await enqueue(conn, now, copy[0], CopyEdited(message["id"], copy[1], version))
            return True

    async def reacted(
        self, person: Person, chat_id: int, telegram_message_id: int, emoji: tuple[str, ...]
    ) -> bool:
        """A reaction on one side of the relay is set on the other side's message: by the
        client in their chat, or by staff in the topic."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            behind = await inbox.message_behind(conn, chat_id, telegram_message_id)
            if behind is None:
                return False
            if chat_id > 0:  # a private chat: only the client it belongs to reacts there
                if person.telegram_id != chat_id or behind["client_id"] != chat_id:
                    return False
            elif person.role not in (Role.MANAGER, Role.HEAD):
                return False
            version = moment_key(now)
            for place in await inbox.counterparts(conn, chat_id, telegram_message_id):
                await enqueue(
                    conn,
                    now,
                    place.chat_id,
                    ReactionMirrored(
                        place.message_id, place.telegram_message_id, emoji, f"{version}:{chat_id}"
                    ),
                )
            return True

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

    async def company_name(self, company_id: int) -> str:
        async with self.db.reading() as conn:
            return str((await _company(conn, company_id))["name"])

    async def history(
        self, staff: Person, company_id: int, limit: int = 20, *, in_topic: bool = False
    ) -> list[Message]:
        """`in_topic`: asked in the company's topic of a staff group, where every staff
        member may read it."""
        async with self.db.reading() as conn:
            company = await _company(conn, company_id)
            await self._require_answerer(conn, staff, company, in_topic=in_topic)
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

    async def notes(self, staff: Person, company_id: int, *, in_topic: bool = False) -> list[Note]:
        async with self.db.reading() as conn:
            company = await _company(conn, company_id)
            await self._require_answerer(conn, staff, company, in_topic=in_topic)
            rows = await conn.execute_fetchall(
                "SELECT n.*, p.full_name FROM company_notes n JOIN people p"
                " ON p.telegram_id = n.author_id WHERE n.company_id = ? ORDER BY n.id DESC"
                " LIMIT 10",
                (company_id,),
            )
        return [Note(r["full_name"], r["text"], r["at"]) for r in rows]

    # internals -----------------------------------------------------------------------------

    async def _answerers(self, conn: Reading, company: Row) -> list[int]:
        """The company's AM — or their deputy while they are away — else the heads."""
        if company["manager_id"] is not None:
            manager = await one_row(
                conn, "SELECT * FROM people WHERE telegram_id = ?", company["manager_id"]
            )
            return [stand_ins.stands_in(manager, self.db.clock.now())]
        return await recipients.heads(conn)

    async def _require_answerer(
        self, conn: Reading, staff: Person, company: Row, *, in_topic: bool = False
    ) -> None:
        if staff.role is Role.HEAD or (in_topic and staff.role is Role.MANAGER):
            return
        allowed = {company["manager_id"], *await self._answerers(conn, company)}
        if staff.role is not Role.MANAGER or staff.telegram_id not in allowed:
            raise NotAllowed()

    async def _receipt(self, conn: Connection, company: Row) -> Receipt:
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

    async def _schedule_for(self, conn: Connection, person_id: int | None) -> WorkSchedule:
        if person_id is None:
            return WorkSchedule(time(9), time(18), self.default_timezone, self.calendar)
        row = await one_row(conn, "SELECT * FROM people WHERE telegram_id = ?", person_id)
        return self._schedule(row)

    def _schedule(self, row: Row) -> WorkSchedule:
        return schedule_of(row, self.default_timezone, self.calendar)


async def _company(conn: Reading, company_id: int) -> Row:
    return await one_row(conn, "SELECT * FROM companies WHERE id = ?", company_id)


async def _name(conn: Connection, person_id: int | None) -> str:
    if person_id is None:
        return "—"
    rows = await conn.execute_fetchall(
        "SELECT full_name FROM people WHERE telegram_id = ?", (person_id,)
    )
    return rows[0][0] if rows and rows[0][0] else str(person_id)


async def _answer(
    conn: Connection,
    now: str,
    company_id: int,
    client_id: int,
    staff: Person,
    body: str,
    file: dict[str, Any] | None,
    original: Original | None = None,
) -> int:
    """Store an answer to a client (from the private chat, or from the topic with where it
    stands in Telegram) and mark what they wrote answered: the reply SLA stops."""
    reply_id = await inserted_id(
        conn,
        "INSERT INTO messages (company_id, client_id, direction, author_id, text, file, at,"
        " chat_id, telegram_message_id, html, album)"
        " VALUES (?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            company_id,
            client_id,
            staff.telegram_id,
            body or None,
            json.dumps(file, ensure_ascii=False) if file else None,
            now,
            original.chat_id if original else None,
            original.telegram_message_id if original else None,
            original.html if original else None,
            original.album if original else None,
        ),
    )
    await conn.execute(
        "UPDATE messages SET answered_at = ? WHERE company_id = ? AND client_id = ?"
        " AND direction = 'in' AND answered_at IS NULL",
        (now, company_id, client_id),
    )
    return reply_id
