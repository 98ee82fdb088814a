"""The client fills a brief: one question at a time, answers saved as they come."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from handlers.briefs_view import question_message, summary_message
from handlers.callbacks import (
    BriefAnswerAction,
    BriefAnswerCb,
    BriefReplyCb,
    BriefRestartCb,
    BriefResumeCb,
    BriefSummaryAction,
    BriefSummaryCb,
    FormTemplateCb,
)
from handlers.texts import say, split_message
from services.briefs import Brief, Briefs
from services.errors import DomainError
from services.form_templates import FormTemplate
from services.forms import FileRef
from services.people import Person


class BriefForm(StatesGroup):
    filling = State()


class BriefReply(StatesGroup):
    typing = State()


async def send_step(target: Message, brief: Brief, i18n: I18nContext) -> None:
    """Show where the draft stands: the current question, or the summary."""
    if brief.current_question is None:
        text, markup = summary_message(brief, i18n.get, i18n.locale)
    else:
        text, markup = question_message(brief, i18n.get, i18n.locale)
    parts = list(split_message(text))
    for index, part in enumerate(parts):
        await target.answer(part, reply_markup=markup if index == len(parts) - 1 else None)


async def _enter(state: FSMContext, brief: Brief) -> None:
    await state.set_state(BriefForm.filling)
    await state.set_data({"brief_id": brief.id})


def _templates_keyboard(templates: list[FormTemplate], language: str, replace: bool):
    builder = InlineKeyboardBuilder()
    for template in templates:
        builder.button(
            text=template.title.get(language),
            callback_data=FormTemplateCb(template=template.id, replace=replace),
        )
    builder.adjust(1)
    return builder.as_markup()


async def open_brief(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    draft = await briefs.draft_of(person)
    if draft is not None:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=i18n.get("btn-brief-continue"), callback_data=BriefResumeCb(id=draft.id)
        )
        builder.button(
            text=i18n.get("btn-brief-restart"), callback_data=BriefRestartCb(id=draft.id)
        )
        await message.answer(
            say(
                i18n.get,
                "brief-draft-exists",
                template=draft.template.title.get(i18n.locale),
                answered=len(draft.answered()),
                total=len(draft.visible()),
            ),
            reply_markup=builder.as_markup(),
        )
        return
    templates = await briefs.enabled_templates()
    if not templates:
        await message.answer(i18n.get("brief-no-templates"))
    elif len(templates) == 1:
        await _start(message, person, briefs, state, i18n, templates[0].id, replace=False)
    else:
        await message.answer(
            i18n.get("brief-choose-template"),
            reply_markup=_templates_keyboard(templates, i18n.locale, False),
        )


async def _start(
    message: Message,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
    template_id: str,
    *,
    replace: bool,
) -> None:
    brief = await briefs.start(person, template_id, replace=replace)
    await _enter(state, brief)
    await message.answer(
        say(
            i18n.get,
            "brief-intro",
            template=brief.template.title.get(i18n.locale),
            description=brief.template.description.get(i18n.locale),
            total=len(brief.visible()),
        )
    )
    await send_step(message, brief, i18n)


async def choose_template(
    query: CallbackQuery,
    callback_data: FormTemplateCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _start(
            query.message,
            person,
            briefs,
            state,
            i18n,
            callback_data.template,
            replace=callback_data.replace,
        )


async def resume(
    query: CallbackQuery,
    callback_data: BriefResumeCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    draft = await briefs.draft_of(person)
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if draft is None or draft.id != callback_data.id:
        await query.message.answer(i18n.get("brief-already-submitted"))
        return
    await _enter(state, draft)
    await send_step(query.message, draft, i18n)


async def restart(query: CallbackQuery, person: Person, briefs: Briefs, i18n: I18nContext) -> None:
    await query.answer()
    templates = await briefs.enabled_templates()
    if isinstance(query.message, Message):
        await query.message.answer(
            i18n.get("brief-choose-template"),
            reply_markup=_templates_keyboard(templates, i18n.locale, True),
        )


async def _current_draft(person: Person, briefs: Briefs, state: FSMContext) -> Brief | None:
    draft = await briefs.draft_of(person)
    if draft is None:
        await state.clear()
    return draft


async def text_answer(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    draft = await _current_draft(person, briefs, state)
    if draft is None:
        await message.answer(i18n.get("brief-already-submitted"))
        return
    if draft.current_question is None:
        await message.answer(i18n.get("form-use-summary-buttons"))
        return
    try:
        updated = await briefs.answer_text(
            person, draft.id, draft.current_question, message.text or ""
        )
    except DomainError as problem:
        await message.answer(say(i18n.get, problem.key, **problem.args_for_text))
        await send_step(message, draft, i18n)
        return
    await send_step(message, updated, i18n)


async def file_answer(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    draft = await _current_draft(person, briefs, state)
    if draft is None or draft.current_question is None:
        await message.answer(i18n.get("form-use-summary-buttons" if draft else "brief-not-found"))
        return
    if message.document is not None:
        file = FileRef(
            message.document.file_id,
            message.document.file_unique_id,
            message.document.file_name or "document",
            "document",
        )
    else:
        assert message.photo
        photo = message.photo[-1]
        file = FileRef(photo.file_id, photo.file_unique_id, "photo.jpg", "photo")
    try:
        updated = await briefs.add_file(person, draft.id, draft.current_question, file)
    except DomainError as problem:
        await message.answer(say(i18n.get, problem.key, **problem.args_for_text))
        await send_step(message, draft, i18n)
        return
    await message.answer(say(i18n.get, "form-file-saved", name=file.name))
    await send_step(message, updated, i18n)


async def other_content(message: Message, i18n: I18nContext) -> None:
    """Stickers, voice notes, videos: a clear hint; nothing entered is lost."""
    await message.answer(i18n.get("form-text-expected"))


async def _draft_for_button(
    query: CallbackQuery, person: Person, briefs: Briefs, brief_id: int, i18n: I18nContext
) -> Brief | None:
    """The presser's own open draft, or a clear alert when the button is stale."""
    draft = await briefs.draft_of(person)
    if draft is None or draft.id != brief_id:
        await query.answer(i18n.get("brief-already-submitted"), show_alert=True)
        return None
    return draft


