"""The staff inbox: forum supergroups a head links, with one topic per client company.

A company's conversation lives in the group of its AM (`staff_group_managers`), else in
the agency's group (`for_all`); with neither, or while the group is unusable, it goes to
the AM's private chat as before (services/conversation/chat.py). Everything that reaches
Telegram goes through the outbox to the group's chat id: one lane sends a group's rows in
order, at the group's pace, and that lane creates a company's topic before its first
message (bot/inbox.py), which is what keeps it to one topic per company.

The rows here: `staff_groups`, `staff_group_managers`, `company_topics`, and
`message_copies` (which Telegram message is the bot's copy of which stored message, so
that an edit or a reaction on one side finds the other).
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from services.accounts import recipients
from services.accounts.people import STAFF, Person, Role
from services.db import Connection, Database, Reading, Row, in_list, scalar
from services.delivery import notices
from services.delivery.notices import (
    GroupProblem,
    InboxBusy,
    InboxLinked,
    InboxLost,
    RelayedMessage,
    StaffCopy,
    StrangerInGroup,
    TelegramFile,
    TopicCopy,
    TopicEvent,
    TopicLine,
    TopicOpened,
    TopicRetitled,
)
from services.delivery.outbox import enqueue
from services.platform.clock import to_db
from services.platform.errors import NotAllowed, NotFound

# A message starting with this stays in the group: a note between staff.
NOTE_PREFIX = "//"

# Telegram lets a bot send about 20 messages a minute into one group; a queue longer
# than a minute's worth is worth a head's attention (once an hour).
GROUP_MESSAGES_PER_MINUTE = 20
# A title edit waits this long, so a lively conversation costs one edit, not one a turn.
TITLE_SETTLE = timedelta(seconds=30)
# Parts of an album arrive as separate messages; its copy waits this long for the rest.
ALBUM_GATHER = timedelta(seconds=1)
# Telegram's albums hold ten.
ALBUM_LIMIT = 10


class TopicState(enum.StrEnum):
    WAITING = "waiting"  # the client wrote last: our turn
    ANSWERED = "answered"
    CLOSED = "closed"


STATE_MARKS = {TopicState.WAITING: "🔴", TopicState.ANSWERED: "🟢", TopicState.CLOSED: "⚪️"}
# Messages from before a topic recalled on its card.
RECALLED = 5
# Telegram's limit on a topic's name.
TITLE_LIMIT = 128


class Missing(enum.StrEnum):
    """What a group lacks to be an inbox."""

    SUPERGROUP = "supergroup"
    FORUM = "forum"
    ADMIN = "admin"
    MANAGE_TOPICS = "manage-topics"
    PIN_MESSAGES = "pin-messages"
    DELETE_MESSAGES = "delete-messages"


@dataclass(frozen=True)
class GroupRights:
    """What Telegram says about the group and the bot's place in it."""

    is_supergroup: bool
    is_forum: bool
    is_admin: bool
    can_manage_topics: bool
    can_pin_messages: bool
    can_delete_messages: bool

    @property
    def missing(self) -> list[Missing]:
        wanted = [
            (self.is_supergroup, Missing.SUPERGROUP),
            (self.is_forum, Missing.FORUM),
            (self.is_admin, Missing.ADMIN),
            (self.can_manage_topics, Missing.MANAGE_TOPICS),
            (self.can_pin_messages, Missing.PIN_MESSAGES),
            (self.can_delete_messages, Missing.DELETE_MESSAGES),
        ]
        if not self.is_admin:
            wanted = wanted[:3]
        return [what for present, what in wanted if not present]


@dataclass(frozen=True)
class StaffGroup:
    chat_id: int
    title: str
    for_all: bool
    active: bool
    managers: tuple[int, ...] = ()


@dataclass(frozen=True)
class TopicPlace:
    """Where a company's messages go in a group: its topic's thread (None: to be created)
    and the title it should carry now."""

    company_id: int
    chat_id: int
    thread_id: int | None
    title: str
    state: TopicState
    shown: str | None = None  # the title Telegram shows now


