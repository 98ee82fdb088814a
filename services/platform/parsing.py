"""What people type, read into values: dates, money, numbers, links.

Money is integer minor units and never touches float; amounts use Decimal.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency, format_decimal, get_currency_symbol
from yarl import URL

from services.platform.errors import InvalidInput

MINOR_PER_UNIT = 100  # RUB, USD and EUR all have kopecks/cents
MONEY_LIMIT_UNITS = Decimal(10) ** 12

_CURRENCIES = {
    "₽": "RUB",
    "руб": "RUB",
    "рублей": "RUB",
    "рубля": "RUB",
    "рубль": "RUB",
    "р": "RUB",
    "rub": "RUB",
    "rur": "RUB",
    "$": "USD",
    "usd": "USD",
    "долл": "USD",
    "долларов": "USD",
    "€": "EUR",
    "eur": "EUR",
    "евро": "EUR",
}
_MULTIPLIERS = {
    "k": 1000,
    "к": 1000,
    "тыс": 1000,
    "тысяч": 1000,
    "тысячи": 1000,
    "thousand": 1000,
    "m": 10**6,
    "mln": 10**6,
    "млн": 10**6,
    "million": 10**6,
    "миллион": 10**6,
    "миллиона": 10**6,
    "миллионов": 10**6,
    "млрд": 10**9,
    "bn": 10**9,
}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_WORD = re.compile(r"[a-zа-яё]+|[₽$€]")


@dataclass(frozen=True)
class Money:
    minor: int
    currency: str

    def format(self, locale: str) -> str:
        """«2 500,00 ₽», «$2,500.00», «2,500.00 RUB»: where the language has no symbol for
        the currency, babel's pattern glues the code to the digits («RUB2,500.00»); the
        code then follows the number, as on an invoice."""
        units = Decimal(self.minor) / MINOR_PER_UNIT
        if get_currency_symbol(self.currency, locale=locale).isalpha():
            return f"{format_decimal(units, '#,##0.00', locale=locale)}\u00a0{self.currency}"
        return format_currency(units, self.currency, locale=locale, format_type="standard")

    def to_json(self) -> dict[str, object]:
        return {"minor": self.minor, "currency": self.currency}


def parse_decimal(text: str, *, thousands_hint: bool = True) -> Decimal:
    """'1 500 000', '1,5', '1.500' (thousands), '300.50' -> Decimal."""
    compact = _SPACES.sub("", text.strip())
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", compact):
        raise InvalidInput("parse-number")
    if "," in compact and "." in compact:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        compact = compact.replace(thousands, "").replace(decimal_mark, ".")
    else:
        for mark in (",", "."):
            count = compact.count(mark)
            if count > 1:
                compact = compact.replace(mark, "")
            elif count == 1:
                tail = compact.split(mark)[1]
                is_thousands = thousands_hint and len(tail) == 3
                compact = compact.replace(mark, "" if is_thousands else ".")
    try:
        return Decimal(compact)
    except InvalidOperation as error:
        raise InvalidInput("parse-number") from error


def parse_money(text: str, default_currency: str = "RUB") -> Money:
    lowered = text.lower().replace("руб.", "руб").replace("тыс.", "тыс")
    currency, multiplier = None, 1
    for word in _WORD.findall(lowered):
        if word in _CURRENCIES:
            currency = _CURRENCIES[word]
        elif word in _MULTIPLIERS:
            multiplier = _MULTIPLIERS[word]
        else:
            raise InvalidInput("parse-money")
    number_text = _WORD.sub(" ", lowered).strip()
    if not number_text:
        raise InvalidInput("parse-money")
    try:
        amount = parse_decimal(number_text, thousands_hint=multiplier == 1) * multiplier
    except InvalidInput as error:
        raise InvalidInput("parse-money") from error
    if amount <= 0 or amount >= MONEY_LIMIT_UNITS:
        raise InvalidInput("parse-money-range")
    minor = amount * MINOR_PER_UNIT
    if minor != minor.to_integral_value():
        raise InvalidInput("parse-money")
    return Money(int(minor), currency or default_currency)


class Unit(enum.StrEnum):
    """What a document line counts."""

    SERVICE = "service"  # усл.
    PIECE = "piece"  # шт.
    HOUR = "hour"  # час
    MONTH = "month"  # мес.


_UNITS = {
    "усл": Unit.SERVICE, "услуга": Unit.SERVICE, "service": Unit.SERVICE, "svc": Unit.SERVICE,
    "шт": Unit.PIECE, "штук": Unit.PIECE, "pcs": Unit.PIECE, "pc": Unit.PIECE,
    "час": Unit.HOUR, "ч": Unit.HOUR, "часов": Unit.HOUR, "часа": Unit.HOUR,
    "h": Unit.HOUR, "hr": Unit.HOUR, "hour": Unit.HOUR, "hours": Unit.HOUR,
    "мес": Unit.MONTH, "месяц": Unit.MONTH, "month": Unit.MONTH, "mo": Unit.MONTH,
}  # fmt: skip
_UNIT_AT_END = re.compile(
    r"[\s/]*\b(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\.?\s*$", re.I
)
_TIMES = re.compile(r"^\s*(\d+(?:[.,]\d{1,3})?)\s*[×xх*]\s*", re.I)
_TITLE_SEPARATORS = (" — ", " – ", " - ", ": ", "—", "–")
LINES_LIMIT = 30
LINE_TITLE_LIMIT = 200


@dataclass(frozen=True)
class Line:
    """One line of an invoice: what, how many, of what unit, at what price."""

    title: str
    quantity: Decimal
    unit: Unit
    price: Money

    @property
    def sum_minor(self) -> int:
        exact = self.quantity * self.price.minor
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "quantity": str(self.quantity),
            "unit": self.unit.value,
            "price": self.price.to_json(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Line:
        price = value["price"]
        return cls(
            value["title"],
            Decimal(value["quantity"]),
            Unit(value["unit"]),
            Money(price["minor"], price["currency"]),
        )


def parse_line(text: str, default_currency: str = "RUB") -> Line:
    """'Дизайн главной — 2 × 50 000 ₽ усл.', 'Сопровождение: 3 x 20k руб/мес',
    'SEO-аудит — 45 000' (one service)."""
    line = " ".join(text.split())
    for separator in _TITLE_SEPARATORS:
        if separator in line:
            title, value = (part.strip() for part in line.rsplit(separator, 1))
            break
    else:
        raise InvalidInput("parse-line", line=line[:80])
    if not title or len(title) > LINE_TITLE_LIMIT:
        raise InvalidInput("parse-line-title", limit=LINE_TITLE_LIMIT)
    unit = Unit.SERVICE
    found = _UNIT_AT_END.search(value)
    if found is not None:
        unit = _UNITS[found.group(1).lower()]
        value = value[: found.start()].strip()
    quantity = Decimal(1)
    times = _TIMES.match(value)
    if times is not None:
        quantity = Decimal(times.group(1).replace(",", "."))
        value = value[times.end() :]
    if quantity <= 0 or quantity > 100_000:
        raise InvalidInput("parse-line-quantity")
    try:
        price = parse_money(value, default_currency)
    except InvalidInput as error:
        if error.key == "parse-money-range":
            raise
        raise InvalidInput("parse-line", line=line[:80]) from error
    if quantity == quantity.to_integral_value():
        quantity = quantity.to_integral_value()
    return Line(title, quantity, unit, price)


def parse_lines(text: str, default_currency: str = "RUB") -> list[Line]:
    """One line a row; all in one currency."""
    rows = [row for row in (raw.strip(" •-\t") for raw in text.splitlines()) if row]
    if not rows:
        raise InvalidInput("parse-line", line="")
    if len(rows) > LINES_LIMIT:
        raise InvalidInput("parse-lines-too-many", limit=LINES_LIMIT)
    lines = [parse_line(row, default_currency) for row in rows]
    if len({line.price.currency for line in lines}) > 1:
        raise InvalidInput("parse-lines-currency")
    total = sum(line.sum_minor for line in lines)
    if total >= MONEY_LIMIT_UNITS * MINOR_PER_UNIT:
        raise InvalidInput("parse-money-range")
    return lines


_DATE_FORMATS = (
    re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})"),
)


def parse_date(text: str, today: date) -> date:
    """25.12.2026, 25.12.26, 2026-12-25, 25/12/2026, or 25.12 (the next such day)."""
    cleaned = text.strip().rstrip(".").removesuffix(" г").strip()
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        parts = match.groupdict()
        day, month = int(parts["d"]), int(parts["m"])
        year_text = parts.get("y")
        try:
            if year_text is None:
                candidate = date(today.year, month, day)
                return candidate if candidate >= today else date(today.year + 1, month, day)
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return date(year, month, day)
        except ValueError as error:
            raise InvalidInput("parse-date-impossible") from error
    raise InvalidInput("parse-date")


_QUARTER = re.compile(r"^(?:q\s*([1-4])|([1-4])\s*(?:-?й\s*)?(?:кв\.?|квартал|q))\s*(\d{4})$", re.I)
_ROMAN_QUARTER = re.compile(r"^(iv|i{1,3})\s*(?:кв\.?|квартал)\s*(\d{4})$", re.I)
_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")


def parse_period(text: str, today: date) -> tuple[date, date]:
    """A statement's period, both days included: '4 кв 2026', 'Q4 2026', 'IV квартал
    2026', '2026', '11.2026', '01.10.2026 - 31.12.2026'."""
    value = " ".join(text.strip().lower().replace("г.", "").split())
    quarter = _QUARTER.match(value)
    roman = _ROMAN_QUARTER.match(value)
    if quarter or roman:
        if quarter:
            number, year = int(quarter.group(1) or quarter.group(2)), int(quarter.group(3))
        else:
            assert roman is not None
            number = ("i", "ii", "iii", "iv").index(roman.group(1).lower()) + 1
            year = int(roman.group(2))
        first = date(year, 3 * number - 2, 1)
        return first, _month_end(date(year, 3 * number, 1))
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 1, 1), date(int(value), 12, 31)
    month = _MONTH.match(value)
    if month and 1 <= int(month.group(1)) <= 12:
        first = date(int(month.group(2)), int(month.group(1)), 1)
        return first, _month_end(first)
    parts = re.split(r"\s*(?:—|–|-|по|to)\s*", value.removeprefix("с ").removeprefix("from "))
    if len(parts) == 2:
        start, end = parse_date(parts[0], today), parse_date(parts[1], today)
        if end >= start:
            return start, end
    raise InvalidInput("parse-period")


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def parse_link(text: str) -> str:
    """A web address (scheme optional) or a social @handle."""
    value = text.strip()
    if re.fullmatch(r"@[A-Za-z0-9_.]{2,64}", value):
        return value
    candidate = value if re.match(r"^[a-z]+://", value, re.I) else f"https://{value}"
    try:
        url = URL(candidate)
    except ValueError as error:
        raise InvalidInput("parse-link") from error
    host = url.host or ""
    if url.scheme not in ("http", "https") or "." not in host or " " in value:
        raise InvalidInput("parse-link")
    if not re.fullmatch(r"[a-z0-9.\-а-яё]+", host, re.I):
        raise InvalidInput("parse-link")
    return candidate
