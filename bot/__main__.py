"""`python -m bot` runs the bot; `migrate`, `add-manager ID`, `backup PATH` and
`restore PATH` are admin commands.

Every fatal start-up error is one line on stderr and a non-zero exit code."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib
import logging
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import ModuleType

from pydantic import ValidationError
from pythonjsonlogger.json import JsonFormatter

from bot.config import Settings, describe_settings_error
from services.accounts.people import People
from services.db import (
    DRIVER_LOGGERS,
    EXIT_DATABASE,
    Database,
    DatabaseUnusable,
    MigrationError,
)
from services.db.sqlite import SQLiteDatabase
from services.platform import backups
from services.platform.backups import DAILY_PREFIX, DAILY_SUFFIX
from services.questionnaires.form_templates import TemplateError

EXIT_BACKUP = 5

# Library loggers held above the level where they would say what people wrote (the
# database driver's, which log every statement with its values at DEBUG), or above their
# noise: apscheduler and aiogram.event log a line per job run and per update; ours say
# what happened (bot.intake, services.delivery.dispatch).
QUIETER_LIBRARY_LOGGERS = {
    **DRIVER_LOGGERS,
    "apscheduler": logging.WARNING,
    "aiogram.event": logging.WARNING,
}


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot", description="AM Assistant bot")
    parser.add_argument(
        "--init",
        action="store_true",
        help="start with an empty database even though one was created here before",
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot with long polling (the default)")
    commands.add_parser("migrate", help="apply pending database migrations and exit")
    backup = commands.add_parser(
        "backup", help="copy the database to PATH (a file, or a folder); safe while it runs"
    )
    backup.add_argument("path", type=Path)
    restore = commands.add_parser(
        "restore", help="put the copy at PATH in place of the database (the bot stopped)"
    )
    restore.add_argument("path", type=Path)
    move = commands.add_parser(
        "copy-to-postgres",
        help="copy the SQLite database (DATABASE_PATH) into the empty PostgreSQL database at URL",
    )
    move.add_argument("url", metavar="URL", help="postgresql://user:password@host:port/database")
    add = commands.add_parser("add-manager", help="make a Telegram user an account manager")
    add.add_argument("telegram_id", type=int)
    return parser.parse_args(argv)


async def _open_checked(settings: Settings, allow_new: bool) -> Database:
    db = settings.database(allow_new=allow_new)
    await db.open()
    try:
        await db.check()
    except BaseException:
        await db.close()
        raise
    return db


async def _migrate(settings: Settings, allow_new: bool) -> None:
    db = await _open_checked(settings, allow_new)
    try:
        applied = await db.migrate()
        print(f"applied: {', '.join(applied)}" if applied else "database is up to date")
    finally:
        await db.close()


def _backup(settings: Settings, target: Path) -> None:
    if target.is_dir():
        target = target / f"{DAILY_PREFIX}{datetime.now():%Y%m%d-%H%M%S}{DAILY_SUFFIX}"
    made = backups.make_copy(settings.database_path, target)
    print(f"backup written to {made.path} ({made.size / 1e6:.1f} MB in {made.seconds:.1f} s)")


def _restore(settings: Settings, source: Path) -> None:
    kept = backups.restore(settings.database_path, source, datetime.now())
    print(f"restored {settings.database_path} from {source}")
    if kept is not None:
        print(f"the database it replaced is kept at {kept}")


# What `backup` and `restore` say on PostgreSQL: the server keeps copies better than a
# file the bot could write.
ON_POSTGRES_USE_INSTEAD = {
    "backup": 'backups of PostgreSQL are the server\'s: pg_dump -Fc "$DATABASE_URL" -f FILE,'
    " or the point-in-time recovery of a managed server",
    "restore": 'restore PostgreSQL with pg_restore -d "$DATABASE_URL" FILE, or the'
    " point-in-time recovery of a managed server",
}


async def _copy_to_postgres(settings: Settings, url: str) -> None:
    from services.db.moving import MoveRefused, copy_to_postgres  # psycopg: only on this path
    from services.db.postgres import PostgresDatabase

    if not url.startswith(("postgresql://", "postgres://")):
        raise MoveRefused("URL must start with postgresql://")
    if not settings.database_path.exists():
        raise MoveRefused(f"no SQLite database at {settings.database_path} (DATABASE_PATH)")
    run_lock = backups.RunLock(settings.database_path)
    run_lock.acquire()  # no bot writes to the file while it is copied
    try:
        source = SQLiteDatabase(settings.database_path)
        target = PostgresDatabase(url)
        await source.open()
        try:
            await source.check()
            await source.migrate()
            await target.open()
            await target.check()
            await target.migrate()
            report = await copy_to_postgres(source, target)
        finally:
            await target.close()
            await source.close()
    finally:
        run_lock.release()
    print(
        f"copied {report.total:,} rows of {len(report.rows)} tables from"
        f" {settings.database_path} to {target.name} in {report.seconds:.1f} s: every row"
        f" count matches and {report.sampled} sampled rows are the same; set DATABASE_URL"
        " to it and start the bot"
    )


async def _add_manager(settings: Settings, telegram_id: int, allow_new: bool) -> None:
    db = await _open_checked(settings, allow_new)
    try:
        await db.migrate()
        await People(db, settings.default_language).add_manager(None, telegram_id)
        print(f"{telegram_id} is an account manager; they will be told when the bot runs")
    finally:
        await db.close()


def _import_in_background(name: str) -> asyncio.Future[ModuleType]:
    """Import `name` in a daemon thread: a fatal error found meanwhile exits at once."""
    loop = asyncio.get_running_loop()
    imported: asyncio.Future[ModuleType] = loop.create_future()

    def settle(outcome: ModuleType | BaseException) -> None:
        if imported.done():
            return
        if isinstance(outcome, BaseException):
            imported.set_exception(outcome)
        else:
            imported.set_result(outcome)

    def run() -> None:
        try:
            module: ModuleType | BaseException = importlib.import_module(name)
        except BaseException as error:  # reported where the module is awaited
            module = error
        with contextlib.suppress(RuntimeError):  # the loop is gone: the start failed
            loop.call_soon_threadsafe(settle, module)

    threading.Thread(target=run, name=f"import {name}", daemon=True).start()
    return imported


def _configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=settings.log_level, handlers=[handler])
    level = logging.getLevelName(settings.log_level)
    for name, floor in QUIETER_LIBRARY_LOGGERS.items():
        # A logger's own level replaces the root's: the higher of the two, never lower.
        logging.getLogger(name).setLevel(max(level, floor))


async def main(argv: list[str]) -> int:
    args = _parse_args(argv)
    try:
        settings = Settings()  # type: ignore[call-arg]  # pydantic-settings reads the env
    except ValidationError as error:
        print(describe_settings_error(error), file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        if args.command == "migrate":
            await _migrate(settings, args.init)
        elif args.command == "add-manager":
            await _add_manager(settings, args.telegram_id, args.init)
        elif args.command in ON_POSTGRES_USE_INSTEAD and settings.on_postgres:
            print(ON_POSTGRES_USE_INSTEAD[args.command], file=sys.stderr)
            return 2
        elif args.command == "copy-to-postgres":
            await _copy_to_postgres(settings, args.url)
        elif args.command == "backup":
            await asyncio.to_thread(_backup, settings, args.path)
        elif args.command == "restore":
            await asyncio.to_thread(_restore, settings, args.path)
        else:
            # aiogram is imported (seconds on a small server) while the database is
            # checked (a quick_check reads the whole file): a broken one is still
            # reported as soon as it is found, and the start costs the longer of the two.
            wiring = _import_in_background("bot.app")
            if not settings.on_postgres:  # replicas on PostgreSQL are expected
                run_lock = backups.RunLock(settings.database_path)
                run_lock.acquire()  # held until the process ends: one bot per database
            if settings.backup_dir is not None:
                backups.check_folder(settings.backup_dir)
            await (await _open_checked(settings, args.init)).close()
            app_module = await wiring
            app = app_module.build_application(settings)
            app.database_checked = True
            app.db.allow_new = args.init
            # What is built by now (aiogram's types, the routers) lives as long as the
            # process. Frozen, a full collection no longer walks it; unfrozen, each one
            # stopped the event loop for ~300 ms while the planners worked through a
            # backlog (bench/interactive.py, 3,000 companies: p99 400 -> 200 ms).
            gc.collect()
            gc.freeze()
            runner = importlib.import_module("bot.runner")  # its imports are loaded by now
            exit_code: int = await runner.run(app)
            return exit_code
    except (MigrationError, DatabaseUnusable) as error:
        print(f"Database error: {error}", file=sys.stderr)
        return EXIT_DATABASE
    except TemplateError as error:
        print(f"Brief template error: {error}", file=sys.stderr)
        return 4
    except backups.BackupError as error:
        print(f"Refused: {error}", file=sys.stderr)
        return EXIT_BACKUP
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
