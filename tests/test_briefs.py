"""Brief services: templates as data, nudges with the clock moved, who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.__main__ import main
from services.accounts.companies import Companies
from services.accounts.people import People
from services.db import Database
from services.delivery.claims import OutboxStore
from services.delivery.notices import BriefNudge
from services.planners.briefs import BriefNudges
from services.platform.errors import NotAllowed, NotFound
from services.platform.quiet_hours import QuietHours
from services.questionnaires.briefs import Briefs
from services.questionnaires.form_templates import TEMPLATES_DIR, TemplateError, load_templates
from services.questionnaires.forms import InvalidAnswer
from tests.conftest import TOKEN
from tests.notices import queued

HEAD, AM, OTHER_AM, CLIENT, OTHER_CLIENT = 1, 2, 3, 4, 5


@pytest.fixture
async def world(db: Database):
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    names = {HEAD: "Ирина", AM: "Олег", OTHER_AM: "Мария", CLIENT: "Анна", OTHER_CLIENT: "Борис"}
    for telegram_id, name in names.items():
        await people.touch(telegram_id, name, None, "ru")
    head = await people.get(HEAD)
    await people.add_manager(head, AM)
    await people.add_manager(head, OTHER_AM)
    companies = Companies(db, timedelta(days=7))
    for manager, client, company in ((AM, CLIENT, "Ромашка"), (OTHER_AM, OTHER_CLIENT, "Лютик")):
        invite = await companies.invite_to_new_or_own(await people.get(manager), company)
        await companies.redeem(await people.get(client), invite.code)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM outbox")
    return people, Briefs(db, load_templates(), "Europe/Moscow")


async def outbox_rows(db: Database) -> list[tuple[int, str, str]]:
    return await queued(db, "status")


async def fill_minimal(briefs: Briefs, person, template: str = "smm"):
    brief = await briefs.start(person, template)
    while brief.current_question is not None:
        question = brief.question()
        kind = question.type.value
        if not question.required:
            brief = await briefs.skip(person, brief.id, question.id)
        elif kind in ("single_choice", "multi_choice"):
            brief = await briefs.choose(person, brief.id, question.id, question.options[0].id)
            if kind == "multi_choice":
                brief = await briefs.done(person, brief.id, question.id)
        elif kind == "yes_no":
            brief = await briefs.choose(person, brief.id, question.id, "no")
        else:
            answer = {"link": "@brand", "number": "10", "date": "01.02.2027", "money": "100k"}.get(
                kind, "ответ"
            )
            brief = await briefs.answer_text(person, brief.id, question.id, answer)
    return brief


async def test_nudge_once_after_two_quiet_days_and_in_working_hours(world, db, clock):
    people, briefs = world
    client = await people.get(CLIENT)
    clock.set(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))  # 20:00 in Moscow
    brief = await briefs.start(client, "smm")
    await briefs.answer_text(client, brief.id, "main_account", "@brand")
    clock.advance(timedelta(days=2) - timedelta(minutes=1))
    assert await BriefNudges(db).tick() == 0
    clock.advance(timedelta(minutes=1))  # 20:00 two days later
    assert await BriefNudges(db).tick() == 1
    assert await BriefNudges(db).tick() == 0  # planned twice, sent once
    assert await outbox_rows(db) == [(CLIENT, "brief-nudge", "pending")]
    clock.advance(timedelta(hours=2))  # 22:00: quiet hours
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    assert await store.claim_due(10) == []
    clock.set(datetime(2026, 11, 30, 6, 0, tzinfo=UTC))  # 09:00 in Moscow
    [claimed] = await store.claim_due(10)
    assert claimed.notice == BriefNudge(brief.id)
    # after more answers and another idle spell: still one nudge per draft (dedup key)
    await briefs.answer_text(client, brief.id, "other_accounts", "нет")
    clock.advance(timedelta(days=3))
    assert await BriefNudges(db).tick() == 0


async def test_submit_alerts_the_manager_with_document_and_no_manager_means_heads(world, db):
    people, briefs = world
    submitted = await fill_minimal(briefs, await people.get(CLIENT))
    submitted = await briefs.submit(await people.get(CLIENT), submitted.id)
    assert submitted.status == "submitted"
    rows = await outbox_rows(db)
    assert (AM, "brief-alert", "pending") in rows and (
        AM,
        "brief-document-caption",
        "pending",
    ) in rows
    # an orphaned company's brief goes to the heads
    await people.remove_manager(await people.get(HEAD), OTHER_AM)
    other = await fill_minimal(briefs, await people.get(OTHER_CLIENT))
    await briefs.submit(await people.get(OTHER_CLIENT), other.id)
    rows = await outbox_rows(db)
    assert (HEAD, "brief-alert", "pending") in rows
    assert not [r for r in rows if r[0] == OTHER_AM and r[1] == "brief-alert"]


async def test_nobody_reaches_another_companys_brief(world):
    people, briefs = world
    brief = await fill_minimal(briefs, await people.get(CLIENT))
    await briefs.submit(await people.get(CLIENT), brief.id)
    with pytest.raises(NotAllowed):
        await briefs.take(await people.get(OTHER_AM), brief.id)
    with pytest.raises(NotAllowed):
        await briefs.ask(await people.get(OTHER_AM), brief.id, "?")
    question = await briefs.ask(await people.get(AM), brief.id, "Есть макеты?")
    with pytest.raises(NotAllowed):
        await briefs.answer_question(await people.get(OTHER_CLIENT), question.id, "да")
    with pytest.raises(NotFound):  # someone else's draft is simply not there
        await briefs.answer_text(await people.get(OTHER_CLIENT), brief.id, "contact", "x")
    taken = await briefs.take(await people.get(HEAD), brief.id)
    again = await briefs.take(await people.get(AM), brief.id)
    assert taken.taken_by == HEAD and again.taken_by == HEAD  # first press wins


async def test_validation_keeps_the_draft(world):
    people, briefs = world
    client = await people.get(CLIENT)
    brief = await briefs.start(client, "marketing")
    with pytest.raises(InvalidAnswer):
        await briefs.answer_text(client, brief.id, "brand", "x" * 301)
    with pytest.raises(InvalidAnswer):
        await briefs.answer_text(client, brief.id, "positioning", "не текущий вопрос")
    with pytest.raises(InvalidAnswer):
        await briefs.submit(client, brief.id)  # required answers missing
    draft = await briefs.draft_of(client)
    assert draft.current_question == "brand" and draft.answers == {}


async def test_a_draft_survives_its_question_being_removed_from_the_template(
    world, db, tmp_path: Path
):
    people, briefs = world
    client = await people.get(CLIENT)
    brief = await briefs.start(client, "smm")
    brief = await briefs.answer_text(client, brief.id, "main_account", "@brand")
    brief = await briefs.skip(client, brief.id, "other_accounts")
    assert brief.current_question == "audit"

    # The agency deletes the "audit" question and restarts the bot.
    text = (TEMPLATES_DIR / "smm.toml").read_text(encoding="utf-8")
    start = text.index('[[questions]]\nid = "audit"')
    end = text.index("[[questions]]", start + 1)
    (tmp_path / "smm.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    edited = Briefs(db, load_templates(tmp_path), "Europe/Moscow")

    resumed = await edited.open_draft(client, brief.id)
    assert resumed is not None and resumed.current_question == "followers"
    assert resumed.answers["main_account"] == brief.answers["main_account"]
    after = await edited.answer_text(client, brief.id, "followers", "12 500")
    assert after.answers["followers"] == "12500" and after.current_question == "posting_frequency"


async def test_a_submitted_brief_keeps_its_questions_when_the_template_changes(
    world, db, tmp_path: Path
):
    people, briefs = world
    client = await people.get(CLIENT)
    draft = await fill_minimal(briefs, client)
    submitted = await briefs.submit(client, draft.id)
    asked = submitted.template.question("main_account")
    assert asked is not None

    # The agency rewrites the SMM template's first question, then removes the file.
    text = (TEMPLATES_DIR / "smm.toml").read_text(encoding="utf-8")
    (tmp_path / "smm.toml").write_text(
        text.replace(asked.text.ru, "Совсем другой вопрос"), encoding="utf-8"
    )
    rewritten = Briefs(db, load_templates(tmp_path), "Europe/Moscow")
    (tmp_path / "smm.toml").unlink()
    (tmp_path / "marketing.toml").write_text(
        (TEMPLATES_DIR / "marketing.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    removed = Briefs(db, load_templates(tmp_path), "Europe/Moscow")

    for later in (rewritten, removed):
        kept = await later.get_for_staff(await people.get(AM), submitted.id)
        assert kept.template.question("main_account") == asked
        assert kept.answered() == submitted.answered()


async def test_a_head_disables_a_template(world):
    people, briefs = world
    with pytest.raises(NotAllowed):
        await briefs.set_template_enabled(await people.get(AM), "smm", False)
    await briefs.set_template_enabled(await people.get(HEAD), "smm", False)
    assert [t.id for t in await briefs.enabled_templates()] == ["marketing"]
    with pytest.raises(NotFound):
        await briefs.start(await people.get(CLIENT), "smm")
    await briefs.set_template_enabled(await people.get(HEAD), "smm", True)
    assert len(await briefs.enabled_templates()) == 2


def test_shipped_templates_are_valid():
    templates = load_templates()
    assert set(templates) == {"marketing", "smm"}
    assert any(q.show_if for q in templates["smm"].questions)


def write_template(folder: Path, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "broken.toml").write_text(text, encoding="utf-8")


BROKEN = """
id = "broken"
version = 1
title = { ru = "Сломанный", en = "Broken" }
description = { ru = "x", en = "x" }
[[questions]]
id = "budget"
type = "moneyy"
title = { ru = "Бюджет", en = "Budget" }
text = { ru = "Бюджет?", en = "Budget?" }
"""


def test_a_bad_template_names_the_file_and_the_field(tmp_path: Path):
    write_template(tmp_path / "t", BROKEN)
    with pytest.raises(TemplateError) as raised:
        load_templates(tmp_path / "t")
    assert raised.value.filename == "broken.toml"
    assert "questions.0.type" in str(raised.value)


def test_a_condition_must_point_back(tmp_path: Path):
    text = (
        (TEMPLATES_DIR / "smm.toml")
        .read_text(encoding="utf-8")
        .replace('question = "targeted_ads"', 'question = "monthly_budget"')
    )
    write_template(tmp_path / "t", text)
    with pytest.raises(TemplateError) as raised:
        load_templates(tmp_path / "t")
    assert "ads_budget" in str(raised.value) and "monthly_budget" in str(raised.value)


async def test_start_up_stops_on_a_bad_template(tmp_path: Path, monkeypatch, capsys):
    write_template(tmp_path / "t", BROKEN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("BRIEF_TEMPLATES_DIR", str(tmp_path / "t"))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "db.sqlite3"))
    assert await main([]) == 4
    error = capsys.readouterr().err
    assert "broken.toml" in error and "questions.0.type" in error
