"""`claimdiff bench`: how time and memory grow with the number of articles, stage by stage.

Corpora of 10, 100 and 1,000 real news articles are cut from the FNC-1 test bodies, grouped by
the headline each body is paired with (stance other than "unrelated"), so that the compared
articles share topics the way a real news comparison does. Every size runs in a subprocess of
its own, so the peak memory figure belongs to that size alone; it is the resident-set
high-water mark (getrusage ru_maxrss, plus a sampler for the peak inside each stage), which
counts the native memory of onnxruntime and numpy that tracemalloc cannot see.

Stages are timed through the `progress` callback of pipeline.compare, the code path of
`claimdiff compare` itself, never a second copy of the pipeline. Models are loaded (and timed)
before the run, so stage times are work, not start-up. Besides the sizes, the bench measures
embedding throughput of the ONNX engine against plain sentence-transformers/PyTorch on the same
claims in the same run, NLI pairs/s of the shipped model (batch 32, 2 threads), and a cold and a
warm-cache `claimdiff compare` of the seed articles. It writes bench.json and bench.png.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from claimdiff.config import Settings
from claimdiff.errors import ClaimdiffError
from claimdiff.ingest import normalise_text, strip_boilerplate

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DEFAULT_SIZES = (10, 100, 1000)
STAGES = ("ingest", "claims", "facts", "embed", "align", "judge", "provenance", "report")
SPEED_SAMPLE = 2000  # claims or pairs timed in the throughput comparison; enough for a steady rate


# ---------------------------------------------------------------- corpora


def read_fnc1(data_dir: Path) -> tuple[dict[str, str], list[list[str]]]:
    """Article bodies by id (each text once), and topics: the related body ids of each headline, biggest first."""
    folder = Path(data_dir) / "fnc1"
    bodies_file, stances_file = folder / "competition_test_bodies.csv", folder / "competition_test_stances.csv"
    for path in (bodies_file, stances_file):
        if not path.is_file():
            raise ClaimdiffError(f"bench needs the FNC-1 test set: {path} not found (give --data-dir)")
    bodies: dict[str, str] = {}
    seen_texts: set[str] = set()
    with open(bodies_file, encoding="utf-8", newline="") as handle:
        for row in sorted(csv.DictReader(handle), key=lambda row: int(row["Body ID"])):
            text = row["articleBody"].strip()
            if not text or not strip_boilerplate(normalise_text(text)).text.strip():
                continue  # a scraped page of nothing but script and share counts: ingest rightly refuses it
            if " ".join(text.split()) not in seen_texts:  # FNC-1 holds a few bodies twice under two ids
                seen_texts.add(" ".join(text.split()))
                bodies[row["Body ID"]] = text
    topics: dict[str, set[str]] = defaultdict(set)
    with open(stances_file, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] != "unrelated" and row["Body ID"] in bodies:
                topics[row["Headline"]].add(row["Body ID"])
    ordered = sorted(topics.items(), key=lambda item: (-len(item[1]), item[0]))
    return bodies, [sorted(ids, key=int) for _, ids in ordered]


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def excerpt(text: str) -> str:
    """The opening half of a story (by paragraphs), the way a shorter syndicated version runs."""
    parts = paragraphs(text)
    return "\n\n".join(parts[: (len(parts) + 1) // 2])


def choose_articles(bodies: dict[str, str], topics: Sequence[Sequence[str]], size: int) -> list[tuple[str, str]]:
    """`size` articles as (body id, "full" or "excerpt"), topic by topic.

    FNC-1 has 899 distinct bodies; past those, the opening halves of the stories with four or
    more paragraphs follow, in the same topic order. Such a shortened copy of a story stands for
    syndication, which real news is full of, and keeps every article's text distinct (claimdiff
    refuses identical documents)."""
    order = list(dict.fromkeys(body_id for ids in topics for body_id in ids))
    articles = [(body_id, "full") for body_id in order]
    articles += [(body_id, "excerpt") for body_id in order if len(paragraphs(bodies[body_id])) >= 4]
    if size > len(articles):
        raise ClaimdiffError(f"FNC-1 gives at most {len(articles)} distinct articles; choose smaller --sizes")
    return articles[:size]


def build_corpus(data_dir: Path, size: int, folder: Path, stories: int = 1) -> Path:
    """Write `size` articles as .txt files into `folder` (the same files for the same data).

    With `stories` > 1 each article is a long-form roundup of that many FNC-1 stories (a story
    and the ones 337 and 674 places further in topic order; 211 past the 899th article, so no two
    articles are the same): FNC-1 bodies average 18 claims, while the issue's 1,000-article month
    of coverage has ≈ 40 claims an article; two stories an article give 37.6k claims at 1,000.
    """
    bodies, topics = read_fnc1(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if stories > 1:
        order = list(dict.fromkeys(body_id for ids in topics for body_id in ids))
        if size > 2 * len(order):
            raise ClaimdiffError(f"at most {2 * len(order)} long-form articles; choose smaller --sizes")
        for position in range(size):
            stride = 337 if position < len(order) else 211
            combo = [order[(position + k * stride) % len(order)] for k in range(stories)]
            (folder / f"{position:04d}_fnc1_roundup_{'_'.join(combo)}.txt").write_text("\n\n".join(bodies[b] for b in combo) + "\n", encoding="utf-8")
        return folder
    for position, (body_id, part) in enumerate(choose_articles(bodies, topics, size)):
        text = bodies[body_id] if part == "full" else excerpt(bodies[body_id])
        suffix = "" if part == "full" else "_excerpt"
        (folder / f"{position:04d}_fnc1_body{body_id}{suffix}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- measuring one process


def rss_mb() -> float | None:
    """Resident memory now, from /proc (Linux); None elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return None


