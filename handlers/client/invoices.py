"""The client's invoices and documents: pay, ask, remind later."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.documents import send_invoice_file
from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import InvoiceTarget, recall, remember
from services.accounts.people import Person
from services.billing.agency import Agency
from services.billing.documents import Documents
from services.billing.invoices import Invoices
from views import keyboards
from views.callbacks import DocumentGetCb, InvoiceClientAction, InvoiceClientCb
from views.drawn import Drawings
from views.invoices import list_line
from views.texts import format_day, say

SNOOZES = {
    InvoiceClientAction.LATER_1D: "1d",
    InvoiceClientAction.LATER_3D: "3d",
    InvoiceClientAction.LATER_MONDAY: "monday",
}


class InvoiceQuestion(StatesGroup):
    typing = State()


async def invoice_button(
    query: CallbackQuery,
    callback_data: InvoiceClientCb,
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
    invoice = await invoices.for_client(person, callback_data.id)
    if action is InvoiceClientAction.PAID:
        await invoices.report_paid(person, invoice.id)
        await query.answer(i18n.get("invoice-reported-thanks"), show_alert=True)
        return
    if action in SNOOZES:
        until = await invoices.snooze(person, invoice.id, SNOOZES[action])
        await query.answer(
            say(
                i18n.get,
                "invoice-snoozed",
                until=format_day(until, i18n.locale, with_year=False),
            ),
            show_alert=True,
        )
        if message:
            await message.edit_reply_markup(reply_markup=None)
        return
    await query.answer()
    if message is None:
        return
    if action is InvoiceClientAction.LATER:
        await message.answer(
            i18n.get("invoice-later-choose"),
            reply_markup=keyboards.invoice_later(i18n.get, invoice.id),
        )
    elif action is InvoiceClientAction.QUESTION:
        await state.set_state(InvoiceQuestion.typing)
        await remember(state, InvoiceTarget, {"id": invoice.id})
        await message.answer(i18n.get("invoice-question-prompt"))
    else:
        zone = person.timezone or default_timezone
        await send_invoice_file(message, invoice, i18n, drawings, agency, zone)


async def send_question(
    message: Message, person: Person, invoices: Invoices, state: FSMContext, i18n: I18nContext
) -> None:
    invoice_id = (await recall(state, InvoiceTarget))["id"]
    await invoices.ask(person, invoice_id, message.text or "")
    await state.clear()
    await message.answer(i18n.get("invoice-question-sent"))


async def list_invoices(
    message: Message, person: Person, invoices: Invoices, i18n: I18nContext
) -> None:
    found = await invoices.listing(person)
    if not found:
        await message.answer(i18n.get("invoices-empty"))
        return
    today = invoices.today(person)
    lines = [i18n.get("invoices-header")]
    lines += [list_line(invoice, today, i18n.locale, i18n.get) for invoice in found]
    await message.answer("\n".join(lines), reply_markup=keyboards.invoice_files(found))


async def list_documents(
    message: Message, person: Person, documents: Documents, i18n: I18nContext
) -> None:
    shared = await documents.for_client(person)
    if not shared:
        await message.answer(i18n.get("documents-empty"))
        return
    await message.answer(i18n.get("documents-header"), reply_markup=keyboards.documents(shared))


async def get_document(
    query: CallbackQuery,
    callback_data: DocumentGetCb,
    person: Person,
    documents: Documents,
    i18n: I18nContext,
) -> None:
    shared = {d.id: d for d in await documents.for_client(person)}
    document = shared.get(callback_data.id)
    if document is None:
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        if document.file["media"] == "photo":
            await query.message.answer_photo(document.file["file_id"], caption=document.title)
        else:
            await query.message.answer_document(document.file["file_id"], caption=document.title)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_invoices, Command("invoices"))
    router.message.register(list_documents, Command("documents"))
    router.callback_query.register(invoice_button, InvoiceClientCb.filter())
    router.callback_query.register(get_document, DocumentGetCb.filter())
    router.message.register(send_question, StateFilter(InvoiceQuestion.typing), TYPED)
    router.message.register(text_expected, StateFilter(InvoiceQuestion.typing), NOT_COMMAND)
    return router
