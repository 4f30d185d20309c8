"""Scrapy settings for govnews crawls: polite by default.

Per-site politeness overrides come from the site file (`politeness:`) and are
applied by the spider's `update_settings`; `govnews crawl` sets the output root
and the number of cleaning workers.
"""

BOT_NAME = "govnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Identify ourselves; obey robots.txt; at most 2 requests at a time per site, spaced.
USER_AGENT = "govnews/0.1 (corpus crawler for public government news; +https://pypi.org/project/govnews/)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # +-50%: no fixed beat for a server to notice
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Government servers can be slow, but 180 s (Scrapy's default) ties up a slot for minutes.
DOWNLOAD_TIMEOUT = 30
# The cap applies to the decompressed body too (HttpCompressionMiddleware), so a gzip bomb stops here.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled each time (crawler.middlewares)
RETRY_BACKOFF_MAX = 60.0

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryBackoffMiddleware": 545,
}
ITEM_PIPELINES = {
    "crawler.pipelines.CleanAndWritePipeline": 300,
}
# Output and cleaning (set by `govnews crawl`; defaults for `scrapy crawl site -a site=NAME`).
GOVNEWS_OUTPUT = "output"
GOVNEWS_WORKERS = 0  # 0: one cleaning process per core
GOVNEWS_CONFIG_DIR = None

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
