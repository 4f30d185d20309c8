"""`govnews eval`: main-text extraction quality on the labelled pages in ../shared/pages.

Scoring follows the pages' README: tokens are single CJK characters plus runs of
other letters/digits, after NFKC and case folding; per page, bag-of-tokens
precision, recall and F1 (multiset intersection); means over pages; an empty
output or a rejection scores 0. One addition: both sides go through OpenCC t2s
first, because govnews writes Simplified and one gold is Traditional.

govnews runs the whole pipeline on the page bytes. The baselines run side by side
in the same pass and get the same decoded string (govnews' own decode stage), so
a difference between rows is extraction, not charset guessing; one extra row
lets trafilatura guess the charset from the raw bytes to show what decoding buys.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import click
import orjson

from cleaners import Pipeline, Rejection
from cleaners.inputs import make_document

DEFAULT_MANIFEST = Path(__file__).resolve().parents[1].parent / "shared" / "pages" / "manifest.jsonl"
SOURCES = ("cwced", "magic_html")
LOW_F1 = 0.70
GOVNEWS = "govnews"
# the baseline govnews' speed is compared with: the trafilatura mode its extract stage runs
REFERENCE = "trafilatura_precision"

# Han ideographs (with extensions and compatibility forms), 々 and 〇, kana, Hangul syllables.
_CJK = "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
# one CJK character, or a run of word characters that are neither CJK nor "_"
_TOKEN_RE = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_SPACE_RE = re.compile(r"\s+")


# --- scoring ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def tokens(text: str | None) -> Counter[str]:
    """The multiset of scoring tokens of `text` (Simplified, NFKC, case-folded)."""
    if not text:
        return Counter()
    # NFKC first: it maps compatibility ideographs to the unified ones OpenCC knows
    text = _t2s().convert(unicodedata.normalize("NFKC", text)).casefold()
    return Counter(_TOKEN_RE.findall(text))


@dataclass(frozen=True)
class Score:
    p: float = 0.0
    r: float = 0.0
    f1: float = 0.0


def score(output: str | None, gold: str) -> Score:
    """Bag-of-tokens precision, recall and F1 of `output` against `gold`; 0 when either is empty."""
    ours, theirs = tokens(output), tokens(gold)
    common = sum((ours & theirs).values())
    if not common:
        return Score()
    p = common / sum(ours.values())
    r = common / sum(theirs.values())
    return Score(p, r, 2 * p * r / (p + r))


def normalize_title(title: str | None) -> str:
    """A title as compared: NFKC, Simplified, case-folded, no whitespace."""
    if not title:
        return ""
    return _SPACE_RE.sub("", _t2s().convert(unicodedata.normalize("NFKC", title)).casefold())


# --- pages -----------------------------------------------------------------


@dataclass
class Page:
    id: str
    source: str
    url: str | None
    path: Path
    data: bytes
    gold_text: str
    gold_title: str | None
    gold_date: str | None
    html: str | None = None  # decoded once by govnews' decode stage, fed to every baseline


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_pages(manifest_path: str | Path, source: str | None = None) -> list[Page]:
    """The manifest's pages (html_path relative to the manifest's folder), optionally one source only."""
    manifest = Path(manifest_path)
    pages = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = orjson.loads(line)
        if source and row["source_dataset"] != source:
            continue
        path = manifest.parent / row["html_path"]
        pages.append(
            Page(
                id=row["id"],
                source=row["source_dataset"],
                url=row.get("url"),
                path=path,
                data=path.read_bytes(),
                gold_text=row["gold_text"],
                gold_title=row.get("gold_title"),
                gold_date=row.get("gold_date"),
            )
        )
    return pages


def decode_pages(pages: list[Page], pipeline: Pipeline) -> None:
    """Set each page's `html` with the pipeline's own decode stage (its configured options)."""
    from cleaners.decode import Decode

    decode = next((s for s in pipeline.stages if s.name == "decode"), None) or Decode(pipeline.rules)
    for page in pages:
        doc = decode.process(make_document(str(page.path), page.data, url=page.url, is_html=True))
        page.html = None if isinstance(doc, Rejection) else doc.html


# --- systems ---------------------------------------------------------------


@dataclass
class System:
    """An extractor under test: `run(page)` returns the text, or a Rejection for govnews."""

    name: str
    label: str
    run: Callable[[Page], Any] | None = None
    skipped: str | None = None  # why the row has no numbers (not installed, wrong Python)


def govnews_system(pipeline: Pipeline) -> System:
    def run(page: Page) -> dict | Rejection:
        return pipeline.run(make_document(str(page.path), page.data, url=page.url, is_html=True))

    return System(GOVNEWS, "govnews (whole pipeline)", run)


def _on_html(extract: Callable[[str, Page], str | None]) -> Callable[[Page], str | None]:
    """A baseline over the decoded string; a page decode rejected gives no output."""
    return lambda page: extract(page.html, page) if page.html else None


def _lxml_text(html: str | None) -> str | None:
    import lxml.html

    return lxml.html.fromstring(html).text_content() if html and html.strip() else None


def _readability_system() -> System:
    label = "readability-lxml"
    try:
        import readability
    except ImportError:
        return System("readability", label, skipped="not installed")
    return System(
        "readability", label, _on_html(lambda html, page: _lxml_text(readability.Document(html).summary()))
    )


def _magic_html_system() -> System:
    label = "magic-html"
    if sys.version_info < (3, 12):
        running = ".".join(map(str, sys.version_info[:2]))
        return System("magic_html", label, skipped=f"skipped: needs Python >= 3.12 (running {running})")
    try:
        from magic_html import GeneralExtractor
    except ImportError:
        return System("magic_html", label, skipped="not installed")
    extractor = GeneralExtractor()
    return System(
        "magic_html",
        label,
        _on_html(lambda html, page: _lxml_text(extractor.extract(html, base_url=page.url or "").get("html"))),
    )


def baseline_systems() -> list[System]:
    import trafilatura

    def trafilatura_on_html(**options: Any) -> Callable[[Page], str | None]:
        return _on_html(lambda html, page: trafilatura.extract(html, url=page.url, **options))

    return [
        System("trafilatura", "trafilatura default", trafilatura_on_html()),
        System(
            REFERENCE,
            "trafilatura favor_precision+tables",
            trafilatura_on_html(favor_precision=True, include_tables=True),
        ),
        _readability_system(),
        _magic_html_system(),
        System(
            "trafilatura_raw",
            "trafilatura favor_precision, raw bytes",
            lambda page: trafilatura.extract(page.data, url=page.url, favor_precision=True),
        ),
    ]


# --- one run ---------------------------------------------------------------


@dataclass
class Tally:
    """One system's results over the run."""

    system: System
    scores: dict[str, Score] = field(default_factory=dict)  # page id -> score
    empty: int = 0
    seconds: float = 0.0
    errors: int = 0


