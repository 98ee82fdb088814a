"""The team end to end, as people use it: the AM adds a designer by id and a copywriter by
an invite link, gives each a task on a stage (one past the stage's deadline, confirmed),
the designer reports progress, hands in an album and a link, is returned once, hands in
late and is sent to the client as a sign-off version; the copywriter's task reminds them
and, overdue, the AM and the heads; the copywriter tries what is not theirs and is
refused; a specialist's calendar follows their due date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.jobs import run_planners
from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram, button_data, user
from tests.journeys import invite_client, new_project, open_stage
from tests.test_calendar import BASE, events, read, subscribe

DESIGNER = user(5001, "Дина")
WRITER = user(5002, "Кира")


def alerts(tg: FakeTelegram, fragment: str) -> list:
    return [c for c in tg.calls_of("answerCallbackQuery") if fragment in str(c.params.get("text"))]


async def add_by_id(tg: FakeTelegram, who: dict, skill: str) -> None:
    tg.send_text(who, "/start")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/team")
    team = await tg.wait_message(MANAGER["id"], "оманд", since=seen)
    tg.press(MANAGER, team, button_data(team, "Добавить по ID"))
    skills = await tg.wait_message(MANAGER["id"], "Специализация?", since=seen)
    tg.press(MANAGER, skills, button_data(skills, skill))
    await tg.wait_message(MANAGER["id"], f"Кого добавить как «{skill}»", since=seen)
    tg.send_text(MANAGER, str(who["id"]))
    await tg.wait_message(MANAGER["id"], f"в команде: {skill}", since=seen)


async def add_by_link(tg: FakeTelegram, who: dict, skill: str) -> None:
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/team")
    team = await tg.wait_message(MANAGER["id"], "оманд", since=seen)
    tg.press(MANAGER, team, button_data(team, "Ссылка-приглашение"))
    await tg.wait_message(MANAGER["id"], "Специализация?", since=seen)
    tg.send_text(MANAGER, skill)  # typed, not one of the suggestions
    link = await tg.wait_message(MANAGER["id"], "Ссылка-приглашение в команду", since=seen)
    code = link["text"].split("start=")[1].split()[0]
    tg.send_text(who, f"/start {code}")
    await tg.wait_message(who["id"], f"вы в команде агентства как «{skill}»")


async def assign(
    tg: FakeTelegram, who: dict, brief: str, due: str, *, file: str = "", expect: str = "оручена"
) -> dict:
    menu = await open_stage(tg, "Сайт", "Макеты")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, menu, button_data(menu, "Поручить специалисту"))
    choose = await tg.wait_message(MANAGER["id"], "Кому поручить", since=seen)
    tg.press(MANAGER, choose, button_data(choose, who["first_name"]))
    await tg.wait_message(MANAGER["id"], "Опишите, что нужно сделать", since=seen)
    tg.send_text(MANAGER, brief)
    noted = await tg.wait_message(MANAGER["id"], "файлов: 0", since=seen)
    if file:
        tg.send_document(MANAGER, file, "бриф.pdf")
        noted = await tg.wait_message(MANAGER["id"], "файлов: 1", since=seen)
    tg.press(MANAGER, noted, button_data(noted, "Дальше"))
    await tg.wait_message(MANAGER["id"], "К какому дню?", since=seen)
    tg.send_text(MANAGER, due)
    return await tg.wait_message(MANAGER["id"], expect, since=seen)


async def test_two_specialists_one_returned_one_late_and_refusals(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 07.12.2026\nВёрстка — 10 дней")
    await add_by_id(tg, DESIGNER, "дизайнер")
    await tg.wait_message(DESIGNER["id"], "Вас добавили в команду агентства")
    await add_by_link(tg, WRITER, "копирайтер")

    # the designer's task: due after the stage's deadline, which the AM confirms
    late = await assign(
        tg, DESIGNER, "Три варианта главной", "15.12.2026", file="file-brief",
        expect="позже срока этапа",
    )  # fmt: skip
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, late, button_data(late, "Да, позже срока этапа"))
    await tg.wait_message(MANAGER["id"], "Задача поручена: Дина", since=seen)
    given = await tg.wait_message(DESIGNER["id"], "Новая задача")
    assert "Три варианта главной" in given["text"] and "15 декабря 2026" in given["text"]
    await tg.wait_for(
        lambda: [c for c in tg.calls_of("sendDocument")
                 if c.chat_id == DESIGNER["id"] and c.params.get("document") == "file-brief"],
        10, "the AM's file to the designer",
    )  # fmt: skip
    await assign(tg, WRITER, "Тексты для главной", "03.12.2026")
    await tg.wait_message(WRITER["id"], "Тексты для главной")

    # progress, then the result: an album, a link and a note
    tg.press(DESIGNER, given, button_data(given, "Открыть задачу"))
    card = await tg.wait_message(DESIGNER["id"], "готово 0%")
    assert "₽" not in card["text"] and CLIENT["first_name"] not in card["text"]
    tg.press(DESIGNER, card, button_data(card, "50%"))
    await tg.wait_message(MANAGER["id"], "Дина: «Макеты» (Сайт) — готово 50%")
    tg.press(DESIGNER, card, button_data(card, "50%"))  # pressed twice: the AM hears once
    tg.press(DESIGNER, card, button_data(card, "Сдать результат"))
    await tg.wait_message(DESIGNER["id"], "Результат по «Макеты»")
    tg.album(DESIGNER, ["shot-1", "shot-2"])
    await tg.wait_message(DESIGNER["id"], "Файлов: 2")
    tg.send_text(DESIGNER, "https://figma.com/file/abc главная и каталог")
    collected = await tg.wait_message(DESIGNER["id"], "ссылка: https://figma.com/file/abc")
    tg.press(DESIGNER, collected, button_data(collected, "Отправить менеджеру"))
    await tg.wait_for(lambda: alerts(tg, "Результат отправлен менеджеру"), 10, "handed in")
    handed = await tg.wait_message(MANAGER["id"], "Дина сдал(а) результат")
    assert "попытка 1" in handed["text"] and "главная и каталог" in handed["text"]
    album = [m for m in tg.sent_to(MANAGER["id"]) if m.get("media_group_id")]
    assert [m["photo"][0]["file_id"] for m in album] == ["shot-1", "shot-2"]

    told = [m for m in tg.sent_to(MANAGER["id"]) if "готово 50%" in (m.get("text") or "")]
    assert len(told) == 1

    # returned once, with a comment
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, handed, button_data(handed, "Вернуть на доработку"))
    await tg.wait_message(MANAGER["id"], "Что доработать?", since=seen)
    tg.send_text(MANAGER, "Логотип крупнее")
    await tg.wait_message(MANAGER["id"], "Возвращено на доработку, исполнитель — Дина", since=seen)
    returned = await tg.wait_message(DESIGNER["id"], "вернул задачу «Макеты»")
    assert "Логотип крупнее" in returned["text"]
    tg.press(MANAGER, handed, button_data(handed, "Отправить клиенту"))  # stale: refused
    await tg.wait_for(lambda: alerts(tg, "Результата на решении нет"), 10, "stale press")

    # handed in again, after its due date
    async with running.app.db.transaction() as conn:
        await conn.execute(
            "UPDATE stage_tasks SET due_on = '2026-11-25' WHERE specialist_id = ?",
            (DESIGNER["id"],),
        )
    tg.press(DESIGNER, returned, button_data(returned, "Открыть задачу"))
    card = await tg.wait_message(DESIGNER["id"], "Доработать: Логотип крупнее")
    tg.press(DESIGNER, card, button_data(card, "Сдать результат"))
    await tg.wait_message(
        DESIGNER["id"], "Результат по «Макеты»", since=len(tg.sent_to(DESIGNER["id"])) - 1
    )
    tg.send_document(DESIGNER, "file-v2", "главная.pdf")
    collected = await tg.wait_message(DESIGNER["id"], "Файлов: 1")
    tg.press(DESIGNER, collected, button_data(collected, "Отправить менеджеру"))
    handed = await tg.wait_message(MANAGER["id"], "попытка 2")
    assert "с опозданием" in handed["text"]
    tg.press(MANAGER, handed, button_data(handed, "Отправить клиенту"))
    await tg.wait_for(lambda: alerts(tg, "Отправлено клиенту на согласование"), 10, "sent")
    await tg.wait_message(CLIENT["id"], "На согласование: «Макеты», v1")
    await tg.wait_message(DESIGNER["id"], "принят и отправлен клиенту на согласование (v1)")
    assert not [m for m in tg.sent_to(CLIENT["id"]) if "Дина" in (m.get("text") or "")]

    # the copywriter tries what is not theirs
    seen = len(tg.sent_to(WRITER["id"]))
    for command in ("/invoices", "/projects", "/status", "/team", "/invoice"):
        tg.send_text(WRITER, command)
    await running.settled()
    refusals = [m["text"] for m in tg.sent_to(WRITER["id"])[seen:]]
    assert refusals == ["Эта команда вам недоступна. Ваши задачи — /tasks, справка — /help."] * 5
    tg.press(WRITER, given, button_data(given, "Открыть задачу"))  # the designer's task
    stage_menu = await open_stage(tg, "Сайт", "Макеты")
    for forged in ("Поручить специалисту", "Завершить", "На согласование"):
        tg.press(WRITER, stage_menu, button_data(stage_menu, forged))
    project_card = next(
        m for m in reversed(tg.sent_to(MANAGER["id"])) if "Менеджер: Олег" in (m.get("text") or "")
    )
    for forged in ("График этапов", "Выставить счёт", "Завершить проект"):
        tg.press(WRITER, project_card, button_data(project_card, forged))
    await running.settled()
    refused = [c.params.get("text") for c in tg.calls_of("answerCallbackQuery")
               if c.params.get("callback_query_id") and c.params.get("show_alert")]  # fmt: skip
    assert refused.count("У вас нет прав на это действие.") >= 2  # a task, the timeline
    assert refused.count("Эта кнопка не для вас или уже не действует.") >= 5
    assert len(tg.sent_to(WRITER["id"])) == seen + 5  # nothing shown but the refusals
    [[stage_status]] = await running.app.db.conn.execute_fetchall(
        "SELECT status FROM project_stages WHERE title = 'Макеты'"
    )
    assert stage_status != "done"
    [[project_status, invoices]] = await running.app.db.conn.execute_fetchall(
        "SELECT status, (SELECT COUNT(*) FROM invoices) FROM projects"
    )
    assert (project_status, invoices) == ("active", 0)

    # the copywriter's task, as if given a week ago: due today, then overdue (the AM),
    # then past two working days (the heads)
    async with running.app.db.transaction() as conn:
        await conn.execute(
            "UPDATE stage_tasks SET due_on = '2026-11-27', due_set_at = '2026-11-20 09:00:00'"
            " WHERE specialist_id = ?",
            (WRITER["id"],),
        )
    await run_planners(running.app)
    await tg.wait_message(WRITER["id"], "Сегодня срок задачи «Макеты»")
    async with running.app.db.transaction() as conn:
        await conn.execute(
            "UPDATE stage_tasks SET due_on = '2026-11-24' WHERE specialist_id = ?",
            (WRITER["id"],),
        )
    await run_planners(running.app)
    overdue = await tg.wait_message(MANAGER["id"], "Просрочена задача «Макеты»")
    assert "Кира" in overdue["text"]
    await tg.wait_message(HEAD["id"], "Эскалация: задача «Макеты»")

    # who does what, on the project card; the heads' /stats per specialist
    card = await open_stage(tg, "Сайт", "Макеты")
    project_card = [
        m for m in tg.sent_to(MANAGER["id"]) if "Кто что делает" in (m.get("text") or "")
    ]
    assert card and "Кира (копирайтер): 🔴 просрочено" in project_card[-1]["text"]
    tg.send_text(HEAD, "/stats")
    stats = await tg.wait_message(HEAD["id"], "Команда</b> (в работе")
    assert "Кира — копирайтер: 1 · 1 · 0" in stats["text"]
    assert "Дина — дизайнер: 0 · 0 · 1" in stats["text"]


async def test_a_task_cancelled_mid_hand_in_ends_the_specialists_step(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 07.12.2026")
    await add_by_id(tg, DESIGNER, "дизайнер")
    await assign(tg, DESIGNER, "Главная", "04.12.2026")
    given = await tg.wait_message(DESIGNER["id"], "Новая задача")
    tg.press(DESIGNER, given, button_data(given, "Открыть задачу"))
    card = await tg.wait_message(DESIGNER["id"], "готово 0%")
    tg.press(DESIGNER, card, button_data(card, "Сдать результат"))
    await tg.wait_message(DESIGNER["id"], "Результат по «Макеты»")
    # meanwhile the AM takes the task back
    menu = await open_stage(tg, "Сайт", "Макеты")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, menu, button_data(menu, "👷 Дина"))
    task_card = await tg.wait_message(MANAGER["id"], "Исполнитель: Дина", since=seen)
    tg.press(MANAGER, task_card, button_data(task_card, "Отменить задачу"))
    await tg.wait_message(DESIGNER["id"], "Задача «Макеты» (Сайт) отменена")
    seen = len(tg.sent_to(DESIGNER["id"]))
    tg.send_text(DESIGNER, "https://figma.com/file/x")
    await tg.wait_message(DESIGNER["id"], "Задача уже закрыта", since=seen)
    tg.send_text(DESIGNER, "и ещё файл")
    await running.settled()
    later = [m["text"] for m in tg.sent_to(DESIGNER["id"])[seen:]]
    assert later.count("Задача уже закрыта.") == 1  # the step ended: not refused again
    [[result]] = await running.app.db.conn.execute_fetchall("SELECT result_link FROM stage_tasks")
    assert result is None


@pytest.fixture
async def served(tmp_path: Path, telegram: FakeTelegram):
    settings = make_settings(tmp_path, telegram, http_listen="127.0.0.1:0", public_base_url=BASE)
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    yield runner
    await runner.stop()


async def test_a_specialists_calendar_follows_their_due_date(served: RunningBot):
    tg = served.telegram
    await invite_client(served)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 07.12.2026")
    await add_by_id(tg, DESIGNER, "дизайнер")
    await assign(tg, DESIGNER, "Главная", "04.12.2026")
    given = await tg.wait_message(DESIGNER["id"], "Новая задача")
    path = await subscribe(tg, DESIGNER)
    status, _, body = await read(served, path)
    [(uid, (day, summary))] = events(body).items()
    assert status == 200 and day.isoformat() == "2026-12-04"
    assert summary == "Срок задачи «Макеты» — Сайт · Ромашка"
    # the AM's feed has it too, with who does it
    am_events = events((await read(served, await subscribe(tg, MANAGER)))[2])
    assert am_events[uid][1] == "Срок задачи «Макеты» (Дина) — Сайт · Ромашка"
    # the AM moves the due date (the stage's menu, the task's card): the same event, another day
    menu = await open_stage(tg, "Сайт", "Макеты")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, menu, button_data(menu, "👷 Дина · до 4 декабря"))
    task_card = await tg.wait_message(MANAGER["id"], "Исполнитель: Дина (дизайнер)", since=seen)
    tg.press(MANAGER, task_card, button_data(task_card, "Перенести срок"))
    await tg.wait_message(MANAGER["id"], "Новый срок задачи", since=seen)
    tg.send_text(MANAGER, "03.12.2026")
    await tg.wait_message(MANAGER["id"], "— 3 декабря 2026", since=seen)
    _, _, body = await read(served, path)
    assert {u: d.isoformat() for u, (d, _) in events(body).items()} == {uid: "2026-12-03"}
    # handed in: it leaves the feed
    tg.press(DESIGNER, given, button_data(given, "Открыть задачу"))
    card = await tg.wait_message(DESIGNER["id"], "готово 0%")
    tg.press(DESIGNER, card, button_data(card, "Сдать результат"))
    await tg.wait_message(DESIGNER["id"], "Результат по «Макеты»")
    tg.send_text(DESIGNER, "Готово: https://figma.com/file/x")
    collected = await tg.wait_message(DESIGNER["id"], "ссылка:")
    tg.press(DESIGNER, collected, button_data(collected, "Отправить менеджеру"))
    await tg.wait_message(MANAGER["id"], "Дина сдал(а) результат")
    _, _, body = await read(served, path)
    assert events(body) == {}
