"""Play the Dockerfile without a container engine, where `docker build` cannot run.

What it proves is what a missing engine would otherwise leave unseen: that the files the
Dockerfile copies, with only the packages its RUN line installs, make a bot that starts,
answers a user, passes the image's own HEALTHCHECK and stops cleanly on its STOPSIGNAL.
Each instruction is read with dockerfile-parse and replayed into a staging folder that
stands for WORKDIR:
- ENV is kept; values under WORKDIR point into the staging folder;
- COPY copies from this checkout; RUN `pip install` runs in a fresh venv with no access
  to this checkout's packages; VOLUME folders are created;
- ENTRYPOINT runs from the staging folder with no PYTHONPATH, so a folder the Dockerfile
  forgot fails to import.
What it cannot prove: that the base image pulls, the image's user and its permissions
(this machine's Python lives in root's home, out of another user's reach), and the
container's own network and filesystem. `docker build` does that where an engine answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import HEAD, TOKEN  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402

IMAGE_PORT = "8080"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exec_form(value: str) -> list[str]:
    """An instruction's argument in JSON (exec) form, as this Dockerfile writes them."""
    return json.loads(value)


class Rehearsal:
    def __init__(self, dockerfile: Path, staging: Path) -> None:
        self.parser = DockerfileParser(str(dockerfile))
        self.staging = staging
        self.venv = staging.parent / "venv"
        self.workdir = "/"
        self.env: dict[str, str] = {}
        self.entrypoint: list[str] = []
        self.healthcheck: list[str] = []
        self.stop_signal = signal.SIGTERM
        self.volumes: list[str] = []
        self.port = str(free_port())

    def here(self, image_path: str) -> Path:
        """Where a path of the image lies in the staging folder."""
        absolute = (
            Path(self.workdir, image_path) if not image_path.startswith("/") else Path(image_path)
        )
        return self.staging / absolute.relative_to(self.workdir)

    def localise(self, value: str) -> str:
        value = value.replace(f":{IMAGE_PORT}", f":{self.port}")
        if value.startswith(self.workdir + "/"):
            return str(self.here(value))
        return value

    def python(self, argv: list[str]) -> list[str]:
        return [str(self.venv / "bin" / "python"), *argv[1:]] if argv[0] == "python" else argv

    def build(self) -> None:
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        for step in self.parser.structure:
            instruction, value = step["instruction"], step["value"]
            if instruction == "FROM":
                print(f"  FROM {value}: this machine's Python {sys.version.split()[0]}")
            elif instruction == "ENV":
                pass  # read whole below, with the continuation lines joined
            elif instruction == "WORKDIR":
                self.workdir = value
                self.staging.mkdir(parents=True, exist_ok=True)
            elif instruction == "COPY":
                *sources, target = value.split()
                for source in sources:
                    origin, destination = ROOT / source, self.here(target)
                    if origin.is_dir():
                        shutil.copytree(
                            origin, destination, ignore=shutil.ignore_patterns("__pycache__")
                        )
                    else:
                        destination.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(origin, destination / origin.name)
            elif instruction == "RUN":
                self.run(value)
            elif instruction == "USER":
                pass  # the uid comes from the useradd RUN
            elif instruction == "VOLUME":
                self.volumes = exec_form(value)
            elif instruction == "HEALTHCHECK":
                self.healthcheck = exec_form(value.split("CMD", 1)[1].strip())
            elif instruction == "STOPSIGNAL":
                self.stop_signal = signal.Signals[value]
            elif instruction == "ENTRYPOINT":
                self.entrypoint = exec_form(value)
            elif instruction not in {"EXPOSE", "COMMENT"}:
                raise SystemExit(f"rehearsal: no replay for {instruction} {value}")
        self.env = {name: self.localise(value) for name, value in self.parser.envs.items()}
        for volume in self.volumes:
            self.here(volume).mkdir(parents=True, exist_ok=True)

    def run(self, command: str) -> None:
        argv = shlex.split(command)
        if argv[:2] == ["pip", "install"]:
            print(f"  RUN {command}")
            pip = [
                str(self.venv / "bin" / "pip"),
                *argv[1:],
                "--disable-pip-version-check",
                "--no-compile",
            ]
            # pip's cache stays on: CI has just downloaded the same wheels.
            pip = [a for a in pip if a != "--no-cache-dir"]
            done = subprocess.run(pip, cwd=self.staging, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"rehearsal: {command} failed\n{done.stdout}{done.stderr}")
        elif argv[0] == "useradd":
            print("  RUN useradd: the bot runs as this machine's user, its folders are the VOLUMEs")
        else:
            raise SystemExit(f"rehearsal: no replay for RUN {command}")


