"""Staff decide on access requests: attach to a company, or decline. First decision wins."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from services.accounts.access import AccessRequest, AccessRequests, AlreadyDecided
from services.accounts.companies import Companies
from services.accounts.people import Person
from services.platform.clock import from_db
from views import keyboards
from views.callbacks import AccessCb, AccessCompanyCb, AccessDecision
from views.texts import format_moment, say


async def _show(query: CallbackQuery, text: str, markup: object = None) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


def _already(i18n: I18nContext, refusal: AlreadyDecided, person: Person, zone: str) -> str:
    at = refusal.args_for_text.get("at") or ""
    when = format_moment(from_db(at), person.timezone or zone, i18n.locale) if at else ""
    return say(i18n.get, "access-already-decided", name=refusal.args_for_text["name"], at=when)


async def choose_company(
    query: CallbackQuery,
    callback_data: AccessCb,
    person: Person,
    access: AccessRequests,
    companies: Companies,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    request = await access.get(person, callback_data.id)
    if request.status != "pending":
        await query.answer(
            _already(i18n, _decided(request), person, default_timezone), show_alert=True
        )
        return
    visible = await companies.visible_to(person)
    if not visible:
        await query.answer(i18n.get("access-no-companies")[:200], show_alert=True)
        return
    await _show(
        query,
        say(i18n.get, "access-choose-company", name=request.requester_name),
        keyboards.access_companies(request.id, visible),
    )


async def accept(
    query: CallbackQuery,
    callback_data: AccessCompanyCb,
    person: Person,
    access: AccessRequests,
    companies: Companies,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    try:
        request = await access.accept(person, callback_data.id, callback_data.company)
    except AlreadyDecided as refusal:
        await query.answer(_already(i18n, refusal, person, default_timezone), show_alert=True)
        return
    company = await companies.get(person, callback_data.company)
    await _show(
        query,
        say(
            i18n.get,
            "access-accepted-card",
            name=request.requester_name,
            company=company.name,
            by=person.display_name,
        ),
    )


async def decline(
    query: CallbackQuery,
    callback_data: AccessCb,
    person: Person,
    access: AccessRequests,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    try:
        request = await access.decline(person, callback_data.id)
    except AlreadyDecided as refusal:
        await query.answer(_already(i18n, refusal, person, default_timezone), show_alert=True)
        return
    await _show(
        query,
        say(i18n.get, "access-declined-card", name=request.requester_name, by=person.display_name),
    )


def _decided(request: AccessRequest) -> AlreadyDecided:
    return AlreadyDecided(
        name=request.decided_by_name or "?", status=request.status, at=request.decided_at or ""
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        choose_company, AccessCb.filter(F.decision == AccessDecision.ACCEPT)
    )
    router.callback_query.register(accept, AccessCompanyCb.filter())
    router.callback_query.register(decline, AccessCb.filter(F.decision == AccessDecision.DECLINE))
    return router
