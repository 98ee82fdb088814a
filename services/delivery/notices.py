"""What a notification says, as types: one frozen dataclass per kind of notification.

A service decides that someone must hear something and writes a notice into the outbox
with the change that caused it. The notice holds ids and the few words that were true at
that moment (who wrote, what they wrote); the bot loads the rest when it sends, in the
reader's language (bot/notices.py). Each class names

- its `kind`, stored in the outbox row and used to read the row back;
- its `subject`, the thing it is about (`invoice:42`): queued notices are found and
  cancelled by subject and kind, through an index;
- its `dedup_key` for a recipient: planning the same notice twice queues it once.
  Keys keep the formats rows were queued under before notices were typed, so a planner
  running after an upgrade does not send again what was sent before it.

`urgent = False` marks what a client may receive in the morning rather than at night.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from pydantic import TypeAdapter, ValidationError

from services.work.statuses import ProjectStatus


class UnknownNotice(Exception):
    """An outbox row whose kind or fields no notice class reads."""


class Notice:
    kind: ClassVar[str]
    urgent: ClassVar[bool] = True
    registry: ClassVar[dict[str, type[Notice]]] = {}

    def __init_subclass__(
        cls, *, kind: str | None = None, urgent: bool | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if urgent is not None:
            cls.urgent = urgent
        if kind is None:
            return
        if kind in Notice.registry:
            raise TypeError(f"two notices of kind {kind!r}")
        cls.kind = kind
        Notice.registry[kind] = cls

    @property
    def subject(self) -> str:
        raise NotImplementedError

    def dedup_key(self, recipient_id: int) -> str:
        raise NotImplementedError


_ADAPTERS: dict[type[Notice], TypeAdapter[Notice]] = {}


def _adapter(cls: type[Notice]) -> TypeAdapter[Notice]:
    # Built on first use: forty adapters at import would cost the start-up its time.
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


def dump(notice: Notice) -> str:
    """A field of the wrong type fails here, where the notice is written, not when the
    bot reads it back to send it."""
    return _adapter(type(notice)).dump_json(notice, warnings="error").decode()


def load(kind: str, fields: str) -> Notice:
    cls = Notice.registry.get(kind)
    if cls is None:
        raise UnknownNotice(f"no notice of kind {kind!r}")
    try:
        return _adapter(cls).validate_json(fields)
    except ValidationError as error:
        raise UnknownNotice(f"{kind}: {error.error_count()} bad field(s)") from error


@dataclass(frozen=True)
class TelegramFile:
    """A file a person sent over Telegram, passed on by its file id."""

    file_id: str
    media: str

    @classmethod
    def of(cls, file: dict[str, Any] | None) -> TelegramFile | None:
        return cls(file["file_id"], file["media"]) if file else None


# access and people ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccessRequested(Notice, kind="access.requested"):
    request_id: int
    person_id: int
    name: str
    username: str | None

    @property
    def subject(self) -> str:
        return f"access:{self.request_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"access-request:{self.request_id}:{recipient_id}"


@dataclass(frozen=True)
class AccessGranted(Notice, kind="access.granted"):
    request_id: int
    company: str

    @property
    def subject(self) -> str:
        return f"access:{self.request_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"access-decided:{self.request_id}"


@dataclass(frozen=True)
class AccessDeclined(Notice, kind="access.declined"):
    request_id: int

    @property
    def subject(self) -> str:
        return f"access:{self.request_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"access-decided:{self.request_id}"


@dataclass(frozen=True)
class ClientJoined(Notice, kind="client.joined"):
    """A client joined, by an invite link or by an accepted access request."""

    company_id: int
    company: str
    name: str
    username: str | None
    request_id: int | None = None
    invite_id: int | None = None

    @property
    def subject(self) -> str:
        return f"company:{self.company_id}"

    def dedup_key(self, recipient_id: int) -> str:
        if self.request_id is not None:
            return f"access-joined:{self.request_id}"
        return f"invite-joined:{self.invite_id}"


@dataclass(frozen=True)
class ManagerAdded(Notice, kind="role.manager_added"):
    person_id: int
    audit_id: int
    by: str | None

    @property
    def subject(self) -> str:
        return f"person:{self.person_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"manager-added:{self.audit_id}"


@dataclass(frozen=True)
class ManagerRemoved(Notice, kind="role.manager_removed"):
    person_id: int
    audit_id: int

    @property
    def subject(self) -> str:
        return f"person:{self.person_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"manager-removed:{self.audit_id}"


class Reassignment(enum.StrEnum):
    GIVEN = "given"  # to the new AM
    TAKEN = "taken"  # to the one before
    CLIENT = "client"  # to the company's clients


@dataclass(frozen=True)
class CompanyReassigned(Notice, kind="company.reassigned", urgent=False):
    audit_id: int
    company_id: int
    company: str
    manager: str
    audience: Reassignment

    @property
    def subject(self) -> str:
        return f"company:{self.company_id}"

    def dedup_key(self, recipient_id: int) -> str:
        if self.audience is Reassignment.GIVEN:
            return f"reassign:{self.audit_id}:new"
        if self.audience is Reassignment.TAKEN:
            return f"reassign:{self.audit_id}:old"
        return f"reassign:{self.audit_id}:client:{recipient_id}"


# delivery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryAlert(Notice):
    """About trouble delivering to someone. Never raises an alert of its own: an
    unreachable head must not make the outbox alert the heads about itself forever."""

    person_id: int

    @property
    def subject(self) -> str:
        return f"person:{self.person_id}"


@dataclass(frozen=True)
class PersonUnreachable(DeliveryAlert, kind="alert.unreachable"):
    name: str
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"alert.unreachable:{self.person_id}:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class PersonReachable(DeliveryAlert, kind="alert.reachable"):
    name: str
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"alert.reachable:{self.person_id}:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class DeliveryFailed(DeliveryAlert, kind="alert.delivery_failed"):
    row_id: int
    name: str
    error: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"delivery-failed:{self.row_id}:{recipient_id}"


# briefs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefNotice(Notice):
    brief_id: int

    @property
    def subject(self) -> str:
        return f"brief:{self.brief_id}"


@dataclass(frozen=True)
class BriefSubmitted(BriefNotice, kind="brief.submitted"):
    def dedup_key(self, recipient_id: int) -> str:
        return f"brief:{self.brief_id}:submitted:{recipient_id}:alert"


@dataclass(frozen=True)
class BriefDocument(BriefNotice, kind="brief.document"):
    def dedup_key(self, recipient_id: int) -> str:
        return f"brief:{self.brief_id}:submitted:{recipient_id}:document"


@dataclass(frozen=True)
class BriefFile(BriefNotice, kind="brief.file"):
    question_id: str
    index: int
    file: TelegramFile

    def dedup_key(self, recipient_id: int) -> str:
        return (
            f"brief:{self.brief_id}:submitted:{recipient_id}:file:{self.question_id}:{self.index}"
        )


@dataclass(frozen=True)
class BriefTaken(BriefNotice, kind="brief.taken", urgent=False):
    manager: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"brief:{self.brief_id}:taken"


@dataclass(frozen=True)
class BriefQuestionAsked(BriefNotice, kind="brief.question", urgent=False):
    question_id: int
    manager: str
    question: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"brief-question:{self.question_id}"


@dataclass(frozen=True)
class BriefQuestionAnswered(BriefNotice, kind="brief.answer"):
    question_id: int
    client: str
    question: str
    answer: str
    answered_at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"brief-answer:{self.question_id}:{self.answered_at}"


@dataclass(frozen=True)
class BriefNudge(BriefNotice, kind="brief.nudge", urgent=False):
    def dedup_key(self, recipient_id: int) -> str:
        return f"brief:{self.brief_id}:nudge"


# the conversation -----------------------------------------------------------------------


@dataclass(frozen=True)
class RelayedMessage(Notice, kind="chat.client_message"):
    """A client's message relayed to whoever answers; texts that follow it before it is
    sent are added to it (`count`)."""

    message_id: int
    client_id: int
    client: str
    company: str
    text: str | None
    count: int = 1
    topic: str | None = None  # "proposal", "invoice"
    ref: str = ""
    file: TelegramFile | None = None

    @property
    def subject(self) -> str:
        return f"client:{self.client_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"chat:{self.message_id}:{recipient_id}"


@dataclass(frozen=True)
class MessageContext(Notice, kind="chat.context"):
    message_id: int
    client: str
    project: str
    stage: str | None

    @property
    def subject(self) -> str:
        return f"message:{self.message_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"chat:{self.message_id}:context:{recipient_id}"


@dataclass(frozen=True)
class ManagerReply(Notice, kind="chat.reply"):
    reply_id: int
    manager: str
    text: str | None
    file: TelegramFile | None = None

    @property
    def subject(self) -> str:
        return f"message:{self.reply_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"chat-reply:{self.reply_id}"


@dataclass(frozen=True)
class DeputyAppointed(Notice, kind="chat.deputy"):
    manager_id: int
    manager: str
    until: date

    @property
    def subject(self) -> str:
        return f"person:{self.manager_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"deputy:{self.manager_id}:{self.until.isoformat()}:{recipient_id}"


@dataclass(frozen=True)
class ReplyOverdue(Notice, kind="chat.sla"):
    message_id: int
    client_id: int
    client: str
    company: str
    hours: int

    @property
    def subject(self) -> str:
        return f"client:{self.client_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"chat:{self.message_id}:sla:{recipient_id}"


@dataclass(frozen=True)
class ReplyEscalation(Notice, kind="chat.escalation"):
    message_id: int
    client_id: int
    company_id: int
    client: str
    company: str
    hours: int
    manager: str

    @property
    def subject(self) -> str:
        return f"client:{self.client_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"chat:{self.message_id}:escalation:{recipient_id}"


# invoices and documents -----------------------------------------------------------------


def invoice_subject(invoice_id: int) -> str:
    return f"invoice:{invoice_id}"


@dataclass(frozen=True)
class InvoiceNotice(Notice):
    invoice_id: int

    @property
    def subject(self) -> str:
        return invoice_subject(self.invoice_id)


@dataclass(frozen=True)
class InvoiceIssued(InvoiceNotice, kind="invoice.issued", urgent=False):
    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:issued:{recipient_id}"


@dataclass(frozen=True)
class InvoiceDocument(InvoiceNotice, kind="invoice.document", urgent=False):
    """The AM's own file when they attached one; else the document the bot renders."""

    file: TelegramFile | None = None

    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:issued:{recipient_id}:document"


