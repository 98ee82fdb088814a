"""How an invoice reads: the card, the list line, the printable document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from services.billing.invoices import OPEN_STATUSES, Invoice
from services.billing.payment_qr import BankDetails, payment_payload
from services.delivery.notices import OverdueInvoice
from services.platform.clock import from_db
from services.platform.parsing import Money
from views.sheets import DocumentSheet, Drawing, FileKind, PaymentCode, QrSheet, Table
from views.texts import Translate, format_day, format_moment, say, say_plain


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
    agency: tuple[str, str],
    payment: str | None,
) -> DocumentSheet:
    """The printable invoice: the agency's requisites, what is paid for, what is still due,
    and, when the agency's bank details are set, the QR code a bank app pays from."""
    name, requisites = agency
    args = invoice_args(invoice, language, translate, name)
    number, text = args["number"], partial(say_plain, translate)
    issued = (
        format_moment(from_db(invoice.issued_at), timezone, language) if invoice.issued_at else "—"
    )
    facts = [
        (translate("invoice-doc-supplier"), args["agency"]),
        (translate("invoice-doc-customer"), invoice.company_name),
    ]
    if invoice.project_title:
        facts.append((translate("invoice-doc-project"), invoice.project_title))
    facts.append((translate("invoice-doc-due"), args["due"]))
    totals = [(translate("invoice-doc-total"), args["amount"])]
    if invoice.paid_minor:
        totals += [
            (translate("invoice-doc-paid"), args["paid"]),
            (translate("invoice-doc-balance"), args["balance"]),
        ]
    code = (
        PaymentCode(payment, text("invoice-doc-qr", balance=args["balance"])) if payment else None
    )
    return DocumentSheet(
        title=text("invoice-doc-heading", number=number, issued=issued),
        supplier=args["agency"],
        requisites=requisites,
        facts=tuple(facts),
        table=Table(
            header=(
                translate("invoice-doc-number"),
                translate("invoice-doc-purpose"),
                translate("invoice-doc-amount"),
            ),
            rows=(("1", args["purpose"] or "—", args["amount"]),),
            widths=(0.08, 0.67, 0.25),
            right_aligned=frozenset({2}),
        ),
        totals=tuple(totals),
        payment=code,
        page_label=text("doc-page", page="{page}", pages="{pages}"),
    )


def invoice_drawing(
    invoice: Invoice,
    language: str,
    translate: Translate,
    timezone: str,
    agency: tuple[str, str],
    bank: BankDetails | None,
) -> Drawing:
    sheet = invoice_sheet(
        invoice, language, translate, timezone, agency, invoice_payment(invoice, bank)
    )
    filename = f"invoice-{invoice.number or invoice.id}.pdf"
    return Drawing(sheet, FileKind.DOCUMENT, filename, f"invoice:{invoice.id}", language)


def invoice_payment(invoice: Invoice, bank: BankDetails | None) -> str | None:
    """What a bank app reads to pay the balance; none for a paid or cancelled invoice."""
    if invoice.status not in OPEN_STATUSES:
        return None
    return payment_payload(
        bank, invoice.number or str(invoice.id), invoice.purpose, invoice.balance
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
