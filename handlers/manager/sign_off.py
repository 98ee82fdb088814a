"""The AM puts a stage's work together (files, an album, a link, a note) and sends it to
the client for sign-off."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_or_file_expected
from handlers.common.media import answer_collected, media_of
from handlers.filters import NOT_COMMAND, TYPED_RULE, Inline
from handlers.state_data import SignOffDraft, recall, remember
from services.accounts.people import Person
from services.platform.errors import NotFound
from services.work.sign_off import SignOff
from views import sign_off as views
from views.callbacks import SignOffDraftAction, SignOffDraftCb, StageAction, StageCb
from views.texts import say


class SignOffForm(StatesGroup):
    collect = State()


async def start(
    query: CallbackQuery,
    callback_data: StageCb,
    person: Person,
    sign_off: SignOff,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    draft = await sign_off.start(person, callback_data.id)
    await state.set_state(SignOffForm.collect)
    await remember(state, SignOffDraft, {"id": draft.id, "album": None, "answer": None})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            say(i18n.get, "signoff-collect", stage=draft.stage_title, files=len(draft.files)),
            reply_markup=views.draft_buttons(i18n.get, draft.id),
        )


async def collect(
    message: Message, person: Person, sign_off: SignOff, state: FSMContext, i18n: I18nContext
) -> None:
    remembered = await recall(state, SignOffDraft)
    draft = await sign_off.add(
        person, remembered["id"], message.text or message.caption or "", media_of(message)
    )
    text = say(
        i18n.get,
        "signoff-collected",
        files=len(draft.files),
        link=draft.link or "none",
        note="yes" if draft.note else "no",
    )
    markup = views.draft_buttons(i18n.get, draft.id)
    album = message.media_group_id
    answer = await answer_collected(
        message, text, markup, remembered["album"], remembered["answer"]
    )
    if answer is not None:
        await remember(state, SignOffDraft, {"id": draft.id, "album": album, "answer": answer})


async def decided(
    query: CallbackQuery,
    callback_data: SignOffDraftCb,
    person: Person,
    sign_off: SignOff,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    try:
        remembered = await recall(state, SignOffDraft)
    except NotFound:
        remembered = None
    if remembered is None or remembered["id"] != callback_data.id:
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    if callback_data.action is SignOffDraftAction.CANCEL:
        await sign_off.drop(person, callback_data.id)
        await state.clear()
        await query.answer(i18n.get("signoff-dropped"), show_alert=True)
        return
    posted = await sign_off.post(person, callback_data.id)
    await state.clear()
    await query.answer(
        say(i18n.get, "signoff-posted", version=posted.version or 0), show_alert=True
    )
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(start, StageCb.filter(F.action == StageAction.SIGN_OFF))
    router.callback_query.register(decided, SignOffDraftCb.filter())
    router.message.register(
        collect,
        StateFilter(SignOffForm.collect),
        Inline(TYPED_RULE | F.photo | F.document | F.video | F.audio | F.voice | F.animation),
    )
    router.message.register(text_or_file_expected, StateFilter(SignOffForm.collect), NOT_COMMAND)
    return router
