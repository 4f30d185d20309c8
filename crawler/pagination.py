"""List pages whose links and pages are drawn by script, not written as plain links.

- TRS WCM: `createPageHTML(total, current, "index", "html")` writes links to
  index.html, index_1.html ... index_{total-1}.html beside the current page; some
  templates pass variables (`var countPage = 34//共多少页`) instead of numbers.
- Hanweb JCMS: a column page carries its article list inside
  `<script type="text/xml"><datastore>...<record><![CDATA[<a href=...>]]>`, which
  a jQuery pager renders; link extraction never looks inside scripts.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_TRS_CALL_RE = re.compile(r"createPageHTML\(\s*(\w+)\s*,\s*(\w+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_TRS_COUNT_RE = re.compile(r"\bvar\s+countPage\s*=\s*(\d+)")
_PAGE_EXT_RE = re.compile(r"index[^\n]{0,40}?\b(shtml|html|htm)\b")
_JS_VAR_RE = r"\bvar\s+{}\s*=\s*(\d+)"
_DATASTORE_RE = re.compile(r"<script[^>]*type=[\"']text/xml[\"'][^>]*>(.*?)</script>", re.S | re.I)
_HREF_RE = re.compile(r"href\s*=\s*[\"']([^\"']+)[\"']", re.I)


def _js_number(html: str, token: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.search(_JS_VAR_RE.format(re.escape(token)), html)
    return int(match[1]) if match else None


def trs_pages(html: str, page_url: str, max_pages: int) -> list[str]:
    """The other list pages a TRS pager script names (at most `max_pages` in all)."""
    call = _TRS_CALL_RE.search(html)
    if call:
        total, current = _js_number(html, call[1]), _js_number(html, call[2]) or 0
        stem, ext = call[3], call[4]
    elif count := _TRS_COUNT_RE.search(html):
        # a countPage variable without the call: the pages are index_N beside this one
        total, current = int(count[1]), _js_number(html, "currentPage") or 0
        named = _PAGE_EXT_RE.search(html, count.start())
        stem, ext = "index", named[1] if named else "shtml"
    else:
        return []
    if not total:
        return []
    pages = []
    for n in range(min(total, max_pages)):
        if n != current:
            name = f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}"
            pages.append(urljoin(page_url, name))
    return pages


def datastore_links(html: str, page_url: str) -> list[str]:
    """The links inside Hanweb datastore scripts (the column's article list)."""
    links = []
    for block in _DATASTORE_RE.findall(html):
        if "<record" in block or "<datastore" in block:
            links.extend(urljoin(page_url, href) for href in _HREF_RE.findall(block))
    return links
