"""Canonical web URLs: one spelling per page, so ids and seen-URL state agree however a page was linked."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url


def canonical_url(
    url: str, tracking_params: frozenset[str] | set[str] = frozenset(), index_pages: tuple[str, ...] = ()
) -> str:
    """w3lib's canonical form (sorted query, normalized escapes, no fragment) minus tracking
    parameters, and with a directory's index page (`/ywdt/index.html`) spelled as the directory."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    head, _, last = path.rpartition("/")
    if last.lower() in index_pages and not parts.query:
        # only without a query: `index.html?pageNum=2` may be served by the page itself
        path = head + "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in tracking_params and not k.lower().startswith("utm_")
    ]
    url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))
    return canonicalize_url(url)


def is_web_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https")
