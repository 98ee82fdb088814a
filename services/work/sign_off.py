"""Sign-off: the AM shows the client a stage's work, version by version, and the client
approves it or asks for changes, in the chat.

A deliverable is a draft while the AM adds its files, link and note; posting it gives it
the stage's next version (v1, v2, …), supersedes a version still waiting, and sends it
to every client of the company. The first client's decision wins (an UPDATE that only a
waiting version passes); a decision on an older version, or on one already decided, is
refused with who decided what. Every step is a row of `deliverable_events`, which the
database refuses to change or delete (migration 0022). A change request past the revision
rounds the price included is flagged to the AM and on the card, never silently taken.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.db import Connection, Database, Reading, Row, inserted_id, scalar
from services.delivery import outbox
from services.delivery.notices import (
    ChangesFiles,
    ChangesRequested,
    DeliverableApproved,
    DeliverableCard,
    DeliverableCardDecided,
    DeliverableFiles,
    DeliverableNotice,
    DeliverableStaffCard,
    SignOffEscalation,
    SignOffReminder,
    SignOffSilent,
    TelegramFile,
)
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.errors import DomainError, NotAllowed, NotFound
from services.questionnaires import forms
from services.work.statuses import ProjectStatus

# A Telegram album holds ten; a deliverable's files go as one.
MAX_FILES = 10


class DeliverableStatus(enum.StrEnum):
    DRAFT = "draft"
    WAITING = "waiting"
    APPROVED = "approved"
    CHANGES = "changes"
    SUPERSEDED = "superseded"


DECIDED = (DeliverableStatus.APPROVED, DeliverableStatus.CHANGES)


@dataclass(frozen=True)
class Deliverable:
    id: int
    stage_id: int
    stage_title: str
    project_id: int
    project_title: str
    company_id: int
    company_name: str
    manager_id: int | None
    version: int | None
    status: DeliverableStatus
    note: str | None
    link: str | None
    files: tuple[TelegramFile, ...]
    round: int
    rounds_included: int
    beyond_included: bool
    posted_by_name: str | None
    posted_at: str | None
    decided_by_name: str | None
    decided_at: str | None
    comment: str | None

    @property
    def waiting(self) -> bool:
        return self.status is DeliverableStatus.WAITING


class AlreadyDecided(DomainError):
    key = "signoff-already-decided"


class Superseded(DomainError):
    key = "signoff-superseded"


class SignOff:
    def __init__(self, db: Database, rounds_included: int) -> None:
        self.db = db
        self.rounds_included = rounds_included

    # the AM prepares and posts ---------------------------------------------------------

    async def start(self, staff: Person, stage_id: int) -> Deliverable:
        """A draft for the stage (the AM's unfinished one, if there is one)."""
        async with self.db.transaction() as conn:
            stage = await _stage_row(conn, stage_id)
            _require_staff(staff, stage)
            if stage["project_status"] not in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED):
                raise DomainError("project-closed")
            draft = await scalar(
                conn,
                "SELECT id FROM deliverables WHERE stage_id = ? AND status = 'draft'"
                " AND posted_by = ? ORDER BY id DESC LIMIT 1",
                (stage_id, staff.telegram_id),
            )
            if draft is None:
                draft = await inserted_id(
                    conn,
                    "INSERT INTO deliverables (stage_id, project_id, company_id, posted_by,"
                    " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (
                        stage_id,
                        stage["project_id"],
                        stage["company_id"],
                        staff.telegram_id,
                        self.db.now_text(),
                    ),
                )
            return await self._load(conn, draft)

    async def add(
        self, staff: Person, draft_id: int, text: str, file: dict[str, Any] | None
    ) -> Deliverable:
        """A file (with its caption), a link or a note joins the draft."""
        async with self.db.transaction() as conn:
            draft = await self._draft(conn, staff, draft_id)
            files = [TelegramFile(f.file_id, f.media) for f in draft.files]
            if file is not None:
                shared = TelegramFile.of(file)
                if shared is None:
                    raise DomainError("signoff-file-kind")
                if len(files) >= MAX_FILES:
                    raise DomainError("signoff-too-many-files", limit=MAX_FILES)
                files.append(shared)
            note, link = forms.add_note_and_link(text, draft.note, draft.link, 2000)
            await conn.execute(
                "UPDATE deliverables SET files = ?, note = ?, link = ? WHERE id = ?",
                (
                    json.dumps([{"file_id": f.file_id, "media": f.media} for f in files]),
                    note,
                    link,
                    draft_id,
                ),
            )
            return await self._load(conn, draft_id)

    async def drop(self, staff: Person, draft_id: int) -> None:
        """The AM gives up the version being put together."""
        async with self.db.transaction() as conn:
            await self._draft(conn, staff, draft_id)
            await conn.execute(
                "DELETE FROM deliverables WHERE id = ? AND status = 'draft'", (draft_id,)
            )

    async def post(self, staff: Person, draft_id: int) -> Deliverable:
        """The draft becomes the stage's next version and goes to every client."""
        async with self.db.transaction() as conn:
            draft = await self._draft(conn, staff, draft_id)
            await self._post(conn, staff, draft)
            return await self._load(conn, draft_id)

    async def post_work(
        self,
        conn: Connection,
        staff: Person,
        stage_id: int,
        files: tuple[TelegramFile, ...],
        note: str | None,
        link: str | None,
    ) -> int:
        """A specialist's result the AM accepted goes to the client as the stage's next
        version, inside the caller's transaction; returns the version."""
        stage = await _stage_row(conn, stage_id)
        _require_staff(staff, stage)
        if stage["project_status"] not in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED):
            raise DomainError("project-closed")
        draft_id = await inserted_id(
            conn,
            "INSERT INTO deliverables (stage_id, project_id, company_id, posted_by, files,"
            " note, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                stage_id,
                stage["project_id"],
                stage["company_id"],
                staff.telegram_id,
                json.dumps([{"file_id": f.file_id, "media": f.media} for f in files]),
                note,
                link,
                self.db.now_text(),
            ),
        )
        return await self._post(conn, staff, await self._load(conn, draft_id))

    async def _post(self, conn: Connection, staff: Person, draft: Deliverable) -> int:
        now = self.db.clock.now()
        now_text = self.db.now_text()
        draft_id = draft.id
        if not draft.files and not draft.link and not draft.note:
            raise DomainError("signoff-empty")
        version = 1 + int(
            await scalar(
                conn,
                "SELECT COALESCE(MAX(version), 0) FROM deliverables WHERE stage_id = ?",
                (draft.stage_id,),
            )
        )
        rounds = int(
            await scalar(
                conn,
                "SELECT COUNT(*) FROM deliverables WHERE stage_id = ? AND status = 'changes'",
                (draft.stage_id,),
            )
        )
        for older in await conn.execute_fetchall(
            "SELECT id, version FROM deliverables WHERE stage_id = ? AND status = 'waiting'",
            (draft.stage_id,),
        ):
            await self._settle(conn, older["id"], DeliverableStatus.SUPERSEDED)
            await _event(conn, older["id"], older["version"], "superseded", staff, now_text)
        await conn.execute(
            "UPDATE deliverables SET status = 'waiting', version = ?, round = ?,"
            " beyond_included = ?, posted_at = ? WHERE id = ?",
            (version, rounds, int(rounds > draft.rounds_included), now_text, draft_id),
        )
        await _event(conn, draft_id, version, "posted", staff, now_text)
        await audit.record(
            conn,
            now_text,
            staff.telegram_id,
            "deliverable.posted",
            f"project:{draft.project_id}",
            deliverable_id=draft_id,
            version=version,
        )
        if draft.files:
            await recipients.tell_clients(
                conn, now, draft.company_id, DeliverableFiles(draft_id, version, draft.files)
            )
        await recipients.tell_clients(
            conn, now, draft.company_id, DeliverableCard(draft_id, version)
        )
        await enqueue(conn, now, staff.telegram_id, DeliverableStaffCard(draft_id, version))
        return version

    # the client decides ----------------------------------------------------------------

    async def approve(self, client: Person, deliverable_id: int) -> Deliverable:
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            found = await self._decidable(conn, client, deliverable_id)
            await self._decide(conn, found, DeliverableStatus.APPROVED, client, now_text, None)
            version = found.version or 0
            stage_open = await scalar(
                conn,
                "SELECT COUNT(*) FROM deliverables WHERE stage_id = ? AND status = 'waiting'"
                " AND id != ?",
                (found.stage_id, deliverable_id),
            )
            for staff_id in await recipients.manager_or_heads(conn, found.manager_id):
                await enqueue(
                    conn,
                    now,
                    staff_id,
                    DeliverableApproved(
                        deliverable_id,
                        version,
                        found.stage_id,
                        client.display_name,
                        offer_finish=stage_open == 0,
                    ),
                )
            return await self._load(conn, deliverable_id)

    async def request_changes(
        self,
        client: Person,
        deliverable_id: int,
        comment: str,
        files: list[dict[str, Any]],
    ) -> Deliverable:
        body = forms.message_body(comment, files[0] if files else None, 2000)
        shared = tuple(f for f in (TelegramFile.of(file) for file in files) if f is not None)
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            found = await self._decidable(conn, client, deliverable_id)
            await self._decide(
                conn, found, DeliverableStatus.CHANGES, client, now_text, body or None, shared
            )
            version = found.version or 0
            beyond = found.round + 1 > found.rounds_included
            for staff_id in await recipients.manager_or_heads(conn, found.manager_id):
                await enqueue(
                    conn,
                    now,
                    staff_id,
                    ChangesRequested(
                        deliverable_id,
                        version,
                        client.display_name,
                        body or None,
                        found.round + 1,
                        found.rounds_included,
                        beyond,
                    ),
                )
                if shared:
                    await enqueue(
                        conn, now, staff_id, ChangesFiles(deliverable_id, version, shared)
                    )
            return await self._load(conn, deliverable_id)

    async def decidable(self, client: Person, deliverable_id: int) -> Deliverable:
        """The version, if this client may still decide on it (else the refusal)."""
        async with self.db.reading() as conn:
            return await self._decidable(conn, client, deliverable_id)

    async def asking(self, client: Person, deliverable_id: int) -> Deliverable:
        """A client's question about a version goes to the AM's conversation."""
        async with self.db.reading() as conn:
            found = await self._load(conn, deliverable_id)
        if client.role is not Role.CLIENT or client.company_id != found.company_id:
            raise NotAllowed()
        if found.status is DeliverableStatus.DRAFT:
            raise NotFound()
        return found

    # reading ---------------------------------------------------------------------------

    async def get(self, viewer: Person, deliverable_id: int) -> Deliverable:
        async with self.db.reading() as conn:
            found = await self._load(conn, deliverable_id)
        if viewer.role is Role.CLIENT:
            if viewer.company_id != found.company_id or found.status is DeliverableStatus.DRAFT:
                raise NotAllowed()
        elif viewer.role is Role.MANAGER and viewer.telegram_id != found.manager_id:
            raise NotAllowed()
        return found

    async def load(self, deliverable_id: int) -> Deliverable:
        """For rendering a notice: as it is now."""
        async with self.db.reading() as conn:
            return await self._load(conn, deliverable_id)

    async def approved_in(self, project_id: int) -> list[Deliverable]:
        """The approved versions of a project, by stage: what an act lists."""
        async with self.db.reading() as conn:
            ids = await conn.execute_fetchall(
                "SELECT d.id FROM deliverables d JOIN project_stages s ON s.id = d.stage_id"
                " WHERE d.project_id = ? AND d.status = 'approved' ORDER BY s.position, d.version",
                (project_id,),
            )
            return [await self._load(conn, row[0]) for row in ids]

    # internals -------------------------------------------------------------------------

    async def _draft(self, conn: Connection, staff: Person, draft_id: int) -> Deliverable:
        draft = await self._load(conn, draft_id)
        if draft.status is not DeliverableStatus.DRAFT:
            raise DomainError("signoff-already-posted", version=draft.version or 0)
        if staff.role is Role.MANAGER and staff.telegram_id != draft.manager_id:
            raise NotAllowed()
        if staff.role not in (Role.MANAGER, Role.HEAD):
            raise NotAllowed()
        return draft

    async def _decidable(self, conn: Reading, client: Person, deliverable_id: int) -> Deliverable:
        found = await self._load(conn, deliverable_id)
        if client.role is not Role.CLIENT or client.company_id != found.company_id:
            raise NotAllowed()
        if found.status is DeliverableStatus.DRAFT:
            raise NotFound()
        if found.status is DeliverableStatus.SUPERSEDED:
            latest = await scalar(
                conn,
                "SELECT MAX(version) FROM deliverables WHERE stage_id = ?",
                (found.stage_id,),
            )
            raise Superseded(version=found.version or 0, latest=latest or 0)
        if found.status in DECIDED:
            raise AlreadyDecided(
                version=found.version or 0,
                name=found.decided_by_name or "—",
                decision=found.status.value,
                at=found.decided_at or "",
            )
        return found

    async def _decide(
        self,
        conn: Connection,
        found: Deliverable,
        status: DeliverableStatus,
        client: Person,
        now_text: str,
        comment: str | None,
        files: tuple[TelegramFile, ...] = (),
    ) -> None:
        cursor = await conn.execute(
            "UPDATE deliverables SET status = ?, decided_by = ?, decided_at = ?, comment = ?,"
            " comment_files = ? WHERE id = ? AND status = 'waiting'",
            (
                status.value,
                client.telegram_id,
                now_text,
                comment,
                json.dumps([{"file_id": f.file_id, "media": f.media} for f in files])
                if files
                else None,
                found.id,
            ),
        )
        if cursor.rowcount != 1:  # another client's press got there first
            await self._decidable(conn, client, found.id)
            raise AlreadyDecided(version=found.version or 0, name="—", decision="", at="")
        version = found.version or 0
        await _event(conn, found.id, version, status.value, client, now_text, comment)
        await audit.record(
            conn,
            now_text,
            client.telegram_id,
            f"deliverable.{status.value}",
            f"project:{found.project_id}",
            deliverable_id=found.id,
            version=version,
        )
        await self._settle(conn, found.id, status)

    async def _settle(
        self, conn: Connection, deliverable_id: int, status: DeliverableStatus
    ) -> None:
        """A version no longer waits: its reminders stop, and every card sent of it (the
        clients', the AM's) is rewritten to say what became of it."""
        if status is DeliverableStatus.SUPERSEDED:
            await conn.execute(
                "UPDATE deliverables SET status = 'superseded' WHERE id = ?", (deliverable_id,)
            )
        subject = DeliverableNotice.subject_of(deliverable_id)
        unsent: tuple[type[DeliverableNotice], ...] = (
            SignOffReminder,
            SignOffSilent,
            SignOffEscalation,
            DeliverableCard,
        )
        for kind in unsent:
            await outbox.drop_queued(conn, kind, subject, f"deliverable {status.value}")
        now = self.db.clock.now()
        cards: tuple[type[DeliverableNotice], ...] = (DeliverableCard, DeliverableStaffCard)
        for card_kind in cards:
            sent = await outbox.sent_messages(conn, card_kind, subject)
            for recipient, message_id, card in sent:
                if message_id:
                    await enqueue(
                        conn,
                        now,
                        recipient,
                        DeliverableCardDecided(deliverable_id, card.version, message_id),
                    )

    async def _load(self, conn: Reading, deliverable_id: int) -> Deliverable:
        rows = await conn.execute_fetchall(
            "SELECT d.*, s.title AS stage_title, p.title AS project_title, p.manager_id,"
            " p.revision_rounds, c.name AS company_name, a.full_name AS posted_by_name,"
            " b.full_name AS decided_by_name FROM deliverables d"
            " JOIN project_stages s ON s.id = d.stage_id JOIN projects p ON p.id = d.project_id"
            " JOIN companies c ON c.id = d.company_id"
            " LEFT JOIN people a ON a.telegram_id = d.posted_by"
            " LEFT JOIN people b ON b.telegram_id = d.decided_by WHERE d.id = ?",
            (deliverable_id,),
        )
        if not rows:
            raise NotFound()
        return self._from_row(rows[0])

    def _from_row(self, row: Row) -> Deliverable:
        included = row["revision_rounds"]
        return Deliverable(
            id=row["id"],
            stage_id=row["stage_id"],
            stage_title=row["stage_title"],
            project_id=row["project_id"],
            project_title=row["project_title"],
            company_id=row["company_id"],
            company_name=row["company_name"],
            manager_id=row["manager_id"],
            version=row["version"],
            status=DeliverableStatus(row["status"]),
            note=row["note"],
            link=row["link"],
            files=tuple(TelegramFile(f["file_id"], f["media"]) for f in json.loads(row["files"])),
            round=row["round"],
            rounds_included=self.rounds_included if included is None else included,
            beyond_included=bool(row["beyond_included"]),
            posted_by_name=row["posted_by_name"],
            posted_at=row["posted_at"],
            decided_by_name=row["decided_by_name"],
            decided_at=row["decided_at"],
            comment=row["comment"],
        )


async def _stage_row(conn: Reading, stage_id: int) -> Row:
    rows = await conn.execute_fetchall(
        "SELECT s.*, p.company_id, p.manager_id, p.status AS project_status FROM project_stages s"
        " JOIN projects p ON p.id = s.project_id WHERE s.id = ?",
        (stage_id,),
    )
    if not rows:
        raise NotFound()
    return rows[0]


def _require_staff(staff: Person, stage: Row) -> None:
    if staff.role is Role.HEAD:
        return
    if staff.role is not Role.MANAGER or staff.telegram_id != stage["manager_id"]:
        raise NotAllowed()


async def _event(
    conn: Connection,
    deliverable_id: int,
    version: int,
    kind: str,
    actor: Person,
    at: str,
    comment: str | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO deliverable_events (deliverable_id, version, kind, actor_id, at, comment)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (deliverable_id, version, kind, actor.telegram_id, at, comment),
    )
