"""Documents an AM shares with a company's clients (a contract, an act, a report): kept
for the client to find again with /documents, and sent to every contact when added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from services.accounts import recipients
from services.accounts.people import Person, Role
from services.db import Connection, Database, inserted_id, one_row
from services.delivery.notices import DocumentShared, TelegramFile
from services.platform.errors import NotAllowed
from services.questionnaires import forms


@dataclass(frozen=True)
class Document:
    id: int
    title: str
    file: dict[str, Any]
    project_title: str | None
    at: str


class Documents:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        staff: Person,
        company_id: int,
        title: str,
        file: dict[str, Any],
        project_id: int | None = None,
    ) -> Document:
        async with self.db.transaction() as conn:
            return await self.file(conn, staff, company_id, title, file, project_id)

    async def file(
        self,
        conn: Connection,
        staff: Person,
        company_id: int,
        title: str,
        file: dict[str, Any],
        project_id: int | None = None,
    ) -> Document:
        """Inside the caller's unit of work: kept for /documents and sent to every contact."""
        name = forms.bounded_text(title, 200)
        now = self.db.now_text()
        company = await one_row(conn, "SELECT * FROM companies WHERE id = ?", company_id)
        if staff.role is not Role.HEAD and company["manager_id"] != staff.telegram_id:
            raise NotAllowed()
        project_title = None
        if project_id is not None:
            project = await one_row(conn, "SELECT * FROM projects WHERE id = ?", project_id)
            if project["company_id"] != company_id:
                raise NotAllowed()
            project_title = project["title"]
        document_id = await inserted_id(
            conn,
            "INSERT INTO documents (company_id, project_id, title, file, uploaded_by, at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (
                company_id,
                project_id,
                name,
                json.dumps(file, ensure_ascii=False),
                staff.telegram_id,
                now,
            ),
        )
        await recipients.tell_clients(
            conn,
            self.db.clock.now(),
            company_id,
            DocumentShared(document_id, name, TelegramFile(file["file_id"], file["media"])),
        )
        return Document(document_id, name, file, project_title, now)

    async def for_client(self, person: Person) -> list[Document]:
        if person.role is not Role.CLIENT:
            raise NotAllowed()
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT d.*, p.title AS project_title FROM documents d"
                " LEFT JOIN projects p ON p.id = d.project_id WHERE d.company_id = ?"
                " ORDER BY d.id DESC",
                (person.company_id,),
            )
        return [
            Document(r["id"], r["title"], json.loads(r["file"]), r["project_title"], r["at"])
            for r in rows
        ]
