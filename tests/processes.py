"""`python -m bot` as a process, for tests of what only a whole process shows: start-up,
signals, kills, logs."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.backends import settings_values
from tests.conftest import HEAD, TOKEN
from tests.fakes.telegram import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent


def bot_env(database: Path, telegram: FakeTelegram, **extra: str) -> dict[str, str]:
    """The environment of a bot on `database` talking to the fake; `extra` overrides."""
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "HEAD_IDS"}}
    env.update(
        BOT_TOKEN=TOKEN,
        HEAD_IDS=str(HEAD["id"]),
        **{key.upper(): str(value) for key, value in settings_values(database).items()},
        TELEGRAM_API_BASE=telegram.base_url,
        SEND_CHAT_INTERVAL_SECONDS="0.02",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def spawn_bot(env: dict[str, str], *, output: bool = True) -> asyncio.subprocess.Process:
    """`python -m bot`; with `output`, stdout and stderr together on its stdout pipe."""
    where = asyncio.subprocess.PIPE if output else asyncio.subprocess.DEVNULL
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=ROOT,
        env=env,
        stdout=where,
        stderr=asyncio.subprocess.STDOUT if output else asyncio.subprocess.DEVNULL,
    )
