"""Invoices end to end: issued in the chat, paid with buttons, other companies refused."""

from __future__ import annotations

from tests.conftest import CLIENT, MANAGER, RunningBot
from tests.documents import pdf_text
from tests.fakes.telegram import button_data
from tests.journeys import BriefDriver, invite_client, issue_invoice


def answered(tg, fragment: str) -> list:
    return [c for c in tg.calls_of("answerCallbackQuery") if fragment in str(c.params.get("text"))]


async def test_issue_pay_confirm_and_remind_later(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    am = BriefDriver(tg, MANAGER)
    tg.send_text(MANAGER, "/invoice")
    choose = await tg.wait_message(MANAGER["id"], "Для какой компании счёт?")
    await am._after(lambda: tg.press(MANAGER, choose, button_data(choose, "Ромашка")))
    await am.refused("Дизайн — 0", "Сумма должна быть больше нуля")
    await am.refused("600k", "Не понял строку «600k»")
    await am.text("Дизайн сайта — 2 × 250k ₽ усл.\nВёрстка — 100 000")
    await am.text("Предоплата 50% по договору № 12")
    await am.press("Как в настройках агентства")
    await am.text("15.12")
    summary = await am.press("Пропустить")
    assert "1. Дизайн сайта — 2 усл. × 250\xa0000,00\xa0₽ = 500\xa0000,00\xa0₽" in summary["text"]
    await am.press("Выставить счёт", expect="выставлен")

    card = await tg.wait_message(CLIENT["id"], "Счёт № 2026-0001")
    assert "Сумма: <b>600\xa0000,00\xa0₽</b>" in card["text"] and "15 декабря 2026" in card["text"]
    await tg.wait_for(lambda: tg.uploaded(CLIENT["id"]), 10, "invoice document")
    document = tg.uploaded(CLIENT["id"])[0]
    page = pdf_text(document["content"])
    assert document["filename"] == "invoice-2026-0001.pdf"
    assert "Счёт на оплату № 2026-0001" in page and "Ромашка" in page
    assert "1 Дизайн сайта 2 усл. 250 000,00 ₽ 500 000,00 ₽" in page.replace("\n", " ")
    assert "Шестьсот тысяч рублей 00 копеек" in page

    tg.press(CLIENT, card, button_data(card, "Напомнить позже"))
    later = await tg.wait_message(CLIENT["id"], "Когда напомнить?")
    tg.press(CLIENT, later, button_data(later, "Через 3 дня"))
    await tg.wait_for(lambda: answered(tg, "напомним 30 ноября"), 10, "snoozed")

    tg.press(CLIENT, card, button_data(card, "Я оплатил"))
    await tg.wait_for(lambda: answered(tg, "Менеджер проверит поступление"), 10, "reported")
    report = await tg.wait_message(MANAGER["id"], "сообщает об оплате счёта № 2026-0001")
    tg.press(MANAGER, report, button_data(report, "Подтвердить оплату"))
    await tg.wait_message(CLIENT["id"], "Оплата счёта № 2026-0001 получена")
    tg.send_text(CLIENT, "/invoices")
    listing = await tg.wait_message(CLIENT["id"], "Счета")
    assert "№ 2026-0001" in listing["text"] and "оплачен" in listing["text"]

    # a stranger to the company presses the invoice's button: refused
    from tests.conftest import STRANGER

    tg.send_text(STRANGER, "/start")
    await tg.wait_message(STRANGER["id"], "invite link")
    tg.press(STRANGER, card, button_data(card, "Я оплатил"))
    await tg.wait_for(lambda: answered(tg, "not for you"), 10, "stranger refused")


async def test_documents_for_a_project(running: RunningBot):
    from tests.journeys import new_project

    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Запуск", "Аудит — 10 дней")
    tg.send_text(MANAGER, "/document")
    choose = await tg.wait_message(MANAGER["id"], "Для какой компании документ?")
    tg.press(MANAGER, choose, button_data(choose, "Ромашка"))
    project = await tg.wait_message(MANAGER["id"], "К какому проекту относится документ?")
    tg.press(MANAGER, project, button_data(project, "Запуск"))
    await tg.wait_message(MANAGER["id"], "Отправьте файл")
    tg.send_text(MANAGER, "без файла")
    await tg.wait_message(MANAGER["id"], "Здесь ждём файл")
    tg.send_document(MANAGER, "file-contract", "contract.pdf", caption="Договор № 12")
    await tg.wait_message(MANAGER["id"], "Документ «Договор № 12» сохранён")
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("sendDocument")
            if c.chat_id == CLIENT["id"] and c.params.get("document") == "file-contract"
        ],
        10,
        "to client",
    )
    tg.send_text(CLIENT, "/documents")
    listing = await tg.wait_message(CLIENT["id"], "Ваши документы")
    calls = len(tg.calls_of("sendDocument"))
    tg.press(CLIENT, listing, button_data(listing, "Договор № 12 · Запуск"))
    await tg.wait_for(lambda: len(tg.calls_of("sendDocument")) > calls, 10, "document again")


