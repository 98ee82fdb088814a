"""What a notification says, as types: one frozen dataclass per kind of notification.

A service decides that someone must hear something and writes a notice into the outbox
with the change that caused it. The notice holds ids and the few words that were true at
that moment (who wrote, what they wrote); the bot loads the rest when it sends, in the
reader's language (bot/notices.py). Each class names

- its `kind`, stored in the outbox row and used to read the row back;
- its `subject`, the thing it is about (`invoice:42`): queued notices are found and
  cancelled by subject and kind, through an index;
- its `dedup_key` for a recipient: planning the same notice twice queues it once.

Both are declared once, in the class line (`subject="invoice:{invoice_id}"`,
`dedup="invoice:{invoice_id}:issued:{recipient}"`), or once for a family in its base
class. Keys keep the formats rows were queued under before notices were typed, so a
planner running after an upgrade does not send again what was sent before it
(tests/test_notice_keys.py holds each one byte for byte).

`urgent = False` marks what a client may receive in the morning rather than at night.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, ClassVar

from pydantic import TypeAdapter, ValidationError

from services.work.statuses import ProjectStatus


class UnknownNotice(Exception):
    """An outbox row whose kind or fields no notice class reads."""


class Notice:
    kind: ClassVar[str]
    urgent: ClassVar[bool] = True
    # Telegram calls a send may take (a topic created before its first message): the
    # send's time limit grows with it.
    calls: ClassVar[int] = 1
    registry: ClassVar[dict[str, type[Notice]]] = {}

    # How the subject and the dedup key are written, declared once per class (or base
    # class): `str.format` over the notice's fields, and `{recipient}` for the dedup key's
    # recipient. A key that depends on which fields are set overrides `dedup_key`.
    subject_format: ClassVar[str]
    dedup_format: ClassVar[str]

    def __init_subclass__(
        cls,
        *,
        kind: str | None = None,
        urgent: bool | None = None,
        subject: str | None = None,
        dedup: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if urgent is not None:
            cls.urgent = urgent
        if subject is not None:
            cls.subject_format = subject
        if dedup is not None:
            cls.dedup_format = dedup
        if kind is None:
            return
        for method, declared in (("subject", "subject_format"), ("dedup_key", "dedup_format")):
            if getattr(cls, method) is getattr(Notice, method) and not hasattr(cls, declared):
                raise TypeError(f"notice {kind!r} declares no {method} (`{declared[:-7]}=`)")
        if kind in Notice.registry:
            raise TypeError(f"two notices of kind {kind!r}")
        cls.kind = kind
        Notice.registry[kind] = cls

    @property
    def subject(self) -> str:
        return self.subject_format.format_map(self._fields())

    def dedup_key(self, recipient_id: int) -> str:
        return self.dedup_format.format_map({**self._fields(), "recipient": recipient_id})

    def _fields(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}  # type: ignore[arg-type]


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
        """None for what has no id to send again (a place, a contact, a sticker: only a
        copy of the original passes those on)."""
        return cls(file["file_id"], file["media"]) if file and file.get("file_id") else None


# access and people ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccessRequested(
    Notice,
    kind="access.requested",
    subject="access:{request_id}",
    dedup="access-request:{request_id}:{recipient}",
):
    request_id: int
    person_id: int
    name: str
    username: str | None


@dataclass(frozen=True)
class AccessGranted(
    Notice,
    kind="access.granted",
    subject="access:{request_id}",
    dedup="access-decided:{request_id}",
):
    request_id: int
    company: str


@dataclass(frozen=True)
class AccessDeclined(
    Notice,
    kind="access.declined",
    subject="access:{request_id}",
    dedup="access-decided:{request_id}",
):
    request_id: int


@dataclass(frozen=True)
class ClientJoined(Notice, kind="client.joined", subject="company:{company_id}"):
    """A client joined, by an invite link or by an accepted access request."""

    company_id: int
    company: str
    name: str
    username: str | None
    request_id: int | None = None
    invite_id: int | None = None

    def dedup_key(self, recipient_id: int) -> str:
        if self.request_id is not None:
            return f"access-joined:{self.request_id}"
        return f"invite-joined:{self.invite_id}"


@dataclass(frozen=True)
class ManagerAdded(
    Notice,
    kind="role.manager_added",
    subject="person:{person_id}",
    dedup="manager-added:{audit_id}",
):
    person_id: int
    audit_id: int
    by: str | None


@dataclass(frozen=True)
class ManagerRemoved(
    Notice,
    kind="role.manager_removed",
    subject="person:{person_id}",
    dedup="manager-removed:{audit_id}",
):
    person_id: int
    audit_id: int


class Reassignment(enum.StrEnum):
    GIVEN = "given"  # to the new AM
    TAKEN = "taken"  # to the one before
    CLIENT = "client"  # to the company's clients


@dataclass(frozen=True)
class CompanyReassigned(
    Notice, kind="company.reassigned", urgent=False, subject="company:{company_id}"
):
    audit_id: int
    company_id: int
    company: str
    manager: str
    audience: Reassignment

    def dedup_key(self, recipient_id: int) -> str:
        if self.audience is Reassignment.GIVEN:
            return f"reassign:{self.audit_id}:new"
        if self.audience is Reassignment.TAKEN:
            return f"reassign:{self.audit_id}:old"
        return f"reassign:{self.audit_id}:client:{recipient_id}"


# delivery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryAlert(Notice, subject="person:{person_id}"):
    """About trouble delivering to someone. Never raises an alert of its own: an
    unreachable head must not make the outbox alert the heads about itself forever."""

    person_id: int


@dataclass(frozen=True)
class PersonUnreachable(
    DeliveryAlert, kind="alert.unreachable", dedup="alert.unreachable:{person_id}:{at}:{recipient}"
):
    name: str
    at: str


@dataclass(frozen=True)
class PersonReachable(
    DeliveryAlert, kind="alert.reachable", dedup="alert.reachable:{person_id}:{at}:{recipient}"
):
    name: str
    at: str


@dataclass(frozen=True)
class DeliveryFailed(
    DeliveryAlert, kind="alert.delivery_failed", dedup="delivery-failed:{row_id}:{recipient}"
):
    row_id: int
    name: str
    error: str


# briefs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefNotice(Notice, subject="brief:{brief_id}"):
    brief_id: int


@dataclass(frozen=True)
class BriefSubmitted(
    BriefNotice, kind="brief.submitted", dedup="brief:{brief_id}:submitted:{recipient}:alert"
):
    pass


@dataclass(frozen=True)
class BriefDocument(
    BriefNotice, kind="brief.document", dedup="brief:{brief_id}:submitted:{recipient}:document"
):
    pass


@dataclass(frozen=True)
class BriefFile(
    BriefNotice,
    kind="brief.file",
    dedup="brief:{brief_id}:submitted:{recipient}:file:{question_id}:{index}",
):
    question_id: str
    index: int
    file: TelegramFile


@dataclass(frozen=True)
class BriefTaken(BriefNotice, kind="brief.taken", urgent=False, dedup="brief:{brief_id}:taken"):
    manager: str


@dataclass(frozen=True)
class BriefQuestionAsked(
    BriefNotice, kind="brief.question", urgent=False, dedup="brief-question:{question_id}"
):
    question_id: int
    manager: str
    question: str


@dataclass(frozen=True)
class BriefQuestionAnswered(
    BriefNotice, kind="brief.answer", dedup="brief-answer:{question_id}:{answered_at}"
):
    question_id: int
    client: str
    question: str
    answer: str
    answered_at: str


@dataclass(frozen=True)
class BriefNudge(BriefNotice, kind="brief.nudge", urgent=False, dedup="brief:{brief_id}:nudge"):
    pass


# the conversation -----------------------------------------------------------------------


@dataclass(frozen=True)
class RelayedMessage(
    Notice,
    kind="chat.client_message",
    subject="client:{client_id}",
    dedup="chat:{message_id}:{recipient}",
):
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


@dataclass(frozen=True)
class MessageContext(
    Notice,
    kind="chat.context",
    subject="message:{message_id}",
    dedup="chat:{message_id}:context:{recipient}",
):
    message_id: int
    client: str
    project: str
    stage: str | None


@dataclass(frozen=True)
class ManagerReply(
    Notice, kind="chat.reply", subject="message:{reply_id}", dedup="chat-reply:{reply_id}"
):
    reply_id: int
    manager: str
    text: str | None
    file: TelegramFile | None = None


@dataclass(frozen=True)
class DeputyAppointed(
    Notice,
    kind="chat.deputy",
    subject="person:{manager_id}",
    dedup="deputy:{manager_id}:{until}:{recipient}",
):
    manager_id: int
    manager: str
    until: date


@dataclass(frozen=True)
class ReplyOverdue(
    Notice, kind="chat.sla", subject="client:{client_id}", dedup="chat:{message_id}:sla:{recipient}"
):
    message_id: int
    client_id: int
    client: str
    company: str
    hours: int


@dataclass(frozen=True)
class ReplyEscalation(
    Notice,
    kind="chat.escalation",
    subject="client:{client_id}",
    dedup="chat:{message_id}:escalation:{recipient}",
):
    message_id: int
    client_id: int
    company_id: int
    client: str
    company: str
    hours: int
    manager: str


# invoices and documents -----------------------------------------------------------------


def invoice_subject(invoice_id: int) -> str:
    return f"invoice:{invoice_id}"


@dataclass(frozen=True)
class InvoiceNotice(Notice, subject="invoice:{invoice_id}"):
    invoice_id: int


@dataclass(frozen=True)
class InvoiceIssued(
    InvoiceNotice,
    kind="invoice.issued",
    urgent=False,
    dedup="invoice:{invoice_id}:issued:{recipient}",
):
    pass


@dataclass(frozen=True)
class InvoiceDocument(
    InvoiceNotice,
    kind="invoice.document",
    urgent=False,
    dedup="invoice:{invoice_id}:issued:{recipient}:document",
):
    """The AM's own file when they attached one; else the document the bot renders."""

    file: TelegramFile | None = None


