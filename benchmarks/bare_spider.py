"""Bare Scrapy baseline for bench_crawl.py: a plain spider with trafilatura inline in its item pipeline.

    python benchmarks/bare_spider.py START_URL ARTICLE_RE OUT.jsonl [--concurrency N]

Follows list pages from START_URL (plain links and the TRS pager script
`createPageHTML(total, current, "index", "html")`), fetches every link matching
ARTICLE_RE, and in the item pipeline, inline in the reactor thread, calls
`trafilatura.extract(html, favor_precision=True, include_tables=True)` on the
decoded page and writes {"url", "text"} as one JSON line. No project settings
(run it from anywhere: the settings are given here, politeness off, the same
ones bench_crawl.py gives govnews).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

import scrapy
import trafilatura
from scrapy.crawler import CrawlerProcess

_PAGER_RE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_url: str, article_re: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.article_re = re.compile(article_re)
        self.list_re = re.compile(r"/index(_\d+)?\.s?html?$")

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if self.article_re.search(url):
                yield scrapy.Request(url, callback=self.parse_article, priority=10)
            elif self.list_re.search(url):
                yield scrapy.Request(url, callback=self.parse)
        match = _PAGER_RE.search(response.text)
        if match:
            total, _current, stem, ext = int(match[1]), int(match[2]), match[3], match[4]
            for i in range(1, total):
                yield scrapy.Request(response.urljoin(f"{stem}_{i}.{ext}"), callback=self.parse)

    def parse_article(self, response):
        yield {"url": response.url, "html": response.text}


class TrafilaturaPipeline:
    """Extraction inline in the reactor thread: the simple way, and what govnews must beat."""

    def __init__(self, out_path: str) -> None:
        self.out_path = out_path

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("BARE_OUTPUT"))

    def open_spider(self, spider=None) -> None:
        self.out = open(self.out_path, "w", encoding="utf-8")
        self.opened = time.perf_counter()
        self.extract_seconds = 0.0
        self.items = 0

    def close_spider(self, spider=None) -> None:
        self.out.close()
        # beside the output: how much of the crawl the reactor spent blocked in extraction
        stats = {"items": self.items, "extract_seconds": round(self.extract_seconds, 3),
                 "seconds": round(time.perf_counter() - self.opened, 3)}
        with open(self.out_path + ".stats.json", "w", encoding="utf-8") as f:
            json.dump(stats, f)

    def process_item(self, item, spider=None):
        start = time.perf_counter()
        text = trafilatura.extract(item["html"], favor_precision=True, include_tables=True)
        self.extract_seconds += time.perf_counter() - start
        self.items += 1
        self.out.write(json.dumps({"url": item["url"], "text": text or ""}, ensure_ascii=False) + "\n")
        return {"url": item["url"]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("start_url")
    parser.add_argument("article_re")
    parser.add_argument("output")
    parser.add_argument("--concurrency", type=int, default=8, help="requests per domain (default 8)")
    args = parser.parse_args(argv)
    process = CrawlerProcess({
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",  # as govnews
        "USER_AGENT": "bench-bare/0.1",
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_TIMEOUT": 30,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "ITEM_PIPELINES": {TrafilaturaPipeline: 300},
        "BARE_OUTPUT": args.output,
    })
    process.crawl(BareSpider, start_url=args.start_url, article_re=args.article_re)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
