"""The calendar feeds over HTTP: GET /calendar/<secret>.ics on the bot's listener (behind
the same reverse proxy as the webhook). An unknown or revoked secret gets a bare 404,
which says nothing about whether it ever existed."""

from __future__ import annotations

from aiogram_i18n.cores import FluentRuntimeCore
from aiohttp import web

from services.platform.clock import Clock
from services.work.calendar import Calendars
from views.calendar import feed_ics

PATH = "/calendar/{token}.ics"


class CalendarFeeds:
    def __init__(
        self, calendars: Calendars, core: FluentRuntimeCore, default_language: str, clock: Clock
    ) -> None:
        self.calendars = calendars
        self.core = core
        self.default_language = default_language
        self.clock = clock

    async def handle(self, request: web.Request) -> web.Response:
        feed = await self.calendars.feed(request.match_info["token"])
        if feed is None:
            return web.Response(status=404, text="not found\n")
        language = feed.person.language or self.default_language

        def translate(key: str, /, **args: object) -> str:
            return self.core.get(key, language, **args)

        body = feed_ics(feed, translate, language, self.clock.now())
        return web.Response(
            body=body,
            content_type="text/calendar",
            charset="utf-8",
            # calendar apps poll; a proxy must not keep one person's feed for another
            headers={"Cache-Control": "private, max-age=300"},
        )