async def test_the_invoice_carries_a_payment_code_for_the_balance(tmp_path, telegram):
    from datetime import UTC, datetime

    from tests.conftest import TickingClock, make_settings
    from tests.documents import pdf_images, qr_payloads
    from views.callbacks import InvoiceStaffAction, InvoiceStaffCb

    bank = {
        "agency_name": "ООО «Север»",
        "agency_bank_name": "ПАО Сбербанк",
        "agency_bank_account": "40702810938000012345",
        "agency_bank_bic": "044525225",
        "agency_bank_corr_account": "30101810400000000225",
        "agency_bank_inn": "7707083893",
    }
    settings = make_settings(tmp_path, telegram, **bank)
    running = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await running.start()
    try:
        tg = running.telegram
        await invite_client(running)
        await issue_invoice(tg, "Ромашка", "600000", "Продвижение, ноябрь", "15.12")

        # the invoice message is the code itself, with the card as its caption and buttons
        card = await tg.wait_message(CLIENT["id"], "Счёт № 2026-0001")
        assert "photo" in card and button_data(card, "Я оплатил")
        (code,) = qr_payloads(tg.uploaded_photos(CLIENT["id"])[0])
        fields = dict(part.split("=", 1) for part in code.split("|")[1:])
        assert fields["Sum"] == "60000000" and fields["PayeeINN"] == "7707083893"
        assert fields["Name"] == "ООО «Север»"  # AGENCY_BANK_PAYEE defaults to the agency

        # a partial payment: the client's copy of the invoice now asks for the rest
        record = InvoiceStaffCb(id=1, action=InvoiceStaffAction.RECORD).pack()
        issued = await tg.wait_message(MANAGER["id"], "выставлен")
        tg.press(MANAGER, issued, record)
        await tg.wait_message(MANAGER["id"], "Сколько поступило?")
        tg.send_text(MANAGER, "250 000")
        await tg.wait_message(MANAGER["id"], "Записано")
        await tg.wait_for(lambda: tg.uploaded(CLIENT["id"]), 10, "the PDF sent with it")
        (issued_pdf,) = tg.uploaded(CLIENT["id"])
        (code,) = qr_payloads(pdf_images(issued_pdf["content"])[0])
        assert code.endswith("|Sum=60000000")
        tg.send_text(CLIENT, "/invoices")
        listing = await tg.wait_message(CLIENT["id"], "Счета")
        tg.press(CLIENT, listing, button_data(listing, "№ 2026-0001"))
        await tg.wait_for(lambda: len(tg.uploaded(CLIENT["id"])) == 2, 10, "the PDF again")
        pdf = tg.uploaded(CLIENT["id"])[-1]["content"]
        (code,) = qr_payloads(pdf_images(pdf)[0])
        assert dict(part.split("=", 1) for part in code.split("|")[1:])["Sum"] == "35000000"
    finally:
        await running.stop()


async def test_a_reconciliation_statement_for_the_clients_accountant(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await issue_invoice(tg, "Ромашка", "600000", "Продвижение, ноябрь", "15.12")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/reconciliation")
    choose = await tg.wait_message(MANAGER["id"], "Акт сверки: с какой компанией?", since=seen)
    tg.press(MANAGER, choose, button_data(choose, "Ромашка"))
    await tg.wait_message(MANAGER["id"], "за какой период?", since=seen)
    tg.send_text(MANAGER, "прошлый год")
    await tg.wait_message(MANAGER["id"], "Не понял период", since=seen)
    tg.send_text(MANAGER, "4 кв 2026")
    await tg.wait_for(lambda: tg.uploaded(MANAGER["id"]), 10, "the statement's PDF")
    document = tg.uploaded(MANAGER["id"])[-1]
    assert document["filename"] == "reconciliation-1-20261001-20261231.pdf"
    text = pdf_text(document["content"]).replace("\n", " ")
    for part in (
        "Акт сверки взаимных расчётов за период с 1 октября 2026 по 31 декабря 2026",
        "Заказчик Ромашка", "Расчёты в RUB", "Сальдо начальное",
        "Счёт № 2026-0001 600 000,00 ₽", "Обороты за период 600 000,00 ₽",
        "Сальдо конечное 600 000,00 ₽",
        "По данным Исполнителя на 31 декабря 2026 задолженность в пользу Исполнителя"
        " составляет 600 000,00 ₽ (Шестьсот тысяч рублей 00 копеек)",
        "От Исполнителя", "От Ромашка",
    ):  # fmt: skip
        assert part in text, part
    # the client cannot ask for one
    tg.send_text(CLIENT, "/reconciliation")
    await running.settled()
    assert len(tg.uploaded(CLIENT["id"])) == 1  # only the invoice it was sent
