"""Speed of `govnews clean` against bare trafilatura, both as whole processes.

    python benchmarks/bench_clean.py [--pages DIR] [--rounds N]

Runs `govnews clean` over the labelled pages (the HTML files named by
DIR/manifest.jsonl) and `baseline_trafilatura.py` (w3lib decode + trafilatura.extract
with govnews' options) over the same files, alternating A B A B after one warm-up
of each, and reports the median wall time of each, the speed ratio against the
target, and each cleaning stage's share of govnews' time from its --stats file.
Python startup and imports count on both sides; the import time of each is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_PAGES = REPO.parent / "shared" / "pages"
BASELINE = HERE / "baseline_trafilatura.py"
TARGET = 0.75  # govnews pages/s over baseline pages/s

# What each process imports before its first page (nothing else).
GOVNEWS_IMPORTS = (
    "import importlib, pkgutil, govnews.cli, cleaners\n"
    "for m in pkgutil.iter_modules(cleaners.__path__): importlib.import_module('cleaners.' + m.name)"
)
GOVNEWS_SETUP = "from cleaners import Pipeline; Pipeline.from_config()"
BASELINE_IMPORTS = "import json, sys, trafilatura, w3lib.encoding"


def page_files(pages_dir: Path) -> list[str]:
    manifest = pages_dir / "manifest.jsonl"
    if not manifest.is_file():
        sys.exit(f"bench_clean: {manifest}: no such file (use --pages DIR)")
    files: list[str] = []
    with manifest.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            path = pages_dir / json.loads(line)["html_path"]
            if not path.is_file():
                sys.exit(f"bench_clean: {manifest}:{n}: html_path {path}: no such file")
            files.append(str(path))
    if not files:
        sys.exit(f"bench_clean: {manifest}: no pages")
    return files


def timed(cmd: list[str]) -> float:
    """Wall seconds of one whole process; exits on failure, showing its stderr."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        sys.exit(f"bench_clean: exit status {proc.returncode}: {' '.join(cmd[:3])} ...")
    return wall


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help=f"labelled pages folder (default {DEFAULT_PAGES})")
    ap.add_argument("--rounds", type=int, default=5, help="timed runs of each, after one warm-up (default 5)")
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    files = page_files(args.pages.resolve())
    n = len(files)
    python = sys.executable
    govnews = Path(python).parent / ("govnews.exe" if os.name == "nt" else "govnews")
    if not govnews.exists():
        sys.exit(f"bench_clean: {govnews}: no govnews executable next to {python}")

    with tempfile.TemporaryDirectory(prefix="bench_clean.") as tmp:
        tmpdir = Path(tmp)
        g_out, g_stats, b_out = tmpdir / "out.jsonl", tmpdir / "stats.json", tmpdir / "baseline.jsonl"
        g_cmd = [str(govnews), "clean", *files, "-o", str(g_out), "--stats", str(g_stats)]
        b_cmd = [python, str(BASELINE), "-o", str(b_out), *files]

        print(f"bench_clean: {n} pages from {args.pages}")
        print(f"python {platform.python_version()} ({python}), {os.cpu_count()} cpus, "
              f"{args.rounds} rounds each, alternating, after one warm-up each")
        print()
        print("import time (one process that only imports, once each; included in the walls below):")
        imp_g = timed([python, "-c", GOVNEWS_IMPORTS])
        imp_b = timed([python, "-c", BASELINE_IMPORTS])
        setup_g = timed([python, "-c", GOVNEWS_SETUP])
        print(f"  govnews   {imp_g:7.3f} s  (govnews.cli + every cleaners module)")
        print(f"  baseline  {imp_b:7.3f} s  (trafilatura, w3lib.encoding, json)")
        print(f"  govnews imports + Pipeline.from_config(): {setup_g:.3f} s  (config load and stage setup, once per run)")
        print()

        timed(g_cmd)  # warm-up: page cache, .pyc files
        timed(b_cmd)
        walls: dict[str, list[float]] = {"govnews": [], "baseline": []}
        stage_secs: dict[str, list[float]] = {}
        stage_sums: list[float] = []
        last_stats: dict = {}
        for r in range(1, args.rounds + 1):
            g = timed(g_cmd)
            last_stats = json.loads(g_stats.read_bytes())
            stages = last_stats.get("stages", {})
            for name, s in stages.items():
                stage_secs.setdefault(name, []).append(float(s.get("seconds", 0.0)))
            stage_sums.append(sum(float(s.get("seconds", 0.0)) for s in stages.values()))
            b = timed(b_cmd)
            walls["govnews"].append(g)
            walls["baseline"].append(b)
            print(f"  round {r}: govnews {g:6.2f} s   baseline {b:6.2f} s")

        accounted = last_stats.get("records", 0) + last_stats.get("rejections", 0)
        if accounted != n:
            print(f"  WARNING: govnews accounted for {accounted} of {n} pages")
        if count_lines(b_out) != n:
            print(f"  WARNING: baseline wrote {count_lines(b_out)} lines for {n} pages")

    med = {k: statistics.median(v) for k, v in walls.items()}
    speed = {k: n / med[k] for k in med}
    ratio = speed["govnews"] / speed["baseline"]
    print()
    print("median wall (whole process, startup and imports included):")
    for k in ("govnews", "baseline"):
        spread = f"min {min(walls[k]):.2f}, max {max(walls[k]):.2f}"
        print(f"  {k:<9} {med[k]:7.2f} s  {speed[k]:6.1f} pages/s   ({spread})")
    print(f"  govnews {last_stats.get('records', '?')} records, {last_stats.get('rejections', '?')} rejections")
    verdict = "PASS" if ratio >= TARGET else "BELOW"
    print(f"speed ratio govnews/baseline: {ratio:.2f}x   target >= {TARGET:.2f}x   {verdict}")

    print()
    med_stage = {name: statistics.median(v) for name, v in stage_secs.items()}
    total = sum(med_stage.values())
    print(f"govnews time by stage (median of {args.rounds} runs; share of their sum, {total:.2f} s, "
          f"of median wall {med['govnews']:.2f} s):")
    for name, secs in med_stage.items():
        share = 100 * secs / total if total else 0.0
        print(f"  {name:<12} {secs:7.3f} s  {share:5.1f} %   {1000 * secs / n:6.1f} ms/page")
    overhead = statistics.median(w - s for w, s in zip(walls["govnews"], stage_sums))
    print(f"  {'overhead':<12} {overhead:7.3f} s  (wall minus stage sum, median per run: "
          f"startup, imports, config, reading and writing; {100 * overhead / med['govnews']:.1f} % of wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
