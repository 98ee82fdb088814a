"""Synchronous filters run inline on the event loop, with the same answers."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

from aiogram import F, Router
from aiogram.types import Chat, Message, User

from bot.app import build_application
from bot.routing import _filters, run_filters_inline
from tests.conftest import make_settings


def _message(text: str) -> Message:
    return Message(
        message_id=1,
        date=datetime(2026, 11, 28, tzinfo=UTC),
        chat=Chat(id=5, type="private"),
        from_user=User(id=5, is_bot=False, first_name="Анна"),
        text=text,
    )


async def test_a_magic_filter_answers_the_same_without_a_thread():
    router = Router()
    router.message.filter(F.chat.type == "private")

    @router.message(F.text.startswith("/st"))
    async def status(message: Message) -> None: ...

    assert run_filters_inline(router) == 2
    [own, handler_filter] = list(_filters(router))
    with mock.patch("asyncio.to_thread", side_effect=AssertionError("a thread hop")):
        assert await handler_filter.call(_message("/status"))
        assert not await handler_filter.call(_message("привет"))
        assert await own.call(_message("привет"))


def test_every_filter_of_the_bot_runs_inline(tmp_path, telegram):
    app = build_application(make_settings(tmp_path, telegram))
    filters = list(_filters(app.dp))
    assert len(filters) > 50
    assert all(item.awaitable for item in filters)
