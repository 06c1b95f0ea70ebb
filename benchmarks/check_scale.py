"""How `claimdiff index` and `claimdiff check` scale: rerun with `.venv/bin/python benchmarks/check_scale.py`.

A synthetic corpus is made from the 904 FNC-1 competition-test bodies (real news, in
../shared/data/fnc1): article i takes the paragraphs of one body in order, interleaves whole
paragraphs of two others, and stops at 10-40 sentences, all drawn from random.Random(seed, i), so
every run makes the same articles; articles whose text repeats an earlier one are redrawn. The
corpus grows through the sizes given (default 1,000 then 10,000): at each size the store is
updated incrementally (only the new articles are read and embedded), then `check` is timed on
held-out articles made the same way but not in the corpus.

"cold" is the first check in the process (the ONNX sessions start); "warm" is the median of the
next --repeats checks, each of a different held-out article, so its claims are embedded too.
Both include opening the store, as a CLI run does; neither includes Python start-up and imports.
Claims per second counts claims written to the store; texts per second counts texts that went
through the embedding model (sentences repeated across articles are embedded once).

Writes one JSON record per size with --json; prints a table. Exit code 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from claimdiff import gate  # noqa: E402
from claimdiff.claims import split_sentences  # noqa: E402
from claimdiff.config import CheckSettings, Settings  # noqa: E402

FNC = ROOT.parent / "shared" / "data" / "fnc1" / "competition_test_bodies.csv"
MIN_SENTENCES, MAX_SENTENCES = 10, 40
PROBE_OFFSET = 10_000_000  # held-out article numbers: never part of a corpus


def read_bodies() -> list[list[list[str]]]:
    """Each body as paragraphs of sentences, in file order."""
    with open(FNC, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bodies = []
    for row in rows:
        paragraphs = [[p[a:b] for a, b in split_sentences(p, 0, len(p)) if len(p[a:b].split()) >= 3] for p in row["articleBody"].split("\n")]
        paragraphs = [p for p in paragraphs if p]
        if paragraphs:
            bodies.append(paragraphs)
    return bodies


def make_article(bodies: list[list[list[str]]], seed: int, number: int, salt: int = 0) -> str:
    """One body's paragraphs in order, with whole paragraphs of two others slotted in, 10-40 sentences."""
    rng = random.Random(f"{seed}:{number}:{salt}")
    target = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
    base = bodies[rng.randrange(len(bodies))]
    others = [p for body in rng.sample(bodies, 2) for p in body]
    rng.shuffle(others)
    paragraphs: list[list[str]] = []
    count = 0
    queue = list(base)
    while count < target and (queue or others):
        source = queue if queue and (not others or rng.random() < 0.6) else others
        paragraph = source.pop(0)[: target - count]
        paragraphs.append(paragraph)
        count += len(paragraph)
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def write_articles(bodies, folder: Path, seed: int, numbers: range, seen: set[str]) -> int:
    """Write the articles that are not there yet; returns how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for number in numbers:
        path = folder / f"a{number:08d}.txt"
        salt = 0
        while True:
            text = make_article(bodies, seed, number, salt)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:
                break
            salt += 1
        seen.add(digest)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written += 1
    return written


def timed_check(path: Path, store: Path, settings: Settings, options: CheckSettings, embedder, nli) -> dict:
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    result = gate.run_check([str(path)], str(store), settings, options, embedder=embedder, nli=nli, progress=lambda stage: marks.append((stage, time.perf_counter())))
    total = time.perf_counter() - started
    stages = {}
    for (name, at), (_, until) in zip(marks, marks[1:] + [("end", started + total)]):
        stages[name] = round(until - at, 3)
    return {"seconds": round(total, 3), "stages": stages, "claims": result.claims, "findings": len(result.findings), "contradictions": sum(1 for f in result.findings if f.kind == "contradiction")}


def store_bytes(store: Path) -> int:
    return sum(p.stat().st_size for p in store.iterdir() if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes, in articles (grown in this order)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/claimdiff-check-bench"), help="corpus, store and embedding cache go here")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeats", type=int, default=3, help="warm checks per size (each a different held-out article)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--neighbours", type=int, nargs="+", default=[CheckSettings().neighbours], help="corpus claims retrieved per new claim, one timing series each")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    bodies = read_bodies()
    corpus, store, probes = args.work / "corpus", args.work / "store", args.work / "probes"
    settings = Settings(cache_dir=args.work / "cache", threads=args.threads)
    options = CheckSettings()
    embedder, nli = gate.load_embedder(settings), gate.load_nli(settings)
    seen: set[str] = set()
    records = []
    probe_number = PROBE_OFFSET
    made = 0
    for size in sorted(args.sizes):
        written = write_articles(bodies, corpus, args.seed, range(made, size), seen)
        made = max(made, size)
        for stale in sorted(corpus.glob("a*.txt"))[size:]:  # a smaller size after a larger run
            stale.unlink()
        stats = gate.index_corpus(corpus, store, settings, options, embedder=embedder)
        warm: dict[int, list[dict]] = {}
        cold = None
        for neighbours in args.neighbours:
            checks = []
            for _ in range(args.repeats + (1 if cold is None and not records else 0)):
                probe = probes / f"a{probe_number:08d}.txt"
                write_articles(bodies, probes, args.seed, range(probe_number, probe_number + 1), seen)
                checks.append(timed_check(probe, store, settings, replace(options, neighbours=neighbours), embedder, nli))
                probe_number += 1
            if cold is None and not records:
                cold = checks.pop(0)
            warm[neighbours] = checks
        record = {
            "articles": size,
            "articles_written": written,
            "store_documents": stats.documents,
            "store_claims": stats.claims,
            "claims_per_article": round(stats.claims / max(stats.documents, 1), 1),
            "index_seconds": round(stats.seconds, 1),
            "claims_indexed": stats.claims_added,
            "texts_embedded": stats.texts_embedded,
            "claims_per_second": round(stats.claims_added / stats.seconds, 1) if stats.seconds else None,
            "embedded_texts_per_second": round(stats.texts_embedded / stats.seconds, 1) if stats.seconds else None,
            "store_megabytes": round(store_bytes(store) / 2**20, 1),
            "check_cold_seconds": cold["seconds"] if cold else None,
            "check_warm_seconds_median": {n: statistics.median(c["seconds"] for c in runs) for n, runs in warm.items()},
            "check_warm_runs": {n: runs for n, runs in warm.items()},
        }
        records.append(record)
        print(
            f"{size:>6} articles: {stats.claims} claims ({record['claims_per_article']}/article), indexed {stats.claims_added} claims in "
            f"{stats.seconds:.1f}s ({record['claims_per_second']} claims/s, {stats.texts_embedded} texts embedded), "
            f"store {record['store_megabytes']} MB; check warm median "
            + ", ".join(f"{m:.2f}s with {n} neighbours {[c['seconds'] for c in warm[n]]}" for n, m in record["check_warm_seconds_median"].items())
            + (f"; cold {cold['seconds']:.2f}s" if cold else ""),
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "threads": args.threads, "sizes": records}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
