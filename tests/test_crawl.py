"""Crawling the bundled mirror through the real Scrapy engine, over real HTTP on loopback.

One crawl of every mirror site runs once for the module (a subprocess running
`govnews crawl --site-file ...`, as a user would) while the mirror serves from
this process, so the tests can read both the corpus and what the mirror served.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.mirror.server import serve_mirror

from .conftest import REPO, validate_record


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def write_site_files(mirror, folder: Path) -> list[Path]:
    """configs/mirror/<site>.yaml with the mirror's port filled in, as files a user would pass."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, site in mirror.sites.items():
        text = (REPO / "configs" / "mirror" / f"{name}.yaml").read_text(encoding="utf-8")
        path = folder / f"{name}.yaml"
        path.write_text(text.replace("{port}", str(site.port)), encoding="utf-8")
        paths.append(path)
    return paths


def govnews(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with serve_mirror() as mirror:
        site_files = write_site_files(mirror, tmp / "sites")
        args = ["crawl", "--output", str(tmp / "out"), "--workers", "2"]
        for path in site_files:
            args += ["--site-file", str(path)]
        proc = govnews(*args)
        runs = {}
        for site in mirror.sites:
            folder = tmp / "out" / f"mirror-{site}"
            (stats_path,) = folder.glob("*.stats.json")
            run_id = stats_path.name.removesuffix(".stats.json")
            runs[site] = {
                "stats": json.loads(stats_path.read_text()),
                "records": read_jsonl(folder / f"{run_id}.jsonl"),
                "rejects": read_jsonl(folder / f"{run_id}.rejects.jsonl"),
                "dups": read_jsonl(folder / f"{run_id}.dups.jsonl"),
            }
        yield {"proc": proc, "mirror": mirror, "runs": runs, "hits": dict(mirror.hits)}


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_crawl_exits_cleanly_with_a_summary_line_per_site(crawl):
    proc = crawl["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    for site in crawl["mirror"].sites:
        assert f"mirror-{site}: " in proc.stderr


def test_every_expected_article_is_exactly_one_valid_record(crawl):
    for site, run in crawl["runs"].items():
        expected = crawl["mirror"].expected[site]
        urls = [r["url"] for r in run["records"]]
        assert sorted(urls) == sorted(expected.articles), site
        for record in run["records"]:
            validate_record(record)
            assert record["site"] == f"mirror-{site}" and record["fetched_at"]


def test_counts_reconcile(crawl):
    for site, run in crawl["runs"].items():
        stats = run["stats"]
        assert stats["reconciles"], stats
        assert stats["records"] == len(run["records"]) and stats["rejections"] == len(run["rejects"])
        assert stats["duplicates"] == len(run["dups"])
        assert stats["articles"] == stats["records"] + stats["duplicates"] + stats["rejections"] + stats["skipped"]


def test_robots_disallowed_articles_are_never_fetched(crawl):
    mirror = crawl["mirror"]
    disallowed = [url for e in mirror.expected.values() for url in e.disallowed]
    assert disallowed
    for url in disallowed:
        assert mirror.hit_count(url) == 0, url


def test_article_url_variants_are_fetched_once(crawl):
    """An article linked as relative, absolute, ?from=index and #anchor URLs is fetched once."""
    mirror = crawl["mirror"]
    articles = {url for e in mirror.expected.values() for url in e.articles}
    variants = {url for e in mirror.expected.values() for url in e.variants} & articles
    assert variants
    for url in variants:
        assert mirror.hit_count(url) == 1, url


def test_nothing_off_domain_and_offsite_redirects_are_skipped(crawl):
    for site, run in crawl["runs"].items():
        for record in run["records"]:
            assert record["url"].startswith(crawl["mirror"].sites[site].base_url)
    govcn = crawl["runs"]["govcn"]
    assert govcn["stats"]["skipped_by_reason"].get("offsite_redirect") == 1


def test_same_site_redirect_lands_on_the_article(crawl):
    mirror = crawl["mirror"]
    for old, new in mirror.expected["trs"].redirects.items():
        if new.startswith(mirror.sites["trs"].base_url):
            assert mirror.hit_count(new) == 1


def test_gbk_site_without_any_charset_is_detected(crawl):
    records = crawl["runs"]["city"]["records"]
    assert records
    for record in records:
        assert record["encoding"]["name"] == "gb18030" and record["encoding"]["how"] == "detected"
        assert "生态" in record["text"] or "环境" in record["text"]


def test_traditional_site_comes_out_simplified(crawl):
    records = crawl["runs"]["hant"]["records"]
    assert records and all(r["converted_from"] == "zh-Hant" for r in records)
    assert not any("環境" in r["text"] or "(tài)" in r["text"] for r in records)


def test_truncated_article_is_a_rejection(crawl):
    truncated = crawl["mirror"].expected["trs"].truncated
    rejects = {r["url"]: r for r in crawl["runs"]["trs"]["rejects"]}
    for url in truncated:
        assert rejects[url]["reason"] == "truncated" and rejects[url]["status"] == 200


def test_pdf_attachment_is_a_field_not_a_fetch(crawl):
    mirror = crawl["mirror"]
    records = {r["url"]: r for r in crawl["runs"]["trs"]["records"]}
    for article, pdfs in mirror.expected["trs"].with_attachment.items():
        assert records[article]["attachments"] == pdfs
        for pdf in pdfs:
            assert mirror.hit_count(pdf) == 0


def test_not_found_page_served_with_200_is_rejected(crawl):
    not_found = crawl["mirror"].expected["hanweb"].not_found_200
    rejects = {r["url"]: r["reason"] for r in crawl["runs"]["hanweb"]["rejects"]}
    for url in not_found:
        assert rejects[url] == "not_found"


def test_check_config_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ncms: trs\nallowed_domains: [a.gov.cn]\nstart_urls: ['http://a.gov.cn/']\n"
                   "article_url_pattern: '/t(\\d+'\nfrequency: daily\n", encoding="utf-8")
    proc = govnews("check-config", str(bad))
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1 and str(bad) in line and ("article_url_pattern" in line or "frequency" in line)
    missing = tmp_path / "missing.yaml"
    missing.write_text("name: m\ncms: trs\nallowed_domains: [a.gov.cn]\nstart_urls: ['http://a.gov.cn/']\n", encoding="utf-8")
    proc = govnews("check-config", str(missing))
    assert proc.returncode == 2 and "article_url_pattern" in proc.stderr


def test_check_config_accepts_the_shipped_sites():
    proc = govnews("check-config")
    assert proc.returncode == 0, proc.stderr