@dataclass(frozen=True)
class PaymentReported(InvoiceNotice, kind="invoice.reported_paid"):
    client: str
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:reported:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class PaymentNotReceived(InvoiceNotice, kind="invoice.payment_missing", urgent=False):
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:missing:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class InvoiceCancelled(InvoiceNotice, kind="invoice.cancelled", urgent=False):
    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:cancelled:{recipient_id}"


class ReminderStep(enum.StrEnum):
    BEFORE = "before"
    TODAY = "today"
    OVERDUE = "overdue"
    SNOOZED = "snoozed"  # the day a snooze ends
    MANUAL = "manual"  # the AM pressed "remind"


@dataclass(frozen=True)
class InvoiceReminder(InvoiceNotice, kind="invoice.reminder", urgent=False):
    step: ReminderStep
    offset: int = 0  # days from the due date
    snoozed_until: date | None = None
    at: str | None = None  # when the AM asked for it

    def dedup_key(self, recipient_id: int) -> str:
        prefix = f"invoice:{self.invoice_id}:remind"
        if self.step is ReminderStep.MANUAL:
            return f"{prefix}:manual:{self.at}:{recipient_id}"
        if self.step is ReminderStep.SNOOZED:
            return f"{prefix}:snooze:{self.snoozed_until}:{recipient_id}"
        return f"{prefix}:{self.offset:+d}:{recipient_id}"


