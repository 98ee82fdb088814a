"""Sums as an accountant reads them: in words ("Триста пятьдесят тысяч рублей 00 копеек"),
and the VAT phrase a totals block and a payment order carry.

The words are num2words's (its Russian declines roubles, kopecks, euros and dollars by
number and gender); it is imported on first use, not with the bot.
"""

from __future__ import annotations

from services.billing.tax import TaxedSum, TaxMode
from services.platform.parsing import MINOR_PER_UNIT, Money
from views.texts import Translate, say_plain

WORDS_LANGUAGES = ("ru", "en")


def amount_in_words(money: Money, language: str) -> str:
    """'Триста пятьдесят тысяч рублей 00 копеек'; a currency num2words does not name in
    that language gets the whole units in words and its code."""
    # imported here: 44 ms, paid only when a document is made
    from num2words import num2words

    lang = language if language in WORDS_LANGUAGES else "ru"
    options = {"to": "currency", "currency": money.currency, "cents": False, "separator": ""}
    try:
        text = str(num2words(money.minor, lang=lang, **options))
    except NotImplementedError:
        units, cents = divmod(money.minor, int(MINOR_PER_UNIT))
        text = f"{num2words(units, lang=lang)} {money.currency} {cents:02d}"
    if lang == "en":
        text = text.replace(",", "")
    return text[:1].upper() + text[1:]


def vat_phrase(total: TaxedSum, currency: str, language: str, *, label: str = "НДС") -> str:
    """What a payment order's purpose says of VAT: 'в т.ч. НДС 22% — 1 234,56 руб.',
    'НДС 22% — …' when it was added on top, 'НДС не облагается' when there is none."""
    if total.mode is TaxMode.NONE or total.rate is None:
        return "НДС не облагается" if language == "ru" else f"No {label}"
    amount = Money(total.tax_minor, currency).format(language)
    if language == "ru":
        amount = amount.replace("\xa0₽", " руб.").replace("₽", " руб.")
        prefix = "в т.ч. " if total.mode is TaxMode.INCLUDED else ""
        return f"{prefix}{label} {total.rate}% — {amount}"
    prefix = "incl. " if total.mode is TaxMode.INCLUDED else ""
    return f"{prefix}{label} {total.rate}% — {amount}"


def tax_totals(
    total: TaxedSum,
    currency: str,
    language: str,
    translate: Translate,
    tax_label: str,
    grand_key: str,
) -> list[tuple[str, str]]:
    """A document's totals block: 'Итого', the VAT line ('В том числе НДС (22 %)',
    'НДС (22 %)' on top, or 'Без НДС'), and what is paid in all."""

    def money(minor: int) -> str:
        return Money(minor, currency).format(language)

    tax_name = "НДС" if language == "ru" else tax_label
    totals = [(translate("invoice-doc-total"), money(total.lines_minor))]
    if total.mode is TaxMode.NONE or total.rate is None:
        totals.append((say_plain(translate, "invoice-doc-no-vat", tax=tax_name), "—"))
    else:
        key = "invoice-doc-vat-included" if total.mode is TaxMode.INCLUDED else "invoice-doc-vat"
        line = say_plain(translate, key, tax=tax_name, rate=total.rate)
        totals.append((line, money(total.tax_minor)))
    totals.append((translate(grand_key), money(total.total_minor)))
    return totals
