"""A head decides on proposals with the card's buttons; /threshold sets what needs approval."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import ProposalComment, recall, remember
from services.accounts.people import Person
from services.platform.clock import from_db
from services.platform.errors import DomainError
from services.sales.proposals import AlreadyDecided, Proposals
from views.callbacks import ProposalDecision, ProposalDecisionCb
from views.texts import format_moment, refusal_text, say


class HeadComment(StatesGroup):
    typing = State()


def _refusal(problem: DomainError, i18n: I18nContext, person: Person, zone: str) -> str:
    args = dict(problem.args_for_text)
    if isinstance(problem, AlreadyDecided) and args.get("at"):
        args["at"] = format_moment(from_db(args["at"]), person.timezone or zone, i18n.locale)
    return say(i18n.get, problem.key, **args)[:200]


async def decide(
    query: CallbackQuery,
    callback_data: ProposalDecisionCb,
    person: Person,
    proposals: Proposals,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    try:
        if callback_data.action is ProposalDecision.APPROVE:
            await proposals.approve(person, callback_data.id, callback_data.version)
            await query.answer(i18n.get("proposal-approved-done"), show_alert=True)
            return
        await proposals.check_pending(person, callback_data.id, callback_data.version)
    except DomainError as problem:
        await query.answer(_refusal(problem, i18n, person, default_timezone), show_alert=True)
        return
    await state.set_state(HeadComment.typing)
    await remember(
        state,
        ProposalComment,
        {"id": callback_data.id, "version": callback_data.version, "action": callback_data.action},
    )
    await query.answer()
    key = (
        "proposal-comment-return"
        if callback_data.action is ProposalDecision.RETURN
        else "proposal-comment-reject"
    )
    if isinstance(query.message, Message):
        await query.message.answer(say(i18n.get, key, proposal_id=callback_data.id))


async def comment(
    message: Message,
    person: Person,
    proposals: Proposals,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    decision = await recall(state, ProposalComment)
    proposal_id, version = decision["id"], decision["version"]
    try:
        if decision["action"] is ProposalDecision.RETURN:
            await proposals.return_for_changes(person, proposal_id, version, message.text or "")
            done = "proposal-returned-done"
        else:
            await proposals.reject(person, proposal_id, version, message.text or "")
            done = "proposal-rejected-done"
    except AlreadyDecided as problem:
        await state.clear()
        await message.answer(_refusal(problem, i18n, person, default_timezone))
        return
    except DomainError as problem:
        await message.answer(refusal_text(i18n.get, i18n.locale, problem))
        return
    await state.clear()
    await message.answer(i18n.get(done))


async def threshold(
    message: Message,
    command: CommandObject,
    person: Person,
    proposals: Proposals,
    i18n: I18nContext,
) -> None:
    if command.args:
        policy = await proposals.set_threshold(person, command.args)
        key = "threshold-set"
    else:
        policy = await proposals.policy()
        key = "threshold-current"
    shown = policy.threshold.format(i18n.locale) if policy.threshold else "none"
    await message.answer(say(i18n.get, key, threshold=shown))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(decide, ProposalDecisionCb.filter())
    router.message.register(comment, StateFilter(HeadComment.typing), TYPED)
    router.message.register(text_expected, StateFilter(HeadComment.typing), NOT_COMMAND)
    router.message.register(threshold, Command("threshold"))
    return router
