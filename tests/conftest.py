"""Shared fixtures: the pipeline, the seed fixtures, and ../shared (which must exist under CI)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from cleaners import Pipeline

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SCHEMA = json.loads((REPO / "cleaners" / "schemas" / "record.schema.json").read_text(encoding="utf-8"))


def shared_dir(*parts: str) -> Path:
    """A path under ../shared; skipped locally when absent, a failure under CI=true."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: tests that need ../shared cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def validate_record(record: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(record)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.from_config()
