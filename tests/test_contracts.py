"""What crosses from services to the bot is a notice class; these tests hold each class to
its view in bot/notices.py, and each view to the locales, for every variant a notice's
enum fields allow."""

from __future__ import annotations

import dataclasses
import enum
import itertools
import types
import typing
from datetime import date
from functools import partial
from typing import Any

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from bot.inbox import MOVES
from bot.notices import VIEWS, NoticeRenderer, Reader, field_args, text_key
from services.billing.agency import Agency
from services.delivery import notices
from services.delivery.notices import Notice, TelegramFile, TopicEvent, TopicOperation
from tests.locales import LOCALES, keys, variables

pytestmark = pytest.mark.no_database

ALL_NOTICES = sorted(
    (cls for cls in Notice.registry.values() if cls.__module__ == "services.delivery.notices"),
    key=lambda cls: cls.kind,
)
# Rendered from a view; the moves in a forum group (TopicOperation) are bot/inbox.py's.
SERVICE_NOTICES = [cls for cls in ALL_NOTICES if not issubclass(cls, TopicOperation)]
TOPIC_MOVES = [cls for cls in ALL_NOTICES if issubclass(cls, TopicOperation)]


def samples_of(kind: Any) -> list[Any]:
    """Values of a field's type: every member of an enum, one of anything else."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        return [value for part in typing.get_args(kind) for value in samples_of(part)]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return list(kind)
    if kind is bool:
        return [True, False]
    if kind is type(None):
        return [None]
    if typing.get_origin(kind) is tuple:
        return [(samples_of(typing.get_args(kind)[0])[0],)]
    if dataclasses.is_dataclass(kind) and kind is not TelegramFile:
        hints = typing.get_type_hints(kind)
        return [kind(*(samples_of(hints[f.name])[0] for f in dataclasses.fields(kind)))]
    return [
        {
            int: 7,
            str: "Текст <b>",
            date: date(2026, 12, 10),
            TelegramFile: TelegramFile("file-id", "photo"),
        }[kind]
    ]


def notices_of(cls: type[Notice]) -> list[Notice]:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    choices = [samples_of(hints[field.name]) for field in fields]
    return [
        cls(**dict(zip([f.name for f in fields], values, strict=True)))
        for values in itertools.product(*choices)
    ]


SAMPLES = [sample for cls in SERVICE_NOTICES for sample in notices_of(cls)]


def test_every_notice_kind_is_found():
    assert len(SERVICE_NOTICES) >= 50  # a scan that found nothing would prove nothing
    assert len(SAMPLES) > len(SERVICE_NOTICES)  # enum fields add their variants


@pytest.mark.parametrize("cls", SERVICE_NOTICES, ids=lambda cls: cls.__name__)
def test_every_notice_has_a_view(cls):
    assert cls in VIEWS, f"{cls.__name__} has no view in bot/notices.py"


def test_a_view_without_a_notice_is_noticed():
    assert set(VIEWS) == set(SERVICE_NOTICES)


def test_every_move_in_a_group_is_carried_out():
    assert len(TOPIC_MOVES) >= 6
    assert set(MOVES) == set(TOPIC_MOVES)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_lines_a_topic_may_show_exist(language):
    messages = keys(language)
    wanted = {f"inbox-line-{event.value}" for event in TopicEvent} | {"inbox-opened"}
    assert wanted - set(messages) == set()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_text_and_button_exists_in_both_languages(language):
    messages = keys(language)
    asked: list[str] = []

    def translate(key: str, /, **args: object) -> str:
        asked.append(key)
        return key

    missing = set()
    for notice in SAMPLES:
        if text_key(notice) not in messages:
            missing.add((type(notice).__name__, text_key(notice)))
        view = VIEWS[type(notice)]
        if view.keyboard is not None:
            view.keyboard(notice, translate)
    missing |= {("button", key) for key in asked if key not in messages}
    assert asked, "no keyboard asked for a text"
    assert missing == set()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_text_gets_the_arguments_it_reads(language):
    """A text reading `$what` from a notice that has no `what` shows a raw placeholder or
    fails to render; this finds it before a client does."""
    reads = variables(language)
    reader = Reader(language, lambda key, **args: key, "Europe/Moscow")
    missing = set()
    for cls in SERVICE_NOTICES:
        view = VIEWS[cls]
        given = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
        given |= set(view.load.value) if view.load else set()
        for notice in notices_of(cls):
            worked_out = set(view.args(notice, reader)) if view.args else set()
            key = text_key(notice)
            missing |= {(key, name) for name in reads.get(key, set()) - given - worked_out}
    assert missing == set()


@pytest.mark.parametrize("notice", SAMPLES, ids=lambda notice: type(notice).__name__)
def test_a_notice_reads_back_as_it_was_written(notice):
    assert notices.load(notice.kind, notices.dump(notice)) == notice


def test_fields_become_text_arguments():
    reader = Reader("en", partial(lambda key, **args: key), "Europe/Moscow")
    notice = notices.DeadlineMoved(1, 2, "Дизайн", None, date(2026, 12, 10), "причина", "t")
    args = field_args(notice, reader)
    assert args["old"] == "none" and args["stage"] == "Дизайн"
    assert "2026" in args["new"] and args["new"] != "2026-12-10"  # a day, as people write it


def test_an_unknown_kind_or_broken_fields_are_refused():
    with pytest.raises(notices.UnknownNotice):
        notices.load("no.such.kind", "{}")
    with pytest.raises(notices.UnknownNotice):
        notices.load(notices.InvoiceIssued.kind, '{"invoice_id": "not a number"}')


def say_in(core: FluentRuntimeCore, language: str, key: str, /, **args: object) -> str:
    return core.get(key, language, **args)


async def test_a_digest_writes_sums_in_the_readers_language():
    core = FluentRuntimeCore(path=str(LOCALES / "{locale}"), default_locale="ru")
    await core.startup()
    # A digest reads nothing when it is sent: the renderer needs no services for it.
    renderer = NoticeRenderer(None, None, None, None, Agency("", ""))  # type: ignore[arg-type]
    digest = notices.MorningDigest(
        20,
        date(2026, 12, 7),
        overdue_invoices=(
            notices.OverdueInvoice("2026-0001", "Ромашка", 250_000, "RUB"),
            notices.OverdueInvoice("2026-0002", "Лютик", 10_000, "RUB"),
        ),
    )
    said = {}
    for language in ("ru", "en"):
        reader = Reader(language, partial(say_in, core, language), "Europe/Moscow")
        said[language] = (await renderer.render(digest, reader)).text
    assert "2026-0001 · Ромашка · 2\xa0500,00\xa0₽" in said["ru"]
    assert "2\xa0600,00\xa0₽" in said["ru"]  # the total
    assert "2026-0001 · Ромашка · 2,500.00\xa0RUB" in said["en"]
    assert "2,600.00\xa0RUB" in said["en"]


async def test_a_late_digest_says_so_in_its_first_line_and_an_on_time_one_does_not():
    core = FluentRuntimeCore(path=str(LOCALES / "{locale}"), default_locale="ru")
    await core.startup()
    renderer = NoticeRenderer(None, None, None, None, Agency("", ""))  # type: ignore[arg-type]
    on_time = notices.MorningDigest(20, date(2026, 12, 7), due_today=("Ромашка · Запуск",))
    late = dataclasses.replace(on_time, late_from="09:00")
    for language, words in (("ru", "В 09:00 бот был недоступен"), ("en", "unavailable at 09:00")):
        reader = Reader(language, partial(say_in, core, language), "Europe/Moscow")
        late_text = (await renderer.render(late, reader)).text
        on_time_text = (await renderer.render(on_time, reader)).text
        assert words in late_text.splitlines()[0]
        assert words not in on_time_text and "Ромашка · Запуск" in on_time_text


async def test_invoice_reminders_grow_firmer_step_by_step_in_both_languages():
    """-3, 0, +1, +7, +14: friendly, neutral, overdue, firmer, formal — five texts."""
    from bot.notices import text_key

    core = FluentRuntimeCore(path=str(LOCALES / "{locale}"), default_locale="ru")
    await core.startup()
    steps = [
        notices.InvoiceReminder(7, notices.ReminderStep.BEFORE, -3),
        notices.InvoiceReminder(7, notices.ReminderStep.TODAY, 0),
        notices.InvoiceReminder(7, notices.ReminderStep.OVERDUE, 1),
        notices.InvoiceReminder(7, notices.ReminderStep.OVERDUE, 7),
        notices.InvoiceReminder(7, notices.ReminderStep.OVERDUE, 14),
    ]
    args = {"number": "2026-0007", "balance": "350 000 ₽", "due": "1 декабря", "offset": 0}
    marks = {
        "ru": ["Напоминаем", "Сегодня последний день", "ожидает оплаты", "Пожалуйста, оплатите",
               "По условиям договора"],
        "en": ["A reminder", "Today is the last day", "is waiting for payment", "Please pay it",
               "Under the contract"],
    }  # fmt: skip
    for language, expected in marks.items():
        texts = [
            say_in(core, language, text_key(step), **(args | {"offset": step.offset}))
            for step in steps
        ]
        assert len(set(texts)) == 5
        for text, mark in zip(texts, expected, strict=True):
            assert mark in text, (language, text)
        assert "14" in texts[4] and "7" in texts[3]  # how late, in the firmer two
