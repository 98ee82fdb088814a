"""Briefs: a client fills a template question by question; the AM gets it on submit.

The draft row is the conversation: its answers and the question on screen live in
the database, so a restart or a redeploy continues at the same question.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.db import Connection, Database, Reading, inserted_id
from services.delivery.notices import (
    BriefDocument,
    BriefFile,
    BriefQuestionAnswered,
    BriefQuestionAsked,
    BriefSubmitted,
    BriefTaken,
    TelegramFile,
)
from services.delivery.outbox import enqueue
from services.platform import audit
from services.platform.errors import NotAllowed, NotFound
from services.questionnaires import forms
from services.questionnaires.form_templates import FormTemplate, QuestionType
from services.questionnaires.forms import FormDraft, FormService


class BriefStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_WORK = "in_work"
    PROPOSAL = "proposal"  # a proposal for it is on its way to the client
    ACCEPTED = "accepted"  # the client accepted that proposal


async def proposal_started(conn: Connection, brief_id: int) -> None:
    """A proposal for the brief went to approval or to the client."""
    await conn.execute(
        "UPDATE briefs SET status = ? WHERE id = ? AND status != ?",
        (BriefStatus.PROPOSAL.value, brief_id, BriefStatus.DRAFT.value),
    )


async def proposal_dropped(conn: Connection, brief_id: int) -> None:
    """The head rejected the brief's proposal, or the client declined it: back in work."""
    await conn.execute(
        "UPDATE briefs SET status = ? WHERE id = ? AND status = ?",
        (BriefStatus.IN_WORK.value, brief_id, BriefStatus.PROPOSAL.value),
    )


async def proposal_accepted(conn: Connection, brief_id: int) -> None:
    await conn.execute(
        "UPDATE briefs SET status = ? WHERE id = ?", (BriefStatus.ACCEPTED.value, brief_id)
    )


@dataclass(frozen=True, kw_only=True)
class Brief(FormDraft):
    company_id: int
    company_name: str
    client_id: int
    client_name: str
    status: str
    submitted_at: str | None = None
    taken_by: int | None = None
    taken_by_name: str | None = None
    manager_id: int | None = None
    manager_name: str | None = None


@dataclass(frozen=True)
class BriefQuestion:
    id: int
    brief_id: int
    asked_by: int
    question: str
    answer: str | None


@dataclass(frozen=True)
class TemplateChoice:
    template: FormTemplate
    enabled: bool


