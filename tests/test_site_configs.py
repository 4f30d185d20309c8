"""The real site files in configs/sites/: they validate, and each one crawls a copy of its site.

This machine cannot reach the real sites, so each site file is exercised on a tiny loopback
site built in that site's CMS template and URL layout (tests/fixtures/sites/<name>/: a
robots.txt, the list page at the start URL's path, two articles at paths of the real
article URL structure). The site file is copied with only `allowed_domains` and
`start_urls` pointed at the loopback host, and one `govnews crawl` subprocess crawls every
site, with the default (polite) settings.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
import threading
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest
import yaml

from .conftest import REPO, validate_record

SITES_DIR = REPO / "configs" / "sites"
FIXTURES = REPO / "tests" / "fixtures" / "sites"
ADDRESSES = {"mee": "127.0.0.21", "govcn": "127.0.0.22", "zj-sthjt": "127.0.0.23", "gd-sthjt": "127.0.0.24"}
CONTENT_TYPES = {".shtml": "text/html", ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
                 ".txt": "text/plain"}
INDEX_PAGES = ("index.shtml", "index.html", "index.htm")


@dataclass(frozen=True)
class Expected:
    title: str
    date: str  # YYYY-MM-DD
    source: str
    paragraphs: tuple[str, ...]


EXPECTED: dict[str, dict[str, Expected]] = {
    "mee": {
        "/ywdt/hjywnews/202405/t20240520_1073215.shtml": Expected(
            "生态环境部部署开展入河排污口排查整治“回头看”", "2024-05-20", "生态环境部", (
                "近日，生态环境部印发通知，部署各地对已完成排查的入河排污口开展整治情况“回头看”，重点核查排污口台账与现场是否一致、整治措施是否落实到位、监测监管是否覆盖到口。",
                "通知要求，各地要以长江、黄河等重点流域为主，组织对已销号的排污口逐一复核，对“明排暗改”、整治后反弹等问题建立清单、限期整改，整改不到位的不得销号。",
                "通知明确，“回头看”工作将与流域水生态环境保护规划实施评估相衔接，复核结果纳入相关考核，对工作推进滞后的地区采取函告、约谈等方式督促落实。",
                "生态环境部有关负责人表示，入河排污口是污染物进入水体的最后一道关口，下一步将加快完善排污口分类监管制度，推动建立责任明晰、设置合理、管理规范的长效监管机制。",
            )),
        "/ywdt/hjywnews/202405/t20240516_1072988.shtml": Expected(
            "全国生态环境监测工作推进会在京召开", "2024-05-16", "中国环境报", (
                "5月15日，全国生态环境监测工作推进会在北京召开。会议总结了近年来生态环境监测网络建设进展，研究部署下一阶段监测数据质量管理和监测能力建设重点任务。",
                "会议指出，目前国家地表水环境质量监测网已基本实现重点流域干支流全覆盖，城市环境空气质量自动监测站点运行稳定，监测数据已成为评价环境质量、考核治理成效的重要依据。",
                "会议强调，要把数据质量作为监测工作的生命线，严厉打击监测数据弄虚作假行为，健全“谁出数谁负责、谁签字谁负责”的责任追溯制度，推进监测机构质量体系建设。",
                "会议要求，各地要加快补齐温室气体、新污染物、海洋生态等领域监测短板，推动卫星遥感、走航监测等新技术应用，为深入打好污染防治攻坚战提供有力支撑。",
            )),
    },
    "govcn": {
        "/yaowen/liebiao/202405/content_6952345.htm": Expected(
            "国务院常务会议研究部署加强生态环境分区管控工作", "2024-05-22", "新华社", (
                "国务院日前召开常务会议，听取关于生态环境分区管控工作进展情况的汇报，研究部署下一步重点任务。",
                "会议指出，生态环境分区管控是以保障生态功能和改善环境质量为目标的空间管控制度。要把分区管控成果作为产业布局、项目选址和资源开发的重要依据，从源头上预防生态环境问题。",
                "会议要求，各地区各有关部门要加快完善省、市两级分区管控方案，推动管控单元与国土空间规划有效衔接，建立动态更新和跟踪评估机制，强化数据共享和信息化应用。",
                "会议还研究了其他事项。",
            )),
        "/yaowen/liebiao/202405/content_6951987.htm": Expected(
            "全国碳排放权交易市场启动扩围准备工作", "2024-05-21", "生态环境部网站", (
                "记者从生态环境部获悉，全国碳排放权交易市场扩大行业覆盖范围的准备工作日前启动，首批拟纳入的行业企业将开展碳排放核算、报告与核查。",
                "据介绍，扩围准备工作将按照“成熟一个、纳入一个”的原则分步推进。相关行业企业需在规定时间内完成排放数据报送，地方生态环境部门负责组织核查并加强数据质量监督管理。",
                "生态环境部有关负责人表示，全国碳市场运行以来总体平稳，价格发现作用初步显现。下一步将完善配额分配方法，丰富交易主体和交易产品，推动碳市场在减污降碳协同增效中发挥更大作用。",
            )),
    },
    "zj-sthjt": {
        "/art/2024/5/21/art_1229429478_59034567.html": Expected(
            "全省推进美丽河湖建设现场会召开", "2024-05-21", "浙江省生态环境厅", (
                "5月20日，全省推进美丽河湖建设现场会在丽水召开。会议通报了去年美丽河湖建设成效，交流了各地在流域综合治理、河湖生态修复等方面的经验做法。",
                "会议指出，全省已累计建成一批省级美丽河湖，河湖水质持续改善，水生生物多样性逐步恢复。但部分河段仍存在面源污染反复、岸线生态功能不足等问题，需要持续发力。",
                "会议要求，各地要坚持系统治理、源头治理，统筹水资源、水环境、水生态，深化“污水零直排区”建设，推动美丽河湖建设由点上示范向全域提升转变。",
            )),
        "/art/2024/5/17/art_1229429478_59021134.html": Expected(
            "浙江启动新一轮“无废城市”建设评估", "2024-05-17", "固体废物和化学品处", (
                "近日，省生态环境厅会同有关部门印发通知，启动新一轮“无废城市”建设评估工作，评估范围覆盖全省设区市和部分县（市、区）。",
                "本轮评估将重点考察工业固体废物源头减量和综合利用、生活垃圾分类处理、危险废物规范化环境管理、建筑垃圾资源化利用等方面的工作成效，并首次将塑料污染治理纳入评估内容。",
                "通知要求，各地要对照评估指标体系开展自评，如实报送基础数据和佐证材料。评估结果将向社会公开，并作为相关资金安排的重要参考。",
                "据了解，评估工作将于今年三季度完成，届时将总结推广一批可复制的经验做法。",
            )),
    },
    "gd-sthjt": {
        "/hbxw/content/post_4412345.html": Expected(
            "广东部署推进大气污染防治夏季攻坚行动", "2024-05-20", "广东省生态环境厅", (
                "为应对夏秋季臭氧污染高发态势，省生态环境厅近日印发大气污染防治夏季攻坚行动方案，部署各地在5月至10月期间集中开展挥发性有机物和氮氧化物协同减排。",
                "方案明确，各地要聚焦石化、化工、工业涂装、包装印刷等重点行业，组织开展挥发性有机物治理设施排查，推动低效治理设施升级改造，加强储罐、装卸和敞开液面等环节的无组织排放管控。",
                "方案要求，在臭氧污染易发时段，各地要强化重点区域联防联控，加大对重型柴油货车、非道路移动机械的执法检查力度，并及时向社会发布空气质量预报预警信息。",
            )),
        "/hbxw/content/post_4409876.html": Expected(
            "珠江口海域综合治理攻坚战取得阶段性进展", "2024-05-15", "南方日报", (
                "记者从省生态环境厅获悉，珠江口邻近海域综合治理攻坚战实施以来，沿岸入海河流水质稳步改善，近岸海域优良水质面积比例较攻坚战实施前有所提高。",
                "据介绍，沿海各市持续推进入海排污口排查整治，累计完成一批排污口溯源和分类整治，同步推进城镇污水处理设施提质增效和农业面源污染治理，减少氮磷等污染物入海量。",
                "下一步，省生态环境厅将会同有关部门加强陆海统筹，推动红树林保护修复和美丽海湾建设，完善海洋生态环境监测网络，巩固提升攻坚成效。",
            )),
    },
}

# Page chrome that must never reach a record's text: each template's breadcrumb, info line,
# share bar, print/font tools, editor line and footer.
CHROME_COMMON = ("当前位置", "分享", "责任编辑", "打印", "版权所有", "ICP备", "网站标识码", "首页")
CHROME = {
    "mee": ("要闻动态", "字号", "来源：", "邮箱", "热门搜索", "网站地图"),
    "govcn": ("我要纠错", "字体", "来源：", "相关稿件", "主办单位", "中国政府网"),
    "zj-sthjt": ("发布日期", "信息来源", "浏览次数", "字号", "关闭窗口", "主办单位"),
    "gd-sthjt": ("时间  :", "来源  :", "字号", "【关闭】", "环保新闻", "网站地图"),
}

def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def govnews(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


# --- the loopback sites ------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Serves a fixture folder as the site: paths map to files, a directory to its index page,
    `{base}` in a page to the server's own http://HOST:PORT. Queries are ignored."""

    server_version = "fixture/1"
    sys_version = ""

    def do_GET(self) -> None:
        server = self.server
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        server.hits[path] += 1
        file = server.root.joinpath(*[p for p in path.split("/") if p not in ("", ".", "..")])
        if file.is_dir():
            file = next((file / name for name in INDEX_PAGES if (file / name).is_file()), file)
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes().replace(b"{base}", server.base.encode())
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True


