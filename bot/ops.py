"""What an operator's tools ask the bot: is it alive, is it working, and its numbers.

An aiohttp server on HTTP_LISTEN (host:port) answers

- `/healthz`: the process is alive (200);
- `/readyz`: the database answers, Telegram answered a call within READY_API_MINUTES,
  and the outbox's pump ran within the last minute (200, else 503 naming what failed);
- `/metrics`: Prometheus' text format, from `prometheus-client`.

Counts that grow with the agency are not counted per scrape: queued rows are counted
through the outbox's partial index of pending rows, unreachable people through one of
their own; everything else is a counter kept as things happen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.webhook import MAX_BODY_BYTES, WebhookReceiver


class Operated(Protocol):
    """What the operator's endpoints ask of the running bot, and nothing more."""

    metrics: Metrics

    async def database_answers(self) -> None: ...

    def seconds_since_api_answer(self) -> float | None: ...

    def api_answer_limit_seconds(self) -> float: ...

    def seconds_since_pump(self) -> float | None: ...

    async def operator_counts(self) -> tuple[dict[str, int], int]: ...


log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

DB_TIMEOUT_SECONDS = 2.0
PUMP_STALLED_SECONDS = 60.0
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.updates = Counter(
            "am_updates",
            "Updates from Telegram by type and how their handling ended",
            ["type", "result"],
            registry=self.registry,
        )
        self.handling = Histogram(
            "am_update_handling_seconds",
            "Time from the start of an update's handling to its end",
            buckets=HANDLING_BUCKETS,
            registry=self.registry,
        )
        self.planner_tick = Histogram(
            "am_planner_tick_seconds",
            "One planner's tick: reading what is due and queueing it",
            ["planner"],
            registry=self.registry,
        )
        self.outbox_rows = Gauge(
            "am_outbox_rows",
            "Outbox rows waiting to be sent (pending), given up (failed), not sent (dropped)",
            ["status"],
            registry=self.registry,
        )
        self.unreachable = Gauge(
            "am_people_unreachable",
            "People who blocked the bot: nothing is sent to them",
            registry=self.registry,
        )

    def update_done(self, kind: str, result: str, seconds: float) -> None:
        self.updates.labels(kind, result).inc()
        self.handling.observe(seconds)

    def watch(self, source: str, stats: dict[str, int], help_text: str) -> None:
        """Expose a component's counters (`stats`, kept by it as things happen)."""
        self.registry.register(_StatsCollector(source, stats, help_text))


class _StatsCollector(Collector):
    def __init__(self, source: str, stats: dict[str, int], help_text: str) -> None:
        self.source, self.stats, self.help_text = source, stats, help_text

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(f"am_{self.source}", self.help_text, labels=["event"])
        for event, count in sorted(self.stats.items()):
            family.add_metric([event], count)
        yield family


class OpsServer:
    def __init__(self, bot: Operated, listen: str) -> None:
        self.bot = bot
        host, _, port = listen.rpartition(":")
        self.host, self.port = host or "0.0.0.0", int(port)
        self.web = web.Application(client_max_size=MAX_BODY_BYTES)
        self.web.router.add_get("/healthz", self.healthz)
        self.web.router.add_get("/readyz", self.readyz)
        self.web.router.add_get("/metrics", self.metrics)
        self._runner: web.AppRunner | None = None

    def receive_webhook(self, path: str, receiver: WebhookReceiver) -> None:
        self.web.router.add_post(path, receiver.handle)

    def serve(self, path: str, handler: Handler) -> None:
        """One more GET route (the calendar feeds)."""
        self.web.router.add_get(path, handler)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        if self._runner.addresses:  # the port, when 0 asked for any free one
            self.port = self._runner.addresses[0][1]
        log.info("listening on http://%s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(self, request: web.Request) -> web.Response:
        checks = await self.checks()
        failing = [name for name, state in checks.items() if not state["ok"]]
        return web.json_response(
            {"ready": not failing, "checks": checks}, status=503 if failing else 200
        )

    async def checks(self) -> dict[str, dict[str, Any]]:
        bot = self.bot
        found: dict[str, dict[str, Any]] = {}
        try:
            await asyncio.wait_for(bot.database_answers(), DB_TIMEOUT_SECONDS)
            found["database"] = {"ok": True}
        except Exception as error:
            found["database"] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        since = bot.seconds_since_api_answer()
        limit = bot.api_answer_limit_seconds()
        found["telegram"] = {
            "ok": since is not None and since <= limit,
            "seconds_since_last_answer": None if since is None else round(since, 1),
        }
        pumped = bot.seconds_since_pump()
        found["outbox"] = {
            "ok": pumped is not None and pumped <= PUMP_STALLED_SECONDS,
            "seconds_since_pump": None if pumped is None else round(pumped, 1),
        }
        return found

    async def metrics(self, request: web.Request) -> web.Response:
        try:
            rows, unreachable = await asyncio.wait_for(
                self.bot.operator_counts(), DB_TIMEOUT_SECONDS
            )
        except Exception as error:
            log.warning("metrics: cannot count from the database: %s", error)
        else:
            for status, count in rows.items():
                self.bot.metrics.outbox_rows.labels(status).set(count)
            self.bot.metrics.unreachable.set(unreachable)
        body = generate_latest(self.bot.metrics.registry)
        return web.Response(body=body, headers={"Content-Type": "text/plain; version=0.0.4"})
