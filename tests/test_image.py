"""The image holds what the bot loads at run time, and nothing of the tests."""

from __future__ import annotations

import re
from pathlib import Path

from bot.app import LOCALES_PATH
from services.db import MIGRATIONS_DIR
from services.questionnaires.form_templates import TEMPLATES_DIR

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def copied() -> set[str]:
    return {
        source.rstrip("/")
        for line in re.findall(r"^COPY (.+)$", DOCKERFILE, re.MULTILINE)
        for source in line.split()[:-1]
    }


def top_folder(path: str | Path) -> str:
    return Path(path).resolve().relative_to(ROOT).parts[0]


def test_every_runtime_folder_is_copied():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    data = {
        top_folder(MIGRATIONS_DIR),
        top_folder(LOCALES_PATH.split("{")[0]),
        top_folder(TEMPLATES_DIR),
    }
    assert packages >= {"bot", "handlers", "views", "services"}
    assert (packages | data) - copied() == set()


def test_the_image_installs_the_runtime_only():
    assert "requirements.txt" in copied()
    assert not re.search(r"^(COPY|RUN) .*requirements-dev", DOCKERFILE, re.MULTILINE)
    runtime = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for tool in ("pytest", "ruff"):
        assert not re.search(rf"^{tool}\b", runtime, re.MULTILINE)
    pins = [line for line in runtime.splitlines() if line and not line.startswith("#")]
    assert all("==" in line for line in pins)  # fully pinned


def test_the_image_checks_its_health():
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", DOCKERFILE, re.MULTILINE)
    assert "HTTP_LISTEN=0.0.0.0:8080" in DOCKERFILE
