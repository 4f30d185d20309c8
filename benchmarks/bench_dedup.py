"""Dedup speed, recall and precision on a synthetic corpus built from real text.

    python benchmarks/bench_dedup.py [--docs N] [--planted-share S] [--seed K] [--compare]

Documents of about 1,000 characters are assembled from the clauses of real pages
(the five seeds' expected texts and the gold texts of ../shared/pages), then
near-duplicates are planted, in three kinds, a third each:

- edits: 10-30 % of the characters changed by insertions, deletions and
  replacements of word- to clause-sized runs (replacement text is real text);
- reposts: the document converted to Traditional (OpenCC s2t) and back through
  the pipeline's own `script` stage, as a crawl of a Traditional repost would;
- boilerplate: the same body inside other page chrome (lines of real page chrome
  taken from the labelled pages' HTML outside their gold text), while the
  original carries chrome of its own.

The whole dedup step is timed per document (normalize, shingle, sign, query,
verify, insert) against a real SQLite index file, and reported as documents/s;
memory (RSS of this process and the index file) at 10k documents and at the end;
recall of planted pairs; and false pairs as a share of the pairs reported. `--compare`
first times MinHash signing with rensa against datasketch (the measurement that chose rensa).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import opencc  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from cleaners.config import load_rules  # noqa: E402
from cleaners.dedup import Deduper, entry_key, open_index  # noqa: E402
from cleaners.document import Document  # noqa: E402
from cleaners.script import Script  # noqa: E402

SHARED = REPO.parent / "shared"
# units of recombination: clauses (a long sentence shared by two documents would make them near-duplicates)
CLAUSE_RE = re.compile(r"[^。！？!?；;，,\n]+[。！？!?；;，,]?")
TARGETS = {"docs_per_s": 2000, "recall": 0.95, "false_share": 0.01}


def real_texts() -> tuple[list[str], list[str]]:
    """Body texts (seeds and gold texts) and chrome lines (page text outside the gold)."""
    texts, chrome = [], set()
    for path in sorted((REPO / "tests" / "fixtures" / "seeds" / "expected").glob("*.json")):
        texts.append(json.loads(path.read_text(encoding="utf-8"))["text"])
    manifest = SHARED / "pages" / "manifest.jsonl"
    for line in manifest.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        gold = page["gold_text"]
        texts.append(gold)
        tree = lxml_html.fromstring((SHARED / "pages" / page["html_path"]).read_bytes())
        for node in tree.iter("script", "style"):
            node.drop_tree()
        for piece in tree.itertext():
            piece = piece.strip()
            if 4 <= len(piece) <= 40 and piece not in gold and re.search("[\u4e00-\u9fff]", piece):
                chrome.add(piece)
    return texts, sorted(chrome)


class CorpusMaker:
    def __init__(self, rng: random.Random, texts: list[str], chrome: list[str]) -> None:
        self.rng = rng
        self.sentences = [s.strip() for t in texts for s in CLAUSE_RE.findall(t) if 6 <= len(s.strip()) <= 60]
        self.chrome = chrome
        self.s2t = opencc.OpenCC("s2t")
        self.script = Script(load_rules())

    def body(self, size: int = 1000) -> str:
        paragraphs, para, length = [], [], 0
        while length < size:
            sentence = self.rng.choice(self.sentences)
            para.append(sentence)
            length += len(sentence)
            if len(para) >= self.rng.randint(6, 15):
                paragraphs.append("".join(para))
                para = []
        if para:
            paragraphs.append("".join(para))
        return "\n".join(paragraphs)

    def wrap(self, body: str) -> str:
        head = self.rng.sample(self.chrome, self.rng.randint(2, 6))
        tail = self.rng.sample(self.chrome, self.rng.randint(2, 6))
        return "\n".join([*head, body, *tail])

    def edit(self, text: str) -> str:
        """Change 10-30 % of the characters: runs of 1-4 (words) or 5-20 (clauses)."""
        chars = list(text)
        budget = int(len(chars) * self.rng.uniform(0.10, 0.30))
        while budget > 0:
            run = min(budget, self.rng.randint(1, 4) if self.rng.random() < 0.5 else self.rng.randint(5, 20))
            at = self.rng.randrange(max(1, len(chars) - run))
            donor = self.rng.choice(self.sentences)
            piece = donor[: run] if len(donor) >= run else (donor * (run // len(donor) + 1))[:run]
            op = self.rng.random()
            if op < 0.5:
                chars[at : at + run] = piece
            elif op < 0.75:
                del chars[at : at + run]
            else:
                chars[at:at] = piece
            budget -= run
        return "".join(chars)

    def repost(self, text: str) -> str:
        doc = self.script.process(Document(origin="bench", text=self.s2t.convert(text), is_html=False))
        return doc.text


def build(n_docs: int, planted_share: float, seed: int):
    """Records in arrival order, each with its family (a base document and its planted copy)."""
    rng = random.Random(seed)
    texts, chrome = real_texts()
    maker = CorpusMaker(rng, texts, chrome)
    n_planted = int(n_docs * planted_share)
    n_base = n_docs - n_planted
    kinds = ["edit", "repost", "boilerplate"]
    items = []  # (family, kind, record)
    bases = []
    for i in range(n_base):
        body = maker.body()
        text = maker.wrap(body) if rng.random() < 0.3 else body
        bases.append(body)
        items.append((i, "base", _record(f"https://www.example{i % 97}.gov.cn/a/{i}.html", text, "2022-01-01")))
    for j, family in enumerate(rng.sample(range(n_base), n_planted)):
        kind = kinds[j % 3]
        body = bases[family]
        if kind == "edit":
            text, converted = maker.edit(items[family][2]["text"]), None
        elif kind == "repost":
            text, converted = maker.repost(items[family][2]["text"]), "zh-Hant"
        else:
            items[family] = (family, "base", {**items[family][2], "text": maker.wrap(body)})
            text, converted = maker.wrap(body), None
        items.append((family, kind, _record(f"https://news.example{j % 89}.com/c/{j}.html", text, "2022-01-02", converted)))
    rng.shuffle(items)
    return items, len(maker.sentences), len(chrome)


def _record(url: str, text: str, published_at: str, converted: str | None = None) -> dict:
    import hashlib

    return {
        "id": hashlib.sha1(url.encode()).hexdigest(),
        "url": url,
        "text": text,
        "published_at": published_at,
        "converted_from": converted,
        "quality": {"flags": []},
    }


def compare_libraries(items, cfg, rounds: int = 5) -> None:
    """MinHash signing speed (shingling included) and Jaccard error, rensa against datasketch."""
    import rensa

    from cleaners.dedup import jaccard, normalize, signer_from

    signer = signer_from(cfg)
    texts = [normalize(r["text"]) for _, _, r in items[:2000]]
    grams = [signer.shingles(t) for t in texts]
    perm, seed = cfg["num_perm"], cfg.get("seed", 1)

    def with_rensa():
        return [signer.signature(signer.shingles(t)) for t in texts]

    results = {"rensa": with_rensa}
    try:
        import datasketch

        def with_datasketch():
            out = []
            for t in texts:
                m = datasketch.MinHash(num_perm=perm, seed=seed)
                m.update_batch([g.encode("utf-8") for g in signer.shingles(t)])
                out.append(m)
            return out

        results["datasketch"] = with_datasketch
    except ImportError:
        print("datasketch is not installed: only rensa measured (pip install datasketch to compare)")
    rates = {}
    for name, fn in results.items():
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        rates[name] = len(texts) / statistics.median(times)
    # Jaccard error on pairs of planted copies and their originals (a spread of true similarities)
    by_family: dict[int, list[str]] = {}
    for fam, _, r in items:
        by_family.setdefault(fam, []).append(normalize(r["text"]))
    pairs = [v[:2] for v in by_family.values() if len(v) >= 2][:300]
    errors = {name: [] for name in results}
    for a, b in pairs:
        exact = jaccard(set(signer.shingles(a)), set(signer.shingles(b)))
        errors["rensa"].append(abs(signer.estimate(signer.signature(signer.shingles(a)),
                                                   signer.signature(signer.shingles(b))) - exact))
        if "datasketch" in results:
            ma, mb = datasketch.MinHash(num_perm=perm, seed=seed), datasketch.MinHash(num_perm=perm, seed=seed)
            ma.update_batch([g.encode() for g in signer.shingles(a)])
            mb.update_batch([g.encode() for g in signer.shingles(b)])
            errors["datasketch"].append(abs(ma.jaccard(mb) - exact))
    for name in results:
        print(f"{name:10s} {rates[name]:8,.0f} signatures/s (median of {rounds}, shingling included), "
              f"mean |estimate - exact Jaccard| {statistics.mean(errors[name]):.4f} over {len(pairs)} pairs")
    if len(rates) == 2:
        print(f"rensa / datasketch: {rates['rensa'] / rates['datasketch']:.1f}x")
    del grams


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000, help="documents in the corpus (default 50000)")
    parser.add_argument("--planted-share", type=float, default=0.2, help="share of documents that are planted copies")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compare", action="store_true",
                        help="also time MinHash signing with rensa against datasketch (if installed) on 2,000 documents")
    args = parser.parse_args()

    started = time.perf_counter()
    items, n_sentences, n_chrome = build(args.docs, args.planted_share, args.seed)
    lengths = sorted(len(r["text"]) for _, _, r in items)
    print(
        f"corpus: {len(items)} documents from {n_sentences} real clauses and {n_chrome} chrome lines; "
        f"length median {statistics.median(lengths):.0f} chars (p10 {lengths[len(lengths) // 10]}, "
        f"p90 {lengths[len(lengths) * 9 // 10]}); built in {time.perf_counter() - started:.0f} s"
    )

    cfg = load_rules().dedup
    if args.compare:
        compare_libraries(items, cfg)
    print(
        f"dedup: n={cfg['shingle_size']} num_perm={cfg['num_perm']} bands={cfg['bands']} "
        f"(rows {cfg['num_perm'] // cfg['bands']}) threshold={cfg['threshold']}"
    )
    family_of = {r["id"]: fam for fam, _, r in items}
    planted = [(entry_key(r["id"], r["url"]), kind, fam) for fam, kind, r in items if kind != "base"]
    base_key = {fam: entry_key(r["id"], r["url"]) for fam, kind, r in items if kind == "base"}
    with tempfile.TemporaryDirectory() as tmp:
        index_path = Path(tmp) / "dedup.sqlite"
        deduper = Deduper(cfg, open_index(cfg, index_path), run="bench")
        reported = false = 0
        memory = {}
        rss_before = rss_mib()
        chunk_rates = []
        t0 = time.perf_counter()
        chunk_t = t0
        for n, (_, _, record) in enumerate(items, 1):
            decision = deduper.check(record)
            other = decision.dup_of if decision.kind in ("duplicate", "known") else decision.replaces
            if other is not None and other != record["id"]:
                reported += 1
                false += family_of.get(other) != family_of[record["id"]]
            if n % 5000 == 0:
                now = time.perf_counter()
                chunk_rates.append(5000 / (now - chunk_t))
                chunk_t = now
            if n in (10_000, len(items)):
                deduper.index.commit()
                memory[n] = (rss_mib(), index_path.stat().st_size / 2**20 + _wal_mib(index_path))
        elapsed = time.perf_counter() - t0
        found = {"edit": [0, 0], "repost": [0, 0], "boilerplate": [0, 0]}
        for key, kind, fam in planted:
            a, b = deduper.resolve(key), deduper.resolve(base_key[fam])
            found[kind][1] += 1
            found[kind][0] += a is not None and b is not None and a.key == b.key
        counts = deduper.counts
        deduper.close()

    rate = len(items) / elapsed
    hits = sum(f[0] for f in found.values())
    total = sum(f[1] for f in found.values())
    recall = hits / total if total else 1.0
    false_share = false / reported if reported else 0.0
    print(f"speed: {len(items)} documents in {elapsed:.1f} s = {rate:,.0f} documents/s "
          f"(median of 5k-document chunks {statistics.median(chunk_rates):,.0f}/s, "
          f"first {chunk_rates[0]:,.0f}/s, last {chunk_rates[-1]:,.0f}/s)")
    print(f"decisions: {counts}")
    for kind, (h, t) in found.items():
        print(f"recall {kind:12s} {h}/{t} = {h / t if t else 1:.4f}")
    print(f"recall of planted pairs: {hits}/{total} = {recall:.4f}")
    print(f"false pairs: {false} of {reported} reported = {false_share:.4%}")
    for n, (rss, db) in sorted(memory.items()):
        print(f"memory at {n:,} documents: RSS {rss:.0f} MiB (corpus and interpreter included; {rss - rss_before:+.0f} MiB "
              f"since the index opened), index file {db:.1f} MiB")
    ok = rate >= TARGETS["docs_per_s"] and recall >= TARGETS["recall"] and false_share <= TARGETS["false_share"]
    print(
        f"targets: >= {TARGETS['docs_per_s']} documents/s, recall >= {TARGETS['recall']}, "
        f"false pairs <= {TARGETS['false_share']:.0%}: {'PASS' if ok else 'BELOW'}"
    )
    return 0


def _wal_mib(path: Path) -> float:
    wal = Path(str(path) + "-wal")
    return wal.stat().st_size / 2**20 if wal.exists() else 0.0


if __name__ == "__main__":
    sys.exit(main())
