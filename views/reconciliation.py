"""A reconciliation statement as an accountant reads it: per currency, the balance the
period opened with, each invoice (debit) and payment (credit) by date, the turnover, the
closing balance, and who owes whom — with the sum in words and both sides' signatures."""

from __future__ import annotations

from functools import partial

from services.billing.agency import Agency
from services.billing.reconciliation import EntryKind, Ledger, Reconciliation
from services.platform.parsing import Money
from views.amounts import amount_in_words
from views.invoices import party_line
from views.sheets import DocumentSheet, Drawing, FileKind, Section, Signer, Table
from views.texts import Translate, format_day, say_plain


def reconciliation_sheet(
    found: Reconciliation, translate: Translate, language: str, agency: Agency
) -> DocumentSheet:
    text = partial(say_plain, translate)
    agency_name = agency.name or translate("recon-agency-default")
    company = found.company
    start, end = format_day(found.start, language), format_day(found.end, language)
    facts = [
        (translate("act-doc-contractor"), party_line(agency.name, agency.requisites) or "—"),
        (translate("act-doc-customer"), party_line(company.name, company.requisites)),
    ]
    if company.contract:
        facts.append((translate("invoice-doc-basis"), company.contract))
    sections = tuple(
        _ledger_section(ledger, translate, language, agency_name, company.name, end)
        for ledger in found.ledgers
    )
    notes = () if sections else (text("recon-nothing", start=start, end=end),)
    return DocumentSheet(
        title=text("recon-title", start=start, end=end),
        supplier=agency.name,
        requisites=agency.requisites if agency.name else "",
        facts=tuple(facts),
        sections=sections,
        notes=notes,
        signers=(
            Signer(
                text("recon-from", party=agency_name),
                agency.head_name,
                signature=agency.signature,
                stamp=agency.stamp,
            ),
            Signer(text("recon-from", party=company.name), ""),
        ),
        signature_hint=translate("doc-signature"),
        page_label=text("doc-page", page="{page}", pages="{pages}"),
    )


def _ledger_section(
    ledger: Ledger, translate: Translate, language: str, agency: str, company: str, end: str
) -> Section:
    text = partial(say_plain, translate)

    def money(minor: int) -> str:
        return Money(minor, ledger.currency).format(language) if minor else ""

    def balance_row(label: str, minor: int) -> tuple[str, ...]:
        return ("", label, money(max(minor, 0)), money(max(-minor, 0)))

    rows = [balance_row(translate("recon-opening"), ledger.opening_minor)]
    for entry in ledger.entries:
        key = "recon-invoice" if entry.kind == EntryKind.INVOICE else "recon-payment"
        rows.append(
            (
                entry.day.strftime("%d.%m.%Y"),  # as ledgers write it, in one line
                text(key, number=entry.number),
                money(entry.debit_minor),
                money(entry.credit_minor),
            )
        )
    rows.append(
        ("", translate("recon-turnover"), money(ledger.debit_minor), money(ledger.credit_minor))
    )
    rows.append(balance_row(translate("recon-closing"), ledger.closing_minor))
    closing = ledger.closing_minor
    owed = Money(abs(closing), ledger.currency)
    if closing == 0:
        verdict = text("recon-settled", agency=agency, end=end)
    else:
        verdict = text(
            "recon-owes",
            agency=agency,
            end=end,
            creditor=agency if closing > 0 else company,
            amount=owed.format(language),
            words=amount_in_words(owed, language),
        )
    return Section(
        caption=text("recon-currency", currency=ledger.currency),
        table=Table(
            header=(
                translate("recon-day"),
                translate("recon-document"),
                translate("recon-debit"),
                translate("recon-credit"),
            ),
            rows=tuple(rows),
            widths=(0.15, 0.45, 0.2, 0.2),
            right_aligned=frozenset({2, 3}),
        ),
        notes=(verdict,),
    )


def reconciliation_drawing(
    found: Reconciliation, translate: Translate, language: str, agency: Agency
) -> Drawing:
    sheet = reconciliation_sheet(found, translate, language, agency)
    name = f"reconciliation-{found.company.id}-{found.start:%Y%m%d}-{found.end:%Y%m%d}.pdf"
    subject = f"reconciliation:{found.company.id}:{found.start}:{found.end}"
    return Drawing(sheet, FileKind.DOCUMENT, name, subject, language)
