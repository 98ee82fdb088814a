"""How a brief looks to the AM: the alert's key answers, the card, the document."""

from __future__ import annotations

import html

from services.briefs import Brief
from services.clock import from_db
from views.forms import answer_text, shorten, summary_lines
from views.texts import Translate, format_moment, say


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
