"""An act of completed work as a printable sheet: what was done, for how much, signed by
both sides."""

from __future__ import annotations

from functools import partial

from services.billing.acts import Act, ActWork
from services.billing.agency import Agency
from services.billing.tax import TaxMode, taxed
from services.platform.clock import local_day
from services.platform.parsing import Money
from views.amounts import amount_in_words, tax_totals
from views.invoices import party_line
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
    """The act as an accountant files it: both parties with their requisites, its basis,
    the work done, the sum with its VAT and in words, and both signatures."""
    text = partial(say_plain, translate)
    currency = act.amount.currency
    total = act.tax or taxed(act.amount.minor, TaxMode.NONE, None)

    def sum_text(minor: int) -> str:
        return Money(minor, currency).format(language)

    rows = tuple(
        (
            str(number),
            work_text(work, translate, language),
            format_day(work.finished, language) if work.finished else "—",
        )
        for number, work in enumerate(act.works, 1)
    )
    facts = [
        (translate("act-doc-contractor"), party_line(agency.name, agency.requisites) or "—"),
        (translate("act-doc-customer"), party_line(act.company_name, act.company_requisites)),
    ]
    basis = act.basis
    if basis is None and act.basis_invoice is not None:
        number, issued = act.basis_invoice
        day = format_day(local_day(issued, timezone), language)
        basis = text("act-doc-basis-invoice", number=number, day=day)
    if basis:
        facts.append((translate("invoice-doc-basis"), basis))
    facts.append((translate("act-doc-project"), act.project_title))
    totals = tax_totals(
        total, currency, language, translate, agency.tax_label, "act-doc-grand-total"
    )
    amount = sum_text(total.total_minor)
    notes = [text("act-doc-count", count=len(act.works), total=amount)]
    if total.mode is TaxMode.NONE and language == "ru":
        notes.append(agency.tax.basis)
    notes.append(text("act-doc-statement", amount=amount))
    spelled = language == "ru" or agency.words_in_english
    return DocumentSheet(
        title=act_title(act, translate, language, timezone),
        supplier=agency.name,
        requisites=agency.requisites if agency.name else "",
        facts=tuple(facts),
        table=Table(
            header=(
                translate("invoice-doc-number"),
                translate("act-doc-work"),
                translate("act-doc-finished"),
            ),
            rows=rows,
            widths=(0.08, 0.64, 0.28),
        ),
        totals=tuple(totals),
        notes=tuple(notes),
        words=amount_in_words(Money(total.total_minor, currency), language) if spelled else "",
        signers=(
            Signer(
                translate("act-doc-contractor"),
                agency.head_name,
                signature=agency.signature,
                stamp=agency.stamp,
            ),
            Signer(translate("act-doc-customer"), ""),
        ),
        signature_hint=translate("doc-signature"),
        page_label=text("doc-page", page="{page}", pages="{pages}"),
    )


def act_drawing(
    act: Act, translate: Translate, language: str, timezone: str, agency: Agency
) -> Drawing:
    sheet = act_sheet(act, translate, language, timezone, agency)
    return Drawing(sheet, FileKind.DOCUMENT, f"act-{act.number}.pdf", act.subject, language)