async def healthy(rehearsal: Rehearsal, bot: asyncio.subprocess.Process, within: float) -> None:
    command = rehearsal.python([rehearsal.localise(a) for a in rehearsal.healthcheck])
    deadline = time.monotonic() + within
    while True:
        check = await asyncio.create_subprocess_exec(
            *command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if await check.wait() == 0:
            return
        if bot.returncode is not None or time.monotonic() > deadline:
            output = await bot.stdout.read() if bot.returncode is not None and bot.stdout else b""
            raise SystemExit(f"rehearsal: the HEALTHCHECK never passed\n{output.decode()}")
        await asyncio.sleep(0.5)


async def start_and_stop(rehearsal: Rehearsal) -> None:
    telegram = FakeTelegram(TOKEN)
    await telegram.start()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(rehearsal.staging)}
    env |= rehearsal.env
    env |= {"BOT_TOKEN": TOKEN, "HEAD_IDS": str(HEAD["id"]), "TELEGRAM_API_BASE": telegram.base_url}
    bot = await asyncio.create_subprocess_exec(
        *rehearsal.python(rehearsal.entrypoint),
        cwd=rehearsal.staging,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        await healthy(rehearsal, bot, within=60)
        print("  HEALTHCHECK passed")
        telegram.send_text(HEAD, "/start")
        await telegram.wait_for(lambda: telegram.sent_to(HEAD["id"]), 20, "an answer to /start")
        print(f"  /start answered: {telegram.sent_to(HEAD['id'])[-1]['text'][:60]!r}")
        bot.send_signal(rehearsal.stop_signal)
        code = await asyncio.wait_for(bot.wait(), 20)
    finally:
        if bot.returncode is None:
            bot.kill()
        output = (await bot.stdout.read()).decode(errors="replace") if bot.stdout else ""
        await telegram.stop()
    if code != 0 or "Traceback" in output:
        print(output)
        raise SystemExit(f"rehearsal: the bot ended with {code}")


# What the render worker draws, with only the image's packages: a picture, a PDF, a code.
DRAWINGS = """
from datetime import date
from views.drawing import draw
from views.sheets import BarState, DocumentSheet, QrSheet, StageBar, Tick, TimelineSheet
bar = StageBar("Аудит", date(2026, 11, 1), date(2026, 11, 10), BarState.DONE, 100)
timeline = TimelineSheet("Проект", "ООО «Ромашка»", (bar,), date(2026, 11, 5), "сегодня",
                         ((BarState.DONE, "готово"),), (Tick(date(2026, 11, 1), "1 нояб."),), "")
assert draw(timeline).startswith(b"\\x89PNG")
assert draw(DocumentSheet("Счёт № 1", "ООО «Север»", "", (("Сумма", "1 ₽"),))).startswith(b"%PDF")
assert draw(QrSheet("ST00012|Name=Тест")).startswith(b"\\x89PNG")
"""


def draw_in_image(rehearsal: Rehearsal) -> None:
    done = subprocess.run(
        [str(rehearsal.venv / "bin" / "python"), "-c", DRAWINGS],
        cwd=rehearsal.staging,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(rehearsal.staging)},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"rehearsal: drawing failed in the image\n{done.stderr}")
    print("  drawings: a timeline PNG, a PDF and a QR code, with the image's packages only")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="image-") as scratch:
        rehearsal = Rehearsal(ROOT / "Dockerfile", Path(scratch) / "app")
        rehearsal.build()
        asyncio.run(start_and_stop(rehearsal))
        database = Path(rehearsal.env["DATABASE_PATH"])
        if not database.exists():
            raise SystemExit(f"rehearsal: no database at {database}, outside the data volume")
        print(f"  {rehearsal.stop_signal.name}: exit 0, the database in the data volume")
        draw_in_image(rehearsal)
    print(
        "docker image: rehearsed without an engine (files, runtime packages, start, health, stop)"
    )


if __name__ == "__main__":
    main()
