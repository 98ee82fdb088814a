"""What a bank app reads from an invoice's QR code.

Roubles: GOST R 56042-2014, the code every Russian bank app scans («Оплата по QR»).
Euros: EPC069-12, the SEPA credit transfer code European bank apps scan. Both carry the
balance still due, not the invoice's original amount, so a client who paid half and
scans the code pays the other half.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.platform.parsing import MINOR_PER_UNIT, Money

# GOST R 56042-2014, table 1: the longest value each field may hold.
_GOST_LIMITS = {"Name": 160, "BankName": 45, "Purpose": 210}
_EPC_NAME_LIMIT = 70
_EPC_REMITTANCE_LIMIT = 140
_EPC_MAX = Decimal("999999999.99")


@dataclass(frozen=True)
class BankDetails:
    """The agency's account (AGENCY_BANK_* settings, checked when the bot starts)."""

    payee: str  # the legal name the money goes to
    bank_name: str
    account: str  # 20 digits (расчётный счёт)
    bic: str  # 9 digits (БИК)
    correspondent_account: str  # 20 digits (корр. счёт)
    inn: str  # 10 or 12 digits
    kpp: str = ""  # 9 digits; a sole proprietor has none
    iban: str = ""  # for euro invoices
    swift: str = ""  # optional inside the EEA


def _gost_value(text: str, field: str) -> str:
    # '|' separates the fields: a payee's name must not end one early.
    clean = " ".join(text.replace("|", "/").split())
    limit = _GOST_LIMITS.get(field)
    return clean[:limit] if limit else clean


def gost_payload(bank: BankDetails, purpose: str, due: Money) -> str:
    """ST00012: format ST, version 0001, '2' for UTF-8, '|' between the fields."""
    fields = [
        ("Name", bank.payee),
        ("PersonalAcc", bank.account),
        ("BankName", bank.bank_name),
        ("BIC", bank.bic),
        ("CorrespAcc", bank.correspondent_account),
        ("PayeeINN", bank.inn),
    ]
    if bank.kpp:
        fields.append(("KPP", bank.kpp))
    fields += [("Purpose", purpose), ("Sum", str(due.minor))]
    return "ST00012|" + "|".join(f"{name}={_gost_value(value, name)}" for name, value in fields)


def epc_payload(bank: BankDetails, remittance: str, due: Money) -> str:
    """EPC069-12 version 002, UTF-8 (character set 1), SEPA credit transfer."""
    amount = Decimal(due.minor) / MINOR_PER_UNIT
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        bank.swift,
        bank.payee[:_EPC_NAME_LIMIT],
        bank.iban.replace(" ", "").upper(),
        f"EUR{amount:.2f}",
        "",  # purpose code
        "",  # structured creditor reference; the text below is used instead
        " ".join(remittance.split())[:_EPC_REMITTANCE_LIMIT],
    ]
    return "\n".join(lines)


def payment_payload(
    bank: BankDetails | None,
    number: str,
    purpose: str | None,
    due: Money | None,
    vat: str | None = None,
) -> str | None:
    """The code for what is still due on invoice `number`; none when nothing is due, the
    currency has no standard code, or the details for it are not configured. The purpose
    is what the bank writes on the payment order, in the language of that bank's country."""
    if bank is None or due is None or due.minor <= 0:
        return None
    if due.currency == "RUB" and bank.account:
        text = f"Оплата по счёту № {number}" + (f". {purpose}" if purpose else "")
        if vat:  # the VAT phrase last, kept whole when the purpose must be cut
            room = _GOST_LIMITS["Purpose"] - len(vat) - 2
            text = f"{text[:room].rstrip()}, {vat}"
        return gost_payload(bank, text, due)
    if due.currency == "EUR" and bank.iban and Decimal(due.minor) / MINOR_PER_UNIT <= _EPC_MAX:
        return epc_payload(bank, f"Invoice {number}" + (f": {purpose}" if purpose else ""), due)
    return None
