"""Pictures and PDFs are drawn in a separate process, so no handler and no send waits
behind a drawing, and the bot's own process never loads the drawing libraries.

The process starts on the first drawing (about a second, once); a bot nobody asks for a
picture never starts it. One process is enough: a drawing takes a tenth of a second, and
a second process would double the memory for a queue that is empty almost always.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from views.drawing import draw
from views.sheets import Sheet

log = logging.getLogger(__name__)

# A first drawing includes starting the process and importing matplotlib.
FIRST_DRAWING_SECONDS = 15.0  # inside the outbox's 20 s for a whole send
DRAWING_SECONDS = 10.0


class RenderFailed(Exception):
    """The drawing could not be made: the person is told, nothing they entered is lost."""


class RenderWorker:
    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._warm = False
        # for /metrics: drawn, failed, timed_out, worker_died, worker_started
        self.stats: Counter[str] = Counter()

    async def render(self, sheet: Sheet) -> bytes:
        pool = self._pool or self._start()
        limit = DRAWING_SECONDS if self._warm else FIRST_DRAWING_SECONDS
        try:
            future = asyncio.get_running_loop().run_in_executor(pool, draw, sheet)
            content = await asyncio.wait_for(future, limit)
        except TimeoutError as error:
            log.error("drawing a %s took over %.0f s; the worker is restarted",
                      type(sheet).__name__, limit)  # fmt: skip
            self.stats["timed_out"] += 1
            self._restart()
            raise RenderFailed("timed out") from error
        except BrokenProcessPool as error:
            log.error("the render worker died drawing a %s; it is restarted", type(sheet).__name__)
            self.stats["worker_died"] += 1
            self._restart()
            raise RenderFailed("worker died") from error
        except Exception as error:
            log.exception("drawing a %s failed", type(sheet).__name__)
            self.stats["failed"] += 1
            raise RenderFailed(str(error)) from error
        self._warm = True
        self.stats["drawn"] += 1
        return content

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: a fork of a process running an event loop and threads may
        # inherit a lock held by one of them.
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._warm = False
        self.stats["worker_started"] += 1
        return self._pool

    def _restart(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()  # a hung drawing would otherwise hold the pool's shutdown
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
