"""Bare trafilatura baseline for bench_clean.py: HTML files in, one JSON line of text per page out.

    python benchmarks/baseline_trafilatura.py -o OUT.jsonl PAGE.html...

Decoding with w3lib and extraction with the options govnews uses (favor_precision,
tables kept), nothing else: the floor govnews' whole cleaning run is measured against.
"""

import json
import sys

import trafilatura
from w3lib.encoding import html_to_unicode


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "-o":
        print("usage: baseline_trafilatura.py -o OUT.jsonl PAGE.html...", file=sys.stderr)
        return 2
    out_path, paths = argv[1], argv[2:]
    with open(out_path, "w", encoding="utf-8") as out:
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            _, html = html_to_unicode(None, data)
            text = trafilatura.extract(html, favor_precision=True, include_tables=True)
            out.write(json.dumps({"path": path, "text": text or ""}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
