"""How a brief looks to the AM: the alert's key answers, the card, the document."""

from __future__ import annotations

from services.billing.agency import Agency
from services.platform.clock import from_db
from services.questionnaires.briefs import Brief
from views.forms import answer_text, shorten, summary_lines
from views.sheets import DocumentSheet, Drawing, FileKind
from views.texts import Translate, format_moment, say, say_plain


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


def brief_sheet(
    brief: Brief, translate: Translate, language: str, timezone: str, agency: Agency
) -> DocumentSheet:
    """The brief as the AM files it: every answer under its full question."""
    title = say_plain(
        translate, "brief-document-title", brief_id=brief.id, company=brief.company_name
    )
    submitted = (
        format_moment(from_db(brief.submitted_at), timezone, language)
        if brief.submitted_at
        else "—"
    )
    meta = (
        (translate("brief-doc-template"), brief.template.title.get(language)),
        (translate("brief-doc-client"), brief.client_name),
        (translate("brief-doc-submitted"), submitted),
    )
    answers = tuple(
        (q.text.get(language), answer_text(q, value, language, translate))
        for q, value in brief.answered()
    )
    name, requisites = agency.name, agency.requisites
    return DocumentSheet(
        title=title,
        supplier=name,
        requisites=requisites if name else "",
        facts=meta + answers,
        page_label=say_plain(translate, "doc-page", page="{page}", pages="{pages}"),
    )


def brief_drawing(
    brief: Brief, translate: Translate, language: str, timezone: str, agency: Agency
) -> Drawing:
    sheet = brief_sheet(brief, translate, language, timezone, agency)
    return Drawing(sheet, FileKind.DOCUMENT, f"brief-{brief.id}.pdf", f"brief:{brief.id}", language)
