"""HTML renderers, one per CMS family, over shared chrome helpers.

Every family draws the same things (breadcrumbs, font bar, print/close links, share
bar, prev/next, related links, footer) in its own markup, so the helpers below make
the pieces and each `Family` subclass only says where they go and what wraps them:
`frame()` (header + footer), `article_inner()` and `list_inner()`. The markup
imitates what the CMSs emit (TRS WCM's `TRS_Editor`, Hanweb JCMS's
`<!--ContentStart-->`, gov.cn's `UCAP-CONTENT`, a table-layout ASP CMS, a modern
portal); it is written for this project, not copied from any page.

Views carry ready-made hrefs: where links point and how they are spelled (relative,
absolute, with `?from=`) is the site builder's business (sites.py), not the template's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from .content import Article


@dataclass(frozen=True)
class Labels:
    """The chrome's words in one script."""

    home: str = "首页"
    position: str = "当前位置："
    font: str = "字体"
    sizes: tuple[str, str, str] = ("大", "中", "小")
    print_page: str = "打印本页"
    close_window: str = "关闭窗口"
    share: str = "分享到："
    share_targets: tuple[str, ...] = ("微信", "微博", "QQ空间")
    prev: str = "上一篇："
    next: str = "下一篇："
    related: str = "相关链接"
    editor: str = "责任编辑"
    source: str = "来源"
    published: str = "发布时间"
    author: str = "作者"
    attachment: str = "附件："
    first_page: str = "首页"
    prev_page: str = "上一页"
    next_page: str = "下一页"
    last_page: str = "尾页"
    pages: str = "共{n}页"
    not_found: str = "页面不存在"
    not_found_text: str = "您访问的页面不存在或已被删除，请检查网址是否正确。"
    back_home: str = "返回首页"


SIMPLIFIED = Labels()
TRADITIONAL = Labels(
    home="首頁", position="當前位置：", font="字體", print_page="列印本頁", close_window="關閉視窗",
    share="分享至：", share_targets=("Facebook", "Twitter", "微信"), prev="上一篇：", next="下一篇：",
    related="相關新聞", editor="責任編輯", source="來源", published="發佈時間", author="作者",
    attachment="附件：", first_page="首頁", prev_page="上一頁", next_page="下一頁", last_page="尾頁",
    pages="共{n}頁", not_found="頁面不存在", not_found_text="您訪問的頁面不存在或已被刪除，請檢查網址是否正確。",
    back_home="返回首頁",
)


@dataclass(frozen=True)
class Identity:
    """Who runs a site, how its pages look and how they declare their charset."""

    family: str
    site_name: str  # goes in <title> and the header
    encoding: str  # codec of the served bytes
    meta_charset: str | None  # "http-equiv", "html5" or None (no <meta> declaration at all)
    header_charset: bool  # whether the HTTP Content-Type names the charset
    footer: tuple[str, ...]
    labels: Labels = SIMPLIFIED


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    date: str | None = None  # "YYYY-MM-DD[ HH:MM]" as in Article.published


@dataclass
class ArticleView:
    identity: Identity
    article: Article
    nav: list[Link]
    crumbs: list[Link]  # 首页 > column
    prev: Link | None = None
    next: Link | None = None
    related: list[Link] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # CMS ids some markup repeats (hanweb)


@dataclass
class ListView:
    identity: Identity
    title: str  # the column's name
    nav: list[Link]
    crumbs: list[Link]
    items: list[Link]
    page_index: int = 0  # 0-based
    page_count: int = 1
    pager: list[Link] = field(default_factory=list)  # plain pager links, in order
    sidebar_title: str = ""
    sidebar: list[Link] = field(default_factory=list)


# --- shared helpers -----------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def anchor(link: Link, target_blank: bool = True, css: str = "") -> str:
    attrs = f' href="{esc(link.href)}"'
    if css:
        attrs += f' class="{css}"'
    if target_blank:
        attrs += ' target="_blank"'
    return f"<a{attrs}>{esc(link.text)}</a>"


