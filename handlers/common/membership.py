"""Telegram tells the bot when someone blocks or unblocks it (groups: handlers/manager/inbox.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from handlers.filters import Inline
from services.accounts.people import People

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


async def blocked(event: ChatMemberUpdated, people: People) -> None:
    await people.blocked_bot(event.from_user.id)


async def unblocked(event: ChatMemberUpdated, people: People) -> None:
    user = event.from_user
    await people.touch(user.id, user.full_name, user.username, user.language_code)


def create_router() -> Router:
    router = Router(name=__name__)
    private = Inline(F.chat.type == ChatType.PRIVATE)
    router.my_chat_member.register(
        blocked, private, ChatMemberUpdatedFilter(member_status_changed=KICKED)
    )
    router.my_chat_member.register(
        unblocked, private, ChatMemberUpdatedFilter(member_status_changed=MEMBER)
    )
    return router
