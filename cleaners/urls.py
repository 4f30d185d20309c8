"""Canonical web URLs: one spelling per page, so ids and seen-URL state agree however a page was linked."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url


def canonical_url(url: str, tracking_params: frozenset[str] | set[str] = frozenset()) -> str:
    """w3lib's canonical form (sorted query, normalized escapes, no fragment) minus tracking parameters."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in tracking_params and not k.lower().startswith("utm_")
    ]
    url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(url)


def is_web_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https")
