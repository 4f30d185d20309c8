"""Duplicates across a corpus: exact by a hash of the normalized text, near by MinHash LSH.

Records (the `record` stage's dicts) go through a `Deduper` one at a time; it
answers with a `Decision` and remembers the record in a `DedupIndex`:

- exact: SHA-1 of the normalized text (NFKC, lower case, letters and digits only);
- near: MinHash (rensa) over character n-grams of the normalized Simplified text,
  LSH bands as index keys, and every candidate verified with the exact Jaccard
  similarity of the two n-gram sets before it counts;
- canonical: within a group of duplicates one record is canonical, chosen by the
  criteria in `configs/dedup.yaml` (an official host over a repost, a Simplified
  original over a converted copy, an unflagged copy over a spun one, the earliest
  `published_at`). A better copy arriving later becomes canonical and the decision
  names the copy it replaces: nothing is deleted.

The index is a small Protocol (`get`, `query`, `add`, `commit`, `close`) with an
embedded SQLite implementation (a file, or `:memory:` for one run), so that a
shared backend (Redis) can replace it without touching the callers.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
import unicodedata
from array import array
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence
from urllib.parse import urlsplit

import orjson
import rensa

from .config import ConfigError, RuleSet

_NOT_WORD_RE = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """The text dedup compares: NFKC, lower case, letters and digits only.

    Punctuation goes first and NFKC runs only when needed: most cleaned text is
    already NFKC once its full-width punctuation is gone, and NFKC is slow on CJK."""
    text = _NOT_WORD_RE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = _NOT_WORD_RE.sub("", unicodedata.normalize("NFKC", text))
    return text.lower()


def exact_key(normalized: str) -> bytes:
    return hashlib.sha1(normalized.encode("utf-8")).digest()


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


_PRIME56 = (1 << 56) - 5  # the largest prime below 2^56
_EXACT_BAND = 127  # the band number under which an index files the exact key (LSH bands are 0..126)


class Signer:
    """Character n-grams, their MinHash signature, and the signature cut into LSH band keys."""

    def __init__(self, shingle_size: int, num_perm: int, bands: int, seed: int) -> None:
        if num_perm % bands or bands >= _EXACT_BAND:
            raise ValueError(f"bands {bands}: fewer than {_EXACT_BAND}, and a divisor of num_perm {num_perm}")
        self.n, self.num_perm, self.bands, self.seed = shingle_size, num_perm, bands, seed
        self.rows = num_perm // bands
        self._slices = [slice(i, i + shingle_size) for i in range(4096)]  # reused: faster than a comprehension

    def shingles(self, normalized: str) -> list[str]:
        count = len(normalized) - self.n + 1
        if count > len(self._slices):
            self._slices = [slice(i, i + self.n) for i in range(max(count, 2 * len(self._slices)))]
        return list(map(normalized.__getitem__, self._slices[: max(count, 0)]))

    def signature(self, shingles: Sequence[str]) -> list[int]:
        """The MinHash signature: num_perm unsigned 32-bit values."""
        sig = rensa.RMinHash(self.num_perm, self.seed)
        sig.update(shingles)
        return sig.digest()

    def band_keys(self, signature: Sequence[int]) -> list[int]:
        """One 63-bit key a band: the band number in the top 7 bits, below it the band's values
        (rows x 32 bits) modulo a 56-bit prime (a collision only makes an extra candidate)."""
        raw, w = array("I", signature).tobytes(), self.rows * 4
        return [(b << 56) | (int.from_bytes(raw[b * w : (b + 1) * w], "little") % _PRIME56) for b in range(self.bands)]

    @staticmethod
    def estimate(a: Sequence[int], b: Sequence[int]) -> float:
        """The Jaccard estimate of two signatures: the share of equal MinHash values."""
        return sum(map(int.__eq__, a, b)) / len(a) if len(a) == len(b) and len(a) else 0.0

    def fingerprint(self) -> str:
        """What an index built with these parameters must match."""
        return (
            f"rensa.RMinHash/{rensa.RMinHash.ALGORITHM_VERSION} n={self.n} perm={self.num_perm} "
            f"bands={self.bands} seed={self.seed} normalize=nfkc-lower-alnum"
        )


@dataclass
class Entry:
    """What the index keeps of one record: enough to verify a candidate and to rank copies."""

    id: str
    url: str | None
    exact: bytes
    canonical: str  # the key of the group's canonical record (its own when canonical); followed like a chain
    text: str  # normalized text, for the exact Jaccard check
    signature: Sequence[int] = ()  # MinHash values, to turn away weak LSH candidates before the exact check
    converted: bool = False
    published_at: str | None = None
    flags: tuple[str, ...] = ()
    run: str = ""

    @property
    def key(self) -> str:
        """A record's identity in the index: its id and URL (two text files with one text share an id)."""
        return entry_key(self.id, self.url)