def format_date(published: str, style: str) -> str:
    """The page's spelling of a date: "date" 2022-02-18, "minute" 2022-02-18 10:25,
    "asp" 2022-3-15 9:12:00 (unpadded, as old ASP CMSs print it), "zh" 2022年2月18日 10:25."""
    moment = datetime.fromisoformat(published)
    has_time = len(published) > 10
    if style == "date":
        return moment.strftime("%Y-%m-%d")
    if style == "minute":
        return moment.strftime("%Y-%m-%d %H:%M") if has_time else moment.strftime("%Y-%m-%d")
    if style == "asp":
        day = f"{moment.year}-{moment.month}-{moment.day}"
        return f"{day} {moment.hour}:{moment:%M:%S}" if has_time else day
    if style == "zh":
        day = f"{moment.year}年{moment.month}月{moment.day}日"
        return f"{day} {moment:%H:%M}" if has_time else day
    raise ValueError(f"unknown date style {style!r}")


def meta_tags(pairs: list[tuple[str, str | None]]) -> str:
    return "\n".join(f'<meta name="{name}" content="{esc(value)}">' for name, value in pairs if value)


def paragraphs(texts: tuple[str, ...] | list[str], template: str = "<p>{}</p>") -> str:
    return "\n".join(template.format(esc(text)) for text in texts)


def link_items(links: list[Link], template: str = "<li>{a}</li>", date_style: str = "date") -> str:
    """One list item per link; `{date}` in the template gets the link's date."""
    rows = []
    for link in links:
        date = format_date(link.date, date_style) if link.date else ""
        rows.append(template.format(a=anchor(link), date=date))
    return "\n".join(rows)


def breadcrumb(labels: Labels, crumbs: list[Link], sep: str = " &gt; ", tail: str = "", label: str | None = None) -> str:
    """当前位置：首页 > 栏目 (> tail); `label` replaces 当前位置： ("" for none)."""
    trail = sep.join(anchor(c, target_blank=False) for c in crumbs)
    return f"{labels.position if label is None else label}{trail}{sep + tail if tail else ''}"


def font_bar(labels: Labels, template: str = "【{label}：{sizes}】", label: str | None = None) -> str:
    """【字体：大 中 小】, the JS font-size switch every CMS ships (Hanweb: 字号：[ 大 中 小 ])."""
    sizes = " ".join(
        f'<a href="javascript:doZoom({px})">{esc(size)}</a>' for size, px in zip(labels.sizes, (18, 16, 14))
    )
    return template.format(label=label or labels.font, sizes=sizes)


def print_close(labels: Labels, template: str = "{print} {close}") -> str:
    return template.format(
        print=f'<a href="javascript:window.print()">{labels.print_page}</a>',
        close=f'<a href="javascript:window.close()">{labels.close_window}</a>',
    )


def share_bar(labels: Labels) -> str:
    targets = "".join(f'<a href="javascript:void(0)" class="share-{i}">{esc(t)}</a>' for i, t in enumerate(labels.share_targets))
    return f'<div class="bdsharebuttonbox share">{labels.share}{targets}</div>'


def prev_next(labels: Labels, prev: Link | None, next_: Link | None, template: str = "<p>{}</p>") -> str:
    """上一篇/下一篇; an end of the column reads 没有了 as CMSs print it."""
    rows = []
    for label, link in ((labels.prev, prev), (labels.next, next_)):
        rows.append(template.format(label + (anchor(link, target_blank=False) if link else "没有了")))
    return "\n".join(rows)


def footer_lines(identity: Identity, template: str = "<p>{}</p>") -> str:
    return "\n".join(template.format(esc(line)) for line in identity.footer)


def pager_links(view: ListView, sep: str = " ") -> str:
    """共N页 首页 上一页 下一页 尾页 as plain links (the pager the builder made)."""
    parts = [view.identity.labels.pages.format(n=view.page_count)]
    parts += [anchor(link, target_blank=False) for link in view.pager]
    return sep.join(parts)


def charset_meta(identity: Identity) -> str:
    if identity.meta_charset == "http-equiv":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={identity.encoding}">'
    if identity.meta_charset == "html5":
        return f'<meta charset="{identity.encoding}">'
    return ""  # undeclared: the crawler has to detect the encoding


