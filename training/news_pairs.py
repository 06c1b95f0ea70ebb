"""NLI training pairs made from real news text (FNC-1 *train* bodies only), as contrast sets.

Why this shape: an earlier trial (docs/BENCHMARKS.md) generated one-token edits as
contradictions and same-article pairs as neutrals, and the model learnt "near-copy means
contradiction" and "different sentences mean neutral". Here every sentence yields a contrast
set in which near-copies are entailments as often as contradictions:
- entailment, both directions: the sentence and a harmless rewording of it (synonyms, attribution
  moved to the other end);
- entailment, one direction: the sentence and itself with a clause or attribution dropped; the
  other direction (detail added) is neutral;
- contradiction, both directions: the *reworded* sentence with one meaning edit (a number changed,
  a negation added or removed, a reversal verb from the word list, a person named in the same
  article put in place of another person), so that rewording and contradiction are not the same
  signal;
- a few neutrals between two sentences of the same article (share set by --same-article-share).
Word lists live in training/data/news_edits.json.

    python training/news_pairs.py --out runs/news_pairs.jsonl --sentences 3000 --seed 13
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

BODIES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
EDITS = json.loads((Path(__file__).resolve().parent / "data" / "news_edits.json").read_text(encoding="utf-8"))
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[A-Z“\"])")
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
ATTRIBUTION_TAIL = re.compile(r"^(?P<claim>.+?),\s+(?P<who>(?:[A-Z][\w.'-]*\s?){1,4}|the \w+|he|she|they|police|officials)\s+(?P<verb>said|says|reported|told \w+)\.$")
DROPPABLE = [
    re.compile(r",\s+(?:according to|as reported by)\s+[^,]+(?=[.,])"),
    re.compile(r"^(?:On|In|Last|Earlier|Late)\s+[^,]{2,30},\s+"),
]


def sentences(body: str) -> list[str]:
    text = re.sub(r"\s+", " ", body).strip()
    return [s.strip() for s in SENTENCE_END.split(text) if 8 <= len(s.split()) <= 40 and '"' not in s and "“" not in s]


def reword(sentence: str, rng: random.Random) -> str | None:
    """Meaning-keeping rewording: move a trailing attribution to the front, and swap listed words."""
    out = sentence
    match = ATTRIBUTION_TAIL.match(out)
    if match:
        claim = match["claim"][0].lower() + match["claim"][1:] if not match["claim"].split()[0].isupper() and not match["claim"][:2].istitle() else match["claim"]
        who = match["who"] if match["who"][0].isupper() and match["who"] not in ("He", "She", "They") else match["who"].capitalize()
        out = f"{who} {match['verb']} that {claim}."
    words = out.split(" ")
    slots = [i for i, w in enumerate(words) if w.lower().strip(",.") in EDITS["rewordings"]]
    for i in rng.sample(slots, min(len(slots), 2)):
        bare = words[i].strip(",.")
        new = EDITS["rewordings"][bare.lower()]
        words[i] = words[i].replace(bare, new.capitalize() if bare[0].isupper() else new)
    out = " ".join(words)
    return out if out != sentence else None


def drop_detail(sentence: str) -> str | None:
    for pattern in DROPPABLE:
        shorter = pattern.sub(lambda m: "," if m.group(0).endswith(",") and not m.group(0).startswith((",", " ")) else "", sentence, count=1)
        if shorter != sentence and len(shorter.split()) >= 6:
            return shorter[0].upper() + shorter[1:]
    return None


def contradict(sentence: str, people: list[str], rng: random.Random, skip: frozenset = frozenset()) -> tuple[str, str] | None:
    """One meaning edit, chosen at random among those the sentence allows (less the `skip` kinds)."""
    options = []
    numbers = [m for m in NUMBER.finditer(sentence) if not re.fullmatch(r"(19|20)\d\d", m.group(0)) and "/" not in sentence[max(0, m.start() - 1) : m.end() + 1]]
    if numbers:
        options.append("number")
    words = sentence.split(" ")
    if any(w.strip(",.").lower() in EDITS["reversals"] for w in words):
        options.append("reversal")
    if (any(w in EDITS["negatable_auxiliaries"] for w in words) or " not " in sentence) and (not options or rng.random() < 0.3):
        options.append("negation")  # every sentence has an auxiliary: without a cap, negation would be most edits
    present = [p for p in people if p in sentence and any(q not in p and p not in q for q in people)]
    if present:
        options.append("person")
    options = [o for o in options if o not in skip]
    if not options:
        return None
    kind = rng.choice(options)
    if kind == "number":
        m = rng.choice(numbers)
        value = float(m.group(0).replace(",", ""))
        new = value * rng.choice([2, 3, 0.5]) + rng.choice([0, 1]) if value else rng.randint(2, 9)
        text = f"{int(new):,}" if float(new).is_integer() or "." not in m.group(0) else f"{new:.1f}"
        return "number", sentence[: m.start()] + text + sentence[m.end() :]
    if kind == "reversal":
        i = rng.choice([i for i, w in enumerate(words) if w.strip(",.").lower() in EDITS["reversals"]])
        bare = words[i].strip(",.")
        new = EDITS["reversals"][bare.lower()]
        words[i] = words[i].replace(bare, new.capitalize() if bare[0].isupper() else new)
        return "reversal", " ".join(words)
    if kind == "negation":
        if " not " in sentence:
            return "negation", sentence.replace(" not ", " ", 1)
        i = next(i for i, w in enumerate(words) if w in EDITS["negatable_auxiliaries"])
        words.insert(i + 1, "not")
        return "negation", " ".join(words)
    old = rng.choice(present)
    new = rng.choice([p for p in people if p not in old and old not in p])
    return "person", sentence.replace(old, new)


def people_in(texts: list[str], nlp) -> list[list[str]]:
    return [[e.text for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) >= 2] for doc in nlp.pipe(texts, batch_size=64)]


def generate(sentence_budget: int, same_article_share: float, seed: int, contradiction_ratio: float = 1.0, skip: frozenset = frozenset()) -> list[dict]:
    import spacy

    from claimdiff.nlp import ENGLISH_PIPELINE

    rng = random.Random(seed)
    csv.field_size_limit(1 << 27)
    with open(BODIES, encoding="utf-8", newline="") as handle:
        bodies = [(row["Body ID"], sentences(row["articleBody"])) for row in csv.DictReader(handle)]
    rng.shuffle(bodies)
    nlp = spacy.load(ENGLISH_PIPELINE, disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    pairs: list[dict] = []
    used = 0
    for body_id, article in bodies:
        if used >= sentence_budget or len(article) < 3:
            continue
        picked = rng.sample(article, min(4, len(article)))
        people = sorted({p for names in people_in(article, nlp) for p in names})
        for sentence in picked:
            used += 1
            add = lambda a, b, label, kind: pairs.append({"a": a, "b": b, "label": label, "kind": kind, "body": body_id})  # noqa: E731
            reworded = reword(sentence, rng)
            if reworded:
                add(sentence, reworded, "entailment", "reword")
                add(reworded, sentence, "entailment", "reword")
            shorter = drop_detail(sentence)
            if shorter:
                add(sentence, shorter, "entailment", "drop")
                add(shorter, sentence, "neutral", "added-detail")
            edited = contradict(reworded or sentence, people, rng, skip)
            if edited:
                kind, text = edited
                add(sentence, text, "contradiction", kind)
                add(text, sentence, "contradiction", kind)
        if rng.random() < same_article_share and len(article) >= 2:
            a, b = rng.sample(article, 2)
            pairs.append({"a": a, "b": b, "label": "neutral", "kind": "same-article", "body": body_id})
    return balance(pairs, rng, contradiction_ratio)


def balance(pairs: list[dict], rng: random.Random, ratio: float) -> list[dict]:
    """`ratio` near-copy contradictions per near-copy entailment (whole both-way couples are kept)."""
    entailments = sum(p["label"] == "entailment" for p in pairs)
    contradictions = [i for i, p in enumerate(pairs) if p["label"] == "contradiction" and i + 1 < len(pairs) and pairs[i + 1]["label"] == "contradiction" and pairs[i + 1]["a"] == p["b"]]
    keep = set(rng.sample(contradictions, min(len(contradictions), int(ratio * entailments) // 2)))
    return [p for i, p in enumerate(pairs) if p["label"] != "contradiction" or i in keep or (i - 1) in keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--same-article-share", type=float, default=0.1, help="chance per article of one same-article neutral pair")
    parser.add_argument("--contradiction-ratio", type=float, default=1.0, help="near-copy contradictions per near-copy entailment")
    parser.add_argument("--skip-kinds", nargs="*", default=[], choices=["number", "reversal", "negation", "person"], help="contradiction edits not to make (ablations)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    pairs = generate(args.sentences, args.same_article_share, args.seed, args.contradiction_ratio, frozenset(args.skip_kinds))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    print(json.dumps({"pairs": len(pairs), "labels": Counter(p["label"] for p in pairs), "kinds": Counter(p["kind"] for p in pairs)}))


if __name__ == "__main__":
    main()
