"""Sign-off end to end: the AM shows a stage's work, the client asks for changes with a
file, the AM posts v2, the client approves it; refusals for everyone who may not decide."""

from __future__ import annotations

from tests.conftest import CLIENT, MANAGER, STRANGER, RunningBot
from tests.fakes.telegram import FakeTelegram, Fault, button_data
from tests.journeys import invite_client, new_project, open_stage


def alerts(tg: FakeTelegram, fragment: str) -> list:
    return [c for c in tg.calls_of("answerCallbackQuery") if fragment in str(c.params.get("text"))]


async def post_version(tg: FakeTelegram, files: list[str], note: str) -> None:
    menu = await open_stage(tg, "Сайт", "Макеты")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, menu, button_data(menu, "На согласование"))
    prompt = await tg.wait_message(MANAGER["id"], "Пришлите файлы", since=seen)
    if len(files) > 1:
        tg.album(MANAGER, files)
    elif files:
        tg.send_document(MANAGER, files[0], "макет.pdf")
    await tg.wait_message(MANAGER["id"], f"Файлов: {len(files)}.", since=seen)
    tg.send_text(MANAGER, note)
    added = await tg.wait_message(MANAGER["id"], "есть пояснение", since=seen)
    assert prompt
    tg.press(MANAGER, added, button_data(added, "Отправить клиенту"))


