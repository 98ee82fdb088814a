"""Start-up on a real read-only file system (a tmpfs remounted read-only, as root): every
refusal is one line on stderr with its exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TOKEN
from tests.processes import ROOT

pytestmark = pytest.mark.sqlite_only

EXIT_DATABASE = 3
EXIT_BACKUP = 5


class Mount:
    def __init__(self, where: Path) -> None:
        self.where = where

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.where)], check=True)


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Mount]:
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root (CI runs as root)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield Mount(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def bot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    clean.update(
        BOT_TOKEN=TOKEN,
        PYTHONPATH=str(ROOT),
        # Nothing answers here: a start that got past its checks would wait, not pass.
        TELEGRAM_API_BASE="http://127.0.0.1:9",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    for word in words:
        assert word in result.stderr


def test_a_database_on_a_read_only_disk_is_one_line_and_exit_3(mount: Mount):
    database = mount.where / "bot.sqlite3"
    assert bot("migrate", DATABASE_PATH=str(database)).returncode == 0
    mount.read_only()
    result = bot(DATABASE_PATH=str(database))
    assert_one_line(result, EXIT_DATABASE, "Database error", "Read-only file system")


def test_a_database_folder_that_cannot_be_made_is_one_line_and_exit_3(mount: Mount):
    mount.read_only()
    result = bot(DATABASE_PATH=str(mount.where / "data" / "bot.sqlite3"))
    assert_one_line(result, EXIT_DATABASE, "Database error", "Read-only file system")


def test_migrate_on_a_read_only_disk_is_one_line_and_exit_3(mount: Mount):
    database = mount.where / "bot.sqlite3"
    assert bot("migrate", DATABASE_PATH=str(database)).returncode == 0
    mount.read_only()
    assert_one_line(bot("migrate", DATABASE_PATH=str(database)), EXIT_DATABASE, "Database error")


def test_a_read_only_backups_folder_is_one_line_and_exit_5(mount: Mount, tmp_path: Path):
    mount.read_only()
    result = bot(
        DATABASE_PATH=str(tmp_path / "bot.sqlite3"), BACKUP_DIR=str(mount.where / "backups")
    )
    assert_one_line(result, EXIT_BACKUP, "backups folder", "Read-only file system")


def test_a_backup_written_to_a_read_only_disk_is_one_line(mount: Mount, tmp_path: Path):
    database = tmp_path / "bot.sqlite3"
    assert bot("migrate", DATABASE_PATH=str(database)).returncode == 0
    mount.read_only()
    result = bot("backup", str(mount.where), DATABASE_PATH=str(database))
    assert_one_line(result, EXIT_BACKUP, "Read-only file system")
