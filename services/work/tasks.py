"""Stage tasks: the AM gives a specialist part of a stage, with what is asked, the files
and a due date; the specialist reports progress and hands the result in; the AM sends it
to the client (a sign-off version of the stage) or returns it with a comment.

What a specialist reads of a task is the `Task` below: the project's and company's names,
the stage, what is asked, the AM's files, the due date — never prices, invoices, other
companies or the client's contacts. Every method checks who asks: a specialist only their
own tasks, an AM only the tasks of their projects, a head any.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.accounts.people import Person, Role
from services.db import Connection, Database, Reading, Row, inserted_id, scalar
from services.delivery.notices import (
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskDueSoon,
    TaskEscalation,
    TaskFiles,
    TaskHandedIn,
    TaskNotice,
    TaskOverdue,
    TaskProgressed,
    TaskResultFiles,
    TaskReturned,
    TelegramFile,
)
from services.delivery.outbox import drop_queued, enqueue
from services.platform import audit
from services.platform.clock import local_today
from services.platform.errors import DomainError, InvalidInput, NotAllowed, NotFound
from services.questionnaires import forms
from services.work.sign_off import MAX_FILES, SignOff
from services.work.statuses import ProjectStatus

BRIEF_LIMIT = 2000
NOTE_LIMIT = 1000


class TaskStatus(enum.StrEnum):
    OPEN = "open"
    HANDED_IN = "handed_in"
    ACCEPTED = "accepted"  # sent to the client
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Task:
    id: int
    stage_id: int
    stage_title: str
    stage_deadline: date | None
    project_id: int
    project_title: str
    company_name: str
    manager_id: int | None
    specialist_id: int
    specialist_name: str
    skill: str | None
    brief: str
    files: tuple[TelegramFile, ...]
    due_on: date
    status: TaskStatus
    progress: int
    progress_note: str | None
    result_note: str | None
    result_link: str | None
    result_files: tuple[TelegramFile, ...]
    handed_in_at: str | None
    late: bool
    returns: int
    return_comment: str | None

    @property
    def round(self) -> int:
        """The hand-in this is (1 until the AM returns it)."""
        return self.returns + 1

    def overdue(self, today: date) -> bool:
        return self.status is TaskStatus.OPEN and self.due_on < today


@dataclass(frozen=True)
class Assignment:
    """What the AM's form collected."""

    stage_id: int
    specialist_id: int
    brief: str
    files: tuple[TelegramFile, ...]
    due_on: date


class DueAfterStage(DomainError):
    """The task would be due after its stage: the AM confirms, or picks another date."""

    key = "task-due-after-stage"


class NotHandedIn(DomainError):
    """Nothing waits for the AM's decision: sent, returned or cancelled meanwhile."""

    key = "task-not-handed-in"
    ends_step = True


class TaskClosed(DomainError):
    """The task is no longer open to work on (handed in, accepted or cancelled)."""

    key = "task-closed"
    ends_step = True


