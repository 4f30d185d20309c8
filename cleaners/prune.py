"""Chinese-aware pruning of a page tree before trafilatura, the known-body-container hint,
and two repairs of the tree (layout tables to blocks, loose text to paragraphs).

trafilatura's own pruning knows English class names; Chinese CMSs name their
chrome in pinyin (xgxw, dqwz) or mark it only by its text (当前位置, 分享到).
Hidden elements go too: www.gov.cn pages carry `display:none` copies of the
title and of paragraphs. No pruned container may hold more than a set share of
the page's text, so a mislabelled wrapper never takes the article with it.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

import lxml.etree
import lxml.html

from .config import compile_xpath
from .text import looks_like_paragraph

_SPLIT_RE = re.compile(r"[\s_\-]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
# visibility:hidden is left alone: WeChat hides the whole article that way until JS runs
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none", re.I)
_NEVER_PRUNE = {"html", "body"}


def _text(node: lxml.html.HtmlElement) -> str:
    # serialised in C: several times faster than joining itertext() in Python
    return lxml.etree.tostring(node, method="text", encoding=str, with_tail=False)


def _nonspace_len(text: str) -> int:
    """Characters of text, whitespace not counted: markup indentation is not text."""
    return len("".join(text.split()))


def _text_len(node: lxml.html.HtmlElement) -> int:
    return _nonspace_len(_text(node))


def _link_density(node: lxml.html.HtmlElement, length: int) -> float:
    linked = sum(_text_len(a) for a in node.iter("a"))
    return linked / length if length else 1.0


class Pruner:
    def __init__(self, cfg: dict[str, Any], where: str | os.PathLike = "extract.yaml") -> None:
        self.tokens = {t.lower() for t in cfg.get("chrome_tokens", [])}
        self.list_tokens = {t.lower() for t in cfg.get("list_tokens", [])}
        prefixes = cfg.get("chrome_text_prefixes", [])
        self.prefix_re = re.compile("^(?:" + "|".join(map(re.escape, prefixes)) + ")") if prefixes else None
        self.text_max = cfg.get("chrome_text_max_chars", 300)
        self.max_share = cfg.get("max_pruned_share", 0.4)
        self.short_max = cfg.get("chrome_short_max_chars", 200)
        self.min_link_density = cfg.get("chrome_min_link_density", 0.5)
        self.sentence_min_cjk = cfg.get("chrome_sentence_min_cjk", 15)
        self.body_selectors = [
            compile_xpath(xpath, f"{where}: body_selectors[{i}]") for i, xpath in enumerate(cfg.get("body_selectors", []))
        ]
        self.body_min = cfg.get("body_min_chars", 80)
        # pages of a site repeat their class and id values: each is split and looked up once
        self._chrome_attrs = lru_cache(maxsize=16384)(self._chrome_kind)

    def find_body(self, tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
        """The first known government article container with enough text in it."""
        for selector in self.body_selectors:
            for node in selector(tree):
                if _text_len(node) >= self.body_min:
                    return node
        return None

    def _chrome_kind(self, class_and_id: str) -> str | None:
        """`chrome_list` or `chrome_class` when a word of the class or id names chrome; the
        words are the parts between spaces, `-` and `_`, and also their camelCase parts."""
        words: set[str] = set()
        for part in _SPLIT_RE.split(class_and_id):
            words.add(part.lower())
            words.update(piece.lower() for piece in _CAMEL_RE.split(part))
        if not self.list_tokens.isdisjoint(words):
            return "chrome_list"
        return "chrome_class" if not self.tokens.isdisjoint(words) else None

    def _is_chrome(self, node: lxml.html.HtmlElement) -> str | None:
        cls, ident = node.get("class"), node.get("id")
        kind = self._chrome_attrs(f"{cls or ''} {ident or ''}") if cls or ident else None
        if kind:
            return kind
        style = node.get("style")
        if node.get("hidden") is not None or (style and _HIDDEN_STYLE_RE.search(style)):
            return "hidden"
        return None

    def prune(self, tree: lxml.html.HtmlElement, keep: lxml.html.HtmlElement | None = None) -> dict[str, int]:
        """Drop chrome containers in place, counted by reason; `keep` (the body container)
        and its ancestors stay, though chrome inside the body still goes."""
        limit = self.max_share * max(_text_len(tree), 1)
        protected = {keep, *keep.iterancestors()} if keep is not None else set()
        doomed: dict[lxml.html.HtmlElement, str] = {}
        for node in tree.iter(lxml.etree.Element):  # document order: a container before its content
            reason = self._is_chrome(node) or self._chrome_text(node)
            if reason is None or node in protected or node.tag in _NEVER_PRUNE:
                continue
            if any(ancestor in doomed for ancestor in node.iterancestors()):
                continue  # goes with its container
            if self._prunable(node, reason, limit):
                doomed[node] = reason
        counts: dict[str, int] = {}
        for node, reason in doomed.items():
            node.drop_tree()
            counts[reason] = counts.get(reason, 0) + 1
        return counts

    def _prunable(self, node: lxml.html.HtmlElement, reason: str, limit: float) -> bool:
        """Chrome is short or mostly links; a long run of plain prose under a chrome-ish
        class name (a content box called `fontsize_box`) is the article. A list of other
        pages (related, more stories) goes at any length: its summaries are prose too."""
        text = _text(node)
        length = _nonspace_len(text)
        if length > limit:
            return False
        if reason == "chrome_list":
            return True
        if _link_density(node, length) >= self.min_link_density:
            return True
        # short, but a sentence of prose: a short notice inside `#printContent` is the article
        has_sentence = reason == "chrome_class" and looks_like_paragraph(text, self.sentence_min_cjk)
        return length <= self.short_max and not has_sentence

    def _chrome_text(self, node: lxml.html.HtmlElement) -> str | None:
        if self.prefix_re is None:
            return None
        own = (node.text or "").strip()
        if own and self.prefix_re.match(own) and _text_len(node) <= self.text_max:
            return "chrome_text"
        return None


_TABLE_PARTS = {"tbody", "thead", "tfoot", "tr", "td", "th"}
_BLOCKS_IN_LAYOUT = ".//table|.//p|.//div|.//ul|.//ol|.//h1|.//h2|.//h3"


def unwrap_layout_tables(tree: lxml.html.HtmlElement) -> int:
    """Tables used for page layout become plain blocks, so that trafilatura keeps the
    paragraphs inside a cell apart instead of reading the cell as one table value.

    A table holding other tables or block elements (p, div, lists, headings) lays
    out a page; a table of short cells holds data and stays a table.
    """
    layout = [t for t in tree.iter("table") if t.xpath(_BLOCKS_IN_LAYOUT)]
    for table in layout:
        table.tag = "div"
        stack = [table]
        while stack:  # its own rows and cells only: a nested table is judged on its own
            for child in stack.pop():
                if child.tag in _TABLE_PARTS:
                    child.tag = "div"
                    stack.append(child)
    return len(layout)


_BLOCKS = ("table", "div", "p", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "center")


def free_loose_text(tree: lxml.html.HtmlElement) -> int:
    """Frames and plugin objects go, and text left loose after a block becomes a paragraph of
    its own: portals set an advertising frame (画中画) in a table in the middle of a
    paragraph, the paragraph goes on in the table's tail, and trafilatura drops such tails."""
    embeds = list(tree.iter("iframe", "frame", "embed", "object"))
    for node in embeds:
        node.drop_tree()
    freed = 0
    for block in list(tree.iter(_BLOCKS)):
        tail = (block.tail or "").strip()
        if tail and block.getparent() is not None:
            paragraph = lxml.html.Element("p")
            paragraph.text, block.tail = tail, None
            block.addnext(paragraph)
            freed += 1
    return freed
