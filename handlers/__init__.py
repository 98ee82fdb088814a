"""All routers, with role filters on the parent routers.

Routers are built fresh for each Dispatcher, so a process (or a test) can
start the bot again after stopping it.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from handlers import errors, forms
from handlers.client import briefs as client_briefs
from handlers.client import chat as client_chat
from handlers.client import invoices as client_invoices
from handlers.client import projects as client_projects
from handlers.client import proposals as client_proposals
from handlers.client import sign_off as client_sign_off
from handlers.common import calendar, fallback, membership, pictures, settings, start
from handlers.filters import Inline, RoleFilter
from handlers.head import managers, templates
from handlers.head import proposals as head_proposals
from handlers.manager import access, acts, companies, reconciliation, team
from handlers.manager import briefs as staff_briefs
from handlers.manager import chat as staff_chat
from handlers.manager import inbox as staff_inbox
from handlers.manager import invoices as staff_invoices
from handlers.manager import projects as staff_projects
from handlers.manager import proposals as staff_proposals
from handlers.manager import sign_off as staff_sign_off
from handlers.manager import tasks as staff_tasks
from handlers.specialist import tasks as specialist_tasks
from services.accounts.people import Role


def _with_roles(name: str, *roles: Role) -> Router:
    router = Router(name=name)
    role_filter = RoleFilter(*roles)
    router.message.filter(role_filter)
    router.callback_query.filter(role_filter)
    return router


def build_root_router() -> Router:
    top = Router(name="top")
    # Forum groups (the staff inbox), reactions and edits; everything else is private.
    top.include_router(staff_inbox.create_router())
    root = Router(name="root")
    # Private chats only: in a group, projects and invoices would be read by everyone there.
    root.message.filter(Inline(F.chat.type == ChatType.PRIVATE))
    root.include_routers(
        errors.create_router(),
        membership.create_router(),
        start.create_router(),
        settings.create_router(),
        forms.create_router(),
        pictures.create_router(),  # each checks that the person may see what is drawn
        calendar.create_router(),
    )

    clients = _with_roles("clients", Role.CLIENT)
    clients.include_routers(
        client_briefs.create_router(),
        client_proposals.create_router(),
        client_projects.create_router(),
        client_invoices.create_router(),
        client_sign_off.create_router(),
        client_chat.create_router(),  # last: what no flow took goes to the manager
    )
    staff = _with_roles("staff", Role.MANAGER, Role.HEAD)
    staff.include_routers(
        companies.create_router(),
        access.create_router(),
        staff_briefs.create_router(),
        staff_proposals.create_router(),
        acts.create_router(),  # before the project card's other buttons
        staff_sign_off.create_router(),
        staff_tasks.create_router(),  # before the project card's other stage buttons
        team.create_router(),
        staff_projects.create_router(),
        staff_invoices.create_router(),
        reconciliation.create_router(),
        staff_chat.create_router(),
        staff_inbox.create_private_router(),
    )
    # Specialists reach their tasks and nothing else: any other command is refused.
    specialists = _with_roles("specialists", Role.SPECIALIST)
    specialists.include_router(specialist_tasks.create_router())
    heads = _with_roles("heads", Role.HEAD)
    heads.include_routers(
        managers.create_router(),
        templates.create_router(),
        head_proposals.create_router(),
        staff_projects.create_head_router(),
    )

    root.include_routers(clients, staff, specialists, heads, fallback.create_router())
    top.include_router(root)
    return top
