"""The five seed pages end to end, against expectations written by hand from the seeds and NOISE.md."""

from __future__ import annotations

import json

import pytest

from cleaners import Document
from cleaners.decode import decode_text_bytes

from .conftest import SEEDS, validate_record

SEED_FILES = sorted(SEEDS.glob("0*.txt"))
FIELDS = ("title", "published_at", "source", "author", "summary", "keywords", "original_title", "converted_from")


def clean_seed(pipeline, path):
    text, _ = decode_text_bytes(path.read_bytes())
    return pipeline.run(Document(origin=str(path), is_html=False, text=text))


def expected(path):
    return json.loads((SEEDS / "expected" / f"{path.name[:3]}.json").read_text(encoding="utf-8"))


def test_all_five_seeds_are_fixtures():
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_metadata(pipeline, path):
    record = clean_seed(pipeline, path)
    assert isinstance(record, dict), record
    want = expected(path)
    assert {f: record[f] for f in FIELDS} == {f: want[f] for f in FIELDS}


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_text(pipeline, path):
    record = clean_seed(pipeline, path)
    want = expected(path)
    got_lines, want_lines = record["text"].split("\n"), want["text"].split("\n")
    missing = [line for line in want_lines if line not in got_lines]
    extra = [line for line in got_lines if line not in want_lines]
    assert not missing, f"body paragraphs lost: {missing[:3]}"
    assert not extra, f"lines that should be gone: {extra[:3]}"
    assert record["text"] == want["text"]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_boilerplate_gone(pipeline, path):
    record = clean_seed(pipeline, path)
    for fragment in expected(path)["must_not_contain"]:
        assert fragment not in record["text"], fragment


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_record_matches_schema(pipeline, path):
    validate_record(clean_seed(pipeline, path))


def test_seed_flags(pipeline):
    flags = {p.name[:3]: clean_seed(pipeline, p)["quality"]["flags"] for p in SEED_FILES}
    assert "redacted_template" in flags["002"]
    assert "content_farm" in flags["001"]
    assert "redacted_template" not in flags["000"] and "encoding_damage" not in flags["004"]


def test_seed_ids_do_not_depend_on_file_location(pipeline, tmp_path):
    path = SEED_FILES[0]
    moved = tmp_path / "elsewhere.txt"
    moved.write_bytes(path.read_bytes())
    assert clean_seed(pipeline, path)["id"] == clean_seed(pipeline, moved)["id"]
