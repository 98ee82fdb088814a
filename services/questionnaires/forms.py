"""The question-by-question engine shared by briefs and proposals.

A draft is a template, the answers so far, the question on screen (None while the
summary is shown) and whether an answer is being changed from the summary. The
functions here compute the next state; each service stores it in its own table.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from services.accounts.people import Person
from services.db import Connection, Database, Reading
from services.platform.clock import local_today
from services.platform.errors import DomainError
from services.platform.parsing import (
    parse_date,
    parse_decimal,
    parse_lines,
    parse_link,
    parse_money,
)
from services.questionnaires.form_templates import FormTemplate, Question, QuestionType

YES_WORDS = {"да", "yes", "y", "д", "ага", "конечно"}
NO_WORDS = {"нет", "no", "n", "н"}
MAX_STAGES = 30
LINES_TEXT_LIMIT = 4000
_STAGE = re.compile(
    r"^(?P<title>.+?)\s*(?:—|–|-|:|;)\s*"
    r"(?P<when>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{1,3}\s*[a-zа-яё]*)\.?$",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+")
_DURATION = re.compile(
    r"^(?P<n>\d{1,3})\s*(?P<unit>дн\w*|день|д|days?|d|нед\w*|weeks?|w|мес\w*|months?)?$", re.I
)


class InvalidAnswer(DomainError):
    """The answer does not fit the question; the same question is asked again."""

    key = "form-invalid"


@dataclass(frozen=True)
class FileRef:
    file_id: str
    file_unique_id: str
    name: str
    media: str  # "document" or "photo"


@dataclass(frozen=True, kw_only=True)
class FormDraft:
    id: int
    template: FormTemplate
    answers: dict[str, Any]
    current_question: str | None
    editing: bool

    def __post_init__(self) -> None:
        # Templates are edited by agencies while drafts are open: a draft whose question
        # was removed (or is no longer shown) goes on at the first required question left,
        # or at its summary, instead of getting stuck on a question that is gone.
        if self.current_question is None:
            return
        if any(q.id == self.current_question for q in self.visible()):
            return
        missing = self.missing_required()
        object.__setattr__(self, "current_question", missing[0].id if missing else None)

    def visible(self) -> list[Question]:
        return self.template.visible(self.answers)

    def question(self) -> Question | None:
        return self.template.question(self.current_question) if self.current_question else None

    def position(self) -> tuple[int, int]:
        """(number of the current question, how many questions apply now)."""
        visible = self.visible()
        ids = [q.id for q in visible]
        number = ids.index(self.current_question) + 1 if self.current_question in ids else 0
        return number, len(visible)

    def missing_required(self) -> list[Question]:
        return [q for q in self.visible() if q.required and is_empty(self.answers.get(q.id))]

    def answered(self) -> list[tuple[Question, Any]]:
        return [
            (q, self.answers[q.id]) for q in self.visible() if not is_empty(self.answers.get(q.id))
        ]


@dataclass(frozen=True)
class Step:
    """Where a draft goes next: its answers, the question on screen, editing or not."""

    answers: dict[str, Any]
    current: str | None
    editing: bool


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def current(draft: FormDraft, question_id: str) -> Question:
    """The question a button or a message is meant for, if it is still on screen."""
    question = draft.question()
    if question is None or question.id != question_id:
        raise InvalidAnswer("form-not-current")
    return question


def first_step(template: FormTemplate) -> Step:
    return Step({}, template.visible({})[0].id, False)


def answered(draft: FormDraft, question: Question, value: Any) -> Step:
    """Store an answer and move on: the next question, or back to the summary when editing
    (unless the change opened a required question, which is asked first)."""
    answers = dict(draft.answers)
    if is_empty(value):
        answers.pop(question.id, None)
    else:
        answers[question.id] = value
    visible = draft.template.visible(answers)
    if draft.editing:
        missing = [q for q in visible if q.required and is_empty(answers.get(q.id))]
        following = missing[0].id if missing else None
        return Step(answers, following, following is not None)
    ids = [q.id for q in visible]
    position = ids.index(question.id) if question.id in ids else -1
    following = ids[position + 1] if position + 1 < len(ids) else None
    return Step(answers, following, False)


def choose(draft: FormDraft, question: Question, option_id: str) -> Step:
    """A button under a choice: single choice and yes/no answer; multiple choice toggles."""
    if question.type is QuestionType.YES_NO and option_id in ("yes", "no"):
        return answered(draft, question, option_id)
    if question.option(option_id) is None:
        raise InvalidAnswer("form-choose-from-buttons")
    if question.type is QuestionType.SINGLE_CHOICE:
        return answered(draft, question, option_id)
    if question.type is not QuestionType.MULTI_CHOICE:
        raise InvalidAnswer("form-choose-from-buttons")
    chosen = list(draft.answers.get(question.id) or [])
    chosen.remove(option_id) if option_id in chosen else chosen.append(option_id)
    order = [o.id for o in question.options]
    chosen.sort(key=order.index)
    return _stay(draft, {**draft.answers, question.id: chosen})


def add_file(draft: FormDraft, question: Question, file: FileRef) -> Step:
    if question.type is not QuestionType.FILE:
        raise InvalidAnswer("form-text-expected")
    files = list(draft.answers.get(question.id) or [])
    if len(files) >= question.max_files:
        raise InvalidAnswer("form-too-many-files", limit=question.max_files)
    if not any(f["file_unique_id"] == file.file_unique_id for f in files):
        files.append(file.__dict__)
    return _stay(draft, {**draft.answers, question.id: files})


def add_stages(draft: FormDraft, question: Question, text: str) -> Step:
    stages = list(draft.answers.get(question.id) or [])
    stages.extend(parse_stages(text))
    if len(stages) > MAX_STAGES:
        raise InvalidAnswer("form-too-many-stages", limit=MAX_STAGES)
    return _stay(draft, {**draft.answers, question.id: stages})


def cleared(draft: FormDraft, question: Question) -> Step:
    answers = dict(draft.answers)
    answers.pop(question.id, None)
    return _stay(draft, answers)


def done(draft: FormDraft, question: Question) -> Step:
    """“Done” under a multiple choice, a file or a list question."""
    value = draft.answers.get(question.id)
    if question.required and is_empty(value):
        needed = {
            QuestionType.MULTI_CHOICE: "form-pick-something",
            QuestionType.STAGES: "form-stages-needed",
        }.get(question.type, "form-file-needed")
        raise InvalidAnswer(needed)
    return answered(draft, question, value)


def skipped(draft: FormDraft, question: Question) -> Step:
    if question.required:
        raise InvalidAnswer("form-required")
    return answered(draft, question, draft.answers.get(question.id))


def back(draft: FormDraft, question: Question) -> Step:
    ids = [q.id for q in draft.visible()]
    index = ids.index(question.id)
    return Step(draft.answers, ids[index - 1] if index > 0 else question.id, draft.editing)


def edit(draft: FormDraft, question_id: str) -> Step:
    if question_id not in {q.id for q in draft.visible()}:
        raise InvalidAnswer("form-not-current")
    return Step(draft.answers, question_id, True)


def to_summary(draft: FormDraft) -> Step:
    if draft.missing_required():
        raise InvalidAnswer("form-required")
    return Step(draft.answers, None, False)


def final_answers(draft: FormDraft) -> dict[str, Any]:
    """What is submitted: only answers to questions that apply, all required ones present."""
    if draft.missing_required():
        raise InvalidAnswer("form-required")
    return {q.id: value for q, value in draft.answered()}


def _stay(draft: FormDraft, answers: dict[str, Any]) -> Step:
    return Step(answers, draft.current_question, draft.editing)


def value_from_text(question: Question, text: str, today: date) -> Any:
    """Read a typed answer for the question's type, or say clearly why it does not fit."""
    kind = question.type
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        return bounded_text(text, question.text_limit(), question.min_length or 1)
    if kind is QuestionType.LINES:
        if len(text) > LINES_TEXT_LIMIT:
            raise InvalidAnswer("form-too-long", limit=LINES_TEXT_LIMIT, length=len(text))
        return [line.to_json() for line in parse_lines(text)]
    if len(text) > 500:
        raise InvalidAnswer("form-too-long", limit=500, length=len(text))
    if kind is QuestionType.NUMBER:
        return str(_number_in_range(question, text))
    if kind is QuestionType.MONEY:
        return parse_money(text).to_json()
    if kind is QuestionType.DATE:
        day = parse_date(text, today)
        if question.future and day <= today:
            raise InvalidAnswer("form-date-not-future")
        return day.isoformat()
    if kind is QuestionType.LINK:
        return parse_link(text)
    if kind is QuestionType.YES_NO:
        word = text.strip().lower().rstrip("!.")
        if word in YES_WORDS | NO_WORDS:
            return "yes" if word in YES_WORDS else "no"
        raise InvalidAnswer("form-choose-from-buttons")
    if kind is QuestionType.SINGLE_CHOICE:
        wanted = text.strip().casefold()
        for option in question.options:
            if wanted in (option.ru.casefold(), option.en.casefold()):
                return option.id
        raise InvalidAnswer("form-choose-from-buttons")
    if kind is QuestionType.MULTI_CHOICE:
        raise InvalidAnswer("form-choose-from-buttons")
    raise InvalidAnswer("form-file-expected")


