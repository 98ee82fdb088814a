"""Filters run on the event loop.

aiogram runs every synchronous callback in a worker thread (`asyncio.to_thread`), filters
included, and `F.text`, `F.data.startswith(...)` are synchronous. An update checked against
the filters of handlers before its own paid a thread hop each time: executor, thread
wake-up, event-loop wake-up. Profiled under 1,000 /status at once, those hops and wake-ups
were a large part of the main thread's time. A filter is a few attribute reads: it runs
inline, as an async callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject


def _inline(callback: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(callback)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return callback(*args, **kwargs)

    return run


def _filters(root: Router) -> Iterator[FilterObject]:
    for router in root.chain_tail:
        for observer in router.observers.values():
            yield from observer._handler.filters or ()  # the router's own filters
            for handler in observer.handlers:
                yield from handler.filters or ()


def run_filters_inline(root: Router) -> int:
    """Make every synchronous filter under `root` an inline coroutine; return how many."""
    changed = 0
    for item in _filters(root):
        if not item.awaitable:
            item.callback = _inline(item.callback)
            item.awaitable = True
            changed += 1
    return changed
