"""The fake Bot API refuses what it does not know, so a test cannot pass on a call the
fake never checked."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNotFound

from tests.conftest import TOKEN
from tests.fakes.telegram import FakeTelegram


async def test_a_method_the_fake_lacks_is_refused_by_name():
    fake = FakeTelegram(TOKEN)
    await fake.start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    try:
        with pytest.raises(TelegramNotFound, match="getChat"):
            await bot.get_chat(42)
        assert await bot.set_my_commands([]) is True  # one it knows
    finally:
        await bot.session.close()
        await fake.stop()
    assert fake.unknown_methods == ["getChat"]