def document(identity: Identity, title: str, body: str, head: str = "", doctype: str = "<!DOCTYPE html>") -> str:
    lang = "zh-Hant" if identity.labels is TRADITIONAL else "zh-CN"
    head_lines = "\n".join(line for line in (charset_meta(identity), f"<title>{esc(title)}</title>", head) if line)
    return f'{doctype}\n<html lang="{lang}">\n<head>\n{head_lines}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


# --- families -----------------------------------------------------------------------


class Family:
    """A CMS family: a page frame plus the article and list markup inside it."""

    doctype = "<!DOCTYPE html>"
    title_format = "{title}_{site}"

    def article(self, view: ArticleView) -> str:
        return self.frame(view.identity, view.nav, view.article.title, self.article_inner(view), self.article_head(view))

    def listing(self, view: ListView) -> str:
        return self.frame(view.identity, view.nav, view.title, self.list_inner(view), self.list_head(view))

    def missing(self, identity: Identity, nav: list[Link]) -> str:
        """The "page does not exist" page, served with 404 or, on some sites, with 200."""
        labels = identity.labels
        inner = (
            f'<div class="error-page">\n<h2>{labels.not_found}</h2>\n<p>{labels.not_found_text}</p>\n'
            f'<p><a href="/">{labels.back_home}</a></p>\n</div>'
        )
        return self.frame(identity, nav, labels.not_found, inner, "")

    def frame(self, identity: Identity, nav: list[Link], title: str, inner: str, head: str) -> str:
        body = f"{self.header(identity, nav)}\n{inner}\n{self.footer(identity)}"
        page_title = self.title_format.format(title=title, site=identity.site_name)
        return document(identity, page_title, body, head, self.doctype)

    def header(self, identity: Identity, nav: list[Link]) -> str:
        items = "\n".join(f"<li>{anchor(link, target_blank=False)}</li>" for link in nav)
        return f'<div class="header">\n<div class="logo">{esc(identity.site_name)}</div>\n<ul class="nav">\n{items}\n</ul>\n</div>'

    def footer(self, identity: Identity) -> str:
        return f'<div class="footer">\n{footer_lines(identity)}\n</div>'

    def article_head(self, view: ArticleView) -> str:
        return ""

    def list_head(self, view: ListView) -> str:
        return ""

    def article_inner(self, view: ArticleView) -> str:
        raise NotImplementedError

    def list_inner(self, view: ListView) -> str:
        raise NotImplementedError


def _attachments(view: ArticleView) -> str:
    """附件：<a>…pdf</a> lines, each after a newline, to follow the body paragraphs."""
    return "".join(f"\n<p>{view.identity.labels.attachment}{anchor(link)}</p>" for link in view.attachments)


class Trs(Family):
    """TRS WCM, as ministry sites use it: TRS_Editor body, list pagination only by createPageHTML()."""

    title_format = "{title}-{site}"

    def article_head(self, view: ArticleView) -> str:
        a = view.article
        return meta_tags([
            ("ArticleTitle", a.title),
            ("PubDate", format_date(a.published, "minute")),
            ("ContentSource", a.source),
            ("ColumnName", view.crumbs[-1].text),
        ])

    def article_inner(self, view: ArticleView) -> str:
        a, labels = view.article, view.identity.labels
        editor = f'\n<p style="text-align:right">（{labels.editor}：{esc(a.editor)}）</p>' if a.editor else ""
        return f"""<div class="position">{breadcrumb(labels, view.crumbs)}</div>
<div class="neiright_Box">
<h2 class="neiright_Title">{esc(a.title)}</h2>
<div class="info"><span>{labels.published}：{format_date(a.published, "date")}</span> <span>{labels.source}：{esc(a.source or "")}</span> <span class="font">{font_bar(labels)}</span></div>
<div class="neiright_JPZ_GK_CP">
<div class="TRS_Editor">
{paragraphs(a.paragraphs, '<p style="text-indent:2em">{}</p>')}{_attachments(view)}{editor}
</div>
</div>
<div class="tools">{print_close(labels)}</div>
{share_bar(labels)}
<div class="prevnext">
{prev_next(labels, view.prev, view.next)}
</div>
<div class="related">
<h3>{labels.related}</h3>
<ul>
{link_items(view.related)}
</ul>
</div>
</div>"""

    def list_head(self, view: ListView) -> str:
        # The pager function lives in a shared script; the list page only calls it.
        return '<script src="/common/js/page.js"></script>'

    def list_inner(self, view: ListView) -> str:
        labels = view.identity.labels
        return f"""<div class="position">{breadcrumb(labels, view.crumbs)}</div>
<div class="main_list">
<ul id="div">
{link_items(view.items, '<li>{a}<span class="date">{date}</span></li>')}
</ul>
<div class="page"><script>createPageHTML({view.page_count}, {view.page_index}, "index", "html");</script></div>
</div>
<div class="sidebar">
<h3>{esc(view.sidebar_title)}</h3>
<ul>
{link_items(view.sidebar)}
</ul>
</div>"""


