"""What a conversation remembers between two messages, as types.

aiogram keeps a dict per person between updates (stored by bot/storage.py). The step that
asks for something writes one of these; the step that reads the answer reads it back
through `recall`, which checks it. What is missing or malformed (a state from an older
bot, a step skipped) reads as NotFound, so the person gets the usual answer to a stale
button rather than a KeyError.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from aiogram.fsm.context import FSMContext
from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic reads it before Python 3.12

from services.platform.errors import NotFound
from views.callbacks import FormKind, ProposalDecision


class FormStep(TypedDict):
    """A brief, proposal or invoice being filled in (handlers/forms.py)."""

    form: FormKind
    id: int


class ClientTarget(TypedDict):
    client: int


class CompanyTarget(TypedDict):
    company: int


class CompanyPaperwork(TypedDict):
    """A client's requisites typed, waiting for its contract."""

    company: int
    requisites: str


class DocumentTarget(TypedDict):
    company: int
    project: int  # 0: the whole company


class InvoiceTarget(TypedDict):
    id: int


class ProposalTarget(TypedDict):
    id: int


class BriefTarget(TypedDict):
    brief_id: int


class BriefQuestionTarget(TypedDict):
    question_id: int


class ProjectTarget(TypedDict):
    project: int


class ActTarget(TypedDict):
    project: int
    stage: int  # 0: every finished stage of the project


class StageTarget(TypedDict):
    stage: int


class StageWaiting(TypedDict):
    """A stage about to wait for the client: what for, then until when."""

    stage: int
    what: str


class StageDeadline(TypedDict):
    stage: int
    date: date


class ProjectDraft(TypedDict):
    """A new project: its company, then its title, then its stages."""

    company: int
    title: str


class RatingTarget(TypedDict):
    rating: int


class Away(TypedDict):
    until: date


class ProposalComment(TypedDict):
    """A head's return or reject of a proposal version, waiting for the comment."""

    id: int
    version: int
    action: ProposalDecision


class SignOffDraft(TypedDict):
    """A version the AM puts together: its draft, and the album whose first part was
    answered (that answer is rewritten as the rest of the album arrives)."""

    id: int
    album: str | None
    answer: int | None  # the reply to the album's first part, rewritten as parts arrive


class TaskDraft(TypedDict):
    """A task the AM is giving: the stage, the specialist, what is asked and files so far,
    and the due date once typed (kept while the AM confirms a date past the stage's)."""

    stage: int
    specialist: int
    brief: str
    files: list[dict[str, Any]]
    due: date | None
    album: str | None
    answer: int | None


class TaskMove(TypedDict):
    """A task's new due date, kept while the AM confirms a date past the stage's."""

    id: int
    due: date | None


class TaskTarget(TypedDict):
    """The task a typed answer is about (a note, a comment, a date), and the album whose
    first part was answered while a result is collected."""

    id: int
    album: str | None
    answer: int | None


class TeamAdd(TypedDict):
    """A specialist being added: the skill chosen, waiting for the person."""

    skill: str


class SignOffChanges(TypedDict):
    """A client's change request being written: the words and files so far."""

    id: int
    text: str
    files: list[dict[str, Any]]
    album: str | None
    answer: int | None


class SignOffQuestion(TypedDict):
    id: int


T = TypeVar("T")


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


async def remember(state: FSMContext, kind: type[T], data: T) -> None:
    await state.set_data(_adapter(kind).dump_python(data, mode="json"))


async def recall(state: FSMContext, kind: type[T]) -> T:
    try:
        recalled: T = _adapter(kind).validate_python(await state.get_data())
        return recalled
    except ValidationError as error:
        raise NotFound() from error