@dataclass
class GovnewsFacts:
    """What only govnews reports: dates, titles, rejections."""

    dates: list[tuple[str, str, str | None]] = field(default_factory=list)  # id, gold, ours
    titles: list[tuple[str, str, str | None]] = field(default_factory=list)
    rejections: Counter = field(default_factory=Counter)


def _run_one(system: System, page: Page) -> tuple[Any, float, str | None]:
    """The system's output on `page`, the seconds it took, and the error if it raised."""
    started = time.perf_counter()
    try:
        output, error = system.run(page), None
    except Exception as exc:  # a baseline crashing on one page is a data point, not the end of the run
        output, error = None, f"{type(exc).__name__}: {exc}"
    return output, time.perf_counter() - started, error


def _govnews_text(result: Any, page: Page, facts: GovnewsFacts) -> tuple[str | None, str | None]:
    """The text to score and the rejection reason; records dates and titles on the way."""
    if isinstance(result, Rejection):
        facts.rejections[result.reason] += 1
        record: dict = {}
    else:
        record = result or {}
    if page.gold_date:
        facts.dates.append((page.id, page.gold_date, (record.get("published_at") or "")[:10] or None))
    if page.gold_title:
        facts.titles.append((page.id, page.gold_title, record.get("title")))
    return record.get("text"), (result.reason if isinstance(result, Rejection) else None)


