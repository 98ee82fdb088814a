"""Printable documents and payment codes: what the PDF says, what a bank app reads."""

from __future__ import annotations

import asyncio
import io

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from PIL import Image

from bot.app import LOCALES_PATH
from services.billing.invoices import Invoice
from services.billing.payment_qr import BankDetails, epc_payload, gost_payload, payment_payload
from services.platform.parsing import Money
from tests.documents import pdf_images, pdf_pages, pdf_text, qr_payloads
from tests.samples import AGENCY, BANK, invoice
from views.drawing import draw
from views.invoices import invoice_drawing, payment_qr_drawing
from views.sheets import DocumentSheet, QrSheet, Table


@pytest.fixture(scope="module")
def core() -> FluentRuntimeCore:
    fluent = FluentRuntimeCore(path=LOCALES_PATH, default_locale="ru")
    asyncio.run(fluent.startup())
    return fluent


def render(core, item: Invoice, language: str = "ru", bank=BANK) -> bytes:
    translate = lambda key, **args: core.get(key, language, **args)  # noqa: E731
    drawing = invoice_drawing(item, language, translate, "Europe/Moscow", AGENCY, bank)
    return draw(drawing.sheet)


def test_the_gost_code_carries_the_details_and_the_sum_in_kopecks():
    payload = gost_payload(BANK, "Оплата по счёту № 1 | срочно", Money(12_345_67, "RUB"))
    fields = payload.split("|")
    assert fields[0] == "ST00012"
    values = dict(field.split("=", 1) for field in fields[1:])
    assert values == {
        "Name": "ООО «Агентство Север»",
        "PersonalAcc": "40702810938000012345",
        "BankName": "ПАО Сбербанк",
        "BIC": "044525225",
        "CorrespAcc": "30101810400000000225",
        "PayeeINN": "7707083893",
        "KPP": "773601001",
        "Purpose": "Оплата по счёту № 1 / срочно",  # '|' would end the field early
        "Sum": "1234567",
    }


def test_the_epc_code_is_the_sepa_layout():
    lines = epc_payload(BANK, "Invoice 2026-0042", Money(1_500_50, "EUR")).split("\n")
    assert lines == [
        "BCD", "002", "1", "SCT", "COBADEFFXXX", "ООО «Агентство Север»",
        "DE89370400440532013000", "EUR1500.50", "", "", "Invoice 2026-0042",
    ]  # fmt: skip


def test_no_code_without_details_or_for_a_currency_without_a_standard():
    due = Money(100_00, "RUB")
    assert payment_payload(None, "1", None, due) is None
    assert payment_payload(BANK, "1", None, Money(100_00, "USD")) is None
    assert payment_payload(BANK, "1", None, Money(0, "RUB")) is None
    no_iban = BankDetails(**{**BANK.__dict__, "iban": ""})
    assert payment_payload(no_iban, "1", None, Money(100_00, "EUR")) is None


def test_the_invoice_pdf_has_the_number_the_amount_requisites_and_page_numbers(core):
    pages = pdf_pages(render(core, invoice(Money(600_000_00, "RUB"))))
    text = "\n".join(pages)
    assert "Счёт № 2026-0042 от 27 ноября 2026" in text
    assert "600 000,00 ₽" in text
    assert "ООО «Ромашка»" in text and "Продвижение в соцсетях, ноябрь" in text
    assert "ИНН 7707083893, КПП 773601001" in text  # AGENCY_REQUISITES
    assert "Оплатить до" in text and "15 декабря 2026" in text
    assert pages[-1].rstrip().endswith(f"Страница {len(pages)} из {len(pages)}")


def test_the_qr_code_in_the_pdf_pays_the_balance_after_a_partial_payment(core):
    content = render(core, invoice(Money(600_000_00, "RUB"), paid_minor=250_000_00))
    text = pdf_text(content)
    assert "Оплачено" in text and "250 000,00 ₽" in text and "350 000,00 ₽" in text
    images = pdf_images(content)
    assert len(images) == 1
    (payload,) = qr_payloads(images[0])
    values = dict(field.split("=", 1) for field in payload.split("|")[1:])
    assert values["Sum"] == "35000000"  # the balance, not the 600 000 invoiced
    assert values["Purpose"] == "Оплата по счёту № 2026-0042. Продвижение в соцсетях, ноябрь"
    assert values["PersonalAcc"] == BANK.account


def test_a_euro_invoice_carries_the_sepa_code(core):
    content = render(core, invoice(Money(1_200_00, "EUR"), paid_minor=200_00), language="en")
    text = pdf_text(content)
    assert "Invoice No. 2026-0042" in text and "Page 1 of 1" in text
    (payload,) = qr_payloads(pdf_images(content)[0])
    assert payload.split("\n")[7] == "EUR1000.00"


def test_paid_invoices_and_agencies_without_details_get_no_code(core):
    assert pdf_images(render(core, invoice(Money(100_00, "RUB"), 100_00, "paid"))) == []
    assert pdf_images(render(core, invoice(Money(100_00, "RUB")), bank=None)) == []
    assert payment_qr_drawing(invoice(Money(100_00, "RUB"), 100_00, "paid"), BANK) is None


def test_the_payment_picture_decodes_to_the_same_payload():
    item = invoice(Money(600_000_00, "RUB"), paid_minor=100_000_00)
    drawing = payment_qr_drawing(item, BANK)
    assert drawing is not None and isinstance(drawing.sheet, QrSheet)
    png = draw(drawing.sheet)
    assert qr_payloads(png) == [drawing.sheet.payload]
    assert Image.open(io.BytesIO(png)).width >= 300  # readable from a phone screen


def test_a_long_document_breaks_into_numbered_pages_with_cyrillic_intact():
    answers = tuple((f"Вопрос {n}: какой у вас бюджет?", "Ответ — " + "ёжик " * 60)
                    for n in range(1, 40))  # fmt: skip
    sheet = DocumentSheet(
        title="Бриф №9 — ООО «Ёлка»",
        supplier="",
        requisites="",
        facts=answers,
        table=Table(
            ("№", "Работа", "Сумма"), (("1", "Съёмка", "10 ₽"),), (0.1, 0.6, 0.3), frozenset({2})
        ),
        page_label="Страница {page} из {pages}",
    )
    pages = pdf_pages(draw(sheet))
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"Страница {number} из {len(pages)}" in page
    assert "Вопрос 39: какой у вас бюджет?" in pages[-1] or "Вопрос 39" in "".join(pages)
    assert "ёжик" in pages[0]


def test_signs_the_font_lacks_are_left_out_and_the_rest_is_kept():
    sheet = DocumentSheet(
        title="Бриф №3 — «Ёлка»",
        supplier="",
        requisites="",
        facts=(("Цель", "Рост 🚀 продаж на 20% ☺ 中文 — к 1 марта"),),
    )
    text = pdf_text(draw(sheet))
    assert "Рост" in text and "продаж на 20% ☺" in text and "— к 1 марта" in text
    assert "🚀" not in text  # DejaVu has no emoji: dropped, not a failed document
