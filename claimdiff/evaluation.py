"""`claimdiff eval`: score the NLI model on the public labelled sets in ../shared/data.

Each set is read into (premise, hypothesis, gold) rows of one task type:
- nli3: three-way NLI (accuracy, macro-F1, per-class F1)
- verify2: supports/refutes only (FEVER-style); the prediction is the larger of entailment and contradiction
- paraphrase: binary; score = min(P(entail a->b), P(entail b->a)), the same score the judge uses,
  cut at the operating threshold in config.Thresholds.paraphrase_entailment (chosen on STS-B dev
  with `claimdiff eval choose-thresholds`; never on a test file)
- similarity: STS-B graded 0-5; Spearman of the paraphrase score, and F1 with gold >= 4 as "paraphrase"
Only test files are reported; dev files serve `choose-thresholds`.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimdiff.config import Settings
from claimdiff.errors import ClaimdiffError
from claimdiff.nli import LABELS, load_nli_model

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"
Row = tuple[str, str, object]
CONTRADICTION_PRECISION = 0.90  # what choose-thresholds aims for on SNLI dev


def _detokenize(text: str) -> str:
    """Several sets are PTB-tokenised ("church ." / "-LRB-"); undo that so text looks like news."""
    text = text.strip().replace("-LRB-", "(").replace("-RRB-", ")").replace("-LSB-", "[").replace("-RSB-", "]")
    for before, after in ((" .", "."), (" ,", ","), (" 's", "'s"), (" n't", "n't"), (" !", "!"), (" ?", "?"), (" ;", ";"), (" :", ":"), ("( ", "("), (" )", ")"), (" 're", "'re"), ("`` ", '"'), (" ''", '"')):
        text = text.replace(before, after)
    return text


def _snli(split: str) -> Callable[[Path], list[Row]]:
    def read(root: Path) -> list[Row]:
        folder = root / "snli"
        s1 = (folder / f"s1.{split}").read_text(encoding="utf-8").splitlines()
        s2 = (folder / f"s2.{split}").read_text(encoding="utf-8").splitlines()
        gold = (folder / f"labels.{split}").read_text(encoding="utf-8").splitlines()
        return [(_detokenize(a), _detokenize(b), g.strip()) for a, b, g in zip(s1, s2, gold)]

    return read


_FACT_LABELS = {"SUPPORTS": "entailment", "REFUTES": "contradiction", "NOT ENOUGH INFO": "neutral"}


def _jsonl(relative: str, premise: str = "evidence", hypothesis: str = "claim") -> Callable[[Path], list[Row]]:
    def read(root: Path) -> list[Row]:
        rows = []
        for line in (root / relative).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            evidence = record[premise]
            if isinstance(evidence, list):
                evidence = " ".join(evidence)
            rows.append((_detokenize(evidence), _detokenize(record[hypothesis]), _FACT_LABELS[record.get("gold_label", record.get("label"))]))
        return rows

    return read


def _mrpc(root: Path) -> list[Row]:
    rows = []
    with open(root / "mrpc" / "msr_paraphrase_test.txt", encoding="utf-8-sig") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if record[0] in ("0", "1"):
                rows.append((record[3], record[4], record[0] == "1"))
    return rows


def _paws(split: str) -> Callable[[Path], list[Row]]:
    def read(root: Path) -> list[Row]:
        lines = (root / "paws_wiki" / f"{split}.tsv").read_text(encoding="utf-8").splitlines()[1:]
        return [(_detokenize(p[1]), _detokenize(p[2]), p[3].strip() == "1") for p in (line.split("\t") for line in lines)]

    return read


def _stsb(split: str) -> Callable[[Path], list[Row]]:
    def read(root: Path) -> list[Row]:
        rows = []
        for line in (root / "stsb" / f"sts-{split}.csv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 7:
                rows.append((parts[5], parts[6], float(parts[4])))
        return rows

    return read


def _sick(root: Path) -> list[Row]:
    rows = []
    for line in (root / "sick" / "SICK_test_annotated.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 5 and parts[4].strip().lower() in LABELS:
            rows.append((parts[1], parts[2], parts[4].strip().lower()))
    return rows


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str  # nli3 | verify2 | paraphrase | similarity
    read: Callable[[Path], list[Row]]
    licence: str


DATASETS = {
    d.name: d
    for d in (
        Dataset("snli", "nli3", _snli("test"), "CC BY-SA 4.0"),
        Dataset("mrpc", "paraphrase", _mrpc, "MSR paraphrase corpus terms"),
        Dataset("paws_wiki", "paraphrase", _paws("test"), "PAWS: free use, acknowledge Google"),
        Dataset("stsb", "similarity", _stsb("test"), "CC BY-SA 4.0 (scores)"),
        Dataset("vitaminc", "nli3", _jsonl("vitaminc/real_test.jsonl"), "CC BY-SA 3.0"),
        Dataset("vitaminc_synthetic", "verify2", _jsonl("vitaminc/synthetic_test.jsonl"), "CC BY-SA 3.0"),
        Dataset("fever_symmetric", "verify2", _jsonl("fever_symmetric/fever_symmetric_test.jsonl"), "CC BY-SA 3.0"),
        Dataset("fever_adversarial", "verify2", _jsonl("fever_adversarial/test.jsonl"), "CC BY-SA 3.0"),
        Dataset("anli", "nli3", _jsonl("anli/test.jsonl"), "CC BY-NC 4.0 (reported only, never trained on)"),
        Dataset("sick", "nli3", _sick, "CC BY-NC-SA 3.0 (reported only, never trained on)"),
    )
}
DEFAULT_SUITE = ("snli", "mrpc", "paws_wiki", "stsb", "vitaminc", "fever_symmetric", "fever_adversarial", "anli", "sick")


def f1_scores(gold: list[str], predicted: list[str], labels: tuple[str, ...]) -> dict[str, float]:
    scores = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return scores


def binary_metrics(gold: list[bool], predicted: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, predicted))
    fp = sum((not g) and p for g, p in zip(gold, predicted))
    fn = sum(g and not p for g, p in zip(gold, predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    rank = lambda v: np.argsort(np.argsort(v, kind="stable"), kind="stable").astype(float)  # noqa: E731
    return float(np.corrcoef(rank(x), rank(y))[0, 1])


def paraphrase_scores(nli, rows: list[Row]) -> np.ndarray:
    forward = nli.predict([(a, b) for a, b, _ in rows])
    backward = nli.predict([(b, a) for a, b, _ in rows])
    return np.minimum(forward[:, 0], backward[:, 0])


def evaluate_dataset(dataset: Dataset, nli, rows: list[Row], paraphrase_threshold: float) -> dict:
    started = time.perf_counter()
    result: dict = {"dataset": dataset.name, "task": dataset.task, "pairs": len(rows), "licence": dataset.licence}
    if dataset.task in ("nli3", "verify2"):
        probabilities = nli.predict([(a, b) for a, b, _ in rows])
        inferred_pairs = len(rows)
        gold = [str(g) for _, _, g in rows]
        if dataset.task == "nli3":
            predicted = [LABELS[i] for i in probabilities.argmax(axis=1)]
            labels = LABELS
        else:
            predicted = ["entailment" if p[0] >= p[2] else "contradiction" for p in probabilities]
            labels = ("entailment", "contradiction")
        per_class = f1_scores(gold, predicted, labels)
        result.update(accuracy=sum(g == p for g, p in zip(gold, predicted)) / len(rows), macro_f1=sum(per_class.values()) / len(labels), per_class_f1=per_class)
    else:
        scores = paraphrase_scores(nli, rows)
        inferred_pairs = 2 * len(rows)
        if dataset.task == "similarity":
            gold_scores = np.array([float(g) for _, _, g in rows])
            gold = [g >= 4.0 for g in gold_scores]
            result["spearman"] = _spearman(scores, gold_scores)
        else:
            gold = [bool(g) for _, _, g in rows]
        result.update(binary_metrics(gold, [s >= paraphrase_threshold for s in scores]))
        result["threshold"] = paraphrase_threshold
    elapsed = time.perf_counter() - started
    result["nli_calls"] = inferred_pairs
    result["pairs_per_second"] = inferred_pairs / elapsed if elapsed else 0.0
    return result


def choose_paraphrase_threshold(nli, rows: list[Row]) -> tuple[float, float]:
    """Threshold on the paraphrase score that maximises F1 on STS-B dev (gold >= 4 = paraphrase)."""
    scores = paraphrase_scores(nli, rows)
    gold = [float(g) >= 4.0 for _, _, g in rows]
    best = (0.5, -1.0)
    for threshold in np.round(np.arange(0.05, 0.96, 0.01), 2):
        f1 = binary_metrics(gold, [s >= threshold for s in scores])["f1"]
        if f1 > best[1] + 1e-9:
            best = (float(threshold), f1)
    return best


def choose_contradiction_threshold(nli, rows: list[Row], target_precision: float) -> tuple[float, float, float]:
    """Lowest P(contradiction) cut whose precision on SNLI dev reaches the target: a false
    contradiction costs a fact-checker more than a missed one, so precision is fixed first."""
    probabilities = nli.predict([(a, b) for a, b, _ in rows])[:, 2]
    gold = [g == "contradiction" for _, _, g in rows]
    for threshold in np.round(np.arange(0.30, 0.99, 0.01), 2):
        metrics = binary_metrics(gold, [p >= threshold for p in probabilities])
        if metrics["precision"] >= target_precision:
            return float(threshold), metrics["precision"], metrics["recall"]
    return 0.99, 0.0, 0.0


def speed(nli, rows: list[Row], batch_size: int) -> dict:
    """Pairs per second on news-length pairs (MRPC: newswire sentences), after one warm-up batch."""
    pairs = [(a, b) for a, b, _ in rows]
    nli.predict(pairs[:batch_size])
    started = time.perf_counter()
    nli.predict(pairs)
    elapsed = time.perf_counter() - started
    tokens = np.mean([len(nli.tokenizer.encode(a, b).ids) for a, b in pairs]) if hasattr(nli, "tokenizer") else None
    return {"dataset": "speed (mrpc pairs)", "task": "speed", "pairs": len(pairs), "pairs_per_second": len(pairs) / elapsed, "mean_tokens": float(tokens) if tokens is not None else None}


def _print_table(results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="claimdiff eval")
    for column in ("dataset", "task", "pairs", "accuracy", "macro-F1", "F1 (paraphrase)", "spearman", "pairs/s"):
        table.add_column(column, justify="right" if column not in ("dataset", "task") else "left")
    fmt = lambda v: "" if v is None else f"{100 * v:.2f}"  # noqa: E731
    for r in results:
        table.add_row(
            r["dataset"], r["task"], str(r["pairs"]), fmt(r.get("accuracy")), fmt(r.get("macro_f1")),
            fmt(r.get("f1")) if r["task"] in ("paraphrase", "similarity") else "",
            f"{r['spearman']:.4f}" if "spearman" in r else "", f"{r['pairs_per_second']:.0f}",
        )
    Console(file=sys.stdout).print(table)


def run_evaluation(name: str, settings: Settings, *, limit: int | None = None, output: Path | None = None, data_dir: Path | None = None) -> list[dict]:
    root = data_dir or DEFAULT_DATA_DIR
    if not root.is_dir():
        raise ClaimdiffError(f"data folder not found: {root} (pass --data-dir)")
    nli = load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size)
    results = []
    if name == "choose-thresholds":
        rows = _stsb("dev")(root)[:limit] if limit else _stsb("dev")(root)
        threshold, f1 = choose_paraphrase_threshold(nli, rows)
        results.append({"dataset": "stsb dev", "task": "choose-thresholds", "pairs": len(rows), "paraphrase_entailment": threshold, "f1": f1, "pairs_per_second": 0.0})
        print(f"paraphrase_entailment = {threshold:.2f}   (F1 {100 * f1:.2f} on STS-B dev, gold >= 4)")
        snli_dev = _snli("dev")(root)[: limit or None]
        cut, precision, recall = choose_contradiction_threshold(nli, snli_dev, CONTRADICTION_PRECISION)
        results.append({"dataset": "snli dev", "task": "choose-thresholds", "pairs": len(snli_dev), "contradiction": cut, "precision": precision, "recall": recall, "pairs_per_second": 0.0})
        print(f"contradiction = {cut:.2f}   (precision {100 * precision:.2f}, recall {100 * recall:.2f} on SNLI dev; target precision {100 * CONTRADICTION_PRECISION:.0f})")
    elif name == "speed":
        rows = _mrpc(root)[: limit or 1024]
        results.append(speed(nli, rows, settings.batch_size))
        r = results[0]
        print(f"{r['pairs_per_second']:.1f} pairs/s  ({r['pairs']} MRPC pairs, mean {r['mean_tokens']:.1f} tokens, batch {settings.batch_size}, {settings.threads} threads)")
    else:
        names = DEFAULT_SUITE if name == "all" else (name,)
        unknown = [n for n in names if n not in DATASETS]
        if unknown:
            raise ClaimdiffError(f"unknown dataset {unknown[0]!r}; choose from: all, choose-thresholds, speed, {', '.join(DATASETS)}")
        for dataset_name in names:
            dataset = DATASETS[dataset_name]
            try:
                rows = dataset.read(root)
            except (OSError, KeyError, ValueError) as error:
                raise ClaimdiffError(f"cannot read dataset {dataset_name} under {root}: {error}") from None
            rows = rows[:limit] if limit else rows
            results.append(evaluate_dataset(dataset, nli, rows, settings.thresholds.paraphrase_entailment))
        _print_table(results)
    if output:
        payload = {"model": settings.nli_model, "threads": settings.threads, "batch_size": settings.batch_size, "limit": limit, "results": results}
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return results
