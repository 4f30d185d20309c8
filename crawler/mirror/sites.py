"""The five mirror sites: each one's pages, files, redirects, robots.txt and planted cases.

A site is built for one base URL (absolute links and redirects need the host and
port the server got), as a table `route key -> Resource` plus the `SiteExpectations`
a crawl of it should meet. `SiteBuilder` holds what every site does the same way
(encoding pages, columns of list pages, prev/next and related links); the `build_*`
functions below hold only what is particular to each site, above all its planted
cases, each recorded in `expected` as it is planted.

Route keys are paths, with the query string when the query selects the page (Hanweb's
`?uid=…&pageNum=2`), its parameters sorted so that a crawler that reorders them
still gets the same page. `Site.resolve()` maps a request to a key: exact path and
query, then the path alone (so `?from=index` reaches the article), then the
directory's index page (so `/ywdt/` is `/ywdt/index.html`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from .content import Article, article, traditional
from .templates import (
    FAMILIES,
    TRADITIONAL,
    TRS_PAGE_JS,
    ArticleView,
    Identity,
    Link,
    ListView,
    esc,
)

OFFSITE_HOST = "http://www.example.com"  # never served: links there are off-domain
OFFSITE_REDIRECT_HOST = "http://www.example.org"


@dataclass(frozen=True)
class Resource:
    status: int
    content_type: str | None
    body: bytes
    location: str | None = None  # for redirects


@dataclass
class SiteExpectations:
    """What a crawl of one site should do, as absolute URLs of the running mirror."""

    articles: list[str] = field(default_factory=list)  # canonical URLs that should become records
    content: dict[str, Article] = field(default_factory=dict)  # every article page's Article, as served
    lists: list[str] = field(default_factory=list)  # list pages (canonical URLs), home page first
    disallowed: list[str] = field(default_factory=list)  # real articles under a robots.txt Disallow
    truncated: list[str] = field(default_factory=list)  # article pages cut off mid-body
    with_attachment: dict[str, list[str]] = field(default_factory=dict)  # article -> attachment URLs
    not_found_200: list[str] = field(default_factory=list)  # "页面不存在" pages served with 200
    variants: dict[str, list[str]] = field(default_factory=dict)  # canonical -> other URLs of it
    redirects: dict[str, str] = field(default_factory=dict)  # from -> to (same host or off-domain)
    offsite: list[str] = field(default_factory=list)  # off-domain URLs linked or redirected to
    non_html: list[str] = field(default_factory=list)  # linked resources that are not pages


def route_key(target: str) -> str:
    """`path` or `path?query` with the query's parameters sorted."""
    parts = urlsplit(target)
    path = parts.path or "/"
    if not parts.query:
        return path
    return f"{path}?{urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))}"


@dataclass
class Site:
    """A built site: what the server serves and what a crawl should find."""

    name: str
    family: str
    base_url: str
    routes: dict[str, Resource]
    start_urls: list[str]
    expected: SiteExpectations
    not_found: Resource

    def resolve(self, target: str) -> tuple[str, Resource]:
        """The route key a request target reaches and its resource (a 404 keyed by path)."""
        path = urlsplit(target).path or "/"
        candidates = [route_key(target), path]
        if path.endswith("/"):
            candidates += [path + "index.html", path + "index.htm"]
        for key in candidates:
            if key in self.routes:
                return key, self.routes[key]
        return path, self.not_found


@dataclass
class Entry:
    """One item of a column: an article this site serves, or a planted link."""

    title: str
    target: str  # a path on this site or an absolute URL
    date: str
    article: Article | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (label, path)
    truncated: bool = False
    ids: dict[str, str] = field(default_factory=dict)
    listed_as: str | None = None  # what list pages link to instead of `target` (an old, redirecting URL)

    @classmethod
    def of(cls, item: Article, path: str, **options) -> Entry:
        return cls(item.title, path, item.published, item, **options)


