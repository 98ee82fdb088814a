"""Locale files: every key in both languages, Russian plurals right, user text escaped."""

from __future__ import annotations

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from services.platform.errors import InvalidInput
from services.platform.parsing import Money
from tests.locales import LOCALES, keys
from views.texts import refusal_text, say, split_message

pytestmark = pytest.mark.no_database


@pytest.fixture(scope="module")
def core() -> FluentRuntimeCore:
    core = FluentRuntimeCore(path=str(LOCALES / "{locale}"), default_locale="ru")
    core.locales = core.find_locales()
    return core


def test_both_languages_have_the_same_keys():
    assert keys("ru") == keys("en")


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 контакт"),
        (2, "2 контакта"),
        (5, "5 контактов"),
        (11, "11 контактов"),
        (21, "21 контакт"),
        (22, "22 контакта"),
    ],
)
def test_russian_plural_forms(core: FluentRuntimeCore, count: int, expected: str):
    text = core.get(
        "company-card", "ru", company="X", manager="Y", clients=count, requisites="none",
        contract="none",
    )  # fmt: skip
    assert f"{expected} в боте" in text


def test_user_text_is_escaped(core: FluentRuntimeCore):
    text = say(
        lambda key, **a: core.get(key, "ru", **a),
        "reassign-done",
        company="<b>Acme</b> & Co",
        manager="<script>",
    )
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in text and "<script>" not in text


@pytest.mark.parametrize(
    ("language", "amount"), [("ru", "2\xa0500,00\xa0₽"), ("en", "2,500.00\xa0RUB")]
)
def test_an_amount_in_a_refusal_is_written_in_the_readers_language(
    core: FluentRuntimeCore, language: str, amount: str
):
    problem = InvalidInput("invoice-payment-too-big", balance=Money(250_000, "RUB"))
    text = refusal_text(lambda key, **a: core.get(key, language, **a), language, problem)
    assert f"({amount})" in text


def test_long_texts_are_split_under_the_limit():
    text = ("строка\n" * 2000) + "x" * 5000
    parts = list(split_message(text))
    assert all(len(part) <= 4096 for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_client_message_longer_than_fluents_placeable_limit_is_relayed_whole(core):
    """Fluent refuses placeables over 2,500 characters; a 4,000-character client message
    (the limit the bot accepts) still reaches the AM whole and escaped."""
    text = "<b>" + "Длинное сообщение. " * 210
    rendered = say(
        lambda key, **args: core.get(key, "ru", **args),
        "chat-client-message",
        client="Анна",
        company="Ромашка",
        text=text,
        count=3,
        topic="none",
        ref="",
    )
    assert rendered.startswith("💬 <b>Анна</b> (Ромашка) · 3 новых сообщения:")
    assert rendered.endswith("\n&lt;b&gt;" + "Длинное сообщение. " * 210)