@dataclass(frozen=True)
class InvoiceOverdue(InvoiceNotice, kind="invoice.overdue"):
    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:overdue-manager:{recipient_id}"


@dataclass(frozen=True)
class InvoiceEscalation(InvoiceNotice, kind="invoice.escalation"):
    days: int

    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:overdue-head:{recipient_id}"


@dataclass(frozen=True)
class PaymentRecorded(InvoiceNotice, kind="invoice.payment", urgent=False):
    in_full: bool
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"invoice:{self.invoice_id}:payment:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class DocumentShared(Notice, kind="document.added", urgent=False):
    document_id: int
    title: str
    file: TelegramFile

    @property
    def subject(self) -> str:
        return f"document:{self.document_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"document:{self.document_id}:{recipient_id}"


# projects -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectNotice(Notice):
    project_id: int

    @property
    def subject(self) -> str:
        return f"project:{self.project_id}"


@dataclass(frozen=True)
class StageStarted(ProjectNotice, kind="project.stage_started", urgent=False):
    stage_id: int
    stage: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:started:{recipient_id}"


@dataclass(frozen=True)
class StageFinished(ProjectNotice, kind="project.stage_finished", urgent=False):
    stage_id: int
    stage: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:finished:{recipient_id}"


@dataclass(frozen=True)
class WaitingForClient(ProjectNotice, kind="project.waiting_client", urgent=False):
    stage_id: int
    stage: str
    what: str
    until: date
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:waiting:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class DeadlineMoved(ProjectNotice, kind="project.deadline_changed", urgent=False):
    stage_id: int
    stage: str
    old: date | None
    new: date
    reason: str
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:deadline:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class ProjectNews(ProjectNotice, kind="project.update", urgent=False):
    """The AM's update for the clients; a file comes after it as a ProjectFile."""

    update_id: int
    text: str | None
    manager: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"project-update:{self.update_id}:{recipient_id}"