@dataclass(frozen=True)
class StoredMessage:
    """A relayed message as the inbox's sender reads it to copy it."""

    id: int
    company_id: int
    client_id: int
    direction: str
    author_name: str
    text: str | None
    html: str | None
    file: TelegramFile | None
    media: str | None  # photo, document, sticker, location…; None: text only
    chat_id: int | None
    telegram_message_id: int | None
    topic: str | None


@dataclass(frozen=True)
class Counterpart:
    """The other side of a relayed message: where its copy (or its original) is."""

    message_id: int
    chat_id: int
    telegram_message_id: int


@dataclass(frozen=True)
class Card:
    """The pinned card at the top of a company's topic."""

    company_id: int
    company: str
    manager: str | None
    contacts: tuple[tuple[str, str | None], ...]  # (name, @username)
    projects: tuple[tuple[int, str, str | None], ...]  # (id, title, next deadline)
    unpaid: tuple[tuple[str, int, str], ...]  # (number, balance in minor units, currency)
    # the conversation so far, when the topic starts after it (/history shows the rest)
    recent: tuple[tuple[str, str, str], ...] = ()  # (direction, author, text)


def moment_key(now: datetime) -> str:
    """A moment for a dedup key: two changes within a second are two edits."""
    return now.isoformat(timespec="microseconds")


def initials(name: str | None) -> str:
    words = [word for word in (name or "").split() if word[:1].isalpha()]
    return "".join(word[0].upper() for word in words[:2])


def topic_title(company: str, state: TopicState, manager_name: str | None) -> str:
    tail = f" · {initials(manager_name)}" if initials(manager_name) else ""
    head = f"{STATE_MARKS[state]} "
    room = TITLE_LIMIT - len(head) - len(tail)
    name = company if len(company) <= room else company[: room - 1] + "…"
    return f"{head}{name}{tail}"


async def group_for(conn: Reading, manager_id: int | None) -> int | None:
    """The active group a company of this AM talks in, if any."""
    if manager_id is not None:
        own = await conn.execute_fetchall(
            "SELECT g.chat_id, g.active FROM staff_group_managers m"
            " JOIN staff_groups g ON g.chat_id = m.chat_id WHERE m.manager_id = ?",
            (manager_id,),
        )
        if own:
            # An AM with a group of their own that is down waits for it in private.
            return int(own[0]["chat_id"]) if own[0]["active"] else None
    rows = await conn.execute_fetchall(
        "SELECT chat_id FROM staff_groups WHERE for_all = 1 AND active = 1 LIMIT 1"
    )
    return int(rows[0][0]) if rows else None


async def is_staff_group(conn: Reading, chat_id: int) -> bool:
    return bool(
        await conn.execute_fetchall("SELECT 1 FROM staff_groups WHERE chat_id = ?", (chat_id,))
    )


async def copy_into_topic(
    conn: Connection,
    now: datetime,
    chat_id: int,
    company_id: int,
    message_id: int,
    *,
    client_id: int | None,
    album: str | None = None,
) -> None:
    """Queue a stored message into the company's topic, inside the caller's unit of work.
    A client's message marks the topic "waiting for us"; the parts of an album go as one."""
    await conn.execute(
        "INSERT INTO company_topics (company_id, chat_id, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (company_id) DO NOTHING",
        (company_id, chat_id, to_db(now)),
    )
    if client_id is not None:
        await conn.execute(
            "UPDATE company_topics SET last_client_id = ? WHERE company_id = ?",
            (client_id, company_id),
        )
        await set_state(conn, now, company_id, TopicState.WAITING)
    await _retitle_if_stale(conn, now, company_id)
    source = client_id
    if album is not None and await join_album(conn, chat_id, TopicCopy, source, album, message_id):
        return
    await enqueue(
        conn,
        now,
        chat_id,
        TopicCopy(company_id, (message_id,)),
        not_before=now + ALBUM_GATHER if album is not None else None,
        source=source,
    )
    await _warn_if_busy(conn, now, chat_id)