@dataclass(frozen=True)
class PaymentReported(
    InvoiceNotice,
    kind="invoice.reported_paid",
    dedup="invoice:{invoice_id}:reported:{at}:{recipient}",
):
    client: str
    at: str


@dataclass(frozen=True)
class PaymentNotReceived(
    InvoiceNotice,
    kind="invoice.payment_missing",
    urgent=False,
    dedup="invoice:{invoice_id}:missing:{at}:{recipient}",
):
    at: str


@dataclass(frozen=True)
class InvoiceCancelled(
    InvoiceNotice,
    kind="invoice.cancelled",
    urgent=False,
    dedup="invoice:{invoice_id}:cancelled:{recipient}",
):
    pass


class ReminderStep(enum.StrEnum):
    BEFORE = "before"
    TODAY = "today"
    OVERDUE = "overdue"
    SNOOZED = "snoozed"  # the day a snooze ends
    MANUAL = "manual"  # the AM pressed "remind"


class ReminderTone(enum.StrEnum):
    """How an invoice reminder speaks, by how late the payment is: friendly before the due
    date, neutral on the day and just after, firmer after a week, formal (the contract's
    terms) after two."""

    FRIENDLY = "friendly"
    NEUTRAL = "neutral"
    OVERDUE = "overdue"
    FIRM = "firm"
    FORMAL = "formal"


