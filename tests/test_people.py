"""People, companies and invites as services: expiry, single use, roles, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.accounts.companies import Companies, InviteRefused
from services.accounts.people import People, Role
from services.db import Database
from services.platform.audit import AuditLog
from services.platform.clock import ManualClock
from services.platform.errors import InvalidInput, NotAllowed

HEAD, AM, OTHER_AM, CLIENT = 1, 2, 3, 4


@pytest.fixture
async def setup(db: Database):
    people = People(db, "ru")
    await people.sync_heads([HEAD])
    for telegram_id, name in ((HEAD, "Ирина"), (AM, "Олег"), (OTHER_AM, "Мария"), (CLIENT, "Анна")):
        await people.touch(telegram_id, name, None, "ru")
    head = await people.get(HEAD)
    await people.add_manager(head, AM)
    await people.add_manager(head, OTHER_AM)
    return people, Companies(db, timedelta(days=7))


async def test_invite_expires_after_its_lifetime(setup, clock: ManualClock):
    people, companies = setup
    invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    assert len(invite.code) >= 22  # 144 random bits
    clock.advance(timedelta(days=7, seconds=1))
    with pytest.raises(InviteRefused) as refused:
        await companies.redeem(await people.get(CLIENT), invite.code)
    assert refused.value.key == "invite-expired"
    assert (await people.get(CLIENT)).role is None


async def test_invite_works_once_and_opening_it_again_is_harmless(setup, db: Database):
    people, companies = setup
    invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    company = await companies.redeem(await people.get(CLIENT), invite.code)
    assert company.name == "Ромашка" and company.manager_id == AM
    client = await people.get(CLIENT)
    assert client.role is Role.CLIENT and client.company_id == company.id
    assert (await companies.redeem(client, invite.code)).id == company.id  # same person, again
    await people.touch(99, "Чужой", None, "ru")
    with pytest.raises(InviteRefused) as refused:
        await companies.redeem(await people.get(99), invite.code)
    assert refused.value.key == "invite-used"
    actions = [e["action"] for e in await AuditLog(db).entries()]
    assert {"company.created", "invite.created", "invite.redeemed", "role.client_attached"} <= set(
        actions
    )


async def test_staff_cannot_redeem_and_links_are_per_owner(setup):
    people, companies = setup
    invite = await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    with pytest.raises(InviteRefused):
        await companies.redeem(await people.get(OTHER_AM), invite.code)
    with pytest.raises(NotAllowed):  # another AM's company
        await companies.new_invite(await people.get(OTHER_AM), invite.company.id)
    with pytest.raises(NotAllowed):
        await companies.invite_to_new_or_own(await people.get(OTHER_AM), "РОМАШКА")
    head_invite = await companies.new_invite(await people.get(HEAD), invite.company.id)
    assert head_invite.code != invite.code


async def test_company_names_are_checked(setup):
    people, companies = setup
    with pytest.raises(InvalidInput):
        await companies.invite_to_new_or_own(await people.get(AM), "   ")
    with pytest.raises(InvalidInput):
        await companies.invite_to_new_or_own(await people.get(AM), "Я" * 101)


async def test_removing_a_manager_leaves_companies_for_reassignment(setup, db: Database):
    people, companies = setup
    await companies.invite_to_new_or_own(await people.get(AM), "Ромашка")
    head = await people.get(HEAD)
    assert await people.remove_manager(head, AM) == 1
    assert (await people.get(AM)).role is None
    [company] = await companies.visible_to(head)
    assert company.manager_id is None
    moved = await companies.reassign(head, company.id, OTHER_AM)
    assert moved.manager_id == OTHER_AM and moved.manager_name == "Мария"
    with pytest.raises(NotAllowed):
        await companies.reassign(await people.get(OTHER_AM), company.id, OTHER_AM)
    entries = await AuditLog(db).entries("company.manager_changed")
    assert entries[0]["actor_id"] == HEAD


async def test_heads_follow_the_settings(setup, db: Database):
    people, _ = setup
    await people.sync_heads([AM])
    assert (await people.get(HEAD)).role is None
    assert (await people.get(AM)).role is Role.HEAD
    actions = [e["action"] for e in await AuditLog(db).entries()]
    assert "role.head_revoked" in actions and "role.head_granted" in actions
    with pytest.raises(NotAllowed):
        await people.add_manager(await people.get(OTHER_AM), CLIENT)
