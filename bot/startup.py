"""Reaching Telegram at start. A network that is not there yet (the server booting, a
proxy restarting) is waited for, one log line per try; a token Telegram refuses ends the
start with one line and exit code 2. Either way, no traceback."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
RETRY_CAP_SECONDS = 60.0
EXIT_TOKEN_REJECTED = 2


class StartRefused(Exception):
    """Telegram refused what the start asks of it; said in one line."""


class TokenRejected(StartRefused):
    """Telegram does not know the bot token (401 or 404 from getMe)."""


async def reach_telegram(
    bot: Bot,
    api_base: str,
    stopping: asyncio.Event,
    prepare: Callable[[], Awaitable[object]],
    *,
    first_retry: float = FIRST_RETRY_SECONDS,
    cap: float = RETRY_CAP_SECONDS,
) -> bool:
    """getMe, then `prepare` (deleteWebhook to poll, setWebhook to be posted to), until
    both answer; True then, False if the bot was told to stop while it waited.
    TokenRejected when Telegram refuses the token."""
    delay = first_retry
    while True:
        try:
            me = await bot.get_me()
            await prepare()
        except (TelegramUnauthorizedError, TelegramNotFound) as error:
            raise TokenRejected(
                f"Telegram rejected the bot token (getMe: {error.message}); check BOT_TOKEN"
            ) from error
        except TelegramBadRequest as error:  # e.g. a WEBHOOK_URL Telegram will not use
            raise StartRefused(f"Telegram refused the start: {error.message}") from error
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as error:
            wait = max(delay, getattr(error, "retry_after", 0))
            log.warning(
                "cannot reach the Bot API at %s: %s; retrying in %.0f s",
                api_base,
                _reason(error),
                wait,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), wait)
            if stopping.is_set():
                return False
            delay = min(delay * 2, cap)
            continue
        log.info("connected to the Bot API as @%s", me.username)
        return True


def _reason(error: Exception) -> str:
    """The cause in a few words: aiogram's message carries the request's repr."""
    text = str(error).split("\n", 1)[0]
    return text.removeprefix("Telegram network error: ").strip() or type(error).__name__
