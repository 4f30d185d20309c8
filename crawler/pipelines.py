"""Item pipeline: fetched pages go to the cleaning workers; outcomes go to the run's files.

Every article the spider fetched arrives here as exactly one item (a page, a
fetch failure, or a skip), and leaves as exactly one outcome: record,
duplicate, rejection or skipped. The run's stats count them, so they reconcile.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .cleaning import clean_page, init_worker
from .corpus import RunOutput, new_run_id

_pools: dict[tuple[int, str | None], ProcessPoolExecutor] = {}


def cleaning_pool(workers: int, config_dir: str | None) -> ProcessPoolExecutor:
    """One pool per process and config, shared by every site crawled in it."""
    key = (workers, config_dir)
    if key not in _pools:
        # spawn, not fork: forking a process that runs a reactor and threads is unsafe
        context = multiprocessing.get_context("spawn")
        _pools[key] = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(config_dir,))
    return _pools[key]


def shutdown_pools() -> None:
    for pool in _pools.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _pools.clear()


class CleanAndWritePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.root = settings.get("GOVNEWS_OUTPUT", "output")
        self.config_dir = settings.get("GOVNEWS_CONFIG_DIR")
        self.workers = settings.getint("GOVNEWS_WORKERS") or os.cpu_count() or 1
        self.run_id = settings.get("GOVNEWS_RUN_ID") or new_run_id()
        self.output: RunOutput | None = None
        self.seen_content: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.output = RunOutput(self.root, spider.site_name, self.run_id)
        self.pool = cleaning_pool(self.workers, self.config_dir)
        # bounded in-flight cleaning: page bodies wait in Scrapy, not in an unbounded queue
        self.slots = asyncio.Semaphore(self.workers * 2)

    async def process_item(self, item: dict) -> dict:
        stats = self.output.stats
        stats.articles += 1
        kind = item["kind"]
        if kind == "skipped":
            stats.skipped[item["reason"]] += 1
        elif kind == "failure":
            self._reject({"input": item["url"], "url": item["url"], "stage": "fetch", "reason": item["reason"],
                          "detail": item.get("detail", ""), "status": item.get("status")})
        else:
            stats.bytes += len(item["body"])
            async with self.slots:
                result = await asyncio.wrap_future(self.pool.submit(clean_page, {**item, "config_dir": self.config_dir}))
            if "rejection" in result:
                self._reject({**result["rejection"], "status": item.get("status")})
            else:
                self._record(result["record"])
        return {"url": item["url"], "kind": kind}

    def _reject(self, rejection: dict) -> None:
        self.output.rejects.write(rejection)
        self.output.stats.rejections[rejection["reason"]] += 1

    def _record(self, record: dict) -> None:
        first = self.seen_content.get(record["content_sha1"])
        if first is not None:
            self.output.dups.write({**record, "dup_of": first})
            self.output.stats.duplicates += 1
            return
        self.seen_content[record["content_sha1"]] = record["id"]
        self.output.records.write(record)
        self.output.stats.records += 1

    def close_spider(self) -> None:
        stats = self.output.stats
        stats.list_pages = self.crawler.stats.get_value("govnews/list_pages", 0)
        self.output.close()
        self.crawler.stats.set_value("govnews/run", stats.as_dict())
