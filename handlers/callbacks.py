"""All inline-button payloads: short prefixes, ids only; handlers re-check who presses."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData


class AccessDecision(StrEnum):
    ACCEPT = "a"
    DECLINE = "d"


class AccessCb(CallbackData, prefix="acc"):
    id: int
    decision: AccessDecision


class AccessCompanyCb(CallbackData, prefix="acco"):
    id: int
    company: int


class RequestAccessCb(CallbackData, prefix="req"):
    pass


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class ManagerAction(StrEnum):
    ADD = "add"
    REMOVE = "rm"
    CONFIRM_REMOVE = "rmok"
    KEEP = "keep"


class ManagerCb(CallbackData, prefix="mgr"):
    action: ManagerAction
    id: int = 0


class CompanyAction(StrEnum):
    OPEN = "open"
    INVITE = "inv"
    REASSIGN = "re"
    SET_MANAGER = "set"


class CompanyCb(CallbackData, prefix="co"):
    action: CompanyAction
    id: int
    manager: int = 0


def _access(params: dict[str, Any]) -> CallbackData:
    decision = AccessDecision.ACCEPT if params["decision"] == "accept" else AccessDecision.DECLINE
    return AccessCb(id=params["id"], decision=decision)


# Services describe outbox buttons as an action name with ids; this turns them into payloads.
_OUTBOX_ACTIONS = {
    "access": _access,
    "company": lambda params: CompanyCb(**params),
}


def callback_for(action: str, params: dict[str, Any]) -> str:
    return _OUTBOX_ACTIONS[action](params).pack()
