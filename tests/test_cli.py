"""`govnews clean` as a user runs it: a real subprocess, files in, JSONL out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import SEEDS, validate_record

GOVNEWS = [sys.executable, "-m", "govnews.cli", "clean"]


def run(*args, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run([*GOVNEWS, *args], input=stdin, capture_output=True, cwd=cwd, timeout=300)


def copy_configs(tmp_path: Path) -> Path:
    """A private copy of the rule files, for a test to break."""
    copy = tmp_path / "configs"
    copy.mkdir()
    for f in (SEEDS.parent.parent.parent / "configs").glob("*.yaml"):
        (copy / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


PAGE = """<html><head><meta charset="gbk"><title>全省生态环境保护工作会议召开_某省生态环境厅</title></head>
<body><div class="nav">当前位置：首页 &gt; 新闻中心</div><h1>全省生态环境保护工作会议召开</h1>
<div class="info">发布时间：2022-02-18 来源：某省生态环境厅</div>
<div class="TRS_Editor"><p>2月18日，全省生态环境保护工作会议在省会召开。会议以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的十九大精神。</p>
<p>会议指出，过去一年全省生态环境质量持续改善，污染防治攻坚战阶段性目标任务圆满完成，生态环境保护工作取得新的成效。</p>
<p>会议要求，各地各部门要坚持精准治污、科学治污、依法治污，深入打好污染防治攻坚战，推动全省生态环境质量持续改善。</p>
<p><a href="/files/plan.pdf">附件：工作方案.pdf</a></p></div>
<div class="footer">版权所有：某省生态环境厅 ICP备12345678号</div></body></html>"""


def test_clean_writes_records_rejections_and_summary(tmp_path):
    html = tmp_path / "page.html"
    html.write_bytes(PAGE.encode("gbk"))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    out = tmp_path / "out" / "corpus.jsonl"
    proc = run(str(html), str(empty), str(SEEDS / "000_f293c8c3ae881739.txt"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    records = read_jsonl(out)
    assert len(records) == 2
    for record in records:
        validate_record(record)
    page = next(r for r in records if r["url"].endswith("page.html"))
    assert page["title"] == "全省生态环境保护工作会议召开"
    assert page["published_at"] == "2022-02-18" and page["source"] == "某省生态环境厅"
    assert page["encoding"] == {"name": "gb18030", "how": "declared"}
    assert "版权所有" not in page["text"] and "当前位置" not in page["text"]
    assert page["url"] == html.resolve().as_uri()
    rejects = read_jsonl(tmp_path / "out" / "corpus.rejects.jsonl")
    assert [r["reason"] for r in rejects] == ["empty_input"]
    assert rejects[0]["input"] == str(empty.resolve())
    summary = proc.stderr.decode()
    assert "3 inputs, 2 records, 1 rejections (empty_input 1)" in summary
    assert "\\u" not in out.read_text(encoding="utf-8")  # UTF-8, never ASCII escapes
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_clean_stdin_to_stdout_with_url(tmp_path):
    proc = run("-", "--url", "https://www.mee.gov.cn/ywdt/202202/t20220218_1.shtml?from=index#top", stdin=PAGE.encode("gbk"))
    assert proc.returncode == 0, proc.stderr.decode()
    (record,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert record["url"] == "https://www.mee.gov.cn/ywdt/202202/t20220218_1.shtml"
    again = run("-", "--url", "https://www.mee.gov.cn/ywdt/202202/t20220218_1.shtml", stdin=PAGE.encode("gbk"))
    assert json.loads(again.stdout)["id"] == record["id"]


def test_clean_directory_recursive(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for i, seed in enumerate(sorted(SEEDS.glob("0*.txt"))):
        (tmp_path / "a" / ("b" if i % 2 else "") / seed.name).write_bytes(seed.read_bytes())
    proc = run(str(tmp_path / "a"))
    assert proc.returncode == 0
    assert len(proc.stdout.decode().splitlines()) == 5


def test_usage_and_config_errors_exit_2_with_one_line(tmp_path):
    missing = run(str(tmp_path / "nope.html"))
    assert missing.returncode == 2 and "nope.html" in missing.stderr.decode()
    bad = copy_configs(tmp_path)
    (bad / "boilerplate.yaml").write_text(
        (bad / "boilerplate.yaml").read_text(encoding="utf-8").replace("name: breadcrumb", "name: breadcrumb\n    colour: red", 1),
        encoding="utf-8",
    )
    proc = run(str(SEEDS / "000_f293c8c3ae881739.txt"), "--config-dir", str(bad))
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2 and len(err.splitlines()) == 1
    assert "boilerplate.yaml" in err and "drop_line[0]" in err and "colour" in err


def test_bad_regex_names_file_and_key(tmp_path):
    bad = copy_configs(tmp_path)
    text = (bad / "metadata.yaml").read_text(encoding="utf-8")
    (bad / "metadata.yaml").write_text(text.replace("(?P<title>[^】]{4,80})", "(?P<title>[^】{4,80}"), encoding="utf-8")
    proc = run(str(SEEDS / "000_f293c8c3ae881739.txt"), "--config-dir", str(bad))
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2 and "metadata.yaml: title_in_line[0]" in err and "bad regex" in err


def test_bad_body_selector_xpath_names_file_and_key(tmp_path):
    bad = copy_configs(tmp_path)
    text = (bad / "extract.yaml").read_text(encoding="utf-8")
    (bad / "extract.yaml").write_text(text.replace("""id("zoom")""", """id("zoom"]""", 1), encoding="utf-8")
    proc = run(str(SEEDS / "000_f293c8c3ae881739.txt"), "--config-dir", str(bad))
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2 and len(err.splitlines()) == 1
    assert "extract.yaml: body_selectors[2]" in err and "bad XPath" in err


def test_help_lists_every_command():
    proc = subprocess.run([sys.executable, "-m", "govnews.cli", "--help"], capture_output=True, timeout=60)
    listed = {line.split()[0] for line in proc.stdout.decode().split("Commands:")[1].splitlines() if line.strip()}
    assert proc.returncode == 0
    assert listed == {"check-config", "clean", "crawl", "demo", "eval", "reclean", "report"}
