"""Does the CI gate fail ordinary articles? Rerun with `.venv/bin/python benchmarks/check_unrelated.py`.

A gate that fails a third of ordinary news gets switched off, so this checks real articles that
have no reason to be flagged against a corpus of other real articles and counts how many fail.

Selection (fixed, so every run uses the same articles): the FNC-1 *train* bodies
(../shared/data/fnc1/train_bodies.csv), minus bodies under MIN_CHARS characters and bodies whose
whitespace-normalised text repeats an earlier one, ordered by sha256("fnc1-train:<Body ID>").
The first 600 in that order are the corpus (indexed into a store), the next 30 are checked, each
in its own `check` as CI would run it, with the default levels (or a --config claimdiff.toml;
`--fail-on warning` prints every warning as well).
FNC-1 bodies cluster around a few hundred stories, so some checked articles share a story with
corpus articles: exactly the case where a gate must not fail on loose readings.

The corpus files, the store and the embedding/NLI cache live under --work (default
/tmp/claimdiff-check-unrelated), so a rerun only checks; the first run indexes ~600 articles.
Prints every failing finding in full so that it can be read, then the figures; --json writes them.
Exit code 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from claimdiff import gate  # noqa: E402
from claimdiff.config import Settings  # noqa: E402
from claimdiff.report.check_json import finding_json  # noqa: E402

FNC_TRAIN = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
CORPUS_SIZE, CHECKED = 600, 30
MIN_CHARS = 400  # 84 of the 1,683 bodies are shorter: one or two sentences (a wire snippet), not an article to check


def selection() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(body id, text) for the corpus and for the checked articles, in the documented order."""
    with open(FNC_TRAIN, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: set[str] = set()
    bodies = []
    for row in rows:
        text = row["articleBody"].strip()
        flat = " ".join(text.split())
        if len(flat) < MIN_CHARS or flat in seen:
            continue
        seen.add(flat)
        bodies.append((row["Body ID"], text))
    bodies.sort(key=lambda body: hashlib.sha256(f"fnc1-train:{body[0]}".encode()).hexdigest())
    return bodies[:CORPUS_SIZE], bodies[CORPUS_SIZE : CORPUS_SIZE + CHECKED]


def write_bodies(bodies: list[tuple[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"body-{body_id}.txt": text + "\n" for body_id, text in bodies}
    for stale in set(p.name for p in folder.glob("*.txt")) - set(wanted):
        (folder / stale).unlink()
    for name, text in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def describe(finding) -> list[str]:
    lines = [f"  {finding.level}: {finding.kind} ({finding.label}, rule {finding.rule}, confidence {finding.confidence:.2f}, cosine {finding.cosine:.2f})"]
    lines.append(f"    new:    {finding.new.file}:{finding.new.span.line}: {' '.join(finding.new.claim.split())}")
    if finding.other:
        lines.append(f"    corpus: {Path(finding.other.file).name}:{finding.other.span.line}: {' '.join(finding.other.claim.split())}")
    if finding.also:
        lines.append("    copies: " + ", ".join(f"{Path(place.file).name}:{place.span.line}" for place in finding.also))
    lines.append(f"    why:    {finding.explanation}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/claimdiff-check-unrelated"), help="corpus, store and model cache go here")
    parser.add_argument("--config", type=Path, help="a claimdiff.toml whose [check] table sets the levels (default: the built-in levels)")
    parser.add_argument("--fail-on", help="error (default), warning, note: e.g. warning fails on, and prints, every warning too")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures and failing findings here")
    args = parser.parse_args(argv)

    corpus_bodies, checked_bodies = selection()
    corpus, checked, store_path = args.work / "corpus", args.work / "checked", args.work / "store"
    write_bodies(corpus_bodies, corpus)
    write_bodies(checked_bodies, checked)
    settings = Settings(cache_dir=args.work / "cache", threads=args.threads)
    options = gate.check_options(args.config or Path(os.devnull), fail_on=args.fail_on)
    embedder = gate.load_embedder(settings)
    started = time.perf_counter()
    stats = gate.index_corpus(corpus, store_path, settings, options, embedder=embedder)
    print(f"index: {stats.summary()} in {time.perf_counter() - started:.1f}s", flush=True)

    nli = gate.load_nli(settings)
    levels: Counter = Counter()
    kinds: Counter = Counter()
    failing_files, records = [], []
    started = time.perf_counter()
    with gate.open_store(store_path, embedder, options) as store:
        for body_id, _ in checked_bodies:
            path = checked / f"body-{body_id}.txt"
            result = gate.check_files([str(path)], store, settings, options, embedder=embedder, nli=nli)
            levels.update(f.level for f in result.findings)
            kinds.update(f"{f.kind}:{f.level}" for f in result.findings)
            if result.exit_code:
                failing_files.append(path.name)
                print(f"FAIL {path.name} ({result.claims} claims): {len(result.failing)} failing finding(s)")
                for finding in result.failing:
                    print("\n".join(describe(finding)))
            records.append({"file": path.name, "claims": result.claims, "exit_code": result.exit_code, "failing": [finding_json(f) for f in result.failing]})
    seconds = time.perf_counter() - started
    failing_findings = sum(len(r["failing"]) for r in records)
    print(
        f"\n{len(failing_files)} of {len(checked_bodies)} checked articles fail (exit 1) with {failing_findings} failing finding(s); "
        f"corpus {stats.documents} articles, {stats.claims} claims; checks took {seconds:.1f}s"
    )
    print("findings shown by level: " + ", ".join(f"{level} {levels[level]}" for level in ("error", "warning", "note")))
    print("by kind and level: " + ", ".join(f"{key} {count}" for key, count in sorted(kinds.items())))
    if args.json:
        summary = {
            "corpus_articles": stats.documents,
            "corpus_claims": stats.claims,
            "checked_articles": len(checked_bodies),
            "failing_articles": len(failing_files),
            "failing_findings": failing_findings,
            "findings_by_level": dict(sorted(levels.items())),
            "findings_by_kind_and_level": dict(sorted(kinds.items())),
            "options": {"fail_on": options.fail_on, "levels": dict(options.levels)},
            "files": records,
        }
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
