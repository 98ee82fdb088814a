"""Acts of completed work: from a finished stage to the PDF both sides sign."""

from __future__ import annotations

from tests.conftest import CLIENT, MANAGER, RunningBot
from tests.documents import pdf_pages
from tests.fakes.telegram import FakeTelegram, button_data
from tests.journeys import invite_client, new_project, open_stage
from views.callbacks import ActCb


async def project_card(tg: FakeTelegram, title: str) -> dict:
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/projects")
    listing = await tg.wait_message(MANAGER["id"], "Проекты (просроченные сверху", since=seen)
    tg.press(MANAGER, listing, button_data(listing, title))
    return await tg.wait_message(MANAGER["id"], "Менеджер: Олег", since=seen)


def refused(tg: FakeTelegram, fragment: str) -> list:
    return [c for c in tg.calls_of("answerCallbackQuery") if fragment in str(c.params.get("text"))]


async def test_an_act_from_a_finished_stage_reaches_the_documents(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Запуск сайта", "Аудит — 10 дней\nДизайн — 20 дней")
    # the client's requisites and contract, from the company's card
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/companies")
    listing = await tg.wait_message(MANAGER["id"], "Компании клиентов", since=seen)
    tg.press(MANAGER, listing, button_data(listing, "Ромашка"))
    company = await tg.wait_message(MANAGER["id"], "Менеджер: Олег", since=seen)
    tg.press(MANAGER, company, button_data(company, "Реквизиты и договор"))
    await tg.wait_message(MANAGER["id"], "Реквизиты «Ромашка» для счетов и актов")
    tg.send_text(MANAGER, "ООО «Ромашка»\nИНН 7701234567, КПП 770101001")
    await tg.wait_message(MANAGER["id"], "Договор — основание счетов и актов")
    tg.send_text(MANAGER, "Договор № 12 от 01.12.2026")
    filled = await tg.wait_message(MANAGER["id"], "Договор: Договор № 12 от 01.12.2026")
    assert "Реквизиты: ООО «Ромашка»\nИНН 7701234567" in filled["text"]

    card = await project_card(tg, "Запуск сайта")
    tg.press(MANAGER, card, button_data(card, "Акт выполненных работ"))
    await tg.wait_for(lambda: refused(tg, "нет завершённых этапов"), what="nothing finished yet")

    menu = await open_stage(tg, "Запуск сайта", "Аудит")
    tg.press(MANAGER, menu, button_data(menu, "Завершить"))
    await tg.wait_message(CLIENT["id"], "«Аудит»")
    card = await project_card(tg, "Запуск сайта")
    tg.press(MANAGER, card, button_data(card, "Акт выполненных работ"))
    choose = await tg.wait_message(MANAGER["id"], "за какую работу?")
    assert "Дизайн" not in str(choose["reply_markup"])  # not finished: not offered
    tg.press(MANAGER, choose, ActCb(project=1, stage=2).pack())  # crafted: refused
    await tg.wait_for(lambda: refused(tg, "ещё не завершён"), what="an unfinished stage")

    tg.press(MANAGER, choose, button_data(choose, "Аудит"))
    await tg.wait_message(MANAGER["id"], "Сумма по акту?")
    tg.send_sticker(MANAGER)
    await tg.wait_message(MANAGER["id"], "текст")
    tg.send_text(MANAGER, "сто тысяч")
    await tg.wait_message(MANAGER["id"], "Не понял сумму")
    tg.send_text(MANAGER, "150 000")
    done = await tg.wait_message(MANAGER["id"], "Акт № 2026-0001 готов")
    assert "Ромашка" in done["text"]

    (act,) = tg.uploaded(MANAGER["id"])
    assert act["filename"] == "act-2026-0001.pdf"
    pages = pdf_pages(act["content"])
    text = "\n".join(pages)
    assert "Акт № 2026-0001 от 27 ноября 2026" in text
    assert "Аудит" in text and "Дизайн" not in text
    assert "150 000,00 ₽" in text and "Исполнитель" in text and "Заказчик" in text
    assert "Ромашка" in text and "Запуск сайта" in text
    flat = text.replace("\n", " ")
    assert "Всего оказано услуг 1, на сумму 150 000,00 ₽" in flat
    assert "Сто пятьдесят тысяч рублей 00 копеек" in flat
    assert "Без НДС —" in flat and "НДС не облагается в связи с применением" in flat
    assert "Заказчик ООО «Ромашка», ИНН 7701234567, КПП 770101001" in flat
    assert "Основание Договор № 12 от 01.12.2026" in flat
    assert pages[-1].rstrip().endswith(f"Страница {len(pages)} из {len(pages)}")

    # the client gets the very file the AM got, and finds it again in /documents
    pdf = tg.sent_to(MANAGER["id"])[-2]["document"]["file_id"]
    await tg.wait_for(
        lambda: [c for c in tg.calls_of("sendDocument")
                 if c.chat_id == CLIENT["id"] and c.params.get("document") == pdf],
        what="the act sent to the client",
    )  # fmt: skip
    tg.send_text(CLIENT, "/documents")
    listing = await tg.wait_message(CLIENT["id"], "Ваши документы")
    assert "Акт № 2026-0001" in str(listing["reply_markup"])


async def test_an_act_not_filed_keeps_its_number_for_the_next_try(running: RunningBot):
    tg = running.telegram
    app = running.app
    assert app is not None
    await invite_client(running)
    await new_project(tg, "Ромашка", "Запуск", "Аудит — 10 дней\nДизайн — 20 дней")
    manager = await app.people.get(MANAGER["id"])
    projects = app.dp["projects"]
    for stage in (1, 2):
        await projects.finish_stage(manager, stage)
    acts = app.dp["acts"]
    first = await acts.prepare(manager, 1, None, "300 000")
    again = await acts.prepare(manager, 1, None, "310 000")  # the drawing failed: retried
    assert (again.id, again.number) == (first.id, "2026-0001")
    assert again.amount.minor == 310_000_00
    assert [work.title for work in again.works] == ["Аудит", "Дизайн"]
    await acts.file(manager, again.id, {"file_id": "f-1", "media": "document"}, "Акт")
    stage_act = await acts.prepare(manager, 1, 2, "10 000")
    assert stage_act.number == "2026-0002"
