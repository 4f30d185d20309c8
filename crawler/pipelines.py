"""Item pipeline: fetched pages go to the cleaning workers; outcomes go to the run (crawler/run.py).

Every article URL the spider handled arrives here as exactly one item (a page, a
fetch failure, or a skip) and leaves as exactly one outcome: record, duplicate,
rejection or skipped. The run's stats count them, so they reconcile.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .archive import WarcAppender
from .cleaning import clean_page, init_worker

_pools: dict[tuple[int, str | None], ProcessPoolExecutor] = {}


def cleaning_pool(workers: int, config_dir: str | None) -> ProcessPoolExecutor:
    """One pool per process and config, shared by every site crawled in it."""
    key = (workers, config_dir)
    if key not in _pools:
        # spawn, not fork: forking a process that runs a reactor and threads is unsafe
        context = multiprocessing.get_context("spawn")
        _pools[key] = ProcessPoolExecutor(
            workers, mp_context=context, initializer=init_worker, initargs=(config_dir, os.getpid())
        )
    return _pools[key]


def shutdown_pools() -> None:
    for pool in _pools.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _pools.clear()


class CleanAndWritePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.config_dir = settings.get("GOVNEWS_CONFIG_DIR")
        self.workers = settings.getint("GOVNEWS_WORKERS") or os.cpu_count() or 1
        self.archive = settings.getbool("GOVNEWS_ARCHIVE", True)
        self.warc: WarcAppender | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.pool = cleaning_pool(self.workers, self.config_dir)
        # bounded in-flight cleaning: page bodies wait in Scrapy, not in an unbounded queue
        self.slots = asyncio.Semaphore(self.workers * 2)

    async def process_item(self, item: dict) -> dict:
        run = self.crawler.spider.run
        run.output.stats.articles += 1
        kind = item["kind"]
        if kind == "skipped":
            run.skipped(item["url"], item["reason"])
        elif kind == "failure":
            run.output.stats.fetch_failures += 1
            run.rejection({"input": item["url"], "url": item["url"], "stage": "fetch", "reason": item["reason"],
                           "detail": item.get("detail", ""), "status": item.get("status")})
        else:
            run.output.stats.bytes += len(item["body"])
            async with self.slots:
                result = await asyncio.wrap_future(
                    self.pool.submit(clean_page, {**item, "config_dir": self.config_dir}, self.archive)
                )
            if "warc" in result:
                self._archive(run, result["warc"])
            if "rejection" in result:
                run.rejection({**result["rejection"], "status": item.get("status")})
            else:
                self._record(run, result["record"], item)
        return {"url": item["url"], "kind": kind}

    def _archive(self, run, data: bytes) -> None:
        if self.warc is None:
            self.warc = WarcAppender(run.output.warc_path, self.crawler.spider.site, run.run_id)
        self.warc.write(data)

    def _record(self, run, record: dict, item: dict) -> None:
        previous = item.get("previous")
        if previous and previous.get("content_sha1") == record["content_sha1"]:
            run.skipped(record["url"], "unchanged")  # re-fetched (--refresh), same content
            return
        if previous:
            record["supersedes"] = previous
        run.accept(record, etag=item.get("etag"), last_modified=item.get("last_modified"))

    def close_spider(self) -> None:
        if self.warc is not None:
            self.warc.close()
