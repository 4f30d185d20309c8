"""Scheduled-crawl behaviour against the mirror: incremental re-runs, --refresh with
conditional GET, SIGKILL and resume, the overlap lock, and re-cleaning the WARC archive."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crawler.mirror.server import serve_mirror
from crawler.state import SiteLock, state_dir

from .conftest import REPO, validate_record
from .test_crawl import read_jsonl, write_site_files

SITES = ["trs", "city"]


def crawl(site_files, output: Path, *extra: str) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "govnews.cli", "crawl", "--output", str(output), "--workers", "1", *extra]
    for path in site_files:
        args += ["--site-file", str(path)]
    return subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=REPO)


def runs(output: Path, site: str) -> list[dict]:
    """Each run of a site under `output`, oldest first: stats, records, rejections."""
    folder = output / f"mirror-{site}"
    found = []
    for stats_path in sorted(folder.glob("*.stats.json")):
        run_id = stats_path.name.removesuffix(".stats.json")
        found.append({"stats": json.loads(stats_path.read_text()), "records": read_jsonl(folder / f"{run_id}.jsonl"),
                      "rejects": read_jsonl(folder / f"{run_id}.rejects.jsonl"),
                      "warc": folder / f"{run_id}.warc.gz"})
    return found


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def mirror():
    with serve_mirror(SITES) as served:
        yield served


@pytest.fixture(scope="module")
def site_files(mirror, tmp_path_factory):
    return write_site_files(mirror, tmp_path_factory.mktemp("sites"))


@pytest.fixture(scope="module")
def two_runs(mirror, site_files, tmp_path_factory):
    output = tmp_path_factory.mktemp("out")
    first = crawl(site_files, output)
    hits_after_first = {url: mirror.hit_count(url) for s in SITES for url in mirror.expected[s].articles}
    second = crawl(site_files, output)
    return {"output": output, "first": first, "second": second, "hits": hits_after_first}


def test_second_run_emits_no_new_records_and_fetches_no_known_article(two_runs, mirror):
    assert two_runs["first"].returncode == 0 and two_runs["second"].returncode == 0, two_runs["second"].stderr[-2000:]
    for site in SITES:
        first, second = runs(two_runs["output"], site)
        assert len(first["records"]) == len(mirror.expected[site].articles)
        assert second["records"] == [] and second["stats"]["skipped_by_reason"]["known"] == len(first["records"])
        assert second["stats"]["reconciles"]
        for url in mirror.expected[site].articles:
            assert mirror.hit_count(url) == two_runs["hits"][url], url


def test_refresh_unchanged_then_changed(two_runs, mirror, site_files):
    output = two_runs["output"]
    unchanged = crawl(site_files, output, "--refresh")
    assert unchanged.returncode == 0, unchanged.stderr[-2000:]
    latest = runs(output, "trs")[-1]
    assert latest["records"] == [] and latest["stats"]["skipped_by_reason"]["not_modified"] == 4

    url = mirror.expected["trs"].articles[0]
    mirror.replace_page(url, mirror_page_with_extra_paragraph(url))
    changed = crawl(site_files, output, "--refresh")
    assert changed.returncode == 0, changed.stderr[-2000:]
    latest = runs(output, "trs")[-1]
    (record,) = latest["records"]
    validate_record(record)
    original = next(r for r in runs(output, "trs")[0]["records"] if r["url"] == url)
    assert record["id"] == original["id"] and record["content_sha1"] != original["content_sha1"]
    assert record["supersedes"] == {"id": original["id"], "content_sha1": original["content_sha1"]}
    assert "会议还通报了近期督察发现的典型问题。" in record["text"]
    assert latest["stats"]["skipped_by_reason"]["not_modified"] == 3


def mirror_page_with_extra_paragraph(url: str) -> bytes:
    import urllib.request

    page = urllib.request.urlopen(url).read().decode("utf-8")
    return page.replace("</p>", "</p><p>会议还通报了近期督察发现的典型问题。</p>", 1).encode("utf-8")


def test_reclean_gives_the_crawl_records(two_runs, tmp_path):
    for site in SITES:
        first = runs(two_runs["output"], site)[0]
        out = tmp_path / f"{site}.jsonl"
        proc = subprocess.run([sys.executable, "-m", "govnews.cli", "reclean", str(first["warc"]), "-o", str(out)],
                              capture_output=True, text=True, timeout=300, cwd=REPO)
        assert proc.returncode == 0, proc.stderr
        assert read_jsonl(out) == first["records"]
        assert [r["reason"] for r in read_jsonl(tmp_path / f"{site}.rejects.jsonl")] == [
            r["reason"] for r in first["rejects"] if r["stage"] != "fetch"
        ]


def test_a_second_run_of_a_locked_site_is_refused(mirror, site_files, tmp_path):
    lock = SiteLock(state_dir(tmp_path), "mirror-trs")
    lock.acquire()
    try:
        proc = crawl([site_files[0]], tmp_path)
    finally:
        lock.release()
    assert proc.returncode == 1
    assert "mirror-trs: FAILED" in proc.stderr and "being crawled by pid" in proc.stderr
    assert not list((tmp_path / "mirror-trs").glob("*.jsonl")) if (tmp_path / "mirror-trs").exists() else True


def test_a_stale_lock_file_is_taken_over(site_files, tmp_path):
    stale = state_dir(tmp_path) / "mirror-trs.lock"
    stale.parent.mkdir(parents=True)
    stale.write_text("pid 999999 on a-host-that-was-killed\n")
    proc = crawl([site_files[0]], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert runs(tmp_path, "trs")[0]["records"]


def test_sigkill_mid_run_then_resume_loses_and_duplicates_nothing(site_files, tmp_path):
    with serve_mirror(["trs"], delay=0.4) as slow:
        files = write_site_files(slow, tmp_path / "sites")
        args = [sys.executable, "-m", "govnews.cli", "crawl", "--output", str(tmp_path / "out"), "--workers", "1",
                "--site-file", str(files[0])]
        proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        folder = tmp_path / "out" / "mirror-trs"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(p.stat().st_size for p in folder.glob("*Z.jsonl")):
            time.sleep(0.05)
        workers = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # mid-run: the first record is out, the others are not
        proc.wait()
        killed = runs(tmp_path / "out", "trs")
        assert len(killed) == 0 or not killed[0]["stats"].get("finished_at")
        resumed = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        expected = sorted(slow.expected["trs"].articles)

    assert workers and not [pid for pid in workers if alive(pid)], "cleaning workers outlived the killed crawl"
    all_runs = runs(tmp_path / "out", "trs")
    assert len(all_runs) == 2
    interrupted, finished = all_runs
    assert interrupted["stats"]["interrupted"] and interrupted["stats"]["reconciles"]
    assert 1 <= len(interrupted["records"]) < len(expected)
    urls = [r["url"] for run in all_runs for r in run["records"]]
    assert sorted(urls) == expected  # every article exactly once, across the two runs
    for path in folder.glob("*.jsonl"):
        assert path.read_bytes().endswith(b"\n") or path.stat().st_size == 0, path


@contextlib.contextmanager
def repost_of(base_url: str, host: str = "127.0.0.7"):
    """Another host serving a site's pages as its own (a repost portal), on loopback."""

    class Repost(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                with urllib.request.urlopen(base_url.rstrip("/") + self.path) as upstream:
                    status, body, kind = upstream.status, upstream.read(), upstream.headers.get("Content-Type")
            except urllib.error.HTTPError as exc:
                status, body, kind = exc.code, b"", "text/html"
            self.send_response(status)
            self.send_header("Content-Type", kind or "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Repost)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_same_articles_on_two_sites_are_recorded_once(mirror, site_files, tmp_path):
    """Dedup is corpus-wide: a second site republishing the first's articles yields duplicates
    pointing at the first site's records, and a --full re-crawl adds nothing."""
    trs = site_files[0]
    site = mirror.sites["trs"]
    first = crawl([trs], tmp_path / "out")
    with repost_of(site.base_url) as hostport:
        repost = tmp_path / "repost.yaml"
        text = trs.read_text(encoding="utf-8").replace("name: mirror-trs", "name: mirror-repost")
        repost.write_text(text.replace(f"{site.host}:{site.port}", hostport).replace(f"[{site.host}]", "[127.0.0.7]"),
                          encoding="utf-8")
        second = crawl([repost], tmp_path / "out")
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    originals = {r["id"] for r in runs(tmp_path / "out", "trs")[0]["records"]}
    folder = tmp_path / "out" / "mirror-repost"
    dups = read_jsonl(next(folder.glob("*.dups.jsonl")))
    assert len(dups) == len(originals) and {d["dup_of"] for d in dups} == originals
    assert all(d["url"].startswith("http://127.0.0.7:") for d in dups)
    assert not [r for path in folder.glob("*Z.jsonl") for r in read_jsonl(path)]
    again = crawl([trs], tmp_path / "out", "--full")
    assert again.returncode == 0
    rerun = runs(tmp_path / "out", "trs")[-1]
    assert rerun["records"] == [] and rerun["stats"]["skipped_by_reason"]["unchanged"] == len(originals)