def _number_in_range(question: Question, text: str) -> Decimal:
    number = parse_decimal(text)
    low, high = question.min, question.max
    too_low = low is not None and number < parse_decimal(str(low))
    too_high = high is not None and number > parse_decimal(str(high))
    if too_low or too_high:
        raise InvalidAnswer(
            "form-number-range",
            low="none" if low is None else f"{low:g}",
            high="none" if high is None else f"{high:g}",
        )
    return number


def bounded_text(text: str, limit: int, minimum: int = 1) -> str:
    value = text.strip()
    if len(value) > limit:
        raise InvalidAnswer("form-too-long", limit=limit, length=len(value))
    if len(value) < minimum:
        raise InvalidAnswer("form-too-short", limit=minimum)
    return value


_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


def add_note_and_link(
    text: str, note: str | None, link: str | None, limit: int
) -> tuple[str | None, str | None]:
    """What a message adds to work being put together: its first link (when none is kept
    yet) and the rest of its words, after the note so far."""
    words = text.strip()
    if not words:
        return note, link
    found = _LINK.search(words)
    if found and link is None:
        link = found.group(0)[:500]
        words = f"{words[: found.start()].rstrip()} {words[found.end() :].lstrip()}".strip()
    if words:
        note = bounded_text(f"{note}\n{words}" if note else words, limit)
    return note, link


