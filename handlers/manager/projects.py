"""The AM keeps projects moving: /projects, the card's buttons, /newproject."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected, text_or_file_expected
from handlers.common.media import file_of
from handlers.common.pictures import send_drawing
from handlers.filters import NOT_COMMAND, TYPED, TYPED_RULE, Inline
from handlers.manager.companies import ask_company
from handlers.state_data import (
    CompanyTarget,
    ProjectDraft,
    ProjectTarget,
    StageDeadline,
    StageTarget,
    StageWaiting,
    recall,
    remember,
)
from services.accounts.companies import Companies
from services.accounts.people import People, Person, Role
from services.platform.errors import NotAllowed
from services.platform.paging import PageKey, PageRequest
from services.platform.parsing import parse_date
from services.work.projects import Project, Projects, ProjectScope, Stage
from services.work.stats import Stats
from services.work.statuses import ProjectStatus
from services.work.tasks import Tasks
from views import keyboards
from views.callbacks import (
    NewProjectCb,
    ProjectAction,
    ProjectCb,
    ProjectFilter,
    ProjectFilterCb,
    ProjectListCb,
    StageAction,
    StageCb,
)
from views.drawn import Drawings
from views.projects import day_text, project_card
from views.sign_off import stats_text as sign_off_stats_text
from views.stats import stats_caption, stats_drawing
from views.tasks import specialist_stats, stage_task_label, who_does_what
from views.texts import answer_long, say


class StageForm(StatesGroup):
    wait_what = State()
    wait_until = State()
    deadline_date = State()
    deadline_reason = State()
    update = State()


class NewProject(StatesGroup):
    title = State()
    stages = State()


async def show_card(
    target: Message,
    project: Project,
    projects: Projects,
    tasks: Tasks,
    person: Person,
    i18n: I18nContext,
    timezone: str,
) -> None:
    updates = await projects.updates(project.id)
    ratings = await projects.ratings(project.id)
    text = project_card(project, updates, ratings, i18n.get, i18n.locale, timezone, client=False)
    team = who_does_what(
        i18n.get, i18n.locale, await tasks.of_project(person, project.id), tasks.today(person)
    )
    if team:
        text += "\n\n" + team
    await answer_long(target, text, keyboards.project_card(i18n.get, project))


async def list_projects(
    message: Message,
    command: CommandObject,
    person: Person,
    projects: Projects,
    companies: Companies,
    people: People,
    i18n: I18nContext,
) -> None:
    """/projects: the first page; `/projects Ромаш` the projects of the company whose
    name starts so (or a choice, when several do)."""
    scope = ProjectScope()
    prefix = (command.args or "").strip()
    if prefix:
        found = await companies.starting_with(person, prefix)
        if len(found) != 1:
            key = "projects-choose-company" if found else "projects-no-company"
            markup = keyboards.project_list_companies(found) if found else None
            await message.answer(say(i18n.get, key, prefix=prefix), reply_markup=markup)
            return
        scope = ProjectScope(company_id=found[0].id)
    text, markup = await _project_page(
        person, scope, PageRequest(), projects, people, companies, i18n
    )
    await message.answer(text, reply_markup=markup)


async def project_page(
    query: CallbackQuery,
    callback_data: ProjectListCb,
    person: Person,
    projects: Projects,
    companies: Companies,
    people: People,
    i18n: I18nContext,
) -> None:
    """Back, next, a filter chosen: the list's message shows the other page."""
    scope = ProjectScope(callback_data.manager or None, callback_data.company or None)
    key = None
    if 0 < callback_data.day <= date.max.toordinal():  # else a forged key: the first page
        key = PageKey(date.fromordinal(callback_data.day).isoformat(), callback_data.id)
    request = PageRequest(before=key) if callback_data.back else PageRequest(after=key)
    text, markup = await _project_page(person, scope, request, projects, people, companies, i18n)
    await query.answer()
    if isinstance(query.message, Message):
        await _replace(query.message, text, markup)


