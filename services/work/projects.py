"""Projects: stages with status and progress, updates the client sees, ratings.

Every change a client should know about is written with its outbox rows in one unit
of work; reminders are planned from the rows by services.planners.reminders.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.db import Connection, Database, Reading, Row, in_list, inserted_id, inserted_id_if_any
from services.delivery.notices import (
    ClientAnsweredStage,
    DeadlineMoved,
    LowRating,
    ProjectFile,
    ProjectNews,
    ProjectNotice,
    ProjectStatusChanged,
    RatingRequest,
    StageFinished,
    StageStarted,
    TelegramFile,
    WaitingForClient,
)
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.clock import local_today
from services.platform.errors import DomainError, InvalidInput, NotAllowed, NotFound
from services.platform.paging import Page, PageKey, PageRequest, page_of
from services.questionnaires import forms
from services.work.statuses import ProjectStatus, StageStatus

LOW_RATING = 3
# A stage's version waiting for the client's sign-off, read with the stage (by the
# deliverables' (stage_id, status) index).
AWAITING = (
    "(SELECT MAX(version) FROM deliverables d WHERE d.stage_id = s.id"
    " AND d.status = 'waiting') AS awaiting"
)


OPEN_PROJECT = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED)
# projects.sort_deadline of an open project without an open deadline: last in the list
# (migration 0020 writes it)
NO_DEADLINE = "9999-12-31"
# The most open projects a company's choice offers (an invoice's, a document's).
COMPANY_PROJECTS = 50


@dataclass(frozen=True)
class ProjectScope:
    """Whose open projects a list shows: one AM's, one company's, or (None) any."""

    manager_id: int | None = None
    company_id: int | None = None


@dataclass(frozen=True)
class Stage:
    id: int
    project_id: int
    position: int
    title: str
    deadline: date | None
    status: str
    progress: int
    waiting_for: str | None
    waiting_until: date | None
    waiting_since: str | None
    started_at: str | None = None
    finished_at: str | None = None
    # the version with the client for sign-off (services/work/sign_off.py), if one is
    awaiting_version: int | None = None

    @property
    def done(self) -> bool:
        return self.status == StageStatus.DONE

    def overdue(self, today: date) -> bool:
        return not self.done and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class ProjectUpdate:
    kind: str
    text: str | None
    file: dict[str, Any] | None
    at: str
    author_name: str | None
    stage_title: str | None


@dataclass(frozen=True)
class DeadlineMove:
    stage_id: int
    old: date | None
    new: date
    reason: str


@dataclass(frozen=True)
class Rating:
    score: int
    comment: str | None
    stage_title: str | None
    client_name: str


@dataclass(frozen=True)
class Project:
    id: int
    company_id: int
    company_name: str
    manager_id: int | None
    manager_name: str | None
    title: str
    status: str
    created_at: str
    updated_at: str | None
    stages: list[Stage] = field(default_factory=list)

    @property
    def progress(self) -> int:
        if not self.stages:
            return 100 if self.status == ProjectStatus.DONE else 0
        return round(sum(100 if s.done else s.progress for s in self.stages) / len(self.stages))

    @property
    def current_stage(self) -> Stage | None:
        return next((s for s in self.stages if not s.done), None)

    @property
    def next_deadline(self) -> date | None:
        dates = [s.deadline for s in self.stages if not s.done and s.deadline]
        return min(dates) if dates else None

    def overdue(self, today: date) -> bool:
        return any(s.overdue(today) for s in self.stages)

    def stage(self, stage_id: int) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise NotFound()


class Projects:
    def __init__(self, db: Database, default_timezone: str) -> None:
        self.db = db
        self.default_timezone = default_timezone

    def today(self, person: Person | None = None) -> date:
        return local_today(self.db.clock, (person and person.timezone) or self.default_timezone)

    def today_in(self, timezone: str) -> date:
        return local_today(self.db.clock, timezone)

    # creating ---------------------------------------------------------------

    async def create(self, actor: Person, company_id: int, title: str, stages_text: str) -> Project:
        """/newproject: a project for a client without a proposal."""
        name = forms.bounded_text(title, 200)
        stages = forms.parse_stages(stages_text, self.today(actor))
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT manager_id FROM companies WHERE id = ?", (company_id,)
            )
            company = await cursor.fetchone()
            if company is None:
                raise NotFound()
            if actor.role is not Role.HEAD and company["manager_id"] != actor.telegram_id:
                raise NotAllowed()
            project_id = await insert_project(
                conn,
                NewProject(
                    company_id=company_id,
                    manager_id=company["manager_id"] or actor.telegram_id,
                    title=name,
                    stages=stages,
                ),
                actor_id=actor.telegram_id,
                today=self.today(actor),
                now=now,
            )
            return await self._load(conn, project_id)

    # reading ----------------------------------------------------------------

    async def for_client(self, person: Person) -> list[Project]:
        if person.role is not Role.CLIENT or person.company_id is None:
            raise NotAllowed()
        async with self.db.lookup() as conn:  # one company's open projects
            return await _load_many(
                conn,
                "p.company_id = ? AND p.status IN ('active', 'paused')",
                (person.company_id,),
            )

    async def get_for_client(self, person: Person, project_id: int) -> Project:
        async with self.db.reading() as conn:
            project = await self._load(conn, project_id)
        if person.role is not Role.CLIENT or person.company_id != project.company_id:
            raise NotAllowed()
        return project

    async def of_company(self, actor: Person, company_id: int) -> list[Project]:
        """A company's open projects, for a choice among them (a company has a few)."""
        scope = ProjectScope(company_id=company_id)
        return (await self.page_for_staff(actor, scope, PageRequest(size=COMPANY_PROJECTS))).items

    async def page_for_staff(
        self, actor: Person, scope: ProjectScope, request: PageRequest
    ) -> Page[Project]:
        """A page of open projects, overdue first, then by the nearest deadline (the
        `sort_deadline` index). An AM sees their own; a head all, or one AM's or one
        company's."""
        actor.require_staff()
        if actor.role is not Role.HEAD:
            scope = ProjectScope(actor.telegram_id, scope.company_id)
        where = ["p.sort_deadline IS NOT NULL"]  # open: see migration 0020
        params: list[Any] = []
        if scope.manager_id is not None:
            where.append("p.manager_id = ?")
            params.append(scope.manager_id)
        if scope.company_id is not None:
            where.append("p.company_id = ?")
            params.append(scope.company_id)
        keyset, keyset_params, order = request.clause("p.sort_deadline", "p.id")
        async with self.db.reading() as conn:
            # the page's keys from the index alone, then those projects with their stages
            found = await conn.execute_fetchall(
                f"SELECT p.id, p.sort_deadline FROM projects p"
                f" WHERE {' AND '.join([*where, keyset])} ORDER BY {order} LIMIT ?",
                (*params, *keyset_params, request.size + 1),
            )
            on_page, on_page_params = in_list("p.id", [row[0] for row in found])
            loaded = {
                project.id: project
                for project in (await _load_many(conn, on_page, on_page_params) if found else [])
            }
        # a project closed between the two reads is left out
        kept = [row for row in found if row[0] in loaded]
        projects = [loaded[row[0]] for row in kept]
        keys = [PageKey(row[1], row[0]) for row in kept]
        return page_of(request, projects, keys)

    async def get_for_staff(self, actor: Person, project_id: int) -> Project:
        async with self.db.reading() as conn:
            project = await self._load(conn, project_id)
        _require_manager(actor, project)
        return project

    async def visible_to(self, person: Person, project_id: int) -> Project:
        """A project its client or its AM (or a head) may look at."""
        if person.role is Role.CLIENT:
            return await self.get_for_client(person, project_id)
        return await self.get_for_staff(person, project_id)

    async def load(self, project_id: int) -> Project:
        """For the bot's own rendering of what it was asked to deliver."""
        async with self.db.reading() as conn:
            return await self._load(conn, project_id)

    async def project_of_stage(self, actor: Person, stage_id: int) -> Project:
        async with self.db.reading() as conn:
            stage = await _stage(conn, stage_id)
            project = await self._load(conn, stage.project_id)
        _require_manager(actor, project)
        return project

    async def waiting_stage_for_client(self, person: Person, stage_id: int) -> Stage:
        async with self.db.reading() as conn:
            stage = await _stage(conn, stage_id)
            project = await self._load(conn, stage.project_id)
        if person.role is not Role.CLIENT or person.company_id != project.company_id:
            raise NotAllowed()
        if stage.status != StageStatus.WAITING:
            raise DomainError("project-not-waiting")
        return stage

    async def updates(self, project_id: int, limit: int = 5) -> list[ProjectUpdate]:
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT u.*, p.full_name, s.title AS stage_title FROM project_updates u"
                " LEFT JOIN people p ON p.telegram_id = u.author_id"
                " LEFT JOIN project_stages s ON s.id = u.stage_id"
                " WHERE u.project_id = ? ORDER BY u.id DESC LIMIT ?",
                (project_id, limit),
            )
        return [
            ProjectUpdate(
                r["kind"],
                r["text"],
                json.loads(r["file"]) if r["file"] else None,
                r["at"],
                r["full_name"],
                r["stage_title"],
            )
            for r in rows
        ]

    async def deadline_moves(self, project: Project) -> list[DeadlineMove]:
        """Every move of the project's deadlines, oldest first (the timeline marks them)."""
        ids = [stage.id for stage in project.stages]
        if not ids:
            return []
        async with self.db.reading() as conn:
            of_stages, of_stages_params = in_list("stage_id", ids)
            rows = await conn.execute_fetchall(
                "SELECT stage_id, old_date, new_date, reason FROM deadline_changes"
                f" WHERE {of_stages} ORDER BY id",
                of_stages_params,
            )
        return [
            DeadlineMove(
                row["stage_id"],
                date.fromisoformat(row["old_date"]) if row["old_date"] else None,
                date.fromisoformat(row["new_date"]),
                row["reason"],
            )
            for row in rows
        ]

    async def ratings(self, project_id: int) -> list[Rating]:
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT r.score, r.comment, s.title, p.full_name FROM ratings r"
                " LEFT JOIN project_stages s ON s.id = r.stage_id"
                " JOIN people p ON p.telegram_id = r.client_id WHERE r.project_id = ?"
                " ORDER BY r.id",
                (project_id,),
            )
        return [Rating(r[0], r[1], r[2], r[3]) for r in rows]

    # the AM moves the work ----------------------------------------------------

    async def start_stage(self, actor: Person, stage_id: int) -> Project:
        async with self.db.transaction() as conn:
            project, stage = await self._stage_for_manager(conn, actor, stage_id)
            if stage.status in (StageStatus.IN_PROGRESS, StageStatus.DONE):
                return project
            await conn.execute(
                "UPDATE project_stages SET status = 'in_progress', started_at = ?,"
                " waiting_for = NULL, waiting_until = NULL, waiting_since = NULL WHERE id = ?",
                (self.db.now_text(), stage_id),
            )
            await self._record(conn, project, stage, actor, "stage_started", None)
            return await self._tell_clients(
                conn, project, StageStarted(project.id, stage_id, stage.title)
            )

    async def finish_stage(self, actor: Person, stage_id: int) -> Project:
        async with self.db.transaction() as conn:
            project, stage = await self._stage_for_manager(conn, actor, stage_id)
            if stage.done:
                return project
            await conn.execute(
                "UPDATE project_stages SET status = 'done', progress = 100, finished_at = ?,"
                " waiting_for = NULL, waiting_until = NULL, waiting_since = NULL WHERE id = ?",
                (self.db.now_text(), stage_id),
            )
            await self._record(conn, project, stage, actor, "stage_finished", None)
            await self._ask_rating(conn, project, stage)
            return await self._tell_clients(
                conn, project, StageFinished(project.id, stage_id, stage.title)
            )

    async def set_progress(self, actor: Person, stage_id: int, percent: int) -> Project:
        if not 0 <= percent <= 100:
            raise InvalidInput("project-progress-range")
        async with self.db.transaction() as conn:
            project, stage = await self._stage_for_manager(conn, actor, stage_id)
            status = (
                StageStatus.IN_PROGRESS if stage.status == StageStatus.PLANNED else stage.status
            )
            await conn.execute(
                "UPDATE project_stages SET progress = ?, status = ? WHERE id = ?",
                (percent, status, stage_id),
            )
            await self._touch(conn, project.id)
            return await self._load(conn, project.id)

    async def wait_for_client(
        self, actor: Person, stage_id: int, what: str, until: date
    ) -> Project:
        need = forms.bounded_text(what, 500)
        if until < self.today(actor):
            raise InvalidInput("form-date-not-future")
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            project, stage = await self._stage_for_manager(conn, actor, stage_id)
            await conn.execute(
                "UPDATE project_stages SET status = 'waiting_client', waiting_for = ?,"
                " waiting_until = ?, waiting_since = ? WHERE id = ?",
                (need, until.isoformat(), now, stage_id),
            )
            await self._record(conn, project, stage, actor, "waiting_client", need)
            return await self._tell_clients(
                conn, project, WaitingForClient(project.id, stage_id, stage.title, need, until, now)
            )

    async def change_deadline(
        self, actor: Person, stage_id: int, new_date: date, reason: str
    ) -> Project:
        why = forms.bounded_text(reason, 500)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            project, stage = await self._stage_for_manager(conn, actor, stage_id)
            if stage.deadline == new_date:
                return project
            await conn.execute(
                "UPDATE project_stages SET deadline = ?, deadline_set_at = ? WHERE id = ?",
                (new_date.isoformat(), now, stage_id),
            )
            await conn.execute(
                "INSERT INTO deadline_changes (stage_id, old_date, new_date, reason, changed_by,"
                " at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    stage_id,
                    stage.deadline.isoformat() if stage.deadline else None,
                    new_date.isoformat(),
                    why,
                    actor.telegram_id,
                    now,
                ),
            )
            await self._record(conn, project, stage, actor, "deadline_changed", why)
            return await self._tell_clients(
                conn,
                project,
                DeadlineMoved(
                    project.id, stage_id, stage.title, stage.deadline, new_date, why, now
                ),
            )

    async def post_update(
        self, actor: Person, project_id: int, text: str, file: dict[str, Any] | None
    ) -> Project:
        body = forms.message_body(text, file, 3000)
        async with self.db.transaction() as conn:
            project = await self._load(conn, project_id)
            _require_manager(actor, project)
            update_id = await self._record(conn, project, None, actor, "update", body or None, file)
            shared = TelegramFile.of(file)
            return await self._tell_clients(
                conn,
                project,
                ProjectNews(project.id, update_id, body or None, actor.display_name),
                ProjectFile(project.id, update_id, shared) if shared else None,
            )

    async def set_status(self, actor: Person, project_id: int, status: str) -> Project:
        if status not in (
            ProjectStatus.ACTIVE,
            ProjectStatus.PAUSED,
            ProjectStatus.DONE,
            ProjectStatus.CANCELLED,
        ):
            raise InvalidInput()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            project = await self._load(conn, project_id)
            _require_manager(actor, project)
            if project.status == status:
                return project
            if project.status not in OPEN_PROJECT:
                raise DomainError("project-closed")
            closed = now if status in (ProjectStatus.DONE, ProjectStatus.CANCELLED) else None
            await conn.execute(
                "UPDATE projects SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?",
                (status, now, closed, project_id),
            )
            await self._record(conn, project, None, actor, f"project_{status}", None)
            if status == ProjectStatus.DONE:
                await self._ask_rating(conn, project, None)
            return await self._tell_clients(
                conn, project, ProjectStatusChanged(project_id, ProjectStatus(status), now)
            )

    # the client -------------------------------------------------------------------

    async def client_answer(
        self, person: Person, stage_id: int, text: str, file: dict[str, Any] | None
    ) -> Project:
        """The client answers a stage that waits for them; the AM hears at once."""
        body = forms.message_body(text, file, 3000)
        async with self.db.transaction() as conn:
            stage = await _stage(conn, stage_id)
            project = await self._load(conn, stage.project_id)
            if person.role is not Role.CLIENT or person.company_id != project.company_id:
                raise NotAllowed()
            if stage.status != StageStatus.WAITING:
                raise DomainError("project-not-waiting")
            await conn.execute(
                "UPDATE project_stages SET status = 'in_progress', waiting_for = NULL,"
                " waiting_until = NULL, waiting_since = NULL WHERE id = ?",
                (stage_id,),
            )
            update_id = await self._record(
                conn, project, stage, person, "client_answer", body or None, file
            )
            for recipient in await recipients.manager_or_heads(conn, project.manager_id):
                await enqueue(
                    conn,
                    self.db.clock.now(),
                    recipient,
                    ClientAnsweredStage(
                        project.id,
                        update_id,
                        stage.title,
                        person.display_name,
                        body or None,
                        TelegramFile.of(file),
                    ),
                )
            return await self._load(conn, project.id)

    async def rate(self, person: Person, project_id: int, stage_id: int | None, score: int) -> int:
        """Store a 1–5 rating; a low one alerts the AM and the heads at once."""
        if not 1 <= score <= 5:
            raise InvalidInput()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            project = await self._load(conn, project_id)
            if person.role is not Role.CLIENT or person.company_id != project.company_id:
                raise NotAllowed()
            rating_id = await inserted_id_if_any(
                conn,
                "INSERT INTO ratings (project_id, stage_id, client_id, score, at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                (project_id, stage_id, person.telegram_id, score, now),
            )
            if rating_id is None:
                raise DomainError("project-already-rated")
            await audit.record(
                conn,
                now,
                person.telegram_id,
                "project.rated",
                f"project:{project_id}",
                score=score,
                stage_id=stage_id,
            )
            if score <= LOW_RATING:
                stage_title = project.stage(stage_id).title if stage_id else None
                await self._escalate_rating(
                    conn, project, person, rating_id, score, stage_title, None
                )
            return rating_id

    async def comment_rating(self, person: Person, rating_id: int, text: str) -> None:
        comment = forms.bounded_text(text, 2000)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT r.*, s.title AS stage_title FROM ratings r"
                " LEFT JOIN project_stages s ON s.id = r.stage_id WHERE r.id = ?",
                (rating_id,),
            )
            rating = await cursor.fetchone()
            if rating is None or rating["client_id"] != person.telegram_id:
                raise NotFound()
            await conn.execute("UPDATE ratings SET comment = ? WHERE id = ?", (comment, rating_id))
            if rating["score"] <= LOW_RATING:
                project = await self._load(conn, rating["project_id"])
                await self._escalate_rating(
                    conn,
                    project,
                    person,
                    rating_id,
                    rating["score"],
                    rating["stage_title"],
                    comment,
                )

    async def set_weekly_summary(self, person: Person, enabled: bool) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET weekly_summary = ? WHERE telegram_id = ?",
                (int(enabled), person.telegram_id),
            )

    async def rating_stats(self, actor: Person) -> list[dict[str, Any]]:
        """For a head: per AM, how many ratings, their average and how many were low."""
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT COALESCE(m.full_name, '—') AS manager, COUNT(r.id) AS count,"
                " AVG(r.score) AS average,"
                " SUM(CASE WHEN r.score <= ? THEN 1 ELSE 0 END) AS low,"
                " (SELECT COUNT(*) FROM projects x WHERE x.manager_id = p.manager_id"
                "  AND x.status IN ('active', 'paused')) AS active"
                " FROM projects p LEFT JOIN ratings r ON r.project_id = p.id"
                " LEFT JOIN people m ON m.telegram_id = p.manager_id"
                " GROUP BY p.manager_id, m.full_name ORDER BY manager",
                (LOW_RATING,),
            )
            return [dict(row) for row in rows]

    # internals ----------------------------------------------------------------------

    async def _escalate_rating(
        self,
        conn: Connection,
        project: Project,
        client: Person,
        rating_id: int,
        score: int,
        stage_title: str | None,
        comment: str | None,
    ) -> None:
        for recipient in await recipients.manager_and_heads(conn, project.manager_id):
            await enqueue(
                conn,
                self.db.clock.now(),
                recipient,
                LowRating(
                    project.id, rating_id, score, stage_title, client.display_name, comment or None
                ),
            )

    async def _ask_rating(self, conn: Connection, project: Project, stage: Stage | None) -> None:
        await recipients.tell_clients(
            conn,
            self.db.clock.now(),
            project.company_id,
            RatingRequest(project.id, stage.id if stage else 0, stage.title if stage else None),
        )

    async def _tell_clients(
        self,
        conn: Connection,
        project: Project,
        news: ProjectNotice,
        file: ProjectFile | None = None,
    ) -> Project:
        await self._touch(conn, project.id)
        now = self.db.clock.now()
        await recipients.tell_clients(conn, now, project.company_id, news)
        if file is not None:  # after the news, so each client reads the text before the file
            await recipients.tell_clients(conn, now, project.company_id, file)
        return await self._load(conn, project.id)

    async def _record(
        self,
        conn: Connection,
        project: Project,
        stage: Stage | None,
        actor: Person,
        kind: str,
        text: str | None,
        file: dict[str, Any] | None = None,
    ) -> int:
        now = self.db.now_text()
        update_id = await inserted_id(
            conn,
            "INSERT INTO project_updates (project_id, stage_id, author_id, kind, text, file, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                project.id,
                stage.id if stage else None,
                actor.telegram_id,
                kind,
                text,
                json.dumps(file, ensure_ascii=False) if file else None,
                now,
            ),
        )
        await audit.record(
            conn,
            now,
            actor.telegram_id,
            f"project.{kind}",
            f"project:{project.id}",
            stage_id=stage.id if stage else None,
        )
        return update_id

    async def _touch(self, conn: Connection, project_id: int) -> None:
        await conn.execute(
            "UPDATE projects SET updated_at = ? WHERE id = ?", (self.db.now_text(), project_id)
        )

    async def _stage_for_manager(
        self, conn: Connection, actor: Person, stage_id: int
    ) -> tuple[Project, Stage]:
        stage = await _stage(conn, stage_id)
        project = await self._load(conn, stage.project_id)
        _require_manager(actor, project)
        if project.status not in OPEN_PROJECT:
            raise DomainError("project-closed")
        return project, stage

    async def _load(self, conn: Reading, project_id: int) -> Project:
        found = await _load_many(conn, "p.id = ?", (project_id,))
        if not found:
            raise NotFound("project-not-found")
        return found[0]