@dataclass(frozen=True)
class ProjectFile(ProjectNotice, kind="project.file", urgent=False):
    update_id: int
    file: TelegramFile

    def dedup_key(self, recipient_id: int) -> str:
        return f"project-update:{self.update_id}:file:{recipient_id}"


@dataclass(frozen=True)
class ProjectStatusChanged(ProjectNotice, kind="project.status", urgent=False):
    status: ProjectStatus
    at: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"project:{self.project_id}:status:{self.status}:{self.at}:{recipient_id}"


@dataclass(frozen=True)
class ClientAnsweredStage(ProjectNotice, kind="project.client_answer"):
    update_id: int
    stage: str
    client: str
    text: str | None
    file: TelegramFile | None = None

    def dedup_key(self, recipient_id: int) -> str:
        return f"project-update:{self.update_id}:{recipient_id}"


@dataclass(frozen=True)
class LowRating(ProjectNotice, kind="project.low_rating"):
    rating_id: int
    score: int
    stage: str | None
    client: str
    comment: str | None

    def dedup_key(self, recipient_id: int) -> str:
        part = "comment" if self.comment else "score"
        return f"rating:{self.rating_id}:{part}:{recipient_id}"


@dataclass(frozen=True)
class RatingRequest(ProjectNotice, kind="project.rating_request", urgent=False):
    stage_id: int  # 0: the whole project
    stage: str | None

    def dedup_key(self, recipient_id: int) -> str:
        return f"rate:{self.project_id}:{self.stage_id}:{recipient_id}"


@dataclass(frozen=True)
class WeeklySummary(Notice, kind="project.weekly", urgent=False):
    client_id: int
    week: str  # ISO week of its Monday, "2026-W48"
    projects: tuple[int, ...]

    @property
    def subject(self) -> str:
        return f"client:{self.client_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"weekly:{self.client_id}:{self.week}"


@dataclass(frozen=True)
class WeeklyTimeline(ProjectNotice, kind="project.weekly_timeline", urgent=False):
    """The picture of one project's stages, after the weekly summary that lists it."""

    client_id: int
    week: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"weekly:{self.client_id}:{self.week}:timeline:{self.project_id}"


class DeadlineStep(enum.StrEnum):
    DAYS_3 = "d3"
    DAYS_1 = "d1"
    TODAY = "d0"


@dataclass(frozen=True)
class StageNotice(Notice):
    """About one stage of a project, worded with the names it had when planned (the
    bot reads the project again when it sends)."""

    stage_id: int
    project_id: int
    stage: str
    project: str
    company: str

    @property
    def subject(self) -> str:
        return f"stage:{self.stage_id}"


@dataclass(frozen=True)
class StageDeadline(StageNotice, kind="stage.deadline"):
    deadline: date
    step: DeadlineStep

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:{self.deadline.isoformat()}:{self.step}"


@dataclass(frozen=True)
class StageOverdue(StageNotice, kind="stage.overdue"):
    deadline: date
    day: date  # one a working morning, in the AM's zone

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:{self.deadline.isoformat()}:overdue:{self.day}"


@dataclass(frozen=True)
class StageOverdueEscalation(StageNotice, kind="stage.overdue_escalation"):
    deadline: date
    day: date  # one a day, in the head's zone

    def dedup_key(self, recipient_id: int) -> str:
        return (
            f"stage:{self.stage_id}:{self.deadline.isoformat()}"
            f":overdue-head:{self.day}:{recipient_id}"
        )


