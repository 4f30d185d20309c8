"""metadata: title, date, source, author, editor, summary, keywords, original title.

Read from the head zone only (the lines before the first paragraph of running
prose), from the page's own lines above the body for HTML pages, and, for the
fields that live at the end of articles (原标题, 责任编辑), from whole label
lines anywhere. Never from a related list: those sit in the tail, which this
stage does not read for head fields. A line whose content moved into fields is
removed from the text; chrome lines are left for the boilerplate stage.

Date precedence: the date the page shows in its head, then the lines above the
body, then dates in the markup (site XPath, htmldate via trafilatura), then the URL.
"""

from __future__ import annotations

import re
from .boilerplate import LineRules
from .dates import DATETIME_PATTERN, DATETIME_RE, date_from_url, parse_date
from .document import Document
from .stage import Stage
from .text import char_ngrams, cjk_count, fold, looks_like_paragraph

_BRACKETS = " \t|｜/【】[]()（）<>《》"
_INT_LINE_RE = re.compile(r"^\d{1,9}$")
_LABEL_START = r"(?:^|(?<=[\s|/【\[(]))"  # a label word starts the line or follows a separator


class Metadata(Stage):
    name = "metadata"
    after = ("script", "repair")

    def __init__(self, rules, **options):
        super().__init__(rules, **options)
        cfg = rules.metadata
        self.cfg = cfg
        self.min_year = cfg.get("min_year", 1990)
        self.label_field: dict[str, str] = {}
        for field_name, words in cfg["labels"].items():
            for word in words:
                self.label_field[word] = field_name
        alternation = "|".join(map(re.escape, sorted(self.label_field, key=len, reverse=True)))
        # a label starts the line or follows a separator, and is followed by a colon
        self.label_re = re.compile(rf"{_LABEL_START}(?P<label>{alternation})\s*:\s*")
        date_labels = "|".join(map(re.escape, cfg["labels"].get("published_at", []))) or r"(?!)"
        self.labelled_date_re = re.compile(rf"{_LABEL_START}(?:{date_labels})\s*:?\s*(?P<date>{DATETIME_PATTERN})")
        self.head_line_res = [
            re.compile(p.replace("{datetime}", DATETIME_PATTERN)) for p in cfg["head_lines"]
        ]
        self.title_in_line_res = [re.compile(p) for p in cfg.get("title_in_line", [])]
        self.anywhere = set(cfg.get("anywhere_fields", []))
        noise = cfg.get("dateline_noise", [])
        self.dateline_noise_re = re.compile("|".join(noise) if noise else r"(?!)")
        self.max_chars: dict[str, int] = cfg.get("value_max_chars", {})
        self.chrome = LineRules(rules.boilerplate)

    # --- reading one line -------------------------------------------------

    def _value_ok(self, field_name: str, value: str) -> bool:
        return 0 < len(value) <= self.max_chars.get(field_name, self.max_chars.get("default", 40))

    def parse_labels(self, line: str) -> dict[str, str] | None:
        """`来源:X 作者:Y` → {source: X, author: Y}, if the whole line is labels and values."""
        folded = fold(line).strip()
        core = folded.strip(_BRACKETS)
        offset = folded.index(core) if core else 0
        matches = list(self.label_re.finditer(core))
        if not matches or matches[0].start() != 0:
            return None
        fields: dict[str, str] = {}
        original = line.strip()[offset : offset + len(core)]
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(core)
            value = original[match.end() : end].strip(_BRACKETS + "　")
            field_name = self.label_field[match.group("label")]
            if field_name == "skip" or not value:
                continue
            if not self._value_ok(field_name, value):
                return None
            fields.setdefault(field_name, value)
        return fields

    def parse_head_line(self, line: str) -> dict[str, str] | None:
        """A dateline: a config shape (date + source, poster + date + counter), or a short
        line holding a date whose rest is labels (`2005-02-06 13:26 来源:X`) or noise words."""
        folded = fold(line).strip()
        for regex in self.head_line_res:
            match = regex.fullmatch(folded)
            if match:
                return {k: v for k, v in match.groupdict().items() if k in self.cfg["labels"] and v}
        if len(folded) > self.cfg.get("dateline_max_chars", 80):
            return None
        labelled = self.labelled_date_re.search(folded)
        if labelled and parse_date(labelled.group("date"), self.min_year):
            return {"published_at": labelled.group("date")}  # 发布时间 2005/03/15 amid other chrome
        match = DATETIME_RE.search(folded)
        if not match or not parse_date(match.group(0), self.min_year):
            return None
        rest = self.dateline_noise_re.sub(" ", folded[: match.start()] + " " + folded[match.end() :]).strip(_BRACKETS + ",.:-")
        fields = {"published_at": match.group(0)}
        if rest:
            labels = self.parse_labels(rest)
            if labels is None:
                return None
            fields.update(labels)
        return fields

    def _title_in_line(self, line: str) -> str | None:
        folded = fold(line)
        for regex in self.title_in_line_res:
            match = regex.search(folded)
            if match:
                start, end = match.span("title")
                return line[start:end].strip()
        return None

    def _apply(self, doc: Document, fields: dict[str, str]) -> None:
        for field_name, value in fields.items():
            if field_name == "published_at":
                value = parse_date(fold(value), self.min_year)
            if doc.set_meta(field_name, value):
                doc.note(self.name, field_name)

    # --- the zones --------------------------------------------------------

    def process(self, doc: Document) -> Document:
        lines = [line for line in doc.text.split("\n") if line.strip()]
        keep = [True] * len(lines)
        min_cjk = self.cfg.get("body_min_chars", 15)
        head_max = self.cfg.get("head_max_lines", 15)
        parsed: dict[int, dict[str, str]] = {}
        body_start = len(lines)
        title_in_line: dict[int, str] = {}
        for i, line in enumerate(lines[:head_max]):
            fields = self.parse_labels(line) or self.parse_head_line(line)
            if fields is not None:
                parsed[i] = fields
                continue
            found = self._title_in_line(line)
            if found:
                title_in_line[i] = found
                continue
            if not self.chrome.is_chrome(line) and looks_like_paragraph(fold(line), min_cjk):
                body_start = i
                break
        else:
            body_start = min(body_start, head_max)

        for i, fields in parsed.items():
            self._apply(doc, fields)
            keep[i] = False
        for i in range(body_start):
            if keep[i] and _INT_LINE_RE.match(fold(lines[i]).strip()):
                keep[i] = False  # a bare view counter next to the date line
                doc.note(self.name, "views_counter")
        for found in title_in_line.values():
            doc.set_meta("title", found)

        self._head_title(doc, lines, keep, body_start)
        self._deck(doc, lines, keep, body_start)
        self._anywhere(doc, lines, keep, body_start)
        for line in doc.page_head:
            fields = self.parse_labels(line) or self.parse_head_line(line)
            if fields:
                self._apply(doc, fields)
        for line in doc.page_tail:
            fields = self.trailing_labels(line)
            if fields and set(fields) <= self.anywhere:
                self._apply(doc, fields)
        # dates in the URL are exact where present; markup dates (htmldate) are often guesses
        if not doc.meta.get("published_at") and doc.set_meta("published_at", date_from_url(doc.url, self.min_year)):
            doc.note(self.name, "date_from_url")
        if not doc.meta.get("published_at"):
            self._closing_dateline(doc, lines, keep, body_start, min_cjk)
        for candidate in doc.page_dates:
            if doc.meta.get("published_at"):
                break
            doc.set_meta("published_at", parse_date(candidate or "", self.min_year))
        doc.text = "\n".join(line for line, k in zip(lines, keep) if k)
        return doc

    def _head_title(self, doc: Document, lines: list[str], keep: list[bool], body_start: int) -> None:
        """Take the first title-shaped head line; drop short labels above it and repeats of it."""
        lo, hi = self.cfg.get("title_min_chars", 6), self.cfg.get("title_max_chars", 80)
        title_at = None
        if not doc.meta.get("title"):
            for i in range(body_start):
                line = lines[i].strip()
                if keep[i] and lo <= len(line) <= hi and cjk_count(line) and not line.endswith("。"):
                    if not self.chrome.is_chrome(line):
                        title_at = i
                        doc.set_meta("title", line)
                        keep[i] = False
                        doc.note(self.name, "title")
                        break
        if title_at is not None:
            for i in range(title_at):
                line = lines[i].strip()
                if keep[i] and len(line) < lo and not self.chrome.is_chrome(line):
                    keep[i] = False  # a channel label above the title (资讯中心)
                    doc.note(self.name, "channel_label")
        names = {self._comparable(name) for name in doc.site_names}
        title = doc.meta.get("title")
        key = self._comparable(title) if title else None
        for i in range(min(body_start + 1, len(lines))):
            line = self._comparable(lines[i])
            if not keep[i] or not line:
                continue
            if key and (line == key or (len(line) >= max(6, 0.6 * len(key)) and line in key)):
                keep[i] = False
                doc.note(self.name, "title_repeat")
            elif line in names:
                keep[i] = False  # the site's name heading the page
                doc.note(self.name, "site_name")

    @staticmethod
    def _comparable(text: str) -> str:
        return re.sub(r"\s+", "", fold(text))

    def _deck(self, doc: Document, lines: list[str], keep: list[bool], body_start: int) -> None:
        """A head line that mostly repeats the lead paragraph is the deck: summary, not body."""
        if body_start >= len(lines):
            return
        lead = char_ngrams(self._comparable(lines[body_start]), 5)
        for i in range(body_start):
            grams = char_ngrams(self._comparable(lines[i]), 5)
            if keep[i] and len(grams) >= 10:
                overlap = len(grams & lead) / len(grams)
                if overlap >= self.cfg.get("deck_overlap", 0.8):
                    doc.set_meta("summary", lines[i].strip())
                    keep[i] = False
                    doc.note(self.name, "deck")

    def trailing_labels(self, line: str) -> dict[str, str] | None:
        """Labels of a whole label line, or of a short line's end, where they follow a
        widget (【我要纠错】 责任编辑：X)."""
        fields = self.parse_labels(line)
        if fields is None and len(line.strip()) <= self.cfg.get("dateline_max_chars", 80):
            label = self.label_re.search(fold(line))
            fields = self.parse_labels(line[label.start() :]) if label else None
        return fields

    def _closing_dateline(self, doc: Document, lines: list[str], keep: list[bool], body_start: int, min_cjk: int) -> None:
        """A labelled date below the last paragraph: forum and blog templates put the post's
        date under it (`〓 发布时间 2005/03/15 22:36:13 by duscha 〓`)."""
        for i in range(len(lines) - 1, body_start - 1, -1):
            folded = fold(lines[i]).strip()
            if looks_like_paragraph(folded, min_cjk):
                return
            labelled = self.labelled_date_re.search(folded)
            if keep[i] and labelled and len(folded) <= self.cfg.get("dateline_max_chars", 80):
                if doc.set_meta("published_at", parse_date(labelled.group("date"), self.min_year)):
                    keep[i] = False
                    doc.note(self.name, "closing_dateline")
                    return

    def _anywhere(self, doc: Document, lines: list[str], keep: list[bool], body_start: int) -> None:
        for i in range(body_start, len(lines)):
            if not keep[i]:
                continue
            fields = self.trailing_labels(lines[i])
            if fields and set(fields) <= self.anywhere:
                self._apply(doc, fields)
                keep[i] = False