@dataclass(frozen=True)
class NewProject:
    company_id: int
    manager_id: int
    title: str
    stages: list[dict[str, Any]]  # forms.parse_stages: a title and a due date or days
    proposal_id: int | None = None  # the accepted proposal it was made from
    revision_rounds: int | None = None  # included in the price (None: the agency's default)


async def insert_project(
    conn: Connection, project: NewProject, *, actor_id: int, today: date, now: str
) -> int:
    """The one place a project and its stages are written, inside the caller's
    transaction (/newproject, or a client accepting a proposal)."""
    project_id = await inserted_id(
        conn,
        "INSERT INTO projects (company_id, manager_id, proposal_id, title, revision_rounds,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            project.company_id,
            project.manager_id,
            project.proposal_id,
            project.title,
            project.revision_rounds,
            now,
            now,
        ),
    )
    deadlines = forms.stage_deadlines(project.stages, today)
    await conn.executemany(
        "INSERT INTO project_stages (project_id, position, title, deadline, deadline_set_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (project_id, position, stage["title"], deadline.isoformat(), now)
            for position, (stage, deadline) in enumerate(
                zip(project.stages, deadlines, strict=True), 1
            )
        ],
    )
    details = {"proposal_id": project.proposal_id} if project.proposal_id is not None else {}
    await audit.record(conn, now, actor_id, "project.created", f"project:{project_id}", **details)
    return project_id