class Tasks:
    def __init__(self, db: Database, sign_off: SignOff, default_timezone: str) -> None:
        self.db = db
        self.sign_off = sign_off
        self.default_timezone = default_timezone

    def today(self, person: Person) -> date:
        return local_today(self.db.clock, person.timezone or self.default_timezone)

    # the AM ------------------------------------------------------------------------------

    async def check_due(self, staff: Person, stage_id: int, due_on: date) -> None:
        """A due date in the past is refused; one after the stage's deadline needs the
        AM's yes (DueAfterStage)."""
        if due_on < self.today(staff):
            raise InvalidInput("task-due-past")
        async with self.db.reading() as conn:
            stage = await _stage_row(conn, stage_id)
        _require_manager(staff, stage["manager_id"])
        if stage["deadline"] and due_on > date.fromisoformat(stage["deadline"]):
            raise DueAfterStage(deadline=date.fromisoformat(stage["deadline"]))

    async def assign(self, staff: Person, assignment: Assignment, *, confirmed: bool) -> Task:
        brief = forms.bounded_text(assignment.brief, BRIEF_LIMIT, minimum=0)
        if not brief and not assignment.files:
            raise InvalidInput("task-brief-empty")
        if len(assignment.files) > MAX_FILES:
            raise DomainError("signoff-too-many-files", limit=MAX_FILES)
        if not confirmed:
            await self.check_due(staff, assignment.stage_id, assignment.due_on)
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            stage = await _stage_row(conn, assignment.stage_id)
            _require_manager(staff, stage["manager_id"])
            if stage["project_status"] not in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED):
                raise DomainError("project-closed")
            role = await scalar(
                conn,
                "SELECT role FROM people WHERE telegram_id = ?",
                (assignment.specialist_id,),
            )
            if role != Role.SPECIALIST:
                raise DomainError("team-not-specialist")
            task_id = await inserted_id(
                conn,
                "INSERT INTO stage_tasks (stage_id, project_id, specialist_id, assigned_by,"
                " brief, files, due_on, due_set_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    assignment.stage_id,
                    stage["project_id"],
                    assignment.specialist_id,
                    staff.telegram_id,
                    brief or "—",
                    _files_json(assignment.files),
                    assignment.due_on.isoformat(),
                    now_text,
                    now_text,
                ),
            )
            await audit.record(
                conn,
                now_text,
                staff.telegram_id,
                "task.assigned",
                f"project:{stage['project_id']}",
                task_id=task_id,
                specialist_id=assignment.specialist_id,
                due_on=assignment.due_on.isoformat(),
                after_stage_deadline=confirmed,
            )
            await enqueue(conn, now, assignment.specialist_id, TaskAssigned(task_id))
            if assignment.files:
                await enqueue(
                    conn, now, assignment.specialist_id, TaskFiles(task_id, assignment.files)
                )
            return await _load(conn, task_id)

    async def move_due(self, staff: Person, task_id: int, due_on: date, *, confirmed: bool) -> Task:
        async with self.db.reading() as conn:
            task = await _load(conn, task_id)
        _require_manager(staff, task.manager_id)
        if task.status is not TaskStatus.OPEN:
            raise TaskClosed()
        if not confirmed:
            await self.check_due(staff, task.stage_id, due_on)
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE stage_tasks SET due_on = ?, due_set_at = ?"
                " WHERE id = ? AND status = 'open'",
                (due_on.isoformat(), now_text, task_id),
            )
            await stop_reminders(conn, task_id, "due date moved")
            await audit.record(
                conn,
                now_text,
                staff.telegram_id,
                "task.due_moved",
                f"project:{task.project_id}",
                task_id=task_id,
                due_on=due_on.isoformat(),
                was=task.due_on.isoformat(),
            )
            return await _load(conn, task_id)

    async def cancel(self, staff: Person, task_id: int) -> Task:
        """The AM takes the task back; the specialist is told."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            task = await _load(conn, task_id)
            _require_manager(staff, task.manager_id)
            cursor = await conn.execute(
                "UPDATE stage_tasks SET status = 'cancelled', closed_at = ?"
                " WHERE id = ? AND status IN ('open', 'handed_in')",
                (self.db.now_text(), task_id),
            )
            if cursor.rowcount != 1:
                raise TaskClosed()
            await stop_reminders(conn, task_id, "task cancelled")
            await audit.record(
                conn,
                self.db.now_text(),
                staff.telegram_id,
                "task.cancelled",
                f"project:{task.project_id}",
                task_id=task_id,
            )
            await enqueue(
                conn, now, task.specialist_id, TaskCancelled(task_id, task.specialist_name)
            )
            return await _load(conn, task_id)

    async def send_to_client(self, staff: Person, task_id: int) -> tuple[Task, int]:
        """The handed-in result becomes the stage's next sign-off version, sent to the
        client; returns the task and the version."""
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            task = await self._handed_in(conn, staff, task_id)
            version = await self.sign_off.post_work(
                conn,
                staff,
                task.stage_id,
                task.result_files,
                task.result_note,
                task.result_link,
            )
            await conn.execute(
                "UPDATE stage_tasks SET status = 'accepted', progress = 100, closed_at = ?"
                " WHERE id = ?",
                (now_text, task_id),
            )
            await audit.record(
                conn,
                now_text,
                staff.telegram_id,
                "task.accepted",
                f"project:{task.project_id}",
                task_id=task_id,
                version=version,
            )
            await enqueue(conn, now, task.specialist_id, TaskAccepted(task_id, version))
            return await _load(conn, task_id), version

    async def send_back(self, staff: Person, task_id: int, comment: str) -> Task:
        """Return the result to the specialist with the AM's comment; the task is open
        again (and reminded of again) and its collected result cleared for the next one."""
        words = forms.bounded_text(comment, NOTE_LIMIT, minimum=0)
        if not words:
            raise InvalidInput("task-return-comment")
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            task = await self._handed_in(conn, staff, task_id)
            await conn.execute(
                "UPDATE stage_tasks SET status = 'open', returns = returns + 1,"
                " return_comment = ?, result_note = NULL, result_link = NULL,"
                " result_files = '[]', handed_in_at = NULL WHERE id = ?",
                (words, task_id),
            )
            await audit.record(
                conn,
                now_text,
                staff.telegram_id,
                "task.returned",
                f"project:{task.project_id}",
                task_id=task_id,
                round=task.round,
            )
            await enqueue(conn, now, task.specialist_id, TaskReturned(task_id, task.round, words))
            return await _load(conn, task_id)

    # the specialist ----------------------------------------------------------------------

    async def report(self, specialist: Person, task_id: int, percent: int, note: str) -> Task:
        if not 0 <= percent <= 100:
            raise InvalidInput("task-progress-bad")
        words = forms.bounded_text(note, NOTE_LIMIT, minimum=0) or None
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            task = await self._own_open(conn, specialist, task_id)
            if percent == task.progress and words is None:
                return task  # the same button pressed again: nothing new to tell
            await conn.execute(
                "UPDATE stage_tasks SET progress = ?, progress_note = ? WHERE id = ?",
                (percent, words, task_id),
            )
            audit_id = await audit.record(
                conn,
                now_text,
                specialist.telegram_id,
                "task.progress",
                f"project:{task.project_id}",
                task_id=task_id,
                percent=percent,
            )
            if task.manager_id is not None:
                await enqueue(
                    conn,
                    now,
                    task.manager_id,
                    TaskProgressed(task_id, audit_id, percent, words),
                )
            return await _load(conn, task_id)

    async def add_result(
        self, specialist: Person, task_id: int, text: str, file: dict[str, Any] | None
    ) -> Task:
        """A file (an album's part), a link or a note joins the result being handed in."""
        async with self.db.transaction() as conn:
            task = await self._own_open(conn, specialist, task_id)
            files = list(task.result_files)
            if file is not None:
                shared = TelegramFile.of(file)
                if shared is None:
                    raise DomainError("signoff-file-kind")
                if len(files) >= MAX_FILES:
                    raise DomainError("signoff-too-many-files", limit=MAX_FILES)
                files.append(shared)
            note, link = forms.add_note_and_link(
                text, task.result_note, task.result_link, NOTE_LIMIT
            )
            await conn.execute(
                "UPDATE stage_tasks SET result_files = ?, result_note = ?, result_link = ?"
                " WHERE id = ?",
                (_files_json(tuple(files)), note, link, task_id),
            )
            return await _load(conn, task_id)

    async def hand_in(self, specialist: Person, task_id: int) -> Task:
        now = self.db.clock.now()
        now_text = self.db.now_text()
        async with self.db.transaction() as conn:
            task = await self._own_open(conn, specialist, task_id)
            if not (task.result_files or task.result_link or task.result_note):
                raise DomainError("task-result-empty")
            late = self.today(specialist) > task.due_on
            await conn.execute(
                "UPDATE stage_tasks SET status = 'handed_in', handed_in_at = ?, late = ?,"
                " progress = 100 WHERE id = ? AND status = 'open'",
                (now_text, int(late or task.late), task_id),
            )
            await stop_reminders(conn, task_id, "handed in")
            await audit.record(
                conn,
                now_text,
                specialist.telegram_id,
                "task.handed_in",
                f"project:{task.project_id}",
                task_id=task_id,
                round=task.round,
                late=late,
            )
            if task.manager_id is not None:
                if task.result_files:
                    await enqueue(
                        conn,
                        now,
                        task.manager_id,
                        TaskResultFiles(task_id, task.round, task.result_files),
                    )
                await enqueue(conn, now, task.manager_id, TaskHandedIn(task_id, task.round, late))
            return await _load(conn, task_id)

    async def mine(self, specialist: Person) -> list[Task]:
        """The specialist's tasks not yet closed, soonest due first."""
        if specialist.role is not Role.SPECIALIST:
            raise NotAllowed()
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                f"{_SELECT} WHERE t.specialist_id = ? AND t.status IN ('open', 'handed_in')"
                " ORDER BY t.due_on, t.id LIMIT 50",
                (specialist.telegram_id,),
            )
        return [_task(row) for row in rows]

    # reading -----------------------------------------------------------------------------

    async def get(self, viewer: Person, task_id: int) -> Task:
        async with self.db.reading() as conn:
            task = await _load(conn, task_id)
        _require_viewer(viewer, task)
        return task

    async def load(self, task_id: int) -> Task:
        """For rendering a notice: as it is now."""
        async with self.db.reading() as conn:
            return await _load(conn, task_id)

    async def of_project(self, viewer: Person, project_id: int) -> list[Task]:
        """Who does what on a project (staff only): its open and handed-in tasks."""
        viewer.require_staff()
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                f"{_SELECT} WHERE t.project_id = ? AND t.status IN ('open', 'handed_in')"
                " ORDER BY s.position, t.due_on, t.id",
                (project_id,),
            )
        tasks = [_task(row) for row in rows]
        if tasks:
            _require_viewer(viewer, tasks[0])
        return tasks

    # internals ---------------------------------------------------------------------------

    async def _own_open(self, conn: Reading, specialist: Person, task_id: int) -> Task:
        task = await _load(conn, task_id)
        if specialist.role is not Role.SPECIALIST or task.specialist_id != specialist.telegram_id:
            raise NotAllowed()
        if task.status is TaskStatus.HANDED_IN:
            raise TaskClosed("task-already-handed-in")
        if task.status is not TaskStatus.OPEN:
            raise TaskClosed()
        return task

    async def _handed_in(self, conn: Reading, staff: Person, task_id: int) -> Task:
        task = await _load(conn, task_id)
        _require_manager(staff, task.manager_id)
        if task.status is not TaskStatus.HANDED_IN:
            raise NotHandedIn(status=task.status.value)
        return task


