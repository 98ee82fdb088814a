"""The staff inbox in a forum group: a head links it, staff answer clients in each
company's topic, and the bot keeps watch over who is in the group and what it may do.

Only group chats reach the group router (and reactions and edits, from anywhere): the
private-chat routers never see a group's messages, so nothing of a client's is ever
answered into a group by a private-chat flow.
"""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import (
    JOIN_TRANSITION,
    LEAVE_TRANSITION,
    ChatMemberUpdatedFilter,
    Command,
    CommandObject,
    StateFilter,
)
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberUpdated,
    InlineKeyboardMarkup,
    Message,
    MessageReactionUpdated,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReactionTypePaid,
)
from aiogram_i18n import I18nContext

from handlers.common.media import html_of, relayed_of
from handlers.filters import NOT_COMMAND, Inline
from handlers.manager import chat as staff_chat
from services.accounts.people import STAFF, People, Person, Role
from services.conversation.canned import CannedReplies
from services.conversation.chat import Chat, Original, ReplyOutcome
from services.conversation.inbox import NOTE_PREFIX, GroupRights, StaffGroup, StaffInbox
from services.delivery.notices import GroupProblem
from services.platform.errors import NotAllowed
from views import inbox as views
from views import keyboards
from views.callbacks import (
    CompanyAction,
    CompanyCb,
    InboxCardCb,
    InboxScopeCb,
    InboxWhoCb,
)
from views.texts import answer_long, say

log = logging.getLogger(__name__)

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
# In a topic "//" starts a note, not a command.
NOT_COMMAND_OR_NOTE = Inline(~F.text.startswith("/") | F.text.startswith(NOTE_PREFIX))
# The mark a note gets: kept, and not sent to the client.
NOTED: list[ReactionTypeEmoji | ReactionTypeCustomEmoji | ReactionTypePaid] = [
    ReactionTypeEmoji(emoji="✍")
]
IN_GROUP = Inline(F.chat.type.in_(GROUPS))
# The rights the bot asks for when a head adds it with the startgroup link.
ASKED_RIGHTS = "manage_topics+pin_messages+delete_messages"


def _is_staff(person: Person | None) -> bool:
    return person is not None and person.role in STAFF


async def rights_in(bot: Bot, chat_id: int) -> GroupRights:
    chat = await bot.get_chat(chat_id)
    me = await bot.get_chat_member(chat_id, (await bot.me()).id)
    return rights_of(chat.type, chat.is_forum, me)


def rights_of(chat_type: str, is_forum: bool | None, me: ChatMember) -> GroupRights:
    """The bot's rights as Telegram describes its membership (getChatMember, or the
    my_chat_member update that changed it)."""
    admin = isinstance(me, ChatMemberAdministrator)
    return GroupRights(
        is_supergroup=chat_type == ChatType.SUPERGROUP,
        is_forum=bool(is_forum),
        is_admin=admin,
        can_manage_topics=admin and bool(getattr(me, "can_manage_topics", False)),
        can_pin_messages=admin and bool(getattr(me, "can_pin_messages", False)),
        can_delete_messages=admin and bool(getattr(me, "can_delete_messages", False)),
    )


# linking -----------------------------------------------------------------------------


async def inbox_private(message: Message, bot: Bot, person: Person, i18n: I18nContext) -> None:
    """/inbox in a head's private chat: the link that adds the bot to a group with the
    rights it needs."""
    if person.role is not Role.HEAD:
        await message.answer(i18n.get("inbox-heads-only"))
        return
    me = await bot.me()
    link = f"https://t.me/{me.username}?startgroup=inbox&admin={ASKED_RIGHTS}"
    await message.answer(
        i18n.get("inbox-how-to-link"), reply_markup=views.add_to_group(link, i18n.get)
    )


