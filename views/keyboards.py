"""Inline keyboards, built in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    KeyboardButtonRequestUsers,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from services.companies import Company
from services.people import Person, Role
from views.callbacks import (
    AccessCb,
    AccessCompanyCb,
    AccessDecision,
    BriefReplyCb,
    BriefResumeCb,
    BriefStaffAction,
    BriefStaffCb,
    ChatCannedCb,
    ChatReplyCb,
    CompanyAction,
    CompanyCb,
    CompanyInvoiceRemindersCb,
    InvoiceClientAction,
    InvoiceClientCb,
    InvoiceStaffAction,
    InvoiceStaffCb,
    LanguageCb,
    ManagerAction,
    ManagerCb,
    ProjectAnswerCb,
    ProposalClientAction,
    ProposalClientCb,
    ProposalDecision,
    ProposalDecisionCb,
    ProposalResumeCb,
    RateCb,
    RequestAccessCb,
    WeeklyCb,
)
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


def weekly_off(translate: Translate) -> InlineKeyboardMarkup:
    return rows(translate, [("btn-weekly-off", WeeklyCb(on=False))])


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
