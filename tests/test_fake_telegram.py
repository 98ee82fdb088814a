"""The fake Bot API refuses what it does not know, so a test cannot pass on a call the
fake never checked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
)

from tests.conftest import TOKEN
from tests.fakes.telegram import BOT_ID, FakeTelegram

pytestmark = pytest.mark.no_database


async def test_a_method_the_fake_lacks_is_refused_by_name():
    fake = FakeTelegram(TOKEN)
    await fake.start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    try:
        with pytest.raises(TelegramNotFound, match="getChatMenuButton"):
            await bot.get_chat_menu_button(42)
        assert await bot.set_my_commands([]) is True  # one it knows
    finally:
        await bot.session.close()
        await fake.stop()
    assert fake.unknown_methods == ["getChatMenuButton"]


@pytest.fixture
async def forum_bot() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    try:
        yield fake, bot
    finally:
        await bot.session.close()
        await fake.stop()


GROUP = -100_500


async def test_the_fake_keeps_forum_topics_as_telegram_does(forum_bot):
    fake, bot = forum_bot
    fake.make_forum(GROUP, "Агентство: клиенты")
    chat = await bot.get_chat(GROUP)
    assert chat.is_forum and chat.type == "supergroup"
    me = await bot.get_chat_member(GROUP, BOT_ID)
    assert me.status == "administrator" and me.can_manage_topics
    topic = await bot.create_forum_topic(GROUP, "Ромашка · ⏳ · ОП")
    sent = await bot.send_message(GROUP, "Привет", message_thread_id=topic.message_thread_id)
    assert sent.message_thread_id == topic.message_thread_id
    assert [m["text"] for m in fake.in_topic(GROUP, topic.message_thread_id)] == ["Привет"]
    await bot.edit_forum_topic(GROUP, topic.message_thread_id, name="Ромашка · ✅ · ОП")
    assert fake.forums[GROUP].topics[topic.message_thread_id].name == "Ромашка · ✅ · ОП"
    await bot.close_forum_topic(GROUP, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="TOPIC_CLOSED"):
        await bot.send_message(GROUP, "в закрытую", message_thread_id=topic.message_thread_id)
    await bot.reopen_forum_topic(GROUP, topic.message_thread_id)
    await bot.send_message(GROUP, "снова", message_thread_id=topic.message_thread_id)
    fake.delete_topic(GROUP, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(GROUP, "в удалённую", message_thread_id=topic.message_thread_id)
    copied = await bot.copy_message(GROUP, GROUP, sent.message_id)
    assert fake.messages[(GROUP, copied.message_id)]["text"] == "Привет"


async def test_the_fake_refuses_a_bot_without_rights_and_follows_an_upgraded_group(forum_bot):
    fake, bot = forum_bot
    fake.make_forum(GROUP, "Без прав", can_manage_topics=False)
    assert not (await bot.get_chat_member(GROUP, BOT_ID)).can_manage_topics
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.create_forum_topic(GROUP, "Ромашка")
    fake.forums[GROUP].migrated_to = GROUP - 1
    with pytest.raises(TelegramMigrateToChat) as moved:
        await bot.send_message(GROUP, "куда?")
    assert moved.value.migrate_to_chat_id == GROUP - 1


async def test_the_fake_enforces_a_groups_twenty_a_minute(forum_bot):
    fake, bot = forum_bot
    fake.make_forum(GROUP, "Агентство")
    fake.group_limit_per_minute = 20
    topic = await bot.create_forum_topic(GROUP, "Ромашка")  # a creation counts
    for n in range(19):
        await bot.send_message(GROUP, f"сообщение {n}", message_thread_id=topic.message_thread_id)
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.edit_forum_topic(GROUP, topic.message_thread_id, name="Ромашка ✅")
    assert 1 <= refused.value.retry_after <= 61
    await bot.send_message(42, "в личку")  # a private chat is not the group's minute
