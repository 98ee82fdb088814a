"""The message keys the locale files define, for tests that check texts exist."""

from __future__ import annotations

import re
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def keys(language: str) -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (LOCALES / language).glob("*.ftl"))
    return set(re.findall(r"^([a-z][a-z0-9-]*) =", text, re.MULTILINE))
