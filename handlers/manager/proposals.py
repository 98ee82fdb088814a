"""The AM drafts proposals (handlers.forms fills them), submits or sends them, answers
the client's questions, and lists them."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers import forms
from handlers.manager.companies import ask_company
from services.accounts.companies import Companies
from services.accounts.people import Person
from services.questionnaires.briefs import Briefs
from services.questionnaires.forms import FormDraft
from services.sales.proposals import Proposal, Proposals
from views import keyboards
from views.callbacks import (
    BriefStaffAction,
    BriefStaffCb,
    FormKind,
    FormSummaryAction,
    FormSummaryCb,
    ProposalNewCb,
    ProposalResumeCb,
    ProposalStartCb,
)
from views.proposals import listing_text
from views.texts import Translate, answer_long, say


def _summary_header(draft: FormDraft, translate: Translate, language: str) -> str:
    assert isinstance(draft, Proposal)
    return say(translate, "proposal-summary", company=draft.company_name, version=draft.version)


def _finish_buttons(draft: FormDraft, translate: Translate) -> list[tuple[str, FormSummaryAction]]:
    assert isinstance(draft, Proposal)
    buttons = [(translate("btn-proposal-submit"), FormSummaryAction.SUBMIT)]
    if not draft.approval_needed:
        buttons.append((translate("btn-proposal-send"), FormSummaryAction.SEND))
    if draft.status == "draft" and draft.version == 1:
        buttons.append((translate("btn-proposal-delete"), FormSummaryAction.DELETE))
    return buttons


forms.register_kind(
    FormKind.PROPOSAL,
    forms.FormKindView("proposals", "proposal-saved", _summary_header, _finish_buttons),
)


async def _begin(
    message: Message, proposal: Proposal, state: FSMContext, i18n: I18nContext
) -> None:
    await forms.enter(state, FormKind.PROPOSAL, proposal)
    await message.answer(
        say(
            i18n.get,
            "proposal-intro",
            company=proposal.company_name,
            brief=proposal.brief_id or "none",
            total=len(proposal.visible()),
        )
    )
    await forms.send_step(message, FormKind.PROPOSAL, proposal, i18n)


async def open_proposals(
    message: Message, person: Person, proposals: Proposals, companies: Companies, i18n: I18nContext
) -> None:
    drafts = await proposals.drafts_of(person)
    if drafts:
        await message.answer(
            i18n.get("proposal-drafts"),
            reply_markup=keyboards.proposal_drafts(i18n.get, drafts),
        )
        return
    await _choose_company(message, person, companies, i18n)


async def _choose_company(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await ask_company(
        message,
        person,
        companies,
        i18n,
        "proposal-choose-company",
        lambda company_id: ProposalNewCb(company=company_id),
    )


async def new_proposal(
    query: CallbackQuery, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _choose_company(query.message, person, companies, i18n)


async def start_for_company(
    query: CallbackQuery,
    callback_data: ProposalNewCb,
    person: Person,
    proposals: Proposals,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    proposal = await proposals.start(person, callback_data.company, callback_data.brief or None)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _begin(query.message, proposal, state, i18n)


async def start_from_brief(
    query: CallbackQuery,
    callback_data: BriefStaffCb,
    person: Person,
    briefs: Briefs,
    proposals: Proposals,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    brief = await briefs.get_for_staff(person, callback_data.id)
    proposal = await proposals.start(person, brief.company_id, brief.id)
    await query.answer()
    if isinstance(query.message, Message):
        await _begin(query.message, proposal, state, i18n)


async def resume(
    query: CallbackQuery,
    callback_data: ProposalResumeCb,
    person: Person,
    state: FSMContext,
    i18n: I18nContext,
    **data: Any,
) -> None:
    await forms.resume(
        query,
        FormKind.PROPOSAL,
        callback_data.id,
        person,
        state,
        i18n,
        data,
        gone_key="proposal-not-editable",
    )


async def finish(
    query: CallbackQuery,
    callback_data: FormSummaryCb,
    person: Person,
    proposals: Proposals,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    if callback_data.action is FormSummaryAction.SUBMIT:
        done = await proposals.submit_for_approval(person, callback_data.id)
        text = say(i18n.get, "proposal-submitted", proposal_id=done.id, version=done.version)
    elif callback_data.action is FormSummaryAction.SEND:
        done = await proposals.send_without_approval(person, callback_data.id)
        text = say(i18n.get, "proposal-sent-direct", proposal_id=done.id)
    else:
        await proposals.delete_draft(person, callback_data.id)
        text = i18n.get("proposal-deleted")
    await forms.close_summary(query, state, text)


async def list_proposals(
    message: Message, person: Person, proposals: Proposals, i18n: I18nContext
) -> None:
    await answer_long(message, listing_text(await proposals.listing(person), i18n.get))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(open_proposals, Command("proposal"))
    router.message.register(list_proposals, Command("proposals"))
    router.callback_query.register(new_proposal, ProposalStartCb.filter())
    router.callback_query.register(start_for_company, ProposalNewCb.filter())
    router.callback_query.register(
        start_from_brief, BriefStaffCb.filter(F.action == BriefStaffAction.PROPOSAL)
    )
    router.callback_query.register(resume, ProposalResumeCb.filter())
    router.callback_query.register(
        finish,
        FormSummaryCb.filter(
            (F.form == FormKind.PROPOSAL)
            & F.action.in_(
                {FormSummaryAction.SUBMIT, FormSummaryAction.SEND, FormSummaryAction.DELETE}
            )
        ),
    )
    return router
