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
import trafilatura

from .document import Document, Rejection
from .stage import Stage
from .text import looks_like_paragraph

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "dd", "dt", "dl", "center", "form", "span_block",
}  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head")
_ATTACHMENT_RE = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|txt|csv|ofd)$", re.I)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that carries an encoding declaration; strip the XML prolog.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        return lxml.html.document_fromstring(html)
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
        cells = [c.strip() for c in stripped.strip("|").split(" | ") if c.strip()]
        if any(len(c) > cell_max_chars for c in cells):
            out.extend(cells)
        elif cells:
            out.append(" ".join(cells))
    return "\n".join(out)


def _head_before_body(lines: list[str], text: str, max_lines: int) -> list[str]:
    """The page lines just above where the extracted text begins."""
    # the first paragraph of prose: shorter lines (title, nav) also stand in menus and breadcrumbs
    stripped = [ln.strip() for ln in text.splitlines()]
    first = next((ln for ln in stripped if looks_like_paragraph(ln, 15)), None)
    probe = (first or next((ln for ln in stripped if len(ln) >= 6), ""))[:12]
    if not probe:
        return []
    for i, line in enumerate(lines):
        if probe in line:
            return lines[max(0, i - max_lines) : i]
    return []


class Extract(Stage):
    name = "extract"
    after = ("decode",)
    options = {"favor_precision": True, "include_tables": True, "head_lines": 12, "table_cell_max_chars": 40}

    def process(self, doc: Document) -> Document | Rejection:
        if not doc.is_html:
            return doc
        tree = parse_html(doc.html or "")
        if tree is None:
            return self.reject(doc, "unparsable_html")
        site = doc.site_rules
        lines = page_lines(tree)
        doc.attachments = self._attachments(tree, doc.url)

        for xpath in site.get("drop_xpath", ()):
            for node in tree.xpath(xpath):
                node.drop_tree()
        if site.get("title_xpath"):
            doc.set_meta("title", " ".join(" ".join(tree.xpath(f"string({site['title_xpath']})").split())))
        if site.get("date_xpath"):
            doc.page_dates.append(tree.xpath(f"string({site['date_xpath']})"))
        source = tree
        if site.get("body_xpath"):
            found = tree.xpath(site["body_xpath"])
            if found:
                source = lxml.html.fromstring(
                    "<html><body>" + "".join(lxml.html.tostring(n, encoding="unicode") for n in found) + "</body></html>"
                )
                doc.note(self.name, "site_body_xpath")

        result = trafilatura.bare_extraction(
            source,
            url=doc.url,
            favor_precision=self.opts["favor_precision"],
            include_tables=self.opts["include_tables"],
            include_comments=False,
            with_metadata=True,
            # htmldate's extensive search guesses (copyright years, dateparser over the
            # whole page) and costs more than the extraction itself; page dates come
            # from the head zone and the URL first anyway
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = (result.text if result else "") or ""
        if not text.strip():
            return self.reject(doc, "no_main_text", "trafilatura found no main text")
        doc.text = flatten_tables(text, self.opts["table_cell_max_chars"])
        if result.title:
            doc.set_meta("title", result.title)
        if result.date:
            doc.page_dates.append(result.date)
        doc.page_head = _head_before_body(lines, doc.text, self.opts["head_lines"])
        return doc

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
