"""Running crawls from code: several sites in one process, one Scrapy crawler each.

`govnews crawl` and `govnews demo` come through here. Each site gets its own
settings (its politeness overrides and user agent over the project defaults)
and its own run files; all of them share one pool of cleaning workers.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")

from scrapy.crawler import Crawler, CrawlerProcess  # noqa: E402
from scrapy.settings import Settings  # noqa: E402
from scrapy.utils.project import get_project_settings  # noqa: E402

from .corpus import new_run_id  # noqa: E402
from .pipelines import shutdown_pools  # noqa: E402
from .spiders.site import SiteSpider  # noqa: E402

_POLITENESS_SETTINGS = {
    "download_delay": "DOWNLOAD_DELAY",
    "concurrent_requests_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "autothrottle": "AUTOTHROTTLE_ENABLED",
    "download_timeout": "DOWNLOAD_TIMEOUT",
}


def site_settings(base: Settings, site: dict[str, Any]) -> Settings:
    settings = base.copy()
    for key, name in _POLITENESS_SETTINGS.items():
        if key in site.get("politeness", {}):
            settings.set(name, site["politeness"][key], priority="spider")
    if site.get("user_agent"):
        settings.set("USER_AGENT", site["user_agent"], priority="spider")
    return settings


def crawl_sites(
    sites: list[dict[str, Any]],
    output: str,
    workers: int = 0,
    config_dir: str | None = None,
    overrides: dict[str, Any] | None = None,
    log_level: str = "WARNING",
    mode: str = "incremental",
) -> list[dict[str, Any]]:
    """Crawl resolved site configs concurrently; each site's run stats, in order."""
    base = get_project_settings()
    base.setdict(
        {"GOVNEWS_OUTPUT": output, "GOVNEWS_WORKERS": workers, "GOVNEWS_CONFIG_DIR": config_dir,
         "GOVNEWS_RUN_ID": new_run_id(), "GOVNEWS_MODE": mode, "LOG_LEVEL": log_level, **(overrides or {})},
        priority="cmdline",
    )
    process = CrawlerProcess(base)
    crawlers = []
    for i, site in enumerate(sites):
        # the first crawler installs the (asyncio) reactor the others then share
        crawler = Crawler(SiteSpider, site_settings(base, site), init_reactor=i == 0)
        process.crawl(crawler, site_config=site, config_dir=config_dir)
        crawlers.append((site, crawler))
    try:
        process.start()
    finally:
        shutdown_pools()
    results = []
    for site, crawler in crawlers:
        stats = crawler.stats
        run = stats.get_value("govnews/run") if stats else None
        failure = (stats.get_value("govnews/failed") or stats.get_value("finish_reason")) if stats else "not started"
        results.append(run or {"site": site["name"], "failed": failure})
    return results
