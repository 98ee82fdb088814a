"""The outbox end to end: real bot, fake Bot API answering 429 and 403, restarts, SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from services.delivery import notices
from services.delivery.notices import ManagerRemoved
from tests import backends
from tests.conftest import CLIENT, HEAD, MANAGER, STRANGER, TOKEN, RunningBot
from tests.fakes.telegram import FakeTelegram, Fault, button_data
from tests.journeys import invite_client, make_manager
from tests.processes import bot_env, spawn_bot


async def test_429_pauses_and_the_message_arrives_once(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.faults.append(Fault("sendMessage", 429, chat_id=HEAD["id"], retry_after=1))
    tg.send_text(STRANGER, "/start")
    hello = await tg.wait_message(STRANGER["id"], "invite link")
    tg.press(STRANGER, hello, button_data(hello, "Request access"))
    await tg.wait_message(HEAD["id"], "Запрос доступа", within=8)
    await tg.wait_message(MANAGER["id"], "Запрос доступа")
    assert running.app.dispatcher.stats["retry_after"] == 1
    await running.settled()  # a duplicate would have been sent by now
    alerts = [m for m in tg.sent_to(HEAD["id"]) if "Запрос доступа" in m["text"]]
    assert len(alerts) == 1
    counts = await running.app.outbox.counts()
    assert counts.get("failed", 0) == 0 and counts.get("pending", 0) == 0


async def test_403_marks_client_unreachable_and_alerts_manager_once(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    tg.blocked.add(CLIENT["id"])
    # A head hands the company to themselves: the client is told, which hits the block.
    tg.send_text(HEAD, "/companies")
    listing = await tg.wait_message(HEAD["id"], "Компании клиентов")
    tg.press(HEAD, listing, button_data(listing, "Ромашка"))
    card = await tg.wait_message(HEAD["id"], "Менеджер: Олег")
    tg.press(HEAD, card, button_data(card, "Сменить менеджера"))
    choose = await tg.wait_message(HEAD["id"], "Кому передать")
    tg.press(HEAD, choose, button_data(choose, "Ирина"))
    await tg.wait_message(HEAD["id"], "передана менеджеру Ирина")
    # the client's manager is now the head: the head hears the client is unreachable
    await tg.wait_message(HEAD["id"], "заблокировал(а) бота")
    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.unreachable_at is not None
    alerts = [m for m in tg.sent_to(HEAD["id"]) if "заблокировал" in m["text"]]
    assert len(alerts) == 1
    # unblocking and /start makes the client reachable again
    tg.blocked.discard(CLIENT["id"])
    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_text(CLIENT, "/start")
    await tg.wait_message(CLIENT["id"], "Ромашка", since=seen)
    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.unreachable_at is None
    await tg.wait_message(HEAD["id"], "Анна (Ромашка) снова на связи")


async def test_blocking_the_bot_reaches_the_manager_at_once(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    tg.send_text(STRANGER, "/start")
    await tg.wait_message(STRANGER["id"], "invite link")
    head_messages = len(tg.sent_to(HEAD["id"]))

    tg.block_bot(CLIENT)
    tg.block_bot(STRANGER)  # nobody looks after a stranger: nobody is told
    alert = await tg.wait_message(MANAGER["id"], "Анна (Ромашка) заблокировал(а) бота")
    assert "Свяжитесь с клиентом другим способом" in alert["text"]
    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.unreachable_at is not None
    stranger = await running.app.people.get(STRANGER["id"])
    assert stranger is not None and stranger.unreachable_at is not None

    tg.block_bot(CLIENT)  # Telegram repeats itself: still one alert
    tg.unblock_bot(CLIENT)
    await tg.wait_message(MANAGER["id"], "Анна (Ромашка) снова на связи")
    alerts = [m for m in tg.sent_to(MANAGER["id"]) if "заблокировал" in m["text"]]
    assert len(alerts) == 1
    assert len(tg.sent_to(HEAD["id"])) == head_messages
    person = await running.app.people.get(CLIENT["id"])
    assert person is not None and person.unreachable_at is None


async def test_conversation_continues_after_restart(running: RunningBot) -> None:
    tg = running.telegram
    tg.send_text(HEAD, "/managers")
    listing = await tg.wait_message(HEAD["id"], "менеджеров пока нет")
    tg.press(HEAD, listing, button_data(listing, "Добавить"))
    await tg.wait_message(HEAD["id"], "Telegram id")
    tg.send_sticker(HEAD)  # wrong input: a clear hint, the step stays
    await tg.wait_message(HEAD["id"], "Нужен числовой Telegram id")

    await running.restart()

    tg.send_text(HEAD, str(MANAGER["id"]))
    await tg.wait_message(HEAD["id"], "теперь аккаунт-менеджер")
    person = await running.app.people.get(MANAGER["id"])
    assert person is not None and person.role == "manager"


async def test_rows_left_sending_at_a_crash_go_out_after_restart(running: RunningBot) -> None:
    tg = running.telegram
    await running.stop()
    db = running.settings.database()
    await db.open()
    removed = ManagerRemoved(HEAD["id"], 0)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (dedup_key, recipient_id, kind, args, subject, status, urgent,"
            " not_before, created_at) VALUES ('crash:1', ?, ?, ?, ?,"
            " 'sending', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            (HEAD["id"], removed.kind, notices.dump(removed), removed.subject),
        )
    await db.close()
    await running.start()
    await tg.wait_message(HEAD["id"], "доступ аккаунт-менеджера отключён")
    await running.settled()
    copies = [m for m in tg.sent_to(HEAD["id"]) if "отключён" in m["text"]]
    assert len(copies) == 1
    assert (await running.app.outbox.counts()).get("sent") == 1


async def test_sigterm_stops_cleanly_and_the_token_stays_out_of_logs(
    tmp_path: Path, telegram: FakeTelegram
):
    process = await spawn_bot(
        bot_env(tmp_path / "data" / "bot.sqlite3", telegram, LOG_LEVEL="DEBUG")
    )
    await telegram.wait_for(lambda: telegram.calls_of("setMyCommands"), 15, "bot start-up")
    telegram.send_text(HEAD, "/start")
    await telegram.wait_message(HEAD["id"], "руководитель", within=10)
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 20)
    log = output.decode()
    assert process.returncode == 0, log
    assert "stopped cleanly" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert backends.ON_POSTGRES or (tmp_path / "data" / "bot.sqlite3").exists()
