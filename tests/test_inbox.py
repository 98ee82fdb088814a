"""The staff inbox's rules in the database: one topic per company whatever races, a
title edit for a burst of changes, a lost group's queue back in the private chats, the
heads told when a group's queue outgrows Telegram's minute."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.accounts.companies import Companies
from services.accounts.people import People
from services.conversation.chat import Chat, Original
from services.conversation.inbox import (
    GROUP_MESSAGES_PER_MINUTE,
    TITLE_LIMIT,
    GroupRights,
    StaffInbox,
    TopicState,
    initials,
    topic_title,
)
from services.delivery import notices
from services.delivery.notices import GroupProblem, RelayedMessage, TopicCopy, TopicRetitled

HEAD, AM, CLIENT, COLLEAGUE = 1, 2, 3, 4
GROUP = -100500
ALL_RIGHTS = GroupRights(True, True, True, True, True, True)


async def setting_up(db) -> tuple[People, Chat, StaffInbox, int]:
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    names = ((HEAD, "Ирина"), (AM, "Олег Петров"), (CLIENT, "Анна"), (COLLEAGUE, "Вера"))
    for telegram_id, name in names:
        await people.touch(telegram_id, name, None, "ru")
    await people.add_manager(await people.get(HEAD), AM)
    companies = Companies(db, timedelta(days=7))
    for client in (CLIENT, COLLEAGUE):
        invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
        company = await companies.redeem(await people.get(client), invite.code)
    staff_inbox = StaffInbox(db)
    await staff_inbox.link(await people.get(HEAD), GROUP, "Входящие", ALL_RIGHTS)
    return people, Chat(db, "Europe/Moscow", 4), staff_inbox, company.id


async def rows(db, kind: str) -> list[tuple[int, notices.Notice]]:
    found = await db.conn.execute_fetchall(
        "SELECT recipient_id, kind, args FROM outbox WHERE kind = ? AND status = 'pending'"
        " ORDER BY id",
        (kind,),
    )
    return [(row[0], notices.load(row[1], row[2])) for row in found]


def test_a_title_names_the_state_and_the_manager():
    assert topic_title("Ромашка", TopicState.WAITING, "Олег Петров") == "🔴 Ромашка · ОП"
    assert topic_title("Ромашка", TopicState.CLOSED, None) == "⚪️ Ромашка"
    long = topic_title("Я" * 300, TopicState.ANSWERED, "Олег")
    assert len(long) == TITLE_LIMIT and long.endswith("… · О")
    assert initials("  ") == "" and initials("анна мария иванова") == "АМ"


async def test_contacts_racing_on_their_lanes_open_one_topic(db):
    people, chat, _, company_id = await setting_up(db)
    anna, vera = await people.get(CLIENT), await people.get(COLLEAGUE)
    await asyncio.gather(
        *(
            chat.client_message(who, f"сообщение {n}", None, Original(who.telegram_id, n))
            for n in range(10)
            for who in (anna, vera)
        )
    )
    topics = await db.conn.execute_fetchall("SELECT company_id FROM company_topics")
    assert [tuple(row) for row in topics] == [(company_id,)]
    copies = await rows(db, TopicCopy.kind)
    assert len(copies) == 20 and {recipient for recipient, _ in copies} == {GROUP}
    assert await rows(db, RelayedMessage.kind) == []  # nothing to the AM's private chat


async def test_a_burst_of_state_changes_costs_one_title_edit(db, clock):
    people, chat, staff_inbox, company_id = await setting_up(db)
    anna = await people.get(CLIENT)
    await chat.client_message(anna, "Привет", None, Original(CLIENT, 1))
    await staff_inbox.created(company_id, GROUP, 77, "🔴 Ромашка · ОП", None)
    for n in range(5):
        await chat.reply(await people.get(AM), CLIENT, f"ответ {n}", None)
        await chat.client_message(anna, f"ещё {n}", None, Original(CLIENT, 10 + n))
    [(recipient, edit)] = await rows(db, TopicRetitled.kind)
    assert recipient == GROUP and isinstance(edit, TopicRetitled)
    # the edit goes out: the title it sets is worked out then, and a change meanwhile
    # gets one more edit
    place = await staff_inbox.retitle(company_id, GROUP)
    assert place is None  # waiting again, as the title already says
    clock.advance(timedelta(seconds=1))
    await chat.reply(await people.get(AM), CLIENT, "последний ответ", None)
    await staff_inbox.titled(company_id, None, edit.wanted_at)
    pending = await rows(db, TopicRetitled.kind)
    assert len(pending) == 2  # the first (being sent) and one for the change


async def test_a_lost_group_hands_its_queue_to_the_private_chats(db):
    people, chat, staff_inbox, _company_id = await setting_up(db)
    anna = await people.get(CLIENT)
    for n in range(3):
        await chat.client_message(anna, f"вопрос {n}", None, Original(CLIENT, n))
    assert len(await rows(db, TopicCopy.kind)) == 3
    assert await staff_inbox.lost(GROUP, GroupProblem.RIGHTS)
    assert await rows(db, TopicCopy.kind) == []
    relayed = await rows(db, RelayedMessage.kind)
    assert [(r, n.text) for r, n in relayed if isinstance(n, RelayedMessage)] == [
        (AM, "вопрос 0"),
        (AM, "вопрос 1"),
        (AM, "вопрос 2"),
    ]
    told = await db.conn.execute_fetchall(
        "SELECT recipient_id FROM outbox WHERE kind = 'inbox.lost'"
    )
    assert [tuple(row) for row in told] == [(HEAD,)]
    await staff_inbox.lost(GROUP, GroupProblem.REMOVED)  # told once a link
    assert (
        len(await db.conn.execute_fetchall("SELECT 1 FROM outbox WHERE kind = 'inbox.lost'")) == 1
    )
    await chat.client_message(anna, "после", None, Original(CLIENT, 9))
    # the AM's alert still waiting grows by the new message, as in the private relay
    last = (await rows(db, RelayedMessage.kind))[-1][1]
    assert isinstance(last, RelayedMessage) and last.text and last.text.endswith("после")
    assert await staff_inbox.regained(GROUP, ALL_RIGHTS)
    await chat.client_message(anna, "снова в группу", None, Original(CLIENT, 10))
    assert len(await rows(db, TopicCopy.kind)) == 1


async def test_heads_hear_once_an_hour_when_a_groups_queue_outgrows_its_minute(db, clock):
    people, chat, _, _ = await setting_up(db)
    anna = await people.get(CLIENT)
    for n in range(GROUP_MESSAGES_PER_MINUTE):
        await chat.client_message(anna, f"m{n}", None, Original(CLIENT, n))
    assert await db.conn.execute_fetchall("SELECT 1 FROM outbox WHERE kind = 'inbox.busy'") == []
    for n in range(5):
        await chat.client_message(anna, f"more{n}", None, Original(CLIENT, 100 + n))
    busy = await db.conn.execute_fetchall(
        "SELECT recipient_id FROM outbox WHERE kind = 'inbox.busy'"
    )
    assert [tuple(row) for row in busy] == [(HEAD,)]
    clock.advance(timedelta(hours=1))
    await chat.client_message(anna, "later", None, Original(CLIENT, 200))
    assert (
        len(await db.conn.execute_fetchall("SELECT 1 FROM outbox WHERE kind = 'inbox.busy'")) == 2
    )


async def test_an_ams_own_group_takes_their_companies(db):
    people, chat, staff_inbox, _company_id = await setting_up(db)
    head = await people.get(HEAD)
    own = -100600
    await staff_inbox.link(head, own, "Группа Олега", ALL_RIGHTS)
    group = await staff_inbox.set_scope(head, own, AM)
    assert group.managers == (AM,) and not group.for_all  # the first stays the agency's
    await chat.client_message(await people.get(CLIENT), "к Олегу", None, Original(CLIENT, 1))
    [(recipient, _)] = await rows(db, TopicCopy.kind)
    assert recipient == own


async def test_a_new_manager_shows_in_the_title_with_the_next_message(db, clock):
    people, chat, staff_inbox, company_id = await setting_up(db)
    anna = await people.get(CLIENT)
    await chat.client_message(anna, "Привет", None, Original(CLIENT, 1))
    await staff_inbox.created(company_id, GROUP, 77, "🔴 Ромашка · ОП", None)
    await people.touch(5, "Мария Соколова", None, "ru")
    await people.add_manager(await people.get(HEAD), 5)
    async with db.transaction() as conn:
        await conn.execute("UPDATE companies SET manager_id = 5 WHERE id = ?", (company_id,))
    await chat.client_message(anna, "Ещё", None, Original(CLIENT, 2))
    [(_, edit)] = await rows(db, TopicRetitled.kind)
    assert isinstance(edit, TopicRetitled)
    place = await staff_inbox.retitle(company_id, GROUP)
    assert place is not None and place.title == "🔴 Ромашка · МС"
