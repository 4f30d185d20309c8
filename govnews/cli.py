"""The `govnews` command line."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
import orjson

from cleaners import ConfigError, Pipeline, Rejection
from cleaners.inputs import make_document

from .evaluate import eval_command
from .output import AtomicFile, StreamSink, dumps_line
from .sites import load_site


class GovnewsGroup(click.Group):
    """Config errors end the command with one line and exit status 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"govnews: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=GovnewsGroup)
@click.version_option(package_name="govnews")
def main() -> None:
    """Chinese government news sites to a clean, normalized UTF-8 JSONL corpus."""


def _expand(inputs: tuple[str, ...]) -> list[str]:
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            paths.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            paths.append(item)
        else:
            raise click.BadParameter(f"{item}: no such file or directory", param_hint="INPUT")
    return paths


def _read(path: str) -> bytes:
    return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write records here (rejections beside it).")
@click.option("--site", help="Site name (configs/sites/SITE.yaml) or site file: its extraction overrides apply.")
@click.option("--url", help="The web URL of the single INPUT (sets the record's url and id).")
@click.option("--config-dir", type=click.Path(file_okay=False), help="Rule files folder (default: configs/).")
@click.option("--stats", "stats_path", type=click.Path(dir_okay=False), help="Write the run's per-stage stats as JSON.")
def clean(inputs, output, site, url, config_dir, stats_path):
    """Clean HTML or text files, directories (recursive) or - (stdin) into JSONL records."""
    paths = _expand(inputs)
    if url and len(paths) != 1:
        raise click.UsageError("--url names the web URL of exactly one INPUT")
    pipeline = Pipeline.from_config(config_dir)
    site_cfg = load_site(site, config_dir) if site else {}
    records = AtomicFile(output) if output else StreamSink(sys.stdout.buffer)
    rejects = AtomicFile(f"{output.removesuffix('.jsonl')}.rejects.jsonl") if output else StreamSink(sys.stderr.buffer)
    reasons: Counter = Counter()
    progress = None
    if sys.stderr.isatty() and len(paths) > 1:
        from tqdm import tqdm

        progress = tqdm(total=len(paths), unit="page", file=sys.stderr)
    try:
        for path in paths:
            origin = "-" if path == "-" else str(Path(path).resolve())
            try:
                data = _read(path)
            except OSError as exc:
                result = Rejection(origin, url, "read", "unreadable_input", f"{type(exc).__name__}: {exc}")
            else:
                doc = make_document(
                    origin,
                    data,
                    url=url or (None if path == "-" else Path(origin).as_uri()),
                    site=site_cfg.get("name"),
                    site_rules=site_cfg.get("extract"),
                )
                result = pipeline.run(doc)
            if isinstance(result, Rejection):
                rejects.write(result.as_dict())
                reasons[result.reason] += 1
            else:
                records.write(result)
            if progress:
                progress.update()
    except BaseException:
        records.discard()
        rejects.discard()
        raise
    finally:
        if progress:
            progress.close()
    records.commit()
    rejects.commit()
    summary = {
        "inputs": len(paths),
        "records": records.count,
        "rejections": sum(reasons.values()),
        "rejections_by_reason": dict(reasons.most_common()),
        "pipeline_version": pipeline.stages[-1].version,
    }
    if stats_path:
        Path(stats_path).write_bytes(
            orjson.dumps({**summary, "stages": pipeline.stats_dict()}, option=orjson.OPT_INDENT_2)
        )
    by_reason = ", ".join(f"{k} {v}" for k, v in reasons.most_common()) or "none"
    click.echo(
        f"govnews clean: {summary['inputs']} inputs, {summary['records']} records, "
        f"{summary['rejections']} rejections ({by_reason})",
        err=True,
    )


main.add_command(eval_command)


if __name__ == "__main__":
    main()
