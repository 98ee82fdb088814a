"""The arrows point down: bot -> handlers -> views -> services. Checked on the imports
each module states, so a shortcut fails here rather than in review."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest

from tests.fakes.telegram import FakeTelegram
from tests.processes import bot_env
from tests.test_faults import start_process

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offending(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    wrong = {}
    for path in modules(folder):
        bad = sorted(
            name
            for name in imports_of(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            wrong[str(path.relative_to(ROOT))] = bad
    return wrong


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("services", ("aiogram", "aiogram_i18n", "bot", "handlers", "views")),
        ("views", ("bot", "handlers")),
        ("handlers", ("bot",)),
        ("handlers/client", ("handlers.manager", "handlers.head")),
        ("handlers/manager", ("handlers.client", "handlers.head")),
        ("handlers/head", ("handlers.client", "handlers.manager")),
        ("handlers/common", ("handlers.client", "handlers.manager", "handlers.head")),
    ],
)
def test_no_import_points_up_or_across(folder: str, forbidden: tuple[str, ...]):
    assert modules(folder), f"{folder} has no modules: the check would prove nothing"
    assert offending(folder, forbidden) == {}


def test_bot_renders_without_handlers():
    """bot/ renders outbox rows with views; only the application wires handlers in: the
    routers, and the step a resumed update shows."""
    wrong = offending("bot", ("handlers",))
    assert set(wrong) == {"bot/app.py"}
    assert wrong["bot/app.py"] == [
        "handlers",
        "handlers.build_root_router",
        "handlers.forms",
        "handlers.forms.show_current_step",
    ]


def test_no_sql_outside_services():
    keywords = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM")
    for folder in ("bot", "handlers", "views"):
        for path in modules(folder):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not any(word in node.value for word in keywords), (path, node.value)


def test_inline_keyboards_are_built_in_views():
    """Handlers only route: a keyboard is a function of views/keyboards.py, so a button's
    text and payload are written in one place."""
    builders = ("aiogram.utils.keyboard", "aiogram.types.InlineKeyboardButton")
    assert offending("handlers", builders) == {}
    assert offending("bot", builders) == {}


def test_the_database_drivers_are_named_in_the_port_only():
    """Services are written against the port (services/db); the drivers behind it are its
    adapters' business (and the backups', which copy SQLite's file with its own API). The
    port itself names both only for the faults their errors are."""
    drivers = {"aiosqlite", "sqlite3", "psycopg", "psycopg_pool"}
    named = {
        str(path.relative_to(ROOT))
        for folder in ("bot", "handlers", "views", "services")
        for path in modules(folder)
        if drivers & {name.split(".")[0] for name in imports_of(path)}
        or "aiosqlite" in path.read_text(encoding="utf-8")
    }
    assert named == {
        "services/db/__init__.py",
        "services/db/sqlite.py",
        "services/db/postgres.py",
        "services/platform/backups.py",
    }


def _module_graph() -> dict[str, set[str]]:
    """Our modules and the modules of ours each imports (under TYPE_CHECKING too)."""
    names = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for folder in ("bot", "handlers", "views", "services")
        for path in modules(folder)
    }

    def ours(name: str) -> str | None:
        while name and name not in names:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in names.items():
        targets = {ours(name) for name in imports_of(path)} - {None, module}
        # a package's own __init__ is not an edge from its modules
        graph[module] = {t for t in targets if t and not module.startswith(t + ".")}
    return graph


def test_no_import_cycles():
    graph = _module_graph()
    state: dict[str, int] = {}  # 1: on the path, 2: done
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


DOMAINS = ("accounts", "questionnaires", "sales", "work", "billing", "conversation", "planners")
DELIVERY_INTERNALS = tuple(
    f"services.delivery.{name}" for name in ("claims", "dispatch", "pacing", "inbox")
)


@pytest.mark.parametrize("domain", DOMAINS)
def test_domains_queue_notices_but_never_reach_into_the_delivery_engine(domain: str):
    assert offending(f"services/{domain}", DELIVERY_INTERNALS) == {}


def test_the_platform_stands_on_nothing_of_the_rooms_above_it():
    rooms = tuple(f"services.{room}" for room in (*DOMAINS, "delivery"))
    assert offending("services/platform", rooms) == {}


def test_every_room_says_what_it_owns():
    for package in (ROOT / "services").iterdir():
        if package.is_dir() and (package / "__init__.py").exists():
            doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
            assert doc and len(doc) > 80, package.name


@pytest.mark.sqlite_only(reason="the bot on PostgreSQL loads its driver, as it must")
async def test_a_bot_on_sqlite_does_not_load_the_postgresql_driver(
    tmp_path: Path, telegram: FakeTelegram
):
    """The README's bot (SQLite) pays nothing for PostgreSQL: psycopg and libpq cost ~9 MB
    and ~0.1 s at every start. What the running process has mapped, not what it names."""
    process = await start_process(bot_env(tmp_path / "bot.sqlite3", telegram), telegram)
    try:
        maps = await asyncio.to_thread(Path(f"/proc/{process.pid}/maps").read_text)
        loaded = {
            line.split()[-1] for line in maps.splitlines() if "libpq" in line or "psycopg" in line
        }
        assert loaded == set()
    finally:
        process.terminate()
        await process.wait()
