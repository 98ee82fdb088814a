"""Documents sent in answer to the AM or to the client."""

from __future__ import annotations

from aiogram.types import BufferedInputFile, Message
from aiogram_i18n import I18nContext

from services.invoices import Invoice
from views.invoices import invoice_document


async def send_invoice_file(
    message: Message, invoice: Invoice, i18n: I18nContext, agency: tuple[str, str], timezone: str
) -> None:
    """The AM's or the client's copy: the uploaded PDF, else the bot's own document."""
    file = invoice.file
    if file and file["media"] == "photo":
        await message.answer_photo(file["file_id"])
    elif file:
        await message.answer_document(file["file_id"])
    else:
        content = invoice_document(invoice, i18n.locale, i18n.get, timezone, *agency)
        await message.answer_document(BufferedInputFile(content, f"invoice-{invoice.number}.html"))
