"""The one document type every stage works on, and the rejection value a stage may return."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

METADATA_FIELDS = (
    "title",
    "published_at",
    "source",
    "author",
    "editor",
    "summary",
    "keywords",
    "original_title",
)


@dataclass
class Document:
    """A page on its way through the pipeline.

    `origin` says where the input came from (a file path, `-`, or a URL) so that
    a rejection can always be traced; `url` is the page's web URL when known.
    Exactly one of `raw` (page bytes) or `text` (already-extracted text) is the
    input; HTML inputs go through decode and extract, text inputs skip them.
    """

    origin: str
    url: str | None = None
    raw: bytes | None = None
    is_html: bool = True
    content_type: str | None = None
    charset_hint: str | None = None  # the site's charset, used when the page declares none
    html: str | None = None
    text: str = ""
    site: str | None = None
    # the site's extraction overrides (body/title/date XPath, nodes to drop)
    site_rules: dict[str, Any] = field(default_factory=dict)
    fetched_at: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: dict[str, Any] | None = None
    converted_from: str | None = None
    attachments: list[str] = field(default_factory=list)
    # page text lines just above and below the body, and dates found in the page markup:
    # evidence for the metadata stage, not part of the record
    page_head: list[str] = field(default_factory=list)
    page_tail: list[str] = field(default_factory=list)
    page_dates: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)  # the parts of <title> that are not the title
    # what each stage removed, repaired or counted, keyed by stage name
    quality: dict[str, dict[str, Any]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    scores: dict[str, float] = field(default_factory=dict)  # 0..1 quality scores (spun_score), kept in `quality`

    def note(self, stage: str, what: str, n: int = 1) -> None:
        """Count `n` changes of kind `what` made by `stage` (kept in the record's `quality`)."""
        if n:
            counts = self.quality.setdefault(stage, {})
            counts[what] = counts.get(what, 0) + n

    def set_meta(self, name: str, value: Any) -> bool:
        """Set a metadata field unless an earlier, better-placed source already did."""
        if value in (None, "") or self.meta.get(name):
            return False
        self.meta[name] = value
        return True


@dataclass(frozen=True)
class Rejection:
    """A document that will not become a record, and why. Written out, never dropped."""

    origin: str
    url: str | None
    stage: str
    reason: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.origin,
            "url": self.url,
            "stage": self.stage,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass
class StageStats:
    """Per-stage counters for a run: documents seen, changed, rejected, time spent."""

    docs: int = 0
    rejected: int = 0
    seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 4),
            "counts": dict(self.counts),
        }