async def _load_many(conn: Reading, where: str, params: Sequence[Any]) -> list[Project]:
    """Projects matching `where` (on `p`, the projects table), with their stages: two
    queries however many projects there are."""
    rows = await conn.execute_fetchall(
        "SELECT p.*, c.name AS company_name, m.full_name AS manager_name FROM projects p"
        " JOIN companies c ON c.id = p.company_id"
        f" LEFT JOIN people m ON m.telegram_id = p.manager_id WHERE {where} ORDER BY p.id",
        params,
    )
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    stages: dict[int, list[Stage]] = {project_id: [] for project_id in ids}
    of_projects, of_projects_params = in_list("project_id", ids)
    for stage in await conn.execute_fetchall(
        f"SELECT s.*, {AWAITING} FROM project_stages s WHERE {of_projects}"
        " ORDER BY project_id, position",
        of_projects_params,
    ):
        stages[stage["project_id"]].append(stage_from_row(stage))
    return [
        Project(
            id=row["id"],
            company_id=row["company_id"],
            company_name=row["company_name"],
            manager_id=row["manager_id"],
            manager_name=row["manager_name"],
            title=row["title"],
            status=row["status"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            stages=stages[row["id"]],
        )
        for row in rows
    ]


def stage_from_row(row: Row) -> Stage:
    return Stage(
        id=row["id"],
        project_id=row["project_id"],
        position=row["position"],
        title=row["title"],
        deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
        status=row["status"],
        progress=row["progress"],
        waiting_for=row["waiting_for"],
        waiting_until=date.fromisoformat(row["waiting_until"]) if row["waiting_until"] else None,
        waiting_since=row["waiting_since"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        awaiting_version=row["awaiting"],
    )


async def _stage(conn: Reading, stage_id: int) -> Stage:
    cursor = await conn.execute(
        f"SELECT s.*, {AWAITING} FROM project_stages s WHERE id = ?", (stage_id,)
    )
    row = await cursor.fetchone()
    if row is None:
        raise NotFound()
    return stage_from_row(row)


def _require_manager(actor: Person, project: Project) -> None:
    if actor.role is Role.HEAD:
        return
    if actor.role is not Role.MANAGER or project.manager_id != actor.telegram_id:
        raise NotAllowed()
