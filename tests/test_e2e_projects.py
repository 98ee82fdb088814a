"""Projects end to end: the client's /status, the AM moving stages, ratings escalated."""

from __future__ import annotations

from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot
from tests.fakes.telegram import button_data, user
from tests.journeys import invite_client, new_project, open_stage

OTHER_CLIENT = user(3002, "Борис", username="boris_client")


async def test_status_stages_ratings_and_another_companys_project(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    tg.send_text(HEAD, "/stats")
    await tg.wait_message(HEAD["id"], "Проектов пока нет")
    tg.send_text(MANAGER, "/invite Лютик")
    invite = await tg.wait_message(MANAGER["id"], "<b>Лютик</b>")
    tg.send_text(OTHER_CLIENT, f"/start {invite['text'].split('start=')[1].split()[0]}")
    await tg.wait_message(OTHER_CLIENT["id"], "подключены к компании «Лютик»")
    await new_project(
        tg, "Ромашка", "Запуск второй очереди", "Аудит — 10 дней\nЗапуск — 01.03.2027"
    )
    await new_project(tg, "Лютик", "Секретный проект Лютика", "Этап — 5 дней")

    tg.send_text(CLIENT, "/status")
    status = await tg.wait_message(CLIENT["id"], "Ваши проекты")
    assert "Запуск второй очереди" in status["text"] and "░░░░░░░░░░ 0%" in status["text"]
    assert "Лютика" not in status["text"]
    tg.press(CLIENT, status, "pv:2")  # a crafted button for the other company's project
    await tg.wait_for(
        lambda: [
            c for c in tg.calls_of("answerCallbackQuery") if "нет прав" in str(c.params.get("text"))
        ],
        10,
        "refused",
    )

    # the AM starts and finishes a stage: the client hears each step
    menu = await open_stage(tg, "Запуск второй очереди", "Аудит")
    tg.press(MANAGER, menu, button_data(menu, "Начать"))
    await tg.wait_message(CLIENT["id"], "начался этап «Аудит»")
    tg.press(MANAGER, menu, button_data(menu, "50%"))
    # saved once the AM sees it (the client's /status may otherwise be read first)
    await tg.wait_message(MANAGER["id"], "▶️ 1. Аудит — до 7 декабря 2026 · 50%")
    tg.send_text(CLIENT, "/status")
    halfway = await tg.wait_message(CLIENT["id"], "▓▓░░░░░░░░ 25%")
    assert "Сейчас: Аудит" in halfway["text"]

    # waiting for the client: asked, answered with the button, the AM told
    menu = await open_stage(tg, "Запуск второй очереди", "Запуск")
    tg.press(MANAGER, menu, button_data(menu, "Ждём клиента"))
    await tg.wait_message(MANAGER["id"], "Что нужно от клиента")
    tg.send_text(MANAGER, "согласовать макеты")
    await tg.wait_message(MANAGER["id"], "До какой даты")
    tg.send_text(MANAGER, "01.01.2020")
    await tg.wait_message(MANAGER["id"], "Дата должна быть в будущем")
    tg.send_text(MANAGER, "10.12")
    ask = await tg.wait_message(CLIENT["id"], "нужно от вас — «согласовать макеты» до 10 декабря")
    tg.press(CLIENT, ask, button_data(ask, "Ответить"))
    await tg.wait_message(CLIENT["id"], "Напишите ответ или отправьте файл")
    tg.send_sticker(CLIENT)  # not an answer: said so, and the answer is still awaited
    await tg.wait_message(CLIENT["id"], "Здесь нужен текст или файл")
    tg.send_document(CLIENT, "file-layouts", "Макеты.pdf")
    await tg.wait_message(CLIENT["id"], "Менеджер получил ответ")
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("sendDocument")
            if c.chat_id == MANAGER["id"] and c.params.get("document") == "file-layouts"
        ],
        10,
        "file to AM",
    )

    # a deadline moved is explained to the client
    menu = await open_stage(tg, "Запуск второй очереди", "Запуск")
    tg.press(MANAGER, menu, button_data(menu, "Перенести срок"))
    await tg.wait_message(MANAGER["id"], "Новый срок этапа «Запуск»")
    tg.send_text(MANAGER, "15.03.2027")
    await tg.wait_message(MANAGER["id"], "Почему срок меняется")
    tg.send_text(MANAGER, "Клиент попросил сдвинуть запуск")
    moved = await tg.wait_message(CLIENT["id"], "срок этапа «Запуск» перенесён")
    assert "с 1 марта 2027 на 15 марта 2027" in moved["text"]
    assert "Клиент попросил сдвинуть запуск" in moved["text"]

    # finishing a stage asks for a rating; a low one reaches the AM and the head at once
    menu = await open_stage(tg, "Запуск второй очереди", "Аудит")
    tg.press(MANAGER, menu, button_data(menu, "Завершить"))
    await tg.wait_message(CLIENT["id"], "этап «Аудит» завершён")
    rate = await tg.wait_message(CLIENT["id"], "Как вам этап «Аудит»")
    tg.press(CLIENT, rate, button_data(rate, "2"))
    await tg.wait_message(CLIENT["id"], "Спасибо за оценку 2")
    await tg.wait_message(MANAGER["id"], "Низкая оценка 2/5 от Анна")
    await tg.wait_message(HEAD["id"], "Низкая оценка 2/5 от Анна")
    tg.send_text(CLIENT, "Долго ждали отчёт")
    await tg.wait_message(CLIENT["id"], "комментарий передан")
    follow_up = await tg.wait_message(HEAD["id"], "Комментарий: «Долго ждали отчёт»")
    assert "этап «Аудит»" in follow_up["text"]
    tg.press(CLIENT, rate, "rt:1:1:5")  # the old button pressed again: no second rating
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("answerCallbackQuery")
            if "уже поставили оценку" in str(c.params.get("text"))
        ],
        10,
        "once",
    )

    tg.send_text(HEAD, "/stats")
    stats = await tg.wait_message(HEAD["id"], "Статистика по менеджерам")
    assert "Олег: проектов в работе — 2, оценок — 1, средняя 2.0, низких — 1" in stats["text"]
