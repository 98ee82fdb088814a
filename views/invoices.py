"""How an invoice reads: the card, the list line, the printable document."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from services.clock import from_db
from services.invoices import Invoice
from services.notices import OverdueInvoice
from services.parsing import Money
from views.texts import Translate, format_day, format_moment, say


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


_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1b1b1b;
       max-width: 760px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.4em; } .muted { color: #555; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin-top: 1.5em; }
th, td { border: 1px solid #999; padding: .5em .7em; text-align: left; }
td.sum { text-align: right; white-space: nowrap; }
@media print { body { margin: 0; max-width: none; } }
"""


def invoice_document(
    invoice: Invoice,
    language: str,
    translate: Translate,
    timezone: str,
    agency: str,
    requisites: str,
) -> bytes:
    """A standalone UTF-8 HTML invoice with the agency's requisites; prints on one page."""
    escape = html.escape
    args = invoice_args(invoice, language, translate, agency)
    issued = (
        format_moment(from_db(invoice.issued_at), timezone, language) if invoice.issued_at else ""
    )
    number, text = args["number"], partial(say, translate)
    page = f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8">
<title>{text("invoice-doc-title", number=number)}</title><style>{_STYLE}</style></head><body>
<h1>{text("invoice-doc-heading", number=number, issued=issued)}</h1>
<p><b>{translate("invoice-doc-supplier")}:</b> {escape(args["agency"])}</p>
<p class="muted">{escape(requisites)}</p>
<p><b>{translate("invoice-doc-customer")}:</b> {escape(invoice.company_name)}</p>
<table><tr><th>{translate("invoice-doc-purpose")}</th><th>{translate("invoice-doc-amount")}</th></tr>
<tr><td>{escape(args["purpose"])}</td><td class="sum">{escape(args["amount"])}</td></tr></table>
<p><b>{translate("invoice-doc-due")}:</b> {escape(args["due"])}</p>
</body></html>
"""
    return page.encode("utf-8")


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
