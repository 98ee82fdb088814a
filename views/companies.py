"""Companies as the staff see them."""

from __future__ import annotations

from aiogram_i18n import I18nContext

from services.accounts.companies import Company
from views.texts import say


def company_card_text(i18n: I18nContext, company: Company) -> str:
    return say(
        i18n.get,
        "company-card",
        company=company.name,
        manager=company.manager_name or i18n.get("company-no-manager"),
        clients=company.clients,
        requisites=company.requisites or "none",
        contract=company.contract or "none",
    )