async def _save_and_exit(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    """Answers are already in the database; leaving only ends the conversation."""
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("brief-saved"))


async def answer_button(
    query: CallbackQuery,
    callback_data: BriefAnswerCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    draft = await _draft_for_button(query, person, briefs, callback_data.id, i18n)
    if draft is None:
        return
    questions = draft.template.questions
    if not 0 <= callback_data.q < len(questions):
        await query.answer(i18n.get("form-not-current"), show_alert=True)
        return
    question = questions[callback_data.q]
    action = callback_data.action
    if action is BriefAnswerAction.EXIT:
        await _save_and_exit(query, state, i18n)
        return
    try:
        if action is BriefAnswerAction.OPTION:
            if not 0 <= callback_data.option < len(question.options):
                raise DomainError("form-choose-from-buttons")
            option_id = question.options[callback_data.option].id
            updated = await briefs.choose(person, draft.id, question.id, option_id)
        elif action in (BriefAnswerAction.YES, BriefAnswerAction.NO):
            value = "yes" if action is BriefAnswerAction.YES else "no"
            updated = await briefs.choose(person, draft.id, question.id, value)
        elif action is BriefAnswerAction.DONE:
            updated = await briefs.done(person, draft.id, question.id)
        elif action is BriefAnswerAction.SKIP:
            updated = await briefs.skip(person, draft.id, question.id)
        elif action is BriefAnswerAction.BACK:
            updated = await briefs.back(person, draft.id, question.id)
        else:
            updated = await briefs.to_summary(person, draft.id)
    except DomainError as problem:
        await query.answer(
            say(i18n.get, problem.key, **problem.args_for_text)[:200], show_alert=True
        )
        if problem.key == "form-not-current" and isinstance(query.message, Message):
            await send_step(query.message, draft, i18n)
        return
    await query.answer()
    await _enter(state, updated)
    if not isinstance(query.message, Message):
        return
    if updated.current_question == draft.current_question and updated.editing == draft.editing:
        # A ticked option: redraw the same question in place.
        text, markup = question_message(updated, i18n.get, i18n.locale)
        await query.message.edit_text(text, reply_markup=markup)
        return
    await query.message.edit_reply_markup(reply_markup=None)
    await send_step(query.message, updated, i18n)


async def summary_button(
    query: CallbackQuery,
    callback_data: BriefSummaryCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    draft = await _draft_for_button(query, person, briefs, callback_data.id, i18n)
    if draft is None:
        return
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.action is BriefSummaryAction.EXIT:
        await _save_and_exit(query, state, i18n)
        return
    try:
        if callback_data.action is BriefSummaryAction.EDIT:
            questions = draft.template.questions
            if not 0 <= callback_data.q < len(questions):
                raise DomainError("brief-not-found")
            updated = await briefs.edit(person, draft.id, questions[callback_data.q].id)
            await _enter(state, updated)
            await query.answer()
            if message:
                await send_step(message, updated, i18n)
            return
        submitted = await briefs.submit(person, draft.id)
    except DomainError as problem:
        await query.answer(
            say(i18n.get, problem.key, **problem.args_for_text)[:200], show_alert=True
        )
        refreshed = await briefs.draft_of(person)
        if message and refreshed:
            await _enter(state, refreshed)
            await send_step(message, refreshed, i18n)
        return
    await state.clear()
    await query.answer()
    if message:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(
            say(
                i18n.get,
                "brief-submitted",
                brief_id=submitted.id,
                manager=submitted.manager_name or "none",
            )
        )


async def list_own(message: Message, person: Person, briefs: Briefs, i18n: I18nContext) -> None:
    own = await briefs.list_for_client(person)
    if not own:
        await message.answer(i18n.get("briefs-empty"))
        return
    lines = [i18n.get("briefs-client-header")]
    for brief in own:
        lines.append(
            say(
                i18n.get,
                "brief-list-item",
                brief_id=brief.id,
                template=brief.template.title.get(i18n.locale),
                status=i18n.get(f"brief-status-{brief.status.replace('_', '-')}"),
            )
        )
    await message.answer("\n".join(lines))


async def start_reply(
    query: CallbackQuery,
    callback_data: BriefReplyCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    question = await briefs.question_for_client(person, callback_data.id)
    await state.set_state(BriefReply.typing)
    await state.set_data({"question_id": question.id})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(say(i18n.get, "brief-reply-prompt", question=question.question))


async def send_reply(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    question_id = (await state.get_data()).get("question_id")
    try:
        await briefs.answer_question(person, int(question_id or 0), message.text or "")
    except DomainError as problem:
        await message.answer(say(i18n.get, problem.key, **problem.args_for_text))
        return
    await state.clear()
    await message.answer(i18n.get("brief-reply-sent"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(open_brief, Command("brief"))
    router.message.register(list_own, Command("briefs"))
    router.callback_query.register(choose_template, FormTemplateCb.filter())
    router.callback_query.register(resume, BriefResumeCb.filter())
    router.callback_query.register(restart, BriefRestartCb.filter())
    router.callback_query.register(answer_button, BriefAnswerCb.filter())
    router.callback_query.register(summary_button, BriefSummaryCb.filter())
    router.callback_query.register(start_reply, BriefReplyCb.filter())
    router.message.register(text_answer, BriefForm.filling, F.text)
    router.message.register(file_answer, BriefForm.filling, F.document | F.photo)
    router.message.register(send_reply, BriefReply.typing, F.text)
    router.message.register(other_content, StateFilter(BriefForm.filling, BriefReply.typing))
    return router