@contextmanager
def serve(name: str):
    server = _Server((ADDRESSES[name], 0), _Handler)
    server.root = FIXTURES / name
    server.base = f"http://{ADDRESSES[name]}:{server.server_address[1]}"
    server.hits = Counter()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def loopback_site_file(name: str, base: str, folder: Path) -> Path:
    """configs/sites/NAME.yaml with only allowed_domains and start_urls moved to `base` (same paths)."""
    site = yaml.safe_load((SITES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    host = urlsplit(base)
    site["allowed_domains"] = [host.hostname]
    site["start_urls"] = [urlunsplit((host.scheme, host.netloc, *urlsplit(url)[2:])) for url in site["start_urls"]]
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """One `govnews crawl` of every site file's loopback copy; its records and stats per site."""
    tmp = tmp_path_factory.mktemp("site_configs")
    (tmp / "sites").mkdir()
    with ExitStack() as stack:
        servers = {name: stack.enter_context(serve(name)) for name in ADDRESSES}
        args = ["crawl", "--output", str(tmp / "out"), "--workers", "1"]
        for name, server in servers.items():
            args += ["--site-file", str(loopback_site_file(name, server.base, tmp / "sites"))]
        proc = govnews(*args)
    runs = {}
    for name, server in servers.items():
        folder = tmp / "out" / name
        records = [r for p in sorted(folder.glob("*.jsonl"))
                   if not p.name.endswith((".rejects.jsonl", ".dups.jsonl")) for r in read_jsonl(p)]
        stats = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.stats.json")]
        runs[name] = {"base": server.base, "hits": server.hits, "records": records, "stats": stats[0] if stats else {}}
    return {"proc": proc, "runs": runs}


# --- the site files -----------------------------------------------------------------------


def test_every_site_file_passes_check_config_and_real_sites_are_unverified():
    files = sorted(SITES_DIR.glob("*.yaml"))
    assert len(files) >= 4
    proc = govnews("check-config")
    assert proc.returncode == 0, proc.stderr
    ok_lines = [line for line in proc.stdout.splitlines() if line.startswith("ok  ")]
    assert len(ok_lines) == len(files), proc.stdout
    for path in files:
        site = yaml.safe_load(path.read_text(encoding="utf-8"))
        (line,) = [line for line in ok_lines if line.startswith(f"ok  {path.stem}: ")]
        assert f"{site['name']} ({site['cms']})" in line
        # nothing here could be fetched from this machine: every real site is unverified
        assert site["verified"] is False and "(verified: false)" in line, path
        assert site.get("description"), path
        for url in site["start_urls"]:
            assert urlsplit(url).hostname in site["allowed_domains"], path


def test_every_real_site_file_has_a_loopback_site():
    assert {p.stem for p in SITES_DIR.glob("*.yaml")} == set(ADDRESSES) == set(EXPECTED)
    for name, articles in EXPECTED.items():
        site = yaml.safe_load((SITES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        start_path = urlsplit(site["start_urls"][0]).path
        folder = FIXTURES / name / start_path.strip("/")
        assert folder.is_file() or any((folder / index).is_file() for index in INDEX_PAGES), name
        assert (FIXTURES / name / "robots.txt").is_file()
        article_re = re.compile(site["article_url_pattern"])
        assert not article_re.search(site["start_urls"][0])
        for path in articles:
            # the fixture's article paths follow the real URL structure the site file matches
            assert (FIXTURES / name / path.lstrip("/")).is_file(), path
            assert article_re.search(f"https://{site['allowed_domains'][0]}{path}"), path


# --- crawling the loopback copies ---------------------------------------------------------


def test_crawl_exits_cleanly_with_a_summary_line_per_site(crawl):
    proc = crawl["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ADDRESSES:
        assert f"{name}: " in proc.stderr
    for name, run in crawl["runs"].items():
        assert run["hits"]["/robots.txt"] == 1, name
        assert run["stats"]["list_pages"] >= 1 and run["stats"]["reconciles"], (name, run["stats"])


@pytest.mark.parametrize("name", list(ADDRESSES))
def test_both_articles_become_clean_records(crawl, name):
    run = crawl["runs"][name]
    expected = {run["base"] + path: article for path, article in EXPECTED[name].items()}
    records = {r["url"]: r for r in run["records"]}
    assert sorted(records) == sorted(expected), run["stats"]
    for url, article in expected.items():
        record = records[url]
        validate_record(record)
        assert record["site"] == name
        assert record["title"] == article.title
        assert record["published_at"][:10] == article.date
        assert record["source"] == article.source
        text = record["text"]
        assert text.splitlines() == list(article.paragraphs), text
        for chrome in CHROME_COMMON + CHROME[name]:
            assert chrome not in text, (url, chrome)


def test_hanweb_datastore_links_are_followed(crawl):
    """Hanweb column pages list their articles only inside <script type="text/xml"> datastores."""
    run = crawl["runs"]["zj-sthjt"]
    assert run["hits"]["/col/col1229429478"] == 1
    for path in EXPECTED["zj-sthjt"]:
        assert run["hits"][path] == 1


@pytest.mark.parametrize("path", sorted(EXPECTED["zj-sthjt"]))
def test_hanweb_articles_clean_with_the_site_file(path):
    """The zj-sthjt site file's extraction on its article template, without the crawl."""
    article = EXPECTED["zj-sthjt"][path]
    proc = govnews("clean", str(FIXTURES / "zj-sthjt" / path.lstrip("/")), "--site", str(SITES_DIR / "zj-sthjt.yaml"),
                   "--url", f"https://sthjt.zj.gov.cn{path}")
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert record["title"] == article.title and record["published_at"][:10] == article.date
    assert record["text"].splitlines() == list(article.paragraphs)
    for chrome in CHROME_COMMON + CHROME["zj-sthjt"]:
        assert chrome not in record["text"], chrome
