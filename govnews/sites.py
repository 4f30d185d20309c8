"""Site files (`configs/sites/NAME.yaml`): one small YAML file per site, validated on load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.etree

from cleaners.config import ConfigError, config_dir, load_yaml

_XPATH = {"type": "string", "minLength": 1}
SITE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
        "cms": {"enum": ["trs", "hanweb", "govcn", "table_city", "generic"]},
        "verified": {"type": "boolean"},
        "allowed_domains": {"type": "array", "items": {"type": "string"}},
        "start_urls": {"type": "array", "items": {"type": "string", "pattern": "^https?://"}},
        "article_url_pattern": {"type": "string", "format": "regex"},
        "charset": {"type": "string"},
        "extract": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "body_xpath": _XPATH,
                "title_xpath": _XPATH,
                "date_xpath": _XPATH,
                "drop_xpath": {"type": "array", "items": _XPATH},
            },
        },
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
    site = load_yaml(path, SITE_SCHEMA)
    if not isinstance(site, dict):
        raise ConfigError(f"{path}: (top level): a site file is a mapping")
    for key, xpath in _xpaths(site.get("extract", {})):
        try:
            lxml.etree.XPath(xpath)
        except lxml.etree.XPathSyntaxError as exc:
            raise ConfigError(f"{path}: extract.{key}: bad XPath {xpath!r}: {exc}") from None
    return site


def _xpaths(extract: dict[str, Any]):
    for key, value in extract.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield f"{key}[{i}]", item
        else:
            yield key, value
