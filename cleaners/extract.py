"""extract: the page's main text and metadata, by trafilatura, with per-site overrides.

Besides the main text it keeps the page's own text lines just above the body
(`doc.page_head`): on most government templates the date, source and author
line sits outside the article container, where trafilatura does not look.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import htmldate
import trafilatura

from .dates import date_from_url
from .document import Document, Rejection
from .prune import Pruner, free_loose_text, unwrap_layout_tables
from .stage import Stage
from .text import looks_like_paragraph

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "dd", "dt", "dl", "center", "form", "span_block",
}  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head")
_ATTACHMENT_RE = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|txt|csv|ofd)$", re.I)


# Comments go at parse time: trafilatura drops a comment together with the text
# that follows it (`<!-- 正文页画中画 begin -->` followed by a paragraph).
_PARSER = lxml.etree.HTMLParser(remove_comments=True)
# Every element is a plain HtmlElement, chosen in C: lxml.html's own lookup calls
# Python for each element touched (to give form fields their classes, which
# nothing here uses), and it was a tenth of the extraction time.
_PARSER.set_element_class_lookup(
    lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction
    )
)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that carries an encoding declaration; strip the XML prolog.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        return lxml.html.document_fromstring(html, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def page_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """The page's visible text, one line per block element, blank lines dropped."""
    parts: list[str] = []
    for node in tree.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _INVISIBLE_TAGS:
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag not in _INVISIBLE_TAGS:
            parts.append(node.text)
        if node.tail:
            parent = node.getparent()
            if parent is None or parent.tag not in _INVISIBLE_TAGS:
                if tag in _BLOCK_TAGS:
                    parts.append("\n")
                parts.append(node.tail)
    lines = (line.strip() for line in "".join(parts).splitlines())
    return [line for line in lines if line]


_TITLE_SEPARATORS_RE = re.compile(r"\s[-|–—_]\s|_|\||--+|——|－+")
_TABLE_RULE_RE = re.compile(r"^\|[\s|:-]*\|?$")


def flatten_tables(text: str, cell_max_chars: int) -> str:
    """trafilatura writes table rows as `| a | b |`: a row of short cells becomes one
    line of cells, a row holding a long cell (a layout table) one line per cell."""
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped.startswith("|"):
            out.append(line)
            continue
        if _TABLE_RULE_RE.match(stripped):
            continue
        cells = [c.replace("\\|", "|").strip(" |") for c in stripped.strip("|").split(" | ")]
        cells = [c for c in cells if c]
        if any(len(c) > cell_max_chars for c in cells):
            out.extend(cells)
        elif cells:
            out.append(" ".join(cells))
    return "\n".join(out)


def _around_body(lines: list[str], text: str, span: int) -> tuple[list[str], list[str]]:
    """The page lines just above where the extracted text begins and just below where it
    ends: on many templates the date and source sit above the body, the editor below."""
    stripped = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # the first paragraph of prose: shorter lines (title, nav) also stand in menus and breadcrumbs
    first = next((ln for ln in stripped if looks_like_paragraph(ln, 15)), None)
    probe = (first or next((ln for ln in stripped if len(ln) >= 6), ""))[:12]
    last_probe = stripped[-1][-12:] if stripped else ""
    if not probe:
        return [], []
    start = next((i for i, line in enumerate(lines) if probe in line), None)
    if start is None:
        return [], []
    end = next((i for i in range(len(lines) - 1, start - 1, -1) if last_probe and last_probe in lines[i]), start)
    return lines[max(0, start - span) : start], lines[end + 1 : end + 1 + span]


def _result_len(result) -> int:
    return len((result.text or "").strip()) if result else 0


def _prose_len(result) -> int:
    """Characters outside list items (trafilatura writes those as `- item`): menus and the
    options of a report or share form are lists, an article's body is not."""
    text = (result.text or "") if result else ""
    return sum(len(line.strip()) for line in text.splitlines() if not line.lstrip().startswith("- "))


