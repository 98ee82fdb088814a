"""The client decides on a version: approve it, ask for changes (words and files), or ask
the AM a question about it."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.client.chat import original_of
from handlers.common.fallback import text_or_file_expected
from handlers.common.media import media_of, relayed_of
from handlers.filters import NOT_COMMAND, TYPED_RULE, Inline
from handlers.state_data import SignOffChanges, SignOffQuestion, recall, remember
from services.accounts.people import Person
from services.conversation.chat import Chat
from services.platform.errors import NotFound
from services.work.sign_off import MAX_FILES, SignOff
from views import sign_off as views
from views.callbacks import SignOffAction, SignOffCb, SignOffChangesCb
from views.texts import say

FILES = F.photo | F.document | F.video | F.audio | F.voice | F.animation


class SignOffForms(StatesGroup):
    changes = State()
    question = State()


async def decide(
    query: CallbackQuery,
    callback_data: SignOffCb,
    person: Person,
    sign_off: SignOff,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    if callback_data.action is SignOffAction.APPROVE:
        approved = await sign_off.approve(person, callback_data.id)
        await query.answer(
            say(i18n.get, "signoff-thanks", version=approved.version or 0), show_alert=True
        )
        return
    if callback_data.action is SignOffAction.QUESTION:
        found = await sign_off.asking(person, callback_data.id)
        await state.set_state(SignOffForms.question)
        await remember(state, SignOffQuestion, {"id": found.id})
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(i18n.get("signoff-question-prompt"))
        return
    found = await sign_off.decidable(person, callback_data.id)
    await state.set_state(SignOffForms.changes)
    await remember(
        state,
        SignOffChanges,
        {"id": found.id, "text": "", "files": [], "album": None, "answer": None},
    )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            say(i18n.get, "signoff-changes-prompt", version=found.version or 0)
        )


async def changes_written(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    draft = await recall(state, SignOffChanges)
    words = message.text or message.caption or ""
    file = media_of(message)
    if file is not None and len(draft["files"]) >= MAX_FILES:
        await message.answer(say(i18n.get, "signoff-too-many-files", limit=MAX_FILES))
        return
    text = f"{draft['text']}\n{words}".strip() if words else draft["text"]
    files = [*draft["files"], file] if file is not None else draft["files"]
    album = message.media_group_id
    reply = say(i18n.get, "signoff-changes-so-far", files=len(files), text="yes" if text else "no")
    markup = views.changes_send(i18n.get, draft["id"])
    answer = draft["answer"]
    if album is not None and album == draft["album"] and answer:
        with contextlib.suppress(TelegramBadRequest):  # the album's first answer counts it
            await message.bot.edit_message_text(  # type: ignore[union-attr]
                text=reply, chat_id=message.chat.id, message_id=answer, reply_markup=markup
            )
    else:
        answer = (await message.answer(reply, reply_markup=markup)).message_id
    await remember(
        state,
        SignOffChanges,
        {"id": draft["id"], "text": text, "files": files, "album": album, "answer": answer},
    )


async def send_changes(
    query: CallbackQuery,
    callback_data: SignOffChangesCb,
    person: Person,
    sign_off: SignOff,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    try:
        draft = await recall(state, SignOffChanges)
    except NotFound:
        draft = None
    if draft is None or draft["id"] != callback_data.id:
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    changed = await sign_off.request_changes(person, draft["id"], draft["text"], draft["files"])
    await state.clear()
    await query.answer(
        say(i18n.get, "signoff-changes-sent", version=changed.version or 0), show_alert=True
    )
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


async def question(
    message: Message,
    person: Person,
    sign_off: SignOff,
    chat: Chat,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    target = await recall(state, SignOffQuestion)
    found = await sign_off.asking(person, target["id"])
    about = f"{found.stage_title} v{found.version or 0}"
    await chat.client_question(
        person,
        message.text or message.caption or "",
        relayed_of(message),
        ("deliverable", about),
        original_of(message),
    )
    await state.clear()
    await message.answer(i18n.get("signoff-question-sent"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(decide, SignOffCb.filter())
    router.callback_query.register(send_changes, SignOffChangesCb.filter())
    router.message.register(
        changes_written, StateFilter(SignOffForms.changes), Inline(TYPED_RULE | FILES)
    )
    router.message.register(
        question, StateFilter(SignOffForms.question), Inline(TYPED_RULE | FILES)
    )
    for form in SignOffForms.__all_states__:
        router.message.register(text_or_file_expected, StateFilter(form), NOT_COMMAND)
    return router
