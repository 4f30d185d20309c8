"""`govnews report OUTPUT_DIR`: a corpus summary in the terminal and as one self-contained HTML page.

Reads the crawl output layout: `OUTPUT_DIR/<site>/<run-id>.jsonl` (records), with
`<run-id>.rejects.jsonl`, `<run-id>.dups.jsonl` and `<run-id>.stats.json` beside it. The
page has inline SVG charts and inline CSS only: it opens offline, from a file, anywhere.
"""

from __future__ import annotations

import html
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import click
import orjson

# a run's files, the longer suffixes first (x.rejects.jsonl also ends in .jsonl)
_RUN_FILES = (".stats.json", ".rejects.jsonl", ".dups.jsonl", ".warc.gz", ".jsonl")


def _run_id(name: str) -> str | None:
    if name.startswith("."):
        return None
    return next((name.removesuffix(suffix) for suffix in _RUN_FILES if name.endswith(suffix)), None)

LENGTH_BINS = (0, 200, 500, 1000, 2000, 3000, 5000, 10000)  # text length in characters


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    """Whole JSON lines of a file; a torn last line (a killed run) is skipped."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        for line in handle:
            try:
                yield orjson.loads(line)
            except orjson.JSONDecodeError:
                continue


@dataclass
class CorpusSummary:
    """Counts over every run of every site under an output folder."""

    root: Path
    runs: int = 0
    records_by_site: Counter = field(default_factory=Counter)
    records_by_month: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # month -> site -> n
    duplicates_by_site: Counter = field(default_factory=Counter)
    canonical_switches: int = 0
    rejections_by_reason: Counter = field(default_factory=Counter)
    rejections_by_site: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=list)
    spun_scores: list[float] = field(default_factory=list)
    skipped_by_reason: Counter = field(default_factory=Counter)
    interrupted_runs: int = 0

    @classmethod
    def read(cls, root: str | Path) -> "CorpusSummary":
        summary = cls(Path(root))
        for site_dir in sorted(p for p in summary.root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            # a run shows by any of its files: one that found nothing new writes no records file
            runs = {run for path in site_dir.iterdir() if (run := _run_id(path.name))}
            for run in sorted(runs):
                summary._add_run(site_dir.name, site_dir / f"{run}.jsonl")
        return summary

    def _add_run(self, site: str, path: Path) -> None:
        run = path.name.removesuffix(".jsonl")
        self.runs += 1
        for record in _lines(path):
            site_name = record.get("site") or site
            self.records_by_site[site_name] += 1
            self.records_by_month[(record.get("published_at") or "")[:7] or "unknown"][site_name] += 1
            self.lengths.append(len(record.get("text") or ""))
            quality = record.get("quality") or {}
            self.flags.update(quality.get("flags") or [])
            if "spun_score" in quality:
                self.spun_scores.append(quality["spun_score"])
            self.canonical_switches += "canonical_switch" in record
        for _ in _lines(path.with_name(f"{run}.dups.jsonl")):
            self.duplicates_by_site[site] += 1
        for rejection in _lines(path.with_name(f"{run}.rejects.jsonl")):
            self.rejections_by_reason[rejection.get("reason") or "unknown"] += 1
            self.rejections_by_site[site] += 1
        stats_path = path.with_name(f"{run}.stats.json")
        if stats_path.exists():
            try:
                stats = orjson.loads(stats_path.read_bytes())
            except orjson.JSONDecodeError:
                stats = {}
            self.skipped_by_reason.update(stats.get("skipped_by_reason") or {})
            self.interrupted_runs += bool(stats.get("interrupted"))

    # --- derived numbers -------------------------------------------------------------

    @property
    def records(self) -> int:
        return sum(self.records_by_site.values())

    @property
    def sites(self) -> list[str]:
        names = set(self.records_by_site) | set(self.duplicates_by_site) | set(self.rejections_by_site)
        return sorted(names)

    @property
    def months(self) -> list[str]:
        return sorted(self.records_by_month, key=lambda m: (m == "unknown", m))

    def length_stats(self) -> dict[str, float]:
        if not self.lengths:
            return {}
        ordered = sorted(self.lengths)
        pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
        return {"min": ordered[0], "p10": pick(0.1), "median": statistics.median(ordered), "p90": pick(0.9),
                "max": ordered[-1]}

    def length_histogram(self) -> list[tuple[str, int]]:
        bins = []
        for lo, hi in zip(LENGTH_BINS, LENGTH_BINS[1:] + (None,)):
            label = f"{lo}-{hi - 1}" if hi else f"{lo}+"
            bins.append((label, sum(1 for n in self.lengths if n >= lo and (hi is None or n < hi))))
        return bins

    def spun_histogram(self) -> list[tuple[str, int]]:
        edges = (0.0, 0.1, 0.5, 1.01)
        labels = ("< 0.1", "0.1-0.5", ">= 0.5 (spun)")
        return [(label, sum(1 for s in self.spun_scores if lo <= s < hi)) for label, lo, hi in zip(labels, edges, edges[1:])]


# --- terminal ------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    out = []
    for n, row in enumerate(cells):
        out.append("  ".join(c + " " * (w - _width(c)) if i == 0 else " " * (w - _width(c)) + c
                             for i, (c, w) in enumerate(zip(row, widths))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_text(s: CorpusSummary) -> str:
    parts = [
        f"corpus {s.root}: {s.runs} runs, {len(s.sites)} sites, {s.records} records, "
        f"{sum(s.duplicates_by_site.values())} duplicates ({s.canonical_switches} canonical switches), "
        f"{sum(s.rejections_by_reason.values())} rejections"
        + (f", {s.interrupted_runs} interrupted runs" if s.interrupted_runs else ""),
        "",
        _table(["site", "records", "duplicates", "rejections"],
               [[site, s.records_by_site[site], s.duplicates_by_site[site], s.rejections_by_site[site]]
                for site in s.sites]),
    ]
    if s.months:
        sites = sorted(s.records_by_site)
        parts += ["", "records per month (published_at)",
                  _table(["month", *sites, "total"],
                         [[m, *(s.records_by_month[m][x] for x in sites), sum(s.records_by_month[m].values())]
                          for m in s.months])]
    if s.rejections_by_reason:
        parts += ["", "rejections by reason", _table(["reason", "n"], [list(kv) for kv in s.rejections_by_reason.most_common()])]
    if s.skipped_by_reason:
        parts += ["", "skipped by reason",
                  _table(["reason", "n"], [list(kv) for kv in s.skipped_by_reason.most_common()])]
    if s.flags:
        parts += ["", "quality flags", _table(["flag", "records"], [list(kv) for kv in s.flags.most_common()])]
    if s.lengths:
        st = s.length_stats()
        parts += ["", f"text length (characters): median {st['median']:.0f}, p10 {st['p10']}, p90 {st['p90']}, "
                      f"min {st['min']}, max {st['max']}",
                  _table(["length", "records"], [list(kv) for kv in s.length_histogram()])]
    if s.spun_scores:
        parts += ["", "spun_score", _table(["score", "records"], [list(kv) for kv in s.spun_histogram()])]
    return "\n".join(parts)


# --- HTML ----------------------------------------------------------------------------

# distinct hues (Tableau 10)
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
_CSS = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.sub{color:#57606a;margin:0 0 16px}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:#57606a;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:8px 32px}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #eaeef2;padding:3px 10px;text-align:right}
td:first-child,th:first-child{text-align:left}svg text{font-size:12px;fill:#1b1f24}.legend span{margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _bar_chart(title: str, items: list[tuple[str, int]], color: str = "#1f6feb", label_width: int = 170) -> str:
    """Horizontal bars, one a row, value at the end."""
    if not items:
        return f"<h2>{_e(title)}</h2><p class='sub'>none</p>"
    row, bar_max = 24, 300
    top = max(v for _, v in items) or 1
    height = row * len(items) + 8
    width = label_width + bar_max + 60
    bars = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = max(1, round(value / top * bar_max)) if value else 0
        bars.append(
            f"<text x='{label_width - 8}' y='{y + 15}' text-anchor='end'>{_e(label)}</text>"
            f"<rect x='{label_width}' y='{y + 3}' width='{w}' height='{row - 8}' rx='2' fill='{color}'>"
            f"<title>{_e(label)}: {value}</title></rect>"
            f"<text x='{label_width + w + 6}' y='{y + 15}'>{value}</text>"
        )
    return (f"<h2>{_e(title)}</h2><svg role='img' aria-label='{_e(title)}' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>{''.join(bars)}</svg>")


def _month_chart(s: CorpusSummary) -> str:
    """Vertical stacked bars: records per publication month, one colour a site."""
    months = [m for m in s.months]
    if not months:
        return "<h2>Records per month</h2><p class='sub'>none</p>"
    sites = sorted(s.records_by_site)
    colors = {site: _PALETTE[i % len(_PALETTE)] for i, site in enumerate(sites)}
    plot_h, col = 180, max(14, min(40, 640 // max(1, len(months))))
    top = max(sum(s.records_by_month[m].values()) for m in months) or 1
    width, height = 50 + col * len(months) + 60, plot_h + 70  # room for the last rotated label
    parts = [f"<line x1='44' y1='10' x2='44' y2='{10 + plot_h}' stroke='#8c959f'/>",
             f"<line x1='44' y1='{10 + plot_h}' x2='{width - 6}' y2='{10 + plot_h}' stroke='#8c959f'/>",
             f"<text x='38' y='16' text-anchor='end'>{top}</text><text x='38' y='{10 + plot_h}' text-anchor='end'>0</text>"]
    for i, month in enumerate(months):
        x, base = 50 + i * col, 10 + plot_h
        for site in sites:
            n = s.records_by_month[month][site]
            if not n:
                continue
            h = n / top * plot_h
            base -= h
            parts.append(f"<rect x='{x}' y='{base:.1f}' width='{col - 4}' height='{h:.1f}' fill='{colors[site]}'>"
                         f"<title>{_e(month)} {_e(site)}: {n}</title></rect>")
        parts.append(f"<text transform='translate({x + col / 2 + 3},{16 + plot_h}) rotate(60)'>{_e(month)}</text>")
    legend = "".join(f"<span><i style='background:{colors[site]}'></i>{_e(site)}</span>" for site in sites)
    return (f"<h2>Records per month (published_at)</h2><div class='legend'>{legend}</div>"
            f"<svg role='img' aria-label='records per month' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>{''.join(parts)}</svg>")


def render_html(s: CorpusSummary) -> str:
    st = s.length_stats()
    cards = [
        ("records", s.records),
        ("sites", len(s.sites)),
        ("runs", s.runs),
        ("duplicates", sum(s.duplicates_by_site.values())),
        ("canonical switches", s.canonical_switches),
        ("rejections", sum(s.rejections_by_reason.values())),
        ("median length", f"{st['median']:.0f}" if st else "-"),
    ]
    site_rows = "".join(
        f"<tr><td>{_e(site)}</td><td>{s.records_by_site[site]}</td><td>{s.duplicates_by_site[site]}</td>"
        f"<td>{s.rejections_by_site[site]}</td></tr>"
        for site in s.sites
    )
    body = [
        f"<h1>govnews corpus report</h1><p class='sub'>{_e(s.root)}</p>",
        "<div class='cards'>" + "".join(f"<div class='card'><b>{_e(v)}</b><span>{_e(k)}</span></div>" for k, v in cards) + "</div>",
        "<div class='grid'><div>",
        _bar_chart("Records per site", s.records_by_site.most_common()),
        "<table><tr><th>site</th><th>records</th><th>duplicates</th><th>rejections</th></tr>" + site_rows + "</table>",
        "</div><div>",
        _month_chart(s),
        "</div><div>",
        _bar_chart("Rejections by reason", s.rejections_by_reason.most_common(), "#d9480f"),
        "</div><div>",
        _bar_chart("Quality flags", s.flags.most_common(), "#9c36b5"),
        "</div><div>",
        _bar_chart("Text length (characters)", s.length_histogram(), "#2f9e44", label_width=110)
        + (f"<p class='sub'>median {st['median']:.0f}, p10 {st['p10']}, p90 {st['p90']}, max {st['max']}</p>" if st else ""),
        "</div><div>",
        _bar_chart("Duplicates per site", s.duplicates_by_site.most_common(), "#0c8599"),
        _bar_chart("spun_score", s.spun_histogram(), "#c2255c", label_width=110) if s.spun_scores else "",
        "</div></div>",
    ]
    return ("<!DOCTYPE html><html lang='zh-Hans'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>govnews corpus report</title><style>{_CSS}</style></head><body>{''.join(body)}</body></html>")


@click.command("report")
@click.argument("output_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--html", "html_path", type=click.Path(dir_okay=False),
              help="Write the HTML page here (default: OUTPUT_DIR/report.html).")
def report_command(output_dir: str, html_path: str | None) -> None:
    """Summarize a crawl output folder: records per site and month, duplicates, rejections,
    flags and text lengths, in the terminal and as one self-contained HTML page."""
    summary = CorpusSummary.read(output_dir)
    click.echo(render_text(summary))
    target = Path(html_path) if html_path else Path(output_dir) / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(render_html(summary), encoding="utf-8")
    tmp.replace(target)
    click.echo(f"\nreport: {target}", err=True)
