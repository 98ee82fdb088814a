"""Inline keyboards, built in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    KeyboardButtonRequestUsers,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from services.accounts.companies import Company
from services.accounts.people import Person, Role
from services.billing.documents import Document
from services.billing.invoices import Invoice
from services.conversation.canned import Canned
from services.platform.paging import Page, PageKey
from services.questionnaires.briefs import Brief, TemplateChoice
from services.questionnaires.form_templates import FormTemplate
from services.sales.proposals import Proposal
from services.work.projects import Project, ProjectScope
from services.work.statuses import ProjectStatus, StageStatus
from views.briefs import status_text as brief_status_text
from views.callbacks import (
    AccessCb,
    AccessCompanyCb,
    AccessDecision,
    ActCb,
    BriefReplyCb,
    BriefRestartCb,
    BriefResumeCb,
    BriefStaffAction,
    BriefStaffCb,
    BriefTemplateCb,
    CannedAddCb,
    CannedDeleteCb,
    ChatCannedCb,
    ChatContextCb,
    ChatReplyCb,
    CompanyAction,
    CompanyCb,
    CompanyInvoiceRemindersCb,
    DeputyCb,
    DocumentGetCb,
    InvoiceClientAction,
    InvoiceClientCb,
    InvoiceFilterCb,
    InvoiceNewCb,
    InvoiceStaffAction,
    InvoiceStaffCb,
    LanguageCb,
    ManagerAction,
    ManagerCb,
    ProjectAction,
    ProjectAnswerCb,
    ProjectCb,
    ProjectFilter,
    ProjectFilterCb,
    ProjectListCb,
    ProposalClientAction,
    ProposalClientCb,
    ProposalDecision,
    ProposalDecisionCb,
    ProposalResumeCb,
    ProposalStartCb,
    RateCb,
    RatingCommentSkipCb,
    RequestAccessCb,
    StageAction,
    StageCb,
    TaskAction,
    TaskCb,
    TemplateToggleCb,
    TimelineCb,
    WeeklyCb,
)
from views.forms import shorten
from views.texts import Translate, say

PICK_MANAGER_REQUEST_ID = 1


def one_per_row(buttons: Iterable[tuple[str, CallbackData]]) -> InlineKeyboardMarkup:
    """A column of buttons. Built straight from aiogram's types: InlineKeyboardBuilder
    deep-copies each button it is given, 0.4 ms of a /status with four projects."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data.pack())] for text, data in buttons
        ]
    )


def request_access(translate: Translate) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=translate("btn-request-access"), callback_data=RequestAccessCb())
    return builder.as_markup()


def languages() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="Русский", callback_data=LanguageCb(code="ru"))
    builder.button(text="English", callback_data=LanguageCb(code="en"))
    return builder.as_markup()


def invite_again(translate: Translate, company_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=translate("btn-invite-again"),
        callback_data=CompanyCb(action=CompanyAction.INVITE, id=company_id),
    )
    return builder.as_markup()


def company_picker(
    items: list[Company], make: Callable[[int], CallbackData]
) -> InlineKeyboardMarkup:
    """One button per company; `make` turns a company id into the button's payload."""
    builder = InlineKeyboardBuilder()
    for company in items:
        builder.button(text=company.name, callback_data=make(company.id))
    builder.adjust(1)
    return builder.as_markup()


def companies(items: list[Company], action: CompanyAction) -> InlineKeyboardMarkup:
    return company_picker(items, lambda company_id: CompanyCb(action=action, id=company_id))


def company_card(translate: Translate, company: Company, viewer: Person) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=translate("btn-company-invite"),
        callback_data=CompanyCb(action=CompanyAction.INVITE, id=company.id),
    )
    on = company.invoice_reminders
    builder.button(
        text=translate(
            "btn-company-invoice-reminders-off" if on else "btn-company-invoice-reminders-on"
        ),
        callback_data=CompanyInvoiceRemindersCb(company=company.id, on=not on),
    )
    builder.button(
        text=translate("btn-company-topic"),
        callback_data=CompanyCb(action=CompanyAction.TOPIC, id=company.id),
    )
    builder.button(
        text=translate("btn-company-paperwork"),
        callback_data=CompanyCb(action=CompanyAction.PAPERWORK, id=company.id),
    )
    if viewer.role is Role.HEAD:
        builder.button(
            text=translate("btn-company-reassign"),
            callback_data=CompanyCb(action=CompanyAction.REASSIGN, id=company.id),
        )
    builder.adjust(1)
    return builder.as_markup()


