"""How each notice reads: its text, what is loaded to write it, its buttons and its file.

`VIEWS` maps every notice class of services/notices to a View; a class without one fails
a test (tests/test_contracts.py), not a delivery. The notice's own fields become the
text's arguments (dates in the reader's language, `None` as "none"); `Load` names what is
read from the database when the message is sent, so it shows the invoice or the project as
it is then, not as it was when the notice was queued.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from services.billing.agency import Agency
from services.billing.invoices import Invoices
from services.delivery import notices as n
from services.platform.errors import NotFound
from services.questionnaires.briefs import Briefs
from services.sales.proposals import Proposals
from services.work.projects import Projects
from services.work.sign_off import SignOff
from services.work.tasks import Tasks
from views import keyboards, sign_off
from views import tasks as task_views
from views.briefs import brief_drawing, key_answers
from views.invoices import invoice_args, invoice_drawing, overdue_summary, payment_qr_drawing
from views.projects import day_text, status_item
from views.proposals import card_args
from views.sheets import Drawing
from views.texts import Html, Translate, say
from views.timeline import timeline_drawing, timeline_sheet


class Load(enum.Enum):
    """What the text needs beyond the notice's fields, read when it is sent; the value
    names the arguments it gives the text."""

    BRIEF = ("company", "template", "client", "key_answers", "left")
    INVOICE = (
        "number", "company", "manager", "project", "purpose", "amount", "paid", "balance",
        "due", "agency", "status", "reminders",
    )  # fmt: skip
    PROJECT = ("project", "company", "manager")
    PROPOSAL = (
        "author", "brief", "company", "decision", "history", "payment", "price", "scope",
        "stages", "timeline", "title",
    )  # fmt: skip
    WEEKLY = ("summary",)
    DELIVERABLE = (
        "project", "company", "stage", "note", "link", "files", "status", "decided_by",
        "decided_at", "posted_at", "comment", "rounds", "included", "beyond",
    )  # fmt: skip
    TASK = (
        "project", "company", "stage", "brief", "due", "stage_deadline", "status", "progress",
        "progress_note", "specialist", "skill", "files", "result_note", "result_link",
        "result_files", "returns", "return_comment",
    )  # fmt: skip


class Document(enum.Enum):
    """A file the bot draws itself, sent with the text as its caption."""

    BRIEF = enum.auto()  # the brief's PDF
    INVOICE = enum.auto()  # the invoice's PDF
    PAYMENT_QR = enum.auto()  # the code a bank app pays the balance from, when it has one
    TIMELINE = enum.auto()  # the project's stages as a picture


Keyboard = Callable[[Any, Translate], InlineKeyboardMarkup | None]


@dataclass(frozen=True)
class View:
    text: str | Callable[[Any], str]
    load: Load | None = None
    keyboard: Keyboard | None = None
    document: Document | None = None
    # arguments worked out from the fields for the reader (sums in their language)
    args: Callable[[Any, Reader], dict[str, Any]] | None = None

    def text_key(self, notice: n.Notice) -> str:
        return self.text if isinstance(self.text, str) else self.text(notice)


VIEWS: dict[type[n.Notice], View] = {
    # access and people
    n.AccessRequested: View(
        "access-requested",
        keyboard=lambda x, t: keyboards.access_decision(t, x.request_id),
    ),
    n.AccessGranted: View("access-welcome"),
    n.AccessDeclined: View("access-declined"),
    n.ClientJoined: View("client-joined"),
    n.ManagerAdded: View("manager-welcome"),
    n.ManagerRemoved: View("manager-removed"),
    n.CompanyReassigned: View(
        lambda x: {
            n.Reassignment.GIVEN: "company-assigned-to-you",
            n.Reassignment.TAKEN: "company-taken-from-you",
            n.Reassignment.CLIENT: "client-new-manager",
        }[x.audience]
    ),
    # delivery
    n.PersonUnreachable: View("alert-unreachable"),
    n.PersonReachable: View("alert-reachable-again"),
    n.DeliveryFailed: View("alert-delivery-failed"),
    # briefs
    n.BriefSubmitted: View(
        "brief-alert",
        Load.BRIEF,
        keyboard=lambda x, t: keyboards.brief_alert(t, x.brief_id, taken=False),
    ),
    n.BriefDocument: View("brief-document-caption", Load.BRIEF, document=Document.BRIEF),
    n.BriefFile: View("brief-file-caption", Load.BRIEF),
    n.BriefTaken: View("brief-taken-client", Load.BRIEF),
    n.BriefQuestionAsked: View(
        "brief-question-for-client",
        Load.BRIEF,
        keyboard=lambda x, t: keyboards.brief_reply(t, x.question_id),
    ),
    n.BriefQuestionAnswered: View(
        "brief-answer-for-manager",
        Load.BRIEF,
        keyboard=lambda x, t: keyboards.brief_open(t, x.brief_id),
    ),
    n.BriefNudge: View(
        "brief-nudge", Load.BRIEF, keyboard=lambda x, t: keyboards.brief_continue(t, x.brief_id)
    ),
    # the conversation
    n.RelayedMessage: View(
        "chat-client-message", keyboard=lambda x, t: keyboards.chat_reply(t, x.client_id)
    ),
    n.MessageContext: View("chat-context"),
    n.ManagerReply: View("chat-manager-reply"),
    n.DeputyAppointed: View("chat-you-are-deputy"),
    n.ReplyOverdue: View(
        "chat-sla-reminder", keyboard=lambda x, t: keyboards.chat_reply(t, x.client_id)
    ),
    # the staff inbox (the moves in a group are bot/inbox.py's)
    n.InboxLinked: View("inbox-linked"),
    n.InboxLost: View(lambda x: f"inbox-lost-{x.problem.value}"),
    n.InboxBusy: View("inbox-busy"),
    n.StrangerInGroup: View("inbox-stranger"),
    n.ReplyEscalation: View(
        "chat-sla-escalation",
        keyboard=lambda x, t: keyboards.chat_escalation(t, x.client_id, x.company_id),
    ),
    # invoices and documents
    n.InvoiceIssued: View(
        "invoice-issued",
        Load.INVOICE,
        keyboard=lambda x, t: keyboards.invoice_for_client(t, x.invoice_id),
        document=Document.PAYMENT_QR,
    ),
    n.InvoiceDocument: View("invoice-document-caption", Load.INVOICE, document=Document.INVOICE),
    n.PaymentReported: View(
        "invoice-reported-paid",
        Load.INVOICE,
        keyboard=lambda x, t: keyboards.payment_check(t, x.invoice_id),
    ),
    n.PaymentNotReceived: View(
        "invoice-payment-missing",
        Load.INVOICE,
        keyboard=lambda x, t: keyboards.invoice_for_client(t, x.invoice_id),
    ),
    n.InvoiceCancelled: View("invoice-cancelled", Load.INVOICE),
    n.InvoiceReminder: View(
        lambda x: {
            n.ReminderStep.BEFORE: "invoice-reminder-before",
            n.ReminderStep.TODAY: "invoice-reminder-today",
            n.ReminderStep.OVERDUE: {
                n.ReminderTone.FIRM: "invoice-reminder-firm",
                n.ReminderTone.FORMAL: "invoice-reminder-formal",
            }.get(x.tone, "invoice-reminder-overdue"),
            n.ReminderStep.SNOOZED: "invoice-reminder-snoozed",
            n.ReminderStep.MANUAL: "invoice-reminder",
        }[x.step],
        Load.INVOICE,
        keyboard=lambda x, t: keyboards.invoice_for_client(t, x.invoice_id),
    ),
    n.InvoiceOverdue: View("invoice-overdue-manager", Load.INVOICE),
    n.InvoiceEscalation: View("invoice-overdue-head", Load.INVOICE),
    n.PaymentRecorded: View(
        lambda x: "invoice-paid-client" if x.in_full else "invoice-partial-client", Load.INVOICE
    ),
    n.DocumentShared: View("document-added"),
    # projects
    n.StageStarted: View("project-stage-started", Load.PROJECT),
    n.StageFinished: View("project-stage-finished", Load.PROJECT),
    n.WaitingForClient: View(
        "project-waiting-client",
        Load.PROJECT,
        keyboard=lambda x, t: keyboards.stage_answer(t, x.stage_id),
    ),
    n.DeadlineMoved: View("project-deadline-changed", Load.PROJECT),
    n.ProjectNews: View("project-update-posted", Load.PROJECT),
    n.ProjectFile: View("project-file-caption", Load.PROJECT),
    n.ProjectStatusChanged: View(lambda x: f"project-status-{x.status}", Load.PROJECT),
    n.ClientAnsweredStage: View("project-client-answered", Load.PROJECT),
    n.LowRating: View("project-low-rating", Load.PROJECT),
    n.RatingRequest: View(
        lambda x: "project-rate-stage" if x.stage_id else "project-rate-project",
        Load.PROJECT,
        keyboard=lambda x, t: keyboards.rating(t, x.project_id, x.stage_id),
    ),
    n.WeeklySummary: View(
        "project-weekly", Load.WEEKLY, keyboard=lambda x, t: keyboards.weekly_toggle(t, on=True)
    ),
    n.WeeklyTimeline: View("timeline-caption", Load.PROJECT, document=Document.TIMELINE),
    n.StageDeadline: View(
        lambda x: {
            n.DeadlineStep.DAYS_3: "stage-due-3d",
            n.DeadlineStep.DAYS_1: "stage-due-1d",
            n.DeadlineStep.TODAY: "stage-due-today",
        }[x.step],
        Load.PROJECT,
    ),
    n.StageOverdue: View("stage-overdue", Load.PROJECT),
    n.StageOverdueEscalation: View("stage-overdue-head", Load.PROJECT),
    n.StageWaitingReminder: View(
        "stage-waiting-client",
        Load.PROJECT,
        keyboard=lambda x, t: keyboards.stage_answer(t, x.stage_id),
    ),
    n.StageWaitingAlert: View("stage-waiting-manager", Load.PROJECT),
    n.MorningDigest: View(
        "digest-morning", args=lambda x, r: overdue_summary(x.overdue_invoices, r.language)
    ),
    # proposals
    n.ProposalAccepted: View("proposal-accepted-staff", Load.PROPOSAL),
    n.ProposalDeclined: View("proposal-declined-staff", Load.PROPOSAL),
    n.ProposalOffer: View(
        "proposal-client-card",
        Load.PROPOSAL,
        keyboard=lambda x, t: keyboards.proposal_for_client(t, x.proposal_id),
    ),
    n.ProposalCard: View(
        "proposal-card",
        Load.PROPOSAL,
        keyboard=lambda x, t: keyboards.proposal_decision(t, x.proposal_id, x.version),
    ),
    n.ProposalFile: View("proposal-file-caption", Load.PROPOSAL),
    # decided: the card keeps its text, now with the decision, and loses its buttons
    n.ProposalCardDecided: View("proposal-card", Load.PROPOSAL),
    # sign-off
    n.DeliverableFiles: View("signoff-files-caption", Load.DELIVERABLE),
    n.DeliverableCard: View(
        "signoff-card",
        Load.DELIVERABLE,
        keyboard=lambda x, t: sign_off.decision_buttons(t, x.deliverable_id),
    ),
    n.DeliverableStaffCard: View("signoff-staff-card", Load.DELIVERABLE),
    n.DeliverableCardDecided: View("signoff-card", Load.DELIVERABLE),
    n.DeliverableApproved: View(
        "signoff-approved",
        Load.DELIVERABLE,
        keyboard=lambda x, t: sign_off.finish_stage(t, x.stage_id) if x.offer_finish else None,
    ),
    n.ChangesRequested: View("signoff-changes", Load.DELIVERABLE),
    n.ChangesFiles: View("signoff-changes-files", Load.DELIVERABLE),
    n.SignOffReminder: View(
        "signoff-reminder",
        Load.DELIVERABLE,
        keyboard=lambda x, t: sign_off.decision_buttons(t, x.deliverable_id),
    ),
    n.SignOffSilent: View("signoff-silent", Load.DELIVERABLE),
    n.SignOffEscalation: View("signoff-escalation", Load.DELIVERABLE),
    # the team
    n.SpecialistAdded: View("specialist-welcome"),
    n.SpecialistRemoved: View("specialist-removed"),
    n.TaskAssigned: View(
        "task-assigned",
        Load.TASK,
        keyboard=lambda x, t: task_views.open_buttons(t, x.task_id),
    ),
    n.TaskFiles: View("task-files-caption", Load.TASK),
    n.TaskDueSoon: View(
        "task-due",
        Load.TASK,
        keyboard=lambda x, t: task_views.open_buttons(t, x.task_id),
    ),
    n.TaskOverdue: View(
        "task-overdue",
        Load.TASK,
        keyboard=lambda x, t: task_views.open_buttons(t, x.task_id),
    ),
    n.TaskEscalation: View("task-escalation", Load.TASK),
    n.TaskProgressed: View("task-progressed", Load.TASK),
    n.TaskHandedIn: View(
        "task-handed-in",
        Load.TASK,
        keyboard=lambda x, t: task_views.result_buttons(t, x.task_id),
        args=lambda x, r: {"late": "yes" if x.late else "no"},
    ),
    n.TaskResultFiles: View("task-result-files-caption", Load.TASK),
    n.TaskReturned: View(
        "task-returned",
        Load.TASK,
        keyboard=lambda x, t: task_views.open_buttons(t, x.task_id),
    ),
    n.TaskAccepted: View("task-accepted", Load.TASK),
    n.TaskCancelled: View("task-cancelled", Load.TASK),
    n.ProposalVerdict: View(
        lambda x: f"proposal-{x.verdict}-author",
        Load.PROPOSAL,
        keyboard=lambda x, t: (
            keyboards.proposal_edit(t, x.proposal_id) if x.verdict is n.Verdict.RETURNED else None
        ),
    ),
    n.ApprovalReminder: View(
        "proposal-approval-reminder",
        Load.PROPOSAL,
        keyboard=lambda x, t: keyboards.proposal_decision(t, x.proposal_id, x.version),
    ),
    n.OfferReminder: View(
        "proposal-client-reminder",
        Load.PROPOSAL,
        keyboard=lambda x, t: keyboards.proposal_for_client(t, x.proposal_id),
    ),
    n.OfferUnanswered: View("proposal-client-silent", Load.PROPOSAL),
}

# Telegram's limit on a photo's or a document's caption.
CAPTION_LIMIT = 1024

# Sections of the morning digest that are joined on one line rather than listed.
INLINE_SECTIONS = frozenset({"invoice_totals"})


class NothingToSend(Exception):
    """A notice whose file cannot be made any more (the brief was deleted)."""


@dataclass(frozen=True)
class Reader:
    language: str
    translate: Translate
    timezone: str


@dataclass(frozen=True)
class Rendered:
    """A notice as it goes out: a text with its buttons, or a file with that caption, or an
    earlier message rewritten."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    file: n.TelegramFile | None = None
    drawing: Drawing | None = None
    edit_message_id: int | None = None
    files: tuple[n.TelegramFile, ...] = ()  # several, sent as one album