def entry_key(doc_id: str, url: str | None) -> str:
    return f"{doc_id} {url or ''}"


class DedupIndex(Protocol):
    """Where the deduper remembers records. `add` inserts or replaces an entry by its key; band
    keys given with it are added to the entry's. `query` returns the entries with the same exact
    key or sharing a band key. Implementations: `SqliteIndex` (embedded); a shared one later."""

    def get(self, key: str) -> Entry | None: ...

    def query(self, exact: bytes, band_keys: Sequence[int]) -> list[Entry]: ...

    def add(self, entry: Entry, band_keys: Sequence[int] = ()) -> None: ...

    def commit(self) -> None: ...

    def close(self) -> None: ...  # what was not committed is dropped


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(
    key INTEGER PRIMARY KEY,  -- in arrival order: new rows are appended, not inserted at random
    idkey INTEGER NOT NULL UNIQUE,  -- a 63-bit hash of the entry key (id and url): a small index
    id TEXT NOT NULL,
    url TEXT,
    exact BLOB NOT NULL,
    canonical TEXT NOT NULL,
    converted INTEGER NOT NULL,
    published_at TEXT,
    flags TEXT NOT NULL,
    run TEXT NOT NULL,
    text BLOB NOT NULL,
    signature BLOB NOT NULL
);
-- LSH band keys and the exact-text key, each pointing at a docs row
CREATE TABLE IF NOT EXISTS bands(hash INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY(hash, key)) WITHOUT ROWID;
"""
_COLUMNS = "id, url, exact, canonical, converted, published_at, flags, run, text, signature"


def _id_key(key: str) -> int:
    return int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:8], "big") >> 1


def _exact_band(exact: bytes) -> int:
    return (_EXACT_BAND << 56) | int.from_bytes(exact[:7], "big")


class SqliteIndex:
    """The embedded index: one SQLite file (WAL, so readers in other processes are fine), or
    `:memory:`. Two tables: `docs` (one row a record, appended; texts kept as UTF-16) and
    `bands` (LSH band keys and the exact key, pointing at docs rows)."""

    def __init__(
        self,
        path: str | Path,
        fingerprint: str,
        commit_every: int = 10000,
        busy_timeout_ms: int = 30000,
        cache_mib: int = 64,
        page_size: int = 8192,
    ):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, isolation_level=None)
            self.db.execute(f"PRAGMA page_size={page_size}")  # takes effect when the file is created
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size=-{cache_mib * 1024}")
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='signature'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{self.path}: not a dedup index: {exc}") from None
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('signature', ?)", (fingerprint,))
        elif row[0] != fingerprint:
            raise ConfigError(
                f"{self.path}: signature: index built with {row[0]!r}, configs/dedup.yaml gives {fingerprint!r}; "
                "rebuild the index or restore the settings"
            )
        self.commit_every = commit_every
        self._pending = 0
        self.db.execute("BEGIN")

    @staticmethod
    def _entry(row: tuple) -> Entry:
        doc_id, url, exact, canonical, converted, published_at, flags, run, text, signature = row
        return Entry(
            id=doc_id,
            url=url,
            exact=exact,
            canonical=canonical,
            text=text.decode("utf-16-le"),
            signature=array("I", signature),
            converted=bool(converted),
            published_at=published_at,
            flags=tuple(flags.split(",")) if flags else (),
            run=run,
        )

    def get(self, key: str) -> Entry | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM docs WHERE idkey = ?", (_id_key(key),)).fetchone()
        return self._entry(row) if row and entry_key(row[0], row[1]) == key else None

    def query(self, exact: bytes, band_keys: Sequence[int]) -> list[Entry]:
        keys = (_exact_band(exact), *band_keys)
        sql = (
            f"SELECT {_COLUMNS} FROM docs WHERE key IN "
            f"(SELECT key FROM bands WHERE hash IN ({','.join('?' * len(keys))}))"
        )
        return [self._entry(row) for row in self.db.execute(sql, keys)]

    def add(self, entry: Entry, band_keys: Sequence[int] = ()) -> None:
        values = (
            entry.id,
            entry.url,
            entry.exact,
            entry.canonical,
            int(entry.converted),
            entry.published_at,
            ",".join(entry.flags),
            entry.run,
            entry.text.encode("utf-16-le"),  # 2 bytes a CJK character: as small as zlib's UTF-8, no CPU
            array("I", entry.signature).tobytes(),
        )
        idkey = _id_key(entry.key)
        try:  # new entries are the rule: a plain insert, measured faster than an upsert
            key = self.db.execute(f"INSERT INTO docs(idkey, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                  (idkey, *values)).lastrowid
        except sqlite3.IntegrityError:
            # a known entry: updated in place, so band rows of an earlier text under the same key
            # stay; they only make extra candidates, which the checks turn away
            sets = ", ".join(f"{column.strip()} = ?" for column in _COLUMNS.split(","))
            (key,) = self.db.execute(f"UPDATE docs SET {sets} WHERE idkey = ? RETURNING key", (*values, idkey)).fetchone()
        # the exact key always (a text too short for n-grams still has exact duplicates)
        self.db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)", ((h, key) for h in (_exact_band(entry.exact), *band_keys))
        )
        self._pending += 1
        if self.commit_every and self._pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self._pending = 0
        self.db.execute("BEGIN")

    def close(self) -> None:
        """End the session; additions not committed are dropped (a failed run leaves no trace)."""
        if self.db is not None:
            self.db.execute("ROLLBACK")
            self.db.close()
            self.db = None

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]


class CanonicalRank:
    """Orders copies of one text: `better(a, b)` is true when `a` should be canonical instead of `b`."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        self.order = cfg.get("canonical_order", ["official_host", "simplified_original", "earliest_published"])
        self.suffixes = tuple(s.lower() for s in cfg.get("official_host_suffixes", []))
        self.demote = frozenset(cfg.get("demote_flags", []))

    def official(self, url: str | None) -> bool:
        host = (urlsplit(url).hostname or "") if url and url.startswith(("http://", "https://")) else ""
        return any(host == s.lstrip(".") or host.endswith(s if s.startswith(".") else "." + s) for s in self.suffixes)

    def key(self, entry: Entry) -> tuple:
        """Smaller is better, criterion by criterion."""
        parts = []
        for criterion in self.order:
            if criterion == "official_host":
                parts.append(0 if self.official(entry.url) else 1)
            elif criterion == "simplified_original":
                parts.append(1 if entry.converted else 0)
            elif criterion == "unflagged":
                parts.append(1 if self.demote.intersection(entry.flags) else 0)
            elif criterion == "earliest_published":
                parts.append(entry.published_at or "\uffff")  # no date: after every date
        return tuple(parts)

    def better(self, a: Entry, b: Entry) -> str | None:
        """The criterion by which `a` beats `b`, or None when it does not."""
        for criterion, x, y in zip(self.order, self.key(a), self.key(b)):
            if x != y:
                return criterion if x < y else None
        return None


