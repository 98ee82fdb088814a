"""Magic filters run on the event loop (handlers/filters.Inline), with the same answers."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

from aiogram import F, Router
from aiogram.types import Chat, Message, User

from bot.app import build_application
from handlers.filters import TYPED, Inline
from tests.conftest import make_settings


def _message(text: str, chat_type: str = "private") -> Message:
    return Message(
        message_id=1,
        date=datetime(2026, 11, 28, tzinfo=UTC),
        chat=Chat(id=5, type=chat_type),
        from_user=User(id=5, is_bot=False, first_name="Анна"),
        text=text,
    )


async def test_an_inline_magic_filter_answers_the_same_without_a_thread():
    private, status = Inline(F.chat.type == "private"), Inline(F.text.startswith("/st"))
    with mock.patch("asyncio.to_thread", side_effect=AssertionError("a thread hop")):
        assert await status(_message("/status"))
        assert not await status(_message("привет"))
        assert await private(_message("привет"))
        assert not await private(_message("привет", "group"))
        assert await TYPED(_message("привет")) and not await TYPED(_message("/cancel"))


def test_every_handler_of_the_bot_filters_on_the_event_loop(tmp_path, telegram):
    """A bare magic filter given to `register` would run in a worker thread again. Read
    through aiogram's public `handlers` and `filters` of each observer."""
    app = build_application(make_settings(tmp_path, telegram))
    routers: list[Router] = [app.dp]
    filters = []
    while routers:
        router = routers.pop()
        routers.extend(router.sub_routers)
        for observer in router.observers.values():
            for handler in observer.handlers:
                filters.extend(handler.filters or ())
    assert len(filters) > 50
    assert [item.callback for item in filters if not item.awaitable] == []