class Extract(Stage):
    name = "extract"
    after = ("decode",)
    options = {
        "favor_precision": True,
        "include_tables": True,
        "fast": False,
        "head_lines": 12,
        "table_cell_max_chars": 40,
    }

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        self.cfg = rules.extract
        self.pruner = Pruner(rules.extract, rules.root / "extract.yaml")
        self.fallback_min = rules.extract.get("fallback_min_chars", 100)

    def process(self, doc: Document) -> Document | Rejection:
        if not doc.is_html:
            return doc
        tree = parse_html(doc.html or "")
        if tree is None:
            return self.reject(doc, "unparsable_html")
        site = doc.site_rules
        lines = page_lines(tree)
        doc.attachments = self._attachments(tree, doc.url)
        meta_tags = self._meta_tags(tree)
        title, doc.site_names = self._title(tree, meta_tags)
        doc.set_meta("title", title)
        doc.page_dates.extend(self._meta_dates(tree, meta_tags, doc.url))

        for xpath in site.get("drop_xpath", ()):
            for node in tree.xpath(xpath):
                node.drop_tree()
        if site.get("title_xpath"):
            doc.set_meta("title", " ".join(tree.xpath(f"string({site['title_xpath']})").split()))
        if site.get("date_xpath"):
            doc.page_dates.append(tree.xpath(f"string({site['date_xpath']})"))
        body = None
        if site.get("body_xpath"):
            body = next(iter(tree.xpath(site["body_xpath"])), None)
        if body is None:
            body = self.pruner.find_body(tree)
        if body is not None:
            doc.note(self.name, "body_container")
        for reason, n in self.pruner.prune(tree, keep=body).items():
            doc.note(self.name, f"pruned_{reason}", n)
        doc.note(self.name, "layout_tables", unwrap_layout_tables(tree))
        doc.note(self.name, "loose_text_freed", free_loose_text(tree))

        result = self._trafilatura(body if body is not None else tree, doc.url, recall=False)
        if body is not None and _result_len(result) < self.fallback_min:
            result = self._trafilatura(tree, doc.url, recall=False)
        if _result_len(result) < self.fallback_min:
            fallback = self._trafilatura(tree, doc.url, recall=True)
            # favouring recall finds the body a precise run missed, or only more page chrome:
            # over a short result it must add a body's worth of text outside lists
            gain = _prose_len(fallback) - _prose_len(result)
            if _result_len(fallback) > _result_len(result) and (not _result_len(result) or gain >= self.fallback_min):
                result = fallback
                doc.note(self.name, "recall_fallback")
        text = (result.text if result else "") or ""
        if not text.strip():
            return self.reject(doc, "no_main_text", "trafilatura found no main text")
        doc.text = flatten_tables(text, self.opts["table_cell_max_chars"])
        doc.page_head, doc.page_tail = _around_body(lines, doc.text, self.opts["head_lines"])
        return doc

    @staticmethod
    def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
        """Each <meta> name or property with its non-empty contents, whitespace folded."""
        tags: dict[str, list[str]] = {}
        for meta in tree.iter("meta"):
            content = " ".join((meta.get("content") or "").split())
            if content:
                for key in {meta.get("name"), meta.get("property")} - {None}:
                    tags.setdefault(key, []).append(content)
        return tags

    @staticmethod
    def _meta(tags: dict[str, list[str]], names: list[str]) -> list[str]:
        return [value for name in names for value in tags.get(name, ())]

    def _title(self, tree: lxml.html.HtmlElement, meta_tags: dict[str, list[str]]) -> tuple[str | None, list[str]]:
        """A title meta tag, else the one <h1>, else the longest part of <title>; and the
        other parts of <title>, which name the site (`标题--湘江市生态环境局`). The one <h1>
        names the title part of <title>, however short (`金锺国 - 维基百科`), unless it is
        the last of several parts, where sites put their name: that <h1> is a logo."""
        whole = " ".join("".join(tree.findtext(".//title") or "").split())
        parts = [part.strip() for part in _TITLE_SEPARATORS_RE.split(whole) if part.strip()]
        h1 = [" ".join("".join(h.itertext()).split()) for h in tree.iter("h1")]
        h1 = [h for h in h1 if h]
        one_h1 = h1[0] if len(h1) == 1 and not (len(parts) > 1 and h1[0] == parts[-1]) else None
        title = one_h1 if one_h1 in parts else max(parts, key=len) if parts else None
        site_names = [part for part in parts if part != title]
        for value in self._meta(meta_tags, self.cfg.get("title_meta", [])):
            # a meta title that repeats <title> whole carries the site name too
            return (one_h1 if value == whole and one_h1 in parts else value), site_names
        return one_h1 or title, site_names

    def _meta_dates(self, tree: lxml.html.HtmlElement, meta_tags: dict[str, list[str]], url: str | None) -> list[str]:
        """Dates the markup states: CMS meta tags (PubDate), then htmldate without its guessing
        search (the extensive search reads copyright years and costs more than extraction).
        htmldate runs only when neither a meta tag nor the URL gives a date: both outrank it."""
        dates = self._meta(meta_tags, self.cfg.get("date_meta", []))
        if dates or date_from_url(url):
            return dates
        found = htmldate.find_date(tree, extensive_search=False, original_date=True)
        return [found] if found else []

    def _trafilatura(self, node: lxml.html.HtmlElement, url: str | None, recall: bool):
        # trafilatura works on (and changes) a copy of what it is given
        return trafilatura.bare_extraction(
            node,
            url=url,
            favor_precision=self.opts["favor_precision"] and not recall,
            favor_recall=recall,
            include_tables=self.opts["include_tables"],
            include_comments=False,
            fast=self.opts["fast"],
        )

    @staticmethod
    def _attachments(tree: lxml.html.HtmlElement, base: str | None) -> list[str]:
        seen: list[str] = []
        for href in tree.xpath("//a/@href"):
            href = href.strip()
            path = href.split("?", 1)[0].split("#", 1)[0]
            if _ATTACHMENT_RE.search(path):
                url = urljoin(base, href) if base else href
                if url not in seen:
                    seen.append(url)
        return seen