FIRM_AFTER_DAYS = 7
FORMAL_AFTER_DAYS = 14


@dataclass(frozen=True)
class InvoiceReminder(InvoiceNotice, kind="invoice.reminder", urgent=False):
    step: ReminderStep
    offset: int = 0  # days from the due date
    snoozed_until: date | None = None
    at: str | None = None  # when the AM asked for it

    @property
    def tone(self) -> ReminderTone:
        if self.step is ReminderStep.BEFORE:
            return ReminderTone.FRIENDLY
        if self.step is ReminderStep.TODAY:
            return ReminderTone.NEUTRAL
        if self.step is not ReminderStep.OVERDUE:
            return ReminderTone.NEUTRAL
        if self.offset >= FORMAL_AFTER_DAYS:
            return ReminderTone.FORMAL
        if self.offset >= FIRM_AFTER_DAYS:
            return ReminderTone.FIRM
        return ReminderTone.OVERDUE

    def dedup_key(self, recipient_id: int) -> str:
        prefix = f"invoice:{self.invoice_id}:remind"
        if self.step is ReminderStep.MANUAL:
            return f"{prefix}:manual:{self.at}:{recipient_id}"
        if self.step is ReminderStep.SNOOZED:
            return f"{prefix}:snooze:{self.snoozed_until}:{recipient_id}"
        return f"{prefix}:{self.offset:+d}:{recipient_id}"


