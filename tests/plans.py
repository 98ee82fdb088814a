"""How the engine would run a query, read the same way on both backends: the indexes it
reads, the tables it reads whole, whether it sorts. A test proves "costs an index" with
it, not by timing.

On PostgreSQL the query is planned with full reads, bitmap reads and sorts made as dear as
they can be (a test's tables are tiny, so any of them would win on cost alone): a full
read or a sort that remains means no index can answer, or answer in order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from services.db import Database, Dialect


@dataclass(frozen=True)
class Plan:
    indexes: frozenset[str]
    full_reads: frozenset[str]  # tables (or their aliases, on SQLite) read whole
    sorts: bool  # a sort of the rows found, rather than the index's own order
    text: str

    def __str__(self) -> str:
        return self.text


async def plan_of(db: Database, sql: str, parameters: tuple[Any, ...] = ()) -> Plan:
    if db.dialect is Dialect.SQLITE:
        rows = await db.conn.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}", parameters)
        details = [row[3] for row in rows]
        text = " | ".join(details)
        return Plan(
            indexes=frozenset(
                match.group(1)
                for detail in details
                for match in [re.search(r"USING (?:COVERING )?INDEX (\w+)", detail)]
                if match
            ),
            full_reads=frozenset(
                detail.split()[1]
                for detail in details
                if detail.startswith("SCAN ") and "USING" not in detail
            ),
            sorts="TEMP B-TREE" in text,
            text=text,
        )
    async with db.transaction() as conn:
        for way in ("seqscan", "bitmapscan", "sort"):
            await conn.execute(f"SET LOCAL enable_{way} = off")
        rows = await conn.execute_fetchall(f"EXPLAIN (FORMAT JSON) {sql}", parameters)
    root = rows[0][0]
    root = json.loads(root) if isinstance(root, str) else root
    indexes: set[str] = set()
    full_reads: set[str] = set()
    sorts = False

    def walk(node: dict[str, Any]) -> None:
        nonlocal sorts
        kind = node["Node Type"]
        if "Index Name" in node:
            indexes.add(node["Index Name"])
        if kind == "Seq Scan":
            full_reads.add(node["Relation Name"])
            full_reads.add(node.get("Alias", node["Relation Name"]))
        if kind in ("Sort", "Incremental Sort"):
            sorts = True
        for child in node.get("Plans", []):
            walk(child)

    walk(root[0]["Plan"])
    return Plan(frozenset(indexes), frozenset(full_reads), sorts, json.dumps(root[0]["Plan"]))
