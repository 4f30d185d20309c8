"""One crawl run of one site: its lock, its state, its output files, and its outcomes.

Modes: `incremental` (default) skips article URLs the state already knows;
`refresh` re-fetches them with a conditional GET and writes a new record only
when the content changed; `full` ignores the state (and still updates it).

Kill-safety: every outcome is one whole line appended to the run's files, and
the state is told only after the line is written. A run killed mid-way leaves
whole lines and an unfinished mark; the next run of the site first recovers it:
it drops a torn last line, feeds every outcome found in the files into the
state and the dedup index, and rewrites that run's stats from its files. So a re-run fetches what is
missing and nothing twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from cleaners.config import RuleSet
from cleaners.dedup import Deduper, open_deduper

from .corpus import RunOutput
from .state import SeenStore, SiteLock, open_state, state_dir

MODES = ("incremental", "refresh", "full")
# rejections worth fetching again next time: the page may be whole or back then
RETRYABLE = {"truncated", "timeout", "connection_error", "fetch_error", "stage_error"}


def _retryable(reason: str) -> bool:
    return reason in RETRYABLE or reason.startswith("http_5")


class SiteRun:
    def __init__(self, root: str | Path, site: str, run_id: str, rules: RuleSet, mode: str = "incremental") -> None:
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: one of {MODES}")
        self.root, self.site, self.run_id, self.mode = Path(root), site, run_id, mode
        self.rules = rules
        self.lock = SiteLock(state_dir(root), site)
        self.state: SeenStore | None = None
        self.dedup: Deduper | None = None
        self.output: RunOutput | None = None

    # --- lifecycle --------------------------------------------------------------

    def open(self) -> list[str]:
        """Lock the site, recover unfinished runs (their ids are returned), start this one."""
        self.lock.acquire()
        self.state = open_state(self.root, self.site)
        # one index for the whole output root: a repost on one site is a duplicate of the
        # original on another; committed after each record is written, never before
        self.dedup = open_deduper(self.rules, state_dir(self.root) / "dedup.sqlite", run=self.run_id,
                                  auto_commit=False)
        recovered = self.state.unfinished_runs(self.site)
        for run_id in recovered:
            self._recover(run_id)
        self.output = RunOutput(self.root, self.site, self.run_id)
        self.state.run_started(self.site, self.run_id)
        return recovered

    def close(self) -> None:
        if self.output is not None:
            self.output.close()
        if self.state is not None:
            self.state.run_finished(self.site, self.run_id)
            self.state.close()
        if self.dedup is not None:
            self.dedup.close()
        self.lock.release()

    # --- what to fetch ------------------------------------------------------------

    def known(self, url: str):
        """The state's entry for an article URL, unless this run ignores the state."""
        if self.mode == "full" or self.state is None:
            return None
        seen = self.state.get(self.site, url)
        if seen is not None and seen.outcome.startswith("rejection:") and _retryable(seen.outcome[10:]):
            return None
        return seen

    # --- outcomes -------------------------------------------------------------------

    def accept(self, record: dict[str, Any], etag: str | None = None, last_modified: str | None = None) -> str:
        """A cleaned record: written as a record, or as a duplicate of its group's canonical
        copy (corpus-wide, across runs and sites), or skipped when this very record is
        already in the corpus. Returns the outcome."""
        decision = self.dedup.check(record)
        if decision.kind == "known":  # same URL and text as an earlier run wrote (--full)
            self.skipped(record["url"], "unchanged")
            self.dedup.index.commit()
            return "skipped"
        if decision.kind == "duplicate":
            self.output.dups.write({**record, "dup_of": decision.dup_of})
            self.output.stats.duplicates += 1
            outcome = "duplicate"
        else:
            if decision.kind == "canonical":  # a better copy than the earlier canonical: nothing deleted
                record["canonical_switch"] = {"replaces": decision.replaces, "url": decision.replaces_url,
                                              "reason": decision.reason}
            self.output.records.write(record)
            self.output.stats.records += 1
            outcome = "record"
        self.dedup.index.commit()
        self.state.remember(self.site, record["url"], outcome, record_id=record["id"],
                            content_sha1=record["content_sha1"], etag=etag, last_modified=last_modified)
        return outcome

    def rejection(self, rejection: dict[str, Any]) -> None:
        self.output.rejects.write(rejection)
        self.output.stats.rejections[rejection["reason"]] += 1
        if rejection.get("url"):
            self.state.remember(self.site, rejection["url"], f"rejection:{rejection['reason']}")

    def skipped(self, url: str, reason: str) -> None:
        self.output.stats.skipped[reason] += 1
        if reason in ("known", "not_modified", "unchanged"):
            self.state.touch(self.site, url)

    # --- recovery -------------------------------------------------------------------

    def _recover(self, run_id: str) -> None:
        folder = self.root / self.site
        output = RunOutput(self.root, self.site, run_id, resume=True)
        for name, kind in ((f"{run_id}.jsonl", "record"), (f"{run_id}.dups.jsonl", "duplicate"),
                           (f"{run_id}.rejects.jsonl", "rejection")):
            for entry in _whole_lines(folder / name):
                if kind == "rejection":
                    output.stats.rejections[entry["reason"]] += 1
                    if entry.get("url"):
                        self.state.remember(self.site, entry["url"], f"rejection:{entry['reason']}")
                else:
                    setattr(output.stats, kind + "s", getattr(output.stats, kind + "s") + 1)
                    self.state.remember(self.site, entry["url"], kind, record_id=entry["id"],
                                        content_sha1=entry["content_sha1"])
                    self.dedup.check(entry)  # the index may have missed its last words too
        stats = output.stats
        stats.articles = stats.records + stats.duplicates + sum(stats.rejections.values())
        stats.interrupted = True
        self.dedup.index.commit()
        output.close()
        self.state.run_finished(self.site, run_id)


def _whole_lines(path: Path):
    """The complete JSON lines of a file; a torn last line (a killed writer) is cut off."""
    if not path.exists():
        return
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with open(path, "r+b") as f:
            f.truncate(end)
    for line in data[:end].splitlines():
        if line.strip():
            yield orjson.loads(line)
