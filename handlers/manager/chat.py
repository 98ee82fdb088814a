"""The AM answers clients (reply button, Telegram reply, canned replies), keeps notes,
reads the history, sets working hours and a deputy while away."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected, text_or_file_expected
from handlers.common.media import media_of
from handlers.filters import NOT_COMMAND, TYPED, TYPED_RULE, Inline
from handlers.manager.companies import ask_company
from handlers.state_data import Away, ClientTarget, CompanyTarget, recall, remember
from services.accounts.availability import Absences
from services.accounts.companies import Companies
from services.accounts.people import People, Person, Role
from services.accounts.working_hours import WorkingHours
from services.conversation.canned import CannedReplies
from services.conversation.chat import Chat
from services.platform.clock import from_db
from services.platform.errors import NotFound
from services.platform.parsing import parse_date
from views import keyboards
from views.callbacks import (
    CannedAddCb,
    CannedDeleteCb,
    ChatCannedCb,
    ChatCompanyAction,
    ChatCompanyCb,
    ChatReplyCb,
    DeputyCb,
)
from views.forms import shorten
from views.texts import answer_long, format_day, format_moment, say


class ChatForms(StatesGroup):
    reply = State()
    note = State()
    canned = State()
    away_until = State()


async def start_reply(
    query: CallbackQuery, callback_data: ChatReplyCb, state: FSMContext, i18n: I18nContext
) -> None:
    await state.set_state(ChatForms.reply)
    await remember(state, ClientTarget, {"client": callback_data.client})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("chat-reply-prompt"))


async def send_reply(
    message: Message, person: Person, chat: Chat, state: FSMContext, i18n: I18nContext
) -> None:
    client_id = (await recall(state, ClientTarget))["client"]
    await chat.reply(person, client_id, message.text or message.caption or "", media_of(message))
    await state.clear()
    await message.answer(i18n.get("chat-reply-sent"))


async def reply_by_quote(message: Message, person: Person, chat: Chat, i18n: I18nContext) -> None:
    """The AM used Telegram's reply on a relayed client message."""
    quoted = message.reply_to_message
    assert quoted is not None
    client_id = await chat.reply_target(person, quoted.message_id)
    if client_id is None:
        await message.answer(i18n.get("unknown-input"))
        return
    await chat.reply(person, client_id, message.text or message.caption or "", media_of(message))
    await message.answer(i18n.get("chat-reply-sent"))