async def test_v1_changes_with_a_file_then_v2_approved(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 10 дней\nВёрстка — 10 дней")

    await post_version(tg, ["mock-1", "mock-2"], "Главная и каталог https://figma.com/file/abc")
    await tg.wait_for(lambda: alerts(tg, "v1 отправлена"), 10, "posted")
    card = await tg.wait_message(CLIENT["id"], "На согласование: «Макеты», v1")
    assert "Ссылка: https://figma.com/file/abc" in card["text"]
    album = [m for m in tg.sent_to(CLIENT["id"]) if m.get("media_group_id")]
    assert [m["photo"][0]["file_id"] for m in album] == ["mock-1", "mock-2"]
    v1_approve = button_data(card, "Согласовать")  # kept: the card loses its buttons later
    buttons = card["reply_markup"]["inline_keyboard"]
    assert (buttons[0][0]["style"], buttons[0][1]["style"]) == ("success", "danger")
    staff_card = await tg.wait_message(MANAGER["id"], "отправлено клиенту")

    # the client asks for changes, with a file
    tg.press(CLIENT, card, button_data(card, "Нужны правки"))
    await tg.wait_message(CLIENT["id"], "Опишите, что поправить в v1")
    tg.send_text(CLIENT, "Логотип крупнее, фон светлее")
    so_far = await tg.wait_message(CLIENT["id"], "Записано")
    tg.send_document(CLIENT, "file-brandbook", "Брендбук.pdf")
    await tg.wait_message(CLIENT["id"], "файлов: 1")
    tg.press(CLIENT, so_far, button_data(so_far, "Отправить правки"))
    asked = await tg.wait_message(MANAGER["id"], "просит правки")
    assert "Логотип крупнее" in asked["text"] and "Круг правок 1 из 2" in asked["text"]
    await tg.wait_for(
        lambda: [c for c in tg.calls_of("sendDocument")
                 if c.chat_id == MANAGER["id"] and c.params.get("document") == "file-brandbook"],
        10, "the client's file to the AM",
    )  # fmt: skip
    await tg.wait_for(
        lambda: "Запрошены правки: Анна" in tg.messages[(CLIENT["id"], card["message_id"])]["text"],
        10,
        "the client's card rewritten",
    )
    staff_key = (MANAGER["id"], staff_card["message_id"])
    await tg.wait_for(
        lambda: "Запрошены правки" in tg.messages[staff_key]["text"], 10, "the AM's card"
    )

    # v2; a press on v1 now is refused with a clear line
    await post_version(tg, ["mock-3"], "Поправили логотип и фон")
    card2 = await tg.wait_message(CLIENT["id"], "На согласование: «Макеты», v2")
    tg.send_text(CLIENT, "/status")
    await tg.wait_message(CLIENT["id"], "«Макеты» ждёт вашего согласования (v2)")
    # a question about the version reaches the AM, labelled with it
    tg.press(CLIENT, card2, button_data(card2, "Вопрос"))
    await tg.wait_message(CLIENT["id"], "Напишите вопрос")
    tg.send_text(CLIENT, "А можно тёмную тему?")
    question = await tg.wait_message(MANAGER["id"], "А можно тёмную тему?")
    assert "по «Макеты v2»" in question["text"]
    await tg.wait_message(CLIENT["id"], "Вопрос передан менеджеру")
    tg.press(CLIENT, card, v1_approve)
    await tg.wait_for(lambda: alerts(tg, "По v1 уже есть решение"), 10, "v1 refused")
    tg.press(CLIENT, card2, button_data(card2, "Согласовать"))
    await tg.wait_for(lambda: alerts(tg, "Версия v2 согласована"), 10, "approved")
    approved = await tg.wait_message(MANAGER["id"], "согласовал(а) «Макеты», v2")
    finish = approved["reply_markup"]["inline_keyboard"][0][0]
    assert finish["text"] == "Завершить этап"
    await running.settled()
    rows = await running.app.db.conn.execute_fetchall(
        "SELECT version, kind, actor_id FROM deliverable_events ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [
        (1, "posted", MANAGER["id"]),
        (1, "changes", CLIENT["id"]),
        (2, "posted", MANAGER["id"]),
        (2, "approved", CLIENT["id"]),
    ]


async def test_only_the_companys_clients_decide(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 10 дней")
    await post_version(tg, ["mock-1"], "Первый вариант")
    card = await tg.wait_message(CLIENT["id"], "На согласование: «Макеты», v1")
    data = button_data(card, "Согласовать")
    tg.press(MANAGER, card, data)  # staff
    tg.press(STRANGER, card, data)  # nobody's client
    tg.press(CLIENT, card, data.replace(":ok", ":xx"))  # a forged action: not a button
    tg.press(CLIENT, card, data)
    await tg.wait_for(lambda: alerts(tg, "Версия v1 согласована"), 10, "the client's decision")
    tg.press(CLIENT, card, data)  # pressed twice: harmless
    await running.settled()
    [[approvals]] = await running.app.db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM deliverable_events WHERE kind = 'approved'"
    )
    assert approvals == 1
    [[decided_by]] = await running.app.db.conn.execute_fetchall(
        "SELECT decided_by FROM deliverables"
    )
    assert decided_by == CLIENT["id"]


async def test_a_restart_between_posting_and_sending_loses_and_doubles_nothing(
    running: RunningBot,
):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 10 дней")
    tg.faults.append(Fault("sendMediaGroup", 500, chat_id=CLIENT["id"]))
    photos = [f"shot-{n}" for n in range(10)]
    await post_version(tg, photos, "Десять экранов")
    await tg.wait_for(lambda: tg.calls_of("sendMediaGroup"), 10, "a first try")
    await running.restart()
    card = await tg.wait_message(CLIENT["id"], "На согласование: «Макеты», v1", within=30)
    await running.settled(30)
    albums = [m for m in tg.sent_to(CLIENT["id"]) if m.get("media_group_id")]
    assert [m["photo"][0]["file_id"] for m in albums] == photos  # ten, as one album, once
    assert len({m["media_group_id"] for m in albums}) == 1
    cards = [m for m in tg.sent_to(CLIENT["id"]) if "На согласование" in (m.get("text") or "")]
    assert cards == [card]
    # and a restart between a decision and its notifications: the AM hears once
    tg.faults.append(Fault("sendMessage", 500, chat_id=MANAGER["id"]))
    tg.press(CLIENT, card, button_data(card, "Согласовать"))
    await tg.wait_for(lambda: alerts(tg, "Версия v1 согласована"), 10, "approved")
    await running.restart()
    await tg.wait_message(MANAGER["id"], "согласовал(а) «Макеты», v1", within=30)
    await running.settled(30)
    told = [m for m in tg.sent_to(MANAGER["id"]) if "согласовал(а)" in (m.get("text") or "")]
    assert len(told) == 1
