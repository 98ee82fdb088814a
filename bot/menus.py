"""The command menu (setMyCommands) per role and language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram_i18n.cores import FluentRuntimeCore

from services.accounts.people import LANGUAGES, People, Role

log = logging.getLogger(__name__)

# Bump when the lists below change: every menu is then set again at start-up.
MENU_VERSION = 11

_COMMANDS: dict[Role | None, tuple[str, ...]] = {
    None: ("start", "help", "language"),
    Role.CLIENT: (
        "status",
        "invoices",
        "brief",
        "briefs",
        "proposals",
        "documents",
        "calendar",
        "help",
        "timezone",
        "language",
        "cancel",
    ),
    Role.MANAGER: (
        "projects",
        "invoices",
        "invoice",
        "reconciliation",
        "newproject",
        "briefs",
        "proposal",
        "proposals",
        "invite",
        "companies",
        "document",
        "history",
        "note",
        "canned",
        "hours",
        "away",
        "back",
        "team",
        "calendar",
        "help",
        "timezone",
        "language",
        "cancel",
    ),
    Role.HEAD: (
        "projects",
        "invoices",
        "stats",
        "reconciliation",
        "briefs",
        "proposals",
        "proposal",
        "managers",
        "team",
        "companies",
        "invite",
        "templates",
        "threshold",
        "inbox",
        "history",
        "note",
        "calendar",
        "help",
        "timezone",
        "language",
        "cancel",
    ),
    Role.SPECIALIST: ("tasks", "calendar", "help", "timezone", "language", "cancel"),
}


def commands_for(core: FluentRuntimeCore, role: Role | None, language: str) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=core.get(f"cmd-{name}", language)[:256])
        for name in _COMMANDS[role]
    ]


async def set_default_menus(bot: Bot, core: FluentRuntimeCore, default_language: str) -> None:
    """What a stranger sees; the default language is the menu without a language code."""
    for language in LANGUAGES:
        await bot.set_my_commands(
            commands_for(core, None, language),
            scope=BotCommandScopeDefault(),
            language_code=None if language == default_language else language,
        )


async def refresh_stale_menus(bot: Bot, core: FluentRuntimeCore, people: People) -> int:
    """Set the menu of everyone whose role or language changed since it was last set."""
    refreshed = 0
    for person in await people.stale_menus():
        language = person.language or people.default_language
        try:
            await bot.set_my_commands(
                commands_for(core, person.role, language),
                scope=BotCommandScopeChat(chat_id=person.telegram_id),
            )
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as error:
            # Telegram did not answer: the menu stays stale and the next run sets it.
            log.warning("menu for %s not set yet: %s", person.telegram_id, error)
            continue
        except TelegramAPIError as error:
            # A chat Telegram refuses keeps its old menu; it is retried after the next change.
            log.warning("menu for %s not set: %s", person.telegram_id, error)
        await people.mark_menu(person.telegram_id, person.menu_signature(MENU_VERSION))
        refreshed += 1
    return refreshed