class Hanweb(Family):
    """Hanweb (大汉) JCMS: body in div#zoom between ContentStart/ContentEnd comments."""

    title_format = "{site} {title}"

    def article_head(self, view: ArticleView) -> str:
        a = view.article
        return meta_tags([
            ("SiteName", view.identity.site_name),
            ("ColumnName", view.crumbs[-1].text),
            ("ArticleTitle", a.title),
            ("PubDate", format_date(a.published, "minute")),
            ("ContentSource", a.source),
            ("Keywords", a.keywords),
            ("Description", a.summary),
        ])

    def article_inner(self, view: ArticleView) -> str:
        a, labels = view.article, view.identity.labels
        # The view counter is filled in by a script from the CMS's click service.
        clicks = f'<script>_showDynClicks("wbnews", {view.ids.get("col", 0)}, {view.ids.get("art", 0)})</script>'
        byline = "&nbsp;&nbsp;".join([
            f"发布日期：{format_date(a.published, 'minute')}",
            f"信息来源：{esc(a.source or '')}",
            f"浏览次数：<span>{clicks}</span>",
            font_bar(labels, "{label}：[ {sizes} ]", "字号"),
        ])
        return f"""<div class="main">
<div class="dqwz">{breadcrumb(labels, view.crumbs, " &gt; ")}</div>
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="article">
<tr><td class="title" align="center">{esc(a.title)}</td></tr>
<tr><td class="fbxx" align="center">{byline}</td></tr>
<tr><td>
<div id="zoom"><!--ContentStart-->
{paragraphs(a.paragraphs, '<p style="text-indent: 2em; line-height: 2;">{}</p>')}{_attachments(view)}
<!--ContentEnd--></div>
</td></tr>
</table>
<div class="bottom-tools">{print_close(labels)}</div>
{share_bar(labels)}
<div class="prevnext">
{prev_next(labels, view.prev, view.next)}
</div>
</div>"""

    def list_inner(self, view: ListView) -> str:
        # 4892867 is the list unit's id, which the pager's ?uid= repeats (see sites.build_hanweb).
        labels = view.identity.labels
        return f"""<div class="main">
<div class="dqwz">{breadcrumb(labels, view.crumbs)}</div>
<div class="lm-title">{esc(view.title)}</div>
<div id="4892867">
<ul class="list">
{link_items(view.items, '<li>{a}<span class="bt_time">{date}</span></li>')}
</ul>
<div class="default_pgContainer">{pager_links(view, "&nbsp;")}</div>
</div>
</div>"""


