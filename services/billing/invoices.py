"""Invoices: issued by the AM, paid (in parts) by the client, chased politely until paid.

Money is integer minor units with a currency, never float. Reminders are planned by
`services.planners.invoices`; paying, cancelling or reporting payment drops what is still
queued, and a trigger marks the invoice for its planner to look at again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.billing.tax import NO_VAT, RateChoice, TaxedSum, TaxMode, TaxPolicy, taxed
from services.conversation.chat import Chat
from services.db import Connection, Database, Reading, Row, inserted_id, one_row
from services.delivery.notices import (
    InvoiceCancelled,
    InvoiceDocument,
    InvoiceIssued,
    InvoiceReminder,
    PaymentNotReceived,
    PaymentRecorded,
    PaymentReported,
    ReminderStep,
    TelegramFile,
    invoice_subject,
)
from services.delivery.outbox import drop_queued, enqueue
from services.platform import audit
from services.platform.clock import local_today
from services.platform.errors import DomainError, InvalidInput, NotAllowed, NotFound
from services.platform.numbering import Sequence, next_number
from services.platform.parsing import Line, Money, Unit, parse_money
from services.questionnaires import forms
from services.questionnaires.form_templates import FormTemplate
from services.questionnaires.forms import FormDraft, FormService

OPEN_STATUSES = ("issued", "reported_paid")
SNOOZE_CHOICES = ("1d", "3d", "monday")


class InvoiceStatus:
    DRAFT = "draft"
    ISSUED = "issued"
    REPORTED_PAID = "reported_paid"
    PAID = "paid"
    CANCELLED = "cancelled"


@dataclass(frozen=True, kw_only=True)
class Invoice(FormDraft):
    number: str | None
    company_id: int
    company_name: str
    manager_id: int | None
    manager_name: str | None
    project_id: int | None
    project_title: str | None
    author_id: int
    status: str
    amount: Money | None
    paid_minor: int
    purpose: str | None
    due_date: date | None
    reminders_on: bool
    company_reminders_on: bool
    snoozed_until: date | None
    issued_at: str | None
    lines: tuple[Line, ...] = ()
    # the totals it was issued with (VAT included or on top); None while a draft
    tax: TaxedSum | None = None
    # the client company's requisites and contract, for the document's customer and basis
    company_requisites: str | None = None
    company_contract: str | None = None

    @property
    def balance(self) -> Money | None:
        if self.amount is None:
            return None
        return Money(self.amount.minor - self.paid_minor, self.amount.currency)

    def overdue(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < today

    @property
    def file(self) -> dict[str, Any] | None:
        files = self.answers.get("file") or []
        return files[0] if files else None


class Invoices(FormService[Invoice]):
    table = "invoices"

    def __init__(
        self,
        db: Database,
        form: FormTemplate,
        *,
        default_timezone: str,
        number_prefix: str,
        chat: Chat,
        tax: TaxPolicy = NO_VAT,
    ) -> None:
        super().__init__(db, default_timezone)
        self.chat = chat
        self.form = form
        self.number_prefix = number_prefix
        self.tax = tax

    # drafting and issuing ---------------------------------------------------------

    async def start(self, author: Person, company_id: int, project_id: int | None) -> Invoice:
        if not author.is_staff:
            raise NotAllowed()
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            company = await one_row(conn, "SELECT * FROM companies WHERE id = ?", company_id)
            if author.role is not Role.HEAD and company["manager_id"] != author.telegram_id:
                raise NotAllowed()
            if project_id is not None:
                project = await one_row(conn, "SELECT * FROM projects WHERE id = ?", project_id)
                if project["company_id"] != company_id:
                    raise NotAllowed()
            invoice_id = await inserted_id(
                conn,
                "INSERT INTO invoices (company_id, project_id, author_id, current_question,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    company_id,
                    project_id,
                    author.telegram_id,
                    forms.first_step(self.form).current,
                    now,
                    now,
                ),
            )
            return await self._load(conn, invoice_id)

    async def delete_draft(self, author: Person, invoice_id: int) -> None:
        async with self.db.transaction() as conn:
            await self._own_draft(conn, author, invoice_id)
            await conn.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))

    async def issue(self, author: Person, invoice_id: int) -> Invoice:
        """Number it, send it to the company's contacts with its document and buttons."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            draft = await self._own_draft(conn, author, invoice_id)
            answers = forms.final_answers(draft)
            clients = await recipients.company_clients(conn, draft.company_id)
            if not clients:
                raise DomainError("invoice-no-contacts")
            number = await next_number(
                conn,
                Sequence.INVOICES,
                self.db.clock.now(),
                self.default_timezone,
                self.number_prefix,
            )
            lines = answer_lines(answers)
            rate = self.tax.rate_on(
                local_today(self.db.clock, self.default_timezone), vat_override(answers)
            )
            total = taxed(sum(line.sum_minor for line in lines), self.tax.mode_for(rate), rate)
            await conn.execute(
                "UPDATE invoices SET status = 'issued', number = ?, answers = ?,"
                " current_question = NULL, editing = 0, amount_minor = ?, currency = ?,"
                " purpose = ?, due_date = ?, issued_at = ?, updated_at = ?, lines_minor = ?,"
                " vat_rate = ?, vat_mode = ?, vat_minor = ? WHERE id = ?",
                (
                    number,
                    json.dumps(answers, ensure_ascii=False),
                    total.total_minor,
                    lines[0].price.currency,
                    answers["purpose"],
                    answers["due_date"],
                    now,
                    now,
                    total.lines_minor,
                    total.rate,
                    total.mode.value,
                    total.tax_minor,
                    invoice_id,
                ),
            )
            await audit.record(
                conn,
                now,
                author.telegram_id,
                "invoice.issued",
                f"invoice:{invoice_id}",
                number=number,
            )
            invoice = await self._load(conn, invoice_id)
            moment = self.db.clock.now()
            for client_id in clients:
                await enqueue(conn, moment, client_id, InvoiceIssued(invoice_id))
                await enqueue(
                    conn,
                    moment,
                    client_id,
                    InvoiceDocument(invoice_id, TelegramFile.of(invoice.file)),
                )
            return invoice

    # the client -------------------------------------------------------------------

    async def for_client(self, person: Person, invoice_id: int) -> Invoice:
        async with self.db.reading() as conn:
            invoice = await self._load(conn, invoice_id)
        _require_client(person, invoice)
        return invoice

    async def report_paid(self, person: Person, invoice_id: int) -> Invoice:
        """“I've paid”: reminders stop at once; the AM confirms or says not received."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            invoice = await self._load(conn, invoice_id)
            _require_client(person, invoice)
            if invoice.status == InvoiceStatus.REPORTED_PAID:
                return invoice
            if invoice.status != InvoiceStatus.ISSUED:
                raise DomainError("invoice-closed")
            await conn.execute(
                "UPDATE invoices SET status = 'reported_paid', reported_paid_at = ?,"
                " updated_at = ? WHERE id = ?",
                (now, now, invoice_id),
            )
            await _drop_queued_reminders(conn, invoice_id)
            await audit.record(
                conn, now, person.telegram_id, "invoice.reported_paid", f"invoice:{invoice_id}"
            )
            for staff_id in await recipients.manager_or_heads(conn, invoice.manager_id):
                await enqueue(
                    conn,
                    self.db.clock.now(),
                    staff_id,
                    PaymentReported(invoice_id, person.display_name, now),
                )
            return await self._load(conn, invoice_id)

    async def snooze(self, person: Person, invoice_id: int, choice: str) -> date:
        """“Remind me later”: nothing until that day, then one reminder as asked."""
        if choice not in SNOOZE_CHOICES:
            raise InvalidInput()
        today = self.today(person)
        if choice == "1d":
            until = today + timedelta(days=1)
        elif choice == "3d":
            until = today + timedelta(days=3)
        else:
            until = today + timedelta(days=(7 - today.weekday()) or 7)
        async with self.db.transaction() as conn:
            invoice = await self._load(conn, invoice_id)
            _require_client(person, invoice)
            if invoice.status != InvoiceStatus.ISSUED:
                raise DomainError("invoice-closed")
            await conn.execute(
                "UPDATE invoices SET snoozed_until = ?, updated_at = ? WHERE id = ?",
                (until.isoformat(), self.db.now_text(), invoice_id),
            )
            await _drop_queued_reminders(conn, invoice_id)
        return until

    async def ask(self, person: Person, invoice_id: int, text: str) -> None:
        """A question about an invoice joins the client's conversation with the AM."""
        question = forms.bounded_text(text, 3000)
        async with self.db.transaction() as conn:
            invoice = await self._load(conn, invoice_id)
            _require_client(person, invoice)
            await self.chat.relay_in(
                conn, person, question, None, ("invoice", invoice.number or str(invoice_id))
            )

    # the AM -------------------------------------------------------------------------

    async def load(self, invoice_id: int) -> Invoice:
        """For the bot's own rendering of what it was asked to deliver."""
        async with self.db.reading() as conn:
            return await self._load(conn, invoice_id)

    async def get_for_staff(self, staff: Person, invoice_id: int) -> Invoice:
        async with self.db.reading() as conn:
            invoice = await self._load(conn, invoice_id)
        _require_manager(staff, invoice)
        return invoice

    async def confirm_payment(self, staff: Person, invoice_id: int) -> Invoice:
        """The whole balance arrived."""
        async with self.db.transaction() as conn:
            invoice = await self._open_for_manager(conn, staff, invoice_id)
            balance = invoice.balance
            assert balance is not None
            return await self._add_payment(conn, staff, invoice, balance.minor)

    async def record_payment(self, staff: Person, invoice_id: int, text: str) -> Invoice:
        """A partial (or full) payment; the invoice is paid when the balance reaches zero."""
        async with self.db.transaction() as conn:
            invoice = await self._open_for_manager(conn, staff, invoice_id)
            money = parse_money(text, invoice.amount.currency if invoice.amount else "RUB")
            balance = invoice.balance
            assert balance is not None
            if money.currency != balance.currency:
                raise InvalidInput("invoice-wrong-currency", currency=balance.currency)
            if money.minor > balance.minor:
                raise InvalidInput("invoice-payment-too-big", balance=balance)
            return await self._add_payment(conn, staff, invoice, money.minor)

    async def payment_missing(self, staff: Person, invoice_id: int) -> Invoice:
        """“Not received”: the client is told politely and reminders resume."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            invoice = await self._load(conn, invoice_id)
            _require_manager(staff, invoice)
            if invoice.status != InvoiceStatus.REPORTED_PAID:
                return invoice
            await conn.execute(
                "UPDATE invoices SET status = 'issued', updated_at = ? WHERE id = ?",
                (now, invoice_id),
            )
            await audit.record(
                conn, now, staff.telegram_id, "invoice.payment_missing", f"invoice:{invoice_id}"
            )
            await recipients.tell_clients(
                conn, self.db.clock.now(), invoice.company_id, PaymentNotReceived(invoice_id, now)
            )
            return await self._load(conn, invoice_id)

    async def cancel(self, staff: Person, invoice_id: int) -> Invoice:
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            invoice = await self._open_for_manager(conn, staff, invoice_id)
            await conn.execute(
                "UPDATE invoices SET status = 'cancelled', updated_at = ? WHERE id = ?",
                (now, invoice_id),
            )
            await _drop_queued_reminders(conn, invoice_id)
            await audit.record(
                conn, now, staff.telegram_id, "invoice.cancelled", f"invoice:{invoice_id}"
            )
            await recipients.tell_clients(
                conn, self.db.clock.now(), invoice.company_id, InvoiceCancelled(invoice_id)
            )
            return await self._load(conn, invoice_id)

    async def set_reminders(self, staff: Person, invoice_id: int, enabled: bool) -> Invoice:
        async with self.db.transaction() as conn:
            invoice = await self._load(conn, invoice_id)
            _require_manager(staff, invoice)
            await conn.execute(
                "UPDATE invoices SET reminders_on = ? WHERE id = ?", (int(enabled), invoice_id)
            )
            if not enabled:
                await _drop_queued_reminders(conn, invoice_id)
            return await self._load(conn, invoice_id)

    async def set_company_reminders(self, staff: Person, company_id: int, enabled: bool) -> None:
        async with self.db.transaction() as conn:
            company = await one_row(conn, "SELECT * FROM companies WHERE id = ?", company_id)
            if staff.role is not Role.HEAD and company["manager_id"] != staff.telegram_id:
                raise NotAllowed()
            await conn.execute(
                "UPDATE companies SET invoice_reminders = ? WHERE id = ?",
                (int(enabled), company_id),
            )
            await audit.record(
                conn,
                self.db.now_text(),
                staff.telegram_id,
                "invoice.company_reminders",
                f"company:{company_id}",
                enabled=enabled,
            )

    async def remind_now(self, staff: Person, invoice_id: int) -> None:
        async with self.db.transaction() as conn:
            invoice = await self._load(conn, invoice_id)
            _require_manager(staff, invoice)
            if invoice.status != InvoiceStatus.ISSUED:
                raise DomainError("invoice-closed")
            now = self.db.now_text()
            await recipients.tell_clients(
                conn,
                self.db.clock.now(),
                invoice.company_id,
                InvoiceReminder(invoice_id, ReminderStep.MANUAL, at=now),
            )

    # lists ----------------------------------------------------------------------------

    async def listing(self, person: Person, company_id: int | None = None) -> list[Invoice]:
        """Client: its company's; AM: own companies' (optionally one); head: all. Open
        and overdue first."""
        async with self.db.reading() as conn:
            if person.role is Role.CLIENT:
                rows = await conn.execute_fetchall(
                    "SELECT id FROM invoices WHERE company_id = ? AND status != 'draft'"
                    " ORDER BY id DESC LIMIT 50",
                    (person.company_id,),
                )
            elif person.is_staff:
                where, parameters = ["i.status != 'draft'"], []
                if person.role is not Role.HEAD:
                    where.append("c.manager_id = ?")
                    parameters.append(person.telegram_id)
                if company_id is not None:
                    where.append("i.company_id = ?")
                    parameters.append(company_id)
                rows = await conn.execute_fetchall(
                    "SELECT i.id FROM invoices i JOIN companies c ON c.id = i.company_id"
                    f" WHERE {' AND '.join(where)} ORDER BY i.id DESC LIMIT 100",
                    parameters,
                )
            else:
                raise NotAllowed()
            invoices = [await self._load(conn, row[0]) for row in rows]
        today = self.today(person)
        return sorted(
            invoices,
            key=lambda i: (
                i.status not in OPEN_STATUSES,
                not i.overdue(today),
                i.due_date or date.max,
            ),
        )

    async def totals_by_manager(self, head: Person) -> list[dict[str, Any]]:
        """For a head: outstanding and overdue balances per AM and currency."""
        if head.role is not Role.HEAD:
            raise NotAllowed()
        today = self.today(head).isoformat()
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT COALESCE(m.full_name, '—') AS manager, i.currency,"
                " SUM(i.amount_minor - i.paid_minor) AS outstanding,"
                " SUM(CASE WHEN i.due_date < ? THEN i.amount_minor - i.paid_minor ELSE 0 END)"
                " AS overdue FROM invoices i JOIN companies c ON c.id = i.company_id"
                " LEFT JOIN people m ON m.telegram_id = c.manager_id"
                " WHERE i.status IN ('issued', 'reported_paid')"
                " GROUP BY c.manager_id, m.full_name, i.currency ORDER BY manager, i.currency",
                (today,),
            )
        return [dict(row) for row in rows]

    # internals ---------------------------------------------------------------------------

    async def _add_payment(
        self, conn: Connection, staff: Person, invoice: Invoice, minor: int
    ) -> Invoice:
        now = self.db.now_text()
        if minor <= 0:
            raise InvalidInput("parse-money-range")
        await conn.execute(
            "INSERT INTO invoice_payments (invoice_id, amount_minor, recorded_by, at)"
            " VALUES (?, ?, ?, ?)",
            (invoice.id, minor, staff.telegram_id, now),
        )
        paid = invoice.paid_minor + minor
        assert invoice.amount is not None
        fully = paid >= invoice.amount.minor
        await conn.execute(
            "UPDATE invoices SET paid_minor = ?, status = ?, paid_at = ?, updated_at = ?"
            " WHERE id = ?",
            (paid, "paid" if fully else "issued", now if fully else None, now, invoice.id),
        )
        await audit.record(
            conn,
            now,
            staff.telegram_id,
            "invoice.payment",
            f"invoice:{invoice.id}",
            amount_minor=minor,
            paid_in_full=fully,
        )
        if fully:
            await _drop_queued_reminders(conn, invoice.id)
        await recipients.tell_clients(
            conn,
            self.db.clock.now(),
            invoice.company_id,
            PaymentRecorded(invoice.id, fully, now),
        )
        return await self._load(conn, invoice.id)

    async def _open_for_manager(self, conn: Connection, staff: Person, invoice_id: int) -> Invoice:
        invoice = await self._load(conn, invoice_id)
        _require_manager(staff, invoice)
        if invoice.status not in OPEN_STATUSES:
            raise DomainError("invoice-closed")
        return invoice

    async def _own_draft(self, conn: Reading, person: Person, draft_id: int) -> Invoice:
        invoice = await self._load(conn, draft_id)
        if invoice.author_id != person.telegram_id or invoice.status != InvoiceStatus.DRAFT:
            raise NotFound("invoice-not-found")
        return invoice

    async def _load(self, conn: Reading, invoice_id: int) -> Invoice:
        cursor = await conn.execute(INVOICE_SELECT + " WHERE i.id = ?", (invoice_id,))
        row = await cursor.fetchone()
        if row is None:
            raise NotFound("invoice-not-found")
        return self._from_row(row)

    def _from_row(self, row: Row) -> Invoice:
        answers = json.loads(row["answers"])
        amount = (
            Money(row["amount_minor"], row["currency"])
            if row["amount_minor"] is not None
            else _answer_money(answers)
        )
        due = row["due_date"] or answers.get("due_date")
        return Invoice(
            id=row["id"],
            template=self.form,
            answers=answers,
            current_question=row["current_question"],
            editing=bool(row["editing"]),
            number=row["number"],
            company_id=row["company_id"],
            company_name=row["company_name"],
            manager_id=row["manager_id"],
            manager_name=row["manager_name"],
            project_id=row["project_id"],
            project_title=row["project_title"],
            author_id=row["author_id"],
            status=row["status"],
            amount=amount,
            paid_minor=row["paid_minor"],
            purpose=row["purpose"] or answers.get("purpose"),
            due_date=date.fromisoformat(due) if due else None,
            reminders_on=bool(row["reminders_on"]),
            company_reminders_on=bool(row["invoice_reminders"]),
            snoozed_until=date.fromisoformat(row["snoozed_until"])
            if row["snoozed_until"]
            else None,
            issued_at=row["issued_at"],
            lines=tuple(answer_lines(answers)),
            tax=TaxedSum(
                TaxMode(row["vat_mode"]),
                row["vat_rate"],
                row["lines_minor"] if row["lines_minor"] is not None else row["amount_minor"],
                row["vat_minor"],
                row["amount_minor"],
            )
            if row["status"] != InvoiceStatus.DRAFT and row["amount_minor"] is not None
            else None,
            company_requisites=row["company_requisites"],
            company_contract=row["company_contract"],
        )


INVOICE_SELECT = (
    "SELECT i.*, c.name AS company_name, c.manager_id, c.invoice_reminders,"
    " c.requisites AS company_requisites, c.contract AS company_contract,"
    " m.full_name AS manager_name, p.title AS project_title FROM invoices i"
    " JOIN companies c ON c.id = i.company_id"
    " LEFT JOIN people m ON m.telegram_id = c.manager_id"
    " LEFT JOIN projects p ON p.id = i.project_id"
)


def balances_by_currency(
    invoices: list[Invoice], today: date
) -> tuple[dict[str, int], dict[str, int]]:
    """Open balances and the overdue part of them, in minor units per currency."""
    open_totals: dict[str, int] = {}
    overdue_totals: dict[str, int] = {}
    for invoice in invoices:
        balance = invoice.balance
        if invoice.status not in OPEN_STATUSES or balance is None:
            continue
        open_totals[balance.currency] = open_totals.get(balance.currency, 0) + balance.minor
        if invoice.overdue(today):
            overdue_totals[balance.currency] = (
                overdue_totals.get(balance.currency, 0) + balance.minor
            )
    return open_totals, overdue_totals


def answer_lines(answers: dict[str, Any]) -> list[Line]:
    """The invoice's lines; one issued before invoices had lines is its purpose at its
    amount, one service."""
    if answers.get("lines"):
        return [Line.from_json(item) for item in answers["lines"]]
    value = answers.get("amount")
    if not value:
        return []
    title = answers.get("purpose") or "—"
    return [Line(title, Decimal(1), Unit.SERVICE, Money(value["minor"], value["currency"]))]


def _answer_money(answers: dict[str, Any]) -> Money | None:
    lines = answer_lines(answers)
    if not lines:
        return None
    return Money(sum(line.sum_minor for line in lines), lines[0].price.currency)


# The invoice form's VAT answer: the agency's rate, or another one for this invoice.
_VAT_ANSWERS = {
    "none": RateChoice.NONE, "r22": RateChoice.R22, "r20": RateChoice.R20,
    "r10": RateChoice.R10, "r7": RateChoice.R7, "r5": RateChoice.R5,
}  # fmt: skip


def vat_override(answers: dict[str, Any]) -> RateChoice | None:
    return _VAT_ANSWERS.get(answers.get("vat") or "agency")


async def _drop_queued_reminders(conn: Connection, invoice_id: int) -> None:
    """Reminders already planned but not sent (waiting for working hours) are dropped."""
    await drop_queued(
        conn, InvoiceReminder, invoice_subject(invoice_id), "invoice no longer chased"
    )


def _require_client(person: Person, invoice: Invoice) -> None:
    if person.role is not Role.CLIENT or person.company_id != invoice.company_id:
        raise NotAllowed()
    if invoice.status == InvoiceStatus.DRAFT:
        raise NotFound("invoice-not-found")


def _require_manager(staff: Person, invoice: Invoice) -> None:
    if staff.role is Role.HEAD:
        return
    if staff.role is not Role.MANAGER or staff.telegram_id != invoice.manager_id:
        raise NotAllowed()
