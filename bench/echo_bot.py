"""The bare aiogram bot bench/interactive.py measures ours against: it answers every
message with one line, nothing else. Same aiogram, same polling timeout as `python -m bot`.

    BOT_TOKEN=... TELEGRAM_API_BASE=http://127.0.0.1:PORT python bench/echo_bot.py
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

ANSWER = "Ваши проекты: эхо"


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(ANSWER)

    await dp.start_polling(bot, polling_timeout=30)


if __name__ == "__main__":
    asyncio.run(main())
