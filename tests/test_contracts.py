"""Until notifications are typed (issue 12), a service names a button's action and text
key as strings that must match what views and locales know. These tests hold the two
sides together, so a misspelt action fails here instead of at a client's button."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.locales import keys
from views.callbacks import _OUTBOX_ACTIONS, callback_for

ROOT = Path(__file__).resolve().parent.parent


def buttons_in_services() -> list[tuple[str, str | None, str]]:
    """(text key, action, where) of every Button(...) written with literal strings."""
    found = []
    for path in sorted((ROOT / "services").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Button"):
                continue
            args = [a.value if isinstance(a, ast.Constant) else ... for a in node.args[:2]]
            keywords = {
                k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)
            }
            text_key = args[0] if args else keywords.get("text_key", ...)
            action = args[1] if len(args) > 1 else keywords.get("action")
            found.append((text_key, action, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


BUTTONS = buttons_in_services()


def test_the_scan_finds_the_buttons():
    assert len(BUTTONS) >= 20  # an AST scan that found nothing would prove nothing


@pytest.mark.parametrize(("text_key", "action", "where"), BUTTONS, ids=lambda v: str(v))
def test_every_button_action_has_callback_data(text_key, action, where):
    if action is None or action is ...:
        return  # a URL button, or an action computed at run time
    assert action in _OUTBOX_ACTIONS, f"{where}: unknown action {action!r}"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_button_text_exists_in_both_languages(language):
    messages = keys(language)
    missing = [(key, where) for key, _, where in BUTTONS if key is not ... and key not in messages]
    assert missing == []


def test_an_unknown_action_is_refused():
    with pytest.raises(KeyError):
        callback_for("no_such_action", {})
