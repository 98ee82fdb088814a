"""The conversation end to end: relayed both ways with files, away with a deputy, isolation."""

from __future__ import annotations

from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot
from tests.fakes.telegram import FakeTelegram, button_data, user
from tests.journeys import make_manager, new_project

OTHER_AM = user(2002, "Мария", username="maria_am")
OTHER_CLIENT = user(3002, "Борис", username="boris_client")


def answered(tg: FakeTelegram, fragment: str) -> list:
    return [c for c in tg.calls_of("answerCallbackQuery") if fragment in str(c.params.get("text"))]


async def join(tg: FakeTelegram, manager: dict, client: dict, company: str) -> None:
    tg.send_text(manager, f"/invite {company}")
    invite = await tg.wait_message(manager["id"], f"<b>{company}</b>")
    tg.send_text(client, f"/start {invite['text'].split('start=')[1].split()[0]}")
    await tg.wait_message(client["id"], "вы подключены")


async def test_messages_files_and_replies_both_ways(running: RunningBot):
    tg = running.telegram
    await make_manager(running)
    tg.send_text(MANAGER, "/hours 10:00-19:00")
    hours = await tg.wait_message(MANAGER["id"], "Рабочие часы: 10:00–19:00")
    assert "пн–пт, кроме праздников (RU)" in hours["text"]
    await join(tg, MANAGER, CLIENT, "Ромашка")
    await new_project(tg, "Ромашка", "Запуск", "Аудит — 10 дней")

    tg.send_text(CLIENT, "Когда будет готов отчёт?")
    receipt = await tg.wait_message(CLIENT["id"], "Сообщение передано менеджеру Олег")
    assert "в течение 4 рабочих часов" in receipt["text"]  # noon on a Friday in Moscow
    relayed = await tg.wait_message(MANAGER["id"], "Когда будет готов отчёт?")
    assert "Анна</b> (Ромашка)" in relayed["text"]
    which = await tg.wait_message(CLIENT["id"], "К какому проекту")
    tg.press(CLIENT, which, button_data(which, "Запуск"))
    await tg.wait_message(MANAGER["id"], "речь о проекте «Запуск», этап «Аудит»")

    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_document(CLIENT, "file-brief", "ТЗ.docx", caption="И вот ТЗ")
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("sendDocument")
            if c.chat_id == MANAGER["id"] and c.params.get("document") == "file-brief"
        ],
        10,
        "file to AM",
    )
    assert not [m for m in tg.sent_to(CLIENT["id"])[seen:] if "передано" in (m.get("text") or "")]
    tg.send_voice(CLIENT)  # a voice note reaches the manager as a voice note
    await tg.wait_for(
        lambda: [c for c in tg.calls_of("sendVoice") if c.chat_id == MANAGER["id"]],
        10,
        "voice to AM",
    )

    # the AM answers with the button, then with Telegram's reply and a file
    tg.press(MANAGER, relayed, button_data(relayed, "Ответить"))
    await tg.wait_message(MANAGER["id"], "Напишите ответ клиенту")
    tg.send_text(MANAGER, "Отчёт будет в понедельник <b>утром</b>")
    await tg.wait_message(MANAGER["id"], "Ответ отправлен клиенту")
    answer = await tg.wait_message(CLIENT["id"], "Отчёт будет в понедельник")
    assert "&lt;b&gt;утром&lt;/b&gt;" in answer["text"] and "Олег</b>" in answer["text"]
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, relayed, button_data(relayed, "Ответить"))
    await tg.wait_message(MANAGER["id"], "Напишите ответ клиенту", since=seen)
    tg.send_document(MANAGER, "file-report", "Отчёт.pdf", caption="Черновик отчёта")
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("sendDocument")
            if c.chat_id == CLIENT["id"]
            and c.params.get("document") == "file-report"
            and "Черновик отчёта" in c.params.get("caption", "")
        ],
        10,
        "file to the client",
    )
    tg.send_text(MANAGER, "Прикрепил черновик в прошлом письме", reply_to=relayed)
    await tg.wait_message(CLIENT["id"], "Прикрепил черновик")

    tg.send_text(MANAGER, "/history")
    choose = await tg.wait_message(MANAGER["id"], "Какая компания?")
    tg.press(MANAGER, choose, button_data(choose, "Ромашка"))
    history = await tg.wait_message(MANAGER["id"], "Переписка с «Ромашка»")
    assert "← " in history["text"] and "→ " in history["text"]
    assert "Когда будет готов отчёт?" in history["text"]


