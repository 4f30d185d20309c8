"""govnews cleaning library: page bytes or scraped text in, one normalized record out.

Pure Python over trafilatura and OpenCC; no Scrapy. Use:

    from cleaners import Document, Pipeline
    pipeline = Pipeline.from_config()
    result = pipeline.run(Document(origin="page.html", raw=page_bytes, url="https://..."))
    # result is a record dict, or a Rejection with .stage and .reason
"""

__version__ = "0.1.0"

from .config import ConfigError, RuleSet, load_rules  # noqa: E402
from .document import Document, Rejection  # noqa: E402
from .pipeline import Pipeline  # noqa: E402

__all__ = ["ConfigError", "Document", "Pipeline", "Rejection", "RuleSet", "load_rules", "__version__"]
