"""Command line: `claimdiff compare|pairs|eval|index|check|baseline|bench`.

Every command turns a ClaimdiffError into one line on stderr and exit code 2, and any
unexpected failure into one line and exit code 3: users never see a traceback unless they ask
for one with CLAIMDIFF_DEBUG=1. Usage mistakes (unknown option or command, bad value, missing
argument) are typer's to report: its usual message naming the option, exit code 2.

Help strings go through rich markup: write a literal `[` as `\\[` (tests/test_cli.py checks).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from claimdiff import __version__
from claimdiff.config import load_settings
from claimdiff.errors import ClaimdiffError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

typer_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich", help="Compare what several documents claim.")  # rich markup said outright: older typers default to none, and would print the backslash of "\["

ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="claimdiff.toml or pyproject.toml to read settings from")]
EmbeddingOption = Annotated[Optional[str], typer.Option("--embedding-model", help="sentence-transformers name or path (default: packaged all-MiniLM-L6-v2)")]
NLIOption = Annotated[Optional[str], typer.Option("--nli-model", help="'shipped' (default), a Hugging Face cross-encoder name, or a local path")]
ThreadsOption = Annotated[Optional[int], typer.Option("--threads", help="CPU threads for inference")]


def _print_version(requested: bool) -> None:
    if requested:
        print(f"claimdiff {__version__}")
        raise typer.Exit()


@typer_app.callback()
def _options_before_the_command(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="print the version and exit")] = False,
) -> None:
    """Compare what several documents claim."""


@typer_app.command()
def compare(
    sources: Annotated[list[str], typer.Argument(help="files (.txt .md .html), folders, or - for stdin")],
    html: Annotated[Optional[Path], typer.Option("-o", "--html", help="write the HTML report here")] = None,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="write the JSON result here")] = None,
    md: Annotated[Optional[Path], typer.Option("--md", help="write a Markdown summary here")] = None,
    config: ConfigOption = None,
    embedding_model: EmbeddingOption = None,
    nli_model: NLIOption = None,
    threads: ThreadsOption = None,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", help="refuse input files larger than this (default 10 MB)")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (default), or ray: embedding and NLI as Ray Data jobs (pip install 'claimdiff\\[ray]')")] = "local",
    ray_address: Annotated[Optional[str], typer.Option("--ray-address", help="with --engine ray: the cluster (ray://HOST:10001, or auto); default: a local Ray (docs/ray.md)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress, no summary")] = False,
) -> None:
    """Align the claims of two or more documents and judge each aligned pair."""
    from claimdiff import pipeline, report
    from claimdiff.progress import StageProgress

    settings = load_settings(config).with_overrides(embedding_model=embedding_model, nli_model=nli_model, threads=threads, max_input_bytes=max_bytes)
    outputs = [p for p in (html, json_path, md) if p is not None]
    report.refuse_overwriting_inputs(outputs, sources)
    if engine not in ("local", "ray"):
        raise ClaimdiffError(f"unknown --engine {engine!r}: use local or ray")
    if ray_address and engine != "ray":
        raise ClaimdiffError("--ray-address needs --engine ray")
    with contextlib.ExitStack() as stack, StageProgress(enabled=not quiet) as progress:
        embedder = nli = None
        if engine == "ray":
            from claimdiff.engine_ray import ray_models, ray_session

            stack.enter_context(ray_session(ray_address, num_cpus=settings.threads))
            embedder, nli = ray_models(settings)
        comparison = pipeline.compare(sources, settings, embedder=embedder, nli=nli, progress=progress.stage)
        progress.stage("report")
        if html:
            report.write_atomic(html, report.render_html(comparison))
        if json_path:
            report.write_atomic(json_path, report.to_json(comparison))
        if md:
            report.write_atomic(md, report.render_markdown(comparison))
    if not quiet:
        report.print_summary(comparison, outputs)


@typer_app.command()
def pairs(
    file: Annotated[str, typer.Argument(help='JSON lines {"a": ..., "b": ...}; - for stdin')],
    nli_model: NLIOption = None,
    threads: ThreadsOption = None,
    config: ConfigOption = None,
) -> None:
    """Label arbitrary claim pairs; writes each line back with "label" and "scores" added."""
    from claimdiff.pairs import label_pair_file

    settings = load_settings(config).with_overrides(nli_model=nli_model, threads=threads)
    label_pair_file(file, settings, sys.stdout)


@typer_app.command("eval")
def evaluate(
    dataset: Annotated[str, typer.Argument(help="a dataset name (see --list) or 'all'; or 'stories DIR': score the whole pipeline on labelled stories (newsdev layout)")],
    stories_dir: Annotated[Optional[Path], typer.Argument(help="with 'stories': the folder of story folders and their gold files")] = None,
    story: Annotated[Optional[list[str]], typer.Option("--story", help="with 'stories': evaluate only this story (repeatable)")] = None,
    embedding_model: EmbeddingOption = None,
    limit: Annotated[Optional[int], typer.Option(help="evaluate only the first N pairs")] = None,
    output: Annotated[Optional[Path], typer.Option("--json", help="write results here")] = None,
    data_dir: Annotated[Optional[Path], typer.Option(help="folder of the public sets (default ../shared/data)")] = None,
    nli_model: NLIOption = None,
    threads: ThreadsOption = None,
    config: ConfigOption = None,
) -> None:
    """Score the NLI model on a public labelled set, or the whole pipeline on labelled stories (figures for docs/BENCHMARKS.md)."""
    if dataset == "stories":
        from claimdiff.story_eval import run_story_eval

        if stories_dir is None:
            raise ClaimdiffError("eval stories needs a folder: claimdiff eval stories DIR")
        settings = load_settings(config).with_overrides(embedding_model=embedding_model, nli_model=nli_model, threads=threads)
        run_story_eval(stories_dir, settings, names=story, output=output)
        return
    if stories_dir is not None or story:
        raise ClaimdiffError(f"a folder and --story go with 'eval stories', not with {dataset!r}")
    from claimdiff.evaluation import run_evaluation

    settings = load_settings(config).with_overrides(nli_model=nli_model, threads=threads)
    run_evaluation(dataset, settings, limit=limit, output=output, data_dir=data_dir)


# --- commands owned by other modules register below (index/check/baseline: claimdiff.gate; bench: claimdiff.bench) ---

AgainstOption = Annotated[Optional[str], typer.Option("--against", help="a store from `claimdiff index`, or a folder of articles (indexed into a temporary store); default: the store set in the check table of claimdiff.toml")]
FailOnOption = Annotated[Optional[str], typer.Option("--fail-on", help="lowest level that fails (exit 1): error (default), warning, note, never; a finding kind means its level")]
MinConfidenceOption = Annotated[Optional[float], typer.Option("--min-confidence", help="ignore findings the judge is less sure of (0..1)")]
ShowOption = Annotated[Optional[str], typer.Option("--show", help="also report these kinds, comma-separated: agreement,unique (errors and warnings are always reported)")]


@typer_app.command("index")
def index_command(
    corpus: Annotated[Path, typer.Argument(help="folder of articles (.txt .md .html), read recursively")],
    store: Annotated[Optional[Path], typer.Option("--store", help="store folder to create or update (default: the store set in the check table of claimdiff.toml)")] = None,
    config: ConfigOption = None,
    embedding_model: EmbeddingOption = None,
    threads: ThreadsOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress, no summary")] = False,
) -> None:
    """Build or update a corpus store for `check`: only new and changed files are read and embedded."""
    from claimdiff import gate
    from claimdiff.progress import StageProgress

    settings = load_settings(config).with_overrides(embedding_model=embedding_model, threads=threads)
    options = gate.check_options(config)
    target = store or (Path(options.store) if options.store else None)
    if target is None:
        raise ClaimdiffError("index needs --store PATH (or store in the [check] table of claimdiff.toml)")
    with StageProgress(enabled=not quiet) as progress:
        stats = gate.index_corpus(corpus, target, settings, options, progress=progress.stage)
    if not quiet:
        print(f"claimdiff index: {stats.summary()}")


@typer_app.command("check")
def check_command(
    files: Annotated[list[str], typer.Argument(help="new articles to check (.txt .md .html), or - for stdin")],
    against: AgainstOption = None,
    fail_on: FailOnOption = None,
    min_confidence: MinConfidenceOption = None,
    output_format: Annotated[Optional[str], typer.Option("--format", help="text (default), json, markdown, sarif, github")] = None,
    show: ShowOption = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="accepted findings, written by `claimdiff baseline`")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="write the report to this file instead of stdout")] = None,
    config: ConfigOption = None,
    embedding_model: EmbeddingOption = None,
    nli_model: NLIOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Check new articles against a corpus; exit 1 on findings at or above --fail-on, 0 when clean."""
    from claimdiff import gate
    from claimdiff.progress import StageProgress
    from claimdiff.report import check as check_report
    from claimdiff.report.files import refuse_overwriting_inputs, write_atomic

    settings = load_settings(config).with_overrides(embedding_model=embedding_model, nli_model=nli_model, threads=threads)
    options = gate.check_options(config, fail_on=fail_on, min_confidence=min_confidence, format=output_format, show=show)
    refuse_overwriting_inputs([output] if output is not None else [], files)
    with StageProgress() as progress:
        result = gate.run_check(files, against, settings, options, baseline_path=baseline, progress=progress.stage)
    text = check_report.render(result, options.format)
    if output is not None:
        write_atomic(output, text)
        print(check_report.summary_line(result))
    else:
        sys.stdout.write(text)
    if options.format == "text":
        for note in check_report.stale_notes(result):
            print(note, file=sys.stderr)
    raise typer.Exit(result.exit_code)


