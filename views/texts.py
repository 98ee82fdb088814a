"""Rendering texts: every argument a user could have typed is escaped for HTML."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup, Message
from babel import Locale
from babel.dates import format_date, format_datetime

from services.platform.errors import DomainError
from services.platform.parsing import Money

MESSAGE_LIMIT = 4096

Translate = Callable[..., str]


class Html(str):
    """Text already rendered as safe HTML by our own templates; not escaped again."""

    __slots__ = ()


def escape_args(args: dict[str, Any]) -> dict[str, Any]:
    return {
        k: html.escape(v, quote=False) if isinstance(v, str) and not isinstance(v, Html) else v
        for k, v in args.items()
    }


# Fluent refuses a placeable longer than 2,500 characters (its guard against expansion
# attacks); a client's long message is put into the rendered text afterwards instead.
LONG_ARG = 2000


def say(translate: Translate, key: str, /, **args: Any) -> str:
    return say_plain(translate, key, **escape_args(args))


def say_plain(translate: Translate, key: str, /, **args: Any) -> str:
    """A text for a picture or a PDF, where nothing is HTML."""
    escaped = dict(args)
    long_values: dict[str, str] = {}
    for name, value in escaped.items():
        if isinstance(value, str) and len(value) > LONG_ARG:
            marker = f"\ufff9{len(long_values)}\ufffb"
            long_values[marker] = value
            escaped[name] = marker
    text = translate(key, **escaped)
    for marker, value in long_values.items():
        text = text.replace(marker, value)
    return text


@lru_cache(maxsize=8)
def babel_locale(language: str) -> Locale:
    # Babel parses the locale name on every call it is given a string; a /status of four
    # projects formatted a dozen dates.
    return Locale.parse(language)


def refusal_text(translate: Translate, language: str, problem: DomainError) -> str:
    """What a person reads when the domain says no; an amount in the refusal is written
    in their language (the service only knows the Money)."""
    args = {
        name: value.format(language) if isinstance(value, Money) else value
        for name, value in problem.args_for_text.items()
    }
    return say(translate, problem.key, **args)


def format_moment(moment: datetime, timezone: str, language: str) -> str:
    return format_datetime(
        moment, "d MMMM y, HH:mm", tzinfo=ZoneInfo(timezone), locale=babel_locale(language)
    )


@lru_cache(maxsize=4096)
def format_day(day: date, language: str, *, with_year: bool = True) -> str:
    """«7 декабря 2026»: deadlines and due dates repeat across answers, so each is
    formatted once."""
    return format_date(day, "d MMMM y" if with_year else "d MMMM", locale=babel_locale(language))


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> Iterator[str]:
    """Cut a long text into Telegram-sized parts, preferring line breaks."""
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        yield text[:cut]
        text = text[cut:].lstrip("\n")
    if text:
        yield text


async def answer_long(
    target: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send a text of any length; the buttons go under its last part."""
    parts = list(split_message(text))
    for index, part in enumerate(parts):
        await target.answer(part, reply_markup=reply_markup if index == len(parts) - 1 else None)
