"""All inline-button payloads: short prefixes, ids only; handlers re-check who presses."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class AccessDecision(StrEnum):
    ACCEPT = "a"
    DECLINE = "d"


class AccessCb(CallbackData, prefix="acc"):
    id: int
    decision: AccessDecision


class AccessCompanyCb(CallbackData, prefix="acco"):
    id: int
    company: int


class RequestAccessCb(CallbackData, prefix="req"):
    pass


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class ManagerAction(StrEnum):
    ADD = "add"
    REMOVE = "rm"
    CONFIRM_REMOVE = "rmok"
    KEEP = "keep"


class ManagerCb(CallbackData, prefix="mgr"):
    action: ManagerAction
    id: int = 0


class CompanyAction(StrEnum):
    OPEN = "open"
    TOPIC = "topic"
    INVITE = "inv"
    REASSIGN = "re"
    SET_MANAGER = "set"
    PAPERWORK = "req"  # the client's requisites and contract, for documents


class CompanyCb(CallbackData, prefix="co"):
    action: CompanyAction
    id: int
    manager: int = 0


class BriefTemplateCb(CallbackData, prefix="bt"):
    template: str
    replace: bool = False


class BriefResumeCb(CallbackData, prefix="bc"):
    id: int


class BriefRestartCb(CallbackData, prefix="bn"):
    id: int


class FormKind(StrEnum):
    BRIEF = "b"
    PROPOSAL = "p"
    INVOICE = "i"


class FormAnswerAction(StrEnum):
    OPTION = "o"
    YES = "y"
    NO = "n"
    DONE = "d"
    SKIP = "s"
    BACK = "b"
    SUMMARY = "m"
    EXIT = "x"
    CLEAR = "c"


class FormAnswerCb(CallbackData, prefix="fa"):
    """Question and option by position in the template: ids would not fit in 64 bytes."""

    form: FormKind
    id: int
    q: int
    action: FormAnswerAction
    option: int = -1


class FormSummaryAction(StrEnum):
    EDIT = "e"
    SUBMIT = "s"
    EXIT = "x"
    SEND = "d"  # a proposal below the approval threshold goes straight to the client
    DELETE = "r"


class FormSummaryCb(CallbackData, prefix="fs"):
    form: FormKind
    id: int
    action: FormSummaryAction
    q: int = -1


class BriefStaffAction(StrEnum):
    TAKE = "take"
    ASK = "ask"
    PROPOSAL = "kp"
    OPEN = "open"
    DOCUMENT = "doc"


class BriefStaffCb(CallbackData, prefix="bm"):
    id: int
    action: BriefStaffAction


class BriefReplyCb(CallbackData, prefix="br"):
    id: int


class TemplateToggleCb(CallbackData, prefix="tt"):
    template: str
    enable: bool


class ProposalNewCb(CallbackData, prefix="pn"):
    company: int
    brief: int = 0


class ProposalResumeCb(CallbackData, prefix="pr"):
    id: int


class ProposalStartCb(CallbackData, prefix="ps"):
    """“New proposal”: pick the company next."""


class ProposalDecision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


class ProposalDecisionCb(CallbackData, prefix="pd"):
    id: int
    version: int
    action: ProposalDecision


class ProposalClientAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    DECLINE_WITHOUT_REASON = "noreason"
    DISCUSS = "discuss"


class ProposalClientCb(CallbackData, prefix="pc"):
    id: int
    action: ProposalClientAction


class ProjectAction(StrEnum):
    OPEN = "open"
    UPDATE = "upd"
    ACT = "act"
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"
    CANCEL = "cancel"


class ProjectFilter(StrEnum):
    MANAGER = "m"
    COMPANY = "c"


class ProjectCb(CallbackData, prefix="pj"):
    id: int
    action: ProjectAction


class ProjectListCb(CallbackData, prefix="pl"):
    """A page of the staff's /projects: its filter (0: none), and where it starts — after
    (or, `back`, before) the project `id` whose list key is the day `day` (an ordinal)."""

    manager: int = 0
    company: int = 0
    day: int = 0
    id: int = 0
    back: bool = False


class ProjectFilterCb(CallbackData, prefix="pf"):
    """Choose whose projects the list shows: an AM (heads), or a company by its name."""

    by: ProjectFilter


class ActCb(CallbackData, prefix="ak"):
    """What an act of completed work covers: a finished stage, or 0 for the project's
    finished stages."""

    project: int
    stage: int


class TimelineCb(CallbackData, prefix="tl"):
    """The project's timeline picture, for its client or its AM."""

    project: int


class ProjectViewCb(CallbackData, prefix="pv"):
    """The client opens a project card."""

    id: int


class StageAction(StrEnum):
    MENU = "menu"
    SIGN_OFF = "so"
    START = "start"
    FINISH = "finish"
    PROGRESS = "pct"
    WAIT = "wait"
    DEADLINE = "due"
    ASSIGN = "task"  # give a specialist part of the stage


class StageCb(CallbackData, prefix="st"):
    id: int
    action: StageAction
    value: int = 0


class ProjectAnswerCb(CallbackData, prefix="pa"):
    stage: int


class RateCb(CallbackData, prefix="rt"):
    project: int
    stage: int
    score: int


