"""The message keys the locale files define, for tests that check texts exist."""

from __future__ import annotations

import re
from pathlib import Path

from fluent.syntax import FluentParser, Visitor, ast

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def keys(language: str) -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (LOCALES / language).glob("*.ftl"))
    return set(re.findall(r"^([a-z][a-z0-9-]*) =", text, re.MULTILINE))


def variables(language: str) -> dict[str, set[str]]:
    """Message key -> the variables it reads, through the messages it references."""
    parser = FluentParser(with_spans=False)
    direct: dict[str, set[str]] = {}
    refers: dict[str, set[str]] = {}

    class Collect(Visitor):
        def __init__(self) -> None:
            self.names: set[str] = set()
            self.messages: set[str] = set()

        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            self.names.add(node.id.name)

        def visit_MessageReference(self, node: ast.MessageReference) -> None:
            self.messages.add(node.id.name)

    for path in (LOCALES / language).glob("*.ftl"):
        for entry in parser.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                found = Collect()
                found.visit(entry)
                direct[entry.id.name] = found.names
                refers[entry.id.name] = found.messages

    def reads(key: str, seen: frozenset[str] = frozenset()) -> set[str]:
        names = set(direct.get(key, ()))
        for other in refers.get(key, ()) - seen:
            names |= reads(other, seen | {key})
        return names

    return {key: reads(key) for key in direct}
