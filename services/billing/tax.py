"""VAT on the agency's documents: the mode (none, prices with VAT included, VAT on top),
the rate, and the sums a document's totals block shows.

Russia's standard rate is 22 % since 1 January 2026 (Federal Law 425-FZ) and 20 % for what
was done before; 10 % is the reduced rate, 5 % and 7 % the simplified system's. An agency
on the simplified system without VAT writes "Без НДС" with the legal basis. The agency's
mode is a setting, checked at start; an invoice may name another rate. Sums are integer
minor units, rounded half up to the kopeck, as accounting software does.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from services.platform.errors import InvalidInput

# The day Russia's standard rate became 22 % (Federal Law of 28.11.2025 No. 425-FZ).
STANDARD_RATE_SINCE = date(2026, 1, 1)
RATES = (22, 20, 10, 7, 5, 0)
DEFAULT_VAT_BASIS = (
    "НДС не облагается в связи с применением упрощённой системы налогообложения"
    " (п. 2 ст. 346.11 НК РФ)"
)


class TaxMode(enum.StrEnum):
    NONE = "none"  # no VAT (the simplified system): "Без НДС", with the legal basis
    INCLUDED = "included"  # the prices entered include VAT
    ON_TOP = "on_top"  # VAT is added to the prices entered


class RateChoice(enum.StrEnum):
    """What a setting or an invoice names: no VAT, the standard rate of the document's
    date, or a fixed rate."""

    NONE = "none"
    STANDARD = "standard"
    R22 = "22"
    R20 = "20"
    R10 = "10"
    R7 = "7"
    R5 = "5"
    R0 = "0"


@dataclass(frozen=True)
class TaxPolicy:
    """The agency's VAT: its rate choice, whether prices include it, and the basis line
    written when there is none."""

    rate: RateChoice
    prices_include: bool
    basis: str

    def rate_on(self, day: date, override: RateChoice | None = None) -> int | None:
        """The percent for a document dated `day` (None: no VAT)."""
        choice = override or self.rate
        if choice is RateChoice.NONE:
            return None
        if choice is RateChoice.STANDARD:
            return 22 if day >= STANDARD_RATE_SINCE else 20
        return int(choice.value)

    def mode_for(self, rate: int | None) -> TaxMode:
        if rate is None:
            return TaxMode.NONE
        return TaxMode.INCLUDED if self.prices_include else TaxMode.ON_TOP


@dataclass(frozen=True)
class TaxedSum:
    """A document's totals: the sum of its lines, the VAT in or on it, and what is paid."""

    mode: TaxMode
    rate: int | None
    lines_minor: int  # the lines as entered
    tax_minor: int
    total_minor: int  # всего к оплате

    @property
    def net_minor(self) -> int:
        return self.total_minor - self.tax_minor


def taxed(lines_minor: int, mode: TaxMode, rate: int | None) -> TaxedSum:
    """The totals for lines adding up to `lines_minor` under `mode` at `rate` percent."""
    if mode is TaxMode.NONE or not rate:
        return TaxedSum(TaxMode.NONE if rate is None else mode, rate, lines_minor, 0, lines_minor)
    amount = Decimal(lines_minor)
    if mode is TaxMode.INCLUDED:
        tax = _kopecks(amount * rate / (100 + rate))
        return TaxedSum(mode, rate, lines_minor, tax, lines_minor)
    tax = _kopecks(amount * rate / 100)
    return TaxedSum(mode, rate, lines_minor, tax, lines_minor + tax)


def _kopecks(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


_RATE_IN_TEXT = re.compile(
    r"[,;]?\s*(?:(без\s+ндс|no\s+vat|ндс\s+не\s+облагается)|(?:ндс|vat)\s*(\d{1,2})\s*%?)\s*$",
    re.IGNORECASE,
)


def split_rate(text: str) -> tuple[str, RateChoice | None]:
    """'150 000, НДС 10%' -> ('150 000', 10 %); '150 000 без НДС' -> ('150 000', none);
    a sum without a rate keeps the agency's (None)."""
    found = _RATE_IN_TEXT.search(text)
    if found is None:
        return text, None
    rest = text[: found.start()].strip()
    if found.group(1):
        return rest, RateChoice.NONE
    return rest, parse_rate_choice(found.group(2))


def parse_rate_choice(text: str) -> RateChoice:
    """A setting's or an answer's rate: 'none', 'standard', or a percent we know."""
    value = text.strip().lower().removesuffix("%").strip()
    aliases = {"": "none", "no": "none", "без ндс": "none", "usn": "none", "усн": "none"}
    value = aliases.get(value, value)
    try:
        return RateChoice(value)
    except ValueError as error:
        raise InvalidInput("tax-rate-unknown", rates=", ".join(map(str, RATES))) from error


# An agency that set nothing: no VAT, prices as entered.
NO_VAT = TaxPolicy(RateChoice.NONE, prices_include=True, basis=DEFAULT_VAT_BASIS)
