"""record: the document as one JSONL record (documented by `cleaners/schemas/record.schema.json`)."""

from __future__ import annotations

import hashlib
from typing import Any

from .document import METADATA_FIELDS, Document, Rejection
from .stage import Stage
from .text import fold
from .urls import canonical_url, is_web_url


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def record_id(url: str | None, text: str) -> str:
    """From the (already canonical) web URL when there is one, else from the text: never from a file path."""
    if is_web_url(url):
        return sha1(url)
    return sha1("text:" + text)


class Record(Stage):
    name = "record"
    after = ("normalize", "flags")

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        from . import __version__

        self.version = f"{__version__}+cfg.{rules.digest}"
        self.tracking = frozenset(p.lower() for p in rules.lexicons.get("tracking_query_params", []))
        self.index_pages = tuple(p.lower() for p in rules.lexicons.get("directory_index_pages", []))

    def process(self, doc: Document) -> dict[str, Any] | Rejection:
        lines = doc.text.split("\n")
        title = doc.meta.get("title")
        if title and lines and fold(lines[0]).replace(" ", "") == fold(title).replace(" ", ""):
            lines = lines[1:]
            doc.note(self.name, "title_repeat")
        text = "\n".join(lines).strip()
        if not text:
            return self.reject(doc, "empty_after_cleaning")
        url = canonical_url(doc.url, self.tracking, self.index_pages) if is_web_url(doc.url) else doc.url
        record: dict[str, Any] = {
            "id": record_id(url, text),
            "url": url,
            "site": doc.site,
        }
        for name in METADATA_FIELDS:
            record[name] = doc.meta.get(name) or None
        record.update(
            text=text,
            lang="zh-Hans",
            converted_from=doc.converted_from,
            encoding=doc.encoding,
            fetched_at=doc.fetched_at,
            attachments=doc.attachments,
            content_sha1=sha1(text),
            quality={"flags": sorted(doc.flags), "counts": doc.quality, **doc.scores},
            pipeline_version=self.version,
        )
        return record