class Govcn(Family):
    """www.gov.cn style: pages_content#UCAP-CONTENT, a hidden copy of the title in the page."""

    title_format = "{title}_{site}"

    def article_head(self, view: ArticleView) -> str:
        a = view.article
        return meta_tags([
            ("keywords", a.keywords),
            ("description", a.summary or a.paragraphs[0][:80]),
            ("firstpublishedtime", format_date(a.published, "minute")),
            ("source", a.source),
        ])

    def article_inner(self, view: ArticleView) -> str:
        a, labels = view.article, view.identity.labels
        editor = f'\n<div class="editor">{labels.editor}：{esc(a.editor)}</div>' if a.editor else ""
        return f"""<div class="BreadcrumbNav">{breadcrumb(labels, view.crumbs, label="")}</div>
<div class="article oneColumn pub_border">
<h1>{esc(a.title)}</h1>
<div class="pages-date">{format_date(a.published, "minute")} <span class="font">{labels.source}： {esc(a.source or "")}</span> <span class="font index_switchsize">{font_bar(labels)}</span> <span class="font"><a href="javascript:window.print()">打印</a></span></div>
<div class="share-title" style="display:none">{esc(a.title)}</div>
<div class="pages_content" id="UCAP-CONTENT">
{paragraphs(a.paragraphs, '<p style="text-indent: 2em; font-family: 宋体;">{}</p>')}{_attachments(view)}
</div>{editor}
{share_bar(labels)}
</div>
<div class="related">
<h3>相关稿件</h3>
<ul>
{link_items(view.related)}
</ul>
</div>"""

    def list_inner(self, view: ListView) -> str:
        labels = view.identity.labels
        return f"""<div class="BreadcrumbNav">{breadcrumb(labels, view.crumbs, label="")}</div>
<div class="list list_1 list_2">
<ul>
{link_items(view.items, '<li><h4>{a}<span class="date">{date}</span></h4></li>')}
</ul>
</div>
<div class="pages">{pager_links(view)}</div>
<div class="sidebar"><h3>{esc(view.sidebar_title)}</h3><ul>
{link_items(view.sidebar)}
</ul></div>"""


class City(Family):
    """A table-layout city CMS of the ASP era: nested tables, td.bt titles, font tags."""

    doctype = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">'
    title_format = "{title}--{site}"

    def frame(self, identity: Identity, nav: list[Link], title: str, inner: str, head: str) -> str:
        style = "<style>td.bt{font-size:20px;font-weight:bold;color:#c00}td{font-size:12px}</style>"
        return super().frame(identity, nav, title, inner, f"{head}\n{style}".strip())

    def header(self, identity: Identity, nav: list[Link]) -> str:
        items = " | ".join(anchor(link, target_blank=False) for link in nav)
        return f"""<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td height="100" bgcolor="#1a6fb0"><font color="#ffffff" size="6"><b>{esc(identity.site_name)}</b></font></td></tr>
<tr><td class="nav" height="32" bgcolor="#e8f1fa">{items}</td></tr>
</table>"""

    def footer(self, identity: Identity) -> str:
        return f"""<table width="980" border="0" cellspacing="0" cellpadding="6" align="center" bgcolor="#e8f1fa">
<tr><td align="center"><font color="#666666">{footer_lines(identity, "{}<br>")}</font></td></tr>
</table>"""

    def _columns(self, crumbs: list[Link], labels: Labels, nav: list[Link], main: str, tail: str) -> str:
        """The two-column body: a side menu table, then the main cell with its position row."""
        menu = "\n".join(f'<tr><td height="28">·{anchor(link, target_blank=False)}</td></tr>' for link in nav[1:])
        return f"""<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td width="220" valign="top">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="lm" height="32"><b>栏目导航</b></td></tr>
{menu}
</table>
</td>
<td valign="top">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="dqwz" height="30">{breadcrumb(labels, crumbs, " &gt;&gt; ", tail, "您现在的位置：")}</td></tr>
</table>
{main}
</td>
</tr>
</table>"""

    def article_inner(self, view: ArticleView) -> str:
        a, labels = view.article, view.identity.labels
        byline = f"{labels.published}：{format_date(a.published, 'asp')}"
        for label, value in ((labels.source, a.source), (labels.author, a.author)):
            if value:
                byline += f"&nbsp;&nbsp;{label}：{esc(value)}"
        main = f"""<table width="96%" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td class="bt" align="center" height="50">{esc(a.title)}</td></tr>
<tr><td align="center" height="30"><font color="#666666">{byline}&nbsp;&nbsp;点击数：<font color="red">368</font></font></td></tr>
<tr><td class="content"><font size="3">
{paragraphs(a.paragraphs, '<p>&nbsp;&nbsp;&nbsp;&nbsp;{}</p>')}
</font></td></tr>
<tr><td>{prev_next(labels, view.prev, view.next, "{}<br>")}</td></tr>
<tr><td align="right">{print_close(labels, "【{print}】【{close}】")}</td></tr>
</table>"""
        return self._columns(view.crumbs, labels, view.nav, main, "正文")

    def list_inner(self, view: ListView) -> str:
        labels = view.identity.labels
        rows = link_items(
            view.items,
            '<tr><td width="20">·</td><td height="26"><font color="#333333">{a}</font></td>'
            '<td width="90" align="right">[{date}]</td></tr>',
        )
        main = f"""<table width="96%" border="0" cellspacing="0" cellpadding="0" align="center">
{rows}
</table>
<table width="96%" border="0" align="center"><tr><td align="center">{pager_links(view, "&nbsp;")}</td></tr></table>
<table width="96%" border="0" align="center"><tr><td class="bt2"><b>{esc(view.sidebar_title)}</b></td></tr>
{link_items(view.sidebar, '<tr><td>{a}</td></tr>')}
</table>"""
        return self._columns(view.crumbs, labels, view.nav, main, "")


