"""Script-drawn list pages: the TRS pager and Hanweb datastores."""

from crawler.pagination import datastore_links, trs_pages


def test_trs_pager_call_with_numbers():
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert trs_pages(html, "http://a.gov.cn/ywdt/index.html", 10) == [
        "http://a.gov.cn/ywdt/index_1.html",
        "http://a.gov.cn/ywdt/index_2.html",
    ]


def test_trs_pager_call_with_variables_and_a_limit():
    html = "<script>var countPage = 34//共多少页\nvar currentPage = 2;\ncreatePageHTML(countPage, currentPage, 'index', 'shtml');</script>"
    pages = trs_pages(html, "http://a.gov.cn/ywdt/index_2.shtml", 5)
    assert pages == [f"http://a.gov.cn/ywdt/{name}" for name in ("index.shtml", "index_1.shtml", "index_3.shtml", "index_4.shtml")]


def test_trs_count_page_without_the_call():
    html = '<script>var currentPage = 0;\nvar countPage = 3//共多少页\ndocument.write("<a href=\\"index"+"_" + 1 + "."+"shtml\\">");</script>'
    assert trs_pages(html, "http://a.gov.cn/ywdt/hjywnews/", 10) == [
        "http://a.gov.cn/ywdt/hjywnews/index_1.shtml",
        "http://a.gov.cn/ywdt/hjywnews/index_2.shtml",
    ]


def test_no_pager_no_pages():
    assert trs_pages("<p>没有分页</p>", "http://a.gov.cn/", 10) == []


def test_hanweb_datastore_links():
    html = """<div id="1"><script type="text/xml"><datastore><recordset>
    <record><![CDATA[<li><a href="/art/2024/5/21/art_1229429478_59034567.html">全省推进美丽河湖建设</a></li>]]></record>
    <record><![CDATA[<li><a href='/art/2024/5/17/art_1229429478_59021134.html'>无废城市</a></li>]]></record>
    </recordset></datastore></script><script>var a = '<a href="/not/this.html">';</script></div>"""
    assert datastore_links(html, "https://sthjt.zj.gov.cn/col/col1229429478/index.html") == [
        "https://sthjt.zj.gov.cn/art/2024/5/21/art_1229429478_59034567.html",
        "https://sthjt.zj.gov.cn/art/2024/5/17/art_1229429478_59021134.html",
    ]
