"""End to end over the fake Bot API: invites, access requests, language, roles."""

from __future__ import annotations

import re
from pathlib import Path

from services.accounts.people import Role
from tests.conftest import CLIENT, HEAD, MANAGER, STRANGER, RunningBot, make_settings
from tests.fakes.telegram import BOT_USERNAME, Call, FakeTelegram, Fault, button_data
from tests.journeys import invite_client, make_manager


async def test_invite_link_attaches_client_and_tells_manager(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.send_text(MANAGER, "/invite ООО <Ромашка>")
    invite = await tg.wait_message(MANAGER["id"], "Ссылка-приглашение")
    assert "ООО &lt;Ромашка&gt;" in invite["text"]  # user text escaped, HTML kept valid
    link = re.search(rf"https://t.me/{BOT_USERNAME}\?start=([\w-]+)", invite["text"])
    assert link is not None

    tg.send_text(CLIENT, f"/start {link.group(1)}")
    welcome = await tg.wait_message(CLIENT["id"], "вы подключены к компании")
    assert "Олег" in welcome["text"]
    joined = await tg.wait_message(MANAGER["id"], "подключился новый контакт")
    assert "Анна" in joined["text"] and "@anna_client" in joined["text"]

    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.role is Role.CLIENT

    # single use: a second person cannot reuse the link
    tg.send_text(STRANGER, f"/start {link.group(1)}")
    refused = await tg.wait_message(STRANGER["id"], "already been used")
    assert button_data(refused, "Request access")
    # a garbage code gets the polite explanation too
    tg.send_text(STRANGER, "/start nonsense")
    await tg.wait_message(STRANGER["id"], "was not found")


async def test_stranger_requests_access_and_manager_accepts(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.send_text(MANAGER, "/invite Acme")
    await tg.wait_message(MANAGER["id"], "Ссылка-приглашение")

    tg.send_text(STRANGER, "/start")
    hello = await tg.wait_message(STRANGER["id"], "invite link")
    request_button = button_data(hello, "Request access")
    tg.press(STRANGER, hello, request_button)
    await tg.wait_message(STRANGER["id"], "Request sent")
    tg.press(STRANGER, hello, request_button)  # pressed twice
    await tg.wait_message(STRANGER["id"], "already waiting")

    alert = await tg.wait_message(MANAGER["id"], "Запрос доступа: Пётр")
    await tg.wait_message(HEAD["id"], "Запрос доступа: Пётр")
    tg.press(MANAGER, alert, button_data(alert, "Подключить"))
    choose = await tg.wait_message(MANAGER["id"], "К какой компании")
    tg.press(MANAGER, choose, button_data(choose, "Acme"))
    await tg.wait_message(MANAGER["id"], "подключён(а) к компании «Acme»")
    await tg.wait_message(STRANGER["id"], "Access granted")

    # the head's copy of the alert is now stale: the first decision won
    head_alert = await tg.wait_message(HEAD["id"], "Запрос доступа: Пётр")
    tg.press(HEAD, head_alert, button_data(head_alert, "Отклонить"))
    answer = await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("answerCallbackQuery")
            if "Уже решено" in str(c.params.get("text"))
        ],
        what="already decided answer",
    )
    assert "Олег" in answer[0].params["text"]
    person = await running.app.people.get(STRANGER["id"])
    assert person is not None and person.role is Role.CLIENT


async def test_language_switch_changes_texts_and_menu(running: RunningBot) -> None:
    tg = running.telegram
    tg.send_text(CLIENT, "/language")
    choice = await tg.wait_message(CLIENT["id"], "Выберите язык")
    tg.press(CLIENT, choice, button_data(choice, "English"))
    await tg.wait_message(CLIENT["id"], "Language: English")
    tg.send_text(CLIENT, "/start")
    await tg.wait_message(CLIENT["id"], "To begin you need an invite link")
    menus = await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("setMyCommands")
            if c.params.get("scope", {}).get("chat_id") == CLIENT["id"]
            and c.params["commands"][0]["description"] == "Start"
        ],
        what="English menu for the client",
    )
    assert menus


async def test_client_cannot_press_staff_buttons(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.send_text(STRANGER, "/start")
    hello = await tg.wait_message(STRANGER["id"], "invite link")
    tg.press(STRANGER, hello, button_data(hello, "Request access"))
    alert = await tg.wait_message(MANAGER["id"], "Запрос доступа")
    # the stranger crafts the staff's "accept" button for their own request
    tg.press(STRANGER, hello, button_data(alert, "Подключить"))
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("answerCallbackQuery")
            if "not for you" in str(c.params.get("text"))
        ],
        what="refusal",
    )
    refusals = await running.app.dp["audit_log"].entries("access.refused")
    assert refusals and refusals[0]["actor_id"] == STRANGER["id"]