class Portal(Family):
    """A modern Traditional-script repost portal: <article>, <time>, og: tags."""

    title_format = "{title} | {site}"

    def article_head(self, view: ArticleView) -> str:
        a = view.article
        stamp = datetime.fromisoformat(a.published).isoformat()
        return "\n".join([
            f'<meta property="og:title" content="{esc(a.title)}">',
            f'<meta property="article:published_time" content="{stamp}+08:00">',
            meta_tags([("description", a.summary)]),
        ]).strip()

    def article_inner(self, view: ArticleView) -> str:
        a, labels = view.article, view.identity.labels
        stamp = datetime.fromisoformat(a.published).isoformat()
        source = f' <span class="source">{labels.source}：{esc(a.source)}</span>' if a.source else ""
        editor = f'\n<p class="editor">（{labels.editor}：{esc(a.editor)}）</p>' if a.editor else ""
        return f"""<nav class="breadcrumb">{breadcrumb(labels, view.crumbs, " › ")}</nav>
<main class="container">
<article class="post">
<h1 class="post-title">{esc(a.title)}</h1>
<div class="post-meta"><time datetime="{stamp}">{labels.published}：{format_date(a.published, "zh")}</time>{source} <span class="font">{font_bar(labels)}</span></div>
<div class="post-content">
{paragraphs(a.paragraphs)}
</div>{editor}
{share_bar(labels)}
</article>
<div class="prevnext">
{prev_next(labels, view.prev, view.next)}
</div>
<aside class="related">
<h3>{labels.related}</h3>
<ul>
{link_items(view.related)}
</ul>
</aside>
<p class="disclaimer">免責聲明：本網轉載內容僅供參考，不代表本網立場。</p>
</main>"""

    def list_inner(self, view: ListView) -> str:
        labels = view.identity.labels
        return f"""<nav class="breadcrumb">{breadcrumb(labels, view.crumbs, " › ")}</nav>
<main class="container">
<h1 class="column-title">{esc(view.title)}</h1>
<ul class="news-list">
{link_items(view.items, '<li>{a}<time>{date}</time></li>')}
</ul>
<nav class="pager">{pager_links(view)}</nav>
</main>"""


FAMILIES: dict[str, Family] = {"trs": Trs(), "hanweb": Hanweb(), "govcn": Govcn(), "city": City(), "portal": Portal()}

# TRS list pages call createPageHTML(); real sites load it from a shared script like this one.
TRS_PAGE_JS = """function createPageHTML(nPageCount, nCurrIndex, sPageName, sPageExt) {
  if (nPageCount == null || nPageCount <= 1) { return; }
  function pageUrl(i) { return i == 0 ? sPageName + "." + sPageExt : sPageName + "_" + i + "." + sPageExt; }
  var out = "";
  out += nCurrIndex == 0 ? "首页 上一页 " : "<a href=\\"" + pageUrl(0) + "\\">首页</a> <a href=\\"" + pageUrl(nCurrIndex - 1) + "\\">上一页</a> ";
  out += nCurrIndex == nPageCount - 1 ? "下一页 尾页" : "<a href=\\"" + pageUrl(nCurrIndex + 1) + "\\">下一页</a> <a href=\\"" + pageUrl(nPageCount - 1) + "\\">尾页</a>";
  document.write(out);
}
"""
