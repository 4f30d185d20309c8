"""List-page pagination that is not plain links.

TRS WCM list pages build their pager in JavaScript:
`createPageHTML(total, current, "index", "html")` writes links to index.html,
index_1.html ... index_{total-1}.html beside the current page.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_TRS_RE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")


def trs_pages(html: str, page_url: str, max_pages: int) -> list[str]:
    """The other list pages a TRS pager script names (at most `max_pages` in all)."""
    match = _TRS_RE.search(html)
    if not match:
        return []
    total, current, stem, ext = int(match[1]), int(match[2]), match[3], match[4]
    pages = []
    for n in range(min(total, max_pages)):
        if n != current:
            name = f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}"
            pages.append(urljoin(page_url, name))
    return pages
