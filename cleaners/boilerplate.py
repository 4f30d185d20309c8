"""boilerplate: page chrome out of the text, by the rules in `configs/boilerplate.yaml`.

Four rule kinds: `cut_to_end` (a tail marker such as 相关新闻 or 上一篇 and
everything after it), `drop_line`, `strip_inline` (the fragment only) and
`trailing_line` (junk at the very end). Rules match the folded line (one
spelling for full- and half-width punctuation) and never fire on a line longer
than their `max_chars`, so a body paragraph that merely contains a word stays.
A cut fires only once the prose above the marker outweighs enough of the
prose below it, so a marker in the head or a sidebar is never taken for the end
of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .document import Document
from .stage import Stage
from .text import cjk_count, fold, looks_like_paragraph

# what may be left of a line after inline stripping without it counting as text
_RESIDUE_RE = re.compile(r"^[\s\W_]*$")


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    max_chars: int
    flag: str | None
    zone: str = "any"  # head: only above the first paragraph; tail: only below the last

    def matches(self, folded_line: str) -> bool:
        return len(folded_line) <= self.max_chars and self.regex.search(folded_line) is not None


class RuleList(list):
    """The rules of one kind, in their file order."""

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        # most body paragraphs are longer than any rule's max_chars: no rule to try
        self.longest = max((r.max_chars for r in rules), default=0)

    def first(self, folded_line: str, zone: str = "any") -> Rule | None:
        """The first rule that fires on the line; `zone` is where the line stands (head, body, tail)."""
        if len(folded_line) > self.longest:
            return None
        return next((r for r in self if r.zone in ("any", zone) and r.matches(folded_line)), None)


class LineRules:
    """The compiled rule set; also asked by the metadata stage which head lines are chrome."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        default = cfg["line_max_chars"]

        def compile_all(kind: str) -> RuleList:
            return RuleList(
                [
                    Rule(r["name"], re.compile(r["pattern"]), r.get("max_chars", default), r.get("flag"), r.get("zone", "any"))
                    for r in cfg.get(kind, [])
                ]
            )

        self.cut = compile_all("cut_to_end")
        self.drop = compile_all("drop_line")
        self.inline = compile_all("strip_inline")
        self.trailing = compile_all("trailing_line")
        self.cut_min_body_lines = cfg.get("cut_min_body_lines", 1)
        self.cut_prose_ratio = cfg.get("cut_prose_ratio", 0.5)

    def is_chrome(self, line: str) -> bool:
        """A line some drop, cut or inline rule would remove whole."""
        return self.folded_is_chrome(fold(line).strip())

    def folded_is_chrome(self, folded: str) -> bool:
        """is_chrome of a line already folded and stripped."""
        if self.drop.first(folded) or self.cut.first(folded):
            return True
        stripped = folded
        for rule in self.inline:
            if len(folded) <= rule.max_chars:
                stripped = rule.regex.sub("", stripped)
        return stripped != folded and bool(_RESIDUE_RE.match(stripped))


class Boilerplate(Stage):
    name = "boilerplate"
    after = ("script", "metadata")
    options = {"paragraph_min_cjk": 15}

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        self.line_rules = LineRules(rules.boilerplate)

    def _hit(self, doc: Document, kind: str, rule: Rule, n: int = 1) -> None:
        doc.note(self.name, f"{kind}:{rule.name}", n)
        if rule.flag:
            doc.flags.add(rule.flag)

    def process(self, doc: Document) -> Document:
        rules = self.line_rules
        min_cjk = self.opts["paragraph_min_cjk"]
        lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
        folded = [fold(line) for line in lines]  # one spelling for matching, positions kept
        prose = [cjk_count(f) if looks_like_paragraph(f, min_cjk) else 0 for f in folded]
        end = self._cut(doc, folded, prose)
        paragraphs = [i for i in range(end) if prose[i]]
        first, last = (paragraphs[0], paragraphs[-1]) if paragraphs else (end, -1)
        kept: list[str] = []
        for i in range(end):
            rule = rules.drop.first(folded[i], "head" if i < first else "tail" if i > last else "body")
            if rule:
                self._hit(doc, "drop", rule)
                continue
            line = self._strip_inline(doc, lines[i], folded[i])
            if line is not None:
                kept.append(line)
        while kept:
            folded_last = fold(kept[-1])
            rule = rules.trailing.first(folded_last)
            if rule is None:
                break
            self._hit(doc, "trailing", rule)
            kept.pop()
        doc.text = "\n".join(kept)
        return doc

    def _cut(self, doc: Document, folded: list[str], prose: list[int]) -> int:
        """Where the text ends: at the first marker with enough prose above it, at least
        `cut_min_body_lines` paragraphs and `cut_prose_ratio` times the prose below it (a
        related list can outweigh a short article, but a sidebar marker above the real
        article has almost no prose above it)."""
        total = sum(prose)
        above = paragraphs = 0
        for i, line in enumerate(folded):
            if paragraphs >= self.line_rules.cut_min_body_lines and above >= self.line_rules.cut_prose_ratio * (total - above):
                rule = self.line_rules.cut.first(line)
                if rule:
                    self._hit(doc, "cut", rule)
                    doc.note(self.name, "lines_cut", len(folded) - i)
                    return i
            above += prose[i]
            paragraphs += prose[i] > 0
        return len(folded)

    def _strip_inline(self, doc: Document, line: str, folded: str) -> str | None:
        """Remove inline fragments; None when nothing but punctuation is left."""
        changed = False
        for rule in self.line_rules.inline:
            if len(folded) > rule.max_chars or not rule.regex.search(folded):
                continue
            pieces, pos = [], 0
            for match in rule.regex.finditer(folded):
                pieces.append(line[pos : match.start()])
                pos = match.end()
                self._hit(doc, "strip", rule)
            if pos:
                pieces.append(line[pos:])
                line = "".join(pieces)
                folded = fold(line)
                changed = True
        if changed and _RESIDUE_RE.match(line):
            return None
        return line