def evaluate(
    manifest_path: str | Path,
    pipeline: Pipeline | None = None,
    baselines: bool = True,
    source: str | None = None,
    on_row: Callable[[dict], None] | None = None,
    on_page: Callable[[], None] | None = None,
) -> dict:
    """Score govnews (and the baselines) on every page of the manifest; the report as a dict.

    `on_row` receives one dict per page per system (id, system, p, r, f1, text);
    `on_page` is called after each page (progress bars).
    """
    pipeline = pipeline or Pipeline.from_config()
    pages = load_pages(manifest_path, source)
    systems = [govnews_system(pipeline)]
    if baselines:
        decode_pages(pages, pipeline)
        systems += baseline_systems()
    tallies = {s.name: Tally(s) for s in systems}
    facts = GovnewsFacts()
    for page in pages:
        # every system on one page before the next: caches and machine load hit all rows alike
        for tally in tallies.values():
            if not tally.system.skipped:
                row = _score_page(tally, page, facts)
                if on_row:
                    on_row(row)
        if on_page:
            on_page()
    return _report(manifest_path, source, pages, tallies, facts)


def _score_page(tally: Tally, page: Page, facts: GovnewsFacts) -> dict:
    """Run one system on one page, add the result to its tally; the page's row for --rows."""
    output, seconds, error = _run_one(tally.system, page)
    rejection = None
    if tally.system.name == GOVNEWS:
        text, rejection = _govnews_text(output, page, facts)
    else:
        text = output
    result = score(text, page.gold_text)
    tally.seconds += seconds
    tally.scores[page.id] = result
    tally.empty += not (text and text.strip())
    tally.errors += error is not None
    row = {"id": page.id, "system": tally.system.name, **_rounded(result), "text": text}
    row.update({key: value for key, value in (("rejection", rejection), ("error", error)) if value})
    return row


# --- the report ------------------------------------------------------------


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _rounded(s: Score) -> dict[str, float]:
    return {"p": round(s.p, 4), "r": round(s.r, 4), "f1": round(s.f1, 4)}


def _system_report(tally: Tally, pages: list[Page]) -> dict:
    if tally.system.skipped:
        return {"label": tally.system.label, "status": "skipped", "reason": tally.system.skipped}
    scores = list(tally.scores.values())
    by_source = {src: _mean([tally.scores[p.id].f1 for p in pages if p.source == src]) for src in SOURCES}
    return {
        "label": tally.system.label,
        "status": "ok",
        "p": _mean([s.p for s in scores]),
        "r": _mean([s.r for s in scores]),
        "f1": _mean([s.f1 for s in scores]),
        "f1_by_source": by_source,
        "empty": tally.empty,
        "errors": tally.errors,
        "seconds": round(tally.seconds, 3),
        "pages_per_s": round(len(scores) / tally.seconds, 2) if tally.seconds else None,
    }


def _accuracy(pairs: list[tuple[str, str, str | None]], same: Callable[[str, str | None], bool]) -> float | None:
    return round(sum(same(gold, ours) for _, gold, ours in pairs) / len(pairs), 4) if pairs else None


def _govnews_report(tally: Tally, pages: list[Page], facts: GovnewsFacts, systems: dict) -> dict:
    per_page = [
        {"id": p.id, "source": p.source, **_rounded(tally.scores[p.id])} for p in pages if p.id in tally.scores
    ]
    ours, ref = systems[GOVNEWS].get("pages_per_s"), systems.get(REFERENCE, {}).get("pages_per_s")
    return {
        "date_accuracy": _accuracy(facts.dates, lambda gold, ours: ours == gold[:10]),
        "date_pages": len(facts.dates),
        "date_mismatches": [
            {"id": pid, "gold": gold, "ours": ours} for pid, gold, ours in facts.dates if ours != gold[:10]
        ],
        "title_accuracy": _accuracy(facts.titles, lambda gold, ours: normalize_title(gold) == normalize_title(ours)),
        "title_pages": len(facts.titles),
        "rejections_by_reason": dict(facts.rejections.most_common()),
        "below_f1": {"threshold": LOW_F1, "pages": sum(row["f1"] < LOW_F1 for row in per_page)},
        "speed_vs_reference": round(ours / ref, 3) if ours and ref else None,
        "per_page": per_page,
    }