async def join_album(
    conn: Connection,
    recipient_id: int,
    kind: type[TopicCopy] | type[StaffCopy],
    source: int | None,
    album: str,
    message_id: int,
) -> bool:
    """Add an album's part to the copy of its first part while that waits to be sent
    (either way: a client's into the topic, staff's to the client)."""
    # The chat's pending rows, newest first, through the recipient index: an album's
    # parts arrive one after another, so its copy is among the last few.
    rows = await conn.execute_fetchall(
        "SELECT id, status, args FROM outbox WHERE recipient_id = ?"
        " AND status IN ('pending', 'sending') AND kind = ? AND source IS NOT DISTINCT FROM ?"
        " ORDER BY id DESC LIMIT 5",
        (recipient_id, kind.kind, source),
    )
    for row in rows:
        if row["status"] != "pending":
            continue  # on its way already: the part goes on its own
        copy = notices.load(kind.kind, row["args"])
        assert isinstance(copy, kind)
        first = await scalar(conn, "SELECT album FROM messages WHERE id = ?", (copy.first_id,))
        if first == album and len(copy.message_ids) < ALBUM_LIMIT:
            grown = replace(copy, message_ids=(*copy.message_ids, message_id))
            await conn.execute(
                "UPDATE outbox SET args = ? WHERE id = ?", (notices.dump(grown), row["id"])
            )
            return True
    return False


async def set_state(conn: Connection, now: datetime, company_id: int, state: TopicState) -> None:
    """Move the topic to a state; its title follows, once, after things settle."""
    rows = await conn.execute_fetchall(
        "SELECT chat_id, state, thread_id, title_wanted_at FROM company_topics"
        " WHERE company_id = ?",
        (company_id,),
    )
    if not rows or rows[0]["state"] == state.value:
        return
    topic = rows[0]
    wanted_at = moment_key(now)
    await conn.execute(
        "UPDATE company_topics SET state = ?, title_wanted_at = ? WHERE company_id = ?",
        (state.value, wanted_at, company_id),
    )
    if topic["thread_id"] is None or topic["title_wanted_at"] is not None:
        return  # created with the right title, or an edit is already queued
    await enqueue(
        conn,
        now,
        topic["chat_id"],
        TopicRetitled(company_id, wanted_at),
        not_before=now + TITLE_SETTLE,
    )


async def _retitle_if_stale(conn: Connection, now: datetime, company_id: int) -> None:
    """A title that no longer says what it should (the company renamed, another AM took
    it) is set right with the next message, not at once: it costs a group's message."""
    rows = await conn.execute_fetchall(
        "SELECT t.chat_id, t.thread_id, t.title, t.state, t.title_wanted_at, c.name,"
        " p.full_name FROM company_topics t JOIN companies c ON c.id = t.company_id"
        " LEFT JOIN people p ON p.telegram_id = c.manager_id WHERE t.company_id = ?",
        (company_id,),
    )
    if not rows or rows[0]["thread_id"] is None or rows[0]["title_wanted_at"] is not None:
        return
    topic = rows[0]
    if topic["title"] == topic_title(topic["name"], TopicState(topic["state"]), topic["full_name"]):
        return
    wanted_at = moment_key(now)
    await conn.execute(
        "UPDATE company_topics SET title_wanted_at = ? WHERE company_id = ?",
        (wanted_at, company_id),
    )
    await enqueue(
        conn,
        now,
        topic["chat_id"],
        TopicRetitled(company_id, wanted_at),
        not_before=now + TITLE_SETTLE,
    )


async def _warn_if_busy(conn: Connection, now: datetime, chat_id: int) -> None:
    queued = await scalar(
        conn,
        "SELECT COUNT(*) FROM (SELECT 1 FROM outbox WHERE recipient_id = ?"
        " AND status IN ('pending', 'sending') LIMIT ?) AS queued",
        (chat_id, GROUP_MESSAGES_PER_MINUTE + 1),
    )
    if queued <= GROUP_MESSAGES_PER_MINUTE:
        return
    title = await scalar(conn, "SELECT title FROM staff_groups WHERE chat_id = ?", (chat_id,))
    hour = now.strftime("%Y-%m-%d %H")
    for head in await recipients.heads(conn):
        await enqueue(conn, now, head, InboxBusy(chat_id, title, queued, hour))


class StaffInbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    # linking a group -------------------------------------------------------------------

    async def link(self, head: Person, chat_id: int, title: str, rights: GroupRights) -> StaffGroup:
        """A head makes a forum group the inbox: the agency's, if it has none yet."""
        if head.role is not Role.HEAD:
            raise NotAllowed()
        if rights.missing:
            raise NotAllowed()
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            has_agency_group = await conn.execute_fetchall(
                "SELECT 1 FROM staff_groups WHERE for_all = 1 AND chat_id != ?", (chat_id,)
            )
            await conn.execute(
                "INSERT INTO staff_groups (chat_id, title, for_all, active, linked_by, linked_at)"
                " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET"
                " title = excluded.title, active = 1, problem = NULL,"
                " linked_by = excluded.linked_by, linked_at = excluded.linked_at",
                (chat_id, title[:200], int(not has_agency_group), head.telegram_id, to_db(now)),
            )
            for recipient in await recipients.heads(conn):
                await enqueue(
                    conn,
                    now,
                    recipient,
                    InboxLinked(chat_id, title[:200], head.display_name, to_db(now)),
                )
            return await self._group(conn, chat_id)

    @staticmethod
    async def _group(conn: Reading, chat_id: int) -> StaffGroup:
        rows = await conn.execute_fetchall(
            "SELECT * FROM staff_groups WHERE chat_id = ?", (chat_id,)
        )
        if not rows:
            raise NotFound()
        managers = await conn.execute_fetchall(
            "SELECT manager_id FROM staff_group_managers WHERE chat_id = ? ORDER BY manager_id",
            (chat_id,),
        )
        row = rows[0]
        return StaffGroup(
            row["chat_id"],
            row["title"],
            bool(row["for_all"]),
            bool(row["active"]),
            tuple(m[0] for m in managers),
        )

    async def group(self, chat_id: int) -> StaffGroup | None:
        async with self.db.reading() as conn:
            try:
                return await self._group(conn, chat_id)
            except NotFound:
                return None

    async def set_scope(self, head: Person, chat_id: int, manager_id: int | None) -> StaffGroup:
        """`manager_id` None: the group becomes the agency's; else that AM's companies move
        to it (pressed again: back to the agency's group)."""
        if head.role is not Role.HEAD:
            raise NotAllowed()
        async with self.db.transaction() as conn:
            group = await self._group(conn, chat_id)
            if manager_id is None:
                await conn.execute("UPDATE staff_groups SET for_all = (chat_id = ?)", (chat_id,))
            elif manager_id in group.managers:
                await conn.execute(
                    "DELETE FROM staff_group_managers WHERE manager_id = ?", (manager_id,)
                )
            else:
                role = await scalar(
                    conn, "SELECT role FROM people WHERE telegram_id = ?", (manager_id,)
                )
                if role not in (Role.MANAGER.value, Role.HEAD.value):
                    raise NotFound()
                await conn.execute(
                    "INSERT INTO staff_group_managers (manager_id, chat_id) VALUES (?, ?)"
                    " ON CONFLICT (manager_id) DO UPDATE SET chat_id = excluded.chat_id",
                    (manager_id, chat_id),
                )
            return await self._group(conn, chat_id)

    async def managers(self) -> list[tuple[int, str]]:
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT telegram_id, full_name FROM people WHERE role = 'manager'"
                " ORDER BY full_name LIMIT 50"
            )
        return [(row[0], row[1] or str(row[0])) for row in rows]

    async def lost(self, chat_id: int, problem: GroupProblem) -> bool:
        """The bot was removed from a group or lost its rights there: the heads are told
        once, and what waited to be copied into it goes to the AMs' private chats."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT * FROM staff_groups WHERE chat_id = ?", (chat_id,)
            )
            if not rows:
                return False
            group = rows[0]
            await conn.execute(
                "UPDATE staff_groups SET active = 0, problem = ? WHERE chat_id = ?",
                (problem.value, chat_id),
            )
            for head in await recipients.heads(conn):
                await enqueue(
                    conn,
                    now,
                    head,
                    InboxLost(chat_id, group["title"], problem, group["linked_at"]),
                )
            await self._to_private(conn, now, chat_id)
            return bool(group["active"])

    async def _to_private(self, conn: Connection, now: datetime, chat_id: int) -> None:
        """The group's queue, rerouted: clients' messages to whoever answers in private;
        the group's own moves (titles, edits there) are dropped."""
        rows = await conn.execute_fetchall(
            "SELECT id, kind, args FROM outbox WHERE recipient_id = ?"
            " AND status IN ('pending', 'sending')",
            (chat_id,),
        )
        for row in rows:
            await conn.execute(
                "UPDATE outbox SET status = 'dropped', last_error = 'staff group unusable'"
                " WHERE id = ?",
                (row["id"],),
            )
            if row["kind"] != TopicCopy.kind:
                continue
            copy = notices.load(row["kind"], row["args"])
            assert isinstance(copy, TopicCopy)
            for message_id in copy.message_ids:
                await self._relay_privately(conn, now, message_id)

    async def _relay_privately(self, conn: Connection, now: datetime, message_id: int) -> None:
        found = await conn.execute_fetchall(
            "SELECT m.*, p.full_name, c.name AS company, c.manager_id FROM messages m"
            " JOIN people p ON p.telegram_id = m.author_id"
            " JOIN companies c ON c.id = m.company_id WHERE m.id = ?",
            (message_id,),
        )
        if not found or found[0]["direction"] != "in":
            return
        message = found[0]
        file = notices_file(message["file"])
        topic, _, ref = (message["topic"] or "").partition(":")
        for recipient in await recipients.manager_or_heads(conn, message["manager_id"]):
            await enqueue(
                conn,
                now,
                recipient,
                RelayedMessage(
                    message_id,
                    message["client_id"],
                    message["full_name"],
                    message["company"],
                    message["text"],
                    topic=topic or None,
                    ref=ref,
                    file=file,
                ),
                source=message["client_id"],
            )

    async def regained(self, chat_id: int, rights: GroupRights) -> bool:
        """The bot has its rights back in a group that was linked: it is the inbox again."""
        if rights.missing:
            return False
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE staff_groups SET active = 1, problem = NULL"
                " WHERE chat_id = ? AND active = 0",
                (chat_id,),
            )
            return cursor.rowcount == 1

    async def moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """Telegram upgraded the group to a new id: the group, its topics and its queue
        follow it."""
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT * FROM staff_groups WHERE chat_id = ?", (old_chat_id,)
            )
            if not rows:
                return
            group = rows[0]
            await conn.execute(
                "INSERT INTO staff_groups (chat_id, title, for_all, active, problem, linked_by,"
                " linked_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO NOTHING",
                (
                    new_chat_id,
                    group["title"],
                    group["for_all"],
                    group["active"],
                    group["problem"],
                    group["linked_by"],
                    group["linked_at"],
                ),
            )
            await conn.execute(
                "UPDATE staff_group_managers SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await conn.execute(
                "UPDATE company_topics SET chat_id = ?, thread_id = NULL WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await conn.execute("DELETE FROM staff_groups WHERE chat_id = ?", (old_chat_id,))
            await conn.execute(
                "UPDATE outbox SET recipient_id = ?, status = 'pending' WHERE recipient_id = ?"
                " AND status IN ('pending', 'sending')",
                (new_chat_id, old_chat_id),
            )

    # who is in the group ---------------------------------------------------------------

    async def stranger(self, chat_id: int, user_id: int, name: str, username: str | None) -> bool:
        """Someone joined or wrote in a staff group: True (and the heads are told, once a
        day) when they are not staff."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT title FROM staff_groups WHERE chat_id = ?", (chat_id,)
            )
            if not rows:
                return False
            role = await scalar(conn, "SELECT role FROM people WHERE telegram_id = ?", (user_id,))
            if role in {r.value for r in STAFF}:
                return False
            day = now.date().isoformat()
            for head in await recipients.heads(conn):
                await enqueue(
                    conn,
                    now,
                    head,
                    StrangerInGroup(chat_id, rows[0][0], user_id, name[:200], username, day),
                )
            return True

    # topics ----------------------------------------------------------------------------

    async def company_of_thread(self, chat_id: int, thread_id: int | None) -> int | None:
        if thread_id is None:
            return None
        async with self.db.reading() as conn:
            company: int | None = await scalar(
                conn,
                "SELECT company_id FROM company_topics WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
            )
        return company

    async def place(self, company_id: int, chat_id: int) -> TopicPlace:
        """Where to put a company's message in this group now (for the sender)."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT t.chat_id, t.thread_id, t.state, t.title, c.name, p.full_name"
                " FROM companies c LEFT JOIN company_topics t ON t.company_id = c.id"
                " LEFT JOIN people p ON p.telegram_id = c.manager_id WHERE c.id = ?",
                (company_id,),
            )
        if not rows:
            raise NotFound()
        row = rows[0]
        state = TopicState(row["state"] or TopicState.WAITING.value)
        thread = row["thread_id"] if row["chat_id"] == chat_id else None
        return TopicPlace(
            company_id,
            chat_id,
            thread,
            topic_title(row["name"], state, row["full_name"]),
            state,
            row["title"],
        )

    async def created(
        self, company_id: int, chat_id: int, thread_id: int, title: str, card_message_id: int | None
    ) -> None:
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO company_topics (company_id, chat_id, thread_id, title,"
                " card_message_id, opened_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (company_id) DO UPDATE SET chat_id = excluded.chat_id,"
                " thread_id = excluded.thread_id, title = excluded.title,"
                " card_message_id = excluded.card_message_id, opened_at = excluded.opened_at,"
                " title_wanted_at = NULL",
                (company_id, chat_id, thread_id, title, card_message_id, now, now),
            )

    async def card_sent(self, company_id: int, card_message_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE company_topics SET card_message_id = ? WHERE company_id = ?",
                (card_message_id, company_id),
            )

    async def gone(self, company_id: int, thread_id: int) -> None:
        """Someone deleted the topic: the next message creates a new one."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE company_topics SET thread_id = NULL, card_message_id = NULL"
                " WHERE company_id = ? AND thread_id = ?",
                (company_id, thread_id),
            )

    async def retitle(self, company_id: int, chat_id: int) -> TopicPlace | None:
        """The title the topic should carry, or None when it already does."""
        place = await self.place(company_id, chat_id)
        return None if place.thread_id is None or place.shown == place.title else place

    async def titled(self, company_id: int, title: str | None, wanted_at: str) -> None:
        """The title is shown (None: it was right already); a change that came while it
        was being set gets its own edit."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE company_topics SET title = COALESCE(?, title), title_wanted_at = NULL"
                " WHERE company_id = ? AND title_wanted_at IS NOT DISTINCT FROM ?",
                (title, company_id, wanted_at),
            )
            if cursor.rowcount:
                return
            await conn.execute(
                "UPDATE company_topics SET title = COALESCE(?, title) WHERE company_id = ?",
                (title, company_id),
            )
            rows = await conn.execute_fetchall(
                "SELECT chat_id, title_wanted_at FROM company_topics WHERE company_id = ?",
                (company_id,),
            )
            if rows and rows[0]["title_wanted_at"] is not None:
                await enqueue(
                    conn,
                    now,
                    rows[0]["chat_id"],
                    TopicRetitled(company_id, rows[0]["title_wanted_at"]),
                    not_before=now + TITLE_SETTLE,
                )

    async def open_topic(self, staff: Person, company_id: int) -> bool:
        """Staff open a company's topic from its card; False when no group takes it."""
        if staff.role not in STAFF:
            raise NotAllowed()
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            manager = await conn.execute_fetchall(
                "SELECT manager_id FROM companies WHERE id = ?", (company_id,)
            )
            if not manager:
                raise NotFound()
            if staff.role is Role.MANAGER and manager[0][0] != staff.telegram_id:
                raise NotAllowed()
            group = await group_for(conn, manager[0][0])
            if group is None:
                return False
            await conn.execute(
                "INSERT INTO company_topics (company_id, chat_id, state, created_at)"
                " VALUES (?, ?, 'answered', ?) ON CONFLICT (company_id) DO NOTHING",
                (company_id, group, to_db(now)),
            )
            await enqueue(conn, now, group, TopicOpened(company_id, staff.display_name, to_db(now)))
            return True

    async def tell_topic(
        self, company_id: int, message_id: int, event: TopicEvent, reason: str = ""
    ) -> None:
        """One line in the company's topic: why a staff message did not reach the client
        (the message itself stays stored)."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT c.manager_id, p.full_name FROM messages m"
                " JOIN companies c ON c.id = m.company_id"
                " JOIN people p ON p.telegram_id = m.client_id WHERE m.id = ?",
                (message_id,),
            )
            if not rows:
                return
            group = await group_for(conn, rows[0]["manager_id"])
            if group is None:
                return
            await enqueue(
                conn,
                now,
                group,
                TopicLine(company_id, message_id, event, rows[0]["full_name"], reason[:300]),
            )

    async def staff_closed(self, chat_id: int, thread_id: int, closed: bool) -> None:
        """Staff closed (or reopened) the topic in Telegram: the title says so."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            company = await scalar(
                conn,
                "SELECT company_id FROM company_topics WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
            )
            if company is None:
                return
            if closed:
                state = TopicState.CLOSED
            else:
                waiting = await scalar(
                    conn,
                    "SELECT COUNT(*) FROM messages WHERE company_id = ? AND direction = 'in'"
                    " AND answered_at IS NULL",
                    (company,),
                )
                state = TopicState.WAITING if waiting else TopicState.ANSWERED
            await set_state(conn, now, company, state)

    async def card(self, company_id: int, before: int | None = None) -> Card:
        """`before`: the message the topic is opened for; the ones before it are recalled
        on the card, so a conversation that began in private goes on in the topic."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT c.id, c.name, p.full_name FROM companies c"
                " LEFT JOIN people p ON p.telegram_id = c.manager_id WHERE c.id = ?",
                (company_id,),
            )
            if not rows:
                raise NotFound()
            contacts = await conn.execute_fetchall(
                "SELECT full_name, username FROM people WHERE role = 'client' AND company_id = ?"
                " ORDER BY telegram_id LIMIT 10",
                (company_id,),
            )
            projects = await conn.execute_fetchall(
                "SELECT p.id, p.title, (SELECT MIN(deadline) FROM project_stages s"
                "  WHERE s.project_id = p.id AND s.status != 'done' AND s.deadline IS NOT NULL)"
                " FROM projects p WHERE p.company_id = ? AND p.status = 'active'"
                " ORDER BY p.id LIMIT 10",
                (company_id,),
            )
            unpaid = await conn.execute_fetchall(
                "SELECT number, amount_minor - paid_minor, currency FROM invoices"
                " WHERE company_id = ? AND status IN ('issued', 'reported_paid')"
                " ORDER BY id LIMIT 10",
                (company_id,),
            )
            recent = await conn.execute_fetchall(
                "SELECT m.direction, p.full_name, m.text, m.file FROM messages m"
                " LEFT JOIN people p ON p.telegram_id = m.author_id"
                " WHERE m.company_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?",
                (company_id, before if before is not None else 2**62, RECALLED),
            )
        company = rows[0]
        return Card(
            company_id,
            company["name"],
            company["full_name"],
            tuple((row[0], row[1]) for row in contacts),
            tuple((row[0], row[1], row[2]) for row in projects),
            tuple((row[0], row[1], row[2]) for row in unpaid),
            tuple(
                (row[0], row[1] or "—", row[2] or json.loads(row[3] or "{}").get("name") or "📎")
                for row in reversed(recent)
            ),
        )

    # messages --------------------------------------------------------------------------

    async def stored(self, message_ids: tuple[int, ...]) -> list[StoredMessage]:
        async with self.db.reading() as conn:
            where, params = in_list("m.id", message_ids)
            rows = await conn.execute_fetchall(
                "SELECT m.*, p.full_name FROM messages m"
                f" LEFT JOIN people p ON p.telegram_id = m.author_id WHERE {where} ORDER BY m.id",
                params,
            )
        return [_stored(row) for row in rows]

    async def copied(self, chat_id: int, copies: list[tuple[int, int]]) -> None:
        """The bot's copies are in `chat_id`: (stored message id, Telegram message id)."""
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO message_copies (chat_id, telegram_message_id, message_id)"
                " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(chat_id, telegram_id, message_id) for message_id, telegram_id in copies],
            )

    async def contact(self, person_id: int) -> tuple[str, str | None]:
        """(name, username) of a client, for staff asking who sent a copy."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT full_name, username FROM people WHERE telegram_id = ?", (person_id,)
            )
        if not rows:
            raise NotFound()
        return rows[0][0] or str(person_id), rows[0][1]

    async def counterparts(self, chat_id: int, telegram_message_id: int) -> list[Counterpart]:
        """Where the other side of this Telegram message is: the copies of an original,
        or the original of a copy."""
        async with self.db.reading() as conn:
            return await counterparts(conn, chat_id, telegram_message_id)


async def counterparts(conn: Reading, chat_id: int, telegram_message_id: int) -> list[Counterpart]:
    original = await conn.execute_fetchall(
        "SELECT id FROM messages WHERE chat_id = ? AND telegram_message_id = ?",
        (chat_id, telegram_message_id),
    )
    if original:
        rows = await conn.execute_fetchall(
            "SELECT message_id, chat_id, telegram_message_id FROM message_copies"
            " WHERE message_id = ?",
            (original[0][0],),
        )
        return [Counterpart(row[0], row[1], row[2]) for row in rows]
    copy = await conn.execute_fetchall(
        "SELECT m.id, m.chat_id, m.telegram_message_id FROM message_copies c"
        " JOIN messages m ON m.id = c.message_id"
        " WHERE c.chat_id = ? AND c.telegram_message_id = ? AND m.telegram_message_id IS NOT NULL",
        (chat_id, telegram_message_id),
    )
    return [Counterpart(row[0], row[1], row[2]) for row in copy]


async def message_behind(conn: Reading, chat_id: int, telegram_message_id: int) -> Row | None:
    """The stored message a Telegram message is, or is a copy of."""
    rows = await conn.execute_fetchall(
        "SELECT * FROM messages WHERE chat_id = ? AND telegram_message_id = ?",
        (chat_id, telegram_message_id),
    )
    if rows:
        return rows[0]
    rows = await conn.execute_fetchall(
        "SELECT m.* FROM message_copies c JOIN messages m ON m.id = c.message_id"
        " WHERE c.chat_id = ? AND c.telegram_message_id = ?",
        (chat_id, telegram_message_id),
    )
    return rows[0] if rows else None


def notices_file(stored: str | None) -> TelegramFile | None:
    """The file to pass on by its id; None for what has none (a location, a contact)."""
    file = json.loads(stored) if stored else None
    return TelegramFile.of(file) if file and file.get("file_id") else None


def _stored(row: Row) -> StoredMessage:
    return StoredMessage(
        id=row["id"],
        company_id=row["company_id"],
        client_id=row["client_id"],
        direction=row["direction"],
        author_name=row["full_name"] or str(row["author_id"]),
        text=row["text"],
        html=row["html"],
        file=notices_file(row["file"]),
        media=json.loads(row["file"]).get("media") if row["file"] else None,
        chat_id=row["chat_id"],
        telegram_message_id=row["telegram_message_id"],
        topic=row["topic"],
    )