class SiteBuilder:
    """Collects one site's routes and expectations while a build_* function lays it out."""

    def __init__(self, name: str, identity: Identity, base_url: str, link_style: str):
        self.name, self.identity, self.base_url = name, identity, base_url.rstrip("/") + "/"
        self.family = FAMILIES[identity.family]
        self.link_style = link_style  # "relative" (./2022/x.html) or "absolute" (/2022/x.html)
        self.routes: dict[str, Resource] = {}
        self.expected = SiteExpectations()
        self.nav: list[Link] = []  # hrefs are site paths here; nav_from() spells them for a page

    # --- URLs -----------------------------------------------------------------------

    def url(self, target: str) -> str:
        """The absolute URL of a site path (absolute URLs pass through)."""
        return target if "://" in target else self.base_url + target.lstrip("/")

    def href(self, page: str, target: str) -> str:
        """How the page at `page` spells a link to `target`, in the site's link style."""
        if "://" in target or self.link_style == "absolute":
            return target
        target_path, sep, rest = target.partition("?")
        relative = posixpath.relpath(target_path, posixpath.dirname(page))
        if target_path.endswith("/"):
            relative += "/"
        if not relative.startswith("../"):
            relative = "./" + relative.removeprefix("./")
        return relative + sep + rest

    def link(self, page: str, title: str, target: str, date: str | None = None) -> Link:
        return Link(title, self.href(page, target), date)

    # --- resources ------------------------------------------------------------------

    def add(self, path: str, resource: Resource) -> None:
        key = route_key(path)
        if key in self.routes:
            raise ValueError(f"{self.name}: {key} is served twice")
        self.routes[key] = resource

    def html_resource(self, text: str, status: int = 200) -> Resource:
        content_type = "text/html"
        if self.identity.header_charset:
            content_type += f"; charset={self.identity.encoding}"
        # strict: a character the site's codec cannot carry is a bug in the mirror
        return Resource(status, content_type, text.encode(self.identity.encoding))

    def add_html(self, path: str, text: str, status: int = 200) -> None:
        self.add(path, self.html_resource(text, status))

    def add_file(self, path: str, body: bytes, content_type: str) -> None:
        self.add(path, Resource(200, content_type, body))

    def add_redirect(self, path: str, target: str, status: int = 301) -> None:
        self.add(path, Resource(status, "text/html", b"", location=self.url(target)))
        self.expected.redirects[self.url(path)] = self.url(target)
        if "://" in target:
            self.expected.offsite.append(target)

    def add_robots(self, *disallow: str) -> None:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), ""]
        self.add_file("/robots.txt", "\n".join(lines).encode("ascii"), "text/plain")

    def missing_page(self) -> str:
        return self.family.missing(self.identity, self.nav)

    # --- pages ----------------------------------------------------------------------

    def crumbs(self, page: str, column: str, column_target: str) -> list[Link]:
        return [self.link(page, self.identity.labels.home, "/"), self.link(page, column, column_target)]

    def publish_article(
        self, entry: Entry, crumbs: list[Link], prev: Entry | None = None, next_: Entry | None = None,
        related: list[Link] = (),
    ) -> None:
        """Render one article page; a truncated one is cut off inside its first paragraph."""
        page = entry.target

        def to(other: Entry | None) -> Link | None:
            return self.link(page, other.title, other.target) if other else None

        view = ArticleView(
            self.identity, entry.article, self.nav_from(page), crumbs, to(prev), to(next_), list(related),
            [self.link(page, label, path) for label, path in entry.attachments], entry.ids,
        )
        text = self.family.article(view)
        if entry.truncated:
            text = truncate_inside(text, entry.article.paragraphs[0])
        self.add_html(page, text)

    def publish_column(
        self, column: str, list_paths: list[str], pages: list[list[Entry]], *,
        column_target: str | None = None, pager_targets: list[str] | None = None,
        sidebar_title: str = "", sidebars: list[list[Link]] | None = None, related_extra: list[Link] = (),
    ) -> None:
        """Render a column: its list pages and the article pages they list.

        `pages[i]` is served at `list_paths[i]`; the pager links to `pager_targets`
        (default: the same paths; Hanweb spells page 1 differently). Articles get
        prev/next in list order and a few related links (plus `related_extra`).
        Records each article's expectation (record, truncated, attachments).
        """
        pager_targets = pager_targets or list_paths
        column_target = column_target or list_paths[0]
        for index, (path, items) in enumerate(zip(list_paths, pages)):
            view = ListView(
                self.identity, column, self.nav_from(path), self.crumbs(path, column, column_target),
                [self.link(path, e.title, e.listed_as or e.target, e.date) for e in items], index, len(pages),
                self.pager(path, pager_targets, index), sidebar_title, (sidebars or [[]] * len(pages))[index],
            )
            self.add_html(path, self.family.listing(view))
            self.expected.lists.append(self.url(path))

        entries = [e for items in pages for e in items if e.article]
        for i, entry in enumerate(entries):
            others = [e for e in entries if e is not entry][:3]
            related = [self.link(entry.target, e.title, e.target) for e in others] + list(related_extra)
            crumbs = self.crumbs(entry.target, column, column_target)
            prev = entries[i - 1] if i > 0 else None
            next_ = entries[i + 1] if i + 1 < len(entries) else None
            self.publish_article(entry, crumbs, prev, next_, related)
            self.expect_article(entry)

    def expect_article(self, entry: Entry) -> None:
        url = self.url(entry.target)
        self.expected.content[url] = entry.article
        if entry.truncated:
            self.expected.truncated.append(url)
            return
        self.expected.articles.append(url)
        if entry.attachments:
            self.expected.with_attachment[url] = [self.url(path) for _, path in entry.attachments]

    def publish_home(self, entries: list[Entry], path: str = "/index.html") -> None:
        """A home page listing the newest articles (a list page without a pager)."""
        view = ListView(
            self.identity, self.identity.labels.home, self.nav_from(path), [self.link(path, self.identity.labels.home, "/")],
            [self.link(path, e.title, e.target, e.date) for e in entries],
        )
        self.add_html(path, self.family.listing(view))
        self.expected.lists.insert(0, self.url(path))
        self.expected.variants[self.url(path)] = [self.base_url]

    def nav_from(self, page: str) -> list[Link]:
        return [self.link(page, link.text, link.href) for link in self.nav]

    def pager(self, page: str, targets: list[str], index: int) -> list[Link]:
        """首页 上一页 on every page but the first, 下一页 尾页 on every page but the last."""
        labels, last = self.identity.labels, len(targets) - 1
        pairs = []
        if index > 0:
            pairs += [(labels.first_page, targets[0]), (labels.prev_page, targets[index - 1])]
        if index < last:
            pairs += [(labels.next_page, targets[index + 1]), (labels.last_page, targets[last])]
        return [self.link(page, text, target) for text, target in pairs]

    def finish(self, start_paths: list[str]) -> Site:
        if "/robots.txt" not in self.routes:
            raise ValueError(f"{self.name}: every mirror site serves a robots.txt")
        return Site(
            self.name, self.identity.family, self.base_url, self.routes,
            [self.url(p) for p in start_paths], self.expected, self.html_resource(self.missing_page(), 404),
        )


