"""What people see of the team and its tasks: a task's card for the specialist and for the
AM, their buttons, /team, and who does what on a project."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from services.accounts.people import Person
from services.work.stats import SpecialistLoad
from services.work.tasks import Task, TaskStatus
from services.work.team import SKILLS, Member
from views.callbacks import (
    AssignCb,
    SkillCb,
    TaskAction,
    TaskCb,
    TaskFormAction,
    TaskFormCb,
    TeamAction,
    TeamCb,
)
from views.keyboards import one_per_row
from views.projects import day_text
from views.texts import Translate, say

PROGRESS_STEPS = (25, 50, 75)


def task_args(task: Task, language: str, translate: Translate) -> dict[str, object]:
    """What a task's texts say of it, as it is now. Nothing here is about money or the
    client's people: a specialist reads these."""
    return {
        "project": task.project_title,
        "company": task.company_name,
        "stage": task.stage_title,
        "brief": task.brief,
        "due": day_text(task.due_on, language, translate),
        "stage_deadline": day_text(task.stage_deadline, language, translate),
        "status": task.status.value,
        "progress": task.progress,
        "progress_note": task.progress_note or "none",
        "specialist": task.specialist_name,
        "skill": task.skill or "none",
        "files": len(task.files),
        "result_note": task.result_note or "none",
        "result_link": task.result_link or "none",
        "result_files": len(task.result_files),
        "returns": task.returns,
        "return_comment": task.return_comment or "none",
    }


def task_card(task: Task, language: str, translate: Translate, *, staff: bool = False) -> str:
    """The specialist's card, or the AM's (who does it, late or not)."""
    args = task_args(task, language, translate)
    if staff:
        return say(translate, "task-card-staff", late="yes" if task.late else "no", **args)
    return say(translate, "task-card", **args)


def specialist_buttons(translate: Translate, task: Task) -> InlineKeyboardMarkup | None:
    """The specialist's: a quick percent, a percent with a note, hand in."""
    if task.status is not TaskStatus.OPEN:
        return None
    quick = [
        InlineKeyboardButton(
            text=f"{value}%",
            callback_data=TaskCb(id=task.id, action=TaskAction.PROGRESS, value=value).pack(),
        )
        for value in PROGRESS_STEPS
    ]
    return InlineKeyboardMarkup(
        inline_keyboard=[
            quick,
            [_button(translate, "btn-task-note", task.id, TaskAction.NOTE)],
            [_button(translate, "btn-task-hand-in", task.id, TaskAction.HAND_IN, style="primary")],
        ]
    )


def open_buttons(translate: Translate, task_id: int) -> InlineKeyboardMarkup:
    """Under a notice that names the task: its card, the specialist's or the AM's (the
    role decides which opens)."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(translate, "btn-task-open", task_id, TaskAction.OPEN)]]
    )


def submit_buttons(translate: Translate, task_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(translate, "btn-task-submit", task_id, TaskAction.SUBMIT, style="primary")]
        ]
    )


def result_buttons(translate: Translate, task_id: int) -> InlineKeyboardMarkup:
    """The AM's, under a handed-in result."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(translate, "btn-task-send", task_id, TaskAction.SEND, style="success")],
            [_button(translate, "btn-task-return", task_id, TaskAction.RETURN, style="danger")],
        ]
    )


def manager_buttons(translate: Translate, task: Task) -> InlineKeyboardMarkup | None:
    if task.status is TaskStatus.HANDED_IN:
        return result_buttons(translate, task.id)
    if task.status is not TaskStatus.OPEN:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(translate, "btn-task-move", task.id, TaskAction.MOVE)],
            [_button(translate, "btn-task-cancel", task.id, TaskAction.CANCEL)],
        ]
    )


def _button(
    translate: Translate, key: str, task_id: int, action: TaskAction, style: str | None = None
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=translate(key),
        callback_data=TaskCb(id=task_id, action=action).pack(),
        style=style,
    )


