"""Loading and validating the YAML rule files under `configs/`.

Every file is checked against a JSON Schema on load (unknown keys, wrong types,
regexes that do not compile), and any problem becomes one `ConfigError` line
naming the file and the key, e.g. `configs/boilerplate.yaml: drop_line[3].pattern: ...`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import lxml.etree
import yaml

# libyaml's loader when present: the same safe subset of YAML, several times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"


class ConfigError(ValueError):
    """A config problem, worded as one line that names the file and the key."""


def config_dir(path: str | os.PathLike | None = None) -> Path:
    """The config folder: an explicit path, else $GOVNEWS_CONFIG_DIR, else the repo's `configs/`."""
    return Path(path or os.environ.get("GOVNEWS_CONFIG_DIR") or DEFAULT_CONFIG_DIR)


_REGEX = {"type": "string", "format": "regex"}
_RULE = {
    "type": "object",
    "required": ["name", "pattern"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "pattern": _REGEX,
        "max_chars": {"type": "integer", "minimum": 1},
        "flag": {"type": "string"},
        "zone": {"enum": ["any", "head", "tail"]},
    },
}
_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}

SCHEMAS: dict[str, dict[str, Any]] = {
    "pipeline.yaml": {
        "type": "object",
        "required": ["stages"],
        "additionalProperties": False,
        "properties": {
            "stages": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "oneOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "minProperties": 1,
                            "maxProperties": 1,
                            "additionalProperties": {"type": ["object", "null"]},
                        },
                    ]
                },
            }
        },
    },
    "boilerplate.yaml": {
        "type": "object",
        "additionalProperties": False,
        "required": ["line_max_chars", "drop_line", "strip_inline", "cut_to_end", "trailing_line"],
        "properties": {
            "line_max_chars": {"type": "integer", "minimum": 1},
            "cut_min_body_lines": {"type": "integer", "minimum": 0},
            "cut_prose_ratio": {"type": "number", "minimum": 0},
            "drop_line": {"type": "array", "items": _RULE},
            "strip_inline": {"type": "array", "items": _RULE},
            "cut_to_end": {"type": "array", "items": _RULE},
            "trailing_line": {"type": "array", "items": _RULE},
        },
    },
    "metadata.yaml": {
        "type": "object",
        "additionalProperties": False,
        "required": ["labels", "head_lines"],
        "properties": {
            "labels": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    name: _STRINGS
                    for name in (
                        "title",
                        "published_at",
                        "source",
                        "author",
                        "editor",
                        "keywords",
                        "summary",
                        "original_title",
                        "skip",
                    )
                },
            },
            "anywhere_fields": _STRINGS,
            "dateline_noise": {"type": "array", "items": _REGEX},
            "dateline_max_chars": {"type": "integer", "minimum": 1},
            "value_max_chars": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
            "head_lines": {"type": "array", "items": {"type": "string"}},
            "title_in_line": {"type": "array", "items": _REGEX},
            "title_min_chars": {"type": "integer", "minimum": 1},
            "title_max_chars": {"type": "integer", "minimum": 1},
            "body_min_chars": {"type": "integer", "minimum": 1},
            "deck_overlap": {"type": "number", "minimum": 0, "maximum": 1},
            "head_max_lines": {"type": "integer", "minimum": 1},
            "min_year": {"type": "integer"},
        },
    },
    "extract.yaml": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "chrome_tokens": _STRINGS,
            "list_tokens": _STRINGS,
            "chrome_text_prefixes": _STRINGS,
            "chrome_text_max_chars": {"type": "integer", "minimum": 1},
            "chrome_short_max_chars": {"type": "integer", "minimum": 0},
            "chrome_min_link_density": {"type": "number", "minimum": 0, "maximum": 1},
            "chrome_sentence_min_cjk": {"type": "integer", "minimum": 1},
            "max_pruned_share": {"type": "number", "minimum": 0, "maximum": 1},
            "body_selectors": _STRINGS,
            "body_min_chars": {"type": "integer", "minimum": 0},
            "fallback_min_chars": {"type": "integer", "minimum": 0},
            "title_meta": _STRINGS,
            "date_meta": _STRINGS,
        },
    },
    "page_types.yaml": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kind", "max_cjk", "patterns"],
                    "properties": {
                        "kind": {"type": "string"},
                        "max_cjk": {"type": "integer", "minimum": 0},
                        "patterns": {"type": "array", "items": _REGEX},
                    },
                },
            },
            "list_page": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "item_pattern": _REGEX,
                    "min_lines": {"type": "integer", "minimum": 1},
                    "min_share": {"type": "number", "minimum": 0, "maximum": 1},
                },
            },
        },
    },
    "lexicons.yaml": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "set_phrases": _STRINGS,
            "zhe_words": _STRINGS,
            "tracking_query_params": _STRINGS,
            "question_particles": _STRINGS,
            "directory_index_pages": _STRINGS,
        },
    },
    "flags.yaml": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "redacted_template": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "pattern": _REGEX,
                    "per_10k_chars": {"type": "number", "minimum": 0},
                },
            },
            "short_text": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"min_cjk_chars": {"type": "integer", "minimum": 0}},
            },
            "low_chinese_ratio": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"min_ratio": {"type": "number", "minimum": 0, "maximum": 1}},
            },
            "boilerplate_leftover": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "max_ratio": {"type": "number", "minimum": 0, "maximum": 1},
                    "short_line_chars": {"type": "integer", "minimum": 0},
                    "prose_mark": _REGEX,
                },
            },
            "reject": _STRINGS,
        },
    },
    "dedup.yaml": {
        "type": "object",
        "additionalProperties": False,
        "required": ["shingle_size", "num_perm", "bands", "threshold"],
        "properties": {
            "shingle_size": {"type": "integer", "minimum": 1, "maximum": 16},
            "num_perm": {"type": "integer", "minimum": 8, "maximum": 1024},
            "bands": {"type": "integer", "minimum": 1, "maximum": 126},
            "seed": {"type": "integer", "minimum": 0},
            "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "min_chars": {"type": "integer", "minimum": 1},
            "prefilter_margin": {"type": "number", "minimum": 0, "maximum": 1},
            "canonical_order": {
                "type": "array",
                "uniqueItems": True,
                "items": {"enum": ["official_host", "simplified_original", "unflagged", "earliest_published"]},
            },
            "official_host_suffixes": _STRINGS,
            "demote_flags": _STRINGS,
            "index": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "commit_every": {"type": "integer", "minimum": 1},
                    "busy_timeout_ms": {"type": "integer", "minimum": 0},
                    "cache_mib": {"type": "integer", "minimum": 1},
                    "page_size": {"enum": [4096, 8192, 16384, 32768, 65536]},
                },
            },
        },
    },
    "spun.yaml": {
        "type": "object",
        "additionalProperties": False,
        "required": ["formulae"],
        "properties": {
            "formulae": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "pattern": "^[^\\[\\]]*(\\[[^\\[\\]]+\\][^\\[\\]]*)+$"},
            },
            "variants": _STRINGS,
            "slot_chars": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"shorter": {"type": "integer", "minimum": 0}, "longer": {"type": "integer", "minimum": 0}},
            },
            "min_context_chars": {"type": "integer", "minimum": 1},
            "reduplication": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"pattern": _REGEX, "weight": {"type": "number", "minimum": 0}},
            },
            "evidence_full": {"type": "number", "exclusiveMinimum": 0},
            "flag_at": {"type": "number", "minimum": 0, "maximum": 1},
            "reject_at": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        },
    },
}


