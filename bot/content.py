"""What a notification needs beyond its text key: details read when it is sent, in the
reader's language, and documents the bot renders itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import BufferedInputFile

from services.briefs import Briefs
from services.errors import NotFound
from services.invoices import Invoices
from services.projects import Projects
from services.proposals import Proposals
from views.briefs import brief_document, document_name, key_answers
from views.invoices import invoice_args, invoice_document
from views.projects import day_text, status_item
from views.proposals import card_args
from views.texts import Html, Translate

DATE_ARGS = ("deadline", "old", "new", "until")
PROJECT_KEYS = ("project-", "stage-")


class NotificationContent:
    def __init__(
        self,
        briefs: Briefs,
        proposals: Proposals,
        projects: Projects,
        invoices: Invoices,
        default_timezone: str,
        agency: tuple[str, str],
    ) -> None:
        self.briefs = briefs
        self.proposals = proposals
        self.projects = projects
        self.invoices = invoices
        self.default_timezone = default_timezone
        self.agency_name, self.agency_requisites = agency

    async def extra_args(
        self,
        text_key: str,
        args: dict[str, Any],
        language: str,
        translate: Translate,
        timezone: str | None = None,
    ) -> dict[str, Any]:
        if text_key.startswith("brief-") and "brief_id" in args:
            return await self._brief_args(text_key, args, language, translate)
        if text_key.startswith("invoice-") and "invoice_id" in args:
            try:
                invoice = await self.invoices.load(int(args["invoice_id"]))
            except NotFound:
                return {}
            return invoice_args(invoice, language, translate, self.agency_name)
        if text_key == "project-weekly":
            return await self._weekly(args, language, translate, timezone)
        if text_key.startswith(PROJECT_KEYS) and "project_id" in args:
            return await self._project_args(args, language, translate)
        if text_key.startswith("proposal-") and "proposal_id" in args:
            proposal = await self.proposals.get_for_render(int(args["proposal_id"]))
            if proposal is None:
                return {}
            history = await self.proposals.history(proposal.id)
            return card_args(
                proposal, history, translate, language, timezone or self.default_timezone
            )
        return {}

    async def _project_args(
        self, args: dict[str, Any], language: str, translate: Translate
    ) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        for name in DATE_ARGS:
            value = args.get(name)
            if isinstance(value, str) and len(value) == 10 and value[4] == "-":
                extra[name] = day_text(date.fromisoformat(value), language, translate)
        try:
            project = await self.projects.load(int(args["project_id"]))
        except NotFound:
            return extra
        return {
            "project": project.title,
            "company": project.company_name,
            "manager": project.manager_name or "—",
            **extra,
        }

    async def _weekly(
        self, args: dict[str, Any], language: str, translate: Translate, timezone: str | None
    ) -> dict[str, Any]:
        items = []
        for project_id in args.get("projects", []):
            try:
                project = await self.projects.load(int(project_id))
            except NotFound:
                continue
            items.append(
                status_item(project, translate, language, timezone or self.default_timezone)
            )
        return {"summary": Html("\n\n".join(items) or "—")}

    async def _brief_args(
        self, text_key: str, args: dict[str, Any], language: str, translate: Translate
    ) -> dict[str, Any]:
        brief = await self.briefs.get_for_render(int(args["brief_id"]))
        if brief is None:
            return {}
        extra: dict[str, Any] = {
            "company": brief.company_name,
            "template": brief.template.title.get(language),
            "client": brief.client_name,
        }
        if text_key == "brief-alert":
            extra["key_answers"] = key_answers(brief, translate, language)
        if text_key == "brief-nudge":
            extra["left"] = len(brief.visible()) - len(brief.answered())
        return extra

    async def document(
        self, attachment: dict[str, Any], language: str, translate: Translate, timezone: str | None
    ) -> BufferedInputFile | None:
        if attachment.get("kind") == "invoice_document":
            invoice = await self.invoices.load(int(attachment["invoice_id"]))
            content = invoice_document(
                invoice,
                language,
                translate,
                timezone or self.default_timezone,
                self.agency_name,
                self.agency_requisites,
            )
            return BufferedInputFile(content, f"invoice-{invoice.number}.html")
        if attachment.get("kind") != "brief_document":
            return None
        brief = await self.briefs.get_for_render(int(attachment["brief_id"]))
        if brief is None:
            return None
        content = brief_document(brief, translate, language, timezone or self.default_timezone)
        return BufferedInputFile(content, document_name(brief))