def choose_manager(company_id: int, managers: list[Person]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for manager in managers:
        builder.button(
            text=manager.display_name,
            callback_data=CompanyCb(
                action=CompanyAction.SET_MANAGER, id=company_id, manager=manager.telegram_id
            ),
        )
    builder.adjust(1)
    return builder.as_markup()


def access_companies(request_id: int, items: list[Company]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for company in items:
        builder.button(
            text=company.name, callback_data=AccessCompanyCb(id=request_id, company=company.id)
        )
    builder.adjust(1)
    return builder.as_markup()


def managers(translate: Translate, items: list[Person]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for manager in items:
        builder.button(
            text=say(translate, "btn-manager-remove", name=manager.display_name),
            callback_data=ManagerCb(action=ManagerAction.REMOVE, id=manager.telegram_id),
        )
    builder.button(
        text=translate("btn-manager-add"), callback_data=ManagerCb(action=ManagerAction.ADD)
    )
    builder.adjust(1)
    return builder.as_markup()


def confirm_remove(translate: Translate, manager_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=translate("btn-confirm"),
        callback_data=ManagerCb(action=ManagerAction.CONFIRM_REMOVE, id=manager_id),
    )
    builder.button(text=translate("btn-cancel"), callback_data=ManagerCb(action=ManagerAction.KEEP))
    return builder.as_markup()


def pick_person(translate: Translate) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [
                KeyboardButton(
                    text=translate("btn-pick-person"),
                    request_users=KeyboardButtonRequestUsers(
                        request_id=PICK_MANAGER_REQUEST_ID, user_is_bot=False, request_name=True
                    ),
                )
            ]
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


# keyboards of notifications -------------------------------------------------------------


def rows(translate: Translate, *lines: list[tuple[str, CallbackData]]) -> InlineKeyboardMarkup:
    """Rows of (text key, payload) buttons."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=translate(key), callback_data=data.pack())
                for key, data in line
            ]
            for line in lines
        ]
    )


def access_decision(translate: Translate, request_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate,
        [
            ("btn-access-accept", AccessCb(id=request_id, decision=AccessDecision.ACCEPT)),
            ("btn-access-decline", AccessCb(id=request_id, decision=AccessDecision.DECLINE)),
        ],
    )


def brief_alert(translate: Translate, brief_id: int, *, taken: bool) -> InlineKeyboardMarkup:
    def button(key: str, action: BriefStaffAction) -> list[tuple[str, CallbackData]]:
        return [(key, BriefStaffCb(id=brief_id, action=action))]

    lines = [] if taken else [button("btn-brief-take", BriefStaffAction.TAKE)]
    lines.append(button("btn-brief-ask", BriefStaffAction.ASK))
    lines.append(button("btn-brief-proposal", BriefStaffAction.PROPOSAL))
    return rows(translate, *lines)


def brief_reply(translate: Translate, question_id: int) -> InlineKeyboardMarkup:
    return rows(translate, [("btn-brief-reply", BriefReplyCb(id=question_id))])


def brief_open(translate: Translate, brief_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate, [("btn-brief-open", BriefStaffCb(id=brief_id, action=BriefStaffAction.OPEN))]
    )


def brief_continue(translate: Translate, brief_id: int) -> InlineKeyboardMarkup:
    return rows(translate, [("btn-brief-continue", BriefResumeCb(id=brief_id))])


def chat_reply(translate: Translate, client_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate,
        [
            ("btn-chat-reply", ChatReplyCb(client=client_id)),
            ("btn-chat-canned", ChatCannedCb(client=client_id)),
        ],
    )


def chat_escalation(translate: Translate, client_id: int, company_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate,
        [("btn-chat-take-over", ChatReplyCb(client=client_id))],
        [("btn-chat-reassign", CompanyCb(action=CompanyAction.REASSIGN, id=company_id))],
    )


def invoice_for_client(translate: Translate, invoice_id: int) -> InlineKeyboardMarkup:
    def line(key: str, action: InvoiceClientAction) -> list[tuple[str, CallbackData]]:
        return [(key, InvoiceClientCb(id=invoice_id, action=action))]

    return rows(
        translate,
        line("btn-invoice-paid", InvoiceClientAction.PAID),
        line("btn-invoice-question", InvoiceClientAction.QUESTION),
        line("btn-invoice-later", InvoiceClientAction.LATER),
    )


def payment_check(translate: Translate, invoice_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate,
        [
            (
                "btn-invoice-confirm",
                InvoiceStaffCb(id=invoice_id, action=InvoiceStaffAction.CONFIRM),
            ),
            (
                "btn-invoice-not-received",
                InvoiceStaffCb(id=invoice_id, action=InvoiceStaffAction.MISSING),
            ),
        ],
    )


def stage_answer(translate: Translate, stage_id: int) -> InlineKeyboardMarkup:
    return rows(translate, [("btn-project-answer", ProjectAnswerCb(stage=stage_id))])


def rating(translate: Translate, project_id: int, stage_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate,
        [
            (f"btn-rate-{score}", RateCb(project=project_id, stage=stage_id, score=score))
            for score in range(1, 6)
        ],
    )


def proposal_for_client(translate: Translate, proposal_id: int) -> InlineKeyboardMarkup:
    def line(key: str, action: ProposalClientAction) -> list[tuple[str, CallbackData]]:
        return [(key, ProposalClientCb(id=proposal_id, action=action))]

    return rows(
        translate,
        line("btn-proposal-accept", ProposalClientAction.ACCEPT),
        line("btn-proposal-decline", ProposalClientAction.DECLINE),
        line("btn-proposal-discuss", ProposalClientAction.DISCUSS),
    )


def proposal_decision(translate: Translate, proposal_id: int, version: int) -> InlineKeyboardMarkup:
    def line(key: str, action: ProposalDecision) -> list[tuple[str, CallbackData]]:
        return [(key, ProposalDecisionCb(id=proposal_id, version=version, action=action))]

    return rows(
        translate,
        line("btn-proposal-approve", ProposalDecision.APPROVE),
        line("btn-proposal-return", ProposalDecision.RETURN),
        line("btn-proposal-reject", ProposalDecision.REJECT),
    )


def proposal_edit(translate: Translate, proposal_id: int) -> InlineKeyboardMarkup:
    return rows(translate, [("btn-proposal-edit", ProposalResumeCb(id=proposal_id))])


# keyboards of the client's chats ---------------------------------------------------------


def brief_templates(
    templates: list[FormTemplate], language: str, replace: bool
) -> InlineKeyboardMarkup:
    return one_per_row(
        (template.title.get(language), BriefTemplateCb(template=template.id, replace=replace))
        for template in templates
    )


def brief_draft_choice(translate: Translate, draft_id: int) -> InlineKeyboardMarkup:
    return rows(
        translate,
        [
            ("btn-brief-continue", BriefResumeCb(id=draft_id)),
            ("btn-brief-restart", BriefRestartCb(id=draft_id)),
        ],
    )


def message_context(
    translate: Translate, message_id: int, projects: list[tuple[int, str]]
) -> InlineKeyboardMarkup:
    """Which project a client's message is about, or none in particular."""
    return one_per_row(
        [
            *(
                (title[:60], ChatContextCb(message=message_id, project=pid))
                for pid, title in projects
            ),
            (translate("btn-chat-general"), ChatContextCb(message=message_id, project=0)),
        ]
    )


def invoice_later(translate: Translate, invoice_id: int) -> InlineKeyboardMarkup:
    def later(key: str, action: InvoiceClientAction) -> tuple[str, CallbackData]:
        return key, InvoiceClientCb(id=invoice_id, action=action)

    return rows(
        translate,
        [
            later("btn-invoice-later-1d", InvoiceClientAction.LATER_1D),
            later("btn-invoice-later-3d", InvoiceClientAction.LATER_3D),
            later("btn-invoice-later-monday", InvoiceClientAction.LATER_MONDAY),
        ],
    )


def invoice_files(invoices: list[Invoice]) -> InlineKeyboardMarkup:
    return grid(
        [
            (
                f"📎 № {invoice.number}",
                InvoiceClientCb(id=invoice.id, action=InvoiceClientAction.FILE),
            )
            for invoice in invoices
        ],
        width=2,
    )


def documents(items: list[Document]) -> InlineKeyboardMarkup:
    return one_per_row(
        (
            (f"{item.title} · {item.project_title}" if item.project_title else item.title)[:60],
            DocumentGetCb(id=item.id),
        )
        for item in items
    )


def stage_answers(translate: Translate, project: Project) -> InlineKeyboardMarkup:
    """The client's project card: the timeline, and a button for each stage that waits
    for the client's answer."""
    timeline: list[tuple[str, CallbackData]] = [
        (translate("btn-project-timeline"), TimelineCb(project=project.id))
    ]
    return one_per_row(
        timeline
        + [
            (
                say(translate, "btn-project-answer-stage", stage=stage.title)[:64],
                ProjectAnswerCb(stage=stage.id),
            )
            for stage in project.stages
            if stage.status == StageStatus.WAITING
        ]
    )


def rating_comment_skip(translate: Translate, rating_id: int) -> InlineKeyboardMarkup:
    return rows(translate, [("btn-rating-no-comment", RatingCommentSkipCb(rating=rating_id))])


def weekly_toggle(translate: Translate, *, on: bool) -> InlineKeyboardMarkup:
    """The button that turns the weekly summary off while it is on, and on again."""
    return rows(translate, [("btn-weekly-off" if on else "btn-weekly-on", WeeklyCb(on=not on))])


def decline_without_reason(translate: Translate, proposal_id: int) -> InlineKeyboardMarkup:
    action = ProposalClientAction.DECLINE_WITHOUT_REASON
    return rows(
        translate, [("btn-proposal-no-reason", ProposalClientCb(id=proposal_id, action=action))]
    )


def grid(buttons: Iterable[tuple[str, CallbackData]], *, width: int) -> InlineKeyboardMarkup:
    """Buttons `width` to a row."""
    buttons = list(buttons)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=text, callback_data=data.pack())
                for text, data in buttons[i : i + width]
            ]
            for i in range(0, len(buttons), width)
        ]
    )


