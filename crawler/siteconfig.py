"""Site files (`configs/sites/NAME.yaml`): one small YAML file per site over a CMS family.

A site file names its family (`cms`) and the few parameters that are its own;
everything else comes from the family's defaults in `configs/cms.yaml`. Files
are validated on load: an unknown key, a bad regex or XPath, or a missing field
is one line naming the file and the key. No Scrapy import here: `govnews
check-config` and `govnews clean --site` use it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cleaners.config import ConfigError, compile_xpath, config_dir, load_yaml, validate

_XPATH = {"type": "string", "minLength": 1}
_REGEX = {"type": "string", "format": "regex"}
_EXTRACT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "body_xpath": _XPATH,
        "title_xpath": _XPATH,
        "date_xpath": _XPATH,
        "drop_xpath": {"type": "array", "items": _XPATH},
    },
}
_FAMILY_KEYS = {
    "list_url_pattern": _REGEX,
    "pagination": {"enum": ["trs_script", "links", "none"]},
    "extract": _EXTRACT,
}
CMS_FAMILIES = ("trs", "hanweb", "govcn", "table_city", "generic")
SITE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "cms", "allowed_domains", "start_urls", "article_url_pattern"],
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
        "cms": {"enum": list(CMS_FAMILIES)},
        "verified": {"type": "boolean"},
        "description": {"type": "string"},
        "allowed_domains": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[A-Za-z0-9.-]+$"}},
        "start_urls": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^https?://"}},
        "article_url_pattern": _REGEX,
        "article_url_deny": {"type": "array", "items": _REGEX},
        "sitemap_urls": {"type": "array", "items": {"type": "string", "pattern": "^https?://"}},
        "rss_urls": {"type": "array", "items": {"type": "string", "pattern": "^https?://"}},
        "charset": {"type": "string"},
        "user_agent": {"type": "string"},
        "politeness": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "download_delay": {"type": "number", "minimum": 0},
                "concurrent_requests_per_domain": {"type": "integer", "minimum": 1, "maximum": 8},
                "autothrottle": {"type": "boolean"},
                "download_timeout": {"type": "number", "minimum": 1, "maximum": 180},
            },
        },
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_articles": {"type": "integer", "minimum": 1},
                "max_list_pages": {"type": "integer", "minimum": 1},
                "max_depth": {"type": "integer", "minimum": 0},
            },
        },
        **_FAMILY_KEYS,
    },
}
CMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": list(CMS_FAMILIES),
    "properties": {
        family: {"type": "object", "additionalProperties": False, "properties": _FAMILY_KEYS}
        for family in CMS_FAMILIES
    },
}


def site_path(name_or_path: str, root: str | None = None) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return config_dir(root) / "sites" / f"{name_or_path}.yaml"


def load_site(name_or_path: str, root: str | None = None) -> dict[str, Any]:
    """Load and validate a site file by name (under configs/sites/) or by path."""
    path = site_path(name_or_path, root)
    if not path.exists():
        raise ConfigError(f"{path}: site file not found")
    return resolve_site(load_yaml(path), path, root)


def resolve_site(site: Any, where: str | Path, root: str | None = None) -> dict[str, Any]:
    """Validate a site mapping (from a file or built in code) and fill in its family's defaults."""
    validate(site, SITE_SCHEMA, where)
    families = load_yaml(config_dir(root) / "cms.yaml", CMS_SCHEMA)
    family = families[site["cms"]]
    resolved = {**family, **site, "extract": {**family.get("extract", {}), **site.get("extract", {})}}
    resolved.setdefault("pagination", "links")
    for key, xpath in _xpaths(resolved["extract"]):
        compile_xpath(xpath, f"{where}: extract.{key}")
    return resolved


def site_names(root: str | None = None) -> list[str]:
    return sorted(p.stem for p in (config_dir(root) / "sites").glob("*.yaml"))


def _xpaths(extract: dict[str, Any]):
    for key, value in extract.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield f"{key}[{i}]", item
        else:
            yield key, value
