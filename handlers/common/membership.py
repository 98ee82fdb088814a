"""Telegram tells the bot when someone blocks or unblocks it, or adds it to a group."""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import JOIN_TRANSITION, KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated
from aiogram_i18n import I18nContext

from handlers.filters import Inline
from services.accounts.people import People

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


async def blocked(event: ChatMemberUpdated, people: People) -> None:
    await people.blocked_bot(event.from_user.id)


async def unblocked(event: ChatMemberUpdated, people: People) -> None:
    user = event.from_user
    await people.touch(user.id, user.full_name, user.username, user.language_code)


async def added_to_group(event: ChatMemberUpdated, bot: Bot, i18n: I18nContext) -> None:
    """Briefs, invoices and client messages must never show in a group: say where the bot
    works, then leave."""
    me = await bot.me()
    with contextlib.suppress(TelegramAPIError):  # a group where it may not write
        await bot.send_message(event.chat.id, i18n.get("group-not-supported", bot=me.username))
    await bot.leave_chat(event.chat.id)


def create_router() -> Router:
    router = Router(name=__name__)
    private = Inline(F.chat.type == ChatType.PRIVATE)
    router.my_chat_member.register(
        blocked, private, ChatMemberUpdatedFilter(member_status_changed=KICKED)
    )
    router.my_chat_member.register(
        unblocked, private, ChatMemberUpdatedFilter(member_status_changed=MEMBER)
    )
    router.my_chat_member.register(
        added_to_group,
        Inline(F.chat.type.in_(GROUPS)),
        ChatMemberUpdatedFilter(member_status_changed=JOIN_TRANSITION),
    )
    return router