def peak_rss_mb() -> float:
    """The process's resident high-water mark (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


class StageRecorder:
    """The pipeline's progress callback: wall time per stage, and the memory peak inside each.

    A sampler thread reads the resident size every 20 ms, because ru_maxrss only ever grows and
    cannot say which stage reached the peak."""

    def __init__(self, on_stage=None) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self._current: str | None = None
        self._started = 0.0
        self._peak = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._on_stage = on_stage
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            now = rss_mb() or 0.0
            with self._lock:
                self._peak = max(self._peak, now)

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        with self._lock:
            if self._current is not None:
                self.seconds[self._current] = now - self._started
                self.peak_mb[self._current] = max(self._peak, rss_mb() or 0.0)
            self._current, self._started, self._peak = stage, now, rss_mb() or 0.0
        if self._on_stage is not None:
            self._on_stage(self)

    def finish(self) -> None:
        self("done")
        self._stop.set()
        self._thread.join()


class TimedNLI:
    """Counts and times the pairs that reach the NLI model (judge does both directions)."""

    def __init__(self, model) -> None:
        self.model = model
        self.name = model.name
        self.pairs = 0
        self.seconds = 0.0

    def predict(self, pairs):
        started = time.perf_counter()
        scores = self.model.predict(pairs)
        self.seconds += time.perf_counter() - started
        self.pairs += len(pairs)
        return scores


def load_models(settings: Settings, backend: str = "auto"):
    """Embedder and NLI model, loaded and run once, so no stage time includes start-up."""
    from claimdiff.embed import Embedder
    from claimdiff.nli import load_nli_model

    started = time.perf_counter()
    embedder = Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads, backend=backend)
    embedder.encoder.encode_batch(["The model loads before the clock starts."])
    loaded_embedder = time.perf_counter()
    nli = load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size)
    nli.predict([("The model loads.", "The clock has not started.")])
    return embedder, nli, {"embedding_model_s": round(loaded_embedder - started, 3), "nli_model_s": round(time.perf_counter() - loaded_embedder, 3)}


def measure_corpus(corpus: Path, settings: Settings, partial: Path | None = None, dump: Path | None = None) -> dict:
    """One end-to-end comparison of every article in `corpus`, stage by stage (the worker's job)."""
    from claimdiff import pipeline, report

    embedder, nli, load = load_models(settings)
    timed_nli = TimedNLI(nli)
    result: dict = {"articles": len(list(Path(corpus).glob("*.txt"))), "model_load": load, "stages": {}}

    def checkpoint(recorder: StageRecorder) -> None:
        if partial is not None:  # what finished so far survives a timeout
            partial.write_text(json.dumps({**result, "stages": stage_table(recorder, None, None)}), encoding="utf-8")

    recorder = StageRecorder(on_stage=checkpoint)
    started = time.perf_counter()
    comparison = pipeline.compare([str(corpus)], settings, embedder=embedder, nli=timed_nli, progress=recorder)
    recorder("report")
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in (("r.html", report.render_html(comparison)), ("r.json", report.to_json(comparison)), ("r.md", report.render_markdown(comparison))):
            report.write_atomic(Path(scratch) / name, text)
    recorder.finish()
    total = time.perf_counter() - started
    claims = len(comparison.claims)
    result.update(
        documents=len(comparison.documents),
        claims=claims,
        pairs_judged=len(comparison.pairs),
        nli_pairs=timed_nli.pairs,
        nli_pairs_per_s=round(timed_nli.pairs / timed_nli.seconds, 1) if timed_nli.seconds else None,
        texts_embedded=embedder.encoded,
        embedded_per_s=round(embedder.encoded / recorder.seconds["embed"], 1) if recorder.seconds.get("embed") else None,
        clusters=len(comparison.clusters),
        total_s=round(total, 3),
        peak_rss_mb=round(peak_rss_mb(), 1),
        stages=stage_table(recorder, claims, comparison),
    )
    if dump is not None:  # claims and candidate pairs for the throughput comparison
        by_id = {c.id: c.text for c in comparison.claims}
        dump.write_text(
            json.dumps({"claims": [c.text for c in comparison.claims], "pairs": [[by_id[p.a], by_id[p.b]] for p in comparison.pairs]}),
            encoding="utf-8",
        )
    return result


def stage_table(recorder: StageRecorder, claims: int | None, comparison) -> dict:
    table = {}
    for stage in STAGES:
        if stage not in recorder.seconds:
            continue
        seconds = recorder.seconds[stage]
        row = {"seconds": round(seconds, 3), "peak_rss_mb": round(recorder.peak_mb[stage], 1)}
        if claims is not None:
            row["claims_per_s"] = round(claims / seconds, 1) if seconds > 0 else None
        if stage in ("align", "judge") and comparison is not None:
            row["pairs"] = len(comparison.pairs)
        table[stage] = row
    return table


def measure_speed(inputs: Path, settings: Settings) -> dict:
    """Embedding: ONNX against sentence-transformers/PyTorch on the same claims; NLI pairs/s."""
    from claimdiff.embed import Embedder
    from claimdiff.nli import load_nli_model

    data = json.loads(Path(inputs).read_text(encoding="utf-8"))
    texts = sorted(set(data["claims"]))[:SPEED_SAMPLE]
    result: dict = {"sentences": len(texts), "threads": settings.threads}
    for backend in ("onnx", "sentence-transformers"):
        embedder = Embedder(settings.embedding_model, cache_dir=None, threads=settings.threads, batch_size=64, backend=backend)
        embedder.encoder.encode_batch(texts[:64])  # load and warm up outside the clock
        started = time.perf_counter()
        embedder.encode(texts)
        seconds = time.perf_counter() - started
        result[backend] = {"seconds": round(seconds, 3), "sentences_per_s": round(len(texts) / seconds, 1)}
    result["onnx_speedup"] = round(result["sentence-transformers"]["seconds"] / result["onnx"]["seconds"], 2)
    tokens = Embedder(settings.embedding_model, backend="onnx").encoder.tokenizer.encode_batch(texts)
    result["mean_tokens_per_sentence"] = round(sum(len(t.ids) for t in tokens) / max(1, len(tokens)), 1)

    pairs = [tuple(pair) for pair in data["pairs"][:SPEED_SAMPLE]]
    if pairs:
        nli = load_nli_model(settings.nli_model, threads=settings.threads, batch_size=32)
        nli.predict(pairs[:32])
        started = time.perf_counter()
        nli.predict(pairs)
        seconds = time.perf_counter() - started
        result["nli"] = {"pairs": len(pairs), "batch_size": 32, "seconds": round(seconds, 3), "pairs_per_s": round(len(pairs) / seconds, 1)}
    return result


def measure_seeds(seeds: Path, settings: Settings) -> dict:
    """In one process with the models loaded: the seeds with a cold cache, then again warm."""
    from claimdiff import pipeline

    from claimdiff.nli import CachedNLI

    embedder, nli, load = load_models(settings)
    timed_nli = TimedNLI(CachedNLI(nli, settings.cache_dir))  # the cache `compare` uses
    result: dict = {"model_load": load}
    for run in ("cold", "warm"):
        recorder = StageRecorder()
        started = time.perf_counter()
        comparison = pipeline.compare([str(seeds)], settings, embedder=embedder, nli=timed_nli, progress=recorder)
        recorder.finish()
        result[f"models_loaded_{run}_cache_s"] = round(time.perf_counter() - started, 3)
        result[f"{run}_stages_s"] = {stage: round(seconds, 3) for stage, seconds in recorder.seconds.items()}
    result.update(claims=len(comparison.claims), pairs_judged=len(comparison.pairs), nli_pairs_per_run=timed_nli.pairs // 2)
    return result


# ---------------------------------------------------------------- orchestration


def _worker_settings(cache_dir: Path, threads: int) -> Settings:
    return replace(Settings(), cache_dir=cache_dir, threads=threads)


def run_worker(kind: str, args: list[str], timeout: float) -> tuple[dict | None, str | None]:
    """Run one measurement in a fresh interpreter; (result, None) or (None, why it failed)."""
    with tempfile.TemporaryDirectory(prefix="claimdiff-bench-") as scratch:
        out = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "claimdiff.bench", kind, "--result", str(out), *args]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
        except subprocess.TimeoutExpired:
            partial = Path(str(out) + ".partial")
            done = json.loads(partial.read_text(encoding="utf-8")) if partial.is_file() else None
            return done, f"timed out after {timeout:.0f} s"
        if finished.returncode != 0 or not out.is_file():
            lines = (finished.stderr or finished.stdout or "no output").strip().splitlines()
            return None, f"exit code {finished.returncode}: {lines[-1] if lines else ''}"
        return json.loads(out.read_text(encoding="utf-8")), None


def run_seeds_cli(seeds: Path, work: Path, threads: int, timeout: float) -> dict:
    """`claimdiff compare` on the seeds as a user runs it: a cold cache, then the same again warm."""
    cache = work / "seeds-cache"
    config = work / "seeds.toml"
    config.write_text(f"cache_dir = {json.dumps(str(cache))}\nthreads = {threads}\n", encoding="utf-8")
    times = []
    for run in ("cold", "warm"):
        started = time.perf_counter()
        finished = subprocess.run(
            [sys.executable, "-m", "claimdiff", "compare", str(seeds), "--json", str(work / f"seeds-{run}.json"), "--config", str(config), "--quiet"],
            capture_output=True, text=True, timeout=timeout,
        )
        times.append(time.perf_counter() - started)
        if finished.returncode != 0:
            return {"error": (finished.stderr.strip().splitlines() or ["?"])[-1]}
    same = (work / "seeds-cold.json").read_bytes() == (work / "seeds-warm.json").read_bytes()
    return {"cli_cold_cache_s": round(times[0], 3), "cli_warm_cache_s": round(times[1], 3), "cli_cold_over_warm": round(times[0] / times[1], 2), "json_identical": same}


def machine() -> dict:
    import numpy
    import onnxruntime

    return {
        "cpus": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "onnxruntime": onnxruntime.__version__,
        "numpy": numpy.__version__,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def run_bench(
    sizes: Sequence[int] = DEFAULT_SIZES,
    out_dir: Path = Path("docs"),
    data_dir: Path | None = None,
    seeds: Path | None = None,
    threads: int = 2,
    timeout: float = 1800.0,
    speed: bool = True,
    plot: bool = True,
    echo=print,
    command: str = "claimdiff bench",
    stories: int = 1,
) -> dict:
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    if any(size < 2 for size in sizes):
        raise ClaimdiffError("bench sizes must be at least 2 articles")
    read_fnc1(data_dir)  # fail in one line before any work if the data is missing
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "command": command, "stories_per_article": stories, "sizes": []}
    busy = results["machine"]["load_average_at_start"]
    if busy and busy[0] > 0.5 * (os.cpu_count() or 1):
        echo(f"bench: warning: the machine is busy (load average {busy[0]}); the timings will be too slow")
    with tempfile.TemporaryDirectory(prefix="claimdiff-bench-") as scratch:
        work = Path(scratch)
        speed_inputs = None
        for size in sizes:
            corpus = build_corpus(data_dir, size, work / f"corpus-{size}", stories)
            echo(f"bench: {size} articles ...")
            dump = work / f"claims-{size}.json"
            row, problem = run_worker("corpus", [str(corpus), "--cache-dir", str(work / f"cache-{size}"), "--threads", str(threads), "--dump", str(dump)], timeout)
            row = row or {"articles": size}
            row.setdefault("articles", size)
            if problem:
                row["error"] = problem
            results["sizes"].append(row)
            echo(summary_line(row))
            if dump.is_file() and (speed_inputs is None or size <= 100):
                speed_inputs = dump  # throughput on a mid-size corpus: enough pairs, quick to produce
        if speed and speed_inputs is not None:
            echo("bench: embedding and NLI throughput ...")
            results["speed"], problem = run_worker("speed", [str(speed_inputs), "--threads", str(threads)], timeout)
            if problem:
                results["speed"] = {"error": problem}
        if seeds is not None and Path(seeds).is_dir():
            echo("bench: seed articles, cold and warm ...")
            in_process, problem = run_worker("seeds", [str(seeds), "--cache-dir", str(work / "seeds-process-cache"), "--threads", str(threads)], timeout)
            results["seeds"] = {**run_seeds_cli(seeds, work, threads, timeout), **(in_process or {"error": problem})}
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    (out_dir / "bench.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    echo(f"bench: wrote {out_dir / 'bench.json'}")
    if plot:
        path = plot_results(results, out_dir / "bench.png")
        if path:
            echo(f"bench: wrote {path}")
    return results


def summary_line(row: dict) -> str:
    if "stages" not in row or "total_s" not in row:
        return f"  {row.get('articles')} articles: {row.get('error', 'no result')}"
    stages = ", ".join(f"{name} {values['seconds']:.1f}s" for name, values in row["stages"].items())
    return f"  {row['articles']} articles, {row['claims']} claims, {row['pairs_judged']} pairs: {row['total_s']:.1f}s ({stages}); peak {row['peak_rss_mb']:.0f} MB"


def plot_results(results: dict, path: Path) -> Path | None:
    """Seconds against articles, log-log, one line per stage and one for the whole run."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    rows = [row for row in results["sizes"] if "total_s" in row]
    if not rows:
        return None
    figure, axis = plt.subplots(figsize=(7, 4.5), dpi=110)
    x = [row["articles"] for row in rows]
    for stage in STAGES:
        y = [row["stages"].get(stage, {}).get("seconds") for row in rows]
        if all(value is not None for value in y):
            axis.plot(x, [max(value, 1e-3) for value in y], marker="o", label=stage)
    axis.plot(x, [row["total_s"] for row in rows], marker="s", color="black", linewidth=2, label="total")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("articles compared")
    axis.set_ylabel("wall time (s)")
    cpus = results["machine"]["cpus"]
    axis.set_title(f"claimdiff compare, time per stage ({cpus} CPU cores)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8, ncol=2)
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)
    return path


def markdown_table(results: dict) -> str:
    """The per-size table for docs/BENCHMARKS.md."""
    lines = ["| articles | claims | pairs judged | " + " | ".join(STAGES) + " | total | peak memory |", "|" + "---|" * (len(STAGES) + 5)]
    for row in results["sizes"]:
        if "total_s" not in row:
            lines.append(f"| {row['articles']} | " + " | ".join(["–"] * (len(STAGES) + 4)) + f" | ({row.get('error', 'no result')}) |")
            continue
        cells = [f"{row['stages'][s]['seconds']:.1f} s" if s in row["stages"] else "–" for s in STAGES]
        lines.append(f"| {row['articles']} | {row['claims']} | {row['pairs_judged']} | " + " | ".join(cells) + f" | {row['total_s']:.1f} s | {row['peak_rss_mb'] / 1000:.2f} GB |")
    return "\n".join(lines)


# ---------------------------------------------------------------- worker entry point


def _worker_main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m claimdiff.bench")
    parser.add_argument("kind", choices=("corpus", "speed", "seeds"))
    parser.add_argument("source", type=Path)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dump", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = _worker_settings(args.cache_dir or Path(tempfile.mkdtemp(prefix="claimdiff-cache-")), args.threads)
    if args.kind == "corpus":
        result = measure_corpus(args.source, settings, partial=Path(str(args.result) + ".partial"), dump=args.dump)
    elif args.kind == "speed":
        result = measure_speed(args.source, settings)
    else:
        result = measure_seeds(args.source, settings)
    args.result.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    _worker_main(sys.argv[1:])
