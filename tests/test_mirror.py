"""The offline mirror (crawler/mirror): its sites over real loopback HTTP, as a crawler sees them.

Fetches never follow redirects and never use a proxy, so nothing leaves the machine
(one planted redirect points off-domain).
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import urllib.error
import urllib.request
import urllib.robotparser
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from crawler.mirror import serve_mirror
from crawler.mirror.templates import esc

REPO = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 3xx back to the caller


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; 3xx and 4xx are returned, not raised."""
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def mirror():
    with serve_mirror() as running:
        yield running


def test_each_site_has_its_own_loopback_address(mirror):
    hosts = [site.host for site in mirror.sites.values()]
    assert set(mirror.sites) == {"trs", "hanweb", "govcn", "city", "hant"}
    assert len(set(hosts)) == len(hosts)
    for site in mirror.sites.values():
        assert site.host.startswith("127.") and site.host != "127.0.0.1"
        assert site.base_url == f"http://{site.host}:{site.port}/"
        assert site.allowed_domains == [site.host]
        assert all(url.startswith(site.base_url) for url in site.start_urls)


def test_every_site_serves_robots_txt(mirror):
    for site in mirror.sites.values():
        status, headers, body = fetch(site.base_url + "robots.txt")
        assert status == 200 and headers["Content-Type"] == "text/plain"
        assert body.startswith(b"User-agent: *\nDisallow: /")


def test_disallowed_articles_are_real_pages_that_robots_forbid(mirror):
    disallowed = [(name, url) for name, e in mirror.expected.items() for url in e.disallowed]
    assert disallowed
    for name, url in disallowed:
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(fetch(mirror.sites[name].base_url + "robots.txt")[2].decode().splitlines())
        assert not robots.can_fetch("govnews", url)
        status, _, body = fetch(url)
        assert status == 200 and esc(mirror.article(url).title) in body.decode("gbk" if name == "city" else "utf-8")


def test_each_site_has_at_least_four_articles_with_their_text(mirror):
    for name, expected in mirror.expected.items():
        assert len(expected.articles) >= 4, name
        encoding = "gbk" if name == "city" else "utf-8"
        for url in expected.articles:
            status, headers, body = fetch(url)
            assert status == 200 and headers["Content-Type"].startswith("text/html")
            page = body.decode(encoding)
            item = mirror.article(url)
            assert esc(item.title) in page
            assert all(esc(p) in page for p in item.paragraphs), url


def test_city_site_is_gbk_with_no_charset_anywhere(mirror):
    for url in mirror.expected["city"].articles + mirror.expected["city"].lists:
        status, headers, body = fetch(url)
        assert status == 200 and headers["Content-Type"] == "text/html"
        assert b"charset" not in body.lower()
        body.decode("gbk")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
    page = fetch(mirror.expected["city"].articles[0])[2].decode("gbk")
    assert '<td class="bt"' in page and "<font" in page and page.count("<table") >= 4


def test_other_sites_declare_their_charset(mirror):
    for name in ("trs", "hanweb", "govcn", "hant"):
        _, headers, body = fetch(mirror.expected[name].articles[0])
        declared = "charset=" in headers["Content-Type"] or re.search(rb"<meta[^>]+charset=\"?utf-8", body[:1024])
        assert declared, name


def test_trs_lists_paginate_only_by_create_page_html(mirror):
    lists = [url for url in mirror.expected["trs"].lists if "/ywdt/" in url]
    assert [urlsplit(url).path for url in lists] == ["/ywdt/index.html", "/ywdt/index_1.html", "/ywdt/index_2.html"]
    for index, url in enumerate(lists):
        page = fetch(url)[2].decode("utf-8")
        assert f'<script>createPageHTML(3, {index}, "index", "html");</script>' in page
        assert "下一页" not in page and "index_" not in page
    status, _, script = fetch(mirror.sites["trs"].base_url + "common/js/page.js")
    assert status == 200 and b"function createPageHTML" in script


def test_trs_article_has_the_real_chrome(mirror):
    page = fetch(mirror.expected["trs"].articles[0])[2].decode("utf-8")
    body = page[page.index('<div class="TRS_Editor">') :]
    body = body[: body.index("</div>")]
    assert "责任编辑" in body  # inside the body container, as TRS sites put it
    chrome = ("当前位置：", "【字体：", "打印本页", "关闭窗口", "分享到：", "上一篇：", "下一篇：", "相关链接")
    footer = ("版权所有", "京ICP备", "网站标识码")
    for words in chrome + footer:
        assert words in page, words
    assert re.search(r'<div class="info"><span>发布时间：\d{4}-\d\d-\d\d</span> <span>来源：生态环境部</span>', page)


def test_truncated_page_stops_mid_paragraph(mirror):
    (url,) = mirror.expected["trs"].truncated
    status, _, body = fetch(url)
    page = body.decode("utf-8")
    assert status == 200 and "</html>" not in page and not page.rstrip().endswith(">")
    assert len(page[page.index('<div class="TRS_Editor">') :]) < 100


