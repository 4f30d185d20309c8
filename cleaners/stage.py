"""The stage contract: one small class with one job over a Document."""

from __future__ import annotations

from typing import Any, ClassVar

from .config import ConfigError, RuleSet
from .document import Document, Rejection


class Stage:
    """A pipeline step. `process` returns the (possibly changed) document, or a Rejection.

    Subclasses declare their YAML options with defaults in `options`; unknown
    option keys are a config error naming the stage.
    """

    name: ClassVar[str]
    options: ClassVar[dict[str, Any]] = {}
    # stage names that, when present in the pipeline, must run before this one
    after: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rules: RuleSet, **options: Any) -> None:
        unknown = set(options) - set(self.options)
        if unknown:
            raise ConfigError(
                f"{rules.root / 'pipeline.yaml'}: stages.{self.name}.{sorted(unknown)[0]}: unknown option"
            )
        self.rules = rules
        self.opts = {**self.options, **options}

    def process(self, doc: Document) -> Document | Rejection:
        raise NotImplementedError

    def reject(self, doc: Document, reason: str, detail: str = "") -> Rejection:
        return Rejection(origin=doc.origin, url=doc.url, stage=self.name, reason=reason, detail=detail)
