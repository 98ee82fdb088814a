"""A client fills real briefs over the fake Bot API; the AM gets the alert and the document."""

from __future__ import annotations

from typing import Any

from bot.jobs import run_planners
from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot
from tests.documents import pdf_text
from tests.fakes.telegram import FakeTelegram, button_data
from tests.journeys import BriefDriver, invite_client, question_header


async def test_full_marketing_brief_with_errors_back_edit_and_restart(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    client = BriefDriver(tg, CLIENT)

    tg.send_text(CLIENT, "/brief")
    choice = await tg.wait_message(CLIENT["id"], "Какой бриф заполним?")
    first = await client._after(
        lambda: tg.press(CLIENT, choice, button_data(choice, "Рекламная кампания"))
    )
    assert question_header(first) == "Вопрос 1 из 25 · Рекламная кампания"
    await client.text("ЖК «Северный парк» <script>")

    # wrong kinds of input: a clear hint, and the question stays
    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_sticker(CLIENT)
    await tg.wait_message(CLIENT["id"], "нужен ответ текстом", since=seen)
    too_long = await client.refused("а" * 10_000, "Слишком длинный ответ")
    assert "10\xa0000 символов, можно до 3\xa0000" in too_long["text"]
    assert question_header(client.last_step()).startswith("Вопрос 2 из 25")
    await client.text("Безопасное жильё, сдаём в срок")
    # Back returns to the previous question with its answer shown
    back = await client.press("Назад")
    assert question_header(back).startswith("Вопрос 2 из 25")
    assert "Текущий ответ: Безопасное жильё" in back["text"]
    await client.text("Безопасное жильё, сдаём объекты в срок, своя инфраструктура")

    await client.text("Жильё комфорт-класса")
    await client.text("Семьи 30–45 лет с детьми, ценят экологию и безопасность")
    await client.text("Москва и Московская область")
    await client.text("Парки, детские кружки; онлайн — ВКонтакте, Telegram, Дзен")
    await client.press("Пропустить")  # audience_difference is optional
    await client.text("ЖК «Южный», ЖК «Западный»; мы дороже, но ближе к метро")
    await client.text("Лес рядом, школа в квартале, метро в 7 минутах")
    await client.text("Старт продаж второй очереди")
    await client.tick("Рост объёма продаж", "Рост доли рынка")
    await client.tick("Новые покупатели")
    await client.text("Продать 30% квартир второй очереди за полгода")

    await running.restart()  # the conversation continues at the same question

    step = await client.text("Около 6 месяцев; повторно почти не покупают")
    assert question_header(step).startswith("Вопрос 15 из 25")
    await client.press("Медиаплан в Excel")
    after_yes = await client.press("Да")
    assert question_header(after_yes) == "Вопрос 17 из 26 · Рекламная кампания"  # defense_setup
    await client.text("Проектор есть, нужна раздатка на 6 человек")
    await client.tick("Ограничений нет")
    await client.press("Нет")  # no tender: its criteria are not asked
    await client.refused("31.02.2027", "Такой даты нет")
    await client.refused("01.01.2020", "Дата должна быть в будущем")
    await client.text("15.12")
    await client.text("01.03.2027")
    await client.refused("много", "Не понял сумму")
    await client.text("1,5 млн")
    await client.press("Пропустить")  # materials
    await client.file("file-brandbook", "Брендбук.pdf")
    await client.file("file-presentation", "О проекте.pptx")
    await client.press("Готово")
    await client.refused("не ссылка вовсе", "Нужна ссылка")
    await client.text("severpark.ru")
    summary = await client.text("Анна Петрова, директор по маркетингу, +7 900 000-00-00")
    assert "Проверьте бриф" in summary["text"]
    # the fake holds the HTML the bot sent: the client's markup arrives escaped, as text
    assert "&lt;script&gt;" in summary["text"] and "<script>" not in summary["text"]

    # Edit one answer from the summary: back to the summary with the new value
    edit = await client.press("Бюджет")
    assert "Текущий ответ: 1\xa0500\xa0000,00\xa0₽" in edit["text"]
    summary = await client.text("2 млн ₽", expect="Проверьте бриф")
    assert "2\xa0000\xa0000,00\xa0₽" in summary["text"]

    done = await client.press("Отправить бриф", expect="отправлен")
    assert "Бриф №1 отправлен" in done["text"] and "Олег" in done["text"]

    alert = await tg.wait_message(MANAGER["id"], "Новый бриф №1")
    assert "Ромашка" in alert["text"] and "Рекламная кампания" in alert["text"]
    assert "Бюджет: 2\xa0000\xa0000,00\xa0₽" in alert["text"]
    assert "Срок предложения: 15 декабря 2026" in alert["text"]
    assert "Цель проекта: Продать 30% квартир" in alert["text"]
    await tg.wait_for(lambda: tg.uploaded(MANAGER["id"]), 10, "the brief document")
    document = tg.uploaded(MANAGER["id"])[0]
    assert document["filename"] == "brief-1.pdf"
    page = pdf_text(document["content"])
    assert "Бриф №1 — Ромашка" in page and "Северный парк" in page
    assert "<script>" in page and "&lt;" not in page  # the client's own words, not HTML

    def forwarded_files() -> list[str]:
        return [
            c.params["document"]
            for c in tg.calls_of("sendDocument")
            if c.chat_id == MANAGER["id"] and isinstance(c.params["document"], str)
        ]

    await tg.wait_for(lambda: len(forwarded_files()) == 2, 10, "attachments forwarded")
    forwarded = forwarded_files()
    assert sorted(forwarded) == ["file-brandbook", "file-presentation"]

    # Take into work: the card shows who; the client is told
    tg.press(MANAGER, alert, button_data(alert, "Взять в работу"))
    await tg.wait_for(
        lambda: "В работе: Олег" in tg.sent_to(MANAGER["id"])[alert["message_id"] - 1]["text"],
        10,
        "alert edited",
    )
    await tg.wait_message(CLIENT["id"], "взял ваш бриф №1 в работу")

    # Ask a question; the client replies with the button; the answer comes back linked
    edited_alert = tg.sent_to(MANAGER["id"])[alert["message_id"] - 1]
    tg.press(MANAGER, edited_alert, button_data(edited_alert, "Задать вопрос"))
    await tg.wait_message(MANAGER["id"], "Напишите вопрос клиенту по брифу №1")
    tg.send_text(MANAGER, "Есть ли готовые макеты прошлых кампаний?")
    await tg.wait_message(MANAGER["id"], "Вопрос отправлен")
    question = await tg.wait_message(CLIENT["id"], "Есть ли готовые макеты")
    tg.press(CLIENT, question, button_data(question, "Ответить"))
    await tg.wait_message(CLIENT["id"], "Напишите ответ")
    tg.send_text(CLIENT, "Да, пришлю ссылку на диск")
    await tg.wait_message(CLIENT["id"], "Ответ отправлен менеджеру")
    answer = await tg.wait_message(MANAGER["id"], "Ответ Анна по брифу №1")
    assert "Да, пришлю ссылку на диск" in answer["text"]

    # Draft a proposal opens the proposal form, tied to this brief
    tg.press(MANAGER, edited_alert, button_data(edited_alert, "Подготовить КП"))
    await tg.wait_message(MANAGER["id"], "Новое КП для «Ромашка»</b> по брифу №1")
    await tg.wait_message(MANAGER["id"], "Вопрос 1 из 8 · Коммерческое предложение")
    # the client sees its brief and its status
    tg.send_text(CLIENT, "/briefs")
    listing = await tg.wait_message(CLIENT["id"], "Ваши брифы")
    assert "№1 · Рекламная кампания · в работе" in listing["text"]


async def fill_smm(client: BriefDriver, tg: FakeTelegram, *, ads: bool) -> dict[str, Any]:
    tg.send_text(CLIENT, "/brief")
    choice = await tg.wait_message(CLIENT["id"], "Какой бриф заполним?")
    await client._after(lambda: tg.press(CLIENT, choice, button_data(choice, "SMM")))
    await client.text("vk.com/severpark")
    await client.press("Пропустить")
    await client.tick("Контент", "Конкуренты")
    await client.refused("двенадцать", "Нужно число")
    await client.refused("-5", "Нужно число от 0")
    await client.text("12 500")
    await client.text("3 поста в неделю")
    await client.press("Пропустить")
    await client.tick("Заявки")
    await client.text("Молодые семьи Москвы")
    await client.press("Пропустить")
    await client.text("Дружелюбно, без канцелярита")
    await client.tick("Посты", "Сторис")
    await client.press("Агентство")
    step = await client.press("Да" if ads else "Нет")
    if ads:
        assert "Какой бюджет на таргетированную рекламу" in step["text"]
        await client.text("50k")
    else:
        assert "Планируете конкурсы" in step["text"]
    await client.press("Нет")  # contests
    await client.press("Агентство")
    await client.press("Раз в месяц")
    await client.press("Пропустить")
    await client.text("01.12")
    await client.text("80 000 ₽")
    return await client.text("Анна, SMM-менеджер")


async def test_smm_brief_with_a_conditional_question(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    client = BriefDriver(tg, CLIENT)
    summary = await fill_smm(client, tg, ads=False)
    assert "Бюджет на таргет" not in summary["text"]
    assert "Подписчики</b>: 12500" in summary["text"]
    # turning targeted ads on from the summary asks the newly required budget, then returns
    step = await client.press("Таргетированная реклама")
    assert "Нужна ли таргетированная реклама" in step["text"]
    budget = await client.press("Да")
    assert "Какой бюджет на таргетированную рекламу" in budget["text"]
    summary = await client.text("50k", expect="Проверьте бриф")
    assert "Бюджет на таргет</b>: 50\xa0000,00\xa0₽" in summary["text"]
    await client.press("Отправить бриф", expect="отправлен")
    alert = await tg.wait_message(MANAGER["id"], "Новый бриф №1")
    assert "Бюджет на таргет: 50\xa0000,00\xa0₽" in alert["text"]
    assert "Бюджет в месяц: 80\xa0000,00\xa0₽" in alert["text"]
    assert "Цели: Заявки" in alert["text"]


async def test_draft_choice_and_buttons_of_others(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    client = BriefDriver(tg, CLIENT)
    tg.send_text(CLIENT, "/brief")
    choice = await tg.wait_message(CLIENT["id"], "Какой бриф заполним?")
    first = await client._after(lambda: tg.press(CLIENT, choice, button_data(choice, "SMM")))
    await client.text("vk.com/severpark")
    exit_message = await client._after(
        lambda: tg.press(CLIENT, client.last_step(), button_data(client.last_step(), "Сохранить")),
        expect="Бриф сохранён",
    )
    assert exit_message
    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_text(CLIENT, "просто сообщение")  # outside the flow: to the manager, not the brief
    await tg.wait_message(CLIENT["id"], "Сообщение передано менеджеру Олег", since=seen)
    await tg.wait_message(MANAGER["id"], "просто сообщение")
    tg.send_text(CLIENT, "/brief")
    offer = await tg.wait_message(CLIENT["id"], "незаконченный бриф")
    assert "1 из 20" in offer["text"]
    step = await client._after(lambda: tg.press(CLIENT, offer, button_data(offer, "Продолжить")))
    assert step["text"].startswith("Вопрос 2 из 20")
    # an old question's button does not rewrite the past
    tg.press(CLIENT, first, button_data(first, "Сохранить"))
    # the manager cannot press the client's answer buttons
    tg.press(MANAGER, step, button_data(step, "Пропустить"))
    await tg.wait_for(
        lambda: [
            c for c in tg.calls_of("answerCallbackQuery") if "не ваш" in str(c.params.get("text"))
        ],
        10,
        "refusal",
    )
    # a command in the middle of the brief is a command, not an answer
    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_text(CLIENT, "/status")
    await tg.wait_message(CLIENT["id"], "Активных проектов пока нет", since=seen)
    draft = await running.app.briefs.draft_of(await running.app.people.get(CLIENT["id"]))
    assert draft is not None and draft.current_question == "other_accounts"
    assert "other_accounts" not in draft.answers


async def test_idle_draft_gets_one_nudge_that_resumes_it(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    client = BriefDriver(tg, CLIENT)
    tg.send_text(CLIENT, "/brief")
    choice = await tg.wait_message(CLIENT["id"], "Какой бриф заполним?")
    await client._after(lambda: tg.press(CLIENT, choice, button_data(choice, "SMM")))
    await client.text("vk.com/severpark")
    async with running.app.db.transaction() as conn:  # two and a half days pass
        await conn.execute("UPDATE briefs SET updated_at = '2026-11-24 00:00:00'")
    await run_planners(running.app)
    await run_planners(running.app)
    nudge = await tg.wait_message(CLIENT["id"], "Вы начали заполнять бриф «Ведение соцсетей (SMM)»")
    assert "осталось ответить на 19 вопросов" in nudge["text"]
    step = await client._after(lambda: tg.press(CLIENT, nudge, button_data(nudge, "Продолжить")))
    assert step["text"].startswith("Вопрос 2 из 20")
    await running.app.dispatcher.drain()
    assert len([m for m in tg.sent_to(CLIENT["id"]) if "Вы начали" in m["text"]]) == 1


async def test_manager_lists_and_opens_briefs_and_head_toggles_templates(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    client = BriefDriver(tg, CLIENT)
    await fill_smm(client, tg, ads=True)
    await client.press("Отправить бриф", expect="отправлен")
    tg.send_text(MANAGER, "/briefs")
    listing = await tg.wait_message(MANAGER["id"], "Брифы: сначала новые")
    tg.press(MANAGER, listing, button_data(listing, "№1 · Ромашка"))
    card = await tg.wait_message(MANAGER["id"], "Бриф №1</b> — Ромашка")
    assert "Статус: новый" in card["text"] and "Бюджет на таргет</b>: 50" in card["text"]
    tg.press(MANAGER, card, button_data(card, "Файл брифа"))
    await tg.wait_for(lambda: tg.uploaded(MANAGER["id"]), 10, "brief document on demand")
    page = pdf_text(tg.uploaded(MANAGER["id"])[0]["content"])
    assert "Анна, SMM-менеджер" in page and "Страница 2 из 2" in page

    tg.send_text(HEAD, "/templates")
    toggles = await tg.wait_message(HEAD["id"], "Шаблоны брифов")
    tg.press(HEAD, toggles, button_data(toggles, "Рекламная кампания"))
    await tg.wait_for(
        lambda: (
            "⛔ Рекламная кампания"
            in str(tg.sent_to(HEAD["id"])[toggles["message_id"] - 1]["reply_markup"])
        ),
        10,
        "toggled",
    )
    tg.send_text(CLIENT, "/brief")  # one template left: it starts straight away
    await tg.wait_message(CLIENT["id"], "Вопрос 1 из 20 · Ведение соцсетей (SMM)")
