"""The client answers a proposal: accept, decline (with an optional reason), or discuss."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import ProposalTarget, recall, remember
from services.accounts.people import Person
from services.platform.clock import from_db
from services.platform.errors import DomainError
from services.sales.proposals import AlreadyDecided, Proposals
from views import keyboards
from views.callbacks import ProposalClientAction, ProposalClientCb
from views.proposals import listing_text
from views.texts import answer_long, format_moment, refusal_text, say


class ProposalAnswer(StatesGroup):
    decline_reason = State()
    discussing = State()


async def _refuse(
    query: CallbackQuery, problem: DomainError, person: Person, i18n: I18nContext, zone: str
) -> None:
    args = dict(problem.args_for_text)
    if isinstance(problem, AlreadyDecided) and args.get("at"):
        args["at"] = format_moment(from_db(args["at"]), person.timezone or zone, i18n.locale)
    await query.answer(say(i18n.get, problem.key, **args)[:200], show_alert=True)


async def answer(
    query: CallbackQuery,
    callback_data: ProposalClientCb,
    person: Person,
    proposals: Proposals,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    action = callback_data.action
    message = query.message if isinstance(query.message, Message) else None
    try:
        if action is ProposalClientAction.ACCEPT:
            accepted = await proposals.accept(person, callback_data.id)
            await query.answer()
            if message:
                await message.edit_reply_markup(reply_markup=None)
                await message.answer(
                    say(
                        i18n.get,
                        "proposal-accepted-client",
                        title=accepted.title,
                        author=accepted.author_name,
                    )
                )
            return
        if action is ProposalClientAction.DECLINE_WITHOUT_REASON:
            await proposals.decline(person, callback_data.id, None)
            await state.clear()
            await query.answer()
            if message:
                await message.edit_reply_markup(reply_markup=None)
                await message.answer(i18n.get("proposal-declined-client"))
            return
        proposal = await proposals.for_client(person, callback_data.id)
    except DomainError as problem:
        await _refuse(query, problem, person, i18n, default_timezone)
        return
    await query.answer()
    if action is ProposalClientAction.DECLINE:
        if proposal.status != "sent":
            return
        await state.set_state(ProposalAnswer.decline_reason)
        await remember(state, ProposalTarget, {"id": proposal.id})
        if message:
            await message.answer(
                i18n.get("proposal-decline-reason"),
                reply_markup=keyboards.decline_without_reason(i18n.get, proposal.id),
            )
        return
    await state.set_state(ProposalAnswer.discussing)
    await remember(state, ProposalTarget, {"id": proposal.id})
    if message:
        await message.answer(i18n.get("proposal-discuss-prompt"))


async def decline_reason(
    message: Message, person: Person, proposals: Proposals, state: FSMContext, i18n: I18nContext
) -> None:
    proposal_id = (await recall(state, ProposalTarget))["id"]
    try:
        await proposals.decline(person, proposal_id, message.text or "")
    except DomainError as problem:
        await message.answer(refusal_text(i18n.get, i18n.locale, problem))
        if isinstance(problem, AlreadyDecided):
            await state.clear()
        return
    await state.clear()
    await message.answer(i18n.get("proposal-declined-client"))


async def discuss(
    message: Message, person: Person, proposals: Proposals, state: FSMContext, i18n: I18nContext
) -> None:
    proposal_id = (await recall(state, ProposalTarget))["id"]
    await proposals.discuss(person, proposal_id, message.text or "")
    await state.clear()
    await message.answer(i18n.get("proposal-discuss-sent"))


async def list_own(
    message: Message, person: Person, proposals: Proposals, i18n: I18nContext
) -> None:
    await answer_long(message, listing_text(await proposals.listing(person), i18n.get))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(answer, ProposalClientCb.filter())
    router.message.register(decline_reason, StateFilter(ProposalAnswer.decline_reason), TYPED)
    router.message.register(discuss, StateFilter(ProposalAnswer.discussing), TYPED)
    router.message.register(text_expected, StateFilter(ProposalAnswer.decline_reason), NOT_COMMAND)
    router.message.register(text_expected, StateFilter(ProposalAnswer.discussing), NOT_COMMAND)
    router.message.register(list_own, Command("proposals"))
    return router
