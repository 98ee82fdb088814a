"""What people see of sign-off: a version's card for the client and for the AM, and the
buttons to decide on it (green to approve, red to ask for changes)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from services.platform.clock import from_db
from services.work.sign_off import Deliverable
from services.work.stats import SignOffStats
from views.callbacks import (
    SignOffAction,
    SignOffCb,
    SignOffChangesCb,
    SignOffDraftAction,
    SignOffDraftCb,
    StageAction,
    StageCb,
)
from views.texts import Translate, format_moment, say


def card_args(found: Deliverable, language: str, timezone: str) -> dict[str, object]:
    """What a card says about a version, as it is now."""

    def moment(value: str | None) -> str:
        return format_moment(from_db(value), timezone, language) if value else "none"

    return {
        "project": found.project_title,
        "company": found.company_name,
        "stage": found.stage_title,
        "note": found.note or "none",
        "link": found.link or "none",
        "files": len(found.files),
        "status": found.status.value,
        "decided_by": found.decided_by_name or "none",
        "decided_at": moment(found.decided_at),
        "posted_at": moment(found.posted_at),
        "comment": found.comment or "none",
        "rounds": found.round,
        "included": found.rounds_included,
        "beyond": "yes" if found.beyond_included else "no",
    }


def decision_buttons(translate: Translate, deliverable_id: int) -> InlineKeyboardMarkup:
    """Bot API 9.4's button colours: approve in green, changes in red."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=translate("btn-signoff-approve"),
                    style="success",
                    callback_data=SignOffCb(id=deliverable_id, action=SignOffAction.APPROVE).pack(),
                ),
                InlineKeyboardButton(
                    text=translate("btn-signoff-changes"),
                    style="danger",
                    callback_data=SignOffCb(id=deliverable_id, action=SignOffAction.CHANGES).pack(),
                ),
            ],
            [
                InlineKeyboardButton(
                    text=translate("btn-signoff-question"),
                    callback_data=SignOffCb(
                        id=deliverable_id, action=SignOffAction.QUESTION
                    ).pack(),
                )
            ],
        ]
    )


def draft_buttons(translate: Translate, draft_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=translate("btn-signoff-send"),
                    style="primary",
                    callback_data=SignOffDraftCb(
                        id=draft_id, action=SignOffDraftAction.SEND
                    ).pack(),
                ),
                InlineKeyboardButton(
                    text=translate("btn-signoff-drop"),
                    callback_data=SignOffDraftCb(
                        id=draft_id, action=SignOffDraftAction.CANCEL
                    ).pack(),
                ),
            ]
        ]
    )


def changes_send(translate: Translate, deliverable_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=translate("btn-signoff-changes-send"),
                    style="danger",
                    callback_data=SignOffChangesCb(id=deliverable_id).pack(),
                )
            ]
        ]
    )


def finish_stage(translate: Translate, stage_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=translate("btn-signoff-finish-stage"),
                    style="success",
                    callback_data=StageCb(id=stage_id, action=StageAction.FINISH).pack(),
                )
            ]
        ]
    )


def stats_text(signed: SignOffStats, translate: Translate) -> str:
    """The heads' /stats: approval cycle time per AM, change rounds per project."""
    lines = [translate("stats-signoff-header")]
    for name, hours, count in signed.approval_hours:
        days = f"{hours / 24:.1f}"
        lines.append(say(translate, "stats-signoff-cycle", manager=name, days=days, count=count))
    if signed.rounds:
        lines.append(translate("stats-signoff-rounds"))
        for project, company, rounds in signed.rounds:
            lines.append(
                say(
                    translate,
                    "stats-signoff-round",
                    project=project,
                    company=company,
                    rounds=rounds,
                )
            )
    return "\n".join(lines)
