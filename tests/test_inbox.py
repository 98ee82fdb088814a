"""The inbox keeps each update once, however often Telegram gives it."""

from __future__ import annotations

from services.db import Database
from services.delivery.inbox import InboxStatus, ReceivedUpdate, UpdateInbox


def received(update_id: int) -> ReceivedUpdate:
    return ReceivedUpdate(update_id, 42, {"update_id": update_id, "message": {"text": "hi"}})


async def test_an_update_given_again_is_not_handled_again(db: Database):
    inbox = UpdateInbox(db)
    assert [u.update_id for u in await inbox.save([received(1), received(2)])] == [1, 2]
    # a redelivery overlapping the first batch, with one update twice in it
    fresh = await inbox.save([received(2), received(3), received(3)])
    assert [u.update_id for u in fresh] == [3]
    assert [(u.update_id, u.status) for u in await inbox.open_updates()] == [
        (1, InboxStatus.NEW),
        (2, InboxStatus.NEW),
        (3, InboxStatus.NEW),
    ]