# keyboards of the staff's chats ---------------------------------------------------------


def brief_card(translate: Translate, brief: Brief) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if brief.status == "submitted":
        builder.button(
            text=translate("btn-brief-take"),
            callback_data=BriefStaffCb(id=brief.id, action=BriefStaffAction.TAKE),
        )
    builder.button(
        text=translate("btn-brief-ask"),
        callback_data=BriefStaffCb(id=brief.id, action=BriefStaffAction.ASK),
    )
    builder.button(
        text=translate("btn-brief-document"),
        callback_data=BriefStaffCb(id=brief.id, action=BriefStaffAction.DOCUMENT),
    )
    builder.button(
        text=translate("btn-brief-proposal"),
        callback_data=BriefStaffCb(id=brief.id, action=BriefStaffAction.PROPOSAL),
    )
    builder.adjust(1)
    return builder.as_markup()


def invoice_card(translate: Translate, invoice: Invoice) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    actions = [(InvoiceStaffAction.FILE, "btn-invoice-file")]
    if invoice.status in ("issued", "reported_paid"):
        actions += [
            (InvoiceStaffAction.RECORD, "btn-invoice-record"),
            (InvoiceStaffAction.REMIND, "btn-invoice-remind-now"),
        ]
        actions.append(
            (InvoiceStaffAction.REMINDERS_OFF, "btn-invoice-reminders-off")
            if invoice.reminders_on
            else (InvoiceStaffAction.REMINDERS_ON, "btn-invoice-reminders-on")
        )
        actions.append((InvoiceStaffAction.CANCEL, "btn-invoice-cancel"))
    for action, key in actions:
        builder.button(
            text=translate(key), callback_data=InvoiceStaffCb(id=invoice.id, action=action)
        )
    builder.adjust(1)
    return builder.as_markup()


