"""flags: content problems stay in the text and are named here; thresholds in `configs/flags.yaml`.

Earlier stages add their own flags (encoding_damage, content_farm, spam_injection);
this stage adds the ones measured on the final text. A flag listed under `reject`
turns the document into a rejection instead of a record.
"""

from __future__ import annotations

import re

from .document import Document, Rejection
from .stage import Stage
from .text import cjk_count


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
        fatal = sorted(doc.flags & self.reject_flags)
        if fatal:
            return self.reject(doc, fatal[0], f"flags: {', '.join(sorted(doc.flags))}")
        return doc
