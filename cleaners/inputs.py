"""Turning input bytes into a Document: HTML goes to decode/extract, plain text straight to the text stages."""

from __future__ import annotations

import re
from typing import Any

from .decode import decode_text_bytes
from .document import Document

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php")
TEXT_SUFFIXES = (".txt", ".text", ".md")
_HTML_SNIFF_RE = re.compile(rb"<(!doctype|html|head|body|meta|div|p|table|title|script)[\s>/]", re.I)


def looks_like_html(data: bytes, name: str = "") -> bool:
    lowered = name.lower()
    if lowered.endswith(HTML_SUFFIXES):
        return True
    if lowered.endswith(TEXT_SUFFIXES):
        return False
    return _HTML_SNIFF_RE.search(data[:4096]) is not None


def make_document(
    origin: str,
    data: bytes,
    *,
    url: str | None = None,
    is_html: bool | None = None,
    content_type: str | None = None,
    site: str | None = None,
    site_rules: dict[str, Any] | None = None,
    fetched_at: str | None = None,
    charset_hint: str | None = None,
) -> Document:
    html = looks_like_html(data, origin) if is_html is None else is_html
    doc = Document(
        origin=origin,
        url=url,
        is_html=html,
        content_type=content_type,
        site=site,
        site_rules=site_rules or {},
        fetched_at=fetched_at,
        charset_hint=charset_hint,
    )
    if html:
        doc.raw = data
    else:
        doc.text, doc.encoding = decode_text_bytes(data)
    return doc