def project_card(translate: Translate, project: Project) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=translate("btn-project-timeline"), callback_data=TimelineCb(project=project.id)
    )
    for stage in project.stages:
        builder.button(
            text=say(
                translate,
                "btn-stage",
                mark=translate(f"stage-mark-{stage.status}"),
                title=stage.title,
            )[:64],
            callback_data=StageCb(id=stage.id, action=StageAction.MENU),
        )
    builder.button(
        text=translate("cmd-invoice"),
        callback_data=InvoiceNewCb(company=project.company_id, project=project.id),
    )
    actions = [(ProjectAction.UPDATE, "btn-project-update"), (ProjectAction.ACT, "btn-project-act")]
    if project.status == ProjectStatus.ACTIVE:
        actions.append((ProjectAction.PAUSE, "btn-project-pause"))
    elif project.status == ProjectStatus.PAUSED:
        actions.append((ProjectAction.RESUME, "btn-project-resume"))
    actions += [
        (ProjectAction.CLOSE, "btn-project-close"),
        (ProjectAction.CANCEL, "btn-project-cancel"),
    ]
    for action, key in actions:
        builder.button(text=translate(key), callback_data=ProjectCb(id=project.id, action=action))
    builder.adjust(1)
    return builder.as_markup()


def act_targets(translate: Translate, project: Project) -> InlineKeyboardMarkup:
    """A finished stage, or every finished stage of the project, to make an act from."""
    finished: list[tuple[str, CallbackData]] = [
        (f"✅ {stage.title}"[:64], ActCb(project=project.id, stage=stage.id))
        for stage in project.stages
        if stage.done
    ]
    if len(finished) > 1:
        finished.append((translate("btn-act-all-finished"), ActCb(project=project.id, stage=0)))
    return one_per_row(finished)