async def link_group(
    message: Message,
    bot: Bot,
    person: Person,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    """/inbox (or the startgroup link's /start inbox) sent in the group by a head."""
    if person.role is not Role.HEAD:
        await message.answer(i18n.get("inbox-heads-only"))
        return
    rights = await rights_in(bot, message.chat.id)
    if rights.missing:
        await message.answer(views.missing_text(rights.missing, i18n.get))
        return
    group = await staff_inbox.link(person, message.chat.id, message.chat.title or "", rights)
    text, markup = await _scope(group, staff_inbox, i18n)
    await message.answer(text, reply_markup=markup)


async def _scope(
    group: StaffGroup, staff_inbox: StaffInbox, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup]:
    """Which companies the group takes, with the heads' buttons to change it."""
    managers = await staff_inbox.managers()
    return (
        views.scope_text(group, managers, i18n.get),
        views.scope_keyboard(group, managers, i18n.get),
    )


async def start_in_group(
    message: Message,
    command: CommandObject,
    bot: Bot,
    person: Person,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    if (command.args or "").strip() == "inbox":
        await link_group(message, bot, person, staff_inbox, i18n)


async def scope_chosen(
    query: CallbackQuery,
    callback_data: InboxScopeCb,
    person: Person,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    if person.role is not Role.HEAD:
        await query.answer(i18n.get("inbox-heads-only"), show_alert=True)
        return
    group = await staff_inbox.set_scope(person, callback_data.chat, callback_data.manager or None)
    text, markup = await _scope(group, staff_inbox, i18n)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


# the bot's own place in the group --------------------------------------------------------


async def bot_joined(
    event: ChatMemberUpdated,
    bot: Bot,
    people: People,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    """Added to a group: staff are told how to make it the inbox; anyone else's group is
    left (briefs, invoices and client messages must never show there). Added back to a
    group that was the inbox: it is again, if its rights are right."""
    if await staff_inbox.group(event.chat.id) is not None:
        await bot_changed(event, staff_inbox)
        return
    me = await bot.me()
    adder = await people.get(event.from_user.id)
    with contextlib.suppress(TelegramAPIError):  # a group where it may not write
        if _is_staff(adder):
            await bot.send_message(event.chat.id, i18n.get("inbox-added"))
            return
        await bot.send_message(event.chat.id, i18n.get("group-not-supported", bot=me.username))
    await bot.leave_chat(event.chat.id)


async def bot_changed(event: ChatMemberUpdated, staff_inbox: StaffInbox) -> None:
    """The bot's status in a group changed: removed, demoted, promoted back."""
    if await staff_inbox.group(event.chat.id) is None:
        return
    member = event.new_chat_member
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.KICKED):
        await staff_inbox.lost(event.chat.id, GroupProblem.REMOVED)
        return
    rights = rights_of(event.chat.type, event.chat.is_forum, member)
    if rights.missing:
        problem = GroupProblem.NOT_FORUM if not rights.is_forum else GroupProblem.RIGHTS
        await staff_inbox.lost(event.chat.id, problem)
    else:
        await staff_inbox.regained(event.chat.id, rights)


async def member_joined(event: ChatMemberUpdated, staff_inbox: StaffInbox) -> None:
    """Someone joined a staff group: the heads hear of anyone who is not staff."""
    user = event.new_chat_member.user
    if user.is_bot:
        return
    await staff_inbox.stranger(event.chat.id, user.id, user.full_name, user.username)


async def members_added(message: Message, staff_inbox: StaffInbox) -> None:
    for user in message.new_chat_members or []:
        if not user.is_bot:
            await staff_inbox.stranger(message.chat.id, user.id, user.full_name, user.username)


async def group_moved(message: Message, staff_inbox: StaffInbox) -> None:
    if message.migrate_to_chat_id is not None:
        await staff_inbox.moved(message.chat.id, message.migrate_to_chat_id)


async def topic_closed(message: Message, staff_inbox: StaffInbox) -> None:
    if message.message_thread_id is not None:
        await staff_inbox.staff_closed(message.chat.id, message.message_thread_id, True)


async def topic_reopened(message: Message, staff_inbox: StaffInbox) -> None:
    if message.message_thread_id is not None:
        await staff_inbox.staff_closed(message.chat.id, message.message_thread_id, False)


# in a company's topic -------------------------------------------------------------------


async def _topic_company(message: Message, staff_inbox: StaffInbox) -> int | None:
    if not message.is_topic_message:
        return None
    return await staff_inbox.company_of_thread(message.chat.id, message.message_thread_id)


async def _refuse_stranger(message: Message, person: Person, staff_inbox: StaffInbox) -> bool:
    """A non-staff member's words reach no client; the heads hear of them once a day."""
    if _is_staff(person):
        return False
    user = message.from_user
    if user is not None and not user.is_bot:
        await staff_inbox.stranger(message.chat.id, user.id, user.full_name, user.username)
    return True


async def _staff_topic(message: Message, person: Person, staff_inbox: StaffInbox) -> int | None:
    """The company whose topic a staff member wrote in; None in the general chat, or for
    someone who is not staff (the heads hear of them)."""
    company_id = await _topic_company(message, staff_inbox)
    if company_id is None or await _refuse_stranger(message, person, staff_inbox):
        return None
    return company_id


async def staff_writes(
    message: Message,
    person: Person,
    chat: Chat,
    staff_inbox: StaffInbox,
    bot: Bot,
    i18n: I18nContext,
) -> None:
    """What staff write in a company's topic goes to the client (a note stays here)."""
    if message.from_user is None or message.from_user.is_bot:
        return
    company_id = await _staff_topic(message, person, staff_inbox)
    if company_id is None:
        return  # the group's general chatter, or a stranger
    quoted = message.reply_to_message
    reply_to = None
    if quoted is not None and quoted.message_id != message.message_thread_id:
        reply_to = quoted.message_id  # in a topic, a plain message "replies" to its start
    outcome = await chat.topic_reply(
        person,
        company_id,
        message.text or message.caption or "",
        relayed_of(message),
        Original(message.chat.id, message.message_id, html_of(message), message.media_group_id),
        reply_to,
    )
    if outcome is ReplyOutcome.NOTE:
        with contextlib.suppress(TelegramAPIError):
            await bot.set_message_reaction(message.chat.id, message.message_id, NOTED)
    elif outcome is ReplyOutcome.NO_CONTACT:
        await message.answer(i18n.get("inbox-no-contact"))


async def topic_history(
    message: Message,
    person: Person,
    chat: Chat,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    company_id = await _staff_topic(message, person, staff_inbox)
    if company_id is None:
        return
    text = await staff_chat.history_text(
        person, chat, company_id, i18n, default_timezone, 50, in_topic=True
    )
    await answer_long(message, text)


async def topic_note(
    message: Message,
    command: CommandObject,
    person: Person,
    chat: Chat,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    company_id = await _staff_topic(message, person, staff_inbox)
    if company_id is None:
        return
    if not (command.args or "").strip():
        await message.answer(i18n.get("inbox-note-usage"))
        return
    await chat.topic_note(person, company_id, command.args or "")
    await message.answer(i18n.get("chat-note-saved"))


async def topic_canned(
    message: Message,
    person: Person,
    chat: Chat,
    staff_inbox: StaffInbox,
    canned_replies: CannedReplies,
    i18n: I18nContext,
) -> None:
    company_id = await _staff_topic(message, person, staff_inbox)
    if company_id is None:
        return
    client = await chat.topic_contact(company_id)
    replies = await canned_replies.of(person)
    if client is None:
        await message.answer(i18n.get("inbox-no-contact"))
        return
    if not replies:
        await message.answer(i18n.get("chat-canned-empty"))
        return
    await message.answer(
        i18n.get("chat-canned-pick"), reply_markup=keyboards.canned_pick(client, replies)
    )


async def topic_away(
    message: Message,
    person: Person,
    staff_inbox: StaffInbox,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    if await _refuse_stranger(message, person, staff_inbox):
        return
    await staff_chat.away(message, state, i18n)


async def ignore(message: Message) -> None:
    """Anything else in a group: commands and chatter the bot has nothing to say to."""


# edits and reactions, both sides --------------------------------------------------------


async def edited(message: Message, person: Person, chat: Chat) -> None:
    if message.chat.type in GROUPS and not _is_staff(person):
        return
    await chat.edited(
        person,
        message.chat.id,
        message.message_id,
        message.text or message.caption or "",
        html_of(message),
    )


async def reacted(event: MessageReactionUpdated, person: Person, chat: Chat) -> None:
    if event.user is None:
        return
    emoji = tuple(r.emoji for r in event.new_reaction if isinstance(r, ReactionTypeEmoji))
    await chat.reacted(person, event.chat.id, event.message_id, emoji)


# the card's buttons ---------------------------------------------------------------------


async def refresh_card(
    query: CallbackQuery,
    callback_data: InboxCardCb,
    person: Person,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    if not _is_staff(person):
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    card = await staff_inbox.card(callback_data.company, before=0)  # no recall: it is above
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):  # unchanged: Telegram says so
            await query.message.edit_text(
                views.card_text(card, i18n.get, i18n.locale),
                reply_markup=views.card_keyboard(card, i18n.get),
            )


async def who(
    query: CallbackQuery,
    callback_data: InboxWhoCb,
    person: Person,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    if not _is_staff(person):
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    contact = await staff_inbox.contact(callback_data.client)
    await query.answer(
        say(i18n.get, "inbox-who", name=contact[0], username=contact[1] or "none"),
        show_alert=True,
    )


async def open_topic(
    query: CallbackQuery,
    callback_data: CompanyCb,
    person: Person,
    staff_inbox: StaffInbox,
    i18n: I18nContext,
) -> None:
    try:
        opened = await staff_inbox.open_topic(person, callback_data.id)
    except NotAllowed:
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    await query.answer(
        i18n.get("inbox-topic-opening" if opened else "inbox-no-group"), show_alert=True
    )


def create_private_router() -> Router:
    """/inbox and the company card's button, in a staff member's private chat."""
    router = Router(name=f"{__name__}.private")
    router.message.register(inbox_private, Command("inbox"))
    router.callback_query.register(open_topic, CompanyCb.filter(F.action == CompanyAction.TOPIC))
    return router


def create_router() -> Router:
    """Group chats, reactions and edits, before the private-chat routers."""
    router = Router(name=__name__)
    router.my_chat_member.register(
        bot_joined, IN_GROUP, ChatMemberUpdatedFilter(member_status_changed=JOIN_TRANSITION)
    )
    router.my_chat_member.register(bot_changed, IN_GROUP)
    router.chat_member.register(
        member_joined, IN_GROUP, ChatMemberUpdatedFilter(member_status_changed=JOIN_TRANSITION)
    )
    router.chat_member.register(
        ignore_member_left,
        IN_GROUP,
        ChatMemberUpdatedFilter(member_status_changed=LEAVE_TRANSITION),
    )
    router.callback_query.register(scope_chosen, InboxScopeCb.filter())
    router.callback_query.register(refresh_card, InboxCardCb.filter())
    router.callback_query.register(who, InboxWhoCb.filter())
    router.message_reaction.register(reacted)
    router.edited_message.register(edited)

    group = Router(name=f"{__name__}.group")
    group.message.filter(IN_GROUP)
    group.message.register(group_moved, Inline(F.migrate_to_chat_id))
    group.message.register(members_added, Inline(F.new_chat_members))
    group.message.register(topic_closed, Inline(F.forum_topic_closed))
    group.message.register(topic_reopened, Inline(F.forum_topic_reopened))
    group.message.register(link_group, Command("inbox"))
    group.message.register(start_in_group, Command("start"))
    group.message.register(topic_history, Command("history"))
    group.message.register(topic_note, Command("note"))
    group.message.register(topic_canned, Command("canned"))
    group.message.register(topic_away, Command("away"))
    group.message.register(
        staff_chat.away_until, StateFilter(staff_chat.ChatForms.away_until), NOT_COMMAND
    )
    group.message.register(staff_chat.back, Command("back"))
    # In any other state too: a form started from a button pressed in the group cannot be
    # finished there, and must not keep a staff member's answers from the client.
    group.message.register(staff_writes, NOT_COMMAND_OR_NOTE)
    group.message.register(ignore)
    router.include_router(group)
    return router


async def ignore_member_left(event: ChatMemberUpdated) -> None:
    """Someone left a staff group: nothing to do."""
