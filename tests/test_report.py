"""`govnews report`: terminal summary and one self-contained HTML page, rendered by headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govnews.report import CorpusSummary, render_html


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def rec(i: int, site: str, date: str | None, length: int, flags=(), spun=0.0, **extra) -> dict:
    return {"id": f"{i:040x}", "url": f"https://{site}.gov.cn/{i}.html", "site": site, "published_at": date,
            "text": "字" * length, "quality": {"flags": list(flags), "counts": {}, "spun_score": spun}, **extra}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "output"
    write_jsonl(root / "mee" / "20240101T000000Z.jsonl", [
        rec(1, "mee", "2023-01-05", 800), rec(2, "mee", "2023-01-20", 1500, ["short_text"]),
        rec(3, "mee", "2023-02-01T10:00:00+08:00", 2500, spun=0.9, flags=["spun"]),
    ])
    write_jsonl(root / "mee" / "20240101T000000Z.rejects.jsonl", [
        {"input": "u1", "url": "u1", "stage": "fetch", "reason": "http_404", "detail": ""},
        {"input": "u2", "url": "u2", "stage": "page_type", "reason": "list_page", "detail": ""},
    ])
    write_jsonl(root / "mee" / "20240101T000000Z.dups.jsonl", [{**rec(4, "mee", "2023-01-05", 800), "dup_of": "0" * 39 + "1"}])
    (root / "mee" / "20240101T000000Z.stats.json").write_text(
        json.dumps({"skipped_by_reason": {"known": 7}, "interrupted": False}), encoding="utf-8")
    # a second run of the site, killed mid-line: the torn line is skipped
    (root / "mee" / "20240102T000000Z.jsonl").write_text(
        json.dumps(rec(5, "mee", "2023-03-01", 300, canonical_switch={"replaces": "x", "url": None,
                                                                       "reason": "official_host"})) + "\n{\"id\": \"tor",
        encoding="utf-8")
    write_jsonl(root / "浙江省生态环境厅" / "20240101T000000Z.jsonl", [rec(6, "浙江省生态环境厅", None, 5200, ["redacted_template"])])
    (root / ".state").mkdir()
    return root


def test_summary_counts(corpus):
    s = CorpusSummary.read(corpus)
    assert s.runs == 3 and s.records == 5
    assert dict(s.records_by_site) == {"mee": 4, "浙江省生态环境厅": 1}
    assert s.records_by_month["2023-01"]["mee"] == 2 and s.records_by_month["unknown"]["浙江省生态环境厅"] == 1
    assert dict(s.duplicates_by_site) == {"mee": 1} and s.canonical_switches == 1
    assert dict(s.rejections_by_reason) == {"http_404": 1, "list_page": 1}
    assert s.flags["spun"] == 1 and s.skipped_by_reason["known"] == 7
    assert s.length_stats()["median"] == 1500


def test_report_command_prints_and_writes_a_self_contained_page(corpus, tmp_path):
    page = tmp_path / "report.html"
    proc = subprocess.run([sys.executable, "-m", "govnews.cli", "report", str(corpus), "--html", str(page)],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "3 runs, 2 sites, 5 records, 1 duplicates (1 canonical switches), 2 rejections" in out
    assert re.search(r"浙江省生态环境厅\s+1\s+0\s+0", out)
    assert re.search(r"2023-01\s+2\s+0\s+2", out)
    assert "median 1500" in out
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") >= 5 and "浙江省生态环境厅" in html
    # self-contained: no external script, style, image or font
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    message = "headless Chromium is missing (apt-get install -y chromium): the report page cannot be rendered"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def screenshot(browser: str, page: Path, png: Path, profile: Path) -> None:
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,1100",
         "--hide-scrollbars", f"--screenshot={png}", page.resolve().as_uri()],
        capture_output=True, timeout=120,
    )
    assert proc.returncode == 0 and png.exists(), proc.stderr.decode()[-2000:]


def test_report_page_renders_in_headless_chromium(corpus, tmp_path):
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(render_html(CorpusSummary.read(corpus)), encoding="utf-8")
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    shot, blank_shot = tmp_path / "report.png", tmp_path / "blank.png"
    screenshot(browser, page, shot, tmp_path / "profile")
    screenshot(browser, blank, blank_shot, tmp_path / "profile")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # charts and text make the picture: a rendered report compresses far worse than an empty page
    assert shot.stat().st_size > 10 * blank_shot.stat().st_size, (shot.stat().st_size, blank_shot.stat().st_size)
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.resolve().as_uri()],
                         capture_output=True, timeout=120)
    assert dom.stdout.count(b"<rect") >= 10 and b"govnews corpus report" in dom.stdout


def test_runs_without_a_records_file_still_count(tmp_path):
    """An incremental run that found nothing new writes rejections and stats, but no records."""
    site = tmp_path / "mirror-trs"
    site.mkdir()
    (site / "20260101T000000Z.stats.json").write_text('{"skipped_by_reason": {"known": 4}}', encoding="utf-8")
    (site / "20260101T000000Z.rejects.jsonl").write_text('{"reason": "truncated"}\n', encoding="utf-8")
    summary = CorpusSummary.read(tmp_path)
    assert summary.runs == 1 and summary.rejections_by_reason == {"truncated": 1}
    assert summary.skipped_by_reason == {"known": 4}
