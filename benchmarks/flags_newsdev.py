"""Every contradiction and divergence the whole pipeline raises on newsdev, listed pairs and unlisted (dev).

`claimdiff eval stories` scores only the gold pairs and counts the rest; a rule that raises new
contradictions must also be read on the pairs nobody labelled. This compares each story exactly as
`eval stories` does and prints each flagged claim pair with its explanation and what the gold says
about the two sentences ("gold contradiction/negation", "gold agreement", or "unlisted"), so two runs
can be diffed line by line. `--rule negation,modality` keeps the flags whose evidence is of those kinds.

    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/flags_newsdev.py > /tmp/flags.txt
    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/flags_newsdev.py --rule negation,modality
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimdiff import embed, pipeline  # noqa: E402
from claimdiff.config import load_settings  # noqa: E402
from claimdiff.nli import CachedNLI, load_nli_model  # noqa: E402
from claimdiff.story_eval import claims_in_span, load_stories, sentence_span  # noqa: E402

NEWSDEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsdev"
FLAGS = ("contradiction", "divergence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=NEWSDEV)
    parser.add_argument("--rule", help="comma-separated evidence kinds to keep (negation, modality, stance, number...)")
    args = parser.parse_args()
    kinds = set(args.rule.split(",")) if args.rule else None
    settings = load_settings()
    embedder = embed.Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)
    nli = CachedNLI(load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size), settings.cache_dir)
    tally: Counter = Counter()
    for story in load_stories(args.data):
        comparison = pipeline.compare([str(p) for p in story.articles.values()], settings, embedder=embedder, nli=nli)
        documents = {d.id: d for d in comparison.documents}
        stem_of = {d.id: Path(d.source).stem for d in comparison.documents}
        doc_of_stem = {stem: doc_id for doc_id, stem in stem_of.items()}
        gold_of: dict[frozenset[str], str] = {}
        for gold in story.pairs:
            a_claims = claims_in_span(comparison.claims, doc_of_stem[gold.a_doc], sentence_span(documents[doc_of_stem[gold.a_doc]], gold.a))
            b_claims = claims_in_span(comparison.claims, doc_of_stem[gold.b_doc], sentence_span(documents[doc_of_stem[gold.b_doc]], gold.b))
            for link in product(a_claims, b_claims):
                gold_of[frozenset(link)] = f"gold {gold.label}" + (f"/{gold.kind}" if gold.kind else "") + f" {gold.id}"
        text = {c.id: c.text for c in comparison.claims}
        for pair in comparison.pairs:
            if pair.label.value not in FLAGS or (kinds and not any(e.kind in kinds for e in pair.evidence)):
                continue
            verdict = gold_of.get(frozenset((pair.a, pair.b)), "unlisted")
            tally[(pair.label.value, verdict.split()[0] if verdict == "unlisted" else verdict.split()[1].split("/")[0])] += 1
            print(f"[{story.name}] {pair.label.value} ({verdict}): {pair.explanation}")
            print(f"    A {pair.a}: {text[pair.a]}")
            print(f"    B {pair.b}: {text[pair.b]}")
    for (label, verdict), count in sorted(tally.items()):
        print(f"{label:13} {verdict:13} {count}")


if __name__ == "__main__":
    main()
