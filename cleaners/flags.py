"""flags: content problems stay in the text and are named here; thresholds in `configs/flags.yaml`.

Earlier stages add their own flags (encoding_damage, content_farm, truncated);
this stage adds the ones measured on the final text (and `boilerplate_leftover`: the share
of the text in lines that still look like page chrome). A flag listed under `reject`
turns the document into a rejection instead of a record.
"""

from __future__ import annotations

import re

from .boilerplate import LineRules
from .document import Document, Rejection
from .stage import Stage
from .text import cjk_count, fold


class Flags(Stage):
    name = "flags"
    after = ("normalize",)

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        cfg = rules.flags
        redacted = cfg.get("redacted_template", {})
        self.redacted_re = re.compile(redacted.get("pattern", "×|(?<![A-Za-z])xx(?![A-Za-z])"))
        self.redacted_per_10k = redacted.get("per_10k_chars", 5)
        self.min_cjk = cfg.get("short_text", {}).get("min_cjk_chars", 200)
        self.min_ratio = cfg.get("low_chinese_ratio", {}).get("min_ratio", 0.3)
        self.reject_flags = set(cfg.get("reject", []))
        leftover = cfg.get("boilerplate_leftover", {})
        self.leftover_max = leftover.get("max_ratio")
        self.leftover_short = leftover.get("short_line_chars", 12)
        self.prose_mark = re.compile(leftover.get("prose_mark", "[。！？；，,;!?]"))
        self.line_rules = LineRules(rules.boilerplate)

    def process(self, doc: Document) -> Document | Rejection:
        text = doc.text
        chars = len(text.replace("\n", ""))
        cjk = cjk_count(text)
        marks = len(self.redacted_re.findall(text))
        if chars and marks * 10_000 / chars >= self.redacted_per_10k:
            doc.flags.add("redacted_template")
            doc.note(self.name, "redaction_marks", marks)
        if cjk < self.min_cjk:
            doc.flags.add("short_text")
        if chars and cjk / chars < self.min_ratio:
            doc.flags.add("low_chinese_ratio")
        if chars and self.leftover_max is not None:
            leftover = self.leftover_chars(text)
            doc.note(self.name, "boilerplate_leftover_chars", leftover)
            if leftover / chars > self.leftover_max:
                doc.flags.add("boilerplate_leftover")
        fatal = sorted(doc.flags & self.reject_flags)
        if fatal:
            return self.reject(doc, fatal[0], f"flags: {', '.join(sorted(doc.flags))}")
        return doc

    def leftover_chars(self, text: str) -> int:
        """Characters in lines that still look like page chrome: lines a boilerplate rule would
        remove (kept by its zone or cut guards), and short lines without any sentence mark (menus)."""
        total = 0
        for line in text.split("\n"):
            folded = fold(line).strip()
            if not folded:
                continue
            short_bare = len(folded) <= self.leftover_short and not self.prose_mark.search(line)
            if short_bare or self.line_rules.folded_is_chrome(folded):
                total += len(folded)
        return total
