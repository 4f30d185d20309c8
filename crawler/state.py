"""What a site's crawls remember between runs, behind a small interface.

`SeenStore` is all the crawler asks of its state: what is known about an article
URL (content hash, ETag, Last-Modified, record id, first and last seen), to
remember an outcome, and which runs were left unfinished. The embedded default
keeps it in SQLite under `<output root>/.state/`, so a run with `--output DIR`
keeps its state beside its corpus; a Redis implementation of the same methods
can take over for distributed crawling without touching spiders or stages.
"""

from __future__ import annotations

import fcntl
import os
import socket
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Seen:
    url: str
    outcome: str  # record, duplicate, rejection: <reason>
    record_id: str | None
    content_sha1: str | None
    etag: str | None
    last_modified: str | None
    first_seen: float
    last_seen: float


class SeenStore(Protocol):
    def get(self, site: str, url: str) -> Seen | None: ...

    def remember(self, site: str, url: str, outcome: str, *, record_id: str | None = None,
                 content_sha1: str | None = None, etag: str | None = None, last_modified: str | None = None) -> None: ...

    def touch(self, site: str, url: str) -> None: ...

    def run_started(self, site: str, run_id: str) -> None: ...

    def run_finished(self, site: str, run_id: str) -> None: ...

    def unfinished_runs(self, site: str) -> list[str]: ...

    def commit(self) -> None: ...

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    site TEXT NOT NULL, url TEXT NOT NULL, outcome TEXT NOT NULL, record_id TEXT, content_sha1 TEXT,
    etag TEXT, last_modified TEXT, first_seen REAL NOT NULL, last_seen REAL NOT NULL,
    PRIMARY KEY (site, url)
);
CREATE TABLE IF NOT EXISTS runs (
    site TEXT NOT NULL, run_id TEXT NOT NULL, started REAL NOT NULL, finished REAL,
    PRIMARY KEY (site, run_id)
);
"""


class SqliteSeenStore:
    """The embedded default: a SQLite file (WAL mode) under the output root's `.state/`."""

    def __init__(self, path: str | os.PathLike) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")

    def get(self, site: str, url: str) -> Seen | None:
        row = self.db.execute(
            "SELECT url, outcome, record_id, content_sha1, etag, last_modified, first_seen, last_seen "
            "FROM seen WHERE site = ? AND url = ?",
            (site, url),
        ).fetchone()
        return Seen(*row) if row else None

    def remember(self, site, url, outcome, *, record_id=None, content_sha1=None, etag=None, last_modified=None):
        now = time.time()
        self.db.execute(
            "INSERT INTO seen VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, url) DO UPDATE SET "
            "outcome = excluded.outcome, record_id = COALESCE(excluded.record_id, record_id), "
            "content_sha1 = COALESCE(excluded.content_sha1, content_sha1), etag = excluded.etag, "
            "last_modified = excluded.last_modified, last_seen = excluded.last_seen",
            (site, url, outcome, record_id, content_sha1, etag, last_modified, now, now),
        )

    def touch(self, site: str, url: str) -> None:
        self.db.execute("UPDATE seen SET last_seen = ? WHERE site = ? AND url = ?", (time.time(), site, url))

    def run_started(self, site: str, run_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO runs VALUES (?, ?, ?, NULL)", (site, run_id, time.time()))
        self.commit()

    def run_finished(self, site: str, run_id: str) -> None:
        self.db.execute("UPDATE runs SET finished = ? WHERE site = ? AND run_id = ?", (time.time(), site, run_id))
        self.commit()

    def unfinished_runs(self, site: str) -> list[str]:
        rows = self.db.execute("SELECT run_id FROM runs WHERE site = ? AND finished IS NULL ORDER BY started", (site,))
        return [row[0] for row in rows]

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()


class SiteLock:
    """One run per site and output root at a time.

    An flock on `<state>/<site>.lock`: the kernel drops it when the holder dies, so a
    lock left by a killed run is simply taken over. The file names the holder.
    """

    def __init__(self, state_dir: str | os.PathLike, site: str) -> None:
        self.path = Path(state_dir) / f"{site}.lock"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise SiteLocked(f"{self.path}: site is being crawled by {holder}") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class SiteLocked(RuntimeError):
    pass


def state_dir(output_root: str | os.PathLike) -> Path:
    return Path(output_root) / ".state"


def open_state(output_root: str | os.PathLike, site: str) -> SqliteSeenStore:
    # one file per site: sites crawled side by side never wait on each other's writes
    return SqliteSeenStore(state_dir(output_root) / f"{site}.sqlite")