def message_body(text: str, file: Any, limit: int) -> str:
    """The words of a message that may also be a file alone: empty only when a file came."""
    body = bounded_text(text, limit) if text.strip() else ""
    if not body and not file:
        raise InvalidAnswer("form-too-short", limit=1)
    return body


def parse_stages(text: str, today: date | None = None) -> list[dict[str, Any]]:
    """One stage a line: 'Дизайн — 10 дней', 'Запуск: 25.12.2026', 'Аудит - 2 недели'."""
    stages = []
    for raw in text.strip().splitlines():
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        match = _STAGE.match(line)
        if match is None:
            raise InvalidAnswer("form-stage-format", line=line[:80])
        title, when = match["title"].strip(), match["when"].strip().lower()
        if len(title) > 120:
            raise InvalidAnswer("form-too-long", limit=120, length=len(title))
        duration = _DURATION.match(when)
        if duration is not None:
            days = int(duration["n"]) * _unit_days(duration["unit"] or "д")
            if not 1 <= days <= 3650:
                raise InvalidAnswer("form-stage-format", line=line[:80])
            stages.append({"title": title, "days": days})
            continue
        try:
            due = parse_date(when, today or date.today())
        except DomainError as error:
            raise InvalidAnswer("form-stage-format", line=line[:80]) from error
        stages.append({"title": title, "due": due.isoformat()})
    if not stages:
        raise InvalidAnswer("form-stage-format", line=text.strip()[:80])
    return stages


def _unit_days(unit: str) -> int:
    unit = unit.lower()
    if unit.startswith(("нед", "week", "w")):
        return 7
    if unit.startswith(("мес", "month")):
        return 30
    return 1


