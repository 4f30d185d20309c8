"""Compose stages in the order `configs/pipeline.yaml` gives, run documents through them, keep per-stage stats."""

from __future__ import annotations

import time
import traceback
from typing import Any

from .config import ConfigError, RuleSet, load_rules
from .document import Document, Rejection, StageStats
from .stage import Stage


def _stage_classes() -> dict[str, type[Stage]]:
    from .boilerplate import Boilerplate
    from .decode import Decode
    from .extract import Extract
    from .flags import Flags
    from .metadata import Metadata
    from .normalize import Normalize
    from .page_type import PageType
    from .record import Record
    from .repair import Repair
    from .script import Script
    from .spun import Spun

    classes = (Decode, Extract, Script, Repair, Metadata, Boilerplate, Normalize, PageType, Flags, Spun, Record)
    return {cls.name: cls for cls in classes}


class Pipeline:
    def __init__(self, rules: RuleSet, stages: list[Stage]) -> None:
        self.rules = rules
        self.stages = stages
        self.stats = {stage.name: StageStats() for stage in stages}

    @classmethod
    def from_config(cls, config_dir: str | None = None, rules: RuleSet | None = None) -> "Pipeline":
        rules = rules or load_rules(config_dir)
        known = _stage_classes()
        where = rules.root / "pipeline.yaml"
        stages: list[Stage] = []
        for i, entry in enumerate(rules.pipeline["stages"]):
            name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
            if name not in known:
                raise ConfigError(f"{where}: stages[{i}]: unknown stage {name!r} (known: {', '.join(known)})")
            if any(s.name == name for s in stages):
                raise ConfigError(f"{where}: stages[{i}]: stage {name!r} listed twice")
            stages.append(known[name](rules, **(options or {})))
        names = [s.name for s in stages]
        for i, stage in enumerate(stages):
            for earlier in stage.after:
                if earlier in names and names.index(earlier) > i:
                    raise ConfigError(f"{where}: stages[{i}]: {stage.name!r} must come after {earlier!r}")
        if names[-1] != "record":
            raise ConfigError(f"{where}: stages: the last stage must be 'record'")
        return cls(rules, stages)

    def run(self, doc: Document) -> dict[str, Any] | Rejection:
        """Clean one document: a record dict, or a Rejection with the stage and reason. Never raises."""
        for stage in self.stages:
            stats = self.stats[stage.name]
            stats.docs += 1
            started = time.perf_counter()
            try:
                result = stage.process(doc)
            except Exception as exc:  # a bug must cost one document, never the run
                result = Rejection(
                    origin=doc.origin,
                    url=doc.url,
                    stage=stage.name,
                    reason="stage_error",
                    detail=f"{type(exc).__name__}: {exc}; " + traceback.format_exc(limit=-1).strip().splitlines()[-1],
                )
            stats.seconds += time.perf_counter() - started
            if isinstance(result, Rejection):
                stats.rejected += 1
                return result
            stats.counts.update(doc.quality.get(stage.name, {}))
            if isinstance(result, dict):  # the record stage's output
                return result
            doc = result
        raise AssertionError("the record stage must end the pipeline")

    def stats_dict(self) -> dict[str, Any]:
        return {name: s.as_dict() for name, s in self.stats.items()}
