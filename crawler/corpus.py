"""A crawl run's output: records, rejections and duplicates as JSON Lines, and the run's stats.

Layout: `<root>/<site>/<run-id>.jsonl`, beside it `<run-id>.rejects.jsonl`,
`<run-id>.dups.jsonl` and `<run-id>.stats.json`. Every line goes out in one
`write` on a file opened for appending, so a killed process leaves whole lines
only; the stats file is replaced atomically.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


class JsonlAppender:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.count = 0

    def write(self, obj: Any) -> None:
        if self.fd is None:
            self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.write(self.fd, orjson.dumps(obj) + b"\n")
        self.count += 1

    def close(self) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None


@dataclass
class RunStats:
    """What a run did. Every article URL the run handled is one outcome:
    `articles` = records + duplicates + rejections + skipped."""

    site: str
    run_id: str
    started_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    list_pages: int = 0
    articles: int = 0
    fetch_failures: int = 0  # rejections at fetch time (HTTP errors, timeouts, refused connections)
    records: int = 0
    duplicates: int = 0
    rejections: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    bytes: int = 0
    seconds: float = 0.0
    finished_at: str | None = None
    interrupted: bool = False  # killed before it finished; these stats were rebuilt from its files

    def failed_entirely(self) -> bool:
        """No list page answered, no article URL was found on them (the site changed its
        structure: known articles still count, as skipped), or every article fetch failed."""
        return self.list_pages == 0 or self.articles == 0 or self.fetch_failures == self.articles

    def reconciles(self) -> bool:
        outcomes = self.records + self.duplicates + sum(self.rejections.values()) + sum(self.skipped.values())
        return outcomes == self.articles

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "seconds": round(self.seconds, 2),
            "list_pages": self.list_pages,
            "articles": self.articles,
            "fetch_failures": self.fetch_failures,
            "records": self.records,
            "duplicates": self.duplicates,
            "rejections": sum(self.rejections.values()),
            "rejections_by_reason": dict(self.rejections.most_common()),
            "skipped": sum(self.skipped.values()),
            "skipped_by_reason": dict(self.skipped.most_common()),
            "bytes": self.bytes,
            "interrupted": self.interrupted,
            "reconciles": self.reconciles(),
            "failed_entirely": self.failed_entirely(),
        }


def summary_line(run: dict[str, Any]) -> str:
    """One line for a run's stats dict (RunStats.as_dict)."""
    reasons = ", ".join(f"{k} {v}" for k, v in run["rejections_by_reason"].items()) or "none"
    skipped = ", ".join(f"{k} {v}" for k, v in run["skipped_by_reason"].items()) or "none"
    return (
        f"{run['site']}: {run['articles']} article URLs ({run['list_pages']} list pages), "
        f"{run['records']} records, {run['duplicates']} duplicates, {run['rejections']} rejections ({reasons}), "
        f"{run['skipped']} skipped ({skipped}), {run['bytes']} bytes, {run['seconds']} s"
    )


class RunOutput:
    """A run's files. `resume` opens an interrupted run's files to rebuild its stats."""

    def __init__(self, root: str | Path, site: str, run_id: str, resume: bool = False) -> None:
        self.dir = Path(root) / site
        self.dir.mkdir(parents=True, exist_ok=True)
        self.records = JsonlAppender(self.dir / f"{run_id}.jsonl")
        self.rejects = JsonlAppender(self.dir / f"{run_id}.rejects.jsonl")
        self.dups = JsonlAppender(self.dir / f"{run_id}.dups.jsonl")
        self.warc_path = self.dir / f"{run_id}.warc.gz"
        self.stats_path = self.dir / f"{run_id}.stats.json"
        self.stats = RunStats(site=site, run_id=run_id)
        self._started = None if resume else time.monotonic()

    def write_stats(self) -> None:
        if self._started is not None:
            self.stats.seconds = time.monotonic() - self._started
        tmp = self.stats_path.with_suffix(".json.tmp")
        tmp.write_bytes(orjson.dumps(self.stats.as_dict(), option=orjson.OPT_INDENT_2))
        os.replace(tmp, self.stats_path)

    def close(self) -> None:
        for appender in (self.records, self.rejects, self.dups):
            appender.close()
        self.stats.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.write_stats()