def text_key(notice: n.Notice) -> str:
    return VIEWS[type(notice)].text_key(notice)


def field_args(notice: n.Notice, reader: Reader) -> dict[str, Any]:
    """The notice's fields as the text's arguments."""
    args: dict[str, Any] = {}
    for item in fields(notice):  # type: ignore[arg-type]
        value = getattr(notice, item.name)
        if value is None:
            args[item.name] = "none"
        elif isinstance(value, date):
            args[item.name] = day_text(value, reader.language, reader.translate)
        elif isinstance(value, tuple):
            if all(isinstance(line, str) for line in value):
                glue = ", " if item.name in INLINE_SECTIONS else "\n"
                args[item.name] = glue.join(value) or "none"
        elif isinstance(value, str | int):  # StrEnum values are str
            args[item.name] = value
    return args


class NoticeRenderer:
    def __init__(
        self,
        briefs: Briefs,
        proposals: Proposals,
        projects: Projects,
        invoices: Invoices,
        agency: Agency,
        sign_off_: SignOff | None = None,
        tasks: Tasks | None = None,
    ) -> None:
        self.sign_off = sign_off_
        self.tasks = tasks
        self.briefs = briefs
        self.proposals = proposals
        self.projects = projects
        self.invoices = invoices
        self.agency = agency
        self.agency_name = agency.name

    async def render(self, notice: n.Notice, reader: Reader) -> Rendered:
        view = VIEWS[type(notice)]
        args = field_args(notice, reader)
        if view.args is not None:
            args |= view.args(notice, reader)
        if view.load is not None:
            args |= await self._load(view.load, notice, reader)
        text = say(reader.translate, view.text_key(notice), **args)
        keyboard = view.keyboard(notice, reader.translate) if view.keyboard else None
        file = getattr(notice, "file", None)
        drawing = None
        if view.document is not None and file is None:
            drawing = await self._drawing(view.document, notice, reader)
            if drawing is None and view.document is not Document.PAYMENT_QR:
                raise NothingToSend(f"{notice.kind}: its document is gone")
            if view.document is Document.PAYMENT_QR and len(text) > CAPTION_LIMIT:
                # a cut caption could cut an HTML tag, and Telegram would refuse the
                # invoice itself: the text goes alone, the code is in its PDF
                drawing = None
        edit = (
            notice.message_id
            if isinstance(notice, n.ProposalCardDecided | n.DeliverableCardDecided)
            else None
        )
        files = getattr(notice, "files", ())
        return Rendered(text, keyboard, file, drawing, edit, files)

    async def _load(self, load: Load, notice: Any, reader: Reader) -> dict[str, Any]:
        """A thing deleted since the notice was queued leaves the notice's own words."""
        language, translate = reader.language, reader.translate
        if load is Load.BRIEF:
            return await self._brief_args(notice, reader)
        if load is Load.INVOICE:
            try:
                invoice = await self.invoices.load(notice.invoice_id)
            except NotFound:
                return {}
            return invoice_args(invoice, language, translate, self.agency_name)
        if load is Load.PROJECT:
            try:
                project = await self.projects.load(notice.project_id)
            except NotFound:
                return {}
            return {
                "project": project.title,
                "company": project.company_name,
                "manager": project.manager_name or "—",
            }
        if load is Load.DELIVERABLE:
            if self.sign_off is None:
                return {}
            try:
                found = await self.sign_off.load(notice.deliverable_id)
            except NotFound:
                return {}
            return sign_off.card_args(found, language, reader.timezone)
        if load is Load.TASK:
            if self.tasks is None:
                return {}
            try:
                task = await self.tasks.load(notice.task_id)
            except NotFound:
                return {}
            return task_views.task_args(task, language, translate)
        if load is Load.PROPOSAL:
            proposal = await self.proposals.get_for_render(notice.proposal_id)
            if proposal is None:
                return {}
            history = await self.proposals.history(proposal.id)
            return card_args(proposal, history, translate, language, reader.timezone)
        items = []
        for project_id in notice.projects:
            try:
                project = await self.projects.load(project_id)
            except NotFound:
                continue
            items.append(status_item(project, translate, language, reader.timezone))
        return {"summary": Html("\n\n".join(items) or "—")}

    async def _brief_args(self, notice: Any, reader: Reader) -> dict[str, Any]:
        brief = await self.briefs.get_for_render(notice.brief_id)
        if brief is None:
            return {}
        language = reader.language
        extra: dict[str, Any] = {
            "company": brief.company_name,
            "template": brief.template.title.get(language),
            "client": brief.client_name,
        }
        if isinstance(notice, n.BriefSubmitted):
            extra["key_answers"] = key_answers(brief, reader.translate, language)
        if isinstance(notice, n.BriefNudge):
            extra["left"] = len(brief.visible()) - len(brief.answered())
        return extra

    async def _drawing(self, document: Document, notice: Any, reader: Reader) -> Drawing | None:
        if document is Document.TIMELINE:
            try:
                project = await self.projects.load(notice.project_id)
            except NotFound:
                return None
            moves = await self.projects.deadline_moves(project)
            today = self.projects.today_in(reader.timezone)
            sheet = timeline_sheet(
                project, moves, today, reader.translate, reader.language, reader.timezone
            )
            return timeline_drawing(project, sheet, reader.language)
        if document is Document.BRIEF:
            brief = await self.briefs.get_for_render(notice.brief_id)
            if brief is None:
                return None
            return brief_drawing(
                brief, reader.translate, reader.language, reader.timezone, self.agency
            )
        try:
            invoice = await self.invoices.load(notice.invoice_id)
        except NotFound:
            return None
        if document is Document.PAYMENT_QR:
            return payment_qr_drawing(invoice, self.agency.bank)
        return invoice_drawing(
            invoice, reader.language, reader.translate, reader.timezone, self.agency
        )