def truncate_inside(page: str, first_paragraph: str, keep: int = 24) -> str:
    """The page cut `keep` characters into its first paragraph: no closing tags follow."""
    start = page.index(esc(first_paragraph))
    return page[: start + keep]


def tiny_pdf(title: str) -> bytes:
    """A minimal well-formed one-page PDF (header, objects, xref, trailer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Title (" + title.encode("ascii") + b") >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


# A JPEG's start (SOI + JFIF APP0 header) and end (EOI): enough for a sniffer, not a picture.
TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


# --- the sites ------------------------------------------------------------------------

TRS = Identity(
    family="trs", site_name="中华人民共和国生态环境部", encoding="utf-8", meta_charset="http-equiv", header_charset=False,
    footer=(
        "版权所有：中华人民共和国生态环境部　京ICP备05009999号",
        "网站标识码：bm17000099　京公网安备 11010102009999号",
        "地址：北京市东城区　邮编：100006　联系我们　网站地图",
    ),
)


def build_trs(base_url: str) -> Site:
    """TRS WCM ministry site: createPageHTML pagination, PDF attachment, truncated page,
    one article under several URL variants, an old URL that 301s to the new one."""
    b = SiteBuilder("trs", TRS, base_url, link_style="relative")
    b.nav = [Link("首页", "/index.html"), Link("要闻动态", "/ywdt/index.html")]
    pdf = "/ywdt/202202/P020220218123456.pdf"
    variant = "/ywdt/202203/t20220301_970021.shtml"
    old_air, new_air = "/gkml/hbb/qt/202202/t20220225_969830.htm", "/ywdt/202202/t20220225_969830.shtml"
    entries = [
        Entry.of(article("mee_nuclear_forum"), "/ywdt/202203/t20220315_971254.shtml", truncated=True),
        Entry.of(article("mee_yangtze_outfalls"), "/ywdt/202203/t20220310_970866.shtml"),
        Entry.of(article("mee_water_jan"), variant),
        # Listed by its old URL (left over from the 信息公开 tree), which 301s to the new one;
        # its neighbours' prev/next use the new URL, as the CMS would.
        Entry.of(article("mee_air_dispatch"), new_air, listed_as=old_air),
        Entry.of(
            article("mee_monitoring_qc"), "/ywdt/202202/t20220218_123456.shtml",
            attachments=[("2022年生态环境监测质量监督检查工作方案.pdf", pdf)],
        ),
    ]
    b.add_redirect(old_air, new_air)

    # The sidebar repeats the variant article on every list page, spelled differently each time.
    variant_links = [
        Link(entries[2].title, b.url(variant) + "?from=index"),
        Link(entries[2].title, variant + "#zoom"),
        Link(entries[2].title, b.url(variant)),
    ]
    offsite = Link("全国空气质量实时发布平台", f"{OFFSITE_HOST}/air/index.html")
    lists = ["/ywdt/index.html", "/ywdt/index_1.html", "/ywdt/index_2.html"]
    b.publish_column(
        "要闻动态", lists, [entries[0:2], entries[2:4], entries[4:5]], column_target="/ywdt/",
        sidebar_title="热点关注", sidebars=[[link] for link in variant_links], related_extra=[offsite],
    )
    b.publish_home(entries[1:4])
    b.expected.variants[b.url(variant)] = [b.url(variant) + "?from=index", b.url(variant) + "#zoom"]
    b.expected.variants[b.url(lists[0])] = [b.url("/ywdt/")]
    b.expected.offsite.append(offsite.href)

    b.add_file(pdf, tiny_pdf("P020220218123456"), "application/pdf")
    b.add_file("/common/js/page.js", TRS_PAGE_JS.encode("utf-8"), "application/javascript")
    b.expected.non_html.append(b.url(pdf))
    b.add_robots("/was5/", "/search/")
    return b.finish(["/ywdt/index.html"])


HANWEB = Identity(
    family="hanweb", site_name="浙江省生态环境厅", encoding="utf-8", meta_charset="http-equiv", header_charset=True,
    footer=(
        "主办单位：浙江省生态环境厅　地址：杭州市西湖区　邮编：310012",
        "浙ICP备05099999号　浙公网安备 33010602009999号　网站标识码：3300000099",
        "技术支持：大汉网络　建议使用IE9以上浏览器",
    ),
)


def build_hanweb(base_url: str) -> Site:
    """Hanweb JCMS provincial bureau: ?uid=&pageNum= pagination, a 页面不存在 page served with 200."""
    b = SiteBuilder("hanweb", HANWEB, base_url, link_style="absolute")
    column = "/col/col1621004/index.html"
    b.nav = [Link("首页", "/index.html"), Link("工作动态", column)]

    def art(key: str, path: str) -> Entry:
        return Entry.of(article(key), path, ids={"col": "1621004", "art": path.rsplit("_", 1)[1].split(".")[0]})

    gone = "/art/2022/6/30/art_1621004_30270000.html"
    pages = [
        [
            art("zj_h1_quality", "/art/2022/7/28/art_1621004_30341102.html"),
            art("seed003", "/art/2022/7/22/art_1621004_30332664.html"),
            art("zj_ozone", "/art/2022/7/15/art_1621004_30318821.html"),
        ],
        [
            art("zj_wastefree", "/art/2022/7/8/art_1621004_30301457.html"),
            Entry("省生态环境厅召开2022年上半年工作总结会", gone, "2022-06-30"),
        ],
    ]
    # Hanweb's pager links page 1 as ?uid=…&pageNum=1, a second URL of index.html.
    page_targets = [f"{column}?uid=4892867&pageNum={n}" for n in (1, 2)]
    b.publish_column("工作动态", [column, page_targets[1]], pages, pager_targets=page_targets)
    b.publish_home(pages[0])
    b.expected.variants[b.url(column)] = [b.url(page_targets[0])]

    b.add_html(gone, b.missing_page())  # status 200: the CMS renders its error page normally
    b.expected.not_found_200.append(b.url(gone))
    b.add_robots("/module/", "/jrobot/")
    return b.finish([column])


GOVCN = Identity(
    family="govcn", site_name="中国政府网", encoding="utf-8", meta_charset="html5", header_charset=True,
    footer=(
        "主办单位：国务院办公厅　运行维护单位：中国政府网运行中心",
        "版权所有：中国政府网　中文域名：中国政府网.政务",
        "网站标识码bm01000099　京ICP备05070999号　京公网安备11010202009999号",
    ),
)


def build_govcn(base_url: str) -> Site:
    """www.gov.cn-style portal: hidden title copy, plain 下一页 links, a list item that
    redirects off-domain and a sidebar link off-domain."""
    b = SiteBuilder("govcn", GOVCN, base_url, link_style="relative")
    b.nav = [Link("首页", "/index.html"), Link("要闻", "/xinwen/yaowen.htm")]
    jump = "/xinwen/2022-03/11/content_5678512.htm"
    away = f"{OFFSITE_REDIRECT_HOST}/politics/2022-03/11/c_1128461234.htm"
    pages = [
        [
            Entry.of(article("seed001"), "/xinwen/2023-02/17/content_5741996.htm"),
            Entry.of(article("gov_yellow_river"), "/xinwen/2022-03/22/content_5680455.htm"),
            Entry("全国两会生态环境议题综述", jump, "2022-03-11"),
        ],
        [
            Entry.of(article("gov_zoning"), "/xinwen/2022-03/05/content_5677201.htm"),
            Entry.of(article("gov_nature_reserves"), "/xinwen/2022-02/18/content_5674178.htm"),
        ],
    ]
    special = Link("2022全国两会专题", f"{OFFSITE_HOST}/zhuanti/2022lh/index.htm")
    lists = ["/xinwen/yaowen.htm", "/xinwen/yaowen/home_1.htm"]
    b.publish_column("要闻", lists, pages, sidebar_title="专题", sidebars=[[special], [special]])
    b.publish_home(pages[0][:2])
    b.add_redirect(jump, away, status=302)
    b.expected.offsite.append(special.href)
    b.add_robots("/search/")
    return b.finish([lists[0]])


CITY = Identity(
    family="city", site_name="湘江市生态环境局", encoding="gbk", meta_charset=None, header_charset=False,
    footer=(
        "版权所有：湘江市生态环境局　地址：湘江市人民中路88号　邮编：416000",
        "湘ICP备12009999号　网站标识码：4331000099　技术支持：湘江市信息网络中心",
        "建议使用1024×768分辨率浏览本站",
    ),
)


def build_city(base_url: str) -> Site:
    """Table-layout city CMS in GBK with no charset anywhere; a .jpg on the list; an
    archived article under robots.txt Disallow: /oldsite/."""
    b = SiteBuilder("city", CITY, base_url, link_style="absolute")
    b.nav = [Link("首页", "/index.htm"), Link("环保动态", "/hbdt/index.htm")]
    photo = "/uploadfile/2022/0520/20220520093512345.jpg"
    old = Entry.of(article("city_enforcement_2019"), "/oldsite/hbdt/2019/1105/0876.htm")
    pages = [
        [
            Entry.of(article("city_biodiversity"), "/hbdt/2022/0520/1341.htm"),
            Entry("[图片]“5·22”宣传活动现场", photo, "2022-05-20"),
            Entry.of(article("city_straw"), "/hbdt/2022/0408/1315.htm"),
        ],
        [
            Entry.of(article("city_water_source"), "/hbdt/2022/0315/1302.htm"),
            Entry.of(article("seed002"), "/hbdt/2021/0312/1187.htm"),
        ],
    ]
    lists = ["/hbdt/index.htm", "/hbdt/index_2.htm"]
    archive = [b.link(p, old.title, old.target, old.date) for p in lists]
    b.publish_column("环保动态", lists, pages, sidebar_title="往期回顾", sidebars=[[link] for link in archive])
    b.publish_home(pages[0][::2], path="/index.htm")

    b.publish_article(old, b.crumbs(old.target, "环保动态", lists[0]))
    b.expected.disallowed.append(b.url(old.target))
    b.expected.content[b.url(old.target)] = old.article
    b.add_file(photo, TINY_JPEG, "image/jpeg")
    b.expected.non_html.append(b.url(photo))
    b.add_robots("/oldsite/", "/admin/")
    return b.finish([lists[0]])


HANT = Identity(
    family="portal", site_name="環保資訊網", encoding="utf-8", meta_charset="html5", header_charset=True,
    labels=TRADITIONAL,
    footer=("版權所有 © 2022 環保資訊網　保留所有權利", "聯絡我們　私隱政策　使用條款"),
)


def build_hant(base_url: str) -> Site:
    """Traditional-script repost portal: seeds 000 and 004 (glued pinyin kept) plus two
    written articles converted with OpenCC s2hk."""
    b = SiteBuilder("hant", HANT, base_url, link_style="absolute")
    b.nav = [Link("首頁", "/index.html"), Link("環保資訊", "/hbzx/index.html")]
    pages = [
        [
            Entry.of(article("seed004"), "/article/2022-02-19/10533.html"),
            Entry.of(traditional(article("hk_shenzhen_bay_birds")), "/article/2022-01-12/10482.html"),
        ],
        [
            Entry.of(traditional(article("hk_bay_marine")), "/article/2021-06-10/09317.html"),
            Entry.of(article("seed000"), "/article/2020-12-18/08765.html"),
        ],
    ]
    lists = ["/hbzx/index.html", "/hbzx/index_2.html"]
    b.publish_column("環保資訊", lists, pages)
    b.publish_home(pages[0])
    b.add_robots("/member/")
    return b.finish([lists[0]])


BUILDERS: dict[str, Callable[[str], Site]] = {
    "trs": build_trs,
    "hanweb": build_hanweb,
    "govcn": build_govcn,
    "city": build_city,
    "hant": build_hant,
}
