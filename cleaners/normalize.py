"""normalize: the last text stage: Unicode form, invisible characters, whitespace, punctuation width."""

from __future__ import annotations

import re
import unicodedata

from .document import METADATA_FIELDS, Document
from .stage import Stage
from .text import fullwidth_punctuation

# zero-width and directional marks, BOM, and C0/C1 controls other than newline and tab
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INNER_SPACE_RE = re.compile("[\t\xa0\u2002-\u200a\u202f\u205f]")


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE_RE.sub("", text)
    lines = (_INNER_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return fullwidth_punctuation("\n".join(line for line in lines if line))


class Normalize(Stage):
    name = "normalize"
    after = ("script", "metadata", "boilerplate", "repair")

    def process(self, doc: Document) -> Document:
        before = doc.text
        doc.text = normalize_text(before)
        if doc.text != before:
            doc.note(self.name, "texts_changed")
        for name in METADATA_FIELDS:
            value = doc.meta.get(name)
            if isinstance(value, str):
                doc.meta[name] = normalize_text(value).replace("\n", " ")
        return doc
