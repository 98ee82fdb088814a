"""aiogram FSM storage on the bot's own database, so conversations survive restarts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey

from services.conversation.conversations import ConversationStore


class DatabaseStorage(BaseStorage):
    def __init__(self, store: ConversationStore) -> None:
        self.store = store
        self.keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self.store.set_state(self.keys.build(key), value)

    async def get_state(self, key: StorageKey) -> str | None:
        return await self.store.state(self.keys.build(key))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self.store.set_data(self.keys.build(key), dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return await self.store.data(self.keys.build(key))

    async def close(self) -> None:
        """The database belongs to the application, which closes it."""
