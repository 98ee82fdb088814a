"""The client's briefs: choose a questionnaire, fill it (handlers.forms), submit, follow up."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers import forms
from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import BriefQuestionTarget, recall, remember
from services.accounts.people import Person
from services.questionnaires.briefs import Briefs
from services.questionnaires.forms import FormDraft
from views import keyboards
from views.callbacks import (
    BriefReplyCb,
    BriefRestartCb,
    BriefResumeCb,
    BriefTemplateCb,
    FormKind,
    FormSummaryAction,
    FormSummaryCb,
)
from views.texts import Translate, say


class BriefReply(StatesGroup):
    typing = State()


def _summary_header(draft: FormDraft, translate: Translate, language: str) -> str:
    return say(translate, "brief-summary", template=draft.template.title.get(language))


def _finish_buttons(draft: FormDraft, translate: Translate) -> list[tuple[str, FormSummaryAction]]:
    return [(translate("btn-brief-submit"), FormSummaryAction.SUBMIT)]


forms.register_kind(
    FormKind.BRIEF,
    forms.FormKindView("briefs", "brief-saved", _summary_header, _finish_buttons),
)


async def open_brief(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    draft = await briefs.draft_of(person)
    if draft is not None:
        await message.answer(
            say(
                i18n.get,
                "brief-draft-exists",
                template=draft.template.title.get(i18n.locale),
                answered=len(draft.answered()),
                total=len(draft.visible()),
            ),
            reply_markup=keyboards.brief_draft_choice(i18n.get, draft.id),
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
            reply_markup=keyboards.brief_templates(templates, i18n.locale, False),
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
    await forms.enter(state, FormKind.BRIEF, brief)
    await message.answer(
        say(
            i18n.get,
            "brief-intro",
            template=brief.template.title.get(i18n.locale),
            description=brief.template.description.get(i18n.locale),
            total=len(brief.visible()),
        )
    )
    await forms.send_step(message, FormKind.BRIEF, brief, i18n)


async def choose_template(
    query: CallbackQuery,
    callback_data: BriefTemplateCb,
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
    state: FSMContext,
    i18n: I18nContext,
    **data: Any,
) -> None:
    await forms.resume(
        query,
        FormKind.BRIEF,
        callback_data.id,
        person,
        state,
        i18n,
        data,
        gone_key="brief-already-submitted",
    )


async def restart(query: CallbackQuery, briefs: Briefs, i18n: I18nContext) -> None:
    await query.answer()
    templates = await briefs.enabled_templates()
    if isinstance(query.message, Message):
        await query.message.answer(
            i18n.get("brief-choose-template"),
            reply_markup=keyboards.brief_templates(templates, i18n.locale, True),
        )


async def submit(
    query: CallbackQuery,
    callback_data: FormSummaryCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    submitted = await briefs.submit(person, callback_data.id)
    await forms.close_summary(
        query,
        state,
        say(
            i18n.get,
            "brief-submitted",
            brief_id=submitted.id,
            manager=submitted.manager_name or "none",
        ),
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
    await remember(state, BriefQuestionTarget, {"question_id": question.id})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(say(i18n.get, "brief-reply-prompt", question=question.question))


async def send_reply(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    question_id = (await recall(state, BriefQuestionTarget))["question_id"]
    await briefs.answer_question(person, question_id, message.text or "")
    await state.clear()
    await message.answer(i18n.get("brief-reply-sent"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(open_brief, Command("brief"))
    router.message.register(list_own, Command("briefs"))
    router.callback_query.register(choose_template, BriefTemplateCb.filter())
    router.callback_query.register(resume, BriefResumeCb.filter())
    router.callback_query.register(restart, BriefRestartCb.filter())
    router.callback_query.register(
        submit,
        FormSummaryCb.filter((F.form == FormKind.BRIEF) & (F.action == FormSummaryAction.SUBMIT)),
    )
    router.callback_query.register(start_reply, BriefReplyCb.filter())
    router.message.register(send_reply, StateFilter(BriefReply.typing), TYPED)
    router.message.register(text_expected, StateFilter(BriefReply.typing), NOT_COMMAND)
    return router
