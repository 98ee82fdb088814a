"""The agency as its documents present it: its name and requisites, its bank account, its
VAT, and who signs (settings, checked at start)."""

from __future__ import annotations

from dataclasses import dataclass

from services.billing.payment_qr import BankDetails
from services.billing.tax import NO_VAT, TaxPolicy


@dataclass(frozen=True)
class Agency:
    name: str
    requisites: str  # INN, KPP, address… as the settings write them, a line each
    bank: BankDetails | None = None
    tax: TaxPolicy = NO_VAT
    tax_label: str = "VAT"  # an English document's tax line: VAT, GST…
    words_in_english: bool = False  # an English document spells its total too
    head_name: str = ""
    accountant_name: str = ""
    stamp: str | None = None  # PNG paths
    signature: str | None = None
