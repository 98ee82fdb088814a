"""A specialist's tasks: /tasks, a task's card, progress (a quick percent, or a percent
with a note), and handing the result in (files, an album, a link, a note)."""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected, text_or_file_expected
from handlers.common.media import answer_collected, media_of
from handlers.filters import NOT_COMMAND, TYPED, TYPED_RULE, Inline
from handlers.state_data import TaskTarget, recall, remember
from services.accounts.people import Person
from services.platform.errors import NotFound
from services.work.tasks import Task, Tasks
from views import tasks as views
from views.callbacks import TaskAction, TaskCb
from views.texts import say

# "60", "60%", "60 главная готова", "60% — главная готова"
_PROGRESS = re.compile(r"^\s*(\d{1,3})\s*%?\s*[-—:,.]?\s*(.*)$", re.DOTALL)


class TaskForm(StatesGroup):
    note = State()
    result = State()


async def list_tasks(message: Message, person: Person, tasks: Tasks, i18n: I18nContext) -> None:
    mine = await tasks.mine(person)
    if not mine:
        await message.answer(i18n.get("tasks-empty"))
        return
    await message.answer(
        say(i18n.get, "tasks-header", count=len(mine)),
        reply_markup=views.task_list(i18n.get, i18n.locale, mine),
    )


async def _show(message: Message, task: Task, i18n: I18nContext) -> None:
    await message.answer(
        views.task_card(task, i18n.locale, i18n.get),
        reply_markup=views.specialist_buttons(i18n.get, task),
    )


async def pressed(
    query: CallbackQuery,
    callback_data: TaskCb,
    person: Person,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    action = callback_data.action
    message = query.message if isinstance(query.message, Message) else None
    if action is TaskAction.OPEN:
        task = await tasks.get(person, callback_data.id)
        await query.answer()
        if message:
            await _show(message, task, i18n)
        return
    if action is TaskAction.PROGRESS:
        task = await tasks.report(person, callback_data.id, callback_data.value, "")
        await query.answer(
            say(i18n.get, "task-progress-saved", progress=task.progress), show_alert=True
        )
        return
    if action is TaskAction.SUBMIT:
        await _submit(query, callback_data.id, person, tasks, state, i18n)
        return
    task = await tasks.get(person, callback_data.id)
    if action is TaskAction.NOTE:
        await state.set_state(TaskForm.note)
        prompt = say(i18n.get, "task-note-prompt", stage=task.stage_title, progress=task.progress)
        markup = None
    elif action is TaskAction.HAND_IN:
        await state.set_state(TaskForm.result)
        prompt = say(
            i18n.get, "task-hand-in-prompt", stage=task.stage_title, files=len(task.result_files)
        )
        markup = views.submit_buttons(i18n.get, task.id)
    else:  # the AM's buttons are not a specialist's
        await query.answer(i18n.get("button-refused"), show_alert=True)
        return
    await remember(state, TaskTarget, {"id": task.id, "album": None, "answer": None})
    await query.answer()
    if message:
        await message.answer(prompt, reply_markup=markup)


async def progress_note(
    message: Message, person: Person, tasks: Tasks, state: FSMContext, i18n: I18nContext
) -> None:
    target = await recall(state, TaskTarget)
    found = _PROGRESS.match(message.text or "")
    if found is None or int(found.group(1)) > 100:
        await message.answer(i18n.get("task-note-bad"))
        return
    task = await tasks.report(person, target["id"], int(found.group(1)), found.group(2))
    await state.clear()
    await message.answer(say(i18n.get, "task-progress-saved", progress=task.progress))


async def collect(
    message: Message, person: Person, tasks: Tasks, state: FSMContext, i18n: I18nContext
) -> None:
    target = await recall(state, TaskTarget)
    task = await tasks.add_result(
        person, target["id"], message.text or message.caption or "", media_of(message)
    )
    text = say(
        i18n.get,
        "task-result-collected",
        files=len(task.result_files),
        link=task.result_link or "none",
        note="yes" if task.result_note else "no",
    )
    album = message.media_group_id
    answer = await answer_collected(
        message, text, views.submit_buttons(i18n.get, task.id), target["album"], target["answer"]
    )
    if answer is not None:
        await remember(state, TaskTarget, {"id": task.id, "album": album, "answer": answer})


async def _submit(
    query: CallbackQuery,
    task_id: int,
    person: Person,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    task = await tasks.hand_in(person, task_id)
    try:
        target: TaskTarget | None = await recall(state, TaskTarget)
    except NotFound:
        target = None
    if target is not None and target["id"] == task_id:
        await state.clear()
    await query.answer(say(i18n.get, "task-handed-in-done", round=task.round), show_alert=True)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


async def not_yours(message: Message, i18n: I18nContext) -> None:
    """Any other command: a specialist has their tasks, and nothing of the rest."""
    await message.answer(i18n.get("specialist-refused"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_tasks, Command("tasks"))
    router.callback_query.register(pressed, TaskCb.filter())
    router.message.register(progress_note, StateFilter(TaskForm.note), TYPED)
    router.message.register(text_expected, StateFilter(TaskForm.note), NOT_COMMAND)
    router.message.register(
        collect,
        StateFilter(TaskForm.result),
        Inline(TYPED_RULE | F.photo | F.document | F.video | F.audio | F.voice),
    )
    router.message.register(text_or_file_expected, StateFilter(TaskForm.result), NOT_COMMAND)
    router.message.register(not_yours, Inline(F.text.startswith("/")))
    return router
