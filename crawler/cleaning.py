"""The cleaning side of a crawl, run in worker processes, off the Twisted reactor.

Extraction is most of the CPU a page costs; done inline it would stall every
download. Each worker builds the cleaning pipeline once and turns fetched pages
into records or rejections.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from cleaners import Document, Pipeline, Rejection
from cleaners.inputs import make_document

from .archive import warc_bytes

_pipeline: Pipeline | None = None


def init_worker(config_dir: str | None, parent: int | None = None) -> None:
    """Build the pipeline once per worker. `parent` is the crawl process: passed in, not
    read here, since the crawl may already be gone while the worker starts up."""
    global _pipeline
    threading.Thread(target=_exit_with_parent, args=(parent or os.getppid(),), daemon=True).start()
    _pipeline = Pipeline.from_config(config_dir)


def _exit_with_parent(parent: int) -> None:
    """A worker whose crawl process was killed (SIGKILL leaves no time to stop the pool)
    would wait for work forever; it leaves when it finds itself orphaned."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def page_document(page: dict[str, Any]) -> Document:
    """The cleaning input for a fetched (or archived) page: the one mapping from a crawl's
    page fields to a Document, so that a re-clean of the archive sees what the crawl saw."""
    return make_document(
        page["url"],
        page["body"],
        url=page["url"],
        is_html=True,
        content_type=page.get("content_type"),
        site=page.get("site"),
        site_rules=page.get("extract"),
        fetched_at=page.get("fetched_at"),
        charset_hint=page.get("charset"),
    )


def clean_page(page: dict[str, Any], archive: bool = True) -> dict[str, Any]:
    """A fetched page (url, body, content_type, site ...) to {"record": ...} or {"rejection": ...},
    with its WARC records ("warc") when `archive`: built here, where the CPU is."""
    if _pipeline is None:
        init_worker(page.get("config_dir"))
    result = _pipeline.run(page_document(page))
    outcome = {"rejection": result.as_dict()} if isinstance(result, Rejection) else {"record": result}
    if archive:
        outcome["warc"] = warc_bytes(page)
    return outcome
