"""`claimdiff eval` and `claimdiff pairs` on real public data with the shipped model."""

import json
import subprocess
import sys

import pytest

from claimdiff.config import Settings
from claimdiff.errors import ClaimdiffError
from claimdiff.evaluation import DATASETS, binary_metrics, f1_scores, run_evaluation


def test_every_listed_dataset_reads(shared_data):
    for name, dataset in DATASETS.items():
        rows = dataset.read(shared_data)
        assert len(rows) > 100, name
        assert all(a.strip() and b.strip() for a, b, _ in rows[:50]), name


def test_snli_sample_is_well_above_chance_and_written_as_json(shared_data, tmp_path):
    output = tmp_path / "eval.json"
    results = run_evaluation("snli", Settings(), limit=300, output=output, data_dir=shared_data)
    assert results[0]["accuracy"] > 0.78  # chance is 0.33; the shipped model scores ~0.85 on the full test set
    assert set(results[0]["per_class_f1"]) == {"entailment", "neutral", "contradiction"}
    written = json.loads(output.read_text())
    assert written["results"][0]["pairs"] == 300 and written["results"][0]["pairs_per_second"] > 0


def test_paraphrase_set_uses_the_operating_threshold(shared_data):
    result = run_evaluation("mrpc", Settings(), limit=200, data_dir=shared_data)[0]
    assert result["threshold"] == Settings().thresholds.paraphrase_entailment
    assert 0.5 < result["f1"] <= 1.0


def test_unknown_dataset_is_a_clear_error(shared_data):
    with pytest.raises(ClaimdiffError, match="unknown dataset"):
        run_evaluation("nope", Settings(), data_dir=shared_data)


def test_metrics():
    assert f1_scores(["a", "b", "a"], ["a", "a", "a"], ("a", "b")) == {"a": 0.8, "b": 0.0}
    assert binary_metrics([True, False, True, False], [True, True, False, False]) == {"f1": 0.5, "precision": 0.5, "recall": 0.5, "accuracy": 0.5}


def test_pairs_command_labels_each_line(tmp_path):
    source = tmp_path / "pairs.jsonl"
    lines = [
        {"a": "Putin visited Pyongyang in June 2024.", "b": "Putin never visited North Korea.", "id": 1},
        {"a": "China supplies semiconductors and drones to Russia.", "b": "Beijing provides Russia with chips and drones.", "id": 2},
        {"a": "The ship was hit on 3 March.", "b": "The ship was hit on 5 March.", "id": 3},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = subprocess.run([sys.executable, "-m", "claimdiff", "pairs", str(source)], capture_output=True, text=True, timeout=600, env={**__import__("os").environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]  # extra fields kept, order kept
    assert [o["label"] for o in out] == ["contradiction", "paraphrase", "contradiction"]
    assert set(out[0]["scores"]["forward"]) == {"entailment", "neutral", "contradiction"}
    assert out[2]["evidence"][0]["kind"] == "date"


def test_pairs_command_rejects_bad_lines(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"a": "only one side"}\n')
    result = subprocess.run([sys.executable, "-m", "claimdiff", "pairs", str(source)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.jsonl:1" in result.stderr