def stage_deadlines(stages: list[dict[str, Any]], start: date) -> list[date]:
    """Stages with durations follow one another from `start`; a stage with a date keeps it."""
    deadlines = []
    cursor = start
    for stage in stages:
        if "due" in stage:
            cursor = date.fromisoformat(stage["due"])
        else:
            cursor = cursor + timedelta(days=int(stage["days"]))
        deadlines.append(cursor)
    return deadlines


Draft = TypeVar("Draft", bound=FormDraft)


class FormService(ABC, Generic[Draft]):
    """Moves a stored draft through its questions; subclasses say whose draft it is and
    where it is kept."""

    def __init__(self, db: Database, default_timezone: str) -> None:
        self.db = db
        self.default_timezone = default_timezone

    @abstractmethod
    async def _own_draft(self, conn: Reading, person: Person, draft_id: int) -> Draft:
        """The draft if this person may fill it; raise otherwise."""

    @abstractmethod
    async def _load(self, conn: Reading, draft_id: int) -> Draft | None:
        """The draft as stored."""

    # The table holding the drafts, and what else a change resets (e.g. a sent nudge).
    table: ClassVar[str]
    also_on_save: ClassVar[str] = ""

    async def _save(self, conn: Connection, draft: Draft, step: Step) -> Draft:
        """Store the new answers and position; return the draft as stored."""
        await conn.execute(
            f"UPDATE {self.table} SET answers = ?, current_question = ?, editing = ?,"
            f" updated_at = ?{self.also_on_save} WHERE id = ?",
            (
                json.dumps(step.answers, ensure_ascii=False),
                step.current,
                int(step.editing),
                self.db.now_text(),
                draft.id,
            ),
        )
        saved = await self._load(conn, draft.id)
        assert saved is not None
        return saved

    async def open_draft(self, person: Person, draft_id: int) -> Draft | None:
        async with self.db.reading() as conn:
            try:
                return await self._own_draft(conn, person, draft_id)
            except DomainError:
                return None

    async def answer_text(
        self, person: Person, draft_id: int, question_id: str, text: str
    ) -> Draft:
        async with self.db.transaction() as conn:
            draft = await self._own_draft(conn, person, draft_id)
            question = current(draft, question_id)
            if question.type is QuestionType.STAGES:
                step = add_stages(draft, question, text)
            else:
                step = answered(
                    draft, question, value_from_text(question, text, self.today(person))
                )
            return await self._save(conn, draft, step)

    async def choose(
        self, person: Person, draft_id: int, question_id: str, option_id: str
    ) -> Draft:
        """A button under a choice or yes/no question; multiple choice toggles and stays."""
        return await self._move(person, draft_id, question_id, choose, option_id)

    async def add_file(
        self, person: Person, draft_id: int, question_id: str, file: FileRef
    ) -> Draft:
        return await self._move(person, draft_id, question_id, add_file, file)

    async def done(self, person: Person, draft_id: int, question_id: str) -> Draft:
        return await self._move(person, draft_id, question_id, done)

    async def clear(self, person: Person, draft_id: int, question_id: str) -> Draft:
        return await self._move(person, draft_id, question_id, cleared)

    async def skip(self, person: Person, draft_id: int, question_id: str) -> Draft:
        return await self._move(person, draft_id, question_id, skipped)

    async def back(self, person: Person, draft_id: int, question_id: str) -> Draft:
        return await self._move(person, draft_id, question_id, back)

    async def edit(self, person: Person, draft_id: int, question_id: str) -> Draft:
        """From the summary: show one question again; answering it returns to the summary."""
        async with self.db.transaction() as conn:
            draft = await self._own_draft(conn, person, draft_id)
            return await self._save(conn, draft, edit(draft, question_id))

    async def to_summary(self, person: Person, draft_id: int) -> Draft:
        async with self.db.transaction() as conn:
            draft = await self._own_draft(conn, person, draft_id)
            return await self._save(conn, draft, to_summary(draft))

    def today(self, person: Person) -> date:
        return local_today(self.db.clock, person.timezone or self.default_timezone)

    async def _move(
        self,
        person: Person,
        draft_id: int,
        question_id: str,
        move: Callable[..., Step],
        *extra: Any,
    ) -> Draft:
        async with self.db.transaction() as conn:
            draft = await self._own_draft(conn, person, draft_id)
            return await self._save(conn, draft, move(draft, current(draft, question_id), *extra))
