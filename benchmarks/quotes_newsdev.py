"""Misquote detection on newsdev and the seeds (dev figures): `python benchmarks/quotes_newsdev.py`.

Each newsdev story is loaded with claimdiff.ingest.load_documents, cut into claims with
claimdiff.claims.extract_claims, and claimdiff.quotes.extract_quotes / find_misquotes run over the
whole story at once (all its articles together, as the pipeline does); the seeds are run the same way.

Reports, from ../shared/data/newsdev/pairs.jsonl next to the checkout:
(a) every gold `quote` contradiction, and whether a misquote links the claims of its two sentences;
(b) every "quote compatible:" pair, and whether it was (wrongly) flagged;
(c) every misquote found, in newsdev and in the seeds, with its word diff, marked "gold" when it
    is a listed quote pair, "compatible!" when it is a listed compatible pair, "unlisted" otherwise
    (the pairs are a sample; read the unlisted ones);
(d) how claimdiff.quotes.wording_only splits the gold misquotes found, against the notes' "quote,
    meaning changes" / "quote, wording only" (`check` fails on the first, warns on the second:
    rules misquote and misquote_wording).
These are dev figures: the rules were written while reading newsdev. Exit code 0 whatever the figures.

`--fnc-train N` also runs the first N article bodies of FNC-1 *train* (real news, many outlets
covering the same stories; ../shared/data/fnc1/train_bodies.csv) as one comparison and prints
every misquote found there with both sentences, for reading (no gold exists; minutes for N = 600).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimdiff.claims import extract_claims  # noqa: E402
from claimdiff.ingest import load_documents, normalise_text  # noqa: E402
from claimdiff.model import Document  # noqa: E402
from claimdiff.quotes import extract_quotes, find_misquotes, wording_only  # noqa: E402

NEWSDEV = ROOT.parent / "shared" / "data" / "newsdev"
SEEDS = ROOT / "seeds"
FNC_TRAIN = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"


def run(paths: list[str], documents=None):
    """Documents, claims and misquotes of one comparison."""
    documents = documents or load_documents(paths, max_bytes=10_000_000)
    claims = [claim for document in documents for claim in extract_claims(document)]
    quotes: dict = {}
    for document in documents:
        quotes.update(extract_quotes(document, claims))
    return documents, claims, find_misquotes(quotes, claims)


def sentence_claims(documents, claims, doc_id: str, sentence: str) -> set[str]:
    """Ids of the claims that overlap the gold sentence in its article."""
    document = next(document for document in documents if document.id == doc_id)
    start = document.text.index(sentence)
    end = start + len(sentence)
    return {claim.id for claim in claims if claim.doc_id == doc_id and claim.start < end and claim.end > start}


def show(conflict, claims_by_id, tag: str) -> str:
    diff = " ".join(f"[{op}{words}]" if op != "=" else words for op, words in conflict.diff)
    change = "wording" if wording_only(conflict.a_value, conflict.b_value) else "meaning"
    return (
        f"  {tag:<12} {change:<8} {conflict.a} ~ {conflict.b}: {conflict.explanation}\n"
        f"               a: {conflict.a_value!r}\n"
        f"               b: {conflict.b_value!r}\n"
        f"               diff: {diff}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc-train", type=int, default=0, metavar="N", help="also read misquotes in N FNC-1 train bodies")
    options = parser.parse_args()
    gold = [json.loads(line) for line in (NEWSDEV / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    quote_pairs = [pair for pair in gold if pair["kind"] == "quote"]
    compatible_pairs = [pair for pair in gold if pair["note"].startswith("quote compatible:")]
    by_story = defaultdict(list)
    for pair in quote_pairs + compatible_pairs:
        by_story[pair["story"]].append(pair)

    found_gold, flagged_compatible, misquote_lines, misquotes_total = [], [], [], 0
    split: dict[tuple[str, str], list[str]] = defaultdict(list)  # (note's verdict, wording_only's) -> pair ids
    for story in sorted(path.name for path in NEWSDEV.iterdir() if path.is_dir() and path.name[:2].isdigit()):
        documents, claims, conflicts = run([str(NEWSDEV / story)])
        claims_by_id = {claim.id: claim for claim in claims}
        linked = {frozenset((conflict.a, conflict.b)): conflict for conflict in conflicts}
        tags: dict[frozenset, str] = {}
        for pair in by_story[story]:
            a_ids = sentence_claims(documents, claims, pair["a_doc"], pair["a"])
            b_ids = sentence_claims(documents, claims, pair["b_doc"], pair["b"])
            hits = [key for key in linked if any(a in key for a in a_ids) and any(b in key for b in b_ids)]
            is_quote = pair["kind"] == "quote"
            for key in hits:
                tags[key] = "gold" if is_quote else "compatible!"
            if is_quote and hits:
                note = "meaning" if pair["note"].startswith("quote, meaning changes") else "wording"
                found = "wording" if all(wording_only(linked[key].a_value, linked[key].b_value) for key in hits) else "meaning"
                split[(note, found)].append(pair["id"])
            (found_gold if is_quote else flagged_compatible).append((pair, bool(hits)))
        misquotes_total += len(conflicts)
        for conflict in conflicts:
            tag = tags.get(frozenset((conflict.a, conflict.b)), "unlisted")
            misquote_lines.append(f"{story}\n" + show(conflict, claims_by_id, tag))

    print("(a) gold quote contradictions (misquotes):")
    for pair, hit in found_gold:
        print(f"  {'found ' if hit else 'MISSED'} {pair['id']} {pair['story']} {pair['a_doc']} / {pair['b_doc']}: {pair['note']}")
    print("\n(b) quote-compatible pairs (must not be flagged):")
    for pair, hit in flagged_compatible:
        print(f"  {'FLAGGED' if hit else 'ok     '} {pair['id']} {pair['story']}: {pair['note']}")
    print("\n(c) every misquote found in newsdev:")
    print("\n".join(misquote_lines) or "  none")

    documents, claims, seed_conflicts = run([str(SEEDS)])
    claims_by_id = {claim.id: claim for claim in claims}
    print("\n(c) every misquote found in the seeds:")
    print("\n".join(show(conflict, claims_by_id, "seeds") for conflict in seed_conflicts) or "  none")

    recall = sum(hit for _, hit in found_gold)
    clean = sum(not hit for _, hit in flagged_compatible)
    print(
        f"\nnewsdev (dev): gold quote pairs found {recall}/{len(found_gold)}; "
        f"compatible pairs not flagged {clean}/{len(flagged_compatible)}; "
        f"misquotes found {misquotes_total} in newsdev, {len(seed_conflicts)} in the seeds"
    )
    print("\n(d) gold misquotes found, by the note's verdict and wording_only's:")
    for note in ("meaning", "wording"):
        print(f"  note '{note}': " + ", ".join(f"{len(split[(note, found)])} read as {found} {sorted(split[(note, found)])}" for found in ("meaning", "wording")))
    if options.fnc_train:
        fnc_train(options.fnc_train)
    return 0


def fnc_train(count: int) -> None:
    with FNC_TRAIN.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(count), csv.DictReader(handle))]
    documents = [Document(id=f"body{row['Body ID']}", text=normalise_text(row["articleBody"]), source="fnc1") for row in rows]
    _, claims, conflicts = run([], documents)
    claims_by_id = {claim.id: claim for claim in claims}
    print(f"\nFNC-1 train, first {len(documents)} bodies as one comparison: {len(conflicts)} misquotes")
    for conflict in conflicts:
        print(show(conflict, claims_by_id, "fnc1-train"))
        print(f"               a sentence: {claims_by_id[conflict.a].text!r}")
        print(f"               b sentence: {claims_by_id[conflict.b].text!r}")


if __name__ == "__main__":
    sys.exit(main())