@dataclass(frozen=True)
class Decision:
    """What the deduper made of one record.

    kind: `unique` (no copy known); `duplicate` (a copy of the group whose canonical record is
    `dup_of`); `canonical` (a copy of a known group, better than its canonical `replaces`, which
    it now replaces for `reason`); `known` (this very record, same id, URL and text, is already
    in the index; `dup_of` is its group's canonical, which may be the record itself).
    `canonical_key` is the index key of the group's canonical entry at decision time.
    """

    kind: str
    dup_of: str | None = None
    canonical_key: str | None = None
    replaces: str | None = None
    replaces_url: str | None = None
    replaces_key: str | None = None
    reason: str | None = None
    similarity: float | None = None


class Deduper:
    """Decides for each record whether it duplicates one already seen, and remembers it."""

    def __init__(self, cfg: dict[str, Any], index: DedupIndex, run: str = "") -> None:
        self.signer = signer_from(cfg)
        self.threshold = cfg["threshold"]
        self.floor = max(0.0, self.threshold - cfg.get("prefilter_margin", 0.15))
        self.min_chars = cfg.get("min_chars", 20)
        self.rank = CanonicalRank(cfg)
        self.index = index
        self.run = run
        self.counts = dict.fromkeys(
            ("unique", "duplicate", "canonical", "known", "candidates", "exact_checks", "verified"), 0
        )

    def resolve(self, key: str) -> Entry | None:
        """The canonical entry of a record's group (following the chain of switches)."""
        entry = self.index.get(key)
        seen = set()
        while entry is not None and entry.canonical != entry.key and entry.key not in seen:
            seen.add(entry.key)
            entry = self.index.get(entry.canonical)
        return entry

    def entry_for(self, record: dict[str, Any], normalized: str) -> Entry:
        url = record.get("url")
        return Entry(
            id=record["id"],
            url=url,
            exact=exact_key(normalized),
            canonical=entry_key(record["id"], url),
            text=normalized,
            converted=record.get("converted_from") == "zh-Hant",
            published_at=record.get("published_at"),
            flags=tuple((record.get("quality") or {}).get("flags", ())),
            run=self.run,
        )

    def check(self, record: dict[str, Any]) -> Decision:
        normalized = normalize(record["text"])
        entry = self.entry_for(record, normalized)
        shingles = self.signer.shingles(normalized) if len(normalized) >= self.min_chars else []
        if shingles:
            entry.signature = self.signer.signature(shingles)
        keys = self.signer.band_keys(entry.signature) if shingles else []
        candidates = []
        for cand in self.index.query(entry.exact, keys):
            if cand.key != entry.key:
                candidates.append(cand)
            elif cand.exact == entry.exact:  # this very record, already remembered
                canonical = self.resolve(entry.key) or cand
                self.counts["known"] += 1
                return Decision("known", dup_of=canonical.id, canonical_key=canonical.key, similarity=1.0)
            # else: the same page with new content (a refresh): decided afresh, its entry replaced
        self.counts["candidates"] += len(candidates)
        best, best_sim = None, 0.0
        grams: set[str] | None = None
        for cand in candidates:
            if cand.exact == entry.exact:
                sim = 1.0
            elif Signer.estimate(entry.signature, cand.signature) < self.floor:
                continue  # far below the threshold by the signatures: not worth the exact check
            else:
                self.counts["exact_checks"] += 1
                if grams is None:
                    grams = set(shingles)
                sim = jaccard(grams, set(self.signer.shingles(cand.text)))
            if sim >= self.threshold and sim > best_sim:
                best, best_sim = cand, sim
        if best is None:
            self.index.add(entry, keys)
            self.counts["unique"] += 1
            return Decision("unique", canonical_key=entry.key)
        self.counts["verified"] += 1
        canonical = self.resolve(best.key) or best
        reason = self.rank.better(entry, canonical)
        if reason:
            self.index.add(entry, keys)
            self.index.add(replace(canonical, canonical=entry.key))
            self.counts["canonical"] += 1
            return Decision(
                "canonical",
                canonical_key=entry.key,
                replaces=canonical.id,
                replaces_url=canonical.url,
                replaces_key=canonical.key,
                reason=reason,
                similarity=round(best_sim, 4),
            )
        entry.canonical = canonical.key
        self.index.add(entry, keys)
        self.counts["duplicate"] += 1
        return Decision("duplicate", dup_of=canonical.id, canonical_key=canonical.key, similarity=round(best_sim, 4))

    def close(self, commit: bool = True) -> None:
        if commit:
            self.index.commit()
        self.index.close()


