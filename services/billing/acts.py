"""Acts of completed work: what was done (a finished stage, or the project's finished
stages) and for how much, numbered like invoices and filed in the company's documents.

Making one takes two steps around the drawing of its PDF: `prepare` gives the act its
number, `file` puts the sent PDF into /documents and tells the clients. An act prepared
but never filed (the drawing failed, the bot stopped) is reused by the AM's next try for
the same stage, so numbers are not burnt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.accounts.people import Person
from services.billing.documents import Document, Documents
from services.billing.tax import NO_VAT, TaxedSum, TaxMode, TaxPolicy, split_rate, taxed
from services.db import Database, Reading, inserted_id, one_row, scalar
from services.platform import audit
from services.platform.clock import local_day, local_today
from services.platform.errors import DomainError
from services.platform.numbering import Sequence, next_number
from services.platform.parsing import Money, parse_money
from services.work.projects import Project, Projects, Stage


@dataclass(frozen=True)
class ActWork:
    title: str
    finished: date | None
    # the versions the client approved in the chat: (version, day approved)
    approved: tuple[tuple[int, date], ...] = ()


@dataclass(frozen=True)
class Act:
    id: int
    number: str
    company_id: int
    company_name: str
    project_id: int
    project_title: str
    stage_id: int | None
    works: tuple[ActWork, ...]
    amount: Money  # what the customer pays for the work, VAT included
    created_at: str
    document_id: int | None
    tax: TaxedSum | None = None
    basis: str | None = None  # the client's contract, as written
    basis_invoice: tuple[str, str] | None = None  # else the invoice billed: number, issued
    company_requisites: str | None = None

    @property
    def subject(self) -> str:
        return f"act:{self.id}"


class Acts:
    def __init__(
        self,
        db: Database,
        projects: Projects,
        documents: Documents,
        *,
        default_timezone: str,
        number_prefix: str,
        tax: TaxPolicy = NO_VAT,
    ) -> None:
        self.db = db
        self.projects = projects
        self.documents = documents
        self.timezone = default_timezone
        self.number_prefix = number_prefix
        self.tax = tax

    async def finished_work(self, staff: Person, project_id: int) -> Project:
        """The project, if an act can be made from it: at least one stage finished."""
        project = await self.projects.get_for_staff(staff, project_id)
        if not any(stage.done for stage in project.stages):
            raise DomainError("act-nothing-finished")
        return project

    async def prepare(
        self, staff: Person, project_id: int, stage_id: int | None, amount_text: str
    ) -> Act:
        """The act for a finished stage, or (no stage) for every finished stage."""
        project = await self.finished_work(staff, project_id)
        amount_words, override = split_rate(amount_text)
        entered = parse_money(amount_words)
        rate = self.tax.rate_on(local_today(self.db.clock, self.timezone), override)
        total = taxed(entered.minor, self.tax.mode_for(rate), rate)
        amount = Money(total.total_minor, entered.currency)
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            basis, basis_invoice = await _basis(conn, project)
            approvals: dict[int, list[tuple[int, date]]] = {}
            for row in await conn.execute_fetchall(
                "SELECT stage_id, version, decided_at FROM deliverables"
                " WHERE project_id = ? AND status = 'approved' ORDER BY stage_id, version",
                (project.id,),
            ):
                day = local_day(row["decided_at"], self.timezone)
                approvals.setdefault(row["stage_id"], []).append((row["version"], day))
            works = _works(project, stage_id, self.timezone, approvals)
            cursor = await conn.execute(
                "SELECT id, number FROM acts WHERE project_id = ?"
                " AND stage_id IS NOT DISTINCT FROM ? AND document_id IS NULL",
                (project.id, stage_id),
            )
            unfiled = await cursor.fetchone()
            works_json = json.dumps(
                [{"title": w.title, "finished": w.finished and w.finished.isoformat(),
                  "approved": [[version, day.isoformat()] for version, day in w.approved]}
                 for w in works],
                ensure_ascii=False,
            )  # fmt: skip
            if unfiled is not None:
                act_id = unfiled["id"]
                await conn.execute(
                    "UPDATE acts SET works = ?, amount_minor = ?, currency = ?, created_by = ?,"
                    " created_at = ? WHERE id = ?",
                    (works_json, amount.minor, amount.currency, staff.telegram_id, now, act_id),
                )
            else:
                number = await next_number(
                    conn, Sequence.ACTS, self.db.clock.now(), self.timezone, self.number_prefix
                )
                act_id = await inserted_id(
                    conn,
                    "INSERT INTO acts (number, company_id, project_id, stage_id, works,"
                    " amount_minor, currency, created_by, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (
                        number,
                        project.company_id,
                        project.id,
                        stage_id,
                        works_json,
                        amount.minor,
                        amount.currency,
                        staff.telegram_id,
                        now,
                    ),
                )
            await conn.execute(
                "UPDATE acts SET vat_rate = ?, vat_mode = ?, vat_minor = ?, basis = ?,"
                " basis_invoice_id = ? WHERE id = ?",
                (total.rate, total.mode.value, total.tax_minor, basis, basis_invoice, act_id),
            )
            return await _load(conn, act_id)

    async def file(self, staff: Person, act_id: int, file: dict[str, Any], title: str) -> Document:
        """The act's PDF, as sent, into the company's documents; its clients get it."""
        async with self.db.transaction() as conn:
            act = await _load(conn, act_id)
            if act.document_id is not None:
                raise DomainError("act-already-filed")
            document = await self.documents.file(
                conn, staff, act.company_id, title, file, act.project_id
            )
            await conn.execute(
                "UPDATE acts SET document_id = ? WHERE id = ?", (document.id, act_id)
            )
            await audit.record(
                conn, self.db.now_text(), staff.telegram_id, "act.filed", act.subject
            )
            return document


def _works(
    project: Project,
    stage_id: int | None,
    timezone: str,
    approvals: dict[int, list[tuple[int, date]]],
) -> tuple[ActWork, ...]:
    def work(stage: Stage) -> ActWork:
        finished = local_day(stage.finished_at, timezone) if stage.finished_at else None
        return ActWork(stage.title, finished, tuple(approvals.get(stage.id, ())))

    if stage_id is None:
        return tuple(work(stage) for stage in project.stages if stage.done)
    stage = project.stage(stage_id)
    if not stage.done:
        raise DomainError("act-stage-not-finished")
    return (work(stage),)


async def _basis(conn: Reading, project: Project) -> tuple[str | None, int | None]:
    """What the act rests on: the client's contract, else the project's latest invoice."""
    rows = await conn.execute_fetchall(
        "SELECT contract FROM companies WHERE id = ?", (project.company_id,)
    )
    if rows and rows[0]["contract"]:
        return str(rows[0]["contract"]), None
    invoice_id = await scalar(
        conn,
        "SELECT id FROM invoices WHERE project_id = ? AND issued_at IS NOT NULL"
        " AND status != 'cancelled' ORDER BY issued_at DESC LIMIT 1",
        (project.id,),
    )
    return None, invoice_id


async def _load(conn: Reading, act_id: int) -> Act:
    row = await one_row(
        conn,
        "SELECT a.*, c.name AS company_name, c.requisites AS company_requisites,"
        " p.title AS project_title, i.number AS invoice_number, i.issued_at AS invoice_issued"
        " FROM acts a LEFT JOIN invoices i ON i.id = a.basis_invoice_id"
        " JOIN companies c ON c.id = a.company_id JOIN projects p ON p.id = a.project_id"
        " WHERE a.id = ?",
        act_id,
    )
    works = tuple(
        ActWork(
            item["title"],
            date.fromisoformat(item["finished"]) if item["finished"] else None,
            tuple((v, date.fromisoformat(day)) for v, day in item.get("approved", [])),
        )
        for item in json.loads(row["works"])
    )
    return Act(
        id=row["id"],
        number=row["number"],
        company_id=row["company_id"],
        company_name=row["company_name"],
        project_id=row["project_id"],
        project_title=row["project_title"],
        stage_id=row["stage_id"],
        works=works,
        amount=Money(row["amount_minor"], row["currency"]),
        created_at=row["created_at"],
        document_id=row["document_id"],
        tax=TaxedSum(
            TaxMode(row["vat_mode"]),
            row["vat_rate"],
            row["amount_minor"] - (row["vat_minor"] if row["vat_mode"] == "on_top" else 0),
            row["vat_minor"],
            row["amount_minor"],
        ),
        basis=row["basis"],
        basis_invoice=(row["invoice_number"], row["invoice_issued"])
        if row["invoice_number"]
        else None,
        company_requisites=row["company_requisites"],
    )