async def canned(
    query: CallbackQuery,
    callback_data: ChatCannedCb,
    person: Person,
    chat: Chat,
    canned_replies: CannedReplies,
    i18n: I18nContext,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.canned:
        text = await canned_replies.text(person, callback_data.canned)
        await chat.reply(person, callback_data.client, text, None)
        await query.answer(i18n.get("chat-reply-sent"), show_alert=True)
        return
    replies = await canned_replies.of(person)
    await query.answer()
    if message is None:
        return
    if not replies:
        await message.answer(i18n.get("chat-canned-empty"))
        return
    await message.answer(
        i18n.get("chat-canned-pick"),
        reply_markup=keyboards.canned_pick(callback_data.client, replies),
    )


async def list_canned(
    message: Message, person: Person, canned_replies: CannedReplies, i18n: I18nContext
) -> None:
    replies = await canned_replies.of(person)
    await message.answer(
        i18n.get("chat-canned-list"), reply_markup=keyboards.canned_list(i18n.get, replies)
    )


async def add_canned(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(ChatForms.canned)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("chat-canned-prompt"))


async def save_canned(
    message: Message,
    person: Person,
    canned_replies: CannedReplies,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    await canned_replies.add(person, message.text or "")
    await state.clear()
    await message.answer(i18n.get("chat-canned-saved"))


async def delete_canned(
    query: CallbackQuery,
    callback_data: CannedDeleteCb,
    person: Person,
    canned_replies: CannedReplies,
    i18n: I18nContext,
) -> None:
    await canned_replies.delete(person, callback_data.id)
    await query.answer(i18n.get("chat-canned-deleted"), show_alert=True)


async def choose_company(
    message: Message,
    person: Person,
    companies: Companies,
    i18n: I18nContext,
    action: ChatCompanyAction,
) -> None:
    await ask_company(
        message,
        person,
        companies,
        i18n,
        "chat-choose-company",
        lambda company_id: ChatCompanyCb(company=company_id, action=action),
    )


async def history_command(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await choose_company(message, person, companies, i18n, ChatCompanyAction.HISTORY)


async def note_command(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await choose_company(message, person, companies, i18n, ChatCompanyAction.NOTE)


async def company_chosen(
    query: CallbackQuery,
    callback_data: ChatCompanyCb,
    person: Person,
    chat: Chat,
    companies: Companies,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    company = await companies.get(person, callback_data.company)
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.action is ChatCompanyAction.NOTE:
        await state.set_state(ChatForms.note)
        await remember(state, CompanyTarget, {"company": company.id})
        await query.message.answer(say(i18n.get, "chat-note-prompt", company=company.name))
        return
    text = await history_text(person, chat, company.id, i18n, default_timezone)
    await answer_long(query.message, text)


async def history_text(
    person: Person,
    chat: Chat,
    company_id: int,
    i18n: I18nContext,
    default_timezone: str,
    limit: int = 20,
    *,
    in_topic: bool = False,
) -> str:
    """A company's last messages and the staff's notes on it."""
    zone = person.timezone or default_timezone
    name = await chat.company_name(company_id)
    lines = [say(i18n.get, "chat-history-header", company=name)]
    messages = await chat.history(person, company_id, limit, in_topic=in_topic)
    for item in messages:
        text = item.text or (item.file or {}).get("name") or "📎"
        lines.append(
            say(
                i18n.get,
                f"chat-history-{item.direction}",
                at=format_moment(from_db(item.at), zone, i18n.locale),
                author=item.author_name,
                text=shorten(text, 300),
            )
        )
    if not messages:
        lines.append(i18n.get("chat-history-empty"))
    notes = await chat.notes(person, company_id, in_topic=in_topic)
    if notes:
        lines.append("")
        lines.append(i18n.get("chat-notes-header"))
        for note in notes:
            lines.append(
                say(
                    i18n.get,
                    "chat-note-line",
                    at=format_moment(from_db(note.at), zone, i18n.locale),
                    author=note.author_name,
                    text=shorten(note.text, 500),
                )
            )
    return "\n".join(lines)


async def save_note(
    message: Message, person: Person, chat: Chat, state: FSMContext, i18n: I18nContext
) -> None:
    company_id = (await recall(state, CompanyTarget))["company"]
    await chat.add_note(person, company_id, message.text or "")
    await state.clear()
    await message.answer(i18n.get("chat-note-saved"))


async def away(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(ChatForms.away_until)
    await message.answer(i18n.get("chat-away-until"))


async def away_until(
    message: Message,
    person: Person,
    people: People,
    absences: Absences,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    until = parse_date(message.text or "", absences.db.clock.now().date())
    deputies = [
        p
        for p in await people.with_role(Role.MANAGER, Role.HEAD)
        if p.telegram_id != person.telegram_id
    ]
    if not deputies:
        await state.clear()
        await message.answer(i18n.get("chat-no-deputies"))
        return
    await remember(state, Away, {"until": until})
    await message.answer(i18n.get("chat-away-deputy"), reply_markup=keyboards.deputies(deputies))


async def deputy_chosen(
    query: CallbackQuery,
    callback_data: DeputyCb,
    person: Person,
    people: People,
    absences: Absences,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    try:
        until = (await recall(state, Away))["until"]
    except NotFound:
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    await absences.set_away(person, until, callback_data.id)
    deputy = await people.get(callback_data.id)
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            say(
                i18n.get,
                "chat-away-set",
                until=format_day(until, i18n.locale),
                deputy=deputy.display_name if deputy else "—",
            )
        )


async def back(message: Message, person: Person, absences: Absences, i18n: I18nContext) -> None:
    await absences.clear_away(person)
    await message.answer(i18n.get("chat-away-cleared"))


async def hours(
    message: Message,
    command: CommandObject,
    person: Person,
    working_hours: WorkingHours,
    i18n: I18nContext,
) -> None:
    if command.args:
        schedule = await working_hours.set_hours(person, command.args)
        key = "chat-hours-set"
    else:
        schedule = await working_hours.of(person)
        key = "chat-hours-current"
    await message.answer(
        say(
            i18n.get,
            key,
            start=schedule.start.strftime("%H:%M"),
            end=schedule.end.strftime("%H:%M"),
            timezone=schedule.timezone,
            holidays=schedule.calendar.country or "none",
        )
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(start_reply, ChatReplyCb.filter())
    router.callback_query.register(canned, ChatCannedCb.filter())
    router.callback_query.register(add_canned, CannedAddCb.filter())
    router.callback_query.register(delete_canned, CannedDeleteCb.filter())
    router.callback_query.register(company_chosen, ChatCompanyCb.filter())
    router.callback_query.register(deputy_chosen, DeputyCb.filter())
    router.message.register(history_command, Command("history"))
    router.message.register(note_command, Command("note"))
    router.message.register(list_canned, Command("canned"))
    router.message.register(away, Command("away"))
    router.message.register(back, Command("back"))
    router.message.register(hours, Command("hours"))
    router.message.register(
        send_reply,
        StateFilter(ChatForms.reply),
        Inline(TYPED_RULE | F.photo | F.document | F.voice | F.video | F.audio),
    )
    router.message.register(save_note, StateFilter(ChatForms.note), TYPED)
    router.message.register(save_canned, StateFilter(ChatForms.canned), TYPED)
    router.message.register(away_until, StateFilter(ChatForms.away_until), TYPED)
    router.message.register(text_or_file_expected, StateFilter(ChatForms.reply), NOT_COMMAND)
    for state in ChatForms.__all_states__:
        router.message.register(text_expected, StateFilter(state), NOT_COMMAND)
    router.message.register(
        reply_by_quote, StateFilter(None), Inline(F.reply_to_message.from_user.is_bot)
    )
    return router
