"""Downloader middlewares."""

from __future__ import annotations

import asyncio


class RetryBackoffMiddleware:
    """Wait before sending a retried request: base, 2 x base, 4 x base ... up to a cap.

    Scrapy's RetryMiddleware re-schedules a failed request at once; a struggling
    government server deserves a pause. The wait happens before the request takes
    a download slot, so other sites keep crawling.
    """

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.getfloat("RETRY_BACKOFF_BASE", 2.0), settings.getfloat("RETRY_BACKOFF_MAX", 60.0))

    async def process_request(self, request):
        retries = request.meta.get("retry_times", 0)
        if retries and self.base > 0:
            await asyncio.sleep(min(self.cap, self.base * 2 ** (retries - 1)))
        return None
