"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and benchmarks.

It answers the methods the bot calls (forum groups and their topics included: `make_forum`,
the bot's rights there, closed and deleted topics, an upgraded group, a group's twenty
messages a minute when `group_limit_per_minute` is set), records every request, lets a test act
as a user (messages, commands, button presses, shared contacts), and can answer
chosen calls with 429 (retry_after) or 403, or enforce Telegram's rate limits.

FAKE_TELEGRAM_LATENCY_MS=80 makes every call but getUpdates take a random 0–80 ms,
as a distant server does: a way to shake out tests that rely on the bot being quick.
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import json
import os
import random
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 7000001
BOT_USERNAME = "am_assistant_test_bot"
TEXT_FIELDS = {"text", "caption", "description", "short_description", "name", "title"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class Fault:
    """Answer the next `times` calls of `method` (to `chat_id`, or any chat) with `status`
    (429, 403, 400, 5xx; 200 = the normal answer) after `delay` seconds: a hang, a slow
    server, flood control, a block, a bad request or an outage."""

    method: str
    status: int
    chat_id: int | None = None
    retry_after: int = 1
    times: int = 1
    delay: float = 0.0


# What counts against a group's ~20 messages a minute: sends, copies, topic creations and
# title edits alike.
GROUP_COUNTED = {
    "sendmessage", "senddocument", "sendphoto", "sendvoice", "sendaudio", "sendvideo",
    "sendmediagroup", "copymessage", "copymessages", "createforumtopic", "editforumtopic",
}  # fmt: skip


class Limit(enum.Enum):
    """Which of Telegram's limits a send refused with 429 broke."""

    OVERALL = "30 a second in all"
    CHAT = "1 a second to one chat"
    GROUP = "20 a minute to one group"


@dataclass
class Topic:
    thread_id: int
    name: str
    closed: bool = False
    deleted: bool = False


@dataclass
class Forum:
    """A forum supergroup: its topics, the bot's rights there, and where it went if it was
    upgraded to a new id."""

    chat_id: int
    title: str
    topics: dict[int, Topic] = field(default_factory=dict)
    bot_status: str = "administrator"
    bot_rights: dict[str, bool] = field(
        default_factory=lambda: {
            "can_manage_topics": True,
            "can_delete_messages": True,
            "can_pin_messages": True,
        }
    )
    migrated_to: int | None = None
    pinned: list[int] = field(default_factory=list)
    counted: deque[float] = field(default_factory=deque)  # moments of the last minute's sends

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "supergroup", "title": self.title, "is_forum": True}


