"""Filling a draft question by question — the same conversation for briefs and proposals.

Each kind of form says where its drafts live (a FormService in the handler data), how
its summary is headed and which finishing buttons it has; the finishing presses
themselves (submit, send) belong to the kind's own router.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, Update
from aiogram_i18n import I18nContext

from handlers.filters import NOT_COMMAND, TYPED, Inline
from handlers.state_data import FormStep, recall, remember
from services.accounts.people import Person
from services.platform.errors import DomainError, NotFound
from services.questionnaires.forms import FileRef, FormDraft, FormService
from views.callbacks import (
    FormAnswerAction,
    FormAnswerCb,
    FormKind,
    FormSummaryAction,
    FormSummaryCb,
)
from views.forms import question_message, summary_message
from views.texts import Translate, answer_long, refusal_text, say


class FormFilling(StatesGroup):
    answering = State()


@dataclass(frozen=True)
class FormKindView:
    service_key: str  # the FormService's name in the handler data
    saved_key: str  # what to say on "Save and exit": how to come back
    summary_header: Callable[[FormDraft, Translate, str], str]
    finish_buttons: Callable[[FormDraft, Translate], list[tuple[str, FormSummaryAction]]]


KINDS: dict[FormKind, FormKindView] = {}


def register_kind(kind: FormKind, view: FormKindView) -> None:
    KINDS[kind] = view


def service_for(kind: FormKind, data: dict[str, Any]) -> FormService[Any]:
    service: FormService[Any] = data[KINDS[kind].service_key]
    return service


async def enter(state: FSMContext, kind: FormKind, draft: FormDraft) -> None:
    """Typed messages from now on answer this draft (until it is sent or left)."""
    await state.set_state(FormFilling.answering)
    await remember(state, FormStep, {"form": kind, "id": draft.id})


async def send_step(target: Message, kind: FormKind, draft: FormDraft, i18n: I18nContext) -> None:
    """Show where the draft stands: the current question, or the summary."""
    if draft.current_question is None:
        view = KINDS[kind]
        text, markup = summary_message(
            draft,
            kind,
            view.summary_header(draft, i18n.get, i18n.locale),
            view.finish_buttons(draft, i18n.get),
            i18n.get,
            i18n.locale,
        )
    else:
        text, markup = question_message(draft, kind, i18n.get, i18n.locale)
    await answer_long(target, text, markup)


async def resume(
    query: CallbackQuery,
    kind: FormKind,
    draft_id: int,
    person: Person,
    state: FSMContext,
    i18n: I18nContext,
    data: dict[str, Any],
    *,
    gone_key: str,
) -> None:
    """“Continue” on a draft: back to the question (or summary) where it stopped."""
    draft = await service_for(kind, data).open_draft(person, draft_id)
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if draft is None:
        await query.message.answer(i18n.get(gone_key))
        return
    await enter(state, kind, draft)
    await send_step(query.message, kind, draft, i18n)


async def close_summary(query: CallbackQuery, state: FSMContext, text: str) -> None:
    """The draft is sent or deleted: the conversation ends and its buttons go."""
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(text)


async def _drafting(
    state: FSMContext, person: Person, data: dict[str, Any]
) -> tuple[FormKind, FormService[Any], FormDraft] | None:
    try:
        step = await recall(state, FormStep)
    except NotFound:
        await state.clear()
        return None
    kind = step["form"]
    service = service_for(kind, data)
    draft = await service.open_draft(person, step["id"])
    if draft is None:
        await state.clear()
        return None
    return kind, service, draft


async def _question_on_screen(
    message: Message, person: Person, state: FSMContext, i18n: I18nContext, data: dict[str, Any]
) -> tuple[FormKind, FormService[Any], FormDraft] | None:
    """The draft waiting for an answer; None once the person is told why there is none."""
    found = await _drafting(state, person, data)
    if found is None:
        await message.answer(i18n.get("form-closed"))
        return None
    if found[2].current_question is None:
        await message.answer(i18n.get("form-use-summary-buttons"))
        return None
    return found


async def _accepted(
    message: Message,
    kind: FormKind,
    draft: FormDraft,
    i18n: I18nContext,
    change: Awaitable[FormDraft],
) -> FormDraft | None:
    """The draft after the answer, or None once the refusal and the same question are shown."""
    try:
        return await change
    except DomainError as problem:
        await message.answer(refusal_text(i18n.get, i18n.locale, problem))
        await send_step(message, kind, draft, i18n)
        return None


async def text_answer(
    message: Message, person: Person, state: FSMContext, i18n: I18nContext, **data: Any
) -> None:
    found = await _question_on_screen(message, person, state, i18n, data)
    if found is None:
        return
    kind, service, draft = found
    assert draft.current_question is not None
    change = service.answer_text(person, draft.id, draft.current_question, message.text or "")
    updated = await _accepted(message, kind, draft, i18n, change)
    if updated is not None:
        await send_step(message, kind, updated, i18n)


async def file_answer(
    message: Message, person: Person, state: FSMContext, i18n: I18nContext, **data: Any
) -> None:
    found = await _question_on_screen(message, person, state, i18n, data)
    if found is None:
        return
    kind, service, draft = found
    assert draft.current_question is not None
    if message.document is not None:
        document = message.document
        file = FileRef(
            document.file_id, document.file_unique_id, document.file_name or "document", "document"
        )
    else:
        assert message.photo
        photo = message.photo[-1]
        file = FileRef(photo.file_id, photo.file_unique_id, "photo.jpg", "photo")
    change = service.add_file(person, draft.id, draft.current_question, file)
    updated = await _accepted(message, kind, draft, i18n, change)
    if updated is not None:
        await message.answer(say(i18n.get, "form-file-saved", name=file.name))
        await send_step(message, kind, updated, i18n)


async def other_content(message: Message, i18n: I18nContext) -> None:
    """Stickers, voice notes, videos: a clear hint; nothing entered is lost."""
    await message.answer(i18n.get("form-text-expected"))


async def _draft_for_button(
    query: CallbackQuery,
    kind: FormKind,
    draft_id: int,
    person: Person,
    i18n: I18nContext,
    data: dict[str, Any],
) -> tuple[FormService[Any], FormDraft] | None:
    """The presser's own open draft, or a clear alert when the button is stale or not theirs."""
    service = service_for(kind, data)
    draft = await service.open_draft(person, draft_id)
    if draft is None:
        await query.answer(i18n.get("form-closed"), show_alert=True)
        return None
    return service, draft


