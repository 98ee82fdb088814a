"""How a draft looks while it is filled: the question on screen and the summary."""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.numbers import format_decimal

from services.platform.parsing import Line, Money, Unit
from services.questionnaires.form_templates import Question, QuestionType
from services.questionnaires.forms import FormDraft
from views.callbacks import (
    FormAnswerAction,
    FormAnswerCb,
    FormKind,
    FormSummaryAction,
    FormSummaryCb,
)
from views.texts import Translate, format_day, say

SHORTENED = 300
LIST_TYPES = (QuestionType.MULTI_CHOICE, QuestionType.FILE, QuestionType.STAGES)


def shorten(text: str, limit: int = SHORTENED) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def stage_line(stage: dict[str, Any], language: str, translate: Translate) -> str:
    if "due" in stage:
        when = format_day(date.fromisoformat(stage["due"]), language)
    else:
        when = say(translate, "stage-days", days=int(stage["days"]))
    return f"{stage['title']} — {when}"


def answer_text(question: Question, value: Any, language: str, translate: Translate) -> str:
    """An answer as a reader sees it (plain text, not yet escaped)."""
    kind = question.type
    if kind is QuestionType.MONEY:
        return Money(value["minor"], value["currency"]).format(language)
    if kind is QuestionType.DATE:
        return format_day(date.fromisoformat(value), language)
    if kind is QuestionType.YES_NO:
        return translate("form-yes" if value == "yes" else "form-no")
    if kind is QuestionType.SINGLE_CHOICE:
        option = question.option(value)
        return option.label(language) if option else value
    if kind is QuestionType.MULTI_CHOICE:
        return ", ".join(o.label(language) for o in question.options if o.id in value)
    if kind is QuestionType.FILE:
        names = ", ".join(f["name"] for f in value)
        return say(translate, "form-files", count=len(value), names=names)
    if kind is QuestionType.STAGES:
        return "; ".join(stage_line(s, language, translate) for s in value)
    if kind is QuestionType.LINES:
        return "\n".join(
            document_line(number, Line.from_json(item), language, translate)
            for number, item in enumerate(value, 1)
        )
    return str(value)


def unit_text(unit: Unit, translate: Translate) -> str:
    return translate(f"unit-{unit.value}")


def quantity_text(quantity: Decimal, language: str) -> str:
    return format_decimal(quantity, "#,##0.###", locale=language)


def document_line(number: int, line: Line, language: str, translate: Translate) -> str:
    """'1. Дизайн главной — 2 усл. × 50 000,00 ₽ = 100 000,00 ₽'"""
    total = Money(line.sum_minor, line.price.currency).format(language)
    return (
        f"{number}. {line.title} — {quantity_text(line.quantity, language)}"
        f" {unit_text(line.unit, translate)} × {line.price.format(language)} = {total}"
    )


def question_message(
    draft: FormDraft, form: FormKind, translate: Translate, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    question = draft.question()
    assert question is not None
    number, total = draft.position()
    lines = [
        say(
            translate,
            "form-progress",
            number=number,
            total=total,
            template=draft.template.title.get(language),
        )
    ]
    lines.append(f"<b>{html.escape(question.text.get(language))}</b>")
    if question.hint is not None:
        lines.append(f"<i>{html.escape(question.hint.get(language))}</i>")
    current = draft.answers.get(question.id)
    if current not in (None, "", []) and question.type not in LIST_TYPES:
        answer = shorten(answer_text(question, current, language, translate))
        lines.append(say(translate, "form-current-answer", answer=answer))
    if question.type is QuestionType.FILE and current:
        lines.append(say(translate, "form-files-so-far", count=len(current)))
    if question.type is QuestionType.STAGES and current:
        stages = "\n".join(
            f"{n}. {html.escape(stage_line(s, language, translate))}"
            for n, s in enumerate(current, 1)
        )
        lines.append(f"{translate('form-stages-so-far')}\n{stages}")
    if not question.required:
        lines.append(translate("form-optional"))
    return "\n\n".join(lines), question_keyboard(draft, form, question, translate, language)


def question_keyboard(
    draft: FormDraft, form: FormKind, question: Question, translate: Translate, language: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    index = draft.template.questions.index(question)

    def answer_cb(action: FormAnswerAction, option: int = -1) -> FormAnswerCb:
        return FormAnswerCb(form=form, id=draft.id, q=index, action=action, option=option)

    if question.type is QuestionType.YES_NO:
        builder.button(text=translate("form-yes"), callback_data=answer_cb(FormAnswerAction.YES))
        builder.button(text=translate("form-no"), callback_data=answer_cb(FormAnswerAction.NO))
        builder.adjust(2)
    elif question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        chosen = draft.answers.get(question.id) or []
        for position, option in enumerate(question.options):
            ticked = question.type is QuestionType.MULTI_CHOICE and option.id in chosen
            builder.button(
                text=("✓ " if ticked else "") + option.label(language),
                callback_data=answer_cb(FormAnswerAction.OPTION, position),
            )
        builder.adjust(1)
    navigation = InlineKeyboardBuilder()
    if question.type in LIST_TYPES:
        navigation.button(
            text=translate("btn-form-done"), callback_data=answer_cb(FormAnswerAction.DONE)
        )
    if question.type is QuestionType.STAGES and draft.answers.get(question.id):
        navigation.button(
            text=translate("btn-form-clear"), callback_data=answer_cb(FormAnswerAction.CLEAR)
        )
    number, _ = draft.position()
    if number > 1 and not draft.editing:
        navigation.button(
            text=translate("btn-form-back"), callback_data=answer_cb(FormAnswerAction.BACK)
        )
    if not question.required:
        navigation.button(
            text=translate("btn-form-skip"), callback_data=answer_cb(FormAnswerAction.SKIP)
        )
    if draft.editing and not draft.missing_required():
        navigation.button(
            text=translate("btn-form-to-summary"), callback_data=answer_cb(FormAnswerAction.SUMMARY)
        )
    navigation.button(
        text=translate("btn-form-save-exit"), callback_data=answer_cb(FormAnswerAction.EXIT)
    )
    navigation.adjust(3)
    builder.attach(navigation)
    return builder.as_markup()


def summary_lines(
    draft: FormDraft, translate: Translate, language: str, *, limit: int
) -> list[str]:
    lines = []
    for question, value in draft.answered():
        answer = shorten(answer_text(question, value, language, translate), limit)
        lines.append(f"<b>{html.escape(question.title.get(language))}</b>: {html.escape(answer)}")
    return lines


def summary_message(
    draft: FormDraft,
    form: FormKind,
    header: str,
    finish_buttons: list[tuple[str, FormSummaryAction]],
    translate: Translate,
    language: str,
) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n\n".join([header, *summary_lines(draft, translate, language, limit=SHORTENED)])
    builder = InlineKeyboardBuilder()
    for question, _ in draft.answered():
        builder.button(
            text=say(translate, "btn-form-edit", title=shorten(question.title.get(language), 40)),
            callback_data=FormSummaryCb(
                form=form,
                id=draft.id,
                action=FormSummaryAction.EDIT,
                q=draft.template.questions.index(question),
            ),
        )
    builder.adjust(2)
    finish = InlineKeyboardBuilder()
    for label, action in [
        *finish_buttons,
        (translate("btn-form-save-exit"), FormSummaryAction.EXIT),
    ]:
        finish.button(
            text=label, callback_data=FormSummaryCb(form=form, id=draft.id, action=action)
        )
    finish.adjust(1)
    builder.attach(finish)
    return text, builder.as_markup()
