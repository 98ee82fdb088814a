"""Proposal reminders: the heads, once a period, about a proposal waiting for approval
(never at night); a client silent about a sent proposal gets one nudge and the AM an
alert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.db import Database, Reading, Row, in_list
from services.delivery.notices import ApprovalReminder, OfferReminder, OfferUnanswered
from services.delivery.outbox import Planned
from services.planners.base import Due, Planner, clients_of, heads
from services.platform.clock import from_db
from services.platform.quiet_hours import QuietHours


@dataclass(frozen=True)
class ProposalRows:
    proposals: list[Row]
    clients_of: dict[int, list[int]]
    heads: list[Row]


class ProposalPlanner(Planner[ProposalRows]):
    name = "proposals"
    table = "proposals"
    column = "next_reminder_at"
    open_rows = "status IN ('pending', 'sent')"

    def __init__(
        self,
        db: Database,
        default_timezone: str,
        *,
        approval_reminder_hours: int,
        client_reminder_days: int,
        quiet_hours: QuietHours,
    ) -> None:
        super().__init__(db)
        self.default_timezone = default_timezone
        self.approval_reminder = timedelta(hours=approval_reminder_hours)
        self.client_reminder = timedelta(days=client_reminder_days)
        self.quiet_hours = quiet_hours

    def signature(self) -> str:
        return repr((self.approval_reminder, self.client_reminder))

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> ProposalRows:
        due, due_params = in_list("p.id", keys)
        rows = await conn.execute_fetchall(
            "SELECT p.id, p.status, p.version, p.submitted_at, p.sent_at, p.company_id,"
            " p.author_id, c.manager_id FROM proposals p"
            f" JOIN companies c ON c.id = p.company_id WHERE {due}",
            due_params,
        )
        companies = sorted({row["company_id"] for row in rows if row["status"] == "sent"})
        clients = await clients_of(conn, companies, self.default_timezone)
        return ProposalRows(
            rows,
            {company: [c.telegram_id for c in found] for company, found in clients.items()},
            await heads(conn),
        )

    def decide(self, loaded: ProposalRows, now: datetime) -> list[Due]:
        dues = []
        for row in loaded.proposals:
            if row["status"] == "pending" and row["submitted_at"]:
                dues.append(self._pending(row, loaded.heads, now))
            elif row["status"] == "sent" and row["sent_at"]:
                dues.append(self._sent(row, loaded.clients_of.get(row["company_id"], []), now))
        return dues

    def _pending(self, row: Row, head_rows: list[Row], now: datetime) -> Due:
        submitted = from_db(row["submitted_at"])
        waited = now - submitted
        periods = int(waited / self.approval_reminder)
        planned = []
        if periods >= 1:
            for head in head_rows:
                zone = ZoneInfo(head["timezone"] or self.default_timezone)
                planned.append(
                    Planned(
                        head["telegram_id"],
                        ApprovalReminder(
                            row["id"], row["version"], int(waited.total_seconds() // 3600), periods
                        ),
                        not_before=self.quiet_hours.release_time(now, zone),
                    )
                )
        return Due(row["id"], planned, submitted + (periods + 1) * self.approval_reminder)

    def _sent(self, row: Row, clients: list[int], now: datetime) -> Due:
        due = from_db(row["sent_at"]) + self.client_reminder
        if now < due:
            return Due(row["id"], [], due)
        planned = [Planned(client_id, OfferReminder(row["id"])) for client_id in clients]
        planned.append(Planned(row["manager_id"] or row["author_id"], OfferUnanswered(row["id"])))
        return Due(row["id"], planned)
