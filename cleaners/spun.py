"""spun: how much a page looks like synonym-spun official prose, as `quality.spun_score` (0..1).

Official prose is made of frozen formulae (习近平生态文明思想, 以习近平同志为核心的党中央).
A synonym spinner breaks them: the formula's fixed context is still there, but a slot holds
another word (习近平生态文明思维, 以习近平同志为中心的党中心). The stage finds every
formula of `configs/spun.yaml` with its slots as wildcards, and counts the matches whose
slots hold the canonical fills (intact) and those holding another word (broken); it adds the
known broken variants and spinner doublings (使命使命) as evidence. Because a slot accepts any
word of about its length, the score does not depend on one spinner's substitution table.

The score is E / (E + C) x min(1, E / evidence_full)^2, E the evidence (doublings count
only beside broken formulae or variants: prose doubles words too), C the intact formulae.
At `flag_at` the page gets the `spun` flag; at `reject_at` (if set) it is rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .config import ConfigError
from .document import Document, Rejection
from .stage import Stage

_SLOT_RE = re.compile(r"\[([^\[\]]+)\]")
# What a slot may hold instead of its fills: letters, not ASCII ones (in Chinese prose, ideographs).
# A category class compiles in microseconds; a class of ideograph ranges takes a
# millisecond or two per slot, and the formulae have dozens of slots.
_SLOT_CHAR = r"[^\W\d_a-zA-Z]"


@dataclass(frozen=True)
class Formula:
    """One formula: a regex with a capture group per slot, and the correct fills of each slot."""

    text: str
    regex: re.Pattern
    fills: tuple[frozenset[str], ...]
    needle: str  # its longest fixed part: a text without it holds no match, and `in` is cheap

    def matches(self, text: str) -> tuple[int, int]:
        """(intact, broken) occurrences in `text`."""
        intact = broken = 0
        if self.needle not in text:
            return 0, 0
        for match in self.regex.finditer(text):
            if all(match.group(i + 1) in fills for i, fills in enumerate(self.fills)):
                intact += 1
            else:
                broken += 1
        return intact, broken


def compile_formula(spec: str, shorter: int, longer: int, min_context: int, where: str) -> Formula:
    """`以习近平同志为[核心]的党[中央]` -> a regex whose slots capture a run of letters (ideographs)."""
    parts = _SLOT_RE.split(spec)  # fixed, slot, fixed, slot, ..., fixed
    fixed, slots = parts[0::2], parts[1::2]
    if sum(len(f) for f in fixed) < min_context:
        raise ConfigError(f"{where}: {spec!r}: fewer than {min_context} fixed characters around its slots")
    pattern, fills = [re.escape(fixed[0])], []
    for i, slot in enumerate(slots):
        options = slot.split("|")
        fills.append(frozenset(options))
        canonical = len(options[0])
        at_edge = (i == 0 and not fixed[0]) or (i == len(slots) - 1 and not fixed[-1])
        lo, hi = (canonical, canonical) if at_edge else (max(1, canonical - shorter), canonical + longer)
        # the correct fills first: where a text can be read as intact it is
        correct = "|".join(map(re.escape, sorted(options, key=len, reverse=True)))
        pattern.append(f"({correct}|{_SLOT_CHAR}{{{lo},{hi}}})")
        pattern.append(re.escape(fixed[i + 1]))
    return Formula(spec, re.compile("".join(pattern)), tuple(fills), max(fixed, key=len))


class Spun(Stage):
    name = "spun"
    after = ("normalize",)

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        cfg: dict[str, Any] = rules.spun
        where = rules.root / "spun.yaml"
        slot = cfg.get("slot_chars", {})
        shorter, longer = slot.get("shorter", 1), slot.get("longer", 1)
        min_context = cfg.get("min_context_chars", 3)
        self.formulae = [
            compile_formula(spec, shorter, longer, min_context, f"{where}: formulae[{i}]")
            for i, spec in enumerate(cfg["formulae"])
        ]
        variants = cfg.get("variants", [])
        self.variants_re = (
            re.compile("|".join(map(re.escape, sorted(variants, key=len, reverse=True)))) if variants else None
        )
        redup = cfg.get("reduplication") or {}
        self.redup_re = re.compile(redup["pattern"]) if redup.get("pattern") else None
        self.redup_weight = redup.get("weight", 1.0)
        self.evidence_full = cfg.get("evidence_full", 4)
        self.flag_at = cfg.get("flag_at", 0.5)
        self.reject_at = cfg.get("reject_at")

    def measure(self, text: str) -> dict[str, int]:
        intact = broken = 0
        for formula in self.formulae:
            i, b = formula.matches(text)
            intact += i
            broken += b
        variants = len(self.variants_re.findall(text)) if self.variants_re else 0
        doublings = len(self.redup_re.findall(text)) if self.redup_re else 0
        return {"formula_intact": intact, "formula_broken": broken, "variants": variants, "doublings": doublings}

    def score(self, counts: dict[str, int]) -> float:
        evidence = counts["formula_broken"] + counts["variants"]
        if evidence <= 0:
            return 0.0
        evidence += self.redup_weight * counts["doublings"]  # supporting only
        share = evidence / (evidence + counts["formula_intact"])
        return round(share * min(1.0, evidence / self.evidence_full) ** 2, 4)

    def process(self, doc: Document) -> Document | Rejection:
        counts = self.measure(doc.text)
        for what, n in counts.items():
            doc.note(self.name, what, n)
        score = self.score(counts)
        doc.scores["spun_score"] = score
        if score >= self.flag_at:
            doc.flags.add("spun")
        if self.reject_at is not None and score >= self.reject_at:
            return self.reject(doc, "spun", f"spun_score {score}")
        return doc
