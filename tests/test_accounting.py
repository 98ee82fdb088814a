"""What an accountant checks first: VAT worked out to the kopeck in each mode and at the
rate of the document's date, the sum in words (num2words, declined), and invoice lines
read from what an AM types."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from services.billing.invoices import Invoices
from services.billing.tax import RateChoice, TaxedSum, TaxMode, TaxPolicy, taxed
from services.platform.errors import InvalidInput
from services.platform.parsing import Money, Unit, parse_line, parse_lines
from tests.test_invoices import AM, world  # noqa: F401  (the fixture)
from views.amounts import amount_in_words, vat_phrase


def test_vat_included_on_top_or_none_to_the_kopeck():
    assert taxed(1_234_56, TaxMode.INCLUDED, 22) == TaxedSum(
        TaxMode.INCLUDED, 22, 1_234_56, 222_63, 1_234_56
    )  # 1 234,56 × 22 / 122 = 222,626…
    assert taxed(1_000_00, TaxMode.ON_TOP, 22) == TaxedSum(
        TaxMode.ON_TOP, 22, 1_000_00, 220_00, 1_220_00
    )
    assert taxed(333_33, TaxMode.ON_TOP, 10).tax_minor == 33_33  # 33,333 rounds down
    assert taxed(5_00, TaxMode.ON_TOP, 10).tax_minor == 50
    assert taxed(5, TaxMode.ON_TOP, 10).tax_minor == 1  # 0,5 kopeck rounds half up
    none = taxed(350_000_00, TaxMode.NONE, None)
    assert (none.tax_minor, none.total_minor, none.mode) == (0, 350_000_00, TaxMode.NONE)
    assert taxed(100_00, TaxMode.INCLUDED, 0).tax_minor == 0


def test_the_standard_rate_follows_the_documents_date():
    policy = TaxPolicy(RateChoice.STANDARD, prices_include=True, basis="")
    assert policy.rate_on(date(2025, 12, 31)) == 20
    assert policy.rate_on(date(2026, 1, 1)) == 22
    assert policy.rate_on(date(2026, 12, 7), RateChoice.R10) == 10
    assert policy.rate_on(date(2026, 12, 7), RateChoice.NONE) is None
    assert policy.mode_for(22) is TaxMode.INCLUDED and policy.mode_for(None) is TaxMode.NONE
    on_top = TaxPolicy(RateChoice.R5, prices_include=False, basis="")
    assert on_top.mode_for(on_top.rate_on(date(2026, 12, 7))) is TaxMode.ON_TOP


@pytest.mark.parametrize(
    ("minor", "currency", "language", "words"),
    [
        (1_00, "RUB", "ru", "Один рубль 00 копеек"),
        (2_00, "RUB", "ru", "Два рубля 00 копеек"),
        (5_00, "RUB", "ru", "Пять рублей 00 копеек"),
        (11_00, "RUB", "ru", "Одиннадцать рублей 00 копеек"),
        (21_00, "RUB", "ru", "Двадцать один рубль 00 копеек"),
        (1_000_001_00, "RUB", "ru", "Один миллион один рубль 00 копеек"),
        (1, "RUB", "ru", "Ноль рублей 01 копейка"),
        (350_000_00, "RUB", "ru", "Триста пятьдесят тысяч рублей 00 копеек"),
        (1_234_52, "RUB", "ru", "Одна тысяча двести тридцать четыре рубля 52 копейки"),
        (21_21, "RUB", "ru", "Двадцать один рубль 21 копейка"),
        (2_00, "EUR", "ru", "Два евро 00 центов"),
        (1_00, "USD", "ru", "Один доллар 00 центов"),
        (5_00, "USD", "ru", "Пять долларов 00 центов"),
        (21_01, "USD", "en", "Twenty-one dollars 01 cent"),
        (1_500_50, "EUR", "en", "One thousand five hundred euro 50 cents"),
        (2_00, "RUB", "en", "Two roubles 00 kopeks"),
    ],
)
def test_the_sum_in_words_declines_units_and_cents(minor, currency, language, words):
    assert amount_in_words(Money(minor, currency), language) == words


def test_the_vat_phrase_a_bank_writes_on_the_payment_order():
    included = taxed(1_234_56, TaxMode.INCLUDED, 22)
    assert vat_phrase(included, "RUB", "ru") == "в т.ч. НДС 22% — 222,63 руб."
    assert vat_phrase(taxed(1_000_00, TaxMode.ON_TOP, 22), "RUB", "ru") == ("НДС 22% — 220,00 руб.")
    assert vat_phrase(taxed(1_000_00, TaxMode.NONE, None), "RUB", "ru") == "НДС не облагается"
    assert vat_phrase(included, "EUR", "en", label="VAT") == "incl. VAT 22% — €222.63"


def test_invoice_lines_read_as_typed():
    line = parse_line("Дизайн главной — 2 × 50 000 ₽ усл.")
    assert (line.title, line.quantity, line.unit, line.price) == (
        "Дизайн главной", Decimal(2), Unit.SERVICE, Money(50_000_00, "RUB"),
    )  # fmt: skip
    assert line.sum_minor == 100_000_00
    hours = parse_line("Консультация - 1,5 х 4000 ₽/час")
    assert (hours.quantity, hours.unit, hours.sum_minor) == (Decimal("1.5"), Unit.HOUR, 6_000_00)
    assert parse_line("SEO-аудит — 45 000").unit is Unit.SERVICE  # one service by default
    assert parse_line("Ведение соцсетей: 3 x 20k руб мес.").sum_minor == 60_000_00
    assert parse_line("Баннеры — 20 × 1 500 шт").quantity == Decimal(20)  # never 2E+1
    several = parse_lines("• Дизайн — 100 000\n\n- Вёрстка — 2 × 25 000 ₽ усл.")
    assert [item.title for item in several] == ["Дизайн", "Вёрстка"]
    for bad, key in (
        ("100 000", "parse-line"),
        ("Дизайн — сто тысяч", "parse-line"),
        ("Дизайн — 0", "parse-money-range"),
        ("Дизайн — 0 × 100", "parse-line-quantity"),
        ("Дизайн — 100 $\nВёрстка — 100 ₽", "parse-lines-currency"),
        ("\n".join(f"Строка {n} — 100" for n in range(31)), "parse-lines-too-many"),
    ):
        with pytest.raises(InvalidInput) as refused:
            parse_lines(bad)
        assert refused.value.key == key, bad


async def test_an_invoice_with_vat_on_top_asks_for_the_total(world, db):  # noqa: F811
    people, invoices = world
    on_top = Invoices(
        db,
        invoices.form,
        default_timezone="Europe/Moscow",
        number_prefix="",
        chat=invoices.chat,
        tax=TaxPolicy(RateChoice.STANDARD, prices_include=False, basis=""),
    )
    am = await people.get(AM)
    draft = await on_top.start(am, 1, None)
    lines = "Дизайн — 2 × 50 000 ₽ усл.\nSEO-аудит — 45 000"
    await on_top.answer_text(am, draft.id, "lines", lines)
    await on_top.answer_text(am, draft.id, "purpose", "Работы за декабрь")
    await on_top.choose(am, draft.id, "vat", "agency")
    await on_top.answer_text(am, draft.id, "due_date", "20.12.2026")
    await on_top.skip(am, draft.id, "file")
    issued = await on_top.issue(am, draft.id)
    assert issued.tax == TaxedSum(TaxMode.ON_TOP, 22, 145_000_00, 31_900_00, 176_900_00)
    assert issued.amount == Money(176_900_00, "RUB")  # what the client pays and is chased for
    assert [line.title for line in issued.lines] == ["Дизайн", "SEO-аудит"]
    # this invoice names its own rate: 10 %, included in the prices
    draft = await invoices.start(am, 1, None)
    await invoices.answer_text(am, draft.id, "lines", lines)
    await invoices.answer_text(am, draft.id, "purpose", "Работы за декабрь")
    await invoices.choose(am, draft.id, "vat", "r10")
    await invoices.answer_text(am, draft.id, "due_date", "20.12.2026")
    await invoices.skip(am, draft.id, "file")
    own = await invoices.issue(am, draft.id)
    assert own.tax == TaxedSum(TaxMode.INCLUDED, 10, 145_000_00, 13_181_82, 145_000_00)


async def test_an_act_adds_vat_and_rests_on_the_contract_or_the_invoice(world, db):  # noqa: F811
    from services.accounts.companies import Companies
    from services.billing.acts import Acts
    from services.billing.documents import Documents
    from services.work.projects import Projects

    people, invoices = world
    am = await people.get(AM)
    projects = Projects(db, "Europe/Moscow")
    project = await projects.create(am, 1, "Сайт", "Аудит — 10 дней")
    await projects.finish_stage(am, project.stages[0].id)
    draft = await invoices.start(am, 1, project.id)
    await invoices.answer_text(am, draft.id, "lines", "Аудит — 100 000")
    await invoices.answer_text(am, draft.id, "purpose", "Аудит")
    await invoices.choose(am, draft.id, "vat", "agency")
    await invoices.answer_text(am, draft.id, "due_date", "20.12.2026")
    await invoices.skip(am, draft.id, "file")
    billed = await invoices.issue(am, draft.id)
    acts = Acts(
        db, projects, Documents(db), default_timezone="Europe/Moscow", number_prefix="",
        tax=TaxPolicy(RateChoice.R22, prices_include=False, basis=""),
    )  # fmt: skip
    act = await acts.prepare(am, project.id, project.stages[0].id, "100 000")
    assert act.tax == TaxedSum(TaxMode.ON_TOP, 22, 100_000_00, 22_000_00, 122_000_00)
    assert act.amount == Money(122_000_00, "RUB")
    assert act.basis is None and act.basis_invoice == (billed.number, billed.issued_at)
    await Companies(db, timedelta(days=7)).set_paperwork(
        am, 1, "ООО «Ромашка»\nИНН 7701234567", "Договор № 12 от 01.12.2026"
    )
    again = await acts.prepare(am, project.id, project.stages[0].id, "100 000")
    assert again.number == act.number  # not filed yet: the same act, the same number
    assert again.basis == "Договор № 12 от 01.12.2026" and again.basis_invoice is None
    assert again.company_requisites == "ООО «Ромашка»\nИНН 7701234567"
    # an act may name its own rate after the sum
    own = await acts.prepare(am, project.id, project.stages[0].id, "100 000, НДС 10%")
    assert own.tax == TaxedSum(TaxMode.ON_TOP, 10, 100_000_00, 10_000_00, 110_000_00)
    none = await acts.prepare(am, project.id, project.stages[0].id, "100 000 без НДС")
    assert none.tax == TaxedSum(TaxMode.NONE, None, 100_000_00, 0, 100_000_00)
    with pytest.raises(InvalidInput):
        await acts.prepare(am, project.id, project.stages[0].id, "100 000, НДС 18%")


async def test_a_reconciliation_opens_lists_and_closes_each_currency(world, db, clock):  # noqa: F811
    from datetime import UTC, datetime

    from services.billing.reconciliation import EntryKind, Reconciliations
    from services.platform.errors import NotAllowed

    people, invoices = world
    am = await people.get(AM)

    async def bill(lines: str) -> str:
        draft = await invoices.start(am, 1, None)
        await invoices.answer_text(am, draft.id, "lines", lines)
        await invoices.answer_text(am, draft.id, "purpose", "Работы")
        await invoices.choose(am, draft.id, "vat", "agency")
        await invoices.answer_text(am, draft.id, "due_date", "28.02.2027")
        await invoices.skip(am, draft.id, "file")
        return (await invoices.issue(am, draft.id)).number or ""

    clock.set(datetime(2026, 9, 15, 9, tzinfo=UTC))  # the third quarter
    before = await bill("Аудит — 100 000")
    first = await invoices.get_for_staff(am, 1)
    await invoices.record_payment(am, first.id, "40 000")
    clock.set(datetime(2026, 10, 5, 9, tzinfo=UTC))  # the fourth
    october = await bill("Дизайн — 2 × 50 000 ₽ усл.")
    euros = await bill("Съёмка — 1 200 €")
    clock.set(datetime(2026, 11, 10, 9, tzinfo=UTC))
    await invoices.confirm_payment(am, first.id)  # the rest of September's
    await invoices.record_payment(am, 2, "30 000")
    clock.set(datetime(2027, 1, 10, 9, tzinfo=UTC))
    statements = Reconciliations(db, "Europe/Moscow")
    found = await statements.make(am, 1, date(2026, 10, 1), date(2026, 12, 31))
    euro, rouble = found.ledgers
    assert (rouble.currency, rouble.opening_minor) == ("RUB", 60_000_00)  # 100 000 - 40 000
    assert [(e.day, e.kind, e.number, e.debit_minor, e.credit_minor) for e in rouble.entries] == [
        (date(2026, 10, 5), EntryKind.INVOICE, october, 100_000_00, 0),
        (date(2026, 11, 10), EntryKind.PAYMENT, before, 0, 60_000_00),
        (date(2026, 11, 10), EntryKind.PAYMENT, october, 0, 30_000_00),
    ]
    assert (rouble.debit_minor, rouble.credit_minor, rouble.closing_minor) == (
        100_000_00, 90_000_00, 70_000_00,
    )  # fmt: skip
    assert (euro.currency, euro.opening_minor, euro.closing_minor) == ("EUR", 0, 1_200_00)
    assert [e.number for e in euro.entries] == [euros]
    quiet = await statements.make(am, 1, date(2027, 1, 1), date(2027, 1, 5))
    assert [(x.currency, x.entries, x.closing_minor) for x in quiet.ledgers] == [
        ("EUR", (), 1_200_00), ("RUB", (), 70_000_00),
    ]  # fmt: skip
    with pytest.raises(NotAllowed):
        await statements.make(await people.get(3), 1, date(2026, 10, 1), date(2026, 12, 31))
    with pytest.raises(InvalidInput):
        await statements.make(am, 1, date(2026, 12, 31), date(2026, 10, 1))