def signer_from(cfg: dict[str, Any], where: str | Path = "dedup.yaml") -> Signer:
    """The signer the config describes; `bands` must divide `num_perm` (a ConfigError naming the key)."""
    if cfg["num_perm"] % cfg["bands"]:
        raise ConfigError(f"{where}: bands: {cfg['bands']} does not divide num_perm {cfg['num_perm']}")
    return Signer(cfg["shingle_size"], cfg["num_perm"], cfg["bands"], cfg.get("seed", 1))


def open_index(
    cfg: dict[str, Any], path: str | Path | None = None, auto_commit: bool = True, where: str | Path = "dedup.yaml"
) -> SqliteIndex:
    """The persistent index at `path`, or a run-local one in memory when `path` is None.
    Without `auto_commit` nothing is committed before the caller's `commit()`."""
    opts = cfg.get("index", {})
    return SqliteIndex(
        path or ":memory:",
        signer_from(cfg, where).fingerprint(),
        commit_every=opts.get("commit_every", 10000) if auto_commit else 0,
        busy_timeout_ms=opts.get("busy_timeout_ms", 30000),
        cache_mib=opts.get("cache_mib", 64),
        page_size=opts.get("page_size", 8192),
    )


def open_deduper(rules: RuleSet, index_path: str | Path | None = None, run: str = "", auto_commit: bool = True) -> Deduper:
    """A deduper over the rules' `dedup.yaml`, with the index at `index_path` (None: in memory, for one run)."""
    where = rules.root / "dedup.yaml"
    return Deduper(rules.dedup, open_index(rules.dedup, index_path, auto_commit, where), run=run)


