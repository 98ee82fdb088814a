"""Pictures and PDFs on request: a project's timeline for its client or its AM; and the
one way every handler sends a drawn file."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from services.accounts.people import Person
from services.work.projects import Projects
from views.callbacks import TimelineCb
from views.drawn import Drawings
from views.render_worker import RenderFailed
from views.sheets import Drawing
from views.texts import say
from views.timeline import timeline_drawing, timeline_sheet


async def send_timeline(
    query: CallbackQuery,
    callback_data: TimelineCb,
    person: Person,
    projects: Projects,
    drawings: Drawings,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    project = await projects.visible_to(person, callback_data.project)
    await query.answer()
    moves = await projects.deadline_moves(project)
    zone = person.timezone or default_timezone
    sheet = timeline_sheet(project, moves, projects.today(person), i18n.get, i18n.locale, zone)
    drawing = timeline_drawing(project, sheet, i18n.locale)
    caption = say(i18n.get, "timeline-caption", project=project.title)
    await send_drawing(drawings, person.telegram_id, drawing, i18n, caption)


async def send_drawing(
    drawings: Drawings,
    chat_id: int,
    drawing: Drawing,
    i18n: I18nContext,
    caption: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    """The file, or a message saying it could not be drawn: never silence."""
    try:
        await drawings.send(chat_id, drawing, caption, reply_markup)
    except RenderFailed:
        await drawings.bot.send_message(chat_id, i18n.get("render-failed"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(send_timeline, TimelineCb.filter())
    return router