@dataclass(frozen=True)
class InvoiceOverdue(
    InvoiceNotice, kind="invoice.overdue", dedup="invoice:{invoice_id}:overdue-manager:{recipient}"
):
    pass


@dataclass(frozen=True)
class InvoiceEscalation(
    InvoiceNotice, kind="invoice.escalation", dedup="invoice:{invoice_id}:overdue-head:{recipient}"
):
    days: int


@dataclass(frozen=True)
class PaymentRecorded(
    InvoiceNotice,
    kind="invoice.payment",
    urgent=False,
    dedup="invoice:{invoice_id}:payment:{at}:{recipient}",
):
    in_full: bool
    at: str


@dataclass(frozen=True)
class DocumentShared(
    Notice,
    kind="document.added",
    urgent=False,
    subject="document:{document_id}",
    dedup="document:{document_id}:{recipient}",
):
    document_id: int
    title: str
    file: TelegramFile


# projects -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectNotice(Notice, subject="project:{project_id}"):
    project_id: int


@dataclass(frozen=True)
class StageStarted(
    ProjectNotice,
    kind="project.stage_started",
    urgent=False,
    dedup="stage:{stage_id}:started:{recipient}",
):
    stage_id: int
    stage: str


@dataclass(frozen=True)
class StageFinished(
    ProjectNotice,
    kind="project.stage_finished",
    urgent=False,
    dedup="stage:{stage_id}:finished:{recipient}",
):
    stage_id: int
    stage: str


@dataclass(frozen=True)
class WaitingForClient(
    ProjectNotice,
    kind="project.waiting_client",
    urgent=False,
    dedup="stage:{stage_id}:waiting:{at}:{recipient}",
):
    stage_id: int
    stage: str
    what: str
    until: date
    at: str


@dataclass(frozen=True)
class DeadlineMoved(
    ProjectNotice,
    kind="project.deadline_changed",
    urgent=False,
    dedup="stage:{stage_id}:deadline:{at}:{recipient}",
):
    stage_id: int
    stage: str
    old: date | None
    new: date
    reason: str
    at: str


@dataclass(frozen=True)
class ProjectNews(
    ProjectNotice,
    kind="project.update",
    urgent=False,
    dedup="project-update:{update_id}:{recipient}",
):
    """The AM's update for the clients; a file comes after it as a ProjectFile."""

    update_id: int
    text: str | None
    manager: str


@dataclass(frozen=True)
class ProjectFile(
    ProjectNotice,
    kind="project.file",
    urgent=False,
    dedup="project-update:{update_id}:file:{recipient}",
):
    update_id: int
    file: TelegramFile


@dataclass(frozen=True)
class ProjectStatusChanged(
    ProjectNotice,
    kind="project.status",
    urgent=False,
    dedup="project:{project_id}:status:{status}:{at}:{recipient}",
):
    status: ProjectStatus
    at: str


@dataclass(frozen=True)
class ClientAnsweredStage(
    ProjectNotice, kind="project.client_answer", dedup="project-update:{update_id}:{recipient}"
):
    update_id: int
    stage: str
    client: str
    text: str | None
    file: TelegramFile | None = None


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
class RatingRequest(
    ProjectNotice,
    kind="project.rating_request",
    urgent=False,
    dedup="rate:{project_id}:{stage_id}:{recipient}",
):
    stage_id: int  # 0: the whole project
    stage: str | None


@dataclass(frozen=True)
class WeeklySummary(
    Notice,
    kind="project.weekly",
    urgent=False,
    subject="client:{client_id}",
    dedup="weekly:{client_id}:{week}",
):
    client_id: int
    week: str  # ISO week of its Monday, "2026-W48"
    projects: tuple[int, ...]


@dataclass(frozen=True)
class WeeklyTimeline(
    ProjectNotice,
    kind="project.weekly_timeline",
    urgent=False,
    dedup="weekly:{client_id}:{week}:timeline:{project_id}",
):
    """The picture of one project's stages, after the weekly summary that lists it."""

    client_id: int
    week: str


