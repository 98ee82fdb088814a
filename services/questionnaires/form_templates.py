"""Brief questionnaires as data: TOML files validated by pydantic at start-up.

An agency edits or adds a file in `templates/briefs/`; no code changes.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "briefs"
PROPOSAL_TEMPLATE = TEMPLATES_DIR.parent / "proposal.toml"
INVOICE_TEMPLATE = TEMPLATES_DIR.parent / "invoice.toml"
_ID = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class TemplateError(RuntimeError):
    def __init__(self, filename: str, problems: list[str]) -> None:
        super().__init__(f"brief template {filename}: " + "; ".join(problems))
        self.filename = filename
        self.problems = problems


class QuestionType(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    YES_NO = "yes_no"
    FILE = "file"
    LINK = "link"
    STAGES = "stages"  # a list, one "title — duration or date" a line
    LINES = "lines"  # a document's lines, one "title — 2 × 50 000 ₽ усл." a line


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE)
TEXT_LIMITS = {QuestionType.SHORT_TEXT: 300, QuestionType.LONG_TEXT: 3000}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.ru


class Option(Strict):
    id: _ID
    ru: str = Field(min_length=1, max_length=60)
    en: str = Field(min_length=1, max_length=60)

    def label(self, language: str) -> str:
        return self.en if language == "en" else self.ru


class Condition(Strict):
    """Show a question only when an earlier answer is (or includes) one of these values."""

    question: _ID
    any_of: list[str] = Field(min_length=1)


class Question(Strict):
    id: _ID
    type: QuestionType
    title: Localized
    text: Localized
    hint: Localized | None = None
    required: bool = True
    key: bool = False
    options: list[Option] = Field(default_factory=list)
    min_length: int | None = Field(default=None, ge=1)
    max_length: int | None = Field(default=None, ge=1, le=3500)
    min: float | None = None
    max: float | None = None
    future: bool = False
    max_files: int = Field(default=10, ge=1, le=20)
    show_if: Condition | None = None

    @model_validator(mode="after")
    def _fits_its_type(self) -> Self:
        if self.type in CHOICE_TYPES and len(self.options) < 2:
            raise ValueError(f"question {self.id}: a choice needs at least two options")
        if self.type not in CHOICE_TYPES and self.options:
            raise ValueError(f"question {self.id}: options only fit choice questions")
        if len({o.id for o in self.options}) != len(self.options):
            raise ValueError(f"question {self.id}: option ids repeat")
        if self.future and self.type is not QuestionType.DATE:
            raise ValueError(f"question {self.id}: 'future' only fits a date question")
        return self

    def text_limit(self) -> int:
        return self.max_length or TEXT_LIMITS.get(self.type, 300)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class FormTemplate(Strict):
    id: _ID
    version: int = Field(ge=1)
    title: Localized
    description: Localized
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        seen: dict[str, Question] = {}
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id} appears twice")
            condition = question.show_if
            if condition is not None:
                source = seen.get(condition.question)
                if source is None:
                    raise ValueError(
                        f"question {question.id}: show_if refers to {condition.question},"
                        " which is not an earlier question"
                    )
                allowed = {o.id for o in source.options} or {"yes", "no"}
                unknown = set(condition.any_of) - allowed
                if unknown:
                    raise ValueError(
                        f"question {question.id}: show_if values {sorted(unknown)}"
                        f" are not answers of {source.id}"
                    )
            seen[question.id] = question
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def visible(self, answers: dict[str, Any]) -> list[Question]:
        """The questions that apply given the answers so far."""
        shown = []
        for question in self.questions:
            condition = question.show_if
            if condition is not None:
                answer = answers.get(condition.question)
                values = answer if isinstance(answer, list) else [answer]
                if not set(values) & set(condition.any_of):
                    continue
            shown.append(question)
        return shown


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{location}: {message}" if location else message)
    return problems


def load_template(path: Path) -> FormTemplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(path.name, [f"not valid TOML: {error}"]) from error
    try:
        return FormTemplate.model_validate(data)
    except ValidationError as error:
        raise TemplateError(path.name, _describe(error)) from error


def load_templates(directory: Path | None = None) -> dict[str, FormTemplate]:
    templates: dict[str, FormTemplate] = {}
    for path in sorted((directory or TEMPLATES_DIR).glob("*.toml")):
        template = load_template(path)
        if template.id in templates:
            raise TemplateError(path.name, [f"id: {template.id} is already used by another file"])
        templates[template.id] = template
    if not templates:
        raise TemplateError(str(directory or TEMPLATES_DIR), ["no brief templates (*.toml) found"])
    return templates
