"""End to end on the 57 labelled real pages in ../shared/pages: every page a valid record or a rejection."""

from __future__ import annotations

import json

import pytest

from cleaners import Rejection
from cleaners.decode import Decode
from cleaners.inputs import make_document

from .conftest import shared_dir, validate_record


@pytest.fixture(scope="module")
def pages():
    manifest = shared_dir("pages", "manifest.jsonl")
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row, (manifest.parent / row["html_path"]).read_bytes()) for row in rows]


def test_every_page_is_a_valid_record_or_rejection(pipeline, pages):
    assert len(pages) == 57
    for row, data in pages:
        result = pipeline.run(make_document(row["html_path"], data, url=row["url"], is_html=True))
        if isinstance(result, Rejection):
            assert result.reason, row["id"]
            continue
        validate_record(result)
        assert result["encoding"]["how"] in ("declared", "corrected", "detected")


def test_no_more_replacement_characters_than_the_best_codec_gives(pipeline, pages):
    """Decoding leaves no more U+FFFD than the page's own invalid bytes give under its best-fitting codec."""
    decode = Decode(pipeline.rules)
    for row, data in pages:
        doc = decode.process(make_document(row["html_path"], data, is_html=True))
        best = min(
            data.decode(codec, errors="replace").count("\ufffd")
            for codec in ("utf-8", "gb18030", "big5hkscs", "utf-16")
        )
        assert doc.html.count("\ufffd") <= best, (row["id"], doc.encoding)
