"""The `govnews` command line."""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from pathlib import Path

import click
import orjson

from cleaners import ConfigError, Pipeline, Rejection
from cleaners.inputs import make_document
from crawler.siteconfig import load_site

from .output import AtomicFile, StreamSink, dumps_line

# Commands whose module loads only when the command runs (or help lists it): a
# cleaning run should not pay for the evaluation and report code.
LAZY_COMMANDS = {"eval": "govnews.evaluate:eval_command", "report": "govnews.report:report_command"}


class GovnewsGroup(click.Group):
    """Config errors end the command with one line and exit status 2."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS and name not in self.commands:
            module, attr = LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

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
@click.option("--index", "index_path", type=click.Path(dir_okay=False),
              help="Persistent dedup index (SQLite file): dedup against earlier runs too, and remember this one.")
@click.option("--keep-duplicates", is_flag=True, help="Keep duplicates (with dup_of) in the main output.")
def clean(inputs, output, site, url, config_dir, stats_path, index_path, keep_duplicates):
    """Clean HTML or text files, directories (recursive) or - (stdin) into JSONL records.

    Duplicates among the inputs (and, with --index, of earlier runs) go to OUT.dups.jsonl
    (stderr without -o) with dup_of naming the canonical record."""
    from cleaners.dedup import RunDedup, open_deduper
    from crawler.corpus import new_run_id

    paths = _expand(inputs)
    if url and len(paths) != 1:
        raise click.UsageError("--url names the web URL of exactly one INPUT")
    pipeline = Pipeline.from_config(config_dir)
    site_cfg = load_site(site, config_dir) if site else {}
    run_id = "clean-" + new_run_id()
    dedup = RunDedup(open_deduper(pipeline.rules, index_path, run=run_id, auto_commit=False))
    records = AtomicFile(output) if output else StreamSink(sys.stdout.buffer)
    rejects = AtomicFile(f"{output.removesuffix('.jsonl')}.rejects.jsonl") if output else StreamSink(sys.stderr.buffer)
    dups = records if keep_duplicates else (
        AtomicFile(f"{output.removesuffix('.jsonl')}.dups.jsonl") if output else StreamSink(sys.stderr.buffer))
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
                dedup.add(result)
            if progress:
                progress.update()
        routed = dedup.finish(records.write, dups.write)
    except BaseException:
        records.discard()
        rejects.discard()
        dups.discard()
        dedup.deduper.close(commit=False)
        raise
    finally:
        if progress:
            progress.close()
    records.commit()
    rejects.commit()
    if dups is not records:
        dups.commit()
    dedup.deduper.close()  # the index remembers this run only once its output is in place
    summary = {
        "inputs": len(paths),
        "records": routed["records"],
        "duplicates": routed["duplicates"],
        "canonical_switches": routed["canonical_switches"],
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
        f"{summary['rejections']} rejections ({by_reason}), {summary['duplicates']} duplicates",
        err=True,
    )


def _print_runs(runs: list[dict]) -> int:
    """One summary line per site; the number of sites that failed entirely."""
    from crawler.corpus import summary_line

    failed = 0
    for run in runs:
        if "run_id" not in run:
            click.echo(f"{run['site']}: FAILED ({run.get('failed')})", err=True)
            failed += 1
            continue
        # no new records because everything is known is a healthy incremental run
        failed += run["failed_entirely"]
        click.echo(summary_line(run) + ("  FAILED: nothing could be fetched" if run["failed_entirely"] else ""), err=True)
    return failed


@main.command()
@click.argument("sites", nargs=-1, metavar="[SITE...]")
@click.option("--all", "all_sites", is_flag=True, help="Every site file under configs/sites/.")
@click.option("--site-file", "site_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="A site file kept outside configs/ (repeatable).")
@click.option("--output", default="output", show_default=True, type=click.Path(file_okay=False), help="Output root.")
@click.option("--workers", default=0, show_default=True, help="Cleaning processes (0: one per core).")
@click.option("--config-dir", type=click.Path(file_okay=False), help="Rule files folder (default: configs/).")
@click.option("--refresh", is_flag=True, help="Re-fetch known articles (conditional GET); new record only if changed.")
@click.option("--full", is_flag=True, help="Ignore what earlier runs fetched (the state is still updated).")
def crawl(sites, all_sites, site_files, output, workers, config_dir, refresh, full):
    """Crawl configured sites into OUTPUT/<site>/<run-id>.jsonl; one summary line per site.

    Exits 1 when a site fails entirely (no records), so cron can alert on it.
    """
    from crawler.runner import crawl_sites
    from crawler.siteconfig import site_names

    names = list(sites) + (site_names(config_dir) if all_sites else [])
    configs = [load_site(name, config_dir) for name in names] + [load_site(path, config_dir) for path in site_files]
    if not configs:
        raise click.UsageError("name at least one SITE, --all, or --site-file PATH")
    if refresh and full:
        raise click.UsageError("--refresh and --full exclude each other")
    mode = "refresh" if refresh else "full" if full else "incremental"
    runs = crawl_sites(configs, output=output, workers=workers, config_dir=config_dir, mode=mode)
    sys.exit(1 if _print_runs(runs) else 0)


@main.command("check-config")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--config-dir", type=click.Path(file_okay=False), help="Rule files folder (default: configs/).")
def check_config(files, config_dir):
    """Validate the rule files and site files (all of configs/sites/, or FILES) offline."""
    from crawler.siteconfig import site_names

    Pipeline.from_config(config_dir)
    targets = list(files) or site_names(config_dir)
    for target in targets:
        site = load_site(target, config_dir)
        flag = "" if site.get("verified", True) else "  (verified: false)"
        click.echo(f"ok  {target}: {site['name']} ({site['cms']}){flag}")
    click.echo(f"ok  rule files and {len(targets)} site files", err=True)


@main.command()
@click.option("--output", default="output", show_default=True, type=click.Path(file_okay=False), help="Output root.")
@click.option("--workers", default=0, show_default=True, help="Cleaning processes (0: one per core).")
@click.option("--port", default=38080, show_default=True,
              help="The mirror's port on each of its loopback addresses; the same port on every run keeps URLs, "
                   "and so the incremental state, stable (0: any free port).")
def demo(output, workers, port):
    """Serve the bundled offline mirror and crawl every mirror site through Scrapy.

    A second run over the same output fetches nothing new: known articles are skipped.
    """
    from crawler.mirror.server import serve_mirror
    from crawler.demo import mirror_site_configs
    from crawler.runner import crawl_sites

    with serve_mirror(port=port) as mirror:
        configs = mirror_site_configs(mirror)
        for site in configs:
            click.echo(f"serving {site['name']} at {site['start_urls'][0]}", err=True)
        # loopback fixtures: no delay needed; robots.txt is still obeyed
        runs = crawl_sites(configs, output=output, workers=workers, overrides={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False})
    sys.exit(1 if _print_runs(runs) else 0)


@main.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True), metavar="WARC...")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write records here (rejections beside it).")
@click.option("--config-dir", type=click.Path(file_okay=False), help="Rule files folder (default: configs/).")
def reclean(warcs, output, config_dir):
    """Re-run the cleaning pipeline over archived pages (a crawl's .warc.gz files).

    With the pipeline unchanged, the records equal the crawl's: same ids, same text.
    """
    from crawler.archive import read_pages
    from crawler.cleaning import page_document

    pipeline = Pipeline.from_config(config_dir)
    records = AtomicFile(output) if output else StreamSink(sys.stdout.buffer)
    rejects = AtomicFile(f"{output.removesuffix('.jsonl')}.rejects.jsonl") if output else StreamSink(sys.stderr.buffer)
    pages = 0
    for path in warcs:
        for page in read_pages(path):
            pages += 1
            result = pipeline.run(page_document(page))
            if isinstance(result, Rejection):
                rejects.write(result.as_dict())
            else:
                records.write(result)
    records.commit()
    rejects.commit()
    click.echo(f"govnews reclean: {pages} pages, {records.count} records, {rejects.count} rejections", err=True)


if __name__ == "__main__":
    main()
