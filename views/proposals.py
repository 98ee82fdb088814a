"""How a proposal reads: the head's approval card (with its history) and the client's card."""

from __future__ import annotations

from typing import Any

from services.platform.clock import from_db
from services.sales.proposals import Proposal, ProposalEvent
from views.forms import shorten, stage_line
from views.texts import Translate, format_moment, say

DECISIONS = ("approved", "returned", "rejected")


def _event_label(action: str, translate: Translate) -> str:
    return translate(f"proposal-event-{action}")


def card_args(
    proposal: Proposal,
    history: list[ProposalEvent],
    translate: Translate,
    language: str,
    timezone: str,
) -> dict[str, Any]:
    """Plain values for proposal-card and proposal-client-card (escaped when rendered)."""
    answers = proposal.answers
    price = proposal.price
    stages = answers.get("stages") or []
    lines = [
        say(
            translate,
            "proposal-history-line",
            at=format_moment(from_db(event.at), timezone, language),
            version=event.version,
            action=_event_label(event.action, translate),
            actor=event.actor_name or "—",
            comment=shorten(event.comment, 300) if event.comment else "none",
        )
        for event in history
    ]
    decided = [e for e in history if e.version == proposal.version and e.action in DECISIONS]
    decision = "none"
    if decided:
        event = decided[0]
        decision = say(
            translate,
            "proposal-decision-line",
            action=_event_label(event.action, translate),
            actor=event.actor_name or "—",
            at=format_moment(from_db(event.at), timezone, language),
        )
    return {
        "company": proposal.company_name,
        "brief": proposal.brief_id or "none",
        "author": proposal.author_name,
        "title": proposal.title,
        "price": price.format(language) if price else "—",
        "payment": answers.get("payment_terms", "—"),
        "timeline": answers.get("timeline", "—"),
        "stages": "\n".join(
            f"{n}. {stage_line(s, language, translate)}" for n, s in enumerate(stages, 1)
        )
        or "—",
        "scope": shorten(str(answers.get("scope", "—")), 1500),
        "history": "\n".join(lines) or "—",
        "decision": decision,
    }


def status_text(proposal: Proposal, translate: Translate) -> str:
    return translate(f"proposal-status-{proposal.status}")


def listing_text(found: list[Proposal], translate: Translate) -> str:
    """`/proposals` for anyone: the service already chose what this person may see."""
    if not found:
        return translate("proposals-empty")
    lines = [translate("proposals-header")]
    for proposal in found:
        lines.append(
            say(
                translate,
                "proposal-list-item",
                proposal_id=proposal.id,
                company=proposal.company_name,
                title=proposal.title or "…",
                status=status_text(proposal, translate),
            )
        )
    return "\n".join(lines)
