"""The AM issues invoices (filled by handlers.forms), follows payments, keeps documents."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers import forms
from handlers.common.documents import send_invoice_file
from handlers.common.fallback import text_expected
from handlers.common.media import file_of
from handlers.filters import NOT_COMMAND, TYPED, Inline
from handlers.manager.companies import ask_company
from handlers.state_data import DocumentTarget, InvoiceTarget, recall, remember
from services.accounts.companies import Companies
from services.accounts.people import Person, Role
from services.billing.agency import Agency
from services.billing.documents import Documents
from services.billing.invoices import Invoice, Invoices, balances_by_currency
from services.platform.parsing import Money
from services.questionnaires.forms import FormDraft
from services.work.projects import Projects
from views import keyboards
from views.callbacks import (
    CompanyInvoiceRemindersCb,
    DocumentCompanyCb,
    FormKind,
    FormSummaryAction,
    FormSummaryCb,
    InvoiceFilterCb,
    InvoiceNewCb,
    InvoiceStaffAction,
    InvoiceStaffCb,
)
from views.drawn import Drawings
from views.invoices import invoice_args, list_line
from views.texts import Translate, answer_long, say


class InvoiceForms(StatesGroup):
    payment = State()
    document = State()


def _summary_header(draft: FormDraft, translate: Translate, language: str) -> str:
    assert isinstance(draft, Invoice)
    return say(translate, "invoice-summary", company=draft.company_name)


def _finish_buttons(draft: FormDraft, translate: Translate) -> list[tuple[str, FormSummaryAction]]:
    return [
        (translate("btn-invoice-issue"), FormSummaryAction.SUBMIT),
        (translate("btn-invoice-delete"), FormSummaryAction.DELETE),
    ]


forms.register_kind(
    FormKind.INVOICE,
    forms.FormKindView("invoices", "invoice-saved", _summary_header, _finish_buttons),
)


async def new_invoice(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await ask_company(
        message,
        person,
        companies,
        i18n,
        "invoice-choose-company",
        lambda company_id: InvoiceNewCb(company=company_id),
    )


async def choose(
    query: CallbackQuery,
    callback_data: InvoiceNewCb,
    person: Person,
    invoices: Invoices,
    projects: Projects,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.project == -1:
        own = await projects.of_company(person, callback_data.company)
        if own:
            markup = keyboards.project_for(
                i18n.get,
                own,
                lambda project: InvoiceNewCb(company=callback_data.company, project=project),
                "btn-invoice-no-project",
            )
            await query.answer()
            if message:
                await message.answer(i18n.get("invoice-choose-project"), reply_markup=markup)
            return
    project_id = callback_data.project if callback_data.project > 0 else None
    draft = await invoices.start(person, callback_data.company, project_id)
    await forms.enter(state, FormKind.INVOICE, draft)
    await query.answer()
    if message:
        await message.answer(say(i18n.get, "invoice-intro", company=draft.company_name))
        await forms.send_step(message, FormKind.INVOICE, draft, i18n)


async def finish(
    query: CallbackQuery,
    callback_data: FormSummaryCb,
    person: Person,
    invoices: Invoices,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    if callback_data.action is FormSummaryAction.SUBMIT:
        issued = await invoices.issue(person, callback_data.id)
        text = say(i18n.get, "invoice-issued-done", number=issued.number)
    else:
        await invoices.delete_draft(person, callback_data.id)
        text = i18n.get("invoice-deleted")
    await forms.close_summary(query, state, text)


async def show_card(target: Message, invoice: Invoice, i18n: I18nContext) -> None:
    text = say(i18n.get, "invoice-card", **invoice_args(invoice, i18n.locale, i18n.get, ""))
    await target.answer(text, reply_markup=keyboards.invoice_card(i18n.get, invoice))


async def staff_action(
    query: CallbackQuery,
    callback_data: InvoiceStaffCb,
    person: Person,
    invoices: Invoices,
    state: FSMContext,
    i18n: I18nContext,
    agency: Agency,
    drawings: Drawings,
    default_timezone: str,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    action = callback_data.action
    if action is InvoiceStaffAction.CONFIRM:
        invoice = await invoices.confirm_payment(person, callback_data.id)
    elif action is InvoiceStaffAction.MISSING:
        invoice = await invoices.payment_missing(person, callback_data.id)
    elif action is InvoiceStaffAction.CANCEL:
        invoice = await invoices.cancel(person, callback_data.id)
    elif action in (InvoiceStaffAction.REMINDERS_OFF, InvoiceStaffAction.REMINDERS_ON):
        invoice = await invoices.set_reminders(
            person, callback_data.id, action is InvoiceStaffAction.REMINDERS_ON
        )
    elif action is InvoiceStaffAction.REMIND:
        await invoices.remind_now(person, callback_data.id)
        await query.answer(i18n.get("invoice-reminded"), show_alert=True)
        return
    else:
        invoice = await invoices.get_for_staff(person, callback_data.id)
    await query.answer()
    if message is None:
        return
    if action is InvoiceStaffAction.RECORD:
        await state.set_state(InvoiceForms.payment)
        await remember(state, InvoiceTarget, {"id": invoice.id})
        await message.answer(
            say(
                i18n.get,
                "invoice-record-prompt",
                balance=invoice.balance.format(i18n.locale) if invoice.balance else "—",
            )
        )
        return
    if action is InvoiceStaffAction.FILE:
        zone = person.timezone or default_timezone
        await send_invoice_file(message, invoice, i18n, drawings, agency, zone)
        return
    if action in (InvoiceStaffAction.CONFIRM, InvoiceStaffAction.MISSING):
        await message.edit_reply_markup(reply_markup=None)
    await show_card(message, invoice, i18n)


async def record_payment(
    message: Message, person: Person, invoices: Invoices, state: FSMContext, i18n: I18nContext
) -> None:
    invoice_id = (await recall(state, InvoiceTarget))["id"]
    invoice = await invoices.record_payment(person, invoice_id, message.text or "")
    await state.clear()
    await message.answer(
        say(
            i18n.get,
            "invoice-recorded",
            status=invoice.status,
            balance=invoice.balance.format(i18n.locale) if invoice.balance else "—",
        )
    )


async def list_invoices(
    message: Message,
    person: Person,
    invoices: Invoices,
    companies: Companies,
    projects: Projects,
    i18n: I18nContext,
) -> None:
    if person.role is Role.HEAD:
        rows = await invoices.totals_by_manager(person)
        lines = [i18n.get("invoices-head-header")]
        for row in rows:
            lines.append(
                say(
                    i18n.get,
                    "invoices-head-line",
                    manager=row["manager"],
                    outstanding=Money(row["outstanding"], row["currency"]).format(i18n.locale),
                    overdue=Money(row["overdue"], row["currency"]).format(i18n.locale),
                )
            )
        await message.answer("\n".join(lines))
    await _send_list(message, person, invoices, companies, projects, i18n, None)


async def _send_list(
    target: Message,
    person: Person,
    invoices: Invoices,
    companies: Companies,
    projects: Projects,
    i18n: I18nContext,
    company_id: int | None,
) -> None:
    found = await invoices.listing(person, company_id)
    if not found:
        await target.answer(i18n.get("invoices-empty"))
        return
    today = projects.today(person)
    open_totals, overdue_totals = balances_by_currency(found, today)
    lines = [i18n.get("invoices-header")]
    lines += [list_line(invoice, today, i18n.locale, i18n.get) for invoice in found]
    lines.append(
        say(
            i18n.get,
            "invoices-totals",
            open=_totals(open_totals, i18n.locale),
            overdue=_totals(overdue_totals, i18n.locale),
        )
    )
    visible = await companies.visible_to(person)
    markup = keyboards.staff_invoices(i18n.get, found, visible)
    await answer_long(target, "\n".join(lines), markup)


def _totals(by_currency: dict[str, int], language: str) -> str:
    return (
        ", ".join(
            Money(minor, currency).format(language)
            for currency, minor in sorted(by_currency.items())
        )
        or "0"
    )


async def filter_list(
    query: CallbackQuery,
    callback_data: InvoiceFilterCb,
    person: Person,
    invoices: Invoices,
    companies: Companies,
    projects: Projects,
    i18n: I18nContext,
) -> None:
    if callback_data.company:
        await companies.get(person, callback_data.company)
    await query.answer()
    if isinstance(query.message, Message):
        await _send_list(
            query.message,
            person,
            invoices,
            companies,
            projects,
            i18n,
            callback_data.company or None,
        )


async def company_reminders(
    query: CallbackQuery,
    callback_data: CompanyInvoiceRemindersCb,
    person: Person,
    invoices: Invoices,
    companies: Companies,
    i18n: I18nContext,
) -> None:
    await invoices.set_company_reminders(person, callback_data.company, callback_data.on)
    company = await companies.get(person, callback_data.company)
    await query.answer(
        say(
            i18n.get,
            "company-invoice-reminders",
            company=company.name,
            enabled="on" if callback_data.on else "off",
        ),
        show_alert=True,
    )


async def new_document(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await ask_company(
        message,
        person,
        companies,
        i18n,
        "document-choose-company",
        lambda company_id: DocumentCompanyCb(company=company_id),
    )


async def document_company(
    query: CallbackQuery,
    callback_data: DocumentCompanyCb,
    person: Person,
    companies: Companies,
    projects: Projects,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    await companies.get(person, callback_data.company)
    message = query.message if isinstance(query.message, Message) else None
    await query.answer()
    if callback_data.project == -1:
        own = await projects.of_company(person, callback_data.company)
        if own and message:
            markup = keyboards.project_for(
                i18n.get,
                own,
                lambda project: DocumentCompanyCb(company=callback_data.company, project=project),
                "btn-document-whole-company",
            )
            await message.answer(i18n.get("document-choose-project"), reply_markup=markup)
            return
    await state.set_state(InvoiceForms.document)
    await remember(
        state,
        DocumentTarget,
        {"company": callback_data.company, "project": max(callback_data.project, 0)},
    )
    if message:
        await message.answer(i18n.get("document-prompt"))


async def document_file(
    message: Message, person: Person, documents: Documents, state: FSMContext, i18n: I18nContext
) -> None:
    file = file_of(message)
    assert file is not None
    title = message.caption or file["name"]
    target = await recall(state, DocumentTarget)
    document = await documents.add(
        person, target["company"], title, file, target["project"] or None
    )
    await state.clear()
    await message.answer(say(i18n.get, "document-saved", title=document.title))


async def file_expected(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("form-file-expected"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(new_invoice, Command("invoice"))
    router.message.register(list_invoices, Command("invoices"))
    router.message.register(new_document, Command("document"))
    router.callback_query.register(choose, InvoiceNewCb.filter())
    router.callback_query.register(
        finish,
        FormSummaryCb.filter(
            (F.form == FormKind.INVOICE)
            & F.action.in_({FormSummaryAction.SUBMIT, FormSummaryAction.DELETE})
        ),
    )
    router.callback_query.register(staff_action, InvoiceStaffCb.filter())
    router.callback_query.register(filter_list, InvoiceFilterCb.filter())
    router.callback_query.register(company_reminders, CompanyInvoiceRemindersCb.filter())
    router.callback_query.register(document_company, DocumentCompanyCb.filter())
    router.message.register(record_payment, StateFilter(InvoiceForms.payment), TYPED)
    router.message.register(
        document_file, StateFilter(InvoiceForms.document), Inline(F.document | F.photo)
    )
    router.message.register(file_expected, StateFilter(InvoiceForms.document), NOT_COMMAND)
    router.message.register(text_expected, StateFilter(InvoiceForms.payment), NOT_COMMAND)
    return router
