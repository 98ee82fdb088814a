"""How a brief looks: the question on screen, the summary, the AM's alert, the document."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date

from handlers.callbacks import BriefAnswerAction, BriefAnswerCb, BriefSummaryAction, BriefSummaryCb
from handlers.texts import Translate, format_moment, say
from services.briefs import Brief
from services.clock import from_db
from services.form_templates import Question, QuestionType
from services.parsing import Money

SHORTENED = 300


def shorten(text: str, limit: int = SHORTENED) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_text(question: Question, value: Any, language: str, translate: Translate) -> str:
    """An answer as a reader sees it (plain text, not yet escaped)."""
    kind = question.type
    if kind is QuestionType.MONEY:
        return Money(value["minor"], value["currency"]).format(language)
    if kind is QuestionType.DATE:
        return format_date(date.fromisoformat(value), "d MMMM y", locale=language)
    if kind is QuestionType.YES_NO:
        return translate("form-yes" if value == "yes" else "form-no")
    if kind is QuestionType.SINGLE_CHOICE:
        option = question.option(value)
        return option.label(language) if option else value
    if kind is QuestionType.MULTI_CHOICE:
        labels = [o.label(language) for o in question.options if o.id in value]
        return ", ".join(labels)
    if kind is QuestionType.FILE:
        names = ", ".join(f["name"] for f in value)
        return say(translate, "form-files", count=len(value), names=names)
    return str(value)


def question_message(
    brief: Brief, translate: Translate, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    question = brief.question()
    assert question is not None
    number, total = brief.position()
    lines = [
        say(
            translate,
            "form-progress",
            number=number,
            total=total,
            template=brief.template.title.get(language),
        )
    ]
    lines.append(f"<b>{html.escape(question.text.get(language))}</b>")
    if question.hint is not None:
        lines.append(f"<i>{html.escape(question.hint.get(language))}</i>")
    current = brief.answers.get(question.id)
    if current not in (None, "", []) and question.type not in (
        QuestionType.MULTI_CHOICE,
        QuestionType.FILE,
    ):
        lines.append(
            say(
                translate,
                "form-current-answer",
                answer=shorten(answer_text(question, current, language, translate)),
            )
        )
    if question.type is QuestionType.FILE and current:
        lines.append(say(translate, "form-files-so-far", count=len(current)))
    if not question.required:
        lines.append(translate("form-optional"))
    return "\n\n".join(lines), question_keyboard(brief, question, translate, language)


def question_keyboard(
    brief: Brief, question: Question, translate: Translate, language: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    index = brief.template.questions.index(question)

    def answer_cb(action: BriefAnswerAction, option: int = -1) -> BriefAnswerCb:
        return BriefAnswerCb(id=brief.id, q=index, action=action, option=option)

    if question.type is QuestionType.YES_NO:
        builder.button(text=translate("form-yes"), callback_data=answer_cb(BriefAnswerAction.YES))
        builder.button(text=translate("form-no"), callback_data=answer_cb(BriefAnswerAction.NO))
        builder.adjust(2)
    elif question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        chosen = brief.answers.get(question.id) or []
        for position, option in enumerate(question.options):
            mark = (
                "✓ " if question.type is QuestionType.MULTI_CHOICE and option.id in chosen else ""
            )
            builder.button(
                text=mark + option.label(language),
                callback_data=answer_cb(BriefAnswerAction.OPTION, position),
            )
        builder.adjust(1)
    navigation = InlineKeyboardBuilder()
    if question.type in (QuestionType.MULTI_CHOICE, QuestionType.FILE):
        navigation.button(
            text=translate("btn-form-done"), callback_data=answer_cb(BriefAnswerAction.DONE)
        )
    number, _ = brief.position()
    if number > 1 and not brief.editing:
        navigation.button(
            text=translate("btn-form-back"), callback_data=answer_cb(BriefAnswerAction.BACK)
        )
    if not question.required:
        navigation.button(
            text=translate("btn-form-skip"), callback_data=answer_cb(BriefAnswerAction.SKIP)
        )
    if brief.editing and not brief.missing_required():
        navigation.button(
            text=translate("btn-form-to-summary"),
            callback_data=answer_cb(BriefAnswerAction.SUMMARY),
        )
    navigation.button(
        text=translate("btn-form-save-exit"), callback_data=answer_cb(BriefAnswerAction.EXIT)
    )
    navigation.adjust(3)
    builder.attach(navigation)
    return builder.as_markup()


def summary_lines(brief: Brief, translate: Translate, language: str, *, limit: int) -> list[str]:
    lines = []
    for question, value in brief.answered():
        answer = shorten(answer_text(question, value, language, translate), limit)
        lines.append(f"<b>{html.escape(question.title.get(language))}</b>: {html.escape(answer)}")
    return lines


def summary_message(
    brief: Brief, translate: Translate, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    header = say(translate, "brief-summary", template=brief.template.title.get(language))
    text = "\n\n".join([header, *summary_lines(brief, translate, language, limit=SHORTENED)])
    builder = InlineKeyboardBuilder()
    for question, _ in brief.answered():
        builder.button(
            text=say(translate, "btn-form-edit", title=shorten(question.title.get(language), 40)),
            callback_data=BriefSummaryCb(
                id=brief.id,
                action=BriefSummaryAction.EDIT,
                q=brief.template.questions.index(question),
            ),
        )
    builder.adjust(2)
    finish = InlineKeyboardBuilder()
    finish.button(
        text=translate("btn-brief-submit"),
        callback_data=BriefSummaryCb(id=brief.id, action=BriefSummaryAction.SUBMIT),
    )
    finish.button(
        text=translate("btn-form-save-exit"),
        callback_data=BriefSummaryCb(id=brief.id, action=BriefSummaryAction.EXIT),
    )
    finish.adjust(1)
    builder.attach(finish)
    return text, builder.as_markup()


def key_answers(brief: Brief, translate: Translate, language: str) -> str:
    """Plain lines for the AM's alert: budget, deadlines, goal (escaped when rendered)."""
    lines = []
    for question, value in brief.answered():
        if question.key:
            answer = shorten(answer_text(question, value, language, translate), 200)
            lines.append(f"{question.title.get(language)}: {answer}")
    return "\n".join(lines) or "—"