async def stop_reminders(conn: Connection, task_id: int, reason: str) -> None:
    """What is queued about a task that is no longer open is not sent."""
    subject = TaskNotice.subject_of(task_id)
    stale: tuple[type[TaskNotice], ...] = (TaskDueSoon, TaskOverdue, TaskEscalation)
    for kind in stale:
        await drop_queued(conn, kind, subject, reason)


def _require_manager(staff: Person, manager_id: int | None) -> None:
    if staff.role is Role.HEAD:
        return
    if staff.role is not Role.MANAGER or staff.telegram_id != manager_id:
        raise NotAllowed()


def _require_viewer(viewer: Person, task: Task) -> None:
    if viewer.role is Role.SPECIALIST:
        if viewer.telegram_id != task.specialist_id:
            raise NotAllowed()
        return
    _require_manager(viewer, task.manager_id)


def _files_json(files: tuple[TelegramFile, ...]) -> str:
    return json.dumps([{"file_id": f.file_id, "media": f.media} for f in files])


def _files(text: str) -> tuple[TelegramFile, ...]:
    return tuple(TelegramFile(f["file_id"], f["media"]) for f in json.loads(text))


async def _stage_row(conn: Reading, stage_id: int) -> Row:
    rows = await conn.execute_fetchall(
        "SELECT s.id, s.deadline, s.project_id, p.manager_id, p.status AS project_status"
        " FROM project_stages s JOIN projects p ON p.id = s.project_id WHERE s.id = ?",
        (stage_id,),
    )
    if not rows:
        raise NotFound()
    return rows[0]


