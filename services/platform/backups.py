"""Copies of the database: made while the bot runs, checked, kept for N days, put back.

A copy is made with SQLite's online backup API, on a connection of its own: it sees one
consistent moment of the database while the bot goes on writing (WAL). It is written
beside its name and renamed once checked, so a copy cut short is never taken for a
backup. Everything here is blocking: the bot runs it on a thread.

`RunLock` is held by a running bot on `<database>.lock`: a second bot on the same file
refuses to start, and a restore refuses to replace the file under a running bot.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from services.db import MIGRATIONS_DIR, DatabaseUnusable

DAILY_PREFIX = "am-assistant-"
DAILY_SUFFIX = ".sqlite3"


class BackupError(Exception):
    """Said in one line to the operator."""


@dataclass(frozen=True)
class Copy:
    path: Path
    size: int
    seconds: float


class RunLock:
    """An advisory lock on `<database>.lock`, held for as long as the bot runs."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._file: int | None = None

    def acquire(self) -> None:
        """Held until `release`; BackupError when another bot holds it, DatabaseUnusable
        when the database's folder cannot hold the lock file (read-only, no permission)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise DatabaseUnusable(
                f"database folder {self.path.parent} cannot be written"
                f" ({error.strerror}: {self.path.name}); the bot needs it writable"
            ) from error
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode(errors="replace").strip() or "?"
            os.close(handle)
            raise BackupError(
                f"a bot is running on {self.path.with_suffix('')} (pid {holder}); stop it first"
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            handle, self._file = self._file, None
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


def check_folder(folder: Path) -> None:
    """A folder for copies exists (or is made) and takes a file: a read-only or foreign
    folder is found at start or before a copy begins, not halfway through one."""
    probe = folder / ".am-assistant-write-test"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise BackupError(f"backups folder {folder} cannot be written ({reason})") from error


def make_copy(database: Path, target: Path) -> Copy:
    """A consistent, checked copy of `database` at `target`."""
    if not database.exists():
        raise BackupError(f"no database at {database}")
    check_folder(target.parent)
    partial = target.with_name(target.name + ".part")
    started = time.perf_counter()
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            # One self-contained file: a copy in WAL mode would grow -wal and -shm files
            # beside it as soon as it is opened.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot copy {database}: {error}") from error
    finally:
        source.close()
    try:
        check(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return Copy(target, target.stat().st_size, time.perf_counter() - started)


def daily_copy(database: Path, folder: Path, keep: int, moment: datetime) -> Copy:
    """Today's copy in `folder`, named by the local moment; the newest `keep` stay."""
    made = make_copy(database, folder / f"{DAILY_PREFIX}{moment:%Y%m%d-%H%M%S}{DAILY_SUFFIX}")
    copies = sorted(folder.glob(f"{DAILY_PREFIX}*{DAILY_SUFFIX}"))
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)
    return made


def check(path: Path) -> None:
    """A file this bot can run on: SQLite, intact, migrated by this version or an older."""
    if not path.is_file():
        raise BackupError(f"no file at {path}")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            applied = (
                {row[0] for row in connection.execute("SELECT name FROM schema_migrations")}
                if "schema_migrations" in tables
                else set()
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a database of this bot: {error}") from error
    if problems != ["ok"]:
        raise BackupError(f"{path} is damaged (integrity_check: {'; '.join(problems[:3])})")
    if not applied:
        raise BackupError(f"{path} is not a database of this bot (no migrations recorded)")
    unknown = sorted(applied - {p.name for p in MIGRATIONS_DIR.glob("*.sql")})
    if unknown:
        raise BackupError(f"{path} comes from a newer version of the bot ({unknown[-1]})")


def restore(database: Path, source: Path, moment: datetime) -> Path | None:
    """Put `source` in place of `database`; the database it replaces is kept beside it
    (returned), with its WAL. Refused while a bot runs on it, or when `source` is not
    a sound database of this bot; then nothing changes."""
    check(source)
    lock = RunLock(database)
    with lock.held():
        kept = None
        if database.exists():
            kept = database.with_name(f"{database.name}.replaced-{moment:%Y%m%d-%H%M%S}")
            # The WAL holds the newest commits: a checkpoint folds them into the file kept.
            with contextlib.closing(sqlite3.connect(database)) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            os.replace(database, kept)
            for extra in ("-wal", "-shm"):
                Path(f"{database}{extra}").unlink(missing_ok=True)
        partial = database.with_name(database.name + ".restoring")
        shutil.copyfile(source, partial)
        os.replace(partial, database)
        return kept
