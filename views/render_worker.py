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
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from views.drawing import draw
from views.sheets import Sheet

log = logging.getLogger(__name__)

# A first drawing includes starting the process and importing matplotlib.
FIRST_DRAWING_SECONDS = 15.0  # inside the outbox's 20 s for a whole send
DRAWING_SECONDS = 10.0


class RenderFailed(Exception):
    """The drawing could not be made: the person is told, nothing they entered is lost."""


class _WorkerDied(Exception):
    pass


def serve(conn: Connection) -> None:
    """The worker process: a sheet in, ("ok", bytes) or ("failed", why) out, until the
    bot closes its end of the pipe."""
    while True:
        try:
            sheet = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, bytes | str] = ("ok", draw(sheet))
        except Exception as error:  # the drawing's failure, told to the bot
            answer = ("failed", f"{type(error).__name__}: {error}")
        conn.send(answer)


class RenderWorker:
    """One worker process of our own, spawned on the first drawing: a sheet goes down a
    pipe, the file comes back. A drawing past its time, or a worker that died, is killed
    and replaced — we hold the process, so nothing waits on a pool's shutdown."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._warm = False
        self._one_at_a_time = asyncio.Lock()
        # for /metrics: drawn, failed, timed_out, worker_died, worker_started
        self.stats: Counter[str] = Counter()

    async def render(self, sheet: Sheet) -> bytes:
        async with self._one_at_a_time:
            if self._process is not None and not self._process.is_alive():
                log.error("the render worker died between drawings; it is restarted")
                self.stats["worker_died"] += 1
            conn = self._conn if self._conn is not None and self._running() else self._start()
            limit = DRAWING_SECONDS if self._warm else FIRST_DRAWING_SECONDS
            try:
                status, content = await asyncio.wait_for(
                    asyncio.to_thread(_exchange, conn, sheet), limit
                )
            except TimeoutError as error:
                log.error("drawing a %s took over %.0f s; the worker is restarted",
                          type(sheet).__name__, limit)  # fmt: skip
                self.stats["timed_out"] += 1
                self._stop()
                raise RenderFailed("timed out") from error
            except _WorkerDied as error:
                log.error("the render worker died drawing a %s; it is restarted",
                          type(sheet).__name__)  # fmt: skip
                self.stats["worker_died"] += 1
                self._stop()
                raise RenderFailed("worker died") from error
            if status != "ok":
                log.error("drawing a %s failed: %s", type(sheet).__name__, content)
                self.stats["failed"] += 1
                raise RenderFailed(str(content))
            assert isinstance(content, bytes)
            self._warm = True
            self.stats["drawn"] += 1
            return content

    @property
    def process(self) -> BaseProcess | None:
        """The worker process while it runs (tests kill it to see the bot recover)."""
        return self._process

    def _running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _start(self) -> Connection:
        self._stop()
        # spawn, not fork: a fork of a process running an event loop and threads may
        # inherit a lock held by one of them.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs,), name="render-worker", daemon=True)
        process.start()
        theirs.close()  # the worker's end lives in the worker: EOF reaches us if it dies
        self._process, self._conn, self._warm = process, ours, False
        self.stats["worker_started"] += 1
        return ours

    def _stop(self) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn = None, None
        if process is not None and process.is_alive():
            process.kill()  # a hung drawing would never read the pipe's end
        if conn is not None:
            conn.close()
        if process is not None:
            process.join(timeout=5)

    def close(self) -> None:
        self._stop()


def _exchange(conn: Connection, sheet: Sheet) -> tuple[str, bytes | str]:
    """One drawing, on a thread of its own: the pipe's reads and writes block."""
    try:
        conn.send(sheet)
        answer: tuple[str, bytes | str] = conn.recv()
    except (EOFError, OSError, BrokenPipeError) as error:
        raise _WorkerDied() from error
    return answer
