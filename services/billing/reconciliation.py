"""The reconciliation statement (акт сверки взаимных расчётов): for one client company and
a period, its invoices (debit) and payments (credit) by date, with the balance opening and
closing the period and who owes whom — per currency, as an accountant asks an AM for it
every quarter.

Read through the company's invoices by issue date and each invoice's payments: what one
statement costs follows that company's history, not the agency's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.accounts.companies import Company, company_by_id
from services.accounts.people import Person, Role
from services.db import Database, in_list
from services.platform.clock import local_day, local_today, to_db
from services.platform.errors import InvalidInput, NotAllowed, NotFound

# A statement covers at most this long: a few years of a client's history.
LONGEST_PERIOD = timedelta(days=3 * 366)


class EntryKind:
    INVOICE = "invoice"
    PAYMENT = "payment"


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str  # EntryKind
    number: str  # the invoice's (a payment names the invoice it paid)
    debit_minor: int  # what the client came to owe: an invoice
    credit_minor: int  # what it paid


@dataclass(frozen=True)
class Ledger:
    """One currency's account with the client over the period."""

    currency: str
    opening_minor: int  # > 0: the client owed the agency when the period began
    entries: tuple[Entry, ...]

    @property
    def debit_minor(self) -> int:
        return sum(entry.debit_minor for entry in self.entries)

    @property
    def credit_minor(self) -> int:
        return sum(entry.credit_minor for entry in self.entries)

    @property
    def closing_minor(self) -> int:
        """> 0: the client owes the agency; < 0: the agency owes the client (overpaid)."""
        return self.opening_minor + self.debit_minor - self.credit_minor


@dataclass(frozen=True)
class Reconciliation:
    company: Company
    start: date
    end: date  # inclusive
    ledgers: tuple[Ledger, ...]  # by currency; none when nothing happened or was owed


class Reconciliations:
    def __init__(self, db: Database, default_timezone: str) -> None:
        self.db = db
        self.zone = ZoneInfo(default_timezone)
        self.timezone = default_timezone

    def today_in(self, timezone: str) -> date:
        return local_today(self.db.clock, timezone)

    async def make(self, actor: Person, company_id: int, start: date, end: date) -> Reconciliation:
        if end < start or end - start > LONGEST_PERIOD:
            raise InvalidInput("reconciliation-period-bad")
        until = to_db(datetime.combine(end + timedelta(days=1), time(), self.zone))
        since = to_db(datetime.combine(start, time(), self.zone))
        async with self.db.reading() as conn:
            company = await company_by_id(conn, company_id)
            if company is None:
                raise NotFound()
            if actor.role is not Role.HEAD and (
                actor.role is not Role.MANAGER or company.manager_id != actor.telegram_id
            ):
                raise NotAllowed()
            invoices = await conn.execute_fetchall(
                "SELECT id, number, issued_at, amount_minor, currency FROM invoices"
                " WHERE company_id = ? AND issued_at IS NOT NULL AND issued_at < ?"
                " AND status != 'cancelled' ORDER BY issued_at, id",
                (company_id, until),
            )
            among, among_params = in_list("p.invoice_id", [row["id"] for row in invoices])
            payments = await conn.execute_fetchall(
                "SELECT p.amount_minor, p.at, i.number, i.currency FROM invoice_payments p"
                f" JOIN invoices i ON i.id = p.invoice_id WHERE {among} AND p.at < ?"
                " ORDER BY p.at, p.id",
                (*among_params, until),
            )
        opening: dict[str, int] = {}
        entries: dict[str, list[Entry]] = {}
        for row in invoices:
            currency, minor = row["currency"], row["amount_minor"]
            if row["issued_at"] < since:
                opening[currency] = opening.get(currency, 0) + minor
            else:
                day = local_day(row["issued_at"], self.timezone)
                entries.setdefault(currency, []).append(
                    Entry(day, EntryKind.INVOICE, row["number"], minor, 0)
                )
        for row in payments:
            currency, minor = row["currency"], row["amount_minor"]
            if row["at"] < since:
                opening[currency] = opening.get(currency, 0) - minor
            else:
                day = local_day(row["at"], self.timezone)
                entries.setdefault(currency, []).append(
                    Entry(day, EntryKind.PAYMENT, row["number"], 0, minor)
                )
        ledgers = tuple(
            Ledger(
                currency,
                opening.get(currency, 0),
                tuple(sorted(entries.get(currency, []), key=lambda e: (e.day, e.kind))),
            )
            for currency in sorted(set(opening) | set(entries))
            if opening.get(currency) or entries.get(currency)
        )
        return Reconciliation(company, start, end, ledgers)