class DeadlineStep(enum.StrEnum):
    DAYS_3 = "d3"
    DAYS_1 = "d1"
    TODAY = "d0"


@dataclass(frozen=True)
class StageNotice(Notice, subject="stage:{stage_id}"):
    """About one stage of a project, worded with the names it had when planned (the
    bot reads the project again when it sends)."""

    stage_id: int
    project_id: int
    stage: str
    project: str
    company: str


@dataclass(frozen=True)
class StageDeadline(StageNotice, kind="stage.deadline", dedup="stage:{stage_id}:{deadline}:{step}"):
    deadline: date
    step: DeadlineStep


@dataclass(frozen=True)
class StageOverdue(
    StageNotice, kind="stage.overdue", dedup="stage:{stage_id}:{deadline}:overdue:{day}"
):
    deadline: date
    day: date  # one a working morning, in the AM's zone


@dataclass(frozen=True)
class StageOverdueEscalation(
    StageNotice,
    kind="stage.overdue_escalation",
    dedup="stage:{stage_id}:{deadline}:overdue-head:{day}:{recipient}",
):
    deadline: date
    day: date  # one a day, in the head's zone


@dataclass(frozen=True)
class StageWaitingReminder(
    StageNotice,
    kind="stage.waiting_reminder",
    urgent=False,
    dedup="stage:{stage_id}:waiting:{since}:client:{recipient}",
):
    since: str
    what: str | None = None  # what the stage waits for from the client


@dataclass(frozen=True)
class StageWaitingAlert(
    StageNotice, kind="stage.waiting_alert", dedup="stage:{stage_id}:waiting:{since}:manager"
):
    since: str


@dataclass(frozen=True)
class OverdueInvoice:
    number: str
    company: str
    balance_minor: int
    currency: str


@dataclass(frozen=True)
class MorningDigest(
    Notice, kind="digest.morning", subject="person:{manager_id}", dedup="digest:{manager_id}:{day}"
):
    """An AM's working morning: lines of stages due, overdue and waiting, unanswered
    clients, and overdue invoices, whose sums are written in the reader's language."""

    manager_id: int
    day: date
    due_today: tuple[str, ...] = ()
    overdue: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    overdue_invoices: tuple[OverdueInvoice, ...] = ()
    # the team's tasks on the AM's projects due today or overdue
    tasks: tuple[str, ...] = ()
    # The planned local time ("09:00") when the digest comes later than that (the bot was
    # down then); its first line says so.
    late_from: str | None = None


# proposals ------------------------------------------------------------------------------


def proposal_subject(proposal_id: int) -> str:
    return f"proposal:{proposal_id}"


@dataclass(frozen=True)
class ProposalNotice(Notice, subject="proposal:{proposal_id}"):
    proposal_id: int


@dataclass(frozen=True)
class ProposalAccepted(
    ProposalNotice, kind="proposal.accepted", dedup="proposal:{proposal_id}:accepted:{recipient}"
):
    client: str
    project_id: int | None


@dataclass(frozen=True)
class ProposalDeclined(
    ProposalNotice, kind="proposal.declined", dedup="proposal:{proposal_id}:declined:{recipient}"
):
    client: str
    reason: str | None


@dataclass(frozen=True)
class ProposalOffer(
    ProposalNotice,
    kind="proposal.offer",
    urgent=False,
    dedup="proposal:{proposal_id}:v{version}:client:{recipient}",
):
    version: int


@dataclass(frozen=True)
class ProposalCard(
    ProposalNotice, kind="proposal.card", dedup="proposal:{proposal_id}:v{version}:card:{recipient}"
):
    """A head's card with the decision buttons."""

    version: int


class ProposalAudience(enum.StrEnum):
    CARD = "card"  # a head deciding
    CLIENT = "client"


@dataclass(frozen=True)
class ProposalFile(
    ProposalNotice,
    kind="proposal.file",
    urgent=False,
    dedup="proposal:{proposal_id}:v{version}:{audience}:{recipient}:file:{index}",
):
    version: int
    audience: ProposalAudience
    index: int
    file: TelegramFile


