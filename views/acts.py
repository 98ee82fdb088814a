"""An act of completed work as a printable sheet: what was done, for how much, signed by
both sides."""

from __future__ import annotations

from services.billing.acts import Act, ActWork
from services.billing.agency import Agency
from services.platform.clock import local_day
from views.sheets import DocumentSheet, Drawing, FileKind, Signer, Table
from views.texts import Translate, format_day, say_plain


def act_title(act: Act, translate: Translate, language: str, timezone: str) -> str:
    day = local_day(act.created_at, timezone)
    return say_plain(translate, "act-doc-title", number=act.number, day=format_day(day, language))


def work_text(work: ActWork, translate: Translate, language: str) -> str:
    """A work's line: its title, and each version the client approved in the chat."""
    approvals = [
        say_plain(translate, "act-doc-approved", version=version, day=format_day(day, language))
        for version, day in work.approved
    ]
    return "\n".join([work.title, *approvals])


def act_sheet(
    act: Act, translate: Translate, language: str, timezone: str, agency: Agency
) -> DocumentSheet:
    name, requisites = agency.name, agency.requisites
    amount = act.amount.format(language)
    rows = tuple(
        (
            str(number),
            work_text(work, translate, language),
            format_day(work.finished, language) if work.finished else "—",
        )
        for number, work in enumerate(act.works, 1)
    )
    supplier = name or translate("invoice-agency-default")
    return DocumentSheet(
        title=act_title(act, translate, language, timezone),
        supplier=name,
        requisites=requisites if name else "",
        facts=(
            (translate("act-doc-contractor"), supplier),
            (translate("act-doc-customer"), act.company_name),
            (translate("act-doc-project"), act.project_title),
        ),
        table=Table(
            header=(
                translate("invoice-doc-number"),
                translate("act-doc-work"),
                translate("act-doc-finished"),
            ),
            rows=rows,
            widths=(0.08, 0.64, 0.28),
        ),
        totals=((translate("invoice-doc-total"), amount),),
        notes=(say_plain(translate, "act-doc-statement", amount=amount),),
        signers=(
            Signer(translate("act-doc-contractor"), ""),
            Signer(translate("act-doc-customer"), ""),
        ),
        signature_hint=translate("doc-signature"),
        page_label=say_plain(translate, "doc-page", page="{page}", pages="{pages}"),
    )


def act_drawing(
    act: Act, translate: Translate, language: str, timezone: str, agency: Agency
) -> Drawing:
    sheet = act_sheet(act, translate, language, timezone, agency)
    return Drawing(sheet, FileKind.DOCUMENT, f"act-{act.number}.pdf", act.subject, language)