class RunDedup:
    """Dedup for one batch run (`govnews clean`).

    Each record is decided as it comes and spilled to a temporary file; `finish` routes them
    once the whole run is known, so within a run the best copy of a group is canonical whatever
    the input order. Against records of earlier runs (a persistent index), a better copy is
    canonical and carries `canonical_switch` naming the earlier canonical it replaces; the
    earlier record stays where it was written.
    """

    def __init__(self, deduper: Deduper) -> None:
        self.deduper = deduper
        self._spill = tempfile.TemporaryFile()
        self._held: list[tuple[int, Decision]] = []  # (spill offset, decision), in input order
        # a group's canonical key -> the earlier-run canonical it replaced: (id, url, reason)
        self._switched: dict[str, tuple[str, str | None, str | None]] = {}

    def add(self, record: dict[str, Any]) -> Decision:
        decision = self.deduper.check(record)
        if decision.kind == "canonical":
            carried = self._switched.pop(decision.replaces_key, None)
            if carried is None:
                replaced = self.deduper.index.get(decision.replaces_key)
                if replaced is not None and replaced.run != self.deduper.run:
                    carried = (replaced.id, replaced.url, decision.reason)
            if carried is not None:
                self._switched[decision.canonical_key] = carried
        self._held.append((self._spill.tell(), decision))
        self._spill.write(orjson.dumps(record) + b"\n")
        return decision

    def finish(
        self, write_record: Callable[[dict], None], write_duplicate: Callable[[dict], None]
    ) -> dict[str, int]:
        """Route the held records, in input order: canonical ones to `write_record`, the others,
        with `dup_of` (the id of their group's canonical record), to `write_duplicate`."""
        counts = {"records": 0, "duplicates": 0, "canonical_switches": 0}
        written: set[str] = set()
        for offset, decision in self._held:
            self._spill.seek(offset)
            record = orjson.loads(self._spill.readline())
            own = entry_key(record["id"], record.get("url"))
            final = self.deduper.resolve(decision.canonical_key or own)
            final_key, final_id = (final.key, final.id) if final is not None else (own, record["id"])
            if decision.kind in ("unique", "canonical") and final_key == own and own not in written:
                written.add(own)
                switch = self._switched.get(own)
                if switch is not None:
                    record["canonical_switch"] = {"replaces": switch[0], "url": switch[1], "reason": switch[2]}
                    counts["canonical_switches"] += 1
                write_record(record)
                counts["records"] += 1
            else:
                record["dup_of"] = final_id
                write_duplicate(record)
                counts["duplicates"] += 1
        self._spill.close()
        return counts