def stage_menu(
    translate: Translate, stage_id: int, tasks: Sequence[tuple[int, str]] = ()
) -> InlineKeyboardMarkup:
    """The stage's actions, then a button per open task on it: (task id, its label)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=translate("btn-stage-start"),
        callback_data=StageCb(id=stage_id, action=StageAction.START),
    )
    builder.button(
        text=translate("btn-stage-finish"),
        callback_data=StageCb(id=stage_id, action=StageAction.FINISH),
    )
    for value in (25, 50, 75):
        builder.button(
            text=say(translate, "btn-stage-progress", value=value),
            callback_data=StageCb(id=stage_id, action=StageAction.PROGRESS, value=value),
        )
    builder.button(
        text=translate("btn-stage-wait"),
        callback_data=StageCb(id=stage_id, action=StageAction.WAIT),
    )
    builder.button(
        text=translate("btn-stage-deadline"),
        callback_data=StageCb(id=stage_id, action=StageAction.DEADLINE),
    )
    builder.button(
        text=translate("btn-stage-sign-off"),
        callback_data=StageCb(id=stage_id, action=StageAction.SIGN_OFF),
    )
    builder.button(
        text=translate("btn-stage-assign"),
        callback_data=StageCb(id=stage_id, action=StageAction.ASSIGN),
    )
    for task_id, label in tasks:
        builder.button(text=label[:64], callback_data=TaskCb(id=task_id, action=TaskAction.OPEN))
    builder.adjust(2, 3, 1, 1, 1, 1, *([1] * len(tasks)))
    return builder.as_markup()


def staff_briefs(translate: Translate, language: str, found: list[Brief]) -> InlineKeyboardMarkup:
    return one_per_row(
        (
            say(
                translate,
                "brief-list-item-company",
                brief_id=brief.id,
                company=brief.company_name,
                template=brief.template.title.get(language),
                status=brief_status_text(brief, translate),
            )[:64],
            BriefStaffCb(id=brief.id, action=BriefStaffAction.OPEN),
        )
        for brief in found
    )


def template_choices(
    translate: Translate, language: str, choices: list[TemplateChoice]
) -> InlineKeyboardMarkup:
    return one_per_row(
        (
            say(
                translate,
                "template-enabled" if choice.enabled else "template-disabled",
                title=choice.template.title.get(language),
            ),
            TemplateToggleCb(template=choice.template.id, enable=not choice.enabled),
        )
        for choice in choices
    )


def canned_pick(client_id: int, replies: list[Canned]) -> InlineKeyboardMarkup:
    return one_per_row(
        (shorten(item.text, 60), ChatCannedCb(client=client_id, canned=item.id)) for item in replies
    )


def canned_list(translate: Translate, replies: list[Canned]) -> InlineKeyboardMarkup:
    return one_per_row(
        [
            *((f"✖ {shorten(item.text, 55)}", CannedDeleteCb(id=item.id)) for item in replies),
            (translate("btn-chat-canned-add"), CannedAddCb()),
        ]
    )


def deputies(candidates: list[Person]) -> InlineKeyboardMarkup:
    return one_per_row(
        (person.display_name, DeputyCb(id=person.telegram_id)) for person in candidates
    )


def project_for(
    translate: Translate,
    own: list[Project],
    make: Callable[[int], CallbackData],
    without_key: str,
) -> InlineKeyboardMarkup:
    """A company's projects to choose from, and a last button for none of them
    (`make(0)`)."""
    return one_per_row(
        [
            *((project.title[:60], make(project.id)) for project in own),
            (translate(without_key), make(0)),
        ]
    )


def staff_invoices(
    translate: Translate, found: list[Invoice], companies: list[Company]
) -> InlineKeyboardMarkup:
    """Each invoice to open, then a filter by company."""
    return grid(
        [
            *(
                (
                    f"№ {invoice.number}",
                    InvoiceStaffCb(id=invoice.id, action=InvoiceStaffAction.OPEN),
                )
                for invoice in found
            ),
            *(
                (f"🔎 {company.name}"[:60], InvoiceFilterCb(company=company.id))
                for company in companies
            ),
            (translate("btn-invoices-all"), InvoiceFilterCb(company=0)),
        ],
        width=3,
    )


def staff_projects(
    translate: Translate, page: Page[Project], today: date, scope: ProjectScope, *, head: bool
) -> InlineKeyboardMarkup:
    """A page of /projects: a project a row, then back and next, then the filters."""
    rows = [
        [
            _button(
                say(
                    translate,
                    "project-list-item",
                    title=project.title,
                    company=project.company_name,
                    progress=project.progress,
                    overdue="yes" if project.overdue(today) else "no",
                )[:64],
                ProjectCb(id=project.id, action=ProjectAction.OPEN),
            )
        ]
        for project in page.items
    ]
    here = {"manager": scope.manager_id or 0, "company": scope.company_id or 0}
    moves = [
        _button(translate(label), ProjectListCb(**here, **_page_key(key), back=back))
        for label, key, back in (
            ("btn-page-back", page.previous, True),
            ("btn-page-next", page.next, False),
        )
        if key is not None
    ]
    if moves:
        rows.append(moves)
    filters = [
        _button(translate("btn-projects-by-company"), ProjectFilterCb(by=ProjectFilter.COMPANY))
    ]
    if head:
        filters.insert(
            0,
            _button(
                translate("btn-projects-by-manager"), ProjectFilterCb(by=ProjectFilter.MANAGER)
            ),
        )
    if scope.manager_id is not None or scope.company_id is not None:
        filters.append(_button(translate("btn-projects-all"), ProjectListCb()))
    rows.append(filters)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _page_key(key: PageKey) -> dict[str, int]:
    return {"day": date.fromisoformat(key.value).toordinal(), "id": key.id}


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def project_list_managers(managers: list[Person]) -> InlineKeyboardMarkup:
    return one_per_row(
        (person.display_name[:64], ProjectListCb(manager=person.telegram_id)) for person in managers
    )


def project_list_companies(found: list[Company]) -> InlineKeyboardMarkup:
    return one_per_row((company.name[:64], ProjectListCb(company=company.id)) for company in found)


def proposal_drafts(translate: Translate, drafts: list[Proposal]) -> InlineKeyboardMarkup:
    return one_per_row(
        [
            *(
                (
                    say(
                        translate,
                        "proposal-draft-item",
                        company=draft.company_name,
                        title=draft.title or "…",
                    )[:64],
                    ProposalResumeCb(id=draft.id),
                )
                for draft in drafts
            ),
            (translate("btn-proposal-new"), ProposalStartCb()),
        ]
    )