def status_text(brief: Brief, translate: Translate) -> str:
    return translate(f"brief-status-{brief.status.replace('_', '-')}")


def staff_card(brief: Brief, translate: Translate, language: str, timezone: str) -> str:
    submitted = (
        format_moment(from_db(brief.submitted_at), timezone, language) if brief.submitted_at else ""
    )
    header = say(
        translate,
        "brief-card",
        brief_id=brief.id,
        company=brief.company_name,
        template=brief.template.title.get(language),
        client=brief.client_name,
        submitted=submitted,
        status=status_text(brief, translate),
        taken_by=brief.taken_by_name or "none",
    )
    return "\n\n".join([header, *summary_lines(brief, translate, language, limit=600)])


_DOCUMENT_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1b1b1b;
       max-width: 820px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
.meta { color: #555; margin-bottom: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .55em .7em;
         border-bottom: 1px solid #ddd; }
th { width: 32%; font-weight: 600; background: #f6f6f6; }
td { white-space: pre-wrap; }
@media print { body { margin: 0; max-width: none; } th { background: none; } }
"""


def brief_document(brief: Brief, translate: Translate, language: str, timezone: str) -> bytes:
    """A standalone HTML file: opens in any browser, prints cleanly, Cyrillic in UTF-8."""
    escape = html.escape
    title = say(translate, "brief-document-title", brief_id=brief.id, company=brief.company_name)
    submitted = (
        format_moment(from_db(brief.submitted_at), timezone, language) if brief.submitted_at else ""
    )
    meta = say(
        translate,
        "brief-document-meta",
        template=brief.template.title.get(language),
        client=brief.client_name,
        submitted=submitted,
    )
    rows = "\n".join(
        f"<tr><th>{escape(q.text.get(language))}</th>"
        f"<td>{escape(answer_text(q, value, language, translate))}</td></tr>"
        for q, value in brief.answered()
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_DOCUMENT_STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{title}</h1>\n<p class="meta">{meta}</p>\n<table>\n{rows}\n</table>\n'
        f"</body>\n</html>\n"
    )
    return page.encode("utf-8")


def document_name(brief: Brief) -> str:
    return f"brief-{brief.id}.html"
