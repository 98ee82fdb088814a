"""Domain refusals; handlers turn them into a message in the reader's language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no. `key` names the locale text, `args` fill it. `ends_step`: what a
    typed step was about is gone (closed, handed on, no longer theirs), so the step ends
    rather than refusing every later message too."""

    key = "error-generic"
    ends_step = False

    def __init__(self, key: str | None = None, **args: Any) -> None:
        super().__init__(key or self.key)
        if key is not None:
            self.key = key
        self.args_for_text = args


class NotAllowed(DomainError):
    key = "error-not-allowed"
    ends_step = True


class NotFound(DomainError):
    key = "error-not-found"
    ends_step = True


class InvalidInput(DomainError):
    key = "error-invalid-input"