def task_list(translate: Translate, language: str, tasks: Sequence[Task]) -> InlineKeyboardMarkup:
    return one_per_row(
        (
            say(
                translate,
                "task-list-item",
                status=task.status.value,
                due=day_text(task.due_on, language, translate),
                stage=task.stage_title,
                project=task.project_title,
            )[:64],
            TaskCb(id=task.id, action=TaskAction.OPEN),
        )
        for task in tasks
    )


def stage_task_label(translate: Translate, language: str, task: Task) -> str:
    """A task's button under its stage's menu."""
    return say(
        translate,
        "btn-stage-task",
        name=task.specialist_name,
        due=day_text(task.due_on, language, translate),
        status=task.status.value,
    )


def choose_specialist(
    translate: Translate, stage_id: int, specialists: Sequence[Person]
) -> InlineKeyboardMarkup:
    return one_per_row(
        (
            say(
                translate,
                "task-specialist-item",
                name=person.display_name,
                skill=person.skill or "none",
            )[:64],
            AssignCb(stage=stage_id, specialist=person.telegram_id),
        )
        for person in specialists
    )


def brief_buttons(translate: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=translate("btn-task-next"),
                    callback_data=TaskFormCb(action=TaskFormAction.NEXT).pack(),
                )
            ],
            [
                InlineKeyboardButton(
                    text=translate("btn-cancel"),
                    callback_data=TaskFormCb(action=TaskFormAction.DROP).pack(),
                )
            ],
        ]
    )


def late_due_buttons(translate: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=translate("btn-task-late-ok"),
                    callback_data=TaskFormCb(action=TaskFormAction.LATE_OK).pack(),
                )
            ]
        ]
    )


def team_text(translate: Translate, language: str, members: Sequence[Member]) -> str:
    if not members:
        return translate("team-empty")
    lines = [
        say(
            translate,
            "team-line",
            name=member.person.display_name,
            skill=member.person.skill or "none",
            open=member.open_tasks,
            overdue=member.overdue,
            next=day_text(member.next_due, language, translate) if member.next_due else "none",
        )
        for member in members
    ]
    return translate("team-header") + "\n" + "\n".join(lines)


def team_buttons(translate: Translate, members: Sequence[Member]) -> InlineKeyboardMarkup:
    buttons = [
        (translate("btn-team-add"), TeamCb(action=TeamAction.ADD)),
        (translate("btn-team-invite"), TeamCb(action=TeamAction.INVITE)),
    ]
    buttons += [
        (
            say(translate, "btn-team-remove", name=member.person.display_name)[:64],
            TeamCb(action=TeamAction.REMOVE, id=member.person.telegram_id),
        )
        for member in members
    ]
    return one_per_row(buttons)


def confirm_removal(translate: Translate, person_id: int) -> InlineKeyboardMarkup:
    return one_per_row(
        [
            (translate("btn-confirm"), TeamCb(action=TeamAction.CONFIRM_REMOVE, id=person_id)),
            (translate("btn-cancel"), TeamCb(action=TeamAction.KEEP)),
        ]
    )


def skill_buttons() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=skill, callback_data=SkillCb(index=index).pack())
                for index, skill in enumerate(SKILLS[row : row + 3], start=row)
            ]
            for row in range(0, len(SKILLS), 3)
        ]
    )


def who_does_what(
    translate: Translate, language: str, tasks: Sequence[Task], today: date
) -> str | None:
    """The project card's lines about its tasks (staff only)."""
    if not tasks:
        return None
    lines = [
        say(
            translate,
            "project-card-task",
            stage=task.stage_title,
            specialist=task.specialist_name,
            skill=task.skill or "none",
            due=day_text(task.due_on, language, translate),
            progress=task.progress,
            state="overdue" if task.overdue(today) else task.status.value,
        )
        for task in tasks
    ]
    return translate("project-card-tasks") + "\n" + "\n".join(lines)


def specialist_stats(translate: Translate, loads: Sequence[SpecialistLoad]) -> str:
    if not loads:
        return translate("stats-team-empty")
    lines = [
        say(
            translate,
            "stats-team-line",
            name=load.name,
            skill=load.skill or "none",
            open=load.open_tasks,
            overdue=load.overdue,
            late=load.handed_in_late,
        )
        for load in loads
    ]
    return translate("stats-team-header") + "\n" + "\n".join(lines)
