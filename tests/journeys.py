"""Steps many end-to-end tests start from (a manager appointed, a client invited), and a
driver that acts as one person and waits for the bot's next step."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from services.conversation.chat import Chat
from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot
from tests.fakes.telegram import FakeTelegram, button_data


async def make_manager(running: RunningBot) -> None:
    tg = running.telegram
    tg.send_text(HEAD, "/start")
    await tg.wait_message(HEAD["id"], "руководитель")
    tg.send_text(MANAGER, "/start")
    tg.send_text(HEAD, "/managers")
    listing = await tg.wait_message(HEAD["id"], "менеджеров пока нет")
    tg.press(HEAD, listing, button_data(listing, "Добавить"))
    await tg.wait_message(HEAD["id"], "Telegram id")
    tg.send_text(HEAD, str(MANAGER["id"]))
    await tg.wait_message(HEAD["id"], "теперь аккаунт-менеджер")


async def invite_client(running: RunningBot) -> None:
    tg = running.telegram
    await make_manager(running)
    tg.send_text(MANAGER, "/invite Ромашка")
    invite = await tg.wait_message(MANAGER["id"], "Ссылка-приглашение")
    code = invite["text"].split("start=")[1].split()[0]
    tg.send_text(CLIENT, f"/start {code}")
    await tg.wait_message(MANAGER["id"], "подключился новый контакт")


async def new_project(tg: FakeTelegram, company: str, title: str, stages: str) -> None:
    tg.send_text(MANAGER, "/newproject")
    choose = await tg.wait_message(
        MANAGER["id"], "Для какой компании проект?", since=len(tg.sent_to(MANAGER["id"]))
    )
    tg.press(MANAGER, choose, button_data(choose, company))
    await tg.wait_message(MANAGER["id"], "Название проекта")
    tg.send_text(MANAGER, title)
    await tg.wait_message(MANAGER["id"], "Этапы — по одному в строке")
    tg.send_text(MANAGER, stages)
    await tg.wait_message(MANAGER["id"], f"Проект «{title}» создан")


async def open_stage(tg: FakeTelegram, project: str, stage: str) -> dict:
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/projects")
    listing = await tg.wait_message(MANAGER["id"], "Проекты (просроченные сверху", since=seen)
    tg.press(MANAGER, listing, button_data(listing, project))
    card = await tg.wait_message(MANAGER["id"], "Менеджер: Олег", since=seen)
    tg.press(MANAGER, card, button_data(card, stage))
    return await tg.wait_message(MANAGER["id"], f"Этап «{stage}»", since=seen)


STEP_MARKERS = ("Вопрос ", "Проверьте ")


class BriefDriver:
    """Acts as the client and waits for the bot's next step after each action."""

    def __init__(self, tg: FakeTelegram, user: dict[str, Any]) -> None:
        self.tg = tg
        self.user = user

    @property
    def chat(self) -> int:
        return self.user["id"]

    def last_step(self) -> dict[str, Any]:
        for message in reversed(self.tg.sent_to(self.chat)):
            if any(marker in (message.get("text") or "") for marker in STEP_MARKERS):
                return message
        raise AssertionError("no question on screen")

    async def _after(self, action, expect: str = "") -> dict[str, Any]:
        seen = len(self.tg.sent_to(self.chat))
        action()
        markers = (expect,) if expect else STEP_MARKERS

        def found():
            for message in self.tg.sent_to(self.chat)[seen:]:
                if any(m in (message.get("text") or "") for m in markers):
                    return message
            return None

        return await self.tg.wait_for(found, 10, f"{markers} after an action")

    async def text(self, value: str, expect: str = "") -> dict[str, Any]:
        return await self._after(lambda: self.tg.send_text(self.user, value), expect)

    async def _reply_then_step(self, action, reply: str) -> dict[str, Any]:
        """Wait for a reply and for the question the bot shows after it, so the next
        action is not mistaken for an answer to a step still on its way."""
        seen = len(self.tg.sent_to(self.chat))
        action()

        def replied_and_asked():
            replies = self.tg.sent_to(self.chat)[seen:]
            for index, message in enumerate(replies):
                if reply in (message.get("text") or ""):
                    later = replies[index + 1 :]
                    if any(m in (step.get("text") or "") for step in later for m in STEP_MARKERS):
                        return message
            return None

        return await self.tg.wait_for(replied_and_asked, 10, f"{reply!r} and the next step")

    async def refused(self, value: str, error: str) -> dict[str, Any]:
        return await self._reply_then_step(lambda: self.tg.send_text(self.user, value), error)

    async def press(self, label: str, expect: str = "") -> dict[str, Any]:
        step = self.last_step()
        data = button_data(step, label)
        return await self._after(lambda: self.tg.press(self.user, step, data), expect)

    async def tick(self, *labels: str) -> dict[str, Any]:
        """Tick options of a multiple choice (edited in place), then press Done."""
        for label in labels:
            step = self.last_step()
            self.tg.press(self.user, step, button_data(step, label))
            await self.tg.wait_for(
                lambda label=label: f"✓ {label}" in str(self.last_step().get("reply_markup")),
                10,
                f"tick {label}",
            )
        return await self.press("Готово")

    async def file(self, file_id: str, name: str) -> None:
        await self._reply_then_step(
            lambda: self.tg.send_document(self.user, file_id, name), f"Файл «{name}» сохранён"
        )


def question_header(message: dict[str, Any]) -> str:
    return message["text"].split("\n")[0]


async def issue_invoice(
    tg: FakeTelegram, company: str, amount: str, purpose: str, due: str
) -> None:
    """The AM issues an invoice without a file of their own (the bot makes the PDF), for a
    company without projects (with one, the AM is asked which project it is for)."""
    am = BriefDriver(tg, MANAGER)
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/invoice")
    choose = await tg.wait_message(MANAGER["id"], "Для какой компании счёт?", since=seen)
    await am._after(lambda: tg.press(MANAGER, choose, button_data(choose, company)))
    await am.text(f"{purpose} — {amount}")  # one line: the service at the amount
    await am.text(purpose)
    await am.press("Как в настройках агентства")
    await am.text(due)
    await am.press("Пропустить")
    await am.press("Выставить счёт", expect="выставлен")


def slow_client_messages(monkeypatch: pytest.MonkeyPatch, seconds: float = 0.3) -> None:
    """Each client message takes `seconds` to handle: a stop finds a handler at work and
    the rest of the chat queued. Set `Chat.client_message` back to `REAL_CLIENT_MESSAGE`
    to have them fast again."""

    async def slow(self: Chat, *args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(seconds)
        return await REAL_CLIENT_MESSAGE(self, *args, **kwargs)

    monkeypatch.setattr(Chat, "client_message", slow)


REAL_CLIENT_MESSAGE = Chat.client_message
