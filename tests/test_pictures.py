"""The project timeline: what it shows, how it reads on a phone, when it is drawn again."""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import subprocess
import sys
from datetime import date
from types import SimpleNamespace

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from bot.app import LOCALES_PATH
from services.delivery.notices import WeeklySummary
from services.delivery.outbox import Planned, enqueue
from services.planners.reminders import weekly_timelines
from services.work.projects import DeadlineMove, Stage
from services.work.stats import ManagerLoad as StatsLoad
from services.work.stats import TeamStats
from tests.conftest import CLIENT, MANAGER, STRANGER, RunningBot
from tests.fakes.telegram import Fault, button_data
from tests.journeys import invite_client, issue_invoice, new_project, open_stage
from tests.processes import ROOT, bot_env, spawn_bot
from tests.samples import LONG_TITLES, project_of, team
from views import charts, render_worker
from views.callbacks import TimelineCb
from views.drawing import draw
from views.render_worker import RenderFailed, RenderWorker
from views.sheets import BarState, DocumentSheet, QrSheet, digest
from views.stats import stats_sheet
from views.timeline import timeline_sheet

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def core() -> FluentRuntimeCore:
    import asyncio

    fluent = FluentRuntimeCore(path=LOCALES_PATH, default_locale="ru")
    asyncio.run(fluent.startup())
    return fluent


def sheet_for(core, project, language="ru", moves=()):
    translate = lambda key, **args: core.get(key, language, **args)  # noqa: E731
    return timeline_sheet(project, list(moves), TODAY, translate, language, "Europe/Moscow")


def test_each_stage_gets_its_state_and_a_moved_deadline_its_reason(core):
    statuses = ["done", "in_progress", "waiting_client", "planned", "planned", "planned"]
    project = project_of(statuses)
    sheet = sheet_for(core, project, moves=[DeadlineMove(2, date(2026, 10, 18), date(2026, 10, 21),
                                                         "клиент задержал тексты")])  # fmt: skip
    states = [bar.state for bar in sheet.bars]
    # stage 2 (due 21 Oct) and 3 (due 31 Oct) are past their deadlines on 27 Nov
    assert states == [BarState.DONE, BarState.OVERDUE, BarState.OVERDUE, BarState.OVERDUE,
                      BarState.OVERDUE, BarState.PLANNED]  # fmt: skip
    assert (
        sheet.bars[1].moved == "срок перенесён с 18 октября на 21 октября: клиент задержал тексты"
    )
    assert [bar.moved for bar in sheet.bars].count(None) == 5
    # each stage starts the day after the one before it is due
    assert [(b.start, b.end) for b in sheet.bars[:2]] == [
        (date(2026, 10, 1), date(2026, 10, 11)),
        (date(2026, 10, 12), date(2026, 10, 21)),
    ]
    assert sheet.today == TODAY and sheet.today_label == "сегодня"


