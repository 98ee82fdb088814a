"""The staff's /projects a page at a time: overdue first, then by the nearest deadline,
back and next, filtered by AM or by company — each page a range of an index."""

from __future__ import annotations

from datetime import date, timedelta

from services.accounts.companies import Companies
from services.accounts.people import People
from services.db import Database
from services.platform.paging import PageRequest
from services.work.projects import NO_DEADLINE, Projects, ProjectScope
from tests.conftest import HEAD, MANAGER, RunningBot
from tests.fakes.telegram import button_data
from tests.journeys import make_manager
from tests.plans import plan_of

COMPANIES = ("Альфа", "Бета", "Гамма")


async def seed(db: Database, people: People, companies: Companies, projects: Projects) -> list[str]:
    """23 projects of the AM over three companies; three of them overdue (their first
    stage's deadline in the past), one without any deadline. Titles in list order."""
    manager = await people.get(MANAGER["id"])
    ids = []
    for name in COMPANIES:
        ids.append((await companies.invite_to_new_or_own(manager, name)).company.id)
    today = projects.today(manager)
    for n in range(22):
        due = (today + timedelta(days=10 + n)).strftime("%d.%m.%Y")
        await projects.create(manager, ids[n % 3], f"Проект {n:02d}", f"Этап — {due}")
    await projects.create(manager, ids[1], "Без сроков", "Этап — 5 дней")
    async with db.transaction() as conn:
        await conn.execute("UPDATE project_stages SET deadline = NULL WHERE project_id = ("
                           "SELECT id FROM projects WHERE title = 'Без сроков')")  # fmt: skip
        for n, day in ((20, "2026-11-03"), (5, "2026-11-01"), (13, "2026-11-02")):
            await conn.execute(
                "UPDATE project_stages SET deadline = ? WHERE project_id = ("
                "SELECT id FROM projects WHERE title = ?)",
                (day, f"Проект {n:02d}"),
            )
    overdue = ["Проект 05", "Проект 13", "Проект 20"]
    rest = [f"Проект {n:02d}" for n in range(22) if f"Проект {n:02d}" not in overdue]
    return [*overdue, *rest, "Без сроков"]


def titles(message: dict) -> list[str]:
    rows = message["reply_markup"]["inline_keyboard"]
    return [
        row[0]["text"].split(" · ")[0][2:]
        for row in rows
        if row[0]["callback_data"].startswith("pj:")
    ]


async def test_a_head_pages_through_every_project_overdue_first(running: RunningBot):
    tg = running.telegram
    await make_manager(running)
    app = running.app
    order = await seed(app.db, app.people, app.dp["companies"], app.dp["projects"])
    tg.send_text(HEAD, "/projects")
    listing = await tg.wait_message(HEAD["id"], "Проекты (просроченные сверху")
    first = titles(listing)
    assert first == order[:10]
    assert [row[0]["text"][:1] for row in listing["reply_markup"]["inline_keyboard"][:4]] == [
        "🔴", "🔴", "🔴", "🟢"
    ]  # fmt: skip
    assert "Назад" not in str(listing["reply_markup"])
    seen = [first]
    for expected in (order[10:20], order[20:]):
        tg.press(HEAD, listing, button_data(listing, "Далее"))
        await tg.wait_for(lambda last=seen[-1]: titles(listing) != last, what="the next page")
        assert titles(listing) == expected
        seen.append(titles(listing))
    assert "Далее" not in str(listing["reply_markup"])
    tg.press(HEAD, listing, button_data(listing, "Назад"))
    await tg.wait_for(lambda: titles(listing) == order[10:20], what="the page before")
    every = [title for page in seen for title in page]
    assert sorted(every) == sorted(order) and len(every) == 23

    # by company: the first letters of its name, any case
    tg.send_text(HEAD, "/projects бет")
    beta = await tg.wait_message(HEAD["id"], "Проекты — Бета")
    assert titles(beta) == [t for t in order if t in beta_titles(order)][:10]
    tg.send_text(HEAD, "/projects Омега")
    await tg.wait_message(HEAD["id"], "«Омега», не нашлось")

    # by AM: the head chooses from the staff
    tg.press(HEAD, listing, button_data(listing, "По менеджеру"))
    choice = await tg.wait_message(HEAD["id"], "Чьи проекты показать?")
    tg.press(HEAD, choice, button_data(choice, MANAGER["first_name"]))
    mine = await tg.wait_message(HEAD["id"], f"Проекты — {MANAGER['first_name']}")
    assert titles(mine) == order[:10]


def beta_titles(order: list[str]) -> set[str]:
    return {f"Проект {n:02d}" for n in range(1, 22, 3)} | {"Без сроков"}


async def test_the_list_order_follows_the_stages(db: Database, clock):
    people = People(db, "ru")
    await people.sync_heads([HEAD["id"]])
    for telegram_id, name in ((HEAD["id"], "Ирина"), (MANAGER["id"], "Олег")):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD["id"]), MANAGER["id"])
    companies, projects = Companies(db, timedelta(days=7)), Projects(db, "Europe/Moscow")
    order = await seed(db, people, companies, projects)
    manager = await people.get(MANAGER["id"])
    page = await projects.page_for_staff(manager, ProjectScope(), PageRequest(size=30))
    assert [p.title for p in page.items] == order and page.next is None
    # its overdue stage finished, the project has no deadline left: it goes among those
    # without one, in the order they were made
    late = page.items[0]
    await projects.start_stage(manager, late.stages[0].id)
    await projects.finish_stage(manager, late.stages[0].id)
    page = await projects.page_for_staff(manager, ProjectScope(), PageRequest(size=30))
    assert [p.title for p in page.items] == [*order[1:-1], late.title, "Без сроков"]
    # an AM asking for another AM's projects gets their own
    head = await people.get(HEAD["id"])
    heads_own = await projects.page_for_staff(head, ProjectScope(HEAD["id"]), PageRequest())
    assert heads_own.items == []
    own = await projects.page_for_staff(manager, ProjectScope(HEAD["id"]), PageRequest())
    assert len(own.items) == 10


async def test_a_page_reads_a_range_of_an_index(db: Database):
    for where in ("1 = 1", "p.manager_id = 5"):
        plan = await plan_of(
            db,
            "SELECT p.id FROM projects p"
            f" WHERE p.sort_deadline IS NOT NULL AND {where}"
            " AND (p.sort_deadline, p.id) > ('2026-12-01', 10)"
            " ORDER BY p.sort_deadline, p.id LIMIT 11",
        )
        assert any("open_order" in index for index in plan.indexes), plan
        assert not plan.sorts, plan


def test_no_deadline_sorts_after_every_date():
    assert date.max.isoformat() == NO_DEADLINE
