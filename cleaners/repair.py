"""repair: characters lost to a bad conversion upstream (`体现新?lián)?、展现新作为`).

A damaged span is a `?` standing for a lost character next to CJK text, with any
pinyin residue (`lián)`) it left. Only a set phrase from the lexicon may fill it:
the phrase must agree with the text on both sides of the span. Anything not
repairable loses its residue, keeps its `?`, and the page is flagged
`encoding_damage`, as are U+FFFD and the GBK/UTF-8 mix-up `锟斤拷`.
"""

from __future__ import annotations

import re

from .document import Document
from .script import TONE
from .stage import Stage
from .text import IDEOGRAPH

_RESIDUE = rf"[a-z{TONE}]*[{TONE}][a-z{TONE}]*\)"
# a `?` with pinyin residue, or a run of `?`, or one `?` inside a run of ideographs;
# a lone `?` after a question particle (吗?) is a question mark, checked in code
DAMAGE_RE = re.compile(
    rf"(?<![(a-z{TONE}])\?*{_RESIDUE}\?*"
    rf"|(?<=[{IDEOGRAPH}])\?{{2,}}|\?{{2,}}(?=[{IDEOGRAPH}])"
    rf"|(?<=[{IDEOGRAPH}])\?(?=[{IDEOGRAPH}])"
)
RESIDUE_RE = re.compile(_RESIDUE)
LOST_CHARS_RE = re.compile("\ufffd|锟斤拷")
CONTEXT = 3  # characters on each side that a set phrase must agree with


class Repair(Stage):
    name = "repair"
    after = ("script",)

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        self.phrases = rules.lexicons.get("set_phrases", [])
        self.particles = set("".join(rules.lexicons.get("question_particles", [])))

    def _fill(self, left: str, right: str, lost: int) -> str | None:
        if len(left) < 2 or len(right) < 2:
            return None
        probe = re.compile(re.escape(left) + f"([{IDEOGRAPH}]{{1,{lost + 1}}})" + re.escape(right))
        for phrase in self.phrases:
            found = probe.search(phrase)
            if found:
                return found.group(1)
        return None

    def process(self, doc: Document) -> Document:
        text = doc.text
        out: list[str] = []
        pos = 0
        unrepaired = 0
        # every damaged span holds a `?` or a residue's `)`: most texts need no scan
        spans = DAMAGE_RE.finditer(text) if "?" in text or ")" in text else ()
        for match in spans:
            start, end = match.span()
            if match.group(0) == "?" and text[start - 1] in self.particles:
                continue
            left = re.split(r"[?\s]", text[max(0, start - CONTEXT) : start])[-1]
            right = re.split(r"[?\s]", text[end : end + CONTEXT])[0]
            fill = self._fill(left, right, match.group(0).count("?"))
            out.append(text[pos:start])
            if fill is not None:
                out.append(fill)
                doc.note(self.name, "set_phrase_repaired")
            else:
                out.append(RESIDUE_RE.sub("", match.group(0)))
                unrepaired += 1
            pos = end
        out.append(text[pos:])
        doc.text = "".join(out)
        unrepaired += len(LOST_CHARS_RE.findall(doc.text))
        if unrepaired:
            doc.note(self.name, "damage_left", unrepaired)
            doc.flags.add("encoding_damage")
        return doc
