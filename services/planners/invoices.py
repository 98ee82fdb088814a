"""Invoice reminders: the client before and after the due date, the AM once overdue, the
heads after `head_after_days`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.db import Database, Reading, Row, in_list
from services.planners import reminders
from services.planners.base import Due, Planner, clients_of, heads
from services.platform.clock import from_db


@dataclass(frozen=True)
class InvoiceRows:
    invoices: list[Row]
    clients_of: dict[int, list[reminders.Recipient]]
    head_ids: list[int]


class InvoicePlanner(Planner[InvoiceRows]):
    name = "invoices"
    table = "invoices"
    column = "next_reminder_at"
    since_column = "issued_at"
    open_rows = "status = 'issued'"

    def __init__(
        self, db: Database, policy: reminders.ReminderPolicy, default_timezone: str
    ) -> None:
        super().__init__(db)
        self.policy = policy
        self.default_timezone = default_timezone

    def signature(self) -> str:
        policy = self.policy
        return repr(
            (
                policy.offsets,
                policy.at,
                policy.weekends,
                policy.head_after_days,
                policy.calendar.country,
                self.default_timezone,
            )
        )

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> InvoiceRows:
        due, due_params = in_list("i.id", keys)
        rows = await conn.execute_fetchall(
            "SELECT i.id, i.company_id, i.due_date, i.issued_at, i.snoozed_until,"
            " i.reminders_on, c.invoice_reminders, c.manager_id"
            " FROM invoices i JOIN companies c ON c.id = i.company_id"
            f" WHERE {due} AND i.status = 'issued' AND i.due_date IS NOT NULL",
            due_params,
        )
        companies = sorted({row["company_id"] for row in rows})
        clients = await clients_of(conn, companies, self.default_timezone)
        head_ids = [head["telegram_id"] for head in await heads(conn)]
        return InvoiceRows(rows, clients, head_ids)

    def decide(self, loaded: InvoiceRows, now: datetime) -> list[Due]:
        agency = ZoneInfo(self.default_timezone)
        head_ids = loaded.head_ids
        dues = []
        for row in loaded.invoices:
            invoice = reminders.InvoiceFacts(
                id=row["id"],
                due_date=date.fromisoformat(row["due_date"]),
                issued_at=from_db(row["issued_at"]) if row["issued_at"] else None,
                snoozed_until=(
                    date.fromisoformat(row["snoozed_until"]) if row["snoozed_until"] else None
                ),
                chased=bool(row["reminders_on"] and row["invoice_reminders"]),
                manager_id=row["manager_id"],
            )
            clients = loaded.clients_of.get(row["company_id"], [])
            dues.append(
                Due(
                    invoice.id,
                    reminders.invoice_reminders(
                        invoice, clients, head_ids, now, self.policy, agency
                    ),
                    reminders.invoice_next(invoice, clients, now, self.policy, agency),
                )
            )
        return dues
