"""page_type: reject what is not an article (404 pages served with 200, login and
verification walls, empty JavaScript shells, list pages), with the kind as reason.

Phrase rules fire only on short texts, so an article that mentions 登录 or 404
stays; a list page is recognized by the shape of its lines, not by its length.
"""

from __future__ import annotations

import re

from .document import Document, Rejection
from .stage import Stage
from .text import cjk_count, fold


class PageType(Stage):
    name = "page_type"
    after = ("normalize",)

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        cfg = rules.page_types
        self.phrases = [
            (rule["kind"], rule["max_cjk"], re.compile("|".join(rule["patterns"]), re.I))
            for rule in cfg.get("phrases", [])
        ]
        listing = cfg.get("list_page", {})
        self.item_re = re.compile(listing["item_pattern"]) if listing.get("item_pattern") else None
        self.list_min_lines = listing.get("min_lines", 6)
        self.list_min_share = listing.get("min_share", 0.6)

    def process(self, doc: Document) -> Document | Rejection:
        text = fold(doc.text)
        title = fold(doc.meta.get("title") or "")
        cjk = cjk_count(text)
        for kind, max_cjk, regex in self.phrases:
            if cjk <= max_cjk and (regex.search(text) or regex.search(title)):
                return self.reject(doc, kind, regex.search(text + "\n" + title).group(0))
        if self.item_re is not None:
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            items = sum(1 for line in lines if self.item_re.match(line))
            if items >= self.list_min_lines and items / len(lines) >= self.list_min_share:
                return self.reject(doc, "list_page", f"{items} of {len(lines)} lines are list items")
        return doc