def test_the_picture_is_wide_enough_for_a_phone_and_not_blank(core):
    png = draw(sheet_for(core, project_of(["done", "in_progress", "waiting_client", "planned"])))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 1280
    colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 20)}
    for wanted in (charts.COLOURS[BarState.DONE], charts.COLOURS[BarState.OVERDUE], charts.TODAY):
        rgb = tuple(int(wanted[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, wanted
    assert charts.TEXT_PT * charts.DPI / 72 >= 14  # the smallest text, in pixels


def test_twelve_stages_with_long_russian_titles_fit(core):
    project = project_of(["done"] * 4 + ["in_progress"] + ["planned"] * 7, LONG_TITLES)
    moves = [DeadlineMove(n, date(2026, 10, 1), date(2026, 10, 9), "перенос " * 30)
             for n in (2, 7, 11)]  # fmt: skip
    sheet = sheet_for(core, project, moves=moves)
    figure = charts.timeline_figure(sheet)
    canvas_box = figure.bbox
    drawn = figure.get_tightbbox().transformed(figure.dpi_scale_trans)
    assert drawn.x0 >= canvas_box.x0 - 1 and drawn.x1 <= canvas_box.x1 + 1
    assert drawn.y0 >= canvas_box.y0 - 1 and drawn.y1 <= canvas_box.y1 + 1
    texts = [text.get_text() for text in figure.axes[0].texts]
    labels = [text for text in texts if text.split("\n")[0] in " ".join(LONG_TITLES)]
    assert len(labels) == 12 and all(label.count("\n") <= 1 for label in labels)
    assert labels[0].startswith("Аудит текущих") and labels[0].endswith("…")
    image = Image.open(io.BytesIO(draw(sheet)))
    assert image.width >= 1280 and image.height > 900


def test_an_english_reader_gets_english_labels(core):
    sheet = sheet_for(core, project_of(["done", "planned"]), language="en")
    assert sheet.today_label == "today"
    assert [label for _, label in sheet.legend] == [
        "planned", "in progress", "waiting for the client", "waiting for sign-off", "done",
        "overdue",
    ]  # fmt: skip
    assert any("Oct" in tick.label for tick in sheet.ticks)
    russian = sheet_for(core, project_of(["done", "planned"]))
    assert any("окт" in tick.label for tick in russian.ticks)
    assert digest(sheet) != digest(russian)


def test_changing_a_stage_changes_the_key_and_nothing_else_does(core):
    before = sheet_for(core, project_of(["in_progress", "planned"]))
    again = sheet_for(core, project_of(["in_progress", "planned"]))
    assert digest(before) == digest(again)
    moved = project_of(["in_progress", "planned"])
    moved.stages[0] = Stage(**{**moved.stages[0].__dict__, "progress": 75})
    assert digest(sheet_for(core, moved)) != digest(before)


def test_importing_the_bot_loads_no_drawing_library():
    code = (
        "import sys, bot.app, bot.__main__, handlers;"
        "print(sorted(m for m in ('matplotlib', 'fpdf', 'segno', 'PIL', 'numpy')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert loaded.stdout.strip() == "[]"


async def test_the_worker_draws_in_another_process_and_survives_a_crash():
    worker = RenderWorker()
    try:
        png = await worker.render(QrSheet("ST00012|Name=Тест"))
        assert png.startswith(b"\x89PNG")
        process = worker.process
        assert process is not None and process.pid != os.getpid()
        # killed in the middle of a long drawing: that drawing fails, the next one works
        slow = DocumentSheet("Бриф", "", "", tuple((f"Вопрос {n}", "ответ " * 80)
                                                   for n in range(400)))  # fmt: skip
        drawing = asyncio.create_task(worker.render(slow))
        await asyncio.sleep(0.3)
        process.kill()
        with pytest.raises(RenderFailed, match="worker died"):
            await drawing
        assert (await worker.render(QrSheet("again"))).startswith(b"\x89PNG")
        # killed between drawings: replaced before the next one, which works
        assert worker.process is not None
        worker.process.kill()
        worker.process.join()
        assert (await worker.render(QrSheet("once more"))).startswith(b"\x89PNG")
        assert worker.stats["worker_died"] == 2 and worker.stats["worker_started"] == 3
    finally:
        worker.close()


async def test_the_timeline_button_sends_the_picture_once_then_its_file_id(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Запуск сайта", "Аудит — 10 дней\nДизайн — 20 дней")

    tg.send_text(CLIENT, "/status")
    status = await tg.wait_message(CLIENT["id"], "Ваши проекты")
    tg.press(CLIENT, status, button_data(status, "Запуск сайта"))
    card = await tg.wait_message(CLIENT["id"], "Запуск сайта", since=len(tg.sent_to(CLIENT["id"])))
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    picture = await tg.wait_message(CLIENT["id"], "Запуск сайта: этапы и сроки")
    uploaded = tg.uploaded_photos(CLIENT["id"])
    assert len(uploaded) == 1
    assert Image.open(io.BytesIO(uploaded[0])).width >= 1280

    tg.press(CLIENT, card, button_data(card, "График этапов"))  # unchanged: sent by its id
    await tg.wait_for(lambda: len(tg.calls_of("sendPhoto")) == 2, what="the second send")
    assert tg.calls_of("sendPhoto")[1].params["photo"] == picture["photo"][-1]["file_id"]
    assert len(tg.uploaded_photos(CLIENT["id"])) == 1

    menu = await open_stage(tg, "Запуск сайта", "Аудит")  # the AM moves a stage on
    tg.press(MANAGER, menu, button_data(menu, "50%"))
    await tg.wait_message(MANAGER["id"], "· 50%")
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    await tg.wait_for(lambda: len(tg.uploaded_photos(CLIENT["id"])) == 2, what="a new drawing")

    # Telegram forgot the id (a new token): the picture is drawn and uploaded again
    tg.forgotten_files.add(tg.sent_to(CLIENT["id"])[-1]["photo"][-1]["file_id"])
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    await tg.wait_for(lambda: len(tg.uploaded_photos(CLIENT["id"])) == 3, what="a re-upload")

    # the AM has the same button on their card; the same picture goes by its id
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/projects")
    listing = await tg.wait_message(MANAGER["id"], "Проекты (просроченные сверху", since=seen)
    tg.press(MANAGER, listing, button_data(listing, "Запуск сайта"))
    staff_card = await tg.wait_message(MANAGER["id"], "Менеджер: Олег", since=seen)
    tg.press(MANAGER, staff_card, button_data(staff_card, "График этапов"))
    await tg.wait_message(MANAGER["id"], "Запуск сайта: этапы и сроки")
    assert len(tg.uploaded_photos(MANAGER["id"])) == 0

    # someone else's project, by a crafted button: refused, nothing drawn or sent
    tg.send_text(STRANGER, "/start")
    await tg.wait_message(STRANGER["id"], "invite link")
    photos, answers = len(tg.calls_of("sendPhoto")), len(tg.calls_of("answerCallbackQuery"))
    tg.press(STRANGER, card, TimelineCb(project=1).pack())
    refusal = await tg.wait_for(
        lambda: tg.calls_of("answerCallbackQuery")[answers:], what="an answer to the press"
    )
    assert "not allowed" in refusal[0].params["text"] and refusal[0].params["show_alert"]
    assert len(tg.calls_of("sendPhoto")) == photos


async def test_the_weekly_summary_brings_each_projects_timeline(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Запуск сайта", "Аудит — 10 дней")
    app = running.app
    assert app is not None
    summary = WeeklySummary(CLIENT["id"], "2026-W48", (1,))
    async with app.db.transaction() as conn:
        for planned in (
            Planned(CLIENT["id"], summary),
            *weekly_timelines(Planned(CLIENT["id"], summary)),
        ):
            await enqueue(conn, app.clock.now(), planned.recipient_id, planned.notice,
                          source=CLIENT["id"])  # fmt: skip
    app.wake()
    picture = await tg.wait_message(CLIENT["id"], "Запуск сайта: этапы и сроки", within=20)
    weekly = await tg.wait_message(CLIENT["id"], "Итоги недели")
    assert weekly["message_id"] < picture["message_id"]  # the summary first, then its pictures
    assert Image.open(io.BytesIO(tg.uploaded_photos(CLIENT["id"])[0])).width >= 1280


async def test_a_drawing_that_fails_or_hangs_fails_alone_and_the_worker_recovers(monkeypatch):
    worker = RenderWorker()
    try:
        await worker.render(QrSheet("warm"))
        with pytest.raises(RenderFailed):
            await worker.render(QrSheet("x" * 10_000))  # more than a QR code holds
        # a document of hundreds of pages takes seconds: far past a 50 ms limit
        slow = DocumentSheet("Бриф", "", "", tuple((f"Вопрос {n}", "ответ " * 80)
                                                   for n in range(400)))  # fmt: skip
        monkeypatch.setattr(render_worker, "DRAWING_SECONDS", 0.05)
        with pytest.raises(RenderFailed):  # hangs past its time: the worker is replaced
            await worker.render(slow)
        monkeypatch.undo()
        assert (await worker.render(QrSheet("again"))).startswith(b"\x89PNG")
        assert worker.stats == {"worker_started": 2, "drawn": 2, "failed": 1, "timed_out": 1}
    finally:
        worker.close()


def fail_first(worker: RenderWorker, times: int = 1) -> list[str]:
    """The worker's next `times` drawings fail, as a crashed or hung worker's would."""
    failed: list[str] = []
    render = worker.render

    async def flaky(sheet):
        if len(failed) < times:
            failed.append(type(sheet).__name__)
            raise RenderFailed("injected")
        return await render(sheet)

    worker.render = flaky  # type: ignore[method-assign]
    return failed


async def test_a_failed_drawing_is_said_to_the_person_and_retried_by_the_outbox(
    running: RunningBot,
):
    tg = running.telegram
    app = running.app
    assert app is not None
    await invite_client(running)
    # the outbox: the invoice's PDF fails once, goes back to the queue, arrives once
    failed = fail_first(app.render_worker)
    await issue_invoice(tg, "Ромашка", "600000", "Продвижение", "15.12")
    await tg.wait_for(lambda: tg.uploaded(CLIENT["id"]), 20, "the PDF, on the retry")
    assert failed == ["DocumentSheet"]
    await running.settled()
    assert len(tg.uploaded(CLIENT["id"])) == 1

    # a button: the person is told, and the next press draws it
    await new_project(tg, "Ромашка", "Запуск сайта", "Аудит — 10 дней")
    failed = fail_first(app.render_worker)
    tg.send_text(CLIENT, "/status")
    status = await tg.wait_message(CLIENT["id"], "Ваши проекты")
    tg.press(CLIENT, status, button_data(status, "Запуск сайта"))
    card = await tg.wait_message(CLIENT["id"], "Этапы:", since=len(tg.sent_to(CLIENT["id"])))
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    await tg.wait_message(CLIENT["id"], "Не получилось нарисовать файл")
    assert failed == ["TimelineSheet"]
    tg.press(CLIENT, card, button_data(card, "График этапов"))  # pressed again: drawn
    await tg.wait_message(CLIENT["id"], "Запуск сайта: этапы и сроки")


async def test_the_real_process_draws_in_its_worker_and_stops_cleanly(tmp_path, telegram):
    """`python -m bot` as deployed: the worker is spawned from it (its main module imported
    again there), draws, and ends with it on SIGTERM."""
    bot = await spawn_bot(bot_env(tmp_path / "bot.sqlite3", telegram), output=False)
    try:
        await telegram.wait_for(lambda: telegram.calls_of("setMyCommands"), 60, "start-up")
        await invite_client(SimpleNamespace(telegram=telegram))  # type: ignore[arg-type]
        await new_project(telegram, "Ромашка", "Запуск", "Аудит — 10 дней")
        telegram.send_text(CLIENT, "/status")
        status = await telegram.wait_message(CLIENT["id"], "Ваши проекты")
        telegram.press(CLIENT, status, button_data(status, "Запуск"))
        seen = len(telegram.sent_to(CLIENT["id"]))
        card = await telegram.wait_message(CLIENT["id"], "Этапы:", since=seen)
        telegram.press(CLIENT, card, button_data(card, "График этапов"))
        await telegram.wait_message(CLIENT["id"], "Запуск: этапы и сроки", within=30)
        assert Image.open(io.BytesIO(telegram.uploaded_photos(CLIENT["id"])[0])).width >= 1280
        bot.terminate()
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()


class LockedForWrites:
    """The database as a cache write sees it while another process holds the lock."""

    def __init__(self, db) -> None:
        self.db = db

    def __getattr__(self, name: str):
        return getattr(self.db, name)

    def transaction(self):
        raise sqlite3.OperationalError("database is locked")


async def test_a_file_id_not_kept_never_sends_the_file_twice(running: RunningBot):
    tg = running.telegram
    app = running.app
    assert app is not None
    await invite_client(running)
    files = app.dp["drawings"].files
    files.db = LockedForWrites(files.db)
    await issue_invoice(tg, "Ромашка", "600000", "Продвижение", "15.12")
    await tg.wait_for(lambda: tg.uploaded(CLIENT["id"]), 20, "the invoice PDF")
    await running.settled()  # a retry, were the send thought failed, would be done by now
    assert len(tg.uploaded(CLIENT["id"])) == 1
    assert app.dispatcher.stats["transient"] == 0
    files.db = files.db.db
    assert await files.file_id("invoice:1", "ru", "any") is None  # nothing was kept


async def test_a_refusal_about_the_chat_keeps_the_file_id_and_draws_nothing(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await new_project(tg, "Ромашка", "Запуск сайта", "Аудит — 10 дней")
    tg.send_text(CLIENT, "/status")
    status = await tg.wait_message(CLIENT["id"], "Ваши проекты")
    tg.press(CLIENT, status, button_data(status, "Запуск сайта"))
    card = await tg.wait_message(CLIENT["id"], "Этапы:", since=len(tg.sent_to(CLIENT["id"])))
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    await tg.wait_message(CLIENT["id"], "этапы и сроки")
    tg.faults.append(Fault("sendPhoto", 400, chat_id=CLIENT["id"]))  # "chat not found"
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    await tg.wait_for(lambda: len(tg.calls_of("sendPhoto")) == 2, what="the refused send")
    tg.press(CLIENT, card, button_data(card, "График этапов"))
    await tg.wait_for(lambda: len(tg.calls_of("sendPhoto")) == 3, what="the third press")
    assert len(tg.uploaded_photos(CLIENT["id"])) == 1  # never drawn again: the id still holds
    assert isinstance(tg.calls_of("sendPhoto")[2].params["photo"], str)  # sent by its id


def _team_of(names: list[str]) -> TeamStats:
    sample = team()
    loads = [
        StatsLoad(n + 1, name, 12 - n % 5, n % 4, {"RUB": (n + 1) * 310_000_00})
        for n, name in enumerate(names)
    ]
    return TeamStats(sample.today, loads, sample.currency, sample.weeks, [])


LONG_NAMES = [
    "Константин Константинопольский-Преображенский",
    "Александра Вениаминовна Светлорецкая",
    "Maximilian Alexander von Oppenheimer-Wittgenstein",
] + [f"Менеджер Номер {n} Длинноименный" for n in range(4, 13)]


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("count", [1, 12])
def test_the_stats_legends_cover_no_bar_and_no_title(core, language, count):
    translate = lambda key, **args: core.get(key, language, **args)  # noqa: E731
    sheet = stats_sheet(_team_of(LONG_NAMES[:count]), translate, language)
    figure = charts.stats_figure(sheet)
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    legends = [axes.get_legend() for axes in figure.axes if axes.get_legend() is not None]
    assert len(legends) == 2  # the team's counts and the weeks' money
    boxes = [legend.get_window_extent(renderer) for legend in legends]
    for box in boxes:
        for axes in figure.axes:  # the data area of every chart, and every chart's title
            assert not box.overlaps(axes.get_window_extent(renderer))
            assert not box.overlaps(axes.title.get_window_extent(renderer))
        for bar in (patch for axes in figure.axes for patch in axes.patches):
            assert not box.overlaps(bar.get_window_extent(renderer))
        assert figure.bbox.contains(box.x0, box.y0) and figure.bbox.contains(box.x1, box.y1)
    drawn = figure.get_tightbbox(renderer).transformed(figure.dpi_scale_trans)
    assert drawn.x0 >= figure.bbox.x0 - 1 and drawn.x1 <= figure.bbox.x1 + 1