class Briefs(FormService[Brief]):
    table = "briefs"
    also_on_save = ", nudged_at = NULL"

    def __init__(
        self, db: Database, templates: dict[str, FormTemplate], default_timezone: str
    ) -> None:
        super().__init__(db, default_timezone)
        self.templates = templates

    # templates ---------------------------------------------------------------

    async def template_choices(self) -> list[TemplateChoice]:
        async with self.db.reading() as conn:
            cursor = await conn.execute("SELECT template_id FROM brief_templates_disabled")
            disabled = {row[0] for row in await cursor.fetchall()}
        return [TemplateChoice(t, t.id not in disabled) for t in self.templates.values()]

    async def enabled_templates(self) -> list[FormTemplate]:
        return [choice.template for choice in await self.template_choices() if choice.enabled]

    async def set_template_enabled(self, actor: Person, template_id: str, enabled: bool) -> None:
        if actor.role is not Role.HEAD:
            raise NotAllowed()
        if template_id not in self.templates:
            raise NotFound()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            if enabled:
                await conn.execute(
                    "DELETE FROM brief_templates_disabled WHERE template_id = ?", (template_id,)
                )
            else:
                await conn.execute(
                    "INSERT INTO brief_templates_disabled (template_id, disabled_by, disabled_at)"
                    " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (template_id, actor.telegram_id, now),
                )
            await audit.record(
                conn,
                now,
                actor.telegram_id,
                "brief_template.enabled" if enabled else "brief_template.disabled",
                f"brief_template:{template_id}",
            )

    # the client's draft ------------------------------------------------------

    async def draft_of(self, person: Person) -> Brief | None:
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT id FROM briefs WHERE client_id = ? AND status = 'draft'",
                (person.telegram_id,),
            )
            row = await cursor.fetchone()
            return await self._load(conn, row[0]) if row else None

    async def start(self, person: Person, template_id: str, *, replace: bool = False) -> Brief:
        """Open a new draft; with `replace`, an unfinished draft is thrown away first."""
        if person.role is not Role.CLIENT or person.company_id is None:
            raise NotAllowed()
        enabled = {t.id for t in await self.enabled_templates()}
        if template_id not in enabled:
            raise NotFound("brief-template-unavailable")
        template = self.templates[template_id]
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT id FROM briefs WHERE client_id = ? AND status = 'draft'",
                (person.telegram_id,),
            )
            existing = await cursor.fetchone()
            if existing is not None:
                if not replace:
                    return await self._load(conn, existing[0])
                await conn.execute("DELETE FROM briefs WHERE id = ?", (existing[0],))
                await audit.record(
                    conn, now, person.telegram_id, "brief.draft_discarded", f"brief:{existing[0]}"
                )
            brief_id = await inserted_id(
                conn,
                "INSERT INTO briefs (company_id, client_id, template_id, template_version,"
                " current_question, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (
                    person.company_id,
                    person.telegram_id,
                    template.id,
                    template.version,
                    forms.first_step(template).current,
                    now,
                    now,
                ),
            )
            await audit.record(
                conn,
                now,
                person.telegram_id,
                "brief.started",
                f"brief:{brief_id}",
                template=template.id,
            )
            return await self._load(conn, brief_id)

    async def submit(self, person: Person, brief_id: int) -> Brief:
        """Send the brief: the AM (or, with no AM, the heads) gets the alert and the document."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            brief = await self._own_draft(conn, person, brief_id)
            answers = forms.final_answers(brief)
            await conn.execute(
                "UPDATE briefs SET status = 'submitted', answers = ?, current_question = NULL,"
                " editing = 0, submitted_at = ?, updated_at = ?, template_snapshot = ?"
                " WHERE id = ?",
                (
                    json.dumps(answers, ensure_ascii=False),
                    now,
                    now,
                    brief.template.model_dump_json(),
                    brief.id,
                ),
            )
            await audit.record(
                conn, now, person.telegram_id, "brief.submitted", f"brief:{brief.id}"
            )
            submitted = await self._load(conn, brief.id)
            for recipient in await recipients.manager_or_heads(conn, submitted.manager_id):
                await self._enqueue_alert(conn, submitted, recipient)
            return submitted

    async def _enqueue_alert(self, conn: Connection, brief: Brief, recipient: int) -> None:
        moment = self.db.clock.now()
        await enqueue(conn, moment, recipient, BriefSubmitted(brief.id))
        await enqueue(conn, moment, recipient, BriefDocument(brief.id))
        for question, files in brief.answered():
            if question.type is not QuestionType.FILE:
                continue
            for index, file in enumerate(files):
                await enqueue(
                    conn,
                    moment,
                    recipient,
                    BriefFile(
                        brief.id, question.id, index, TelegramFile(file["file_id"], file["media"])
                    ),
                )

    # the AM's side -----------------------------------------------------------

    async def get_for_staff(self, actor: Person, brief_id: int) -> Brief:
        async with self.db.reading() as conn:
            return await self._submitted_for_staff(conn, actor, brief_id)

    async def get_for_render(self, brief_id: int) -> Brief | None:
        """For the bot's own rendering of a document it was asked to deliver."""
        async with self.db.reading() as conn:
            return await self._load(conn, brief_id)

    async def take(self, actor: Person, brief_id: int) -> Brief:
        """“Take into work”: the first to press wins; pressing again is harmless."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            brief = await self._submitted_for_staff(conn, actor, brief_id)
            cursor = await conn.execute(
                "UPDATE briefs SET status = 'in_work', taken_by = ?, taken_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'submitted'",
                (actor.telegram_id, now, now, brief_id),
            )
            if cursor.rowcount:
                await audit.record(conn, now, actor.telegram_id, "brief.taken", f"brief:{brief_id}")
                await enqueue(
                    conn,
                    self.db.clock.now(),
                    brief.client_id,
                    BriefTaken(brief_id, actor.display_name),
                )
            taken = await self._load(conn, brief_id)
            assert taken is not None
            return taken

    async def list_for_staff(self, actor: Person) -> list[Brief]:
        if not actor.is_staff:
            raise NotAllowed()
        async with self.db.reading() as conn:
            own = "" if actor.role is Role.HEAD else " AND c.manager_id = ?"
            cursor = await conn.execute(
                "SELECT b.id FROM briefs b JOIN companies c ON c.id = b.company_id"
                f" WHERE b.status != 'draft'{own}"
                " ORDER BY CASE b.status WHEN 'submitted' THEN 0 WHEN 'in_work' THEN 1 ELSE 2 END,"
                " b.submitted_at DESC LIMIT 50",
                () if actor.role is Role.HEAD else (actor.telegram_id,),
            )
            return [await self._load(conn, row[0]) for row in await cursor.fetchall()]

    async def list_for_client(self, person: Person) -> list[Brief]:
        if person.role is not Role.CLIENT or person.company_id is None:
            raise NotAllowed()
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT id FROM briefs WHERE company_id = ? AND (status != 'draft'"
                " OR client_id = ?) ORDER BY id DESC LIMIT 30",
                (person.company_id, person.telegram_id),
            )
            return [await self._load(conn, row[0]) for row in await cursor.fetchall()]

    async def ask(self, actor: Person, brief_id: int, text: str) -> BriefQuestion:
        """The AM asks the client about the brief; the client gets it with a Reply button."""
        question_text = forms.bounded_text(text, 2000)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            brief = await self._submitted_for_staff(conn, actor, brief_id)
            question_id = await inserted_id(
                conn,
                "INSERT INTO brief_questions (brief_id, asked_by, question, asked_at)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                (brief_id, actor.telegram_id, question_text, now),
            )
            await audit.record(
                conn, now, actor.telegram_id, "brief.question_asked", f"brief:{brief_id}"
            )
            await enqueue(
                conn,
                self.db.clock.now(),
                brief.client_id,
                BriefQuestionAsked(brief_id, question_id, actor.display_name, question_text),
            )
            return BriefQuestion(question_id, brief_id, actor.telegram_id, question_text, None)

    async def question_for_client(self, person: Person, question_id: int) -> BriefQuestion:
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT q.*, b.company_id FROM brief_questions q JOIN briefs b ON b.id = q.brief_id"
                " WHERE q.id = ?",
                (question_id,),
            )
            row = await cursor.fetchone()
        if row is None:
            raise NotFound()
        if person.role is not Role.CLIENT or person.company_id != row["company_id"]:
            raise NotAllowed()
        return BriefQuestion(
            row["id"], row["brief_id"], row["asked_by"], row["question"], row["answer"]
        )

    async def answer_question(self, person: Person, question_id: int, text: str) -> BriefQuestion:
        answer = forms.bounded_text(text, 3500)
        question = await self.question_for_client(person, question_id)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE brief_questions SET answer = ?, answered_by = ?, answered_at = ?"
                " WHERE id = ?",
                (answer, person.telegram_id, now, question_id),
            )
            await audit.record(
                conn,
                now,
                person.telegram_id,
                "brief.question_answered",
                f"brief:{question.brief_id}",
            )
            await enqueue(
                conn,
                self.db.clock.now(),
                question.asked_by,
                BriefQuestionAnswered(
                    question.brief_id,
                    question_id,
                    person.display_name,
                    question.question,
                    answer,
                    now,
                ),
            )
        return BriefQuestion(
            question.id, question.brief_id, question.asked_by, question.question, answer
        )

    async def questions_of(self, brief_id: int) -> list[BriefQuestion]:
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT * FROM brief_questions WHERE brief_id = ? ORDER BY id", (brief_id,)
            )
            return [
                BriefQuestion(r["id"], r["brief_id"], r["asked_by"], r["question"], r["answer"])
                for r in await cursor.fetchall()
            ]

    # internals -----------------------------------------------------------------

    async def _submitted_for_staff(self, conn: Reading, actor: Person, brief_id: int) -> Brief:
        """A sent brief, for the company's AM or a head only."""
        brief = await self._find(conn, brief_id)
        if brief is None or brief.status == BriefStatus.DRAFT:
            raise NotFound()
        _require_company_staff(actor, brief)
        return brief

    async def _own_draft(self, conn: Reading, person: Person, brief_id: int) -> Brief:
        brief = await self._find(conn, brief_id)
        if brief is None or brief.client_id != person.telegram_id:
            raise NotFound("brief-not-found")
        if brief.status != BriefStatus.DRAFT:
            raise forms.InvalidAnswer("brief-already-submitted")
        return brief

    async def _load(self, conn: Reading, brief_id: int) -> Brief:
        brief = await self._find(conn, brief_id)
        if brief is None:
            raise NotFound("brief-not-found")
        return brief

    async def _find(self, conn: Reading, brief_id: int) -> Brief | None:
        cursor = await conn.execute(
            "SELECT b.*, c.name AS company_name, c.manager_id, p.full_name AS client_name,"
            " t.full_name AS taken_by_name, m.full_name AS manager_name FROM briefs b"
            " JOIN companies c ON c.id = b.company_id"
            " LEFT JOIN people m ON m.telegram_id = c.manager_id"
            " JOIN people p ON p.telegram_id = b.client_id"
            " LEFT JOIN people t ON t.telegram_id = b.taken_by WHERE b.id = ?",
            (brief_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        template: FormTemplate | None
        if row["template_snapshot"] is not None:
            template = FormTemplate.model_validate_json(row["template_snapshot"])
        else:
            template = self.templates.get(row["template_id"])
        if template is None:
            raise NotFound("brief-template-unavailable")
        return Brief(
            id=row["id"],
            company_id=row["company_id"],
            company_name=row["company_name"],
            client_id=row["client_id"],
            client_name=row["client_name"],
            template=template,
            status=row["status"],
            answers=json.loads(row["answers"]),
            current_question=row["current_question"],
            editing=bool(row["editing"]),
            submitted_at=row["submitted_at"],
            taken_by=row["taken_by"],
            taken_by_name=row["taken_by_name"],
            manager_id=row["manager_id"],
            manager_name=row["manager_name"] or None,
        )


def _require_company_staff(actor: Person, brief: Brief) -> None:
    if actor.role is Role.HEAD:
        return
    if actor.role is not Role.MANAGER or brief.manager_id != actor.telegram_id:
        raise NotAllowed()