def test_attachment_is_linked_and_served_as_pdf(mirror):
    ((article, pdfs),) = mirror.expected["trs"].with_attachment.items()
    page = fetch(article)[2].decode("utf-8")
    assert "附件：" in page and posixpath.basename(pdfs[0]) in page
    status, headers, body = fetch(pdfs[0])
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-") and body.endswith(b"%%EOF\n")


def test_redirects_same_host_and_off_domain(mirror):
    hosts = {site.host for site in mirror.sites.values()}
    redirects = {src: dst for e in mirror.expected.values() for src, dst in e.redirects.items()}
    assert len(redirects) == 2
    for source, target in redirects.items():
        status, headers, _ = fetch(source)
        assert status in (301, 302) and headers["Location"] == target
    same = [dst for src, dst in redirects.items() if urlsplit(dst).hostname == urlsplit(src).hostname]
    off = [dst for dst in redirects.values() if urlsplit(dst).hostname not in hosts]
    assert len(same) == 1 and same[0] in mirror.expected["trs"].articles
    assert len(off) == 1 and off[0] in mirror.expected["govcn"].offsite


def test_not_found_pages(mirror):
    (url,) = mirror.expected["hanweb"].not_found_200
    status, _, body = fetch(url)
    assert status == 200 and "页面不存在" in body.decode("utf-8")
    status, _, body = fetch(mirror.sites["govcn"].base_url + "no/such/page.htm")
    assert status == 404 and "页面不存在" in body.decode("utf-8")


def test_url_variants_reach_one_page_and_add_up_in_hits(mirror):
    mirror.reset()
    for canonical, variants in mirror.expected["trs"].variants.items():
        bodies = {fetch(url)[2] for url in [canonical, *variants]}
        assert len(bodies) == 1
        assert mirror.hit_count(canonical) == 1 + len(variants)
    # Hanweb's ?uid=…&pageNum=2 is its own page, whatever the order of its parameters.
    page2 = mirror.expected["hanweb"].lists[-1]
    assert fetch(page2)[2] == fetch(page2.replace("uid=4892867&pageNum=2", "pageNum=2&uid=4892867"))[2]
    assert fetch(page2)[2] != fetch(mirror.expected["hanweb"].lists[1])[2]


def test_hits_count_requests_per_page(mirror):
    mirror.reset()
    robots = mirror.sites["city"].base_url + "robots.txt"
    fetch(robots)
    fetch(robots)
    assert mirror.hits[("city", "/robots.txt")] == 2
    assert mirror.hit_count(mirror.expected["city"].disallowed[0]) == 0
    assert [r.status for r in mirror.requests] == [200, 200]


def test_hant_site_is_traditional_and_keeps_seed_004_pinyin(mirror):
    pages = [fetch(url)[2].decode("utf-8") for url in mirror.expected["hant"].articles]
    assert all("環境" in page and "环境" not in page for page in pages)
    assert any("生態(tài)環(huán)境" in page for page in pages)
    assert any("「美麗海灣」" in page for page in pages)  # s2hk plus corner quotes


def _links(base: str, page: str) -> list[str]:
    """Same-page hrefs, plus the pages a TRS createPageHTML() call would write."""
    links = [urljoin(base, href) for href in re.findall(r'href="([^"]+)"', page) if not href.startswith("javascript:")]
    for count, _, name, ext in re.findall(r'createPageHTML\((\d+), (\d+), "(\w+)", "(\w+)"\)', page):
        links += [urljoin(base, f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}") for i in range(int(count))]
    return [link.replace("&amp;", "&") for link in links]


def test_expectations_match_what_following_links_reaches(mirror):
    """A tiny crawl (robots obeyed, same host only) reaches exactly the planted pages."""
    for name, site in mirror.sites.items():
        expected = mirror.expected[name]
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(fetch(site.base_url + "robots.txt")[2].decode().splitlines())
        seen, queue, linked, pages = set(), deque(site.start_urls), set(), {}
        while queue:
            url = urldefrag(queue.popleft())[0]
            linked.add(url)
            if url in seen or urlsplit(url).hostname != site.host or not robots.can_fetch("govnews", url):
                continue
            seen.add(url)
            status, headers, body = fetch(url)
            if status in (301, 302):
                queue.append(headers["Location"])
            elif status == 200 and headers["Content-Type"].startswith("text/html"):
                pages[url] = body
                queue.extend(_links(url, body.decode("gbk" if name == "city" else "utf-8")))
        assert set(expected.articles) <= set(pages), name
        assert not set(expected.disallowed) & set(pages), name
        assert set(expected.truncated + expected.not_found_200) <= set(pages), name
        assert set(expected.non_html + expected.offsite) <= linked, name
        assert set(expected.lists) <= set(pages), name


def test_cli_serves_and_prints_base_urls():
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.mirror.server", "hant"], cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        base_url = re.search(r"http://\S+/", line).group(0)
        assert line.startswith("hant") and fetch(base_url + "robots.txt")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=5)