def user(user_id: int, first_name: str, *, language: str = "ru", username: str | None = None):
    data: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": language,
    }
    if username:
        data["username"] = username
    return data


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.unknown_methods: list[str] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.reply_keyboards: dict[tuple[int, int], dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.blocked: set[int] = set()
        self.rate_limit: tuple[float, float] | None = None  # (per second overall, per chat)
        self.rate_limited = 0
        self.rate_limited_calls: list[tuple[str, int | None, Limit]] = []  # each 429
        self._sent_window: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self.offsets: list[int] = []  # every getUpdates offset: what the bot confirmed
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._user_message_ids = itertools.count(100_000)
        self._new_update = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.webhook: dict[str, Any] | None = None  # setWebhook's parameters, while set
        self.files: dict[str, bytes] = {}  # uploaded photos and documents by their file id
        self.forgotten_files: set[str] = set()  # ids answered "wrong file identifier"
        self.latency_ms = int(os.environ.get("FAKE_TELEGRAM_LATENCY_MS", "0"))
        self.forums: dict[int, Forum] = {}
        # Telegram's limit on one group, when enforced (benchmarks): a 429 past it.
        self.group_limit_per_minute: int | None = None
        # The length of that "minute": a benchmark may run Telegram's clock faster.
        self.group_window_seconds = 60.0
        self.reactions: list[dict[str, Any]] = []
        # What users sent, by (chat, message id): what copyMessage copies from.
        self.user_messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._thread_ids = itertools.count(2)

    # server -------------------------------------------------------------

    async def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 at `port` (0: any free one); the base URL for the bot."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params)
        fault = self._take_fault(call)
        if fault is not None:
            self.calls.append(call)
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status != 200:
                return self._fault_response(fault)
            return await self._answer(method, params)
        if method.lower() == "getupdates":
            return self._ok(await self._get_updates(params))
        if self.latency_ms:
            await asyncio.sleep(random.uniform(0, self.latency_ms / 1000))
        self.calls.append(call)
        refused = self._forum_refusal(method.lower(), params)
        if refused is not None:
            return refused
        return await self._answer(method, params)

    async def _answer(self, method: str, params: dict[str, Any]) -> web.Response:
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            # Telegram's own answer to a method it does not have. A test that makes the
            # bot call something new fails here until the fake learns it.
            self.unknown_methods.append(method)
            return self._error(404, f"Not Found: the fake Bot API has no method {method}")
        return await handler(params)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = {"filename": value.filename, "content": value.file.read()}
            elif key in TEXT_FIELDS:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except (TypeError, ValueError):
                    params[key] = value
        for key, value in list(params.items()):  # aiogram uploads as attach://<field>
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.pop(value.removeprefix("attach://"), value)
        return params

    def _take_fault(self, call: Call) -> Fault | None:
        if call.method.lower() in GROUP_COUNTED - {"createforumtopic", "editforumtopic"}:
            chat = call.chat_id
            if chat in self.blocked:
                return Fault(call.method, 403, chat)
            broken = self._over_rate(chat) if self.rate_limit is not None else None
            if broken is not None:
                self.rate_limited += 1
                self.rate_limited_calls.append((call.method, chat, broken))
                return Fault(call.method, 429, chat, retry_after=1)
        for fault in self.faults:
            if fault.method.lower() != call.method.lower() or fault.times <= 0:
                continue
            if fault.chat_id is not None and fault.chat_id != call.chat_id:
                continue
            fault.times -= 1
            return fault
        return None

    # forum groups -----------------------------------------------------------

    def make_forum(self, chat_id: int, title: str, **rights: bool) -> Forum:
        """A forum supergroup the bot is in; `rights` override its admin rights there."""
        forum = Forum(chat_id, title)
        forum.bot_rights.update(rights)
        self.forums[chat_id] = forum
        return forum

    def _forum_refusal(self, method: str, params: dict[str, Any]) -> web.Response | None:
        """What Telegram answers a call into a forum group it will not take: an upgraded
        group, a deleted or unknown topic, a closed one, the group's minute used up."""
        chat = params.get("chat_id")
        forum = self.forums.get(int(chat)) if chat is not None else None
        if forum is None:
            return None
        if forum.migrated_to is not None:
            return self._error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": forum.migrated_to},
            )
        thread = params.get("message_thread_id")
        if thread is not None and method != "createforumtopic":
            topic = forum.topics.get(int(thread))
            if topic is None or topic.deleted:
                return self._error(400, "Bad Request: message thread not found")
            if topic.closed and method in GROUP_COUNTED - {"editforumtopic"}:
                return self._error(400, "Bad Request: TOPIC_CLOSED")
        if self.group_limit_per_minute is not None and method in GROUP_COUNTED:
            now = time.monotonic()
            window = self.group_window_seconds
            while forum.counted and forum.counted[0] <= now - window:
                forum.counted.popleft()
            if len(forum.counted) >= self.group_limit_per_minute:
                self.rate_limited += 1
                self.rate_limited_calls.append((method, forum.chat_id, Limit.GROUP))
                wait = max(1, int(forum.counted[0] + window - now) + 1)
                return self._error(
                    429, f"Too Many Requests: retry after {wait}", {"retry_after": wait}
                )
            forum.counted.append(now)
        return None

    def _topic(self, params: dict[str, Any]) -> Topic:
        forum = self.forums[int(params["chat_id"])]
        return forum.topics[int(params["message_thread_id"])]

    async def _m_getchat(self, params: dict[str, Any]) -> web.Response:
        forum = self.forums.get(int(params["chat_id"]))
        if forum is None:
            return self._error(400, "Bad Request: chat not found")
        gifts = {"unlimited_gifts": True, "limited_gifts": True, "unique_gifts": True,
                 "premium_subscription": True, "gifts_from_channels": True}  # fmt: skip
        return self._ok({**forum.chat, "accent_color_id": 0, "max_reaction_count": 11,
                         "accepted_gift_types": gifts})  # fmt: skip

    async def _m_getchatmember(self, params: dict[str, Any]) -> web.Response:
        forum = self.forums.get(int(params["chat_id"]))
        if forum is None:
            return self._error(400, "Bad Request: chat not found")
        if int(params["user_id"]) != BOT_ID:
            return self._ok({"status": "member", "user": {"id": int(params["user_id"]),
                             "is_bot": False, "first_name": "member"}})  # fmt: skip
        return self._ok(self._bot_member(forum))

    @staticmethod
    def _bot_member(forum: Forum) -> dict[str, Any]:
        """The bot as a member of the group, as Telegram describes it now."""
        member: dict[str, Any] = {
            "status": forum.bot_status,
            "user": {"id": BOT_ID, "is_bot": True, "first_name": "AM Assistant"},
        }
        if forum.bot_status == "administrator":
            member |= {
                "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                "can_change_info": False, "can_invite_users": True, "can_restrict_members": False,
                "can_promote_members": False, "can_manage_video_chats": False,
                "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
                "can_send_welcome_messages": False,
                **forum.bot_rights,
            }  # fmt: skip
        return member

    async def _m_createforumtopic(self, params: dict[str, Any]) -> web.Response:
        forum = self.forums.get(int(params["chat_id"]))
        if forum is None:
            return self._error(400, "Bad Request: chat not found")
        if not forum.bot_rights.get("can_manage_topics"):
            return self._error(400, "Bad Request: not enough rights to create a topic")
        topic = Topic(next(self._thread_ids), params["name"])
        forum.topics[topic.thread_id] = topic
        return self._ok({"message_thread_id": topic.thread_id, "name": topic.name,
                         "icon_color": 7322096})  # fmt: skip

    async def _m_editforumtopic(self, params: dict[str, Any]) -> web.Response:
        topic = self._topic(params)
        if params.get("name"):
            topic.name = params["name"]
        return self._ok(True)

    async def _m_closeforumtopic(self, params: dict[str, Any]) -> web.Response:
        self._topic(params).closed = True
        return self._ok(True)

    async def _m_reopenforumtopic(self, params: dict[str, Any]) -> web.Response:
        self._topic(params).closed = False
        return self._ok(True)

    async def _m_deleteforumtopic(self, params: dict[str, Any]) -> web.Response:
        self._topic(params).deleted = True
        return self._ok(True)

    async def _m_pinchatmessage(self, params: dict[str, Any]) -> web.Response:
        self.forums[int(params["chat_id"])].pinned.append(int(params["message_id"]))
        return self._ok(True)

    async def _m_copymessage(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["from_chat_id"]), int(params["message_id"]))
        original = self.messages.get(key) or self.user_messages.get(key)
        if original is None:
            return self._error(400, "Bad Request: message to copy not found")
        own = ("message_id", "date", "chat", "from", "message_thread_id", "is_topic_message",
               "reply_to_message", "media_group_id", "entities", "caption_entities",
               "reply_markup")  # fmt: skip
        content = {k: v for k, v in original.items() if k not in own}
        if "caption" in params:
            content["caption"] = params["caption"]
        copied = self._store_message(
            int(params["chat_id"]),
            **content,
            message_thread_id=params.get("message_thread_id"),
            reply_markup=params.get("reply_markup"),
            copied_from=list(key),
        )
        return self._ok({"message_id": copied["message_id"]})

    async def _m_sendmediagroup(self, params: dict[str, Any]) -> web.Response:
        group_id = str(time.monotonic_ns())
        sent = []
        for item in params["media"]:
            kind = item["type"]
            body: dict[str, Any] = {"file_id": str(item["media"]), "file_unique_id": kind[0]}
            content = {
                kind: [body | {"width": 1, "height": 1}] if kind == "photo" else body,
                "caption": item.get("caption"),
                "media_group_id": group_id,
                "message_thread_id": params.get("message_thread_id"),
            }
            sent.append(self._store_message(int(params["chat_id"]), **content))
        return self._ok(sent)

    async def _m_editmessagecaption(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        if message.get("caption") == params.get("caption"):
            return self._error(400, "Bad Request: message is not modified")
        message["caption"] = params.get("caption")
        return self._ok(message)

    def album(self, sender: dict[str, Any], file_ids: list[str], caption: str = "") -> None:
        """A client sends photos as one album: one update for each, sharing a group id."""
        group_id = f"album-{time.monotonic_ns()}"
        for index, file_id in enumerate(file_ids):
            extra = {"caption": caption} if caption and index == 0 else {}
            photo = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1,
                      "height": 1}]  # fmt: skip
            self._from_user(sender, photo=photo, media_group_id=group_id, **extra)

    def send_kind(self, sender: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Anything a person sends: a sticker, a location, a contact, a video note…"""
        return self._from_user(sender, **content)

    def edit(self, message: dict[str, Any], text: str) -> None:
        """The author edits a message they sent: Telegram tells the bot."""
        field = "caption" if "caption" in message or "photo" in message else "text"
        edited = {**message, field: text, "edit_date": int(time.time())}
        self.user_messages[(message["chat"]["id"], message["message_id"])] = edited
        self._push(edited_message=edited)

    def react(self, sender: dict[str, Any], chat: dict[str, Any], message_id: int, emoji: str):
        """A person puts a reaction on a message in a chat."""
        self._push(
            message_reaction={
                "chat": chat,
                "message_id": message_id,
                "user": sender,
                "date": int(time.time()),
                "old_reaction": [],
                "new_reaction": [{"type": "emoji", "emoji": emoji}],
            }
        )

    def join_group(self, user_: dict[str, Any], chat_id: int) -> None:
        """Someone joins a forum group (a chat_member update, seen by an admin bot)."""
        self._push(
            chat_member={
                "chat": self.forums[chat_id].chat,
                "from": user_,
                "date": int(time.time()),
                "old_chat_member": {"status": "left", "user": user_},
                "new_chat_member": {"status": "member", "user": user_},
            }
        )

    def close_topic_by(self, sender: dict[str, Any], chat_id: int, thread_id: int) -> None:
        """Staff close a topic in Telegram: closed, and a service message says so."""
        self.forums[chat_id].topics[thread_id].closed = True
        self._from_user(
            sender,
            chat=self.forums[chat_id].chat,
            message_thread_id=thread_id,
            is_topic_message=True,
            forum_topic_closed={},
        )

    def bot_rights_changed(self, sender: dict[str, Any], chat_id: int, **rights: bool) -> None:
        """A group's admin changes the bot's rights (or removes it: status="left")."""
        forum = self.forums[chat_id]
        old = self._bot_member(forum)
        forum.bot_status = str(rights.pop("status", "administrator"))
        forum.bot_rights.update(rights)
        new = self._bot_member(forum)
        self._push(
            my_chat_member={
                "chat": forum.chat,
                "from": sender,
                "date": int(time.time()),
                "old_chat_member": old,
                "new_chat_member": new,
            }
        )

    async def _m_setmessagereaction(self, params: dict[str, Any]) -> web.Response:
        self.reactions.append(params)
        return self._ok(True)

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """Someone in the group deletes a topic: later sends into it are refused."""
        self.forums[chat_id].topics[thread_id].deleted = True

    def write_in_topic(
        self,
        sender: dict[str, Any],
        chat_id: int,
        thread_id: int | None,
        text: str | None = None,
        *,
        reply_to: dict[str, Any] | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """A member writes in the forum group, in a topic (None: the general one); as
        Telegram does, a message in a topic that quotes nothing replies to its start."""
        extra: dict[str, Any] = dict(content)
        if thread_id is not None:
            extra |= {"message_thread_id": thread_id, "is_topic_message": True}
            start = {"message_id": thread_id, "date": 0, "chat": self.forums[chat_id].chat,
                     "forum_topic_created": {"name": "t", "icon_color": 0}}  # fmt: skip
            extra["reply_to_message"] = reply_to or start
        elif reply_to is not None:
            extra["reply_to_message"] = reply_to
        if text is not None:
            extra["text"] = text
            if text.startswith("/"):
                extra["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
                ]
        return self._from_user(sender, chat=self.forums[chat_id].chat, **extra)

    def in_topic(self, chat_id: int, thread_id: int) -> list[dict[str, Any]]:
        """What the bot posted in a topic, in order."""
        return [m for (chat, _), m in self.messages.items()
                if chat == chat_id and m.get("message_thread_id") == thread_id]  # fmt: skip

    def _over_rate(self, chat: int | None) -> Limit | None:
        """Which of Telegram's limits this send breaks, if any."""
        assert self.rate_limit is not None
        overall, per_chat = self.rate_limit
        now = time.monotonic()
        while self._sent_window and self._sent_window[0] <= now - 1:
            self._sent_window.popleft()
        if len(self._sent_window) >= overall:
            return Limit.OVERALL
        if chat is not None and now - self._chat_last.get(chat, -10) < 1 / per_chat:
            return Limit.CHAT
        self._sent_window.append(now)
        if chat is not None:
            self._chat_last[chat] = now
        return None

    def _fault_response(self, fault: Fault) -> web.Response:
        if fault.status == 429:
            return self._error(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                {"retry_after": fault.retry_after},
            )
        if fault.status == 403:
            return self._error(403, "Forbidden: bot was blocked by the user")
        if fault.status == 400:
            return self._error(400, "Bad Request: chat not found")
        return self._error(fault.status, "Internal Server Error")

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(code: int, description: str, parameters: dict | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.offsets.append(offset)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                async with asyncio.timeout(min(float(params.get("timeout") or 0), 1.0)):
                    await self._new_update.wait()
            except TimeoutError:
                return []
        return list(self._updates)

    # Bot API methods ------------------------------------------------------

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_setmycommands(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_deletewebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook = None
        return self._ok(True)

    async def _m_setwebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook = params
        return self._ok(True)

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> web.Response:
        url = (self.webhook or {}).get("url", "")
        return self._ok({"url": url, "has_custom_certificate": False, "pending_update_count": 0})

    async def _m_leavechat(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_getme(self, params: dict[str, Any]) -> web.Response:
        return self._ok(
            {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "AM Assistant",
                "username": BOT_USERNAME,
                "can_join_groups": False,
            }
        )

    def _store_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        message_id = next(self._message_ids[chat_id])
        markup = content.get("reply_markup")
        if markup is not None and "inline_keyboard" not in markup:
            # Telegram echoes only inline keyboards; reply keyboards are kept aside.
            self.reply_keyboards[(chat_id, message_id)] = content.pop("reply_markup")
        forum = self.forums.get(chat_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": forum.chat
            if forum
            else {"id": chat_id, "type": "private", "first_name": "user"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "AM Assistant"},
            **{k: v for k, v in content.items() if v is not None},
        }
        self.messages[(chat_id, message_id)] = message
        return message

    async def _m_sendmessage(self, params: dict[str, Any]) -> web.Response:
        message = self._store_message(
            int(params["chat_id"]),
            text=params["text"],
            reply_markup=params.get("reply_markup"),
            message_thread_id=params.get("message_thread_id"),
        )
        return self._ok(message)

    def _file_id(self, sent: Any, kind: str) -> str | web.Response:
        """An upload gets a new id and its bytes are kept; an id sent again must be one
        Telegram still knows."""
        if isinstance(sent, dict):
            file_id = f"{kind}-{time.monotonic_ns()}"
            self.files[file_id] = sent["content"]
            return file_id
        if str(sent) in self.forgotten_files:
            return self._error(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return str(sent)

    async def _m_senddocument(self, params: dict[str, Any]) -> web.Response:
        document = params.get("document")
        name = document.get("filename") if isinstance(document, dict) else "file"
        file_id = self._file_id(document, "doc")
        if isinstance(file_id, web.Response):
            return file_id
        message = self._store_message(
            int(params["chat_id"]),
            caption=params.get("caption"),
            document={"file_id": file_id, "file_unique_id": "u", "file_name": name},
            reply_markup=params.get("reply_markup"),
            message_thread_id=params.get("message_thread_id"),
        )
        return self._ok(message)

    async def _m_sendphoto(self, params: dict[str, Any]) -> web.Response:
        file_id = self._file_id(params.get("photo"), "photo")
        if isinstance(file_id, web.Response):
            return file_id
        message = self._store_message(
            int(params["chat_id"]),
            caption=params.get("caption"),
            photo=[{"file_id": file_id, "file_unique_id": "p", "width": 1, "height": 1}],
            reply_markup=params.get("reply_markup"),
            message_thread_id=params.get("message_thread_id"),
        )
        return self._ok(message)

    async def _media(self, params: dict[str, Any], kind: str, extra: dict[str, Any]):
        message = self._store_message(
            int(params["chat_id"]),
            caption=params.get("caption"),
            reply_markup=params.get("reply_markup"),
            message_thread_id=params.get("message_thread_id"),
            **{kind: {"file_id": str(params.get(kind)), "file_unique_id": kind[0], **extra}},
        )
        return self._ok(message)

    async def _m_sendvoice(self, params: dict[str, Any]) -> web.Response:
        return await self._media(params, "voice", {"duration": 1})

    async def _m_sendaudio(self, params: dict[str, Any]) -> web.Response:
        return await self._media(params, "audio", {"duration": 1})

    async def _m_sendvideo(self, params: dict[str, Any]) -> web.Response:
        return await self._media(params, "video", {"duration": 1, "width": 1, "height": 1})

    async def _m_editmessagetext(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        message["text"] = params["text"]
        message["reply_markup"] = params.get("reply_markup")
        return self._ok(message)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        message["reply_markup"] = params.get("reply_markup")
        return self._ok(message)

    # acting as users --------------------------------------------------------

    def take_queued(self) -> list[dict[str, Any]]:
        """The updates waiting for getUpdates, taken away: a webhook test posts them."""
        queued, self._updates = self._updates, []
        return queued

    def _push(self, **update: Any) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._new_update.set()
        return update_id

    def _from_user(
        self, sender: dict[str, Any], *, chat: dict[str, Any] | None = None, **content: Any
    ) -> dict[str, Any]:
        message = {
            "message_id": next(self._user_message_ids),
            "date": int(time.time()),
            "chat": chat or self._private(sender),
            "from": sender,
            **content,
        }
        self.user_messages[(message["chat"]["id"], message["message_id"])] = message
        self._push(message=message)
        return message

    @staticmethod
    def _private(sender: dict[str, Any]) -> dict[str, Any]:
        return {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}

    def add_bot_to_group(self, sender: dict[str, Any], group: dict[str, Any]) -> None:
        self._member_status(sender, "left", "member", chat=group)

    def block_bot(self, sender: dict[str, Any]) -> None:
        """The user blocks the bot: Telegram says so, and later sends get 403."""
        self.blocked.add(sender["id"])
        self._member_status(sender, "member", "kicked")

    def unblock_bot(self, sender: dict[str, Any]) -> None:
        self.blocked.discard(sender["id"])
        self._member_status(sender, "kicked", "member")

    def _member_status(
        self, sender: dict[str, Any], old: str, new: str, chat: dict[str, Any] | None = None
    ) -> None:
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "AM", "username": BOT_USERNAME}

        def member(status: str) -> dict[str, Any]:
            return {
                "status": status,
                "user": bot,
                **({"until_date": 0} if status == "kicked" else {}),
            }

        self._push(
            my_chat_member={
                "chat": chat or self._private(sender),
                "from": sender,
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        )

    def send_text(
        self,
        sender: dict[str, Any],
        text: str,
        *,
        reply_to: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
    ) -> None:
        """A message from `sender`, in their private chat unless `chat` (a group) is given."""
        extra: dict[str, Any] = {"reply_to_message": reply_to} if reply_to else {}
        if text.startswith("/"):
            command = {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            extra["entities"] = [command]
        return self._from_user(sender, chat=chat, text=text, **extra)

    def send_sticker(self, sender: dict[str, Any]) -> None:
        sticker = {
            "file_id": "sticker",
            "file_unique_id": "s",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        self._from_user(sender, sticker=sticker)

    def send_document(
        self, sender: dict[str, Any], file_id: str, name: str, caption: str | None = None
    ) -> None:
        document = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": name}
        extra = {"caption": caption} if caption else {}
        return self._from_user(sender, document=document, **extra)

    def send_voice(self, sender: dict[str, Any]) -> None:
        self._from_user(sender, voice={"file_id": "voice", "file_unique_id": "v", "duration": 3})

    def share_user(self, sender: dict[str, Any], request_id: int, user_id: int) -> None:
        shared = {"request_id": request_id, "users": [{"user_id": user_id}]}
        self._from_user(sender, users_shared=shared)

    def press(self, sender: dict[str, Any], message: dict[str, Any], callback_data: str) -> None:
        self._push(
            callback_query={
                "id": str(next(self._update_ids) * 7),
                "from": sender,
                "chat_instance": str(sender["id"]),
                "message": message,
                "data": callback_data,
            }
        )

    # reading what the bot did ------------------------------------------------

    @property
    def unconfirmed(self) -> list[int]:
        """Update ids Telegram still holds: given out but not yet confirmed by an offset."""
        confirmed = max(self.offsets, default=0)
        return [u["update_id"] for u in self._updates if u["update_id"] >= confirmed]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages in a chat as they stand now (edits applied), oldest first."""
        return [m for (chat, _), m in sorted(self.messages.items()) if chat == chat_id]

    def uploaded(self, chat_id: int) -> list[dict[str, Any]]:
        """Files the bot uploaded to a chat: {"filename", "content"} each."""
        return [
            c.params["document"]
            for c in self.calls_of("sendDocument")
            if c.chat_id == chat_id and isinstance(c.params.get("document"), dict)
        ]

    def uploaded_photos(self, chat_id: int) -> list[bytes]:
        """Pictures the bot uploaded to a chat (not those sent again by their id)."""
        return [
            c.params["photo"]["content"]
            for c in self.calls_of("sendPhoto")
            if c.chat_id == chat_id and isinstance(c.params.get("photo"), dict)
        ]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    async def wait_for(
        self, predicate: Callable[[], Any], within: float = 10.0, what: str = "condition"
    ) -> Any:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            await asyncio.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}")

    async def wait_message(
        self, chat_id: int, contains: str, within: float = 10.0, *, since: int = 0
    ) -> dict[str, Any]:
        """The newest message containing the text; `since` skips the first messages."""

        def find() -> dict[str, Any] | None:
            for message in reversed(self.sent_to(chat_id)[since:]):
                if contains in (message.get("text") or message.get("caption") or ""):
                    return message
            return None

        try:
            return await self.wait_for(find, within, f"{contains!r} in chat {chat_id}")
        except AssertionError:
            texts = [m.get("text") for m in self.sent_to(chat_id)]
            raise AssertionError(f"no message with {contains!r} in {chat_id}: {texts}") from None


def button_data(message: dict[str, Any], text_part: str) -> str:
    """The callback data of the inline button whose caption contains text_part."""
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if text_part in button["text"]:
                return button["callback_data"]
    raise AssertionError(f"no button with {text_part!r} in {markup}")


def button_url_or_text(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
