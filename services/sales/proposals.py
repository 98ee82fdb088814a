"""Proposals: an AM drafts, a head approves (first decision wins), the client accepts.

Every step is a row in proposal_events, so the card can show the whole history of
versions and decisions. An accepted proposal becomes a project with its stages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.conversation.chat import Chat
from services.db import Connection, Database, Reading, Row, inserted_id
from services.delivery.notices import (
    ProposalAccepted,
    ProposalAudience,
    ProposalCard,
    ProposalCardDecided,
    ProposalDeclined,
    ProposalFile,
    ProposalOffer,
    ProposalVerdict,
    TelegramFile,
    Verdict,
    proposal_subject,
)
from services.delivery.outbox import enqueue, sent_messages
from services.platform import audit
from services.platform.errors import DomainError, NotAllowed, NotFound
from services.platform.parsing import Money, parse_money
from services.questionnaires import briefs, forms
from services.questionnaires.form_templates import FormTemplate
from services.questionnaires.forms import FormDraft, FormService
from services.work import projects

THRESHOLD_KEY = "proposal_approval_threshold"
EDITABLE = ("draft", "returned")


class ProposalStatus:
    DRAFT = "draft"
    PENDING = "pending"
    RETURNED = "returned"
    REJECTED = "rejected"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AlreadyDecided(DomainError):
    key = "proposal-already-decided"


@dataclass(frozen=True)
class ProposalEvent:
    version: int
    at: str
    actor_name: str | None
    action: str
    comment: str | None


@dataclass(frozen=True, kw_only=True)
class Proposal(FormDraft):
    company_id: int
    company_name: str
    manager_id: int | None
    brief_id: int | None
    author_id: int
    author_name: str
    status: str
    version: int
    submitted_at: str | None
    sent_at: str | None
    project_id: int | None
    approval_needed: bool = True

    @property
    def price(self) -> Money | None:
        value = self.answers.get("price")
        return Money(value["minor"], value["currency"]) if value else None

    @property
    def title(self) -> str:
        return str(self.answers.get("title") or "")


@dataclass(frozen=True)
class ApprovalPolicy:
    """Below the threshold (in its currency) an AM may send without a head's approval."""

    threshold: Money | None

    def needs_approval(self, price: Money | None) -> bool:
        if self.threshold is None or price is None:
            return True
        if price.currency != self.threshold.currency:
            return True  # amounts in other currencies are not compared: a head decides
        return price.minor >= self.threshold.minor


