"""How an invoice reads: the card, the list line, the printable document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from services.billing.agency import Agency
from services.billing.invoices import OPEN_STATUSES, Invoice
from services.billing.payment_qr import BankDetails, payment_payload
from services.billing.tax import TaxMode, taxed
from services.delivery.notices import OverdueInvoice
from services.platform.clock import local_day
from services.platform.parsing import Money
from views.amounts import amount_in_words, tax_totals, vat_phrase
from views.forms import quantity_text, unit_text
from views.sheets import (
    BankBlock,
    DocumentSheet,
    Drawing,
    FileKind,
    PaymentCode,
    QrSheet,
    Signer,
    Table,
)
from views.texts import Translate, format_day, say, say_plain


def due_text(invoice: Invoice, language: str) -> str:
    return format_day(invoice.due_date, language) if invoice.due_date else "—"


def money(value: Money | None, language: str) -> str:
    return value.format(language) if value else "—"


def invoice_args(
    invoice: Invoice, language: str, translate: Translate, agency: str
) -> dict[str, Any]:
    return {
        "number": invoice.number or "—",
        "company": invoice.company_name,
        "manager": invoice.manager_name or "—",
        "project": invoice.project_title or "none",
        "purpose": invoice.purpose or "",
        "amount": money(invoice.amount, language),
        "paid": money(
            Money(invoice.paid_minor, invoice.amount.currency) if invoice.amount else None, language
        ),
        "balance": money(invoice.balance, language),
        "due": due_text(invoice, language),
        "agency": agency or translate("invoice-agency-default"),
        "status": translate(f"invoice-status-{invoice.status}"),
        "reminders": "on" if invoice.reminders_on and invoice.company_reminders_on else "off",
    }


def list_line(invoice: Invoice, today: date, language: str, translate: Translate) -> str:
    mark = "🔴" if invoice.overdue(today) else ("✅" if invoice.status == "paid" else "🧾")
    args = invoice_args(invoice, language, translate, "")
    return say(
        translate,
        "invoice-list-item",
        mark=mark,
        **{k: args[k] for k in ("number", "company", "balance", "amount", "due", "status")},
    )


def invoice_sheet(
    invoice: Invoice,
    language: str,
    translate: Translate,
    timezone: str,
    agency: Agency,
    payment: str | None,
) -> DocumentSheet:
    """The printable invoice in the form an accountant files: the payee's bank grid (in
    Russian), the parties, numbered lines with quantity, unit and price, the totals with
    VAT, the sum in words, who signs, and the payment QR code when it has one."""
    args = invoice_args(invoice, language, translate, agency.name)
    number, text = args["number"], partial(say_plain, translate)
    issued_day = local_day(invoice.issued_at, timezone) if invoice.issued_at else None
    issued = format_day(issued_day, language) if issued_day else "—"
    lines = invoice.lines
    currency = invoice.amount.currency if invoice.amount else "RUB"
    total = invoice.tax or taxed(sum(line.sum_minor for line in lines), TaxMode.NONE, None)

    def sum_text(minor: int) -> str:
        return Money(minor, currency).format(language)

    supplier = party_line(args["agency"], agency.requisites)
    customer = party_line(invoice.company_name, invoice.company_requisites)
    facts = [
        (translate("invoice-doc-supplier"), supplier),
        (translate("invoice-doc-customer"), customer),
    ]
    if invoice.company_contract:
        facts.append((translate("invoice-doc-basis"), invoice.company_contract))
    if invoice.project_title:
        facts.append((translate("invoice-doc-project"), invoice.project_title))
    facts.append((translate("invoice-doc-due"), args["due"]))
    rows = tuple(
        (
            str(position),
            line.title,
            quantity_text(line.quantity, language),
            unit_text(line.unit, translate),
            line.price.format(language),
            sum_text(line.sum_minor),
        )
        for position, line in enumerate(lines, 1)
    )
    totals = tax_totals(
        total, currency, language, translate, agency.tax_label, "invoice-doc-grand-total"
    )
    if invoice.paid_minor:
        totals += [
            (translate("invoice-doc-paid"), args["paid"]),
            (translate("invoice-doc-balance"), args["balance"]),
        ]
    notes = [
        text("invoice-doc-count", count=len(lines), total=sum_text(total.total_minor)),
    ]
    spelled = language == "ru" or agency.words_in_english
    words = amount_in_words(Money(total.total_minor, currency), language) if spelled else ""
    if total.mode is TaxMode.NONE and language == "ru":
        notes.append(agency.tax.basis)
    code = (
        PaymentCode(payment, text("invoice-doc-qr", balance=args["balance"])) if payment else None
    )
    bank = agency.bank if language == "ru" and currency == "RUB" else None
    if agency.bank is not None and bank is None:
        facts += _payment_details(agency, translate)
    return DocumentSheet(
        title=text("invoice-doc-heading", number=number, issued=issued),
        supplier=args["agency"] if bank is None else "",
        requisites=agency.requisites if bank is None else "",
        facts=tuple(facts),
        table=Table(
            header=(
                translate("invoice-doc-number"),
                translate("invoice-doc-line"),
                translate("invoice-doc-quantity"),
                translate("invoice-doc-unit"),
                translate("invoice-doc-price"),
                translate("invoice-doc-amount"),
            ),
            rows=rows,
            widths=(0.06, 0.38, 0.11, 0.08, 0.18, 0.19),
            right_aligned=frozenset({2, 4, 5}),
        ),
        totals=tuple(totals),
        notes=tuple(notes),
        words=words,
        payment=code,
        signers=(
            Signer(
                translate("doc-signer-head"),
                agency.head_name,
                signature=agency.signature,
                stamp=agency.stamp,
            ),
            Signer(translate("doc-signer-accountant"), agency.accountant_name),
        ),
        signature_hint=translate("doc-signature"),
        bank=_bank_block(bank, translate) if bank is not None else None,
        page_label=text("doc-page", page="{page}", pages="{pages}"),
    )


def party_line(name: str, requisites: str | None) -> str:
    """A party of a document on one line: its name, then its requisites (which often
    start with the full legal name: then that stands for the name)."""
    lines = [part.strip() for part in (requisites or "").splitlines() if part.strip()]
    if lines and name.casefold() in lines[0].casefold():
        return ", ".join(lines)
    return ", ".join([name, *lines]) if name else ", ".join(lines)


def _bank_block(bank: BankDetails, translate: Translate) -> BankBlock:
    def label(key: str) -> str:
        return translate(f"invoice-bank-{key}")

    return BankBlock(
        bank=(label("bank"), bank.bank_name),
        bic=(label("bic"), bank.bic),
        correspondent=(label("account"), bank.correspondent_account),
        inn=(label("inn"), bank.inn),
        kpp=(label("kpp"), bank.kpp),
        payee=(label("payee"), bank.payee),
        account=(label("account"), bank.account),
    )


def _payment_details(agency: Agency, translate: Translate) -> list[tuple[str, str]]:
    """Where a foreign or non-rouble payment goes: the international details."""
    bank = agency.bank
    assert bank is not None
    details = [(translate("invoice-bank-payee"), bank.payee)]
    if bank.iban:
        details.append(("IBAN", bank.iban))
        if bank.swift:
            details.append(("SWIFT/BIC", bank.swift))
    elif bank.account:
        details += [
            (translate("invoice-bank-bank"), bank.bank_name),
            (translate("invoice-bank-account"), bank.account),
            (translate("invoice-bank-bic"), bank.bic),
        ]
    return details


def invoice_drawing(
    invoice: Invoice, language: str, translate: Translate, timezone: str, agency: Agency
) -> Drawing:
    sheet = invoice_sheet(
        invoice, language, translate, timezone, agency, invoice_payment(invoice, agency.bank)
    )
    filename = f"invoice-{invoice.number or invoice.id}.pdf"
    return Drawing(sheet, FileKind.DOCUMENT, filename, f"invoice:{invoice.id}", language)


def invoice_payment(invoice: Invoice, bank: BankDetails | None) -> str | None:
    """What a bank app reads to pay the balance; none for a paid or cancelled invoice.
    Its purpose names the VAT, as a bank's payment order must."""
    if invoice.status not in OPEN_STATUSES:
        return None
    vat = None
    if invoice.tax is not None and invoice.amount is not None:
        vat = vat_phrase(invoice.tax, invoice.amount.currency, "ru")
    return payment_payload(
        bank, invoice.number or str(invoice.id), invoice.purpose, invoice.balance, vat
    )


def payment_qr_drawing(invoice: Invoice, bank: BankDetails | None) -> Drawing | None:
    payload = invoice_payment(invoice, bank)
    if payload is None:
        return None
    # The code reads the same in any language: one file id for every client.
    return Drawing(QrSheet(payload), FileKind.PHOTO, "pay.png", f"invoice-qr:{invoice.id}", "")


def overdue_summary(invoices: Sequence[OverdueInvoice], language: str) -> dict[str, str]:
    """A digest's overdue invoices, a line each, and what they add up to per currency."""
    lines = [
        f"{item.number} · {item.company} · "
        + Money(item.balance_minor, item.currency).format(language)
        for item in invoices
    ]
    totals: dict[str, int] = {}
    for item in invoices:
        totals[item.currency] = totals.get(item.currency, 0) + item.balance_minor
    sums = [Money(minor, currency).format(language) for currency, minor in totals.items()]
    return {"invoices": "\n".join(lines) or "none", "invoice_totals": ", ".join(sums) or "none"}
