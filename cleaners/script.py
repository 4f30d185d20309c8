"""script: glued pinyin out, then Traditional to Simplified.

Pinyin goes first: OpenCC converts by phrase and an annotation splits the phrase
(`瞭(liǎo)解` stays as is, `瞭解` becomes `了解`). After conversion, on converted
pages only, corner quotes become curly quotes and the 著 words t2s leaves become 着.
"""

from __future__ import annotations

import re

import opencc

from .document import Document
from .stage import Stage
from .text import IDEOGRAPH, cjk_count

TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
PINYIN_RE = re.compile(rf"(?<=[{IDEOGRAPH}])[(（][a-z{TONE}]*[{TONE}][a-z{TONE}]*[)）]")
# neutral-tone syllables carry no mark; removed only where toned hits show the page is annotated
NEUTRAL_PINYIN_RE = re.compile(rf"(?<=[{IDEOGRAPH}])[(（](?:de|le|men|zi|me|ma|ne|ba)[)）]")
_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")


class Script(Stage):
    name = "script"
    options = {"traditional_ratio": 0.02, "traditional_min_chars": 2, "neutral_pinyin_min_hits": 3}

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        self.t2s = opencc.OpenCC("t2s")
        zhe = rules.lexicons.get("zhe_words", [])
        self.zhe = {word: word.replace("著", "着") for word in zhe}
        self.zhe_re = re.compile("|".join(map(re.escape, sorted(zhe, key=len, reverse=True)))) if zhe else None

    def strip_pinyin(self, text: str) -> tuple[str, int]:
        text, hits = PINYIN_RE.subn("", text)
        if hits >= self.opts["neutral_pinyin_min_hits"]:
            text, neutral = NEUTRAL_PINYIN_RE.subn("", text)
            hits += neutral
        return text, hits

    def to_simplified(self, text: str) -> tuple[str, int]:
        """t2s, and how many characters it changed (conversion keeps the length for these scripts)."""
        converted = self.t2s.convert(text)
        if converted == text:  # most pages: nothing to count character by character
            return converted, 0
        if len(converted) == len(text):
            changed = sum(1 for a, b in zip(text, converted) if a != b)
        else:
            changed = abs(len(converted) - len(text)) or 1
        return converted, changed

    def process(self, doc: Document) -> Document:
        doc.text, hits = self.strip_pinyin(doc.text)
        doc.note(self.name, "pinyin_removed", hits)

        converted, changed = self.to_simplified(doc.text)
        total = max(cjk_count(doc.text), 1)
        if changed >= self.opts["traditional_min_chars"] and changed / total >= self.opts["traditional_ratio"]:
            doc.converted_from = "zh-Hant"
            doc.note(self.name, "chars_converted", changed)
            doc.text = self._after_t2s(converted)
            doc.page_head = [self.to_simplified(line)[0] for line in doc.page_head]
            doc.page_tail = [self.to_simplified(line)[0] for line in doc.page_tail]
            for name, value in list(doc.meta.items()):
                if isinstance(value, str):
                    doc.meta[name] = self._after_t2s(self.to_simplified(self.strip_pinyin(value)[0])[0])
            quotes = sum(doc.text.count(q) for q in "“”‘’") - sum(converted.count(q) for q in "“”‘’")
            doc.note(self.name, "corner_quotes", quotes)
        return doc

    def _after_t2s(self, text: str) -> str:
        text = text.translate(_CORNER_QUOTES)
        if self.zhe_re:
            text = self.zhe_re.sub(lambda m: self.zhe[m.group(0)], text)
        return text
