"""The head's /stats chart: the numbers behind it, and the picture sent."""

from __future__ import annotations

import io

from PIL import Image

from services.work.stats import WEEKS
from tests.conftest import HEAD, MANAGER, RunningBot
from tests.journeys import invite_client, issue_invoice, new_project
from views import charts
from views.stats import stats_sheet


async def test_stats_count_what_is_open_and_overdue_and_the_weeks_of_money(running: RunningBot):
    tg = running.telegram
    app = running.app
    assert app is not None
    await invite_client(running)
    await issue_invoice(tg, "Ромашка", "600000", "Продвижение", "15.12")
    await issue_invoice(tg, "Ромашка", "1200 €", "Съёмка", "20.12")
    await new_project(tg, "Ромашка", "Запуск", "Аудит — 10 дней\nДизайн — 20 дней")
    await new_project(tg, "Ромашка", "Поддержка", "Месяц — 30 дней")
    async with app.db.transaction() as conn:
        # a stage and both invoices past due, and a part of the rouble one paid
        await conn.execute("UPDATE project_stages SET deadline = '2026-11-20' WHERE id = 1")
        await conn.execute("UPDATE invoices SET due_date = '2026-11-25'")
    head = await app.people.get(HEAD["id"])
    manager = await app.people.get(MANAGER["id"])
    await app.invoices.record_payment(manager, 1, "100000")

    stats = app.dp["stats"]
    team = await stats.team(head)
    (oleg,) = team.managers
    assert (oleg.name, oleg.open_projects, oleg.overdue_stages) == ("Олег", 2, 1)
    assert oleg.overdue_minor == {"RUB": 500_000_00, "EUR": 1_200_00}
    assert team.currency == "RUB" and team.other_currencies == ["EUR"]
    assert len(team.weeks) == WEEKS and team.weeks[-1].monday.isoformat() == "2026-11-23"
    assert (team.weeks[-1].issued_minor, team.weeks[-1].paid_minor) == (600_000_00, 100_000_00)
    assert all(week.issued_minor == 0 for week in team.weeks[:-1])

    english = stats_sheet(team, lambda key, **a: app.core.get(key, "en", **a), "en")
    assert english.labels.paid == "paid" and english.weeks[-1].label == "23 Nov"
    figure = charts.stats_figure(english)
    drawn = figure.get_tightbbox().transformed(figure.dpi_scale_trans)
    assert drawn.x1 <= figure.bbox.x1 + 1 and drawn.y0 >= figure.bbox.y0 - 1

    tg.send_text(HEAD, "/stats")
    chart = await tg.wait_message(HEAD["id"], "Нагрузка менеджеров", within=20)
    assert "Просрочено также: 1\u00a0200,00\u00a0€" in chart["caption"]
    image = Image.open(io.BytesIO(tg.uploaded_photos(HEAD["id"])[0]))
    assert image.width >= 1280 and len(image.getcolors(1 << 20)) > 20
    await tg.wait_message(HEAD["id"], "Статистика по менеджерам")


async def test_stats_are_for_heads_only(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    tg.send_text(MANAGER, "/stats")
    await tg.wait_for(lambda: len(tg.sent_to(MANAGER["id"])) > 4, what="an answer")
    assert not tg.calls_of("sendPhoto")