def _report(manifest_path, source, pages, tallies, facts) -> dict:
    systems = {name: _system_report(tally, pages) for name, tally in tallies.items()}
    return {
        "manifest": str(manifest_path),
        "manifest_sha256": file_sha256(manifest_path),
        "source": source or "all",
        "pages": len(pages),
        "reference": REFERENCE,
        "systems": systems,
        GOVNEWS: _govnews_report(tallies[GOVNEWS], pages, facts, systems),
    }


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(report: dict) -> str:
    """The report as plain text: one row per system, then govnews' dates, titles and worst pages."""
    systems = report["systems"]
    ref = systems.get(REFERENCE, {}).get("pages_per_s")
    head = (
        f"{'system':<40}{'P':>7}{'R':>7}{'F1':>7}{'F1 cwced':>10}{'F1 magic_html':>15}"
        f"{'empty':>7}{'pages/s':>9}{'vs ref':>8}"
    )
    lines = [f"{report['pages']} pages ({report['source']}), manifest sha256 {report['manifest_sha256'][:12]}"]
    lines += [head, "-" * len(head)]
    for row in systems.values():
        if row["status"] != "ok":
            lines.append(f"{row['label']:<40}{row['reason']}")
            continue
        speed = row["pages_per_s"]
        by_source = row["f1_by_source"]
        lines.append(
            f"{row['label']:<40}{_num(row['p']):>7}{_num(row['r']):>7}{_num(row['f1']):>7}"
            f"{_num(by_source['cwced']):>10}{_num(by_source['magic_html']):>15}{row['empty']:>7}"
            f"{_num(speed, 1):>9}{_num(speed / ref if speed and ref else None, 2):>8}"
        )
    if ref:
        lines.append(f"(vs ref: pages/s relative to {systems[REFERENCE]['label']})")
    lines += _govnews_lines(report[GOVNEWS])
    return "\n".join(lines)


def _govnews_lines(g: dict) -> list[str]:
    date = f"{_num(g['date_accuracy'])} over {g['date_pages']} pages with a gold date" if g["date_pages"] else "n/a"
    title = f"{_num(g['title_accuracy'])} over {g['title_pages']} pages" if g["title_pages"] else "n/a (no gold titles)"
    reasons = ", ".join(f"{k} {v}" for k, v in g["rejections_by_reason"].items()) or "none"
    lines = [""]
    if g["speed_vs_reference"]:
        lines.append(f"govnews pages/s / trafilatura favor_precision+tables pages/s: {g['speed_vs_reference']:.2f}")
    lines += [
        f"govnews date accuracy: {date}",
        f"govnews title accuracy: {title}",
        f"govnews rejections: {reasons}",
        f"govnews pages below F1 {g['below_f1']['threshold']:.2f}: {g['below_f1']['pages']}",
    ]
    for miss in g["date_mismatches"]:
        lines.append(f"  date mismatch {miss['id']}: gold {miss['gold']}, ours {miss['ours']}")
    lines.append("govnews lowest F1:")
    for row in sorted(g["per_page"], key=lambda r: r["f1"])[:5]:
        lines.append(f"  {row['f1']:.3f}  P {row['p']:.3f}  R {row['r']:.3f}  {row['id']}")
    return lines


# --- command ---------------------------------------------------------------


@click.command("eval")
@click.argument(
    "manifest", required=False, default=str(DEFAULT_MANIFEST), type=click.Path(exists=True, dir_okay=False)
)
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the report dict as JSON.")
@click.option("--rows", "rows_path", type=click.Path(dir_okay=False), help="Write one JSON line per page per system.")
@click.option("--source", type=click.Choice(SOURCES), help="Only the pages of this source dataset.")
@click.option("--no-baselines", is_flag=True, help="Run govnews alone.")
def eval_command(manifest, json_path, rows_path, source, no_baselines):
    """Score main-text extraction on the labelled pages in MANIFEST against the baselines."""
    from .output import AtomicFile

    # The baselines log the pages they give up on, and a bare logging.warning() call in one
    # of them would send every library's log to stderr; the table reports failures itself.
    logging.getLogger().addHandler(logging.NullHandler())
    rows = AtomicFile(rows_path) if rows_path else None
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(unit="page", file=sys.stderr)
    try:
        report = evaluate(
            manifest,
            baselines=not no_baselines,
            source=source,
            on_row=rows.write if rows else None,
            on_page=progress.update if progress else None,
        )
    except BaseException:
        if rows:
            rows.discard()
        raise
    finally:
        if progress:
            progress.close()
    if rows:
        rows.commit()
    if json_path:
        Path(json_path).write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    click.echo(format_table(report))
