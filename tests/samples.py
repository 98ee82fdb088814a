"""Projects and invoices as the services return them, for the drawing tests and
bench/render.py: drawn without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from services.accounts.companies import Company
from services.billing.acts import Act, ActWork
from services.billing.agency import Agency
from services.billing.invoices import Invoice
from services.billing.payment_qr import BankDetails
from services.billing.reconciliation import Entry, EntryKind, Ledger, Reconciliation
from services.billing.tax import TaxMode, taxed
from services.platform.parsing import Line, Money, Unit
from services.questionnaires.form_templates import INVOICE_TEMPLATE, load_template
from services.work.projects import DeadlineMove, Project, Stage
from services.work.stats import ManagerLoad as StatsLoad
from services.work.stats import TeamStats, WeekMoney

BANK = BankDetails(
    payee="ООО «Агентство Север»",
    bank_name="ПАО Сбербанк",
    account="40702810938000012345",
    bic="044525225",
    correspondent_account="30101810400000000225",
    inn="7707083893",
    kpp="773601001",
    iban="DE89 3704 0044 0532 0130 00",
    swift="COBADEFFXXX",
)
AGENCY = Agency(
    "ООО «Агентство Север»",
    "ИНН 7707083893, КПП 773601001\n125009, Москва, ул. Тверская, д. 1",
    bank=BANK,
    head_name="Ирина Смирнова",
    accountant_name="Ольга Петрова",
)

LONG_TITLES = [
    "Аудит текущих рекламных кампаний, веб-аналитики и воронки продаж клиента",
    "Стратегия продвижения в социальных сетях на первый квартал следующего года",
    "Дизайн-концепция",
    "Контент-план",
    "Съёмка фото и видео для публикаций во ВКонтакте и в Telegram-канале бренда",
    "Запуск таргетированной рекламы",
    "Отчёт за месяц",
    "Настройка сквозной аналитики",
    "Лендинг",
    "A/B-тесты объявлений",
    "Email-рассылка",
    "Итоговый отчёт и рекомендации по развитию",
]


def project_of(statuses: list[str], titles: list[str] | None = None) -> Project:
    """Stages due every ten days from 1 October 2026."""
    titles = titles or [f"Этап {n}" for n in range(1, len(statuses) + 1)]
    stages = [
        Stage(
            id=n,
            project_id=1,
            position=n,
            title=title,
            deadline=date(2026, 10, 1) + timedelta(days=10 * n),
            status=status,
            progress={"done": 100, "in_progress": 40}.get(status, 0),
            waiting_for=None,
            waiting_until=None,
            waiting_since=None,
        )
        for n, (title, status) in enumerate(zip(titles, statuses, strict=True), 1)
    ]
    return Project(1, 1, "ООО «Ромашка»", 5, "Олег", "Продвижение бренда", "active",
                   "2026-10-01 09:00:00", None, stages)  # fmt: skip


def twelve_stages() -> tuple[Project, list[DeadlineMove]]:
    """The largest project the issue asks to fit: long Russian titles, three moves."""
    project = project_of(["done"] * 4 + ["in_progress", "waiting_client"] + ["planned"] * 6,
                         LONG_TITLES)  # fmt: skip
    moves = [
        DeadlineMove(2, date(2026, 10, 18), date(2026, 10, 21), "клиент задержал тексты"),
        DeadlineMove(5, date(2026, 11, 17), date(2026, 11, 20), "ждём согласования бюджета"),
        DeadlineMove(9, date(2026, 12, 27), date(2027, 1, 10), "праздники"),
    ]
    return project, moves


def invoice(amount: Money, paid_minor: int = 0, status: str = "issued") -> Invoice:
    return Invoice(
        id=7,
        template=load_template(INVOICE_TEMPLATE),
        answers={},
        current_question=None,
        editing=False,
        status=status,
        number="2026-0042",
        company_id=1,
        company_name="ООО «Ромашка»",
        manager_id=5,
        manager_name="Олег",
        project_id=None,
        project_title="Продвижение бренда",
        author_id=5,
        amount=amount,
        paid_minor=paid_minor,
        purpose="Продвижение в соцсетях, ноябрь",
        due_date=date(2026, 12, 15),
        reminders_on=True,
        company_reminders_on=True,
        snoozed_until=None,
        issued_at="2026-11-27 10:00:00",
        lines=(Line("Продвижение в соцсетях, ноябрь", Decimal(1), Unit.MONTH, amount),),
    )


def team() -> TeamStats:
    """Three AMs and twelve weeks of money, as the head's /stats reads them."""
    mondays = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(12)]
    issued = [5, 11, 8, 10, 12, 13, 19, 5, 5, 15, 11, 10]
    paid = [12, 3, 13, 13, 1, 0, 10, 12, 4, 10, 12, 8]
    return TeamStats(
        date(2026, 11, 27),
        [
            StatsLoad(1, "Олег Петров", 7, 2, {"RUB": 450_000_00}),
            StatsLoad(2, "Мария Иванова", 5, 0, {}),
            StatsLoad(3, "Константин Константинопольский", 11, 5, {"RUB": 1_250_000_00}),
        ],
        "RUB",
        [
            WeekMoney(m, i * 100_000_00, p * 100_000_00)
            for m, i, p in zip(mondays, issued, paid, strict=True)
        ],
        [],
    )


