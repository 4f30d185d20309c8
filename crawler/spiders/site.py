"""The one generic spider: `scrapy crawl site -a site=NAME` (or `-a site_file=PATH`).

It reads the site file, follows list pages (plain links, the TRS pager script,
Hanweb datastore scripts, sitemaps and RSS), and hands every article URL on as exactly one item: the
fetched page, a fetch failure, or a skip (robots.txt, an off-site redirect).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError

from cleaners.config import load_rules
from cleaners.urls import canonical_url
from crawler.corpus import new_run_id
from crawler.pagination import datastore_links, trs_pages
from crawler.run import SiteRun
from crawler.siteconfig import load_site, resolve_site
from crawler.state import SiteLocked

_REDIRECTS = [301, 302, 303, 307, 308]
_HANDLED = [*_REDIRECTS, 304]
_HTML_TYPES = (b"text/html", b"application/xhtml", b"text/plain")
_LOC_RE = re.compile(r"<(?:loc|link)>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)", re.I)


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _headers(headers) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, site: str | None = None, site_file: str | None = None, site_config: dict | None = None,
                 config_dir: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if site_config is not None:
            self.site = resolve_site(site_config, f"site {site_config.get('name')!r}", config_dir)
        elif site or site_file:
            self.site = load_site(site_file or site, config_dir)
        else:
            raise ValueError("give -a site=NAME or -a site_file=PATH")
        cfg = self.site
        self.site_name = cfg["name"]
        self.allowed_domains = cfg["allowed_domains"]
        self.article_re = re.compile(cfg["article_url_pattern"])
        self.deny_res = [re.compile(p) for p in cfg.get("article_url_deny", [])]
        self.list_re = re.compile(cfg["list_url_pattern"]) if cfg.get("list_url_pattern") else None
        limits = cfg.get("limits", {})
        self.max_articles = limits.get("max_articles", 10_000)
        self.max_list_pages = limits.get("max_list_pages", 200)
        self.max_depth = limits.get("max_depth", 3)
        self.rules = load_rules(config_dir)
        lexicons = self.rules.lexicons
        self.tracking = frozenset(p.lower() for p in lexicons.get("tracking_query_params", []))
        self.index_pages = tuple(p.lower() for p in lexicons.get("directory_index_pages", []))
        # hosts are checked here, not by LinkExtractor(allow_domains=...), which compares
        # the host:port netloc and so never matches a site served on a non-default port
        self.links = LinkExtractor()
        self.articles_requested = 0
        self.list_pages_requested = 0
        self.article_urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.run = SiteRun(settings.get("GOVNEWS_OUTPUT", "output"), spider.site_name,
                             settings.get("GOVNEWS_RUN_ID") or new_run_id(), spider.rules,
                             settings.get("GOVNEWS_MODE", "incremental"))
        return spider

    def closed(self, reason: str) -> None:
        if self.run.output is None:
            return  # never opened: the site was locked by another run
        self.run.output.stats.list_pages = self.crawler.stats.get_value("govnews/list_pages", 0)
        self.run.close()
        self.crawler.stats.set_value("govnews/run", self.run.output.stats.as_dict())

    # --- requests -------------------------------------------------------------

    async def start(self):
        try:
            recovered = self.run.open()
        except SiteLocked as exc:
            self.logger.error("%s", exc)
            self.crawler.stats.set_value("govnews/failed", str(exc))
            return
        for run_id in recovered:
            self.logger.warning("recovered interrupted run %s of %s", run_id, self.site_name)
        for url in self.site["start_urls"]:
            if (request := self.list_request(url, depth=0)) is not None:
                yield request
        for url in self.site.get("sitemap_urls", []) + self.site.get("rss_urls", []):
            yield scrapy.Request(url, callback=self.parse_feed)

    def list_request(self, url: str, depth: int) -> scrapy.Request | None:
        if self.list_pages_requested >= self.max_list_pages:
            return None
        self.list_pages_requested += 1
        return scrapy.Request(self.canonical(url), callback=self.parse_list, meta={"list_depth": depth})

    def article_request(self, url: str, hops: int = 0) -> scrapy.Request | dict | None:
        """A request for an article URL; a skip item when the state already knows it;
        None past the article limit."""
        if self.articles_requested >= self.max_articles and not hops:
            return None
        url = self.canonical(url)
        if url in self.article_urls:
            return None  # already handled in this run (Scrapy's dupefilter only sees requests)
        self.article_urls.add(url)
        seen = self.run.known(url)
        if seen is not None and self.run.mode == "incremental":
            return {"kind": "skipped", "url": url, "reason": "known"}
        self.articles_requested += 1
        meta = {"dont_redirect": True, "handle_httpstatus_list": _HANDLED, "redirect_hops": hops}
        headers = {}
        if seen is not None:  # --refresh: a conditional GET, and what the page was last time
            if seen.outcome == "record":
                meta["previous"] = {"id": seen.record_id, "content_sha1": seen.content_sha1}
            if seen.etag:
                headers["If-None-Match"] = seen.etag
            if seen.last_modified:
                headers["If-Modified-Since"] = seen.last_modified
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            headers=headers,
            # articles before more list pages: the corpus grows steadily, memory stays flat
            priority=10,
            # redirects are followed here, not by Scrapy, so that every article URL has an
            # outcome: Scrapy drops an off-site redirect silently at scheduling time
            meta=meta,
        )

    def canonical(self, url: str) -> str:
        return canonical_url(url, self.tracking, self.index_pages)

    def on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def is_article(self, url: str) -> bool:
        return bool(self.article_re.search(url)) and not any(d.search(url) for d in self.deny_res)

    # --- callbacks ------------------------------------------------------------

    def parse_list(self, response):
        self.crawler.stats.inc_value("govnews/list_pages")
        if not hasattr(response, "text"):
            return
        depth = response.meta.get("list_depth", 0)
        found = [link.url for link in self.links.extract_links(response)]
        found += datastore_links(response.text, response.url)
        for url in found:
            url = self.canonical(url)
            if not self.on_site(url):
                continue
            if self.is_article(url):
                request = self.article_request(url)
            elif self.list_re is not None and self.list_re.search(url) and depth < self.max_depth:
                request = self.list_request(url, depth + 1)
            else:
                continue
            if request is not None:
                yield request
        if self.site.get("pagination") == "trs_script":
            for url in trs_pages(response.text, response.url, self.max_list_pages):
                request = self.list_request(self.canonical(url), depth + 1)
                if request is not None:
                    yield request

    def parse_feed(self, response):
        """Sitemap <loc> or RSS <link> entries that are article URLs."""
        for url in _LOC_RE.findall(response.text if hasattr(response, "text") else ""):
            url = self.canonical(url)
            if self.on_site(url) and self.is_article(url) and (request := self.article_request(url)) is not None:
                yield request

    def parse_article(self, response):
        if response.status in _REDIRECTS:
            yield from self._follow_redirect(response)
            return
        if response.status == 304:
            yield {"kind": "skipped", "url": response.url, "reason": "not_modified"}
            return
        content_type = response.headers.get(b"Content-Type", b"") or b""
        if content_type and not content_type.lower().startswith(_HTML_TYPES):
            yield self._failure(response.url, "not_html", response.status, content_type.decode("latin-1"))
            return
        request = response.request
        yield {
            "kind": "page",
            "url": self.canonical(response.url),
            "status": response.status,
            "reason": _phrase(response.status),
            "content_type": content_type.decode("latin-1") or None,
            "body": response.body,
            "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "site": self.site_name,
            "extract": self.site.get("extract", {}),
            "charset": self.site.get("charset"),
            "etag": _header(response, b"ETag"),
            "last_modified": _header(response, b"Last-Modified"),
            "previous": request.meta.get("previous"),
            # for the WARC request and response records
            "request_path": request.url.split(urlsplit(request.url).netloc, 1)[1] or "/",
            "request_headers": _headers(request.headers),
            "response_headers": _headers(response.headers),
        }

    def _follow_redirect(self, response):
        """The redirected URL is skipped ("redirected"); its target is fetched as an article
        of its own if it stays on the site, within the redirect limit."""
        location = response.headers.get(b"Location", b"").decode("latin-1")
        target = self.canonical(urljoin(response.url, location)) if location else ""
        hops = response.meta.get("redirect_hops", 0) + 1
        if not target:
            yield self._failure(response.url, "bad_redirect", response.status, "no Location header")
        elif not self.on_site(target):
            yield {"kind": "skipped", "url": response.url, "reason": "offsite_redirect", "detail": target}
        elif hops > self.settings.getint("REDIRECT_MAX_TIMES", 5):
            yield self._failure(response.url, "too_many_redirects", response.status, target)
        else:
            yield {"kind": "skipped", "url": response.url, "reason": "redirected", "detail": target}
            yield self.article_request(target, hops)

    def article_failed(self, failure):
        url = failure.request.url
        if failure.check(HttpError):
            status = failure.value.response.status
            yield self._failure(url, f"http_{status}", status)
        elif failure.check(IgnoreRequest):
            message = str(failure.value)
            reason = "robots_txt" if "robots" in message.lower() else "offsite" if "offsite" in message.lower() else "ignored"
            yield {"kind": "skipped", "url": url, "reason": reason}
        elif failure.check(TimeoutError, TCPTimedOutError):
            yield self._failure(url, "timeout", None, str(failure.value))
        elif failure.check(DNSLookupError, ConnectionRefusedError):
            yield self._failure(url, "connection_error", None, str(failure.value))
        else:
            yield self._failure(url, "fetch_error", None, f"{failure.type.__name__}: {failure.value}")

    @staticmethod
    def _failure(url: str, reason: str, status: int | None, detail: str = "") -> dict:
        return {"kind": "failure", "url": url, "reason": reason, "status": status, "detail": detail}