@typer_app.command("baseline")
def baseline_command(
    files: Annotated[list[str], typer.Argument(help="the articles whose current findings are accepted")],
    output: Annotated[Path, typer.Option("-o", "--output", help="baseline file to write (JSON)")],
    against: AgainstOption = None,
    fail_on: FailOnOption = None,
    min_confidence: MinConfidenceOption = None,
    config: ConfigOption = None,
    embedding_model: EmbeddingOption = None,
    nli_model: NLIOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Record today's findings as reviewed, so `check --baseline FILE` stops failing on them."""
    import json

    from claimdiff import gate
    from claimdiff.progress import StageProgress
    from claimdiff.report.files import refuse_overwriting_inputs, write_atomic

    settings = load_settings(config).with_overrides(embedding_model=embedding_model, nli_model=nli_model, threads=threads)
    options = gate.check_options(config, fail_on=fail_on, min_confidence=min_confidence)
    refuse_overwriting_inputs([output] if output is not None else [], files)
    with StageProgress() as progress:
        result = gate.run_check(files, against, settings, options, progress=progress.stage)
    text = gate.baseline_from(result)
    write_atomic(output, text)
    print(f"claimdiff baseline: wrote {len(json.loads(text)['suppressions'])} accepted finding(s) to {output}")



@typer_app.command("bench")
def bench_command(
    sizes: Annotated[str, typer.Option("--sizes", help="article counts to compare, comma-separated")] = "10,100,1000",
    out: Annotated[Path, typer.Option("--out", help="folder for bench.json and bench.png")] = Path("docs"),
    data_dir: Annotated[Optional[Path], typer.Option(help="folder of the public sets (default ../shared/data)")] = None,
    seeds: Annotated[Optional[Path], typer.Option("--seeds", help="seed articles for the cold/warm run (default ./seeds)")] = None,
    threads: Annotated[int, typer.Option("--threads", help="CPU threads for inference")] = 2,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds allowed per corpus size")] = 1800.0,
    speed: Annotated[bool, typer.Option("--speed/--no-speed", help="also compare ONNX with PyTorch embeddings and time NLI")] = True,
    stories_per_article: Annotated[int, typer.Option("--stories-per-article", help="FNC-1 stories joined into each article (2: long-form, ≈ 38 claims each)")] = 1,
) -> None:
    """Time every stage on 10, 100 and 1,000 news articles (FNC-1), with peak memory; writes bench.json and bench.png."""
    from claimdiff.bench import DEFAULT_SEEDS, markdown_table, run_bench

    try:
        counts = [int(part) for part in sizes.split(",") if part.strip()]
    except ValueError:
        raise ClaimdiffError(f"--sizes takes whole numbers separated by commas, not {sizes!r}") from None
    results = run_bench(counts, out_dir=out, data_dir=data_dir, seeds=seeds or DEFAULT_SEEDS, threads=threads, timeout=timeout, speed=speed, command="claimdiff bench " + " ".join(sys.argv[2:]), stories=stories_per_article)
    print(markdown_table(results))


def main() -> None:
    """Entry point: the only place exceptions become exit codes.

    typer runs in standalone mode so that it reports usage mistakes itself, whichever copy of
    click it carries (typer 0.29 vendors its own, whose exceptions no `import click` can catch);
    the program name is fixed so that `python -m claimdiff` and the `claimdiff` script print the same.
    """
    try:
        typer_app(prog_name="claimdiff")
    except ClaimdiffError as error:
        print(f"claimdiff: error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("claimdiff: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the promise is: no traceback for users
        if os.environ.get("CLAIMDIFF_DEBUG"):
            raise
        print(f"claimdiff: internal error: {type(error).__name__}: {error} (set CLAIMDIFF_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(3)


app = main