def _key_path(error: jsonschema.ValidationError) -> str:
    parts = []
    for p in error.absolute_path:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts) or "(top level)"


def validate(data: Any, schema: dict[str, Any], where: str | os.PathLike) -> None:
    """Check `data` against a JSON Schema; the first problem as a ConfigError naming `where` and the key."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        message = err.message.splitlines()[0]
        if err.validator == "format" and err.validator_value == "regex":
            try:
                re.compile(err.instance)
            except re.error as rex:
                message = f"bad regex {err.instance!r}: {rex}"
        raise ConfigError(f"{where}: {_key_path(err)}: {message}")


def compile_xpath(xpath: str, where: str | os.PathLike) -> lxml.etree.XPath:
    """An XPath rule, compiled once; a syntax error is a ConfigError naming `where`."""
    try:
        return lxml.etree.XPath(xpath)
    except lxml.etree.XPathSyntaxError as exc:
        raise ConfigError(f"{where}: bad XPath {xpath!r}: {exc}") from None


def load_yaml(path: Path, schema: dict[str, Any] | None = None) -> Any:
    """Read one YAML file and validate it; every failure is a one-line ConfigError."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise ConfigError(f"{path}: not valid YAML: {first}") from None
    if schema is not None:
        validate(data, schema, path)
    return data


@dataclass
class RuleSet:
    """Everything the cleaning stages read from `configs/`, loaded once."""

    root: Path
    pipeline: dict[str, Any]
    boilerplate: dict[str, Any]
    metadata: dict[str, Any]
    extract: dict[str, Any]
    page_types: dict[str, Any]
    lexicons: dict[str, Any]
    flags: dict[str, Any]
    digest: str = ""
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    dedup: dict[str, Any] = field(default_factory=dict)
    spun: dict[str, Any] = field(default_factory=dict)


def load_rules(path: str | os.PathLike | None = None) -> RuleSet:
    root = config_dir(path)
    if not root.is_dir():
        raise ConfigError(f"{root}: config folder not found")
    loaded = {name: load_yaml(root / name, schema) for name, schema in SCHEMAS.items()}
    digest = hashlib.sha1()
    for name in sorted(SCHEMAS):
        if name != "dedup.yaml":  # the records' pipeline_version: dedup settings do not change a record
            digest.update((root / name).read_bytes())
    return RuleSet(
        root=root,
        pipeline=loaded["pipeline.yaml"],
        boilerplate=loaded["boilerplate.yaml"],
        metadata=loaded["metadata.yaml"],
        extract=loaded["extract.yaml"] or {},
        page_types=loaded["page_types.yaml"] or {},
        lexicons=loaded["lexicons.yaml"] or {},
        flags=loaded["flags.yaml"] or {},
        digest=digest.hexdigest()[:10],
        dedup=loaded["dedup.yaml"],
        spun=loaded["spun.yaml"],
    )