@dataclass(frozen=True)
class ProposalCardDecided(
    ProposalNotice,
    kind="proposal.card_edit",
    dedup="proposal:{proposal_id}:v{version}:edit:{recipient}",
):
    """A head's card rewritten once the version is decided: who decided, no buttons."""

    version: int
    message_id: int


class Verdict(enum.StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ProposalVerdict(
    ProposalNotice,
    kind="proposal.decision",
    dedup="proposal:{proposal_id}:v{version}:proposal-{verdict}-author",
):
    """To the author: what a head decided."""

    version: int
    verdict: Verdict
    head: str
    comment: str | None


@dataclass(frozen=True)
class ApprovalReminder(
    ProposalNotice,
    kind="proposal.approval_reminder",
    dedup="proposal:{proposal_id}:v{version}:remind:{periods}:{recipient}",
):
    version: int
    hours: int
    periods: int


@dataclass(frozen=True)
class OfferReminder(
    ProposalNotice,
    kind="proposal.client_reminder",
    urgent=False,
    dedup="proposal:{proposal_id}:client-reminder:{recipient}",
):
    pass


@dataclass(frozen=True)
class OfferUnanswered(
    ProposalNotice,
    kind="proposal.client_silent",
    urgent=False,
    dedup="proposal:{proposal_id}:client-silent",
):
    pass


# the staff inbox: a forum group with a topic per company --------------------------------


class TopicOperation(Notice):
    """Not a text to render but a move in a forum group or a chat the bot relays between:
    a copy into a topic, an edit or a reaction mirrored, a topic's title. bot/inbox.py
    carries each out, reading the message rows as they are when it is sent."""

    # a topic created (and its card sent and pinned) before the move itself
    calls = 4


class MessageCopies(TopicOperation):
    """Stored messages sent as copies, an album's parts in one row (its first names it)."""

    message_ids: tuple[int, ...]

    @property
    def first_id(self) -> int:
        return self.message_ids[0]

    def _fields(self) -> dict[str, Any]:
        return {**super()._fields(), "first_id": self.first_id}


@dataclass(frozen=True)
class TopicCopy(
    MessageCopies,
    kind="inbox.copy",
    subject="company:{company_id}",
    dedup="inbox-copy:{first_id}",
):
    """Messages into the company's topic: a client's (or an album of them), or a reply
    staff gave from their private chat."""

    company_id: int
    message_ids: tuple[int, ...]


@dataclass(frozen=True)
class StaffCopy(
    MessageCopies,
    kind="inbox.to_client",
    subject="client:{client_id}",
    dedup="inbox-reply:{first_id}",
):
    """What staff wrote in a topic, to the contact it answers (an album as one)."""

    client_id: int
    company_id: int
    message_ids: tuple[int, ...]


@dataclass(frozen=True)
class CopyEdited(
    TopicOperation,
    kind="inbox.edit",
    subject="message:{message_id}",
    dedup="inbox-edit:{message_id}:{copy_id}:{version}",
):
    """The author edited a relayed message: its copy is rewritten."""

    message_id: int
    copy_id: int  # the copy's Telegram message id in the recipient's chat
    version: str


@dataclass(frozen=True)
class ReactionMirrored(
    TopicOperation,
    kind="inbox.reaction",
    subject="message:{message_id}",
    dedup="inbox-reaction:{message_id}:{target}:{version}",
):
    """A reaction on one side of the relay, set on the other side's message."""

    message_id: int
    target: int  # the Telegram message id it is set on, in the recipient's chat
    emoji: tuple[str, ...]
    version: str


@dataclass(frozen=True)
class TopicRetitled(
    TopicOperation,
    kind="inbox.title",
    urgent=True,
    subject="company:{company_id}",
    dedup="inbox-title:{company_id}:{wanted_at}",
):
    """The topic's title follows the conversation's state; one edit for a burst of
    changes (the title is worked out when it is sent)."""

    company_id: int
    wanted_at: str


class TopicEvent(enum.StrEnum):
    CLIENT_BLOCKED = "client-blocked"
    REFUSED = "refused"
    TOO_BIG = "too-big"
    NO_CONTACT = "no-contact"


@dataclass(frozen=True)
class TopicLine(
    TopicOperation,
    kind="inbox.line",
    subject="company:{company_id}",
    dedup="inbox-line:{message_id}:{event}",
):
    """One line in the topic: why a staff message did not reach the client."""

    company_id: int
    message_id: int
    event: TopicEvent
    client: str
    reason: str = ""


class GroupProblem(enum.StrEnum):
    REMOVED = "removed"
    RIGHTS = "rights"
    NOT_FORUM = "not-forum"


@dataclass(frozen=True)
class InboxLinked(
    Notice,
    kind="inbox.linked",
    subject="group:{chat_id}",
    dedup="inbox-linked:{chat_id}:{at}:{recipient}",
):
    chat_id: int
    title: str
    by: str
    at: str


@dataclass(frozen=True)
class InboxLost(
    Notice,
    kind="inbox.lost",
    subject="group:{chat_id}",
    dedup="inbox-lost:{chat_id}:{linked_at}:{recipient}",
):
    """Told once per link: the group cannot be used; clients' messages go to private chats."""

    chat_id: int
    title: str
    problem: GroupProblem
    linked_at: str


@dataclass(frozen=True)
class InboxBusy(
    Notice,
    kind="inbox.busy",
    subject="group:{chat_id}",
    dedup="inbox-busy:{chat_id}:{hour}:{recipient}",
):
    """A group's queue is longer than Telegram lets the bot send there in a minute."""

    chat_id: int
    title: str
    queued: int
    hour: str


@dataclass(frozen=True)
class StrangerInGroup(
    Notice,
    kind="inbox.stranger",
    subject="group:{chat_id}",
    dedup="inbox-stranger:{chat_id}:{user_id}:{day}:{recipient}",
):
    """Someone who is not staff is in a staff group: nothing they write reaches a client."""

    chat_id: int
    title: str
    user_id: int
    name: str
    username: str | None
    day: str


@dataclass(frozen=True)
class TopicOpened(
    TopicOperation,
    kind="inbox.open",
    subject="company:{company_id}",
    dedup="inbox-open:{company_id}:{at}",
):
    """Staff opened the company's topic from its card before the client wrote."""

    company_id: int
    by: str
    at: str


# sign-off: a stage's work, version by version ---------------------------------------------


@dataclass(frozen=True)
class DeliverableNotice(Notice, subject="deliverable:{deliverable_id}"):
    deliverable_id: int
    version: int

    @staticmethod
    def subject_of(deliverable_id: int) -> str:
        return f"deliverable:{deliverable_id}"


@dataclass(frozen=True)
class DeliverableFiles(
    DeliverableNotice,
    kind="signoff.files",
    dedup="deliverable:{deliverable_id}:files:{recipient}",
):
    """The version's files, before its card: an album as one."""

    files: tuple[TelegramFile, ...]


@dataclass(frozen=True)
class DeliverableCard(
    DeliverableNotice,
    kind="signoff.card",
    dedup="deliverable:{deliverable_id}:card:{recipient}",
):
    """To each client: the version, its note and link, and the decision buttons."""


@dataclass(frozen=True)
class DeliverableStaffCard(
    DeliverableNotice,
    kind="signoff.staff_card",
    dedup="deliverable:{deliverable_id}:staff-card:{recipient}",
):
    """To the AM who posted it: sent, waiting for the client."""


@dataclass(frozen=True)
class DeliverableCardDecided(
    DeliverableNotice,
    kind="signoff.card_edit",
    dedup="deliverable:{deliverable_id}:decided:{message_id}:{recipient}",
):
    """A card rewritten once the version is decided or superseded: who, when, no buttons."""

    message_id: int


@dataclass(frozen=True)
class DeliverableApproved(
    DeliverableNotice,
    kind="signoff.approved",
    dedup="deliverable:{deliverable_id}:approved:{recipient}",
):
    stage_id: int
    client: str
    offer_finish: bool  # the stage's last open version: finish the stage?


@dataclass(frozen=True)
class ChangesRequested(
    DeliverableNotice,
    kind="signoff.changes",
    dedup="deliverable:{deliverable_id}:changes:{recipient}",
):
    client: str
    comment: str | None
    round: int
    included: int
    beyond: bool  # past the rounds the price included: a change the agency may bill


@dataclass(frozen=True)
class ChangesFiles(
    DeliverableNotice,
    kind="signoff.changes_files",
    dedup="deliverable:{deliverable_id}:changes-files:{recipient}",
):
    files: tuple[TelegramFile, ...]


@dataclass(frozen=True)
class SignOffReminder(
    DeliverableNotice,
    kind="signoff.reminder",
    urgent=False,
    dedup="deliverable:{deliverable_id}:remind:{recipient}",
):
    days: int


@dataclass(frozen=True)
class SignOffSilent(
    DeliverableNotice,
    kind="signoff.silent",
    dedup="deliverable:{deliverable_id}:silent:{recipient}",
):
    days: int


@dataclass(frozen=True)
class SignOffEscalation(
    DeliverableNotice,
    kind="signoff.escalation",
    dedup="deliverable:{deliverable_id}:escalation:{recipient}",
):
    days: int
    manager: str


# the team: specialists and their stage tasks -----------------------------------------------


@dataclass(frozen=True)
class SpecialistAdded(
    Notice,
    kind="team.added",
    subject="person:{person_id}",
    dedup="specialist-added:{audit_id}",
):
    person_id: int
    audit_id: int
    by: str | None
    skill: str


@dataclass(frozen=True)
class SpecialistRemoved(
    Notice,
    kind="team.removed",
    subject="person:{person_id}",
    dedup="specialist-removed:{audit_id}",
):
    person_id: int
    audit_id: int


@dataclass(frozen=True)
class TaskNotice(Notice, subject="task:{task_id}"):
    """About one specialist's task; its text reads the task as it is when sent."""

    task_id: int

    @staticmethod
    def subject_of(task_id: int) -> str:
        return f"task:{task_id}"


@dataclass(frozen=True)
class TaskAssigned(TaskNotice, kind="task.assigned", dedup="task:{task_id}:assigned:{recipient}"):
    """To the specialist: what is asked, by when, with the buttons to report and hand in."""


@dataclass(frozen=True)
class TaskFiles(TaskNotice, kind="task.files", dedup="task:{task_id}:files:{recipient}"):
    """The AM's files for the task, after its card: an album as one."""

    files: tuple[TelegramFile, ...]


@dataclass(frozen=True)
class TaskDueSoon(TaskNotice, kind="task.due", dedup="task:{task_id}:{due}:{step}:{recipient}"):
    due: date
    step: DeadlineStep


@dataclass(frozen=True)
class TaskOverdue(
    TaskNotice, kind="task.overdue", dedup="task:{task_id}:{due}:overdue:{recipient}"
):
    """To the AM, the first working morning after the due date."""

    due: date
    specialist: str


@dataclass(frozen=True)
class TaskEscalation(
    TaskNotice, kind="task.escalation", dedup="task:{task_id}:{due}:escalation:{recipient}"
):
    """To the heads, when a task is still open `days` working days after its due date."""

    due: date
    specialist: str
    manager: str
    days: int


@dataclass(frozen=True)
class TaskProgressed(
    TaskNotice, kind="task.progress", dedup="task:{task_id}:progress:{audit_id}:{recipient}"
):
    audit_id: int
    percent: int
    note: str | None


@dataclass(frozen=True)
class TaskHandedIn(
    TaskNotice, kind="task.handed_in", dedup="task:{task_id}:handed:{round}:{recipient}"
):
    """To the AM: the result, with "Send to the client" and "Return"."""

    round: int
    late: bool


@dataclass(frozen=True)
class TaskResultFiles(
    TaskNotice, kind="task.result_files", dedup="task:{task_id}:result:{round}:{recipient}"
):
    round: int
    files: tuple[TelegramFile, ...]


@dataclass(frozen=True)
class TaskReturned(
    TaskNotice, kind="task.returned", dedup="task:{task_id}:returned:{round}:{recipient}"
):
    round: int
    comment: str


@dataclass(frozen=True)
class TaskAccepted(TaskNotice, kind="task.accepted", dedup="task:{task_id}:accepted:{recipient}"):
    """To the specialist: the AM sent the result to the client."""

    version: int


@dataclass(frozen=True)
class TaskCancelled(
    TaskNotice, kind="task.cancelled", dedup="task:{task_id}:cancelled:{recipient}"
):
    """To whoever was working on it, or to the AM when its specialist left the team."""

    specialist: str
