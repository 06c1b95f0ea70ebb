"""How often normal news is wrongly flagged as spun: rerun with `.venv/bin/python benchmarks/spin_false_positives.py`.

The texts are FNC-1 competition-test article bodies (real news, not spun), read from
../shared/data/fnc1 next to the checkout. Two measurements, both deterministic:

1. The list of known artefacts alone, over the first --list-bodies bodies in file order (default: all 904).
2. The whole detector (list + aligned-wording substitutions) through the real pipeline: for the
   headlines in stance-file order, the first two distinct bodies that are related to the same
   headline (stance agree/disagree/discuss) are compared with each other, so that claims align
   and the substitution statistic has something to read; until --bodies bodies are covered.
3. The aligned-wording statistic alone, on every sentence pair of PAWS-Wiki dev and STS-B dev
   (both directions): close rewordings of normal sentences, the hardest case for it. Counts
   findings, since there is no document to flag.

Prints one line per comparison, then the false-flag figures. Exit code 0 whatever the figure:
this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from claimdiff import provenance  # noqa: E402
from claimdiff.config import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FNC = DATA / "fnc1"


def read_bodies() -> dict[str, str]:
    with open(FNC / "competition_test_bodies.csv", encoding="utf-8", newline="") as handle:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}


def related_pairs(bodies: dict[str, str], wanted: int) -> list[tuple[str, str]]:
    """First two distinct related bodies per headline, headlines in file order, no body used twice."""
    related: dict[str, list[str]] = defaultdict(list)
    order: list[str] = []
    with open(FNC / "competition_test_stances.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] == "unrelated":
                continue
            headline = row["Headline"]
            if headline not in related:
                order.append(headline)
            if row["Body ID"] not in related[headline]:
                related[headline].append(row["Body ID"])
    used: set[str] = set()
    chosen: list[tuple[str, str]] = []
    for headline in order:
        candidates = [b for b in related[headline] if b not in used and bodies[b].strip()]
        first = candidates[0] if candidates else None
        second = next((b for b in candidates[1:] if bodies[b].strip() != bodies[first].strip()), None) if first else None
        if first and second:
            chosen.append((first, second))
            used.update((first, second))
        if 2 * len(chosen) >= wanted:
            break
    return chosen


def list_only(bodies: dict[str, str], count: int) -> tuple[int, int, int]:
    """(texts, texts flagged, findings) using the packaged list alone."""
    thresholds = Settings().thresholds
    flagged = findings_total = 0
    for body_id, text in list(bodies.items())[:count]:
        findings = provenance._without_overlaps(provenance.find_tortured_phrases(body_id, text), {body_id: 0})
        findings_total += len(findings)
        flagged += provenance.is_spun(len(findings), provenance.word_count(text), thresholds)
    return count, flagged, findings_total


def through_pipeline(bodies: dict[str, str], pairs: list[tuple[str, str]]) -> tuple[int, int, int]:
    from claimdiff.embed import Embedder
    from claimdiff.nli import load_nli_model
    from claimdiff.pipeline import compare

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(cache_dir=Path(scratch) / "cache")
        embedder = Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)
        nli = load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size)
        texts = flagged = findings_total = 0
        for first, second in pairs:
            folder = Path(scratch) / f"{first}-{second}"
            folder.mkdir()
            for body_id in (first, second):
                (folder / f"fnc_{body_id}.txt").write_text(bodies[body_id], encoding="utf-8")
            comparison = compare([str(folder)], settings, embedder=embedder, nli=nli)
            result = comparison.provenance
            texts += len(comparison.documents)
            flagged += len(result.spun_documents)
            findings_total += len(result.spin)
            relation = result.relations[0] if result.relations else None
            shown = [f"{f.method}: {f.phrase!r}->{f.likely_original!r}" for f in result.spin]
            print(
                f"  bodies {first} + {second}: {len(comparison.pairs)} judged pairs, "
                f"relation {relation.verdict if relation else '-'}, spun {list(result.spun_documents)}, findings {shown}"
            )
    return texts, flagged, findings_total


def sentence_pairs() -> list[tuple[str, str]]:
    with open(DATA / "paws_wiki" / "dev.tsv", encoding="utf-8", newline="") as handle:
        pairs = [(row["sentence1"], row["sentence2"]) for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    with open(DATA / "stsb" / "sts-dev.csv", encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle]
    pairs += [(row[5].strip(), row[6].strip()) for row in rows if len(row) >= 7]
    return pairs


def substitution_findings(pairs: list[tuple[str, str]]) -> tuple[int, list[str]]:
    thresholds = Settings().thresholds
    examples = []
    directed = 0
    for first, second in pairs:
        for a, b in ((first, second), (second, first)):
            directed += 1
            for hit in provenance.substitution_oddities(
                a,
                b,
                min_wording=thresholds.spin_aligned_wording,
                max_association=thresholds.spin_max_association,
                min_collocation=thresholds.spin_min_collocation,
            ):
                examples.append(f"{hit.phrase!r}->{hit.original!r}")
    return directed, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=24, help="bodies to compare through the pipeline (in pairs)")
    parser.add_argument("--list-bodies", type=int, default=None, help="bodies to scan with the artefact list alone (default: all)")
    args = parser.parse_args()
    if not FNC.is_dir():
        sys.exit(f"FNC-1 data not found at {FNC}")
    bodies = read_bodies()

    texts, flagged, findings = list_only(bodies, args.list_bodies or len(bodies))
    print(f"list only: {flagged} of {texts} FNC-1 bodies flagged as spun ({flagged / texts:.1%}); {findings} listed phrases found")

    pairs = related_pairs(bodies, args.bodies)
    print(f"pipeline: {len(pairs)} comparisons of two related FNC-1 bodies")
    texts, flagged, findings = through_pipeline(bodies, pairs)
    print(f"pipeline: {flagged} of {texts} FNC-1 bodies flagged as spun ({flagged / max(texts, 1):.1%}); {findings} findings in all")

    directed, examples = substitution_findings(sentence_pairs())
    print(f"aligned wording alone: {len(examples)} findings in {directed} directed PAWS-Wiki dev + STS-B dev sentence pairs {examples[:10]}")


if __name__ == "__main__":
    main()
