"""Printable documents and payment codes: what the PDF says, what a bank app reads."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from PIL import Image

from bot.app import LOCALES_PATH
from services.billing.invoices import Invoice
from services.billing.payment_qr import BankDetails, epc_payload, gost_payload, payment_payload
from services.billing.tax import TaxMode, taxed
from services.platform.parsing import Line, Money, Unit
from tests.documents import pdf_images, pdf_pages, pdf_text, qr_payloads
from tests.samples import AGENCY, BANK, invoice
from views.drawing import draw
from views.invoices import invoice_drawing, payment_qr_drawing
from views.sheets import DocumentSheet, QrSheet, Table

pytestmark = pytest.mark.no_database


@pytest.fixture(scope="module")
def core() -> FluentRuntimeCore:
    fluent = FluentRuntimeCore(path=LOCALES_PATH, default_locale="ru")
    asyncio.run(fluent.startup())
    return fluent


def render(core, item: Invoice, language: str = "ru", bank=BANK) -> bytes:
    translate = lambda key, **args: core.get(key, language, **args)  # noqa: E731
    agency = dataclasses.replace(AGENCY, bank=bank)
    drawing = invoice_drawing(item, language, translate, "Europe/Moscow", agency)
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
    assert "Счёт на оплату № 2026-0042 от 27 ноября 2026" in text
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


def accounted(lines: tuple[Line, ...], mode: TaxMode, rate: int | None, **extra) -> Invoice:
    total = taxed(sum(line.sum_minor for line in lines), mode, rate)
    currency = lines[0].price.currency
    return dataclasses.replace(
        invoice(Money(total.total_minor, currency)), lines=lines, tax=total, **extra
    )


DESIGN = Line("Дизайн главной страницы", Decimal(2), Unit.SERVICE, Money(50_000_00, "RUB"))
SMM = Line("Ведение соцсетей, декабрь", Decimal(1), Unit.MONTH, Money(60_000_00, "RUB"))
HOURS = Line("Консультация", Decimal("1.5"), Unit.HOUR, Money(4_000_00, "RUB"))


def test_a_russian_invoice_has_every_part_an_accountant_checks(core, tmp_path):
    stamp, signature = tmp_path / "stamp.png", tmp_path / "signature.png"
    Image.new("RGBA", (200, 200), (30, 60, 170, 120)).save(stamp)
    Image.new("RGBA", (300, 100), (20, 30, 120, 200)).save(signature)
    agency = dataclasses.replace(AGENCY, stamp=str(stamp), signature=str(signature))
    item = accounted(
        (DESIGN, SMM, HOURS), TaxMode.INCLUDED, 22,
        company_requisites="ИНН 7701234567, КПП 770101001", company_contract="Договор № 12",
    )  # fmt: skip
    translate = lambda key, **args: core.get(key, "ru", **args)  # noqa: E731
    content = draw(invoice_drawing(item, "ru", translate, "Europe/Moscow", agency).sheet)
    text = pdf_text(content)
    for part in (
        # the bank block, as the standard form opens
        "Банк получателя",
        "ПАО Сбербанк",
        "БИК",
        "044525225",
        "30101810400000000225",
        "ИНН 7707083893",
        "КПП 773601001",
        "Получатель",
        "40702810938000012345",
        "Счёт на оплату № 2026-0042 от 27 ноября 2026",
        "Поставщик (Исполнитель)",
        "Покупатель (Заказчик)",
        "ООО «Ромашка», ИНН 7701234567",
        "Основание",
        "Договор № 12",
        # numbered lines with quantity, unit and price
        "Товары (работы, услуги)",
        "Кол-во",
        "Ед.",
        "Цена",
        "1 Дизайн главной страницы 2 усл. 50 000,00 ₽ 100 000,00 ₽",
        "3 Консультация 1,5 ч 4 000,00 ₽ 6 000,00 ₽",
        "Итого 166 000,00 ₽",
        "В том числе НДС (22 %) 29 934,43 ₽",
        "Всего к оплате 166 000,00 ₽",
        "Всего наименований 3, на сумму 166 000,00 ₽",
        "Сто шестьдесят шесть тысяч рублей 00 копеек",
        "Руководитель",
        "/ Ирина Смирнова /",
        "Бухгалтер",
        "/ Ольга Петрова /",
    ):
        assert part in text.replace("\n", " "), part
    assert "НДС не облагается" not in text
    assert len(pdf_images(content)) == 3  # the stamp, the signature, the payment code
    (payload,) = [p for image in pdf_images(content) for p in qr_payloads(image)]
    purpose = dict(f.split("=", 1) for f in payload.split("|")[1:])["Purpose"]
    assert purpose.endswith(", в т.ч. НДС 22% — 29 934,43 руб.")


@pytest.mark.parametrize(
    ("mode", "rate", "lines", "expected"),
    [
        (TaxMode.ON_TOP, 22, (DESIGN,), ["Итого 100 000,00 ₽", "НДС (22 %) 22 000,00 ₽",
         "Всего к оплате 122 000,00 ₽", "Сто двадцать две тысячи рублей 00 копеек"]),
        (TaxMode.NONE, None, (DESIGN, SMM), ["Без НДС —", "Всего к оплате 160 000,00 ₽",
         "НДС не облагается в связи с применением упрощённой системы",
         "Сто шестьдесят тысяч рублей 00 копеек"]),
        (TaxMode.INCLUDED, 5, (SMM,), ["В том числе НДС (5 %) 2 857,14 ₽",
         "Шестьдесят тысяч рублей 00 копеек"]),
    ],
)  # fmt: skip
def test_each_vat_mode_reads_in_the_totals(core, mode, rate, lines, expected):
    text = pdf_text(render(core, accounted(lines, mode, rate))).replace("\n", " ")
    for part in expected:
        assert part in text, part


def test_an_english_invoice_names_its_tax_and_may_spell_the_total(core):
    design = Line("Banner design", Decimal(2), Unit.PIECE, Money(1_500_00, "EUR"))
    item = accounted((design,), TaxMode.ON_TOP, 22)
    translate = lambda key, **args: core.get(key, "en", **args)  # noqa: E731
    for words, label in ((False, "VAT"), (True, "GST")):
        agency = dataclasses.replace(AGENCY, tax_label=label, words_in_english=words)
        sheet = invoice_drawing(item, "en", translate, "Europe/Moscow", agency).sheet
        text = pdf_text(draw(sheet)).replace("\n", " ")
        for part in (
            "Invoice No. 2026-0042 dated 27 November 2026", "1 Banner design 2 pcs",
            "Subtotal €3,000.00", f"{label} (22 %) €660.00", "Total due €3,660.00",
            "IBAN", "DE89 3704 0044 0532 0130 00", "SWIFT/BIC",
        ):  # fmt: skip
            assert part in text, part
        assert ("Three thousand six hundred and sixty euro 00 cents" in text) is words
        assert "Банк получателя" not in text  # the Russian grid is for roubles in Russian


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian's poppler-utils) is not installed"
)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_each_document_renders_as_a_page_an_accountant_can_read(core, tmp_path, language):
    """What poppler draws of each document: an A4 page with ink where the form has it
    (.ci/run installs poppler-utils, so CI always draws them)."""
    from tests.samples import accounted_invoice, act, reconciliation
    from views.acts import act_sheet
    from views.reconciliation import reconciliation_sheet

    translate = lambda key, **args: core.get(key, language, **args)  # noqa: E731
    sheets = {
        "invoice": invoice_drawing(
            accounted_invoice(), language, translate, "Europe/Moscow", AGENCY
        ).sheet,
        "act": act_sheet(act(), translate, language, "Europe/Moscow", AGENCY),
        "reconciliation": reconciliation_sheet(reconciliation(), translate, language, AGENCY),
    }
    for name, sheet in sheets.items():
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(draw(sheet))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(tmp_path / name)],
            check=True, capture_output=True,
        )  # fmt: skip
        page = Image.open(tmp_path / f"{name}.png").convert("L")
        width, height = page.size
        assert abs(height / width - 297 / 210) < 0.01, name  # A4, upright
        top = page.crop((0, 0, width, height // 3))
        inked = sum(top.histogram()[:128])  # pixels darker than mid-grey
        assert inked > width * 2, name  # the heading and the parties are drawn, not a blank


@pytest.mark.parametrize(
    ("language", "act_parts", "statement_parts"),
    [
        ("ru",
         ["Акт № 2026-0007 от 27 ноября 2026", "Исполнитель ООО «Агентство Север», ИНН 7707083893",
          "Заказчик ООО «Ромашка», ИНН 7701234567", "Основание Договор № 12 от 01.12.2025",
          "В том числе НДС (22 %) 81 147,54 ₽", "Всего 450 000,00 ₽",
          "Всего оказано услуг 3, на сумму 450 000,00 ₽",
          "Четыреста пятьдесят тысяч рублей 00 копеек", "/ Ирина Смирнова /"],
         ["Акт сверки взаимных расчётов за период с 1 октября 2026 по 31 декабря 2026",
          "Расчёты в EUR", "Расчёты в RUB", "Сальдо начальное 60 000,00 ₽",
          "05.10.2026 Счёт № 2026-0007 100 000,00 ₽",
          "01.12.2026 Оплата по счёту № 2026-0009 166 000,00 ₽",
          "Обороты за период 266 000,00 ₽ 256 000,00 ₽", "Сальдо конечное 70 000,00 ₽",
          "задолженность в пользу ООО «Агентство Север» составляет 70 000,00 ₽"
          " (Семьдесят тысяч рублей 00 копеек)", "От ООО «Ромашка»"]),
        ("en",
         ["Act No. 2026-0007 of 27 November 2026", "Contractor ООО «Агентство Север»",
          "Incl. VAT (22 %) 81,147.54", "Services rendered: 3, total 450,000.00"],
         ["Reconciliation statement for 1 October 2026 to 31 December 2026", "In EUR",
          "Opening balance", "Payment of invoice No. 2026-0009", "Closing balance",
          "the balance due to ООО «Агентство Север» is €1,200.00"]),
    ],
)  # fmt: skip
def test_the_act_and_the_reconciliation_carry_their_parts(
    core, language, act_parts, statement_parts
):
    from tests.samples import act, reconciliation
    from views.acts import act_sheet
    from views.reconciliation import reconciliation_sheet

    translate = lambda key, **args: core.get(key, language, **args)  # noqa: E731
    act_text = pdf_text(draw(act_sheet(act(), translate, language, "Europe/Moscow", AGENCY)))
    statement = reconciliation_sheet(reconciliation(), translate, language, AGENCY)
    statement_text = pdf_text(draw(statement))
    for text, parts in ((act_text, act_parts), (statement_text, statement_parts)):
        flat = " ".join(text.split())
        for part in parts:
            assert part in flat, part
