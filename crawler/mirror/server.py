"""Serve the mirror sites over real HTTP on loopback, one address per site.

Scrapy's offsite check compares host names, not ports, so each site gets its own
loopback address (127.0.0.2, 127.0.0.3, …) and a free port chosen by the OS. Each
site runs a standard-library ThreadingHTTPServer in a daemon thread.

    with serve_mirror() as mirror:            # or serve_mirror(["trs", "city"])
        site = mirror.sites["trs"]           # MirrorSite: host, port, base_url, start_urls, allowed_domains
        mirror.expected["trs"].articles      # SiteExpectations (see sites.py)
        mirror.hits[("trs", "/robots.txt")]  # requests per (site, route key)
        mirror.hit_count(url)                # the same, for any URL spelling of a page

`python -m crawler.mirror.server` serves every site until Ctrl-C.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .content import Article
from .sites import BUILDERS, Resource, Site, SiteExpectations

ADDRESSES = {"trs": "127.0.0.2", "hanweb": "127.0.0.3", "govcn": "127.0.0.4", "city": "127.0.0.5", "hant": "127.0.0.6"}


@dataclass(frozen=True)
class MirrorSite:
    name: str
    family: str
    host: str
    port: int
    base_url: str
    start_urls: list[str]
    allowed_domains: list[str]


@dataclass(frozen=True)
class Request:
    site: str
    method: str
    target: str  # the request line's path and query, as sent
    key: str  # the route it reached (or its path, for a 404)
    status: int


@dataclass
class Mirror:
    """The running mirror: its sites, what a crawl should find, and what was requested."""

    sites: dict[str, MirrorSite]
    expected: dict[str, SiteExpectations]
    hits: Counter = field(default_factory=Counter)  # (site, route key) -> requests
    delay: float = 0.0  # seconds each response waits: a slow site, for tests that interrupt a crawl
    started: float = field(default_factory=time.time)
    modified: dict[tuple[str, str], float] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    _built: dict[str, Site] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, request: Request) -> None:
        with self._lock:
            self.hits[(request.site, request.key)] += 1
            self.requests.append(request)

    def locate(self, url: str) -> tuple[str, str]:
        """(site, route key) that a URL of the mirror reaches; variants share one key."""
        parts = urlsplit(url)
        for name, site in self.sites.items():
            if (parts.hostname, parts.port) == (site.host, site.port):
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                return name, self._built[name].resolve(target)[0]
        raise KeyError(f"{url} is not on the mirror")

    def hit_count(self, url: str) -> int:
        """How many requests reached the page `url` names, whatever spelling they used."""
        return self.hits[self.locate(url)]

    def article(self, url: str) -> Article:
        """The article served at a canonical article URL (as in expected[...].articles)."""
        return self.expected[self.locate(url)[0]].content[url]

    def replace_page(self, url: str, body: bytes) -> None:
        """Serve `body` at the page `url` names from now on (an edited article: new ETag and Last-Modified)."""
        name, key = self.locate(url)
        site = self._built[name]
        old = site.routes[key]
        site.routes[key] = Resource(old.status, old.content_type, body, old.location)
        with self._lock:
            self.modified[(name, key)] = time.time()

    def validators(self, name: str, key: str, resource: Resource) -> tuple[str, str]:
        """The page's ETag and Last-Modified: from its bytes, and from when it last changed."""
        etag = '"' + hashlib.sha1(resource.body).hexdigest()[:16] + '"'
        return etag, formatdate(self.modified.get((name, key), self.started), usegmt=True)

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self.requests.clear()


class _Handler(BaseHTTPRequestHandler):
    """Serves one site's table; `server.site` and `server.mirror` are set before it starts."""

    server_version = "govnews-mirror/1"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        site: Site = self.server.site
        mirror: Mirror = self.server.mirror
        key, resource = site.resolve(self.path)
        if mirror.delay:
            time.sleep(mirror.delay)
        validators = mirror.validators(site.name, key, resource) if resource.status == 200 else None
        # conditional GET, as government web servers answer it: 304 when the ETag matches
        not_modified = validators is not None and self.headers.get("If-None-Match") == validators[0]
        status = 304 if not_modified else resource.status
        mirror.record(Request(site.name, self.command, self.path, key, status))
        self.send_response(status)
        if resource.content_type:
            self.send_header("Content-Type", resource.content_type)
        if resource.location:
            self.send_header("Location", resource.location)
        if validators:
            self.send_header("ETag", validators[0])
            self.send_header("Last-Modified", validators[1])
        body = b"" if not_modified else resource.body
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client went away (a crawl killed on purpose): nothing to serve

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            sys.stderr.write(f"[{self.server.site.name}] {format % args}\n")


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client must not keep the test process alive

    site: Site
    mirror: Mirror
    verbose: bool = False


@contextmanager
def _running(server: _SiteServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_mirror(names: Sequence[str] | None = None, port: int = 0, verbose: bool = False,
                 delay: float = 0.0) -> Iterator[Mirror]:
    """Start the named sites (all by default) and yield the running Mirror.

    `port` 0 lets the OS pick a free port per address; a fixed port gives stable
    URLs for browsing and for incremental crawls (each site still has its own
    address). `delay` slows every response, for tests that interrupt a crawl.
    """
    names = list(names or BUILDERS)
    unknown = [name for name in names if name not in BUILDERS]
    if unknown:
        raise ValueError(f"unknown mirror site(s) {unknown}; known: {list(BUILDERS)}")
    mirror = Mirror(sites={}, expected={}, delay=delay)
    with ExitStack() as stack:
        for name in names:
            host = ADDRESSES[name]
            server = _SiteServer((host, port), _Handler)  # bind first: the site needs its port
            stack.callback(server.server_close)
            bound_port = server.server_address[1]
            site = BUILDERS[name](f"http://{host}:{bound_port}/")
            server.site, server.mirror, server.verbose = site, mirror, verbose
            mirror._built[name] = site
            mirror.sites[name] = MirrorSite(name, site.family, host, bound_port, site.base_url, site.start_urls, [host])
            mirror.expected[name] = site.expected
            stack.enter_context(_running(server))
        yield mirror


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.mirror.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*", help=f"sites to serve (default: all of {', '.join(BUILDERS)})")
    parser.add_argument("--port", type=int, default=0, help="one port for every site's address (default: free ports)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each request to stderr")
    args = parser.parse_args(argv)
    try:
        with serve_mirror(args.sites or None, port=args.port, verbose=args.verbose) as mirror:
            for site in mirror.sites.values():
                print(f"{site.name:7} {site.family:7} {site.base_url}  start: {' '.join(site.start_urls)}", flush=True)
            print("serving; Ctrl-C stops", flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
