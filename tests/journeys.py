"""Steps many end-to-end tests start from: a manager appointed, a client invited."""

from __future__ import annotations

from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot
from tests.fakes.telegram import button_data


async def make_manager(running: RunningBot) -> None:
    tg = running.telegram
    tg.send_text(HEAD, "/start")
    await tg.wait_message(HEAD["id"], "руководитель")
    tg.send_text(MANAGER, "/start")
    tg.send_text(HEAD, "/managers")
    listing = await tg.wait_message(HEAD["id"], "менеджеров пока нет")
    tg.press(HEAD, listing, button_data(listing, "Добавить"))
    await tg.wait_message(HEAD["id"], "Telegram id")
    tg.send_text(HEAD, str(MANAGER["id"]))
    await tg.wait_message(HEAD["id"], "теперь аккаунт-менеджер")


async def invite_client(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.send_text(MANAGER, "/invite Ромашка")
    invite = await tg.wait_message(MANAGER["id"], "Ссылка-приглашение")
    code = invite["text"].split("start=")[1].split()[0]
    tg.send_text(CLIENT, f"/start {code}")
    await tg.wait_message(MANAGER["id"], "подключился новый контакт")