async def leave(query: CallbackQuery, kind: FormKind, state: FSMContext, i18n: I18nContext) -> None:
    """Answers are already in the database; leaving only ends the conversation."""
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get(KINDS[kind].saved_key))


async def answer_button(
    query: CallbackQuery,
    callback_data: FormAnswerCb,
    person: Person,
    state: FSMContext,
    i18n: I18nContext,
    **data: Any,
) -> None:
    found = await _draft_for_button(query, callback_data.form, callback_data.id, person, i18n, data)
    if found is None:
        return
    service, draft = found
    questions = draft.template.questions
    if not 0 <= callback_data.q < len(questions):
        await query.answer(i18n.get("form-not-current"), show_alert=True)
        return
    question = questions[callback_data.q]
    action = callback_data.action
    if action is FormAnswerAction.EXIT:
        await leave(query, callback_data.form, state, i18n)
        return
    moves = {
        FormAnswerAction.DONE: service.done,
        FormAnswerAction.SKIP: service.skip,
        FormAnswerAction.BACK: service.back,
        FormAnswerAction.CLEAR: service.clear,
    }
    try:
        if action is FormAnswerAction.OPTION:
            if not 0 <= callback_data.option < len(question.options):
                raise DomainError("form-choose-from-buttons")
            option_id = question.options[callback_data.option].id
            updated = await service.choose(person, draft.id, question.id, option_id)
        elif action in (FormAnswerAction.YES, FormAnswerAction.NO):
            value = "yes" if action is FormAnswerAction.YES else "no"
            updated = await service.choose(person, draft.id, question.id, value)
        elif action in moves:
            updated = await moves[action](person, draft.id, question.id)
        else:
            updated = await service.to_summary(person, draft.id)
    except DomainError as problem:
        await query.answer(refusal_text(i18n.get, i18n.locale, problem)[:200], show_alert=True)
        if problem.key == "form-not-current" and isinstance(query.message, Message):
            await send_step(query.message, callback_data.form, draft, i18n)
        return
    await query.answer()
    await enter(state, callback_data.form, updated)
    if not isinstance(query.message, Message):
        return
    if updated.current_question == draft.current_question and updated.editing == draft.editing:
        # A ticked option or a cleared list: redraw the same question in place.
        text, markup = question_message(updated, callback_data.form, i18n.get, i18n.locale)
        await query.message.edit_text(text, reply_markup=markup)
        return
    await query.message.edit_reply_markup(reply_markup=None)
    await send_step(query.message, callback_data.form, updated, i18n)


async def summary_edit_or_leave(
    query: CallbackQuery,
    callback_data: FormSummaryCb,
    person: Person,
    state: FSMContext,
    i18n: I18nContext,
    **data: Any,
) -> None:
    found = await _draft_for_button(query, callback_data.form, callback_data.id, person, i18n, data)
    if found is None:
        return
    service, draft = found
    if callback_data.action is FormSummaryAction.EXIT:
        await leave(query, callback_data.form, state, i18n)
        return
    questions = draft.template.questions
    if not 0 <= callback_data.q < len(questions):
        await query.answer(i18n.get("form-not-current"), show_alert=True)
        return
    updated = await service.edit(person, draft.id, questions[callback_data.q].id)
    await enter(state, callback_data.form, updated)
    await query.answer()
    if isinstance(query.message, Message):
        await send_step(query.message, callback_data.form, updated, i18n)


def create_router() -> Router:
    """Registered without a role filter: every draft is checked against its owner."""
    router = Router(name=__name__)
    router.callback_query.register(answer_button, FormAnswerCb.filter())
    router.callback_query.register(
        summary_edit_or_leave,
        FormSummaryCb.filter(F.action.in_({FormSummaryAction.EDIT, FormSummaryAction.EXIT})),
    )
    router.message.register(text_answer, StateFilter(FormFilling.answering), TYPED)
    router.message.register(
        file_answer, StateFilter(FormFilling.answering), Inline(F.document | F.photo)
    )
    router.message.register(other_content, StateFilter(FormFilling.answering), NOT_COMMAND)
    return router


async def show_current_step(update: Update, data: dict[str, Any]) -> None:
    """After a crash between saving an answer and asking the next question: ask it now,
    so the next message answers the question the person saw."""
    state: FSMContext | None = data.get("state")
    person: Person | None = data.get("person")
    i18n: I18nContext | None = data.get("i18n")
    query = update.callback_query
    target = query.message if query is not None else update.message
    if query is not None:
        # The press was answered before the crash, or is too old to answer now.
        with contextlib.suppress(TelegramBadRequest):
            await query.answer()
    if state is None or person is None or i18n is None or not isinstance(target, Message):
        return
    if await state.get_state() != FormFilling.answering.state:
        return
    found = await _drafting(state, person, data)
    if found is not None:
        kind, _, draft = found
        await send_step(target, kind, draft, i18n)