class Proposals(FormService[Proposal]):
    table = "proposals"

    def __init__(
        self,
        db: Database,
        form: FormTemplate,
        *,
        default_timezone: str,
        default_threshold: str | None,
        chat: Chat,
    ) -> None:
        super().__init__(db, default_timezone)
        self.chat = chat
        self.form = form
        self.default_threshold = default_threshold

    # drafting -----------------------------------------------------------------

    async def start(self, author: Person, company_id: int, brief_id: int | None = None) -> Proposal:
        """A new draft for a client company, optionally answering one of its briefs."""
        if not author.is_staff:
            raise NotAllowed()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            company = await _company(conn, company_id)
            if author.role is not Role.HEAD and company["manager_id"] != author.telegram_id:
                raise NotAllowed()
            if brief_id is not None:
                cursor = await conn.execute(
                    "SELECT company_id FROM briefs WHERE id = ? AND status != 'draft'", (brief_id,)
                )
                brief = await cursor.fetchone()
                if brief is None or brief["company_id"] != company_id:
                    raise NotFound("brief-not-found")
            proposal_id = await inserted_id(
                conn,
                "INSERT INTO proposals (company_id, brief_id, author_id, current_question,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    company_id,
                    brief_id,
                    author.telegram_id,
                    forms.first_step(self.form).current,
                    now,
                    now,
                ),
            )
            await audit.record(
                conn,
                now,
                author.telegram_id,
                "proposal.started",
                f"proposal:{proposal_id}",
                brief_id=brief_id,
            )
            return await self._load(conn, proposal_id)

    async def drafts_of(self, author: Person) -> list[Proposal]:
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT id FROM proposals WHERE author_id = ? AND status IN ('draft', 'returned')"
                " ORDER BY updated_at DESC LIMIT 20",
                (author.telegram_id,),
            )
            return [await self._load(conn, row[0]) for row in await cursor.fetchall()]

    async def delete_draft(self, author: Person, proposal_id: int) -> None:
        async with self.db.transaction() as conn:
            proposal = await self._own_draft(conn, author, proposal_id)
            if proposal.status != ProposalStatus.DRAFT or proposal.version > 1:
                raise DomainError("proposal-cannot-delete")
            await conn.execute("DELETE FROM proposals WHERE id = ?", (proposal_id,))
            await audit.record(
                conn,
                self.db.now_text(),
                author.telegram_id,
                "proposal.deleted",
                f"proposal:{proposal_id}",
            )

    async def policy(self) -> ApprovalPolicy:
        async with self.db.reading() as conn:
            return await self._policy_in(conn)

    async def set_threshold(self, head: Person, text: str) -> ApprovalPolicy:
        """A head changes the threshold; '0' means every proposal needs approval."""
        if head.role is not Role.HEAD:
            raise NotAllowed()
        if text.strip() == "0":
            value = "0"
        else:
            money = parse_money(text)
            value = f"{money.minor // 100}.{money.minor % 100:02d} {money.currency}"
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO app_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                (THRESHOLD_KEY, value, head.telegram_id, now),
            )
            await audit.record(
                conn, now, head.telegram_id, "settings.changed", THRESHOLD_KEY, value=value
            )
        return await self.policy()

    # approval -----------------------------------------------------------------

    async def submit_for_approval(self, author: Person, proposal_id: int) -> Proposal:
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            proposal = await self._own_draft(conn, author, proposal_id)
            answers = forms.final_answers(proposal)
            heads = await recipients.heads(conn)
            if not heads:
                raise DomainError("proposal-no-heads")
            version = proposal.version + (1 if proposal.status == ProposalStatus.RETURNED else 0)
            await self._freeze(conn, proposal, answers, ProposalStatus.PENDING, version, now)
            await conn.execute(
                "UPDATE proposals SET submitted_at = ? WHERE id = ?", (now, proposal_id)
            )
            await self._event(
                conn,
                proposal_id,
                version,
                author.telegram_id,
                "resubmitted" if version > 1 else "submitted",
            )
            if proposal.brief_id is not None:
                await briefs.proposal_started(conn, proposal.brief_id)
            submitted = await self._load(conn, proposal_id)
            for head_id in heads:
                await self._enqueue_card(conn, submitted, head_id)
            return submitted

    async def send_without_approval(self, author: Person, proposal_id: int) -> Proposal:
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            proposal = await self._own_draft(conn, author, proposal_id)
            answers = forms.final_answers(proposal)
            price = Money(answers["price"]["minor"], answers["price"]["currency"])
            if (await self._policy_in(conn)).needs_approval(price):
                raise DomainError("proposal-needs-approval")
            await self._freeze(
                conn, proposal, answers, ProposalStatus.PENDING, proposal.version, now
            )
            await self._event(
                conn, proposal_id, proposal.version, author.telegram_id, "below_threshold"
            )
            return await self._send_to_client(conn, proposal_id, author.telegram_id)

    async def approve(self, head: Person, proposal_id: int, version: int) -> Proposal:
        async with self.db.transaction() as conn:
            await self._decide(
                conn, head, proposal_id, version, ProposalStatus.SENT, "approved", None
            )
            sent = await self._send_to_client(conn, proposal_id, head.telegram_id)
            await self._tell_author(conn, sent, Verdict.APPROVED, head, None)
            await self._update_cards(conn, sent)
            return sent

    async def return_for_changes(
        self, head: Person, proposal_id: int, version: int, comment: str
    ) -> Proposal:
        text = forms.bounded_text(comment, 2000)
        async with self.db.transaction() as conn:
            await self._decide(
                conn, head, proposal_id, version, ProposalStatus.RETURNED, "returned", text
            )
            await conn.execute(
                "UPDATE proposals SET current_question = NULL, editing = 0 WHERE id = ?",
                (proposal_id,),
            )
            returned = await self._load(conn, proposal_id)
            await self._tell_author(conn, returned, Verdict.RETURNED, head, text)
            await self._update_cards(conn, returned)
            return returned

    async def reject(self, head: Person, proposal_id: int, version: int, reason: str) -> Proposal:
        text = forms.bounded_text(reason, 2000)
        async with self.db.transaction() as conn:
            await self._decide(
                conn, head, proposal_id, version, ProposalStatus.REJECTED, "rejected", text
            )
            rejected = await self._load(conn, proposal_id)
            if rejected.brief_id is not None:
                await briefs.proposal_dropped(conn, rejected.brief_id)
            await self._tell_author(conn, rejected, Verdict.REJECTED, head, text)
            await self._update_cards(conn, rejected)
            return rejected

    async def check_pending(self, head: Person, proposal_id: int, version: int) -> Proposal:
        """Before asking a head for a comment: is there still something to decide?"""
        if head.role is not Role.HEAD:
            raise NotAllowed()
        async with self.db.reading() as conn:
            proposal = await self._load(conn, proposal_id)
            if proposal.status != ProposalStatus.PENDING or proposal.version != version:
                raise await self._already_decided(conn, proposal_id, version)
            return proposal

    async def _decide(
        self,
        conn: Connection,
        head: Person,
        proposal_id: int,
        version: int,
        status: str,
        action: str,
        comment: str | None,
    ) -> None:
        if head.role is not Role.HEAD:
            raise NotAllowed()
        now = self.db.now_text()
        cursor = await conn.execute(
            "UPDATE proposals SET status = ?, decided_at = ?, updated_at = ?"
            " WHERE id = ? AND version = ? AND status = 'pending'",
            (status, now, now, proposal_id, version),
        )
        if cursor.rowcount == 0:
            raise await self._already_decided(conn, proposal_id, version)
        await self._event(conn, proposal_id, version, head.telegram_id, action, comment)
        await audit.record(
            conn,
            now,
            head.telegram_id,
            f"proposal.{action}",
            f"proposal:{proposal_id}",
            version=version,
        )

    async def _already_decided(self, conn: Reading, proposal_id: int, version: int) -> DomainError:
        cursor = await conn.execute(
            "SELECT e.action, e.at, p.full_name FROM proposal_events e"
            " LEFT JOIN people p ON p.telegram_id = e.actor_id"
            " WHERE e.proposal_id = ? AND e.version = ?"
            " AND e.action IN ('approved', 'returned', 'rejected') ORDER BY e.id LIMIT 1",
            (proposal_id, version),
        )
        row = await cursor.fetchone()
        if row is None:
            return NotFound("proposal-not-pending")
        return AlreadyDecided(name=row["full_name"] or "?", decision=row["action"], at=row["at"])

    # the client ---------------------------------------------------------------

    async def for_client(self, person: Person, proposal_id: int) -> Proposal:
        async with self.db.reading() as conn:
            return await self._client_view(conn, person, proposal_id)

    async def accept(self, person: Person, proposal_id: int) -> Proposal:
        """The client accepts: a project with the proposal's stages and deadlines appears."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            proposal = await self._client_view(conn, person, proposal_id)
            await self._client_decides(conn, person, proposal, ProposalStatus.ACCEPTED, None)
            project_id = await self._create_project(conn, proposal, person)
            await conn.execute(
                "UPDATE proposals SET project_id = ? WHERE id = ?", (project_id, proposal_id)
            )
            if proposal.brief_id is not None:
                await briefs.proposal_accepted(conn, proposal.brief_id)
            moment = self.db.clock.now()
            for staff_id in await recipients.manager_and_heads(
                conn, proposal.manager_id or proposal.author_id
            ):
                await enqueue(
                    conn,
                    moment,
                    staff_id,
                    ProposalAccepted(proposal_id, person.display_name, project_id),
                )
            await audit.record(
                conn,
                now,
                person.telegram_id,
                "proposal.accepted",
                f"proposal:{proposal_id}",
                project_id=project_id,
            )
            return await self._load(conn, proposal_id)

    async def decline(self, person: Person, proposal_id: int, reason: str | None) -> Proposal:
        text = forms.bounded_text(reason, 2000) if reason else None
        async with self.db.transaction() as conn:
            proposal = await self._client_view(conn, person, proposal_id)
            await self._client_decides(conn, person, proposal, ProposalStatus.DECLINED, text)
            if proposal.brief_id is not None:
                await briefs.proposal_dropped(conn, proposal.brief_id)
            for staff_id in await recipients.manager_and_heads(
                conn, proposal.manager_id or proposal.author_id
            ):
                await enqueue(
                    conn,
                    self.db.clock.now(),
                    staff_id,
                    ProposalDeclined(proposal_id, person.display_name, text),
                )
            await audit.record(
                conn,
                self.db.now_text(),
                person.telegram_id,
                "proposal.declined",
                f"proposal:{proposal_id}",
            )
            return await self._load(conn, proposal_id)

    async def discuss(self, person: Person, proposal_id: int, text: str) -> None:
        """The client's question about a proposal joins their conversation with the AM."""
        message = forms.bounded_text(text, 3500)
        async with self.db.transaction() as conn:
            proposal = await self._client_view(conn, person, proposal_id)
            await self._event(
                conn, proposal_id, proposal.version, person.telegram_id, "discussed", message
            )
            await self.chat.relay_in(conn, person, message, None, ("proposal", str(proposal_id)))

    # views ----------------------------------------------------------------------

    async def get_for_staff(self, staff: Person, proposal_id: int) -> Proposal:
        async with self.db.reading() as conn:
            proposal = await self._load(conn, proposal_id)
        _require_owner_or_head(staff, proposal)
        return proposal

    async def get_for_render(self, proposal_id: int) -> Proposal | None:
        async with self.db.reading() as conn:
            try:
                return await self._load(conn, proposal_id)
            except NotFound:
                return None

    async def history(self, proposal_id: int) -> list[ProposalEvent]:
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT e.*, p.full_name FROM proposal_events e"
                " LEFT JOIN people p ON p.telegram_id = e.actor_id"
                " WHERE e.proposal_id = ? ORDER BY e.id",
                (proposal_id,),
            )
            return [
                ProposalEvent(r["version"], r["at"], r["full_name"], r["action"], r["comment"])
                for r in await cursor.fetchall()
            ]

    async def listing(self, person: Person) -> list[Proposal]:
        """Staff: their own (heads: all); a client: what was sent to its company."""
        async with self.db.reading() as conn:
            if person.role is Role.CLIENT:
                cursor = await conn.execute(
                    "SELECT id FROM proposals WHERE company_id = ?"
                    " AND status IN ('sent', 'accepted', 'declined') ORDER BY id DESC LIMIT 30",
                    (person.company_id,),
                )
            elif person.role is Role.HEAD:
                cursor = await conn.execute("SELECT id FROM proposals ORDER BY id DESC LIMIT 50")
            elif person.role is Role.MANAGER:
                cursor = await conn.execute(
                    "SELECT p.id FROM proposals p JOIN companies c ON c.id = p.company_id"
                    " WHERE p.author_id = ? OR c.manager_id = ? ORDER BY p.id DESC LIMIT 50",
                    (person.telegram_id, person.telegram_id),
                )
            else:
                raise NotAllowed()
            return [await self._load(conn, row[0]) for row in await cursor.fetchall()]

    # internals ------------------------------------------------------------------

    async def _own_draft(self, conn: Reading, person: Person, draft_id: int) -> Proposal:
        proposal = await self._load(conn, draft_id)
        if proposal.author_id != person.telegram_id or not person.is_staff:
            raise NotFound("proposal-not-found")
        if proposal.status not in EDITABLE:
            raise DomainError("proposal-not-editable")
        return proposal

    async def _freeze(
        self,
        conn: Connection,
        proposal: Proposal,
        answers: dict[str, Any],
        status: str,
        version: int,
        now: str,
    ) -> None:
        price = answers["price"]
        await conn.execute(
            "UPDATE proposals SET status = ?, version = ?, answers = ?, current_question = NULL,"
            " editing = 0, price_minor = ?, currency = ?, updated_at = ? WHERE id = ?",
            (
                status,
                version,
                json.dumps(answers, ensure_ascii=False),
                price["minor"],
                price["currency"],
                now,
                proposal.id,
            ),
        )

    async def _policy_in(self, conn: Reading) -> ApprovalPolicy:
        cursor = await conn.execute(
            "SELECT value FROM app_settings WHERE key = ?", (THRESHOLD_KEY,)
        )
        row = await cursor.fetchone()
        text = row[0] if row else self.default_threshold
        return ApprovalPolicy(None if not text or text == "0" else parse_money(text))

    async def _send_to_client(self, conn: Connection, proposal_id: int, actor_id: int) -> Proposal:
        now = self.db.now_text()
        await conn.execute(
            "UPDATE proposals SET status = 'sent', sent_at = ?, updated_at = ? WHERE id = ?",
            (now, now, proposal_id),
        )
        proposal = await self._load(conn, proposal_id)
        await self._event(conn, proposal_id, proposal.version, actor_id, "sent")
        clients = await recipients.company_clients(conn, proposal.company_id)
        if not clients:
            raise DomainError("proposal-no-contacts")
        moment = self.db.clock.now()
        for client_id in clients:
            await enqueue(conn, moment, client_id, ProposalOffer(proposal_id, proposal.version))
            await self._enqueue_files(conn, proposal, client_id, ProposalAudience.CLIENT)
        return proposal

    async def _enqueue_card(self, conn: Connection, proposal: Proposal, head_id: int) -> None:
        await enqueue(
            conn, self.db.clock.now(), head_id, ProposalCard(proposal.id, proposal.version)
        )
        await self._enqueue_files(conn, proposal, head_id, ProposalAudience.CARD)

    async def _enqueue_files(
        self,
        conn: Connection,
        proposal: Proposal,
        recipient: int,
        audience: ProposalAudience,
    ) -> None:
        for index, file in enumerate(proposal.answers.get("files") or []):
            await enqueue(
                conn,
                self.db.clock.now(),
                recipient,
                ProposalFile(
                    proposal.id,
                    proposal.version,
                    audience,
                    index,
                    TelegramFile(file["file_id"], file["media"]),
                ),
            )

    async def _update_cards(self, conn: Connection, proposal: Proposal) -> None:
        """Every head's card of this version now shows who decided what; no more buttons."""
        cards = await sent_messages(conn, ProposalCard, proposal_subject(proposal.id))
        for recipient_id, message_id, card in cards:
            if card.version != proposal.version:
                continue
            await enqueue(
                conn,
                self.db.clock.now(),
                recipient_id,
                ProposalCardDecided(proposal.id, proposal.version, message_id),
            )

    async def _tell_author(
        self,
        conn: Connection,
        proposal: Proposal,
        verdict: Verdict,
        head: Person,
        comment: str | None,
    ) -> None:
        await enqueue(
            conn,
            self.db.clock.now(),
            proposal.author_id,
            ProposalVerdict(proposal.id, proposal.version, verdict, head.display_name, comment),
        )

    async def _client_view(self, conn: Reading, person: Person, proposal_id: int) -> Proposal:
        proposal = await self._load(conn, proposal_id)
        if person.role is not Role.CLIENT or person.company_id != proposal.company_id:
            raise NotAllowed()
        if proposal.status not in (
            ProposalStatus.SENT,
            ProposalStatus.ACCEPTED,
            ProposalStatus.DECLINED,
        ):
            raise NotFound("proposal-not-found")
        return proposal

    async def _client_decides(
        self,
        conn: Connection,
        person: Person,
        proposal: Proposal,
        status: str,
        comment: str | None,
    ) -> None:
        now = self.db.now_text()
        cursor = await conn.execute(
            "UPDATE proposals SET status = ?, updated_at = ? WHERE id = ? AND status = 'sent'",
            (status, now, proposal.id),
        )
        if cursor.rowcount == 0:
            raise await self._client_already(conn, proposal.id)
        await self._event(conn, proposal.id, proposal.version, person.telegram_id, status, comment)

    async def _client_already(self, conn: Connection, proposal_id: int) -> DomainError:
        cursor = await conn.execute(
            "SELECT e.action, e.at, p.full_name FROM proposal_events e"
            " LEFT JOIN people p ON p.telegram_id = e.actor_id WHERE e.proposal_id = ?"
            " AND e.action IN ('accepted', 'declined') ORDER BY e.id LIMIT 1",
            (proposal_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return NotFound("proposal-not-found")
        return AlreadyDecided(name=row["full_name"] or "?", decision=row["action"], at=row["at"])

    async def _create_project(self, conn: Connection, proposal: Proposal, person: Person) -> int:
        return await projects.insert_project(
            conn,
            projects.NewProject(
                company_id=proposal.company_id,
                manager_id=proposal.manager_id or proposal.author_id,
                title=proposal.title,
                stages=proposal.answers.get("stages") or [],
                proposal_id=proposal.id,
                revision_rounds=_rounds(proposal.answers.get("revision_rounds")),
            ),
            actor_id=person.telegram_id,
            today=self.today(person),
            now=self.db.now_text(),
        )

    async def _event(
        self,
        conn: Connection,
        proposal_id: int,
        version: int,
        actor_id: int | None,
        action: str,
        comment: str | None = None,
    ) -> None:
        await conn.execute(
            "INSERT INTO proposal_events (proposal_id, version, at, actor_id, action, comment)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (proposal_id, version, self.db.now_text(), actor_id, action, comment),
        )

    async def _load(self, conn: Reading, proposal_id: int) -> Proposal:
        cursor = await conn.execute(
            "SELECT p.*, c.name AS company_name, c.manager_id, a.full_name AS author_name"
            " FROM proposals p JOIN companies c ON c.id = p.company_id"
            " JOIN people a ON a.telegram_id = p.author_id WHERE p.id = ?",
            (proposal_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            raise NotFound("proposal-not-found")
        return Proposal(
            id=row["id"],
            template=self.form,
            answers=json.loads(row["answers"]),
            current_question=row["current_question"],
            editing=bool(row["editing"]),
            company_id=row["company_id"],
            company_name=row["company_name"],
            manager_id=row["manager_id"],
            brief_id=row["brief_id"],
            author_id=row["author_id"],
            author_name=row["author_name"] or str(row["author_id"]),
            status=row["status"],
            version=row["version"],
            submitted_at=row["submitted_at"],
            sent_at=row["sent_at"],
            project_id=row["project_id"],
            approval_needed=(await self._policy_in(conn)).needs_approval(_price(row["answers"])),
        )


def _price(answers_json: str) -> Money | None:
    value = json.loads(answers_json).get("price")
    return Money(value["minor"], value["currency"]) if value else None


def _require_owner_or_head(staff: Person, proposal: Proposal) -> None:
    if staff.role is Role.HEAD:
        return
    if staff.role is Role.MANAGER and staff.telegram_id in (
        proposal.author_id,
        proposal.manager_id,
    ):
        return
    raise NotAllowed()


async def _company(conn: Reading, company_id: int) -> Row:
    cursor = await conn.execute("SELECT * FROM companies WHERE id = ?", (company_id,))
    row = await cursor.fetchone()
    if row is None:
        raise NotFound()
    return row


def _rounds(answer: Any) -> int | None:
    """The proposal's revision rounds (a number answer is stored as its text)."""
    if answer in (None, ""):
        return None
    return int(float(answer))