async def test_away_with_a_deputy_and_isolation_between_companies(running: RunningBot):
    tg = running.telegram
    await make_manager(running)
    listing_seen = len(tg.sent_to(HEAD["id"]))
    tg.send_text(HEAD, "/managers")
    listing = await tg.wait_message(HEAD["id"], "Аккаунт-менеджеры:", since=listing_seen)
    tg.press(HEAD, listing, button_data(listing, "Добавить"))
    await tg.wait_message(HEAD["id"], "Telegram id", since=listing_seen)
    tg.send_text(HEAD, str(OTHER_AM["id"]))
    await tg.wait_message(HEAD["id"], "теперь аккаунт-менеджер", since=listing_seen + 2)
    tg.send_text(OTHER_AM, "/start")
    await tg.wait_message(OTHER_AM["id"], "аккаунт-менеджер")
    await join(tg, MANAGER, CLIENT, "Ромашка")
    await join(tg, OTHER_AM, OTHER_CLIENT, "Лютик")

    # a note about Ромашка is staff-only
    tg.send_text(MANAGER, "/note")
    choose = await tg.wait_message(MANAGER["id"], "Какая компания?")
    tg.press(MANAGER, choose, button_data(choose, "Ромашка"))
    await tg.wait_message(MANAGER["id"], "клиент её не увидит")
    tg.send_text(MANAGER, "Сложный согласующий, звонить до обеда")
    await tg.wait_message(MANAGER["id"], "Заметка сохранена")

    # Олег goes away; Мария stands in
    tg.send_text(MANAGER, "/away")
    await tg.wait_message(MANAGER["id"], "До какой даты")
    tg.send_text(MANAGER, "10.12")
    deputy = await tg.wait_message(MANAGER["id"], "Кто вас заменит?")
    tg.press(MANAGER, deputy, button_data(deputy, "Мария"))
    await tg.wait_message(MANAGER["id"], "до 10 декабря 2026 сообщения и оповещения получает Мария")
    await tg.wait_message(OTHER_AM["id"], "Вы заменяете Олег")

    tg.send_text(CLIENT, "Есть вопрос по макетам")
    receipt = await tg.wait_message(CLIENT["id"], "Сообщение передано")
    assert "Мария — заменяет Олег" in receipt["text"]
    relayed = await tg.wait_message(OTHER_AM["id"], "Есть вопрос по макетам")
    assert not [m for m in tg.sent_to(MANAGER["id"]) if "Есть вопрос" in (m.get("text") or "")]
    tg.press(OTHER_AM, relayed, button_data(relayed, "Ответить"))
    await tg.wait_message(OTHER_AM["id"], "Напишите ответ клиенту")
    tg.send_text(OTHER_AM, "Олег в отпуске, я помогу")
    await tg.wait_message(CLIENT["id"], "Олег в отпуске, я помогу")

    # the other company's client reaches only its own manager; crafted buttons are refused
    tg.send_text(OTHER_CLIENT, "Добрый день")
    await tg.wait_message(OTHER_AM["id"], "Добрый день")
    assert not [m for m in tg.sent_to(MANAGER["id"]) if "Добрый день" in (m.get("text") or "")]
    tg.press(CLIENT, relayed, button_data(relayed, "Ответить"))
    tg.press(CLIENT, relayed, "ch:1:h")  # a client asking for the history and notes
    await tg.wait_for(
        lambda: len(answered(tg, "not for you") + answered(tg, "не для вас")) >= 2,
        10,
        "client refused",
    )
    assert not [m for m in tg.sent_to(CLIENT["id"]) if "Сложный согласующий" in m.get("text", "")]
    # back: messages come to Олег again
    tg.send_text(MANAGER, "/back")
    await tg.wait_message(MANAGER["id"], "С возвращением")
    tg.send_text(CLIENT, "Ещё вопрос")
    await tg.wait_message(MANAGER["id"], "Ещё вопрос")
