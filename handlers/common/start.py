"""/start: invite links, greetings per role, and the stranger's access request."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.filters import Inline
from services.accounts.access import AccessRequests
from services.accounts.companies import Companies, InviteRefused
from services.accounts.people import Person, Role
from services.work.team import STAFF_INVITE_PREFIX, StaffInviteRefused, Team
from views import keyboards
from views.callbacks import RequestAccessCb
from views.texts import say


async def start_with_invite(
    message: Message,
    command: CommandObject,
    person: Person,
    companies: Companies,
    team: Team,
    i18n: I18nContext,
) -> None:
    code = (command.args or "").strip()
    if code.startswith(STAFF_INVITE_PREFIX):
        await _join_team(message, code, person, team, i18n)
        return
    try:
        company = await companies.redeem(person, code)
    except InviteRefused as refusal:
        markup = None if person.role else keyboards.request_access(i18n.get)
        await message.answer(say(i18n.get, refusal.key), reply_markup=markup)
        return
    await message.answer(
        say(
            i18n.get,
            "invite-joined-welcome",
            company=company.name,
            manager=company.manager_name or "none",
        )
    )


async def _join_team(
    message: Message, code: str, person: Person, team: Team, i18n: I18nContext
) -> None:
    if person.role is not None and person.role is not Role.SPECIALIST:
        await message.answer(i18n.get("team-invite-has-role"))
        return
    try:
        joined = await team.redeem(person, code)
    except StaffInviteRefused as refusal:
        await message.answer(say(i18n.get, refusal.key))
        return
    await message.answer(
        say(i18n.get, "team-invite-joined", name=joined.display_name, skill=joined.skill or "—")
    )


async def start(message: Message, person: Person, companies: Companies, i18n: I18nContext) -> None:
    if person.role is None:
        await message.answer(
            i18n.get("start-stranger"), reply_markup=keyboards.request_access(i18n.get)
        )
        return
    key = {
        Role.CLIENT: "start-client",
        Role.MANAGER: "start-manager",
        Role.HEAD: "start-head",
        Role.SPECIALIST: "start-specialist",
    }
    own_company = await companies.of_client(person)
    company = own_company.name if own_company else ""
    await message.answer(say(i18n.get, key[person.role], name=person.display_name, company=company))


async def request_access(
    query: CallbackQuery, person: Person, access: AccessRequests, i18n: I18nContext
) -> None:
    if person.role is not None:
        await query.answer(i18n.get("access-not-needed"), show_alert=True)
        return
    created = await access.request(person)
    text = i18n.get("access-request-sent" if created else "access-request-exists")
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        start_with_invite, CommandStart(deep_link=True), Inline(F.chat.type == "private")
    )
    router.message.register(start, CommandStart(), Inline(F.chat.type == "private"))
    router.callback_query.register(request_access, RequestAccessCb.filter())
    return router