def menu_for(running: RunningBot, chat_id: int) -> list[str] | None:
    calls = [
        c
        for c in running.telegram.calls_of("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == chat_id
    ]
    return [cmd["command"] for cmd in calls[-1].params["commands"]] if calls else None


async def test_menus_follow_roles(running: RunningBot) -> None:
    tg = running.telegram

    def default_languages() -> set[str | None]:
        return {
            c.params.get("language_code")
            for c in tg.calls_of("setMyCommands")
            if c.params["scope"]["type"] == "default"
        }

    # set by the menus job's first run, right after the start
    await tg.wait_for(lambda: default_languages() == {None, "en"}, what="default menus")
    tg.send_text(MANAGER, "/start")  # still a stranger
    await tg.wait_message(MANAGER["id"], "ссылка-приглашение")
    await tg.wait_for(lambda: menu_for(running, MANAGER["id"]), what="stranger menu")
    assert "invite" not in menu_for(running, MANAGER["id"])
    await make_manager(running)
    await tg.wait_for(
        lambda: "invite" in (menu_for(running, MANAGER["id"]) or []), what="manager menu"
    )
    await tg.wait_for(lambda: "managers" in (menu_for(running, HEAD["id"]) or []), what="head menu")


async def test_another_link_and_removing_a_manager(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.send_text(MANAGER, "/invite Ромашка")
    first = await tg.wait_message(MANAGER["id"], "Ссылка-приглашение")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.press(MANAGER, first, button_data(first, "Ещё одна ссылка"))
    second = await tg.wait_message(MANAGER["id"], "Ссылка-приглашение", since=seen)
    assert second["text"].split("start=")[1] != first["text"].split("start=")[1]

    tg.send_text(HEAD, "/managers")
    listing = await tg.wait_message(HEAD["id"], "Аккаунт-менеджеры:")
    tg.press(HEAD, listing, button_data(listing, "Убрать: Олег"))
    confirm = await tg.wait_message(HEAD["id"], "Убрать Олег")
    tg.press(HEAD, confirm, button_data(confirm, "Да, убрать"))
    done = await tg.wait_message(HEAD["id"], "больше не аккаунт-менеджер")
    assert "1 компания осталась без менеджера" in done["text"]
    await tg.wait_message(MANAGER["id"], "доступ аккаунт-менеджера отключён")
    # the former AM's old buttons no longer work
    tg.press(MANAGER, first, button_data(first, "Ещё одна ссылка"))
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("answerCallbackQuery")
            if "не для вас" in str(c.params.get("text"))
        ],
        what="refusal for the former manager",
    )


async def test_cancel_leaves_the_flow_and_no_companies_is_explained(running: RunningBot):
    tg = running.telegram
    await make_manager(running)
    tg.send_text(HEAD, "/managers")
    listing = await tg.wait_message(HEAD["id"], "Аккаунт-менеджеры:")
    tg.press(HEAD, listing, button_data(listing, "Добавить"))
    await tg.wait_message(HEAD["id"], "Telegram id")
    tg.send_text(HEAD, "/cancel")
    await tg.wait_message(HEAD["id"], "Действие отменено")
    seen = len(tg.sent_to(HEAD["id"]))
    tg.send_text(HEAD, "12345")  # no longer waiting for an id
    await tg.wait_message(HEAD["id"], "не понял", since=seen)

    tg.send_text(STRANGER, "/start")
    hello = await tg.wait_message(STRANGER["id"], "invite link")
    tg.press(STRANGER, hello, button_data(hello, "Request access"))
    alert = await tg.wait_message(MANAGER["id"], "Запрос доступа")
    tg.press(MANAGER, alert, button_data(alert, "Подключить"))
    await tg.wait_for(
        lambda: [
            c
            for c in tg.calls_of("answerCallbackQuery")
            if "Компаний пока нет" in str(c.params.get("text"))
        ],
        what="no companies hint",
    )


async def test_timezone_is_set_per_person(running: RunningBot) -> None:
    tg = running.telegram
    tg.send_text(CLIENT, "/timezone Mars/Olympus")
    await tg.wait_message(CLIENT["id"], "Не знаю такой часовой пояс")
    tg.send_text(CLIENT, "/timezone Asia/Yekaterinburg")
    await tg.wait_message(CLIENT["id"], "Часовой пояс: Asia/Yekaterinburg")
    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.timezone == "Asia/Yekaterinburg"


async def test_the_bot_answers_only_in_private_and_leaves_groups(running: RunningBot) -> None:
    tg = running.telegram
    await invite_client(running)
    group = {"id": -100500, "type": "group", "title": "Ромашка и агентство"}
    tg.send_text(CLIENT, "/status", chat=group)
    tg.add_bot_to_group(CLIENT, group)
    notice = await tg.wait_message(group["id"], "только в личных сообщениях")
    assert f"@{BOT_USERNAME}" in notice["text"]
    await tg.wait_for(lambda: tg.calls_of("leaveChat"), 5, "the bot leaves the group")
    assert tg.calls_of("leaveChat")[0].params["chat_id"] == group["id"]

    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_text(CLIENT, "/status")  # in private the same command is answered
    await tg.wait_for(lambda: len(tg.sent_to(CLIENT["id"])) > seen, 10, "a private answer")
    assert [m["text"] for m in tg.sent_to(group["id"])] == [notice["text"]]


async def test_default_menus_that_failed_at_start_are_set_by_the_next_menus_run(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    telegram.faults.append(Fault("setMyCommands", 500, times=1))
    runner = RunningBot(make_settings(tmp_path, telegram), telegram)
    await runner.start()
    try:

        def defaults() -> list[Call]:
            return [
                c
                for c in telegram.calls_of("setMyCommands")
                if c.params["scope"]["type"] == "default"
            ]

        # One refused, then both languages set by a later run of the menus job.
        await telegram.wait_for(lambda: len(defaults()) >= 3, 20, "default menus retried")
        succeeded = defaults()[1:]
        assert {c.params.get("language_code") for c in succeeded} == {None, "en"}
        assert "start" in [cmd["command"] for cmd in succeeded[0].params["commands"]]
    finally:
        await runner.stop()
