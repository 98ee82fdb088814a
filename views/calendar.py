"""A person's feed as iCalendar (RFC 5545, written by the `icalendar` library): one all-day
event a deadline, in the reader's language, with UIDs that stay the same while its row
lives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from services.accounts.people import Role
from services.platform.parsing import Money
from services.work.calendar import CalendarEvent, EventKind, Feed
from views.texts import Translate, say_plain


def event_summary(event: CalendarEvent, translate: Translate, language: str, role: Role) -> str:
    if event.kind is EventKind.INVOICE:
        amount = (
            Money(event.amount_minor, event.currency or "RUB").format(language)
            if event.amount_minor is not None
            else "—"
        )
        return say_plain(
            translate, "calendar-invoice", number=event.title, amount=amount, context=event.context
        )
    if event.kind is EventKind.SIGN_OFF:
        key = "calendar-sign-off" if role is Role.CLIENT else "calendar-sign-off-staff"
        return say_plain(
            translate, key, stage=event.title, version=event.version or 0, context=event.context
        )
    if event.kind is EventKind.TASK:
        return say_plain(
            translate,
            "calendar-task",
            stage=event.title,
            who=event.who or "none",
            context=event.context,
        )
    return say_plain(translate, "calendar-stage", stage=event.title, context=event.context)


def feed_ics(feed: Feed, translate: Translate, language: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//AM Assistant//Calendar feed//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname", say_plain(translate, "calendar-name", name=feed.person.display_name)
    )
    calendar.add("x-wr-timezone", feed.timezone)
    role = feed.person.role or Role.CLIENT
    stamp = now.astimezone(UTC)
    for item in feed.events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", event_summary(item, translate, language, role))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written


def feed_url(public_base_url: str, token: str) -> str:
    """Where a person's feed is read from (bot/calendar_feed.py serves it)."""
    return f"{public_base_url.rstrip('/')}/calendar/{token}.ics"
