"""Proposals end to end: the AM drafts, heads decide with buttons, the client answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from services.accounts.people import Role
from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram, button_data, user
from tests.journeys import BriefDriver, invite_client

SECOND_HEAD = user(1002, "Пётр Сергеевич", username="petr_head")


@pytest.fixture
async def running(tmp_path: Path, telegram: FakeTelegram) -> AsyncIterator[RunningBot]:
    from datetime import UTC, datetime

    settings = make_settings(tmp_path, telegram, head_ids=f"{HEAD['id']},{SECOND_HEAD['id']}")
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    telegram.send_text(SECOND_HEAD, "/start")
    await telegram.wait_message(SECOND_HEAD["id"], "руководитель")
    yield runner
    await runner.stop()


async def draft_proposal(tg: FakeTelegram, *, price: str = "1,2 млн") -> dict:
    am = BriefDriver(tg, MANAGER)
    tg.send_text(MANAGER, "/proposal")
    choose = await tg.wait_message(MANAGER["id"], "Для какой компании КП?")
    await am._after(lambda: tg.press(MANAGER, choose, button_data(choose, "Ромашка")))
    await am.text("Запуск второй очереди ЖК")
    await am.text("Медиаплан, креативы, digital-кампания, еженедельные отчёты")
    await am.text(price)
    await am.text("50% предоплата, 50% после запуска")
    await am.text("Декабрь — март")
    await am.text("2")  # revision rounds included
    step = await am.text("Аудит — 10 дней\nКреативы — 2 недели")
    assert "1. Аудит — 10 дней" in step["text"] and "2. Креативы — 14 дней" in step["text"]
    await am.text("Запуск — 01.03.2027")
    await am.press("Готово")
    return await am.press("Пропустить")  # no file: the summary


def answered(tg: FakeTelegram, fragment: str) -> list:
    return [c for c in tg.calls_of("answerCallbackQuery") if fragment in str(c.params.get("text"))]


async def test_draft_approve_accept_makes_a_project(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    summary = await draft_proposal(tg)
    assert "Проверьте КП для «Ромашка»" in summary["text"]
    assert "ниже порога" not in str(summary["reply_markup"])  # threshold 0: approval needed
    am = BriefDriver(tg, MANAGER)
    await am.press("На согласование", expect="отправлено на согласование")

    card = await tg.wait_message(HEAD["id"], "КП №1</b> · версия 1")
    second_card = await tg.wait_message(SECOND_HEAD["id"], "КП №1</b> · версия 1")
    assert (
        "Цена: 1\xa0200\xa0000,00\xa0₽" in card["text"]
        and "3. Запуск — 1 марта 2027" in card["text"]
    )
    assert "отправлено на согласование — Олег" in card["text"]
    tg.press(HEAD, card, button_data(card, "Одобрить"))
    await tg.wait_for(lambda: answered(tg, "Одобрено и отправлено клиенту"), 10, "approved")
    # every head's card now says who decided, with no buttons left
    await tg.wait_for(
        lambda: (
            "Решение: одобрено — Ирина"
            in tg.sent_to(SECOND_HEAD["id"])[second_card["message_id"] - 1]["text"]
        ),
        10,
        "second head's card edited",
    )
    assert not tg.sent_to(SECOND_HEAD["id"])[second_card["message_id"] - 1].get("reply_markup")
    await tg.wait_message(MANAGER["id"], "КП №1 одобрено (Ирина)")

    offer = await tg.wait_message(CLIENT["id"], "Коммерческое предложение: Запуск второй очереди")
    tg.press(CLIENT, offer, button_data(offer, "Принять"))
    await tg.wait_message(CLIENT["id"], "Предложение принято")
    await tg.wait_message(MANAGER["id"], "принял(а) КП №1")
    await tg.wait_message(HEAD["id"], "принял(а) КП №1")

    [[rounds]] = await running.app.db.conn.execute_fetchall(
        "SELECT revision_rounds FROM projects WHERE proposal_id = 1"
    )
    assert rounds == 2  # the proposal's revision rounds, for sign-off
    rows = await running.app.db.conn.execute_fetchall(
        "SELECT s.position, s.title, s.deadline FROM project_stages s"
        " JOIN projects p ON p.id = s.project_id WHERE p.proposal_id = 1 ORDER BY s.position"
    )
    start = date(2026, 11, 27)
    assert [tuple(r) for r in rows] == [
        (1, "Аудит", (start + timedelta(days=10)).isoformat()),
        (2, "Креативы", (start + timedelta(days=24)).isoformat()),
        (3, "Запуск", "2027-03-01"),
    ]
    # stale presses: the other head's old card, the client's second press
    tg.press(SECOND_HEAD, second_card, "pd:1:1:approve")
    await tg.wait_for(lambda: answered(tg, "Уже решено: Ирина"), 10, "already decided")
    tg.press(CLIENT, offer, "pc:1:accept")
    await tg.wait_for(lambda: answered(tg, "Уже решено: Анна"), 10, "client already decided")

    # /proposals: the same list for each who may see it
    for person in (MANAGER, HEAD, CLIENT):
        tg.send_text(person, "/proposals")
        listing = await tg.wait_message(person["id"], "Коммерческие предложения:")
        assert "№1 · Ромашка · Запуск второй очереди ЖК · принято" in listing["text"]


async def test_return_with_comment_then_version_two_is_approved(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await draft_proposal(tg)
    am = BriefDriver(tg, MANAGER)
    await am.press("На согласование", expect="отправлено на согласование")
    card = await tg.wait_message(HEAD["id"], "КП №1</b> · версия 1")
    tg.press(HEAD, card, button_data(card, "Вернуть"))
    await tg.wait_message(HEAD["id"], "Напишите комментарий")
    tg.send_sticker(HEAD)
    await tg.wait_message(HEAD["id"], "Здесь нужен текст")
    tg.send_text(HEAD, "Цена высокая, дайте вариант без digital")
    await tg.wait_message(HEAD["id"], "возвращено менеджеру")
    returned = await tg.wait_message(MANAGER["id"], "возвращено на доработку (Ирина)")
    assert "Цена высокая" in returned["text"]

    summary = await am._after(
        lambda: tg.press(MANAGER, returned, button_data(returned, "Доработать"))
    )
    assert "(версия 1)" not in summary["text"]
    await am.press("Цена")
    await am.text("900 000", expect="Проверьте КП")
    await am.press("На согласование", expect="версия 2")
    card2 = await tg.wait_message(HEAD["id"], "КП №1</b> · версия 2")
    assert "возвращено на доработку — Ирина: «Цена высокая" in card2["text"]
    assert "Цена: 900\xa0000,00\xa0₽" in card2["text"]
    # the old card's buttons no longer decide anything
    tg.press(SECOND_HEAD, card, "pd:1:1:approve")
    await tg.wait_for(lambda: answered(tg, "Уже решено: Ирина — возвращено"), 10, "stale v1")
    tg.press(SECOND_HEAD, card2, button_data(card2, "Одобрить"))
    await tg.wait_message(CLIENT["id"], "Цена: 900\xa0000,00\xa0₽")
    events = await running.app.proposals.history(1)
    assert [(e.version, e.action) for e in events] == [
        (1, "submitted"),
        (1, "returned"),
        (2, "resubmitted"),
        (2, "approved"),
        (2, "sent"),
    ]


async def test_two_heads_press_at_once_one_decision(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await draft_proposal(tg)
    await BriefDriver(tg, MANAGER).press("На согласование", expect="отправлено на согласование")
    card = await tg.wait_message(HEAD["id"], "КП №1</b>")
    second = await tg.wait_message(SECOND_HEAD["id"], "КП №1</b>")
    tg.press(HEAD, card, button_data(card, "Одобрить"))
    tg.press(SECOND_HEAD, second, button_data(second, "Одобрить"))
    await tg.wait_for(lambda: answered(tg, "Уже решено"), 10, "one of them refused")
    await tg.wait_for(lambda: answered(tg, "Одобрено и отправлено"), 10, "one approved")
    decisions = await running.app.db.conn.execute_fetchall(
        "SELECT actor_id FROM proposal_events WHERE action = 'approved'"
    )
    assert len(decisions) == 1
    await running.settled()
    offers = [m for m in tg.sent_to(CLIENT["id"]) if "Коммерческое предложение" in m["text"]]
    assert len(offers) == 1


async def test_client_and_manager_cannot_approve(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await draft_proposal(tg)
    await BriefDriver(tg, MANAGER).press("На согласование", expect="отправлено на согласование")
    card = await tg.wait_message(HEAD["id"], "КП №1</b>")
    approve = button_data(card, "Одобрить")
    tg.press(CLIENT, card, approve)
    tg.press(MANAGER, card, approve)
    await tg.wait_for(lambda: len(answered(tg, "не для вас")) == 2, 10, "both refused")
    refused = await running.app.dp["audit_log"].entries("access.refused")
    assert {r["actor_id"] for r in refused} == {CLIENT["id"], MANAGER["id"]}
    status = await running.app.db.conn.execute_fetchall("SELECT status FROM proposals")
    assert [r[0] for r in status] == ["pending"]


async def test_below_threshold_goes_straight_to_the_client(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    tg.send_text(HEAD, "/threshold 500 000")
    await tg.wait_message(HEAD["id"], "Порог согласования КП: 500\xa0000,00\xa0₽")
    summary = await draft_proposal(tg, price="300k")
    assert "ниже порога" in str(summary["reply_markup"])
    await BriefDriver(tg, MANAGER).press("Отправить клиенту", expect="без согласования")
    offer = await tg.wait_message(CLIENT["id"], "Коммерческое предложение")
    tg.press(CLIENT, offer, button_data(offer, "Отказаться"))
    await tg.wait_message(CLIENT["id"], "почему")
    tg.send_text(CLIENT, "Выбрали другое агентство")
    await tg.wait_message(CLIENT["id"], "Ответ передан менеджеру")
    declined = await tg.wait_message(MANAGER["id"], "отказался(-ась) от КП №1")
    assert "Выбрали другое агентство" in declined["text"]
    cards = [m for m in tg.sent_to(HEAD["id"]) if "КП №1</b>" in m["text"]]
    assert cards == []
    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.role is Role.CLIENT


async def test_client_discusses_and_the_manager_answers(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    tg.send_text(HEAD, "/threshold 2 млн")
    await tg.wait_message(HEAD["id"], "Порог согласования КП")
    await draft_proposal(tg)
    await BriefDriver(tg, MANAGER).press("Отправить клиенту", expect="без согласования")
    offer = await tg.wait_message(CLIENT["id"], "Коммерческое предложение")
    tg.press(CLIENT, offer, button_data(offer, "Обсудить"))
    await tg.wait_message(CLIENT["id"], "Напишите, что хотите обсудить")
    tg.send_text(CLIENT, "Можно ли разбить оплату на три части?")
    await tg.wait_message(CLIENT["id"], "Сообщение отправлено менеджеру")
    question = await tg.wait_message(MANAGER["id"], "Можно ли разбить оплату")
    assert "Анна</b> (Ромашка) · по КП №1" in question["text"]
    tg.press(MANAGER, question, button_data(question, "Ответить"))
    await tg.wait_message(MANAGER["id"], "Напишите ответ клиенту")
    tg.send_text(MANAGER, "Да, 40/30/30")
    await tg.wait_message(MANAGER["id"], "Ответ отправлен клиенту")
    reply = await tg.wait_message(CLIENT["id"], "Да, 40/30/30")
    assert "Олег</b>" in reply["text"]
    # the discussion is part of the conversation: it shows in the history
    tg.send_text(MANAGER, "/history")
    choose = await tg.wait_message(MANAGER["id"], "Какая компания?")
    tg.press(MANAGER, choose, button_data(choose, "Ромашка"))
    history = await tg.wait_message(MANAGER["id"], "Переписка с «Ромашка»")
    assert "Можно ли разбить оплату" in history["text"] and "Да, 40/30/30" in history["text"]
