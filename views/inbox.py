"""What staff see of the inbox: a topic's pinned card, the lines a copy is marked with,
the one-line answers about a group's rights."""

from __future__ import annotations

import html

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from services.conversation.inbox import Card, Missing, StaffGroup, StoredMessage
from services.platform.clock import from_db
from services.platform.parsing import Money
from views.callbacks import (
    ChatCompanyAction,
    ChatCompanyCb,
    InboxCardCb,
    InboxScopeCb,
    InboxWhoCb,
    InvoiceFilterCb,
    ProjectAction,
    ProjectCb,
)
from views.forms import shorten
from views.texts import MESSAGE_LIMIT, Translate, format_day, say

TEXT_LIMIT = MESSAGE_LIMIT


def author_line(message: StoredMessage, translate: Translate) -> str:
    """The first line of a copy in a topic: who wrote (and about what)."""
    key = "inbox-from-client" if message.direction == "in" else "inbox-from-private-reply"
    topic, _, ref = (message.topic or "").partition(":")
    return say(translate, key, name=message.author_name, topic=topic or "none", ref=ref)


def body_html(message: StoredMessage) -> str:
    """The message's text with its formatting, safe as HTML."""
    if message.html:
        return message.html
    return html.escape(message.text or "", quote=False)


def topic_copy_text(message: StoredMessage, translate: Translate, limit: int = TEXT_LIMIT) -> str:
    return fitted(author_line(message, translate), message, limit)


def client_copy_text(message: StoredMessage, translate: Translate, limit: int = TEXT_LIMIT) -> str:
    """What the client reads of a staff message from the topic."""
    head = say(translate, "chat-manager-reply", manager=message.author_name, text="none")
    return fitted(head, message, limit)


def fitted(head: str, message: StoredMessage, limit: int) -> str:
    """The head line and the message with its formatting; past Telegram's limit (a caption
    holds 1,024 characters), the plain text shortened — a cut through HTML would be
    refused whole."""
    body = body_html(message)
    full = f"{head}\n{body}" if body else head
    if len(full) <= limit:
        return full
    room = limit - len(head) - 1
    plain, cut = message.text or "", room
    escaped = html.escape(shorten(plain, cut), quote=False)
    while len(escaped) > room:  # escaping lengthens it: cut by as much again
        cut -= len(escaped) - room
        escaped = html.escape(shorten(plain, cut), quote=False)
    return f"{head}\n{escaped}"


def who_button(message: StoredMessage) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=f"👤 {message.author_name}"[:64],
                    callback_data=InboxWhoCb(client=message.client_id).pack(),
                )
            ]
        ]
    )


def card_text(card: Card, translate: Translate, language: str) -> str:
    lines = [say(translate, "inbox-card-title", company=card.company)]
    lines.append(say(translate, "inbox-card-manager", manager=card.manager or "none"))
    contacts = ", ".join(
        f"{name}" + (f" (@{username})" if username else "") for name, username in card.contacts
    )
    lines.append(say(translate, "inbox-card-contacts", contacts=contacts or "none"))
    if card.projects:
        lines.append(translate("inbox-card-projects"))
        for _, title, deadline in card.projects:
            day = format_day(from_db(deadline).date(), language) if deadline else "none"
            lines.append(say(translate, "inbox-card-project", project=title, deadline=day))
    else:
        lines.append(translate("inbox-card-no-projects"))
    if card.unpaid:
        lines.append(translate("inbox-card-unpaid"))
        for number, balance, currency in card.unpaid:
            amount = Money(balance, currency or "RUB").format(language)
            lines.append(say(translate, "inbox-card-invoice", number=number or "—", balance=amount))
    if card.recent:
        lines.append(translate("inbox-card-recent"))
        for direction, author, text in card.recent:
            lines.append(
                say(
                    translate,
                    f"inbox-card-recent-{direction}",
                    author=author,
                    text=shorten(text, 200),
                )
            )
    return "\n".join(lines)


def card_keyboard(card: Card, translate: Translate) -> InlineKeyboardMarkup:
    buttons = [
        [
            InlineKeyboardButton(
                text=f"📁 {title}"[:64],
                callback_data=ProjectCb(id=project_id, action=ProjectAction.OPEN).pack(),
            )
        ]
        for project_id, title, _ in card.projects[:5]
    ]
    buttons.append(
        [
            InlineKeyboardButton(
                text=translate("btn-inbox-invoices"),
                callback_data=InvoiceFilterCb(company=card.company_id).pack(),
            ),
            InlineKeyboardButton(
                text=translate("btn-inbox-history"),
                callback_data=ChatCompanyCb(
                    company=card.company_id, action=ChatCompanyAction.HISTORY
                ).pack(),
            ),
            InlineKeyboardButton(
                text="🔄", callback_data=InboxCardCb(company=card.company_id).pack()
            ),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=buttons)


def missing_text(missing: list[Missing], translate: Translate) -> str:
    """One line: what the group or the bot's rights there lack."""
    what = ", ".join(translate(f"inbox-missing-{item.value}") for item in missing)
    return say(translate, "inbox-missing", what=what)


def scope_text(group: StaffGroup, managers: list[tuple[int, str]], translate: Translate) -> str:
    if group.for_all and not group.managers:
        return say(translate, "inbox-scope-all", title=group.title)
    names = [name for manager_id, name in managers if manager_id in group.managers]
    return say(
        translate,
        "inbox-scope-managers",
        title=group.title,
        all="yes" if group.for_all else "no",
        managers=", ".join(names) or "none",
    )


def scope_keyboard(
    group: StaffGroup, managers: list[tuple[int, str]], translate: Translate
) -> InlineKeyboardMarkup:
    buttons = [
        [
            InlineKeyboardButton(
                text=("✅ " if group.for_all else "") + translate("btn-inbox-for-all"),
                callback_data=InboxScopeCb(chat=group.chat_id).pack(),
            )
        ]
    ]
    for manager_id, name in managers:
        mark = "✅ " if manager_id in group.managers else ""
        buttons.append(
            [
                InlineKeyboardButton(
                    text=f"{mark}{name}"[:64],
                    callback_data=InboxScopeCb(chat=group.chat_id, manager=manager_id).pack(),
                )
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=buttons)


def add_to_group(link: str, translate: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=translate("btn-inbox-add"), url=link)]]
    )
