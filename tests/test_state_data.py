"""What a conversation remembers between two messages reads back as it was written, and
a missing or stale memory reads as NotFound, not as a KeyError."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

from handlers.state_data import FormStep, ProposalComment, StageDeadline, recall, remember
from services.platform.errors import NotFound
from views.callbacks import FormKind, ProposalDecision

pytestmark = pytest.mark.no_database


@pytest.fixture
def state() -> FSMContext:
    return FSMContext(MemoryStorage(), StorageKey(bot_id=1, chat_id=5, user_id=5))


async def test_dates_and_enums_come_back_as_themselves(state):
    await remember(state, StageDeadline, {"stage": 3, "date": date(2026, 12, 20)})
    assert await state.get_data() == {"stage": 3, "date": "2026-12-20"}  # storable as JSON
    assert await recall(state, StageDeadline) == {"stage": 3, "date": date(2026, 12, 20)}
    comment = {"id": 7, "version": 2, "action": ProposalDecision.RETURN}
    await remember(state, ProposalComment, comment)
    assert (await recall(state, ProposalComment))["action"] is ProposalDecision.RETURN


async def test_a_missing_or_stale_memory_is_not_found(state):
    with pytest.raises(NotFound):
        await recall(state, FormStep)
    await state.set_data({"form": "no-such-form", "id": 1})  # written by an older bot
    with pytest.raises(NotFound):
        await recall(state, FormStep)
    await remember(state, FormStep, {"form": FormKind.BRIEF, "id": 4})
    assert await recall(state, FormStep) == {"form": FormKind.BRIEF, "id": 4}