# A task with what its texts name: stage, project, company, who does it. One query reads
# one task or a list of them.
_SELECT = (
    "SELECT t.*, s.title AS stage_title, s.deadline AS stage_deadline,"
    " p.title AS project_title, p.manager_id, c.name AS company_name,"
    " w.full_name AS specialist_name, w.username AS specialist_username, w.skill"
    " FROM stage_tasks t JOIN project_stages s ON s.id = t.stage_id"
    " JOIN projects p ON p.id = t.project_id JOIN companies c ON c.id = p.company_id"
    " JOIN people w ON w.telegram_id = t.specialist_id"
)


async def _load(conn: Reading, task_id: int) -> Task:
    rows = await conn.execute_fetchall(f"{_SELECT} WHERE t.id = ?", (task_id,))
    if not rows:
        raise NotFound()
    return _task(rows[0])


def _task(row: Row) -> Task:
    name = row["specialist_name"] or (
        f"@{row['specialist_username']}"
        if row["specialist_username"]
        else str(row["specialist_id"])
    )
    return Task(
        id=row["id"],
        stage_id=row["stage_id"],
        stage_title=row["stage_title"],
        stage_deadline=date.fromisoformat(row["stage_deadline"]) if row["stage_deadline"] else None,
        project_id=row["project_id"],
        project_title=row["project_title"],
        company_name=row["company_name"],
        manager_id=row["manager_id"],
        specialist_id=row["specialist_id"],
        specialist_name=name,
        skill=row["skill"],
        brief=row["brief"],
        files=_files(row["files"]),
        due_on=date.fromisoformat(row["due_on"]),
        status=TaskStatus(row["status"]),
        progress=row["progress"],
        progress_note=row["progress_note"],
        result_note=row["result_note"],
        result_link=row["result_link"],
        result_files=_files(row["result_files"]),
        handed_in_at=row["handed_in_at"],
        late=bool(row["late"]),
        returns=row["returns"],
        return_comment=row["return_comment"],
    )
