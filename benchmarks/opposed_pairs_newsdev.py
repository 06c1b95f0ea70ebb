"""The opposed-facts rule on newsdev's gold pairs, each sentence pair alone (dev figures).

Both sentences of every gold pair are parsed by the fact stage and compared with
`opposed_facts` only (no alignment, no NLI): how many gold contradictions it finds, by kind, and
how many findings fall on paraphrase, agreement or unrelated pairs (false contradictions). Each
finding is printed for reading. Runs on older trees too (where the rule lived in judge.py), so a
before/after figure is one `git worktree` away.

    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/opposed_pairs_newsdev.py [NEWSDEV_DIR]
    # before: the same script on an older tree
    git archive 047a0fb claimdiff | tar -x -C /tmp/before && mkdir -p /tmp/before/benchmarks && cp benchmarks/opposed_pairs_newsdev.py /tmp/before/benchmarks/
    /work/main/.venv/bin/python /tmp/before/benchmarks/opposed_pairs_newsdev.py $PWD/../shared/data/newsdev
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimdiff import facts  # noqa: E402
from claimdiff.model import Claim, Document  # noqa: E402

try:
    from claimdiff.opposed import opposed_facts  # noqa: E402
except ImportError:  # trees before claimdiff/opposed.py
    from claimdiff.judge import opposed_facts  # noqa: E402

NEWSDEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsdev"


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else NEWSDEV
    gold = [json.loads(line) for line in (data / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [g[side] for g in gold for side in ("a", "b")]
    documents = [Document(id=f"d{i}", text=t, source=f"d{i}") for i, t in enumerate(texts)]
    claims = [Claim(id=f"d{i}#0", doc_id=f"d{i}", index=0, text=t, start=0, end=len(t), sentence_start=0, sentence_end=len(t)) for i, t in enumerate(texts)]
    by_claim: dict[str, list] = {}
    for fact in facts.extract_facts(documents, claims):
        by_claim.setdefault(fact.claim_id, []).append(fact)
    found, false, gold_kinds = Counter(), 0, Counter(g["kind"] for g in gold if g["label"] == "contradiction")
    for i, g in enumerate(gold):
        evidence = opposed_facts(by_claim.get(f"d{2 * i}#0", []), by_claim.get(f"d{2 * i + 1}#0", []), g["a"], g["b"])
        if not evidence:
            continue
        right = g["label"] == "contradiction"
        found[g["kind"]] += right
        false += not right
        print(f"{'ok   ' if right else 'FALSE'} {g['id']} gold {g['label']}/{g['kind']}: {evidence[0].kind} “{evidence[0].a_text}” vs “{evidence[0].b_text}”")
        print(f"      A {g['a']}\n      B {g['b']}")
    print(f"gold contradictions found: {sum(found.values())} of {sum(gold_kinds.values())}; findings on non-contradiction pairs: {false}")
    for kind in sorted(found):
        print(f"  {kind:12} {found[kind]} of {gold_kinds[kind]}")


if __name__ == "__main__":
    main()
