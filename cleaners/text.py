"""Character classes and small text helpers shared by the stages."""

from __future__ import annotations

import re

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Ideographs plus the punctuation that only appears in CJK text: both make a "Chinese context".
CJK_CONTEXT = IDEOGRAPH + "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff1f\u201c\u201d\u2018\u2019\u2026\u2014"
IDEOGRAPH_RE = re.compile(f"[{IDEOGRAPH}]")
_IDEOGRAPH_RUN_RE = re.compile(f"[{IDEOGRAPH}]+")

# U+FF01-FF5E are full-width forms of ASCII 0x21-0x7E; U+3000 is the ideographic space.
_FOLDED = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FOLDABLE_RE = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """Full-width ASCII forms to ASCII, ideographic space to space: one spelling for rule matching.

    The mapping is one character to one, so positions in the folded string are
    positions in the original: rules match on the fold and cut the original.
    """
    # a regex finds the few full-width marks; str.translate looks up every character
    return _FOLDABLE_RE.sub(lambda m: _FOLDED[m.group()], text)


def cjk_count(text: str) -> int:
    return sum(map(len, _IDEOGRAPH_RUN_RE.findall(text)))  # runs, not one list item per character


def char_ngrams(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(max(0, len(text) - n + 1))}


_PAREN_RE = re.compile(r"\(([^()\n]*)\)")
_PUNCT_RE = re.compile(f"(?<=[{CJK_CONTEXT}])[,;:!?]|[,;:!?](?=[{CJK_CONTEXT}])")
_FULLWIDTH = str.maketrans(",;:!?", "，；：！？")
_CONTEXT_CHAR = re.compile(f"[{CJK_CONTEXT}]")


def _paren(match: re.Match) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    if (before and _CONTEXT_CHAR.match(before)) or IDEOGRAPH_RE.search(match.group(1)):
        return f"（{match.group(1)}）"
    return match.group(0)


def fullwidth_punctuation(text: str) -> str:
    """Half-width `, ; : ! ? ( )` next to Chinese become full-width; never the reverse.

    Repeated until stable, so `吧!!` and `!!吧` both convert fully: a mark that
    just became full-width is Chinese context for its neighbour.
    """
    text = _PAREN_RE.sub(_paren, text)
    while True:
        converted = _PUNCT_RE.sub(lambda m: m.group(0).translate(_FULLWIDTH), text)
        if converted == text:
            return text
        text = converted


_SENTENCE_END_RE = re.compile("[。！？!?；;]")


def looks_like_paragraph(line: str, min_cjk: int) -> bool:
    """A line of running prose: enough ideographs and at least one sentence mark."""
    return cjk_count(line) >= min_cjk and _SENTENCE_END_RE.search(line) is not None
