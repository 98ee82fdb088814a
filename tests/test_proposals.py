"""Proposal services with the clock moved: reminders once, never at night; the policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.accounts.companies import Companies
from services.accounts.people import People
from services.conversation.chat import Chat
from services.db import Database
from services.delivery.notices import ProposalOffer
from services.planners.proposals import ProposalPlanner
from services.platform.errors import DomainError, NotAllowed
from services.platform.parsing import Money
from services.platform.quiet_hours import QuietHours
from services.questionnaires.form_templates import PROPOSAL_TEMPLATE, load_template
from services.questionnaires.forms import parse_stages, stage_deadlines
from services.sales.proposals import ApprovalPolicy, Proposals
from tests.notices import queued

HEAD, AM, CLIENT = 1, 2, 3


@pytest.fixture
async def world(db: Database, clock):
    clock.set(datetime(2026, 11, 27, 7, 0, tzinfo=UTC))  # 10:00 in Moscow
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in ((HEAD, "Ирина"), (AM, "Олег"), (CLIENT, "Анна")):
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    await companies.redeem(await people.get(CLIENT), invite.code)
    proposals = Proposals(
        db,
        load_template(PROPOSAL_TEMPLATE),
        default_timezone="Europe/Moscow",
        default_threshold="0",
        chat=Chat(db, "Europe/Moscow", reply_sla_hours=4),
    )
    return people, proposals


@pytest.fixture
def planner(db: Database) -> ProposalPlanner:
    return ProposalPlanner(
        db,
        "Europe/Moscow",
        approval_reminder_hours=24,
        client_reminder_days=3,
        quiet_hours=QuietHours.parse("21:00-09:00"),
    )


async def filled(people: People, proposals: Proposals):
    am = await people.get(AM)
    draft = await proposals.start(am, 1)
    for question_id, text in (
        ("title", "Кампания"),
        ("scope", "Всё"),
        ("price", "1 млн"),
        ("payment_terms", "100%"),
        ("timeline", "Зима"),
        ("revision_rounds", "3"),
        ("stages", "Аудит — 5 дней"),
    ):
        draft = await proposals.answer_text(am, draft.id, question_id, text)
    draft = await proposals.done(am, draft.id, "stages")
    return await proposals.skip(am, draft.id, "files")


async def reminders(db: Database, key: str) -> list[tuple[int, str]]:
    rows = await queued(db, "CASE WHEN not_before > created_at THEN not_before ELSE created_at END")
    return [(recipient, due) for recipient, said, due in rows if said == key]


async def test_approval_reminders_once_a_period_and_never_at_night(world, db, clock, planner):
    people, proposals = world
    draft = await filled(people, proposals)
    await proposals.submit_for_approval(await people.get(AM), draft.id)
    clock.advance(timedelta(hours=23, minutes=59))
    await planner.tick()
    assert await reminders(db, "proposal-approval-reminder") == []
    clock.advance(timedelta(minutes=1))  # 24 h: 10:00 in Moscow
    await planner.tick()
    await planner.tick()  # planned twice: still one
    assert await reminders(db, "proposal-approval-reminder") == [(HEAD, "2026-11-28 07:00:00")]
    clock.advance(timedelta(hours=23, minutes=30))  # 09:30 next day: second period not yet
    await planner.tick()
    assert len(await reminders(db, "proposal-approval-reminder")) == 1
    clock.set(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))  # 23:00 in Moscow: held till 09:00
    await planner.tick()
    rows = await reminders(db, "proposal-approval-reminder")
    assert rows[-1] == (HEAD, "2026-11-30 06:00:00") and len(rows) == 2


async def test_silent_client_gets_one_nudge_and_the_manager_an_alert(world, db, clock, planner):
    people, proposals = world
    draft = await filled(people, proposals)
    await proposals.submit_for_approval(await people.get(AM), draft.id)
    await proposals.approve(await people.get(HEAD), draft.id, 1)
    clock.advance(timedelta(days=3) - timedelta(seconds=1))
    await planner.tick()
    assert await reminders(db, "proposal-client-reminder") == []
    clock.advance(timedelta(seconds=1))
    await planner.tick()
    clock.advance(timedelta(days=2))
    await planner.tick()
    assert [r[0] for r in await reminders(db, "proposal-client-reminder")] == [CLIENT]
    assert [r[0] for r in await reminders(db, "proposal-client-silent")] == [AM]


async def test_only_heads_decide_and_only_once(world):
    people, proposals = world
    draft = await filled(people, proposals)
    await proposals.submit_for_approval(await people.get(AM), draft.id)
    with pytest.raises(NotAllowed):
        await proposals.approve(await people.get(AM), draft.id, 1)
    await proposals.reject(await people.get(HEAD), draft.id, 1, "Не наш профиль")
    with pytest.raises(DomainError) as refused:
        await proposals.approve(await people.get(HEAD), draft.id, 1)
    assert refused.value.key == "proposal-already-decided"


def test_policy_compares_only_the_same_currency():
    policy = ApprovalPolicy(Money(50_000_000, "RUB"))
    assert not policy.needs_approval(Money(49_999_999, "RUB"))
    assert policy.needs_approval(Money(50_000_000, "RUB"))
    assert policy.needs_approval(Money(100, "USD"))
    assert ApprovalPolicy(None).needs_approval(Money(1, "RUB"))


def test_stage_deadlines_follow_one_another():
    stages = parse_stages("Аудит — 10 дней\nДизайн: 2 недели\nЗапуск - 2027-03-01\nОтчёт — 1 мес")
    deadlines = stage_deadlines(stages, datetime(2026, 11, 27).date())
    assert [d.isoformat() for d in deadlines] == [
        "2026-12-07",
        "2026-12-21",
        "2027-03-01",
        "2027-03-31",
    ]


async def test_a_proposal_approved_at_night_reaches_the_client_in_the_morning(world, db, clock):
    from services.delivery.claims import OutboxStore

    people, proposals = world
    draft = await filled(people, proposals)
    await proposals.submit_for_approval(await people.get(AM), draft.id)
    clock.set(datetime(2026, 11, 27, 20, 30, tzinfo=UTC))  # 23:30 in Moscow
    await proposals.approve(await people.get(HEAD), draft.id, 1)
    store = OutboxStore(db, QuietHours.parse("21:00-09:00"), "Europe/Moscow")
    claimed = await store.claim_due(50)
    assert CLIENT not in {n.recipient_id for n in claimed}  # the AM still hears at once
    assert AM in {n.recipient_id for n in claimed}
    clock.set(datetime(2026, 11, 28, 6, 0, tzinfo=UTC))  # 09:00
    morning = await store.claim_due(50)
    assert [type(n.notice) for n in morning if n.recipient_id == CLIENT] == [ProposalOffer]
