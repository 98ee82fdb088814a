"""How a project reads: the /status list, the card with stages, news and ratings."""

from __future__ import annotations

from datetime import date

from services.platform.clock import from_db
from services.work.projects import Project, ProjectUpdate, Rating, Stage
from views.forms import shorten
from views.texts import Translate, format_day, format_moment, say

BAR_CELLS = 10


def progress_bar(percent: int) -> str:
    filled = round(percent / 100 * BAR_CELLS)
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def day_text(day: date | None, language: str, translate: Translate) -> str:
    if day is None:
        return translate("project-no-deadline")
    return format_day(day, language)


def status_item(project: Project, translate: Translate, language: str, timezone: str) -> str:
    stage = project.current_stage
    updated = project.updated_at or project.created_at
    text = say(
        translate,
        "status-item",
        title=project.title,
        status=translate(f"project-status-{project.status}"),
        bar=progress_bar(project.progress),
        progress=project.progress,
        stage=stage.title if stage else "—",
        deadline=day_text(project.next_deadline, language, translate),
        updated=format_moment(from_db(updated), timezone, language),
    )
    waiting = [s for s in project.stages if s.awaiting_version is not None]
    for awaited in waiting:
        text += "\n" + say(
            translate,
            "status-awaiting",
            stage=awaited.title,
            version=awaited.awaiting_version,
        )
    return text


def stage_line(stage: Stage, translate: Translate, language: str, *, client: bool = True) -> str:
    lines = [
        say(
            translate,
            "project-stage-line",
            mark=translate(f"stage-mark-{stage.status}"),
            position=stage.position,
            title=stage.title,
            deadline=day_text(stage.deadline, language, translate),
            progress=stage.progress if stage.status == "in_progress" else "none",
        )
    ]
    if stage.awaiting_version is not None:
        key = "stage-awaiting-approval" if client else "stage-awaiting-approval-staff"
        lines.append("   ⏳ " + say(translate, key, version=stage.awaiting_version))
    if stage.status == "waiting_client" and stage.waiting_for:
        lines.append(
            say(
                translate,
                "project-stage-waiting",
                what=stage.waiting_for,
                until=day_text(stage.waiting_until, language, translate),
            )
        )
    return "\n".join(lines)


def update_line(update: ProjectUpdate, translate: Translate, language: str, timezone: str) -> str:
    text = update.text or (update.file or {}).get("name") or "📎"
    if update.kind != "update":
        text = f"{translate(f'project-news-{update.kind}')} {update.stage_title or ''}".strip()
        if update.text:
            text += f": {update.text}"
    return say(
        translate,
        "project-update-line",
        at=format_moment(from_db(update.at), timezone, language),
        text=shorten(text, 200),
    )


def project_card(
    project: Project,
    updates: list[ProjectUpdate],
    ratings: list[Rating],
    translate: Translate,
    language: str,
    timezone: str,
    *,
    client: bool = True,
) -> str:
    parts = [
        say(
            translate,
            "project-card-head",
            title=project.title,
            company=project.company_name,
            status=translate(f"project-status-{project.status}"),
            bar=progress_bar(project.progress),
            progress=project.progress,
            manager=project.manager_name or "—",
        )
    ]
    if project.stages:
        parts.append(
            translate("project-card-stages")
            + "\n"
            + "\n".join(
                stage_line(stage, translate, language, client=client) for stage in project.stages
            )
        )
    if updates:
        parts.append(
            translate("project-card-updates")
            + "\n"
            + "\n".join(update_line(u, translate, language, timezone) for u in updates)
        )
    if ratings:
        stars = ", ".join(f"{'★' * r.score}{'☆' * (5 - r.score)}" for r in ratings)
        parts.append(say(translate, "project-card-ratings", ratings=stars))
    return "\n\n".join(parts)