@dataclass(frozen=True)
class StageWaitingReminder(StageNotice, kind="stage.waiting_reminder", urgent=False):
    since: str
    what: str | None = None  # what the stage waits for from the client

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:waiting:{self.since}:client:{recipient_id}"


@dataclass(frozen=True)
class StageWaitingAlert(StageNotice, kind="stage.waiting_alert"):
    since: str

    def dedup_key(self, recipient_id: int) -> str:
        return f"stage:{self.stage_id}:waiting:{self.since}:manager"


@dataclass(frozen=True)
class OverdueInvoice:
    number: str
    company: str
    balance_minor: int
    currency: str


@dataclass(frozen=True)
class MorningDigest(Notice, kind="digest.morning"):
    """An AM's working morning: lines of stages due, overdue and waiting, unanswered
    clients, and overdue invoices, whose sums are written in the reader's language."""

    manager_id: int
    day: date
    due_today: tuple[str, ...] = ()
    overdue: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    overdue_invoices: tuple[OverdueInvoice, ...] = ()
    # The planned local time ("09:00") when the digest comes later than that (the bot was
    # down then); its first line says so.
    late_from: str | None = None

    @property
    def subject(self) -> str:
        return f"person:{self.manager_id}"

    def dedup_key(self, recipient_id: int) -> str:
        return f"digest:{self.manager_id}:{self.day.isoformat()}"


# proposals ------------------------------------------------------------------------------


def proposal_subject(proposal_id: int) -> str:
    return f"proposal:{proposal_id}"


@dataclass(frozen=True)
class ProposalNotice(Notice):
    proposal_id: int

    @property
    def subject(self) -> str:
        return proposal_subject(self.proposal_id)


@dataclass(frozen=True)
class ProposalAccepted(ProposalNotice, kind="proposal.accepted"):
    client: str
    project_id: int | None

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:accepted:{recipient_id}"


@dataclass(frozen=True)
class ProposalDeclined(ProposalNotice, kind="proposal.declined"):
    client: str
    reason: str | None

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:declined:{recipient_id}"


@dataclass(frozen=True)
class ProposalOffer(ProposalNotice, kind="proposal.offer", urgent=False):
    version: int

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:v{self.version}:client:{recipient_id}"


@dataclass(frozen=True)
class ProposalCard(ProposalNotice, kind="proposal.card"):
    """A head's card with the decision buttons."""

    version: int

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:v{self.version}:card:{recipient_id}"


class ProposalAudience(enum.StrEnum):
    CARD = "card"  # a head deciding
    CLIENT = "client"


@dataclass(frozen=True)
class ProposalFile(ProposalNotice, kind="proposal.file", urgent=False):
    version: int
    audience: ProposalAudience
    index: int
    file: TelegramFile

    def dedup_key(self, recipient_id: int) -> str:
        return (
            f"proposal:{self.proposal_id}:v{self.version}:{self.audience}:{recipient_id}"
            f":file:{self.index}"
        )


@dataclass(frozen=True)
class ProposalCardDecided(ProposalNotice, kind="proposal.card_edit"):
    """A head's card rewritten once the version is decided: who decided, no buttons."""

    version: int
    message_id: int

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:v{self.version}:edit:{recipient_id}"


class Verdict(enum.StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ProposalVerdict(ProposalNotice, kind="proposal.decision"):
    """To the author: what a head decided."""

    version: int
    verdict: Verdict
    head: str
    comment: str | None

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:v{self.version}:proposal-{self.verdict}-author"


@dataclass(frozen=True)
class ApprovalReminder(ProposalNotice, kind="proposal.approval_reminder"):
    version: int
    hours: int
    periods: int

    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:v{self.version}:remind:{self.periods}:{recipient_id}"


@dataclass(frozen=True)
class OfferReminder(ProposalNotice, kind="proposal.client_reminder", urgent=False):
    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:client-reminder:{recipient_id}"


@dataclass(frozen=True)
class OfferUnanswered(ProposalNotice, kind="proposal.client_silent", urgent=False):
    def dedup_key(self, recipient_id: int) -> str:
        return f"proposal:{self.proposal_id}:client-silent"