class RatingCommentSkipCb(CallbackData, prefix="rc"):
    rating: int


class WeeklyCb(CallbackData, prefix="wk"):
    on: bool


class NewProjectCb(CallbackData, prefix="np"):
    company: int


class ReconciliationCb(CallbackData, prefix="rc"):
    """The company a reconciliation statement is for."""

    company: int


class InvoiceNewCb(CallbackData, prefix="in"):
    company: int
    project: int = -1  # -1: not chosen yet, 0: without a project


class InvoiceClientAction(StrEnum):
    PAID = "paid"
    QUESTION = "question"
    LATER = "later"
    LATER_1D = "1d"
    LATER_3D = "3d"
    LATER_MONDAY = "monday"
    FILE = "file"


class InvoiceClientCb(CallbackData, prefix="ic"):
    id: int
    action: InvoiceClientAction


class InvoiceStaffAction(StrEnum):
    OPEN = "open"
    CONFIRM = "confirm"
    MISSING = "missing"
    RECORD = "record"
    REMIND = "remind"
    REMINDERS_OFF = "roff"
    REMINDERS_ON = "ron"
    CANCEL = "cancel"
    FILE = "file"


class InvoiceStaffCb(CallbackData, prefix="is"):
    id: int
    action: InvoiceStaffAction


class InvoiceFilterCb(CallbackData, prefix="if"):
    company: int  # 0: all companies


class CompanyInvoiceRemindersCb(CallbackData, prefix="cr"):
    company: int
    on: bool


class DocumentCompanyCb(CallbackData, prefix="dc"):
    company: int
    project: int = -1  # -1: not chosen yet, 0: the whole company


class DocumentGetCb(CallbackData, prefix="dg"):
    id: int


class ChatReplyCb(CallbackData, prefix="cq"):
    client: int


class ChatCannedCb(CallbackData, prefix="cc"):
    """Show the AM's canned replies for this client (canned=0) or send one."""

    client: int
    canned: int = 0


class ChatContextCb(CallbackData, prefix="cx"):
    message: int
    project: int  # 0: a general question


class CannedDeleteCb(CallbackData, prefix="cd"):
    id: int


class CannedAddCb(CallbackData, prefix="ca"):
    pass


class ChatCompanyAction(StrEnum):
    HISTORY = "h"
    NOTE = "n"


class ChatCompanyCb(CallbackData, prefix="ch"):
    company: int
    action: ChatCompanyAction


class DeputyCb(CallbackData, prefix="dp"):
    id: int


class InboxScopeCb(CallbackData, prefix="ib"):
    """Which companies a staff group takes: the agency's (manager=0) or an AM's."""

    chat: int
    manager: int = 0


class InboxCardCb(CallbackData, prefix="ik"):
    """Refresh a topic's pinned card."""

    company: int


class InboxWhoCb(CallbackData, prefix="iw"):
    """Who sent a copy that cannot carry a caption (a sticker, a location)."""

    client: int


class InboxTopicCb(CallbackData, prefix="it"):
    """Open the company's topic in the staff group now (from the company card)."""

    company: int


class SignOffAction(StrEnum):
    APPROVE = "ok"
    CHANGES = "ch"
    QUESTION = "q"


class SignOffCb(CallbackData, prefix="so"):
    """A client's decision on a version (the version is checked again when pressed)."""

    id: int
    action: SignOffAction


class SignOffDraftAction(StrEnum):
    SEND = "send"
    CANCEL = "cancel"


class SignOffDraftCb(CallbackData, prefix="sd"):
    """The AM sends (or drops) the version being put together."""

    id: int
    action: SignOffDraftAction


class SignOffChangesCb(CallbackData, prefix="sc"):
    """The client sends the change request written so far."""

    id: int


class TeamAction(StrEnum):
    ADD = "add"  # by id or a shared contact
    INVITE = "inv"  # a one-time link
    REMOVE = "rm"
    CONFIRM_REMOVE = "rmok"
    KEEP = "keep"


class TeamCb(CallbackData, prefix="tm"):
    """/team: a head or an AM adds and removes specialists."""

    action: TeamAction
    id: int = 0


class SkillCb(CallbackData, prefix="sk"):
    """A suggested skill label (its place in services.work.team.SKILLS)."""

    index: int


class AssignCb(CallbackData, prefix="as"):
    """The specialist a stage's task goes to."""

    stage: int
    specialist: int


class TaskAction(StrEnum):
    OPEN = "open"
    PROGRESS = "pct"  # the specialist's quick percent
    NOTE = "note"  # a percent with a note, typed
    HAND_IN = "hand"  # start collecting the result
    SUBMIT = "sub"  # the collected result goes to the AM
    SEND = "send"  # the AM: to the client
    RETURN = "ret"  # the AM: back to the specialist
    MOVE = "move"  # the AM: another due date
    CANCEL = "cancel"  # the AM takes it back


class TaskCb(CallbackData, prefix="tk"):
    id: int
    action: TaskAction
    value: int = 0


class TaskFormAction(StrEnum):
    NEXT = "next"  # what is asked is all there: on to the due date
    LATE_OK = "late"  # due after the stage's deadline: yes
    DROP = "drop"


class TaskFormCb(CallbackData, prefix="tf"):
    action: TaskFormAction