def act() -> Act:
    return Act(
        id=1,
        number="2026-0007",
        company_id=1,
        company_name="ООО «Ромашка»",
        project_id=1,
        project_title="Продвижение бренда",
        stage_id=None,
        works=(
            ActWork("Аудит текущих рекламных кампаний и аналитики", date(2026, 10, 12)),
            ActWork("Стратегия продвижения в социальных сетях", date(2026, 10, 24)),
            ActWork("Дизайн-концепция", date(2026, 11, 2)),
        ),
        amount=Money(450_000_00, "RUB"),
        created_at="2026-11-27 10:00:00",
        document_id=None,
        tax=taxed(450_000_00, TaxMode.INCLUDED, 22),
        basis="Договор № 12 от 01.12.2025",
        company_requisites=(
            "ООО «Ромашка»\nИНН 7701234567, КПП 770101001\n101000, Москва, Мясницкая ул., 10"
        ),
    )


def accounted_invoice() -> Invoice:
    """An invoice as the README shows it: three lines, VAT included, the client's
    requisites and contract, half paid."""
    lines = (
        Line("Дизайн главной страницы", Decimal(2), Unit.SERVICE, Money(50_000_00, "RUB")),
        Line("Ведение соцсетей, декабрь", Decimal(1), Unit.MONTH, Money(60_000_00, "RUB")),
        Line("Консультация по рекламе", Decimal("1.5"), Unit.HOUR, Money(4_000_00, "RUB")),
    )
    total = taxed(sum(line.sum_minor for line in lines), TaxMode.INCLUDED, 22)
    return replace(
        invoice(Money(total.total_minor, "RUB")),
        lines=lines,
        tax=total,
        company_requisites="ООО «Ромашка»\nИНН 7701234567, КПП 770101001",
        company_contract="Договор № 12 от 01.12.2025",
    )


def reconciliation() -> Reconciliation:
    """A quarter with a client: roubles with an opening balance, and a euro invoice."""
    company = Company(
        1, "ООО «Ромашка»", 5, "Олег", 2,
        requisites="ООО «Ромашка»\nИНН 7701234567, КПП 770101001",
        contract="Договор № 12 от 01.12.2025",
    )  # fmt: skip
    roubles = Ledger("RUB", 60_000_00, (
        Entry(date(2026, 10, 5), EntryKind.INVOICE, "2026-0007", 100_000_00, 0),
        Entry(date(2026, 10, 20), EntryKind.INVOICE, "2026-0009", 166_000_00, 0),
        Entry(date(2026, 11, 10), EntryKind.PAYMENT, "2026-0004", 0, 60_000_00),
        Entry(date(2026, 11, 10), EntryKind.PAYMENT, "2026-0007", 0, 30_000_00),
        Entry(date(2026, 12, 1), EntryKind.PAYMENT, "2026-0009", 0, 166_000_00),
    ))  # fmt: skip
    euros = Ledger(
        "EUR", 0, (Entry(date(2026, 10, 5), EntryKind.INVOICE, "2026-0008", 1_200_00, 0),)
    )
    return Reconciliation(company, date(2026, 10, 1), date(2026, 12, 31), (euros, roubles))
