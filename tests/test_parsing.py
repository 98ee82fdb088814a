from __future__ import annotations

from datetime import date

import pytest

from services.platform.errors import InvalidInput
from services.platform.parsing import Money, parse_date, parse_decimal, parse_link, parse_money

pytestmark = pytest.mark.no_database

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 500 000", Money(150_000_000, "RUB")),
        ("1,5 млн", Money(150_000_000, "RUB")),
        ("1.5 млн руб.", Money(150_000_000, "RUB")),
        ("300k", Money(30_000_000, "RUB")),
        ("300 тыс. ₽", Money(30_000_000, "RUB")),
        ("$1,200", Money(120_000, "USD")),
        ("1 200,50 €", Money(120_050, "EUR")),
        ("2500 usd", Money(250_000, "USD")),
        ("1\u00a0000\u00a0000 рублей", Money(100_000_000, "RUB")),
        ("99.99", Money(9_999, "RUB")),
    ],
)
def test_money(text: str, expected: Money):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["", "много", "0", "-5", "1.234.5,6,7", "10 попугаев"])
def test_bad_money(text: str):
    with pytest.raises(InvalidInput):
        parse_money(text)


def test_money_formats_for_readers():
    assert parse_money("1 500 000").format("ru") == "1\xa0500\xa0000,00\xa0₽"
    assert parse_money("$1,200").format("en") == "$1,200.00"
    # English has no symbol for roubles or tenge: the code follows the number, spaced.
    assert Money(250_000, "RUB").format("en") == "2,500.00\xa0RUB"
    assert Money(250_000, "KZT").format("ru") == "2\xa0500,00\xa0KZT"
    assert Money(250_050, "EUR").format("en") == "€2,500.50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.12.2026", date(2026, 12, 25)),
        ("25.12", date(2026, 12, 25)),
        ("05.01", date(2027, 1, 5)),  # already past this year: the next one
        ("2026-12-25", date(2026, 12, 25)),
        ("25/12/2026", date(2026, 12, 25)),
        ("1.2.27", date(2027, 2, 1)),
        ("25.12.2026 г.", date(2026, 12, 25)),
    ],
)
def test_dates(text: str, expected: date):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["завтра", "31.02.2027", "2026/25/12", "12-25-2026", ""])
def test_bad_dates(text: str):
    with pytest.raises(InvalidInput):
        parse_date(text, TODAY)


def test_decimal_forms():
    assert str(parse_decimal("1 500")) == "1500"
    assert str(parse_decimal("2,75")) == "2.75"
    with pytest.raises(InvalidInput):
        parse_decimal("12abc")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://instagram.com/acme", "https://instagram.com/acme"),
        ("vk.com/acme", "https://vk.com/acme"),
        ("@acme_shop", "@acme_shop"),
        ("пример.рф/о-нас", "https://пример.рф/о-нас"),
    ],
)
def test_links(text: str, expected: str):
    assert parse_link(text) == expected


@pytest.mark.parametrize("text", ["не ссылка", "ftp://x.ru", "localhost", "http://"])
def test_bad_links(text: str):
    with pytest.raises(InvalidInput):
        parse_link(text)