async def _replace(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """The list's message shows the new page; pressed twice, it already does. A message
    Telegram no longer lets us edit (too old) is answered with a new one."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            await message.answer(text, reply_markup=markup)


async def project_filter(
    query: CallbackQuery, callback_data: ProjectFilterCb, person: Person, people: People,
    i18n: I18nContext,
) -> None:  # fmt: skip
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.by is ProjectFilter.COMPANY:
        await query.message.answer(i18n.get("projects-company-hint"))
        return
    if person.role is not Role.HEAD:
        raise NotAllowed()
    managers = await people.with_role(Role.MANAGER, Role.HEAD)
    await query.message.answer(
        i18n.get("projects-choose-manager"), reply_markup=keyboards.project_list_managers(managers)
    )


async def _project_page(
    person: Person,
    scope: ProjectScope,
    request: PageRequest,
    projects: Projects,
    people: People,
    companies: Companies,
    i18n: I18nContext,
) -> tuple[str, InlineKeyboardMarkup | None]:
    page = await projects.page_for_staff(person, scope, request)
    whose = "none"
    if scope.company_id is not None:
        whose = (await companies.get(person, scope.company_id)).name
    elif scope.manager_id is not None and person.role is Role.HEAD:
        manager = await people.get(scope.manager_id)
        whose = manager.display_name if manager is not None else "none"
    markup = keyboards.staff_projects(
        i18n.get, page, projects.today(person), scope, head=person.role is Role.HEAD
    )
    if not page.items and request.after is None and request.before is None:
        # nothing at all: the filters, to leave a filter that found nothing, or no buttons
        return say(i18n.get, "projects-empty", whose=whose), (markup if whose != "none" else None)
    return say(i18n.get, "projects-header", whose=whose), markup


async def project_action(
    query: CallbackQuery,
    callback_data: ProjectCb,
    person: Person,
    projects: Projects,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    action = callback_data.action
    if action is ProjectAction.UPDATE:
        await projects.get_for_staff(person, callback_data.id)
        await state.set_state(StageForm.update)
        await remember(state, ProjectTarget, {"project": callback_data.id})
        await query.answer()
        if message:
            await message.answer(i18n.get("project-update-prompt"))
        return
    statuses = {
        ProjectAction.PAUSE: ProjectStatus.PAUSED,
        ProjectAction.RESUME: ProjectStatus.ACTIVE,
        ProjectAction.CLOSE: ProjectStatus.DONE,
        ProjectAction.CANCEL: ProjectStatus.CANCELLED,
    }
    if action in statuses:
        project = await projects.set_status(person, callback_data.id, statuses[action])
    else:
        project = await projects.get_for_staff(person, callback_data.id)
    await query.answer()
    if message:
        await show_card(
            message, project, projects, tasks, person, i18n, person.timezone or default_timezone
        )


async def stage_action(
    query: CallbackQuery,
    callback_data: StageCb,
    person: Person,
    projects: Projects,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    action = callback_data.action
    zone = person.timezone or default_timezone
    if action is StageAction.START:
        project = await projects.start_stage(person, callback_data.id)
    elif action is StageAction.FINISH:
        project = await projects.finish_stage(person, callback_data.id)
    elif action is StageAction.PROGRESS:
        project = await projects.set_progress(person, callback_data.id, callback_data.value)
    else:
        project = await projects.project_of_stage(person, callback_data.id)
        stage = project.stage(callback_data.id)
        await query.answer()
        if action is StageAction.MENU:
            if message:
                labels = [
                    (task.id, stage_task_label(i18n.get, i18n.locale, task))
                    for task in await tasks.of_project(person, project.id)
                    if task.stage_id == stage.id
                ]
                await message.answer(
                    _stage_menu_text(stage, i18n),
                    reply_markup=keyboards.stage_menu(i18n.get, stage.id, labels),
                )
            return
        await remember(state, StageTarget, {"stage": stage.id})
        if action is StageAction.WAIT:
            await state.set_state(StageForm.wait_what)
            prompt = say(i18n.get, "stage-wait-what", title=stage.title)
        else:
            await state.set_state(StageForm.deadline_date)
            prompt = say(
                i18n.get,
                "stage-deadline-new",
                title=stage.title,
                deadline=day_text(stage.deadline, i18n.locale, i18n.get),
            )
        if message:
            await message.answer(prompt)
        return
    await query.answer()
    if message:
        await show_card(message, project, projects, tasks, person, i18n, zone)


def _stage_menu_text(stage: Stage, i18n: I18nContext) -> str:
    return say(
        i18n.get,
        "stage-menu",
        title=stage.title,
        status=i18n.get(f"stage-status-{stage.status}"),
        deadline=day_text(stage.deadline, i18n.locale, i18n.get),
        progress=stage.progress,
    )


async def wait_what(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    stage_id = (await recall(state, StageTarget))["stage"]
    await remember(state, StageWaiting, {"stage": stage_id, "what": message.text or ""})
    await state.set_state(StageForm.wait_until)
    await message.answer(i18n.get("stage-wait-until"))


async def wait_until(
    message: Message,
    person: Person,
    projects: Projects,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    waiting = await recall(state, StageWaiting)
    until = parse_date(message.text or "", projects.today(person))
    project = await projects.wait_for_client(person, waiting["stage"], waiting["what"], until)
    await state.clear()
    await show_card(
        message, project, projects, tasks, person, i18n, person.timezone or default_timezone
    )


async def deadline_date(
    message: Message, person: Person, projects: Projects, state: FSMContext, i18n: I18nContext
) -> None:
    new_date = parse_date(message.text or "", projects.today(person))
    stage_id = (await recall(state, StageTarget))["stage"]
    await remember(state, StageDeadline, {"stage": stage_id, "date": new_date})
    await state.set_state(StageForm.deadline_reason)
    await message.answer(i18n.get("stage-deadline-reason"))


async def deadline_reason(
    message: Message,
    person: Person,
    projects: Projects,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    moved = await recall(state, StageDeadline)
    project = await projects.change_deadline(
        person, moved["stage"], moved["date"], message.text or ""
    )
    await state.clear()
    await show_card(
        message, project, projects, tasks, person, i18n, person.timezone or default_timezone
    )


async def post_update(
    message: Message,
    person: Person,
    projects: Projects,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    project_id = (await recall(state, ProjectTarget))["project"]
    project = await projects.post_update(
        person, project_id, message.text or message.caption or "", file_of(message)
    )
    await state.clear()
    await message.answer(i18n.get("project-saved"))
    await show_card(
        message, project, projects, tasks, person, i18n, person.timezone or default_timezone
    )


async def new_project(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    await ask_company(
        message,
        person,
        companies,
        i18n,
        "newproject-company",
        lambda company_id: NewProjectCb(company=company_id),
    )


async def new_project_company(
    query: CallbackQuery,
    callback_data: NewProjectCb,
    person: Person,
    companies: Companies,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    await companies.get(person, callback_data.company)
    await state.set_state(NewProject.title)
    await remember(state, CompanyTarget, {"company": callback_data.company})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("newproject-title"))


async def new_project_title(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    title = (message.text or "").strip()
    if not title or len(title) > 200:
        await message.answer(
            say(i18n.get, "form-too-long", limit=200, length=len(title))
            if title
            else i18n.get("form-too-short")
        )
        return
    company_id = (await recall(state, CompanyTarget))["company"]
    await remember(state, ProjectDraft, {"company": company_id, "title": title})
    await state.set_state(NewProject.stages)
    await message.answer(i18n.get("newproject-stages"))


async def new_project_stages(
    message: Message, person: Person, projects: Projects, state: FSMContext, i18n: I18nContext
) -> None:
    draft = await recall(state, ProjectDraft)
    project = await projects.create(person, draft["company"], draft["title"], message.text or "")
    await state.clear()
    await message.answer(
        say(i18n.get, "newproject-created", title=project.title, stages=len(project.stages))
    )


async def stats(
    message: Message,
    person: Person,
    projects: Projects,
    stats: Stats,
    drawings: Drawings,
    i18n: I18nContext,
) -> None:
    team = await stats.team(person)
    if not team.empty:
        drawing = stats_drawing(team, i18n.get, i18n.locale)
        caption = stats_caption(team, i18n.get, i18n.locale)
        await send_drawing(drawings, person.telegram_id, drawing, i18n, caption)
    signed = await stats.sign_off(person)
    if signed.approval_hours or signed.rounds:
        await message.answer(sign_off_stats_text(signed, i18n.get))
    loads = await stats.specialists(person)
    if loads:
        await message.answer(specialist_stats(i18n.get, loads))
    rows = await projects.rating_stats(person)
    if not rows:
        await message.answer(i18n.get("stats-empty"))
        return
    lines = [i18n.get("stats-header")]
    for row in rows:
        average = f"{row['average']:.1f}" if row["average"] is not None else "none"
        lines.append(
            say(
                i18n.get,
                "stats-line",
                manager=row["manager"],
                active=row["active"],
                count=row["count"],
                average=average,
                low=row["low"] or 0,
            )
        )
    await message.answer("\n".join(lines))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_projects, Command("projects"))
    router.callback_query.register(project_page, ProjectListCb.filter())
    router.callback_query.register(project_filter, ProjectFilterCb.filter())
    router.message.register(new_project, Command("newproject"))
    router.callback_query.register(project_action, ProjectCb.filter())
    router.callback_query.register(stage_action, StageCb.filter())
    router.callback_query.register(new_project_company, NewProjectCb.filter())
    router.message.register(wait_what, StateFilter(StageForm.wait_what), TYPED)
    router.message.register(wait_until, StateFilter(StageForm.wait_until), TYPED)
    router.message.register(deadline_date, StateFilter(StageForm.deadline_date), TYPED)
    router.message.register(deadline_reason, StateFilter(StageForm.deadline_reason), TYPED)
    router.message.register(
        post_update, StateFilter(StageForm.update), Inline(TYPED_RULE | F.document | F.photo)
    )
    router.message.register(new_project_title, StateFilter(NewProject.title), TYPED)
    router.message.register(new_project_stages, StateFilter(NewProject.stages), TYPED)
    router.message.register(text_or_file_expected, StateFilter(StageForm.update), NOT_COMMAND)
    for state in (*StageForm.__all_states__, *NewProject.__all_states__):
        router.message.register(text_expected, StateFilter(state), NOT_COMMAND)
    return router


def create_head_router() -> Router:
    router = Router(name=f"{__name__}.heads")
    router.message.register(stats, Command("stats"))
    return router
