"""Dedup: exact and near duplicates (real MinHash, real SQLite files), canonical choice, runs, the CLI."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners import ConfigError, Document, load_rules
from cleaners.dedup import Deduper, RunDedup, entry_key, normalize, open_deduper, open_index

from .conftest import SEEDS, validate_record

SEED000 = SEEDS / "000_f293c8c3ae881739.txt"
EXPECTED = SEEDS / "expected"


def expected_text(seed: str) -> str:
    return json.loads((EXPECTED / f"{seed}.json").read_text(encoding="utf-8"))["text"]


def record(text: str, url: str, published_at: str | None = None, converted: bool = False, flags=()) -> dict:
    import hashlib

    return {
        "id": hashlib.sha1(url.encode()).hexdigest(),
        "url": url,
        "text": text,
        "published_at": published_at,
        "converted_from": "zh-Hant" if converted else None,
        "quality": {"flags": list(flags)},
    }


def edited(text: str, share: float, seed: int = 1) -> str:
    """`share` of the characters replaced, in runs of 1-6, by characters of another seed."""
    rng = random.Random(seed)
    chars, donor = list(text), expected_text("003")
    budget = int(len(chars) * share)
    while budget > 0:
        run = min(budget, rng.randint(1, 6))
        at = rng.randrange(len(chars) - run)
        start = rng.randrange(len(donor) - run)
        chars[at : at + run] = donor[start : start + run]
        budget -= run
    return "".join(chars)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture
def deduper(rules):
    d = open_deduper(rules, run="test")
    yield d
    d.close(commit=False)


def test_normalize_ignores_punctuation_spacing_and_width():
    assert normalize("生态环境，保护！\n Ｐ Ｍ２.５") == normalize("生态环境保护pm25")


def test_exact_duplicate_despite_punctuation_and_line_breaks(deduper):
    text = expected_text("003")
    assert deduper.check(record(text, "https://a.example.com/1")).kind == "unique"
    decision = deduper.check(record(text.replace("\n", "").replace("，", ","), "https://b.example.com/2"))
    assert decision.kind == "duplicate" and decision.similarity == 1.0


def test_near_duplicate_found_and_unrelated_text_is_not(deduper, rules):
    original = record(expected_text("004"), "https://www.gd.gov.cn/a/1.html", "2022-02-18")
    assert deduper.check(original).kind == "unique"
    copy_ = record(edited(original["text"], 0.15), "https://news.example.com/c/9.html", "2022-02-19")
    decision = deduper.check(copy_)
    assert decision.kind == "duplicate" and decision.dup_of == original["id"]
    assert rules.dedup["threshold"] <= decision.similarity < 1.0
    assert deduper.check(record(expected_text("003"), "https://other.example.com/x")).kind == "unique"


def test_candidates_are_verified_with_exact_jaccard(rules):
    """A copy with 25 % of its characters changed is an LSH candidate of its original, but under
    a 0.9 threshold the exact Jaccard check turns it away."""
    strict = copy.deepcopy(rules.dedup)
    strict.update(threshold=0.9, prefilter_margin=0.9)
    d = Deduper(strict, open_index(strict), run="t")
    text = expected_text("004")
    d.check(record(text, "https://a.example.com/1"))
    assert d.check(record(edited(text, 0.25), "https://b.example.com/2")).kind == "unique"
    assert d.counts["candidates"] >= 1 and d.counts["exact_checks"] >= 1 and d.counts["verified"] == 0
    d.close(commit=False)


def test_traditional_repost_matches_its_simplified_original_and_loses(pipeline, deduper):
    """Seed 000 is a Traditional repost: the pipeline converts it, and the Simplified original wins."""
    repost = pipeline.run(Document(origin=str(SEED000), text=SEED000.read_text(encoding="utf-8"), is_html=False))
    assert repost["converted_from"] == "zh-Hant"
    original = record(expected_text("000"), "https://www.example.com/original.html", "2020-12-18")
    assert deduper.check(repost).kind == "unique"
    decision = deduper.check(original)
    assert decision.kind == "canonical" and decision.reason == "simplified_original"
    assert decision.replaces == repost["id"]


@pytest.mark.parametrize(
    "better, worse, reason",
    [
        (dict(url="https://www.mee.gov.cn/a.html", published_at="2022-03-01"),
         dict(url="https://news.example.com/a.html", published_at="2022-01-01"), "official_host"),
        (dict(url="https://a.example.com/1", converted=False), dict(url="https://b.example.com/2", converted=True),
         "simplified_original"),
        (dict(url="https://a.example.com/1"), dict(url="https://b.example.com/2", flags=["spun"]), "unflagged"),
        (dict(url="https://a.example.com/1", published_at="2021-05-01"),
         dict(url="https://b.example.com/2", published_at="2021-06-01"), "earliest_published"),
        (dict(url="https://a.example.com/1", published_at="2021-05-01"), dict(url="https://b.example.com/2"),
         "earliest_published"),
    ],
)
def test_canonical_choice_whatever_the_order(rules, better, worse, reason):
    text = expected_text("002")
    for first, second in ((better, worse), (worse, better)):
        run = RunDedup(open_deduper(rules, run="r"))
        records = [record(text, **first), record(text, **second)]
        decisions = [run.add(r) for r in records]
        kept, dups = [], []
        run.finish(kept.append, dups.append)
        assert [r["url"] for r in kept] == [better["url"]]
        assert [(r["url"], r["dup_of"]) for r in dups] == [(worse["url"], record(text, **better)["id"])]
        if first is worse:
            assert decisions[1].kind == "canonical" and decisions[1].reason == reason
        run.deduper.close(commit=False)


def test_tie_keeps_the_first_copy(deduper):
    text = expected_text("002")
    first, second = record(text, "https://a.example.com/1"), record(text, "https://b.example.com/2")
    deduper.check(first)
    assert deduper.check(second).dup_of == first["id"]


def test_persistent_index_across_runs_records_the_switch(tmp_path, rules):
    """A repost kept in run 1; the official original in run 2 becomes canonical and names the repost
    it replaces (nothing deleted); run 3's other repost is a duplicate of the original; an unchanged
    record seen again is known."""
    index = tmp_path / "dedup.sqlite"
    text = expected_text("004")
    repost = record(text, "https://news.example.com/1.html", "2022-02-19")
    official = record(edited(text, 0.05), "https://sthjt.gd.gov.cn/1.html", "2022-02-18")
    other = record(edited(text, 0.10, seed=2), "https://blog.example.net/9.html")

    def run(run_id, *records):
        dedup = RunDedup(open_deduper(rules, index, run=run_id, auto_commit=False))
        for r in records:
            dedup.add(r)
        kept, dups = [], []
        dedup.finish(kept.append, dups.append)
        dedup.deduper.close()
        return kept, dups

    kept, dups = run("run1", repost)
    assert [r["id"] for r in kept] == [repost["id"]] and not dups
    kept, dups = run("run2", official)
    assert [r["id"] for r in kept] == [official["id"]]
    assert kept[0]["canonical_switch"] == {"replaces": repost["id"], "url": repost["url"], "reason": "official_host"}
    kept, dups = run("run3", other, repost)
    assert not kept
    assert [(r["id"], r["dup_of"]) for r in dups] == [(other["id"], official["id"]), (repost["id"], official["id"])]
    assert index.stat().st_size > 0


def test_uncommitted_run_leaves_no_trace(tmp_path, rules):
    index = tmp_path / "dedup.sqlite"
    d = open_deduper(rules, index, run="crashed", auto_commit=False)
    d.check(record(expected_text("003"), "https://a.example.com/1"))
    d.close(commit=False)
    d = open_deduper(rules, index, run="next")
    assert d.check(record(expected_text("003"), "https://a.example.com/1")).kind == "unique"
    d.close()


def test_index_built_with_other_parameters_is_refused(tmp_path, rules):
    index = tmp_path / "dedup.sqlite"
    open_deduper(rules, index).close()
    other = copy.deepcopy(rules.dedup)
    other["num_perm"], other["bands"] = 64, 16
    with pytest.raises(ConfigError, match=r"dedup\.sqlite: signature: index built with"):
        open_index(other, index)


def test_bands_must_divide_num_perm(tmp_path):
    config = tmp_path / "configs"
    config.mkdir()
    root = Path(__file__).resolve().parent.parent / "configs"
    for f in root.glob("*.yaml"):
        (config / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    dedup = (config / "dedup.yaml").read_text(encoding="utf-8")
    (config / "dedup.yaml").write_text(dedup.replace("bands: 40 ", "bands: 7 "), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"dedup\.yaml: bands: 7 does not divide num_perm"):
        open_deduper(load_rules(config))


def test_entry_key_tells_apart_two_files_with_one_text():
    assert entry_key("a" * 40, "file:///x.txt") != entry_key("a" * 40, "file:///y.txt")


# --- the command line -------------------------------------------------------------------


def clean(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "govnews.cli", "clean", *args], capture_output=True, timeout=300, cwd=cwd)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_clean_dedups_traditional_repost_against_simplified_original(tmp_path):
    """Done-when of issue 11: seed 000 (Traditional repost) with a Simplified original of the same
    article gives one canonical (the Simplified one) and one dup_of; cleaning the same files again
    without --index gives the same answer, with --index the second run is all duplicates."""
    original = tmp_path / "original.txt"
    original.write_text("全国海洋生态环境保护工作会议召开\n\n" + expected_text("000"), encoding="utf-8")
    out = tmp_path / "out" / "c.jsonl"
    for attempt in range(2):
        proc = clean(str(SEED000), str(original), "-o", str(out))
        assert proc.returncode == 0, proc.stderr.decode()
        (kept,) = read_jsonl(out)
        (dup,) = read_jsonl(out.with_name("c.dups.jsonl"))
        assert kept["url"] == original.resolve().as_uri() and kept["converted_from"] is None
        assert dup["converted_from"] == "zh-Hant" and dup["dup_of"] == kept["id"]
        validate_record(kept)
        validate_record(dup)
        assert "1 records, 0 rejections (none), 1 duplicates" in proc.stderr.decode()

    index = tmp_path / "idx.sqlite"
    first = clean(str(SEED000), str(original), "-o", str(tmp_path / "r1.jsonl"), "--index", str(index))
    second = clean(str(original), "-o", str(tmp_path / "r2.jsonl"), "--index", str(index))
    assert first.returncode == 0 and second.returncode == 0, second.stderr.decode()
    assert read_jsonl(tmp_path / "r2.jsonl") == []
    assert [d["dup_of"] for d in read_jsonl(tmp_path / "r2.dups.jsonl")] == [kept["id"]]

    keep = clean(str(SEED000), str(original), "-o", str(tmp_path / "k.jsonl"), "--keep-duplicates")
    both = read_jsonl(tmp_path / "k.jsonl")
    assert len(both) == 2 and [r.get("dup_of") for r in both] == [kept["id"], None]
    assert not (tmp_path / "k.dups.jsonl").exists()
    assert keep.returncode == 0


def test_short_texts_still_have_exact_duplicates(deduper):
    assert deduper.check(record("通知：明日停水。", "https://a.example.com/1")).kind == "unique"
    assert deduper.check(record("通知:明日停水", "https://b.example.com/2")).kind == "duplicate"
