"""Documents sent in answer to the AM or to the client."""

from __future__ import annotations

from aiogram.types import Message
from aiogram_i18n import I18nContext

from handlers.common.pictures import send_drawing
from services.billing.agency import Agency
from services.billing.invoices import Invoice
from views.drawn import Drawings
from views.invoices import invoice_drawing


async def send_invoice_file(
    message: Message,
    invoice: Invoice,
    i18n: I18nContext,
    drawings: Drawings,
    agency: Agency,
    timezone: str,
) -> None:
    """The AM's or the client's copy: the uploaded file, else the bot's own PDF."""
    file = invoice.file
    if file and file["media"] == "photo":
        await message.answer_photo(file["file_id"])
    elif file:
        await message.answer_document(file["file_id"])
    else:
        drawing = invoice_drawing(invoice, i18n.locale, i18n.get, timezone, agency)
        await send_drawing(drawings, message.chat.id, drawing, i18n)
