"""`claimdiff bench`: real FNC-1 corpora, stage timings from the real pipeline, honest memory figures."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time

import numpy as np
import pytest

from claimdiff.bench import (
    STAGES,
    StageRecorder,
    build_corpus,
    choose_articles,
    markdown_table,
    read_fnc1,
    run_bench,
    run_worker,
)
from claimdiff.errors import ClaimdiffError


def test_small_corpus_is_one_news_story(shared_data, tmp_path):
    """Ten articles all related to the biggest FNC-1 headline: compared articles share a topic."""
    folder = build_corpus(shared_data, 10, tmp_path / "corpus")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 10
    body_ids = {path.stem.split("body")[1] for path in files}
    with open(shared_data / "fnc1" / "competition_test_stances.csv", encoding="utf-8", newline="") as handle:
        related: dict[str, set[str]] = {}
        for row in csv.DictReader(handle):
            if row["Stance"] != "unrelated":
                related.setdefault(row["Headline"], set()).add(row["Body ID"])
    assert any(body_ids <= ids for ids in related.values())
    again = build_corpus(shared_data, 10, tmp_path / "again")
    assert [p.read_bytes() for p in files] == [p.read_bytes() for p in sorted(again.glob("*.txt"))]


def test_thousand_articles_are_all_distinct_and_excerpts_come_last(shared_data, tmp_path):
    """claimdiff refuses identical documents, so the 1,000-article corpus must have none."""
    bodies, topics = read_fnc1(shared_data)
    chosen = choose_articles(bodies, topics, 1000)
    assert len(set(chosen)) == 1000
    fulls = [body_id for body_id, part in chosen if part == "full"]
    # FNC-1 has 899 distinct test bodies; one is nothing but page script, which ingest refuses
    assert len(fulls) == len(bodies) == 898 and chosen[: len(fulls)] == [(b, "full") for b in fulls]
    texts = [path.read_bytes() for path in build_corpus(shared_data, 1000, tmp_path / "big").glob("*.txt")]
    assert len(texts) == len(set(texts)) == 1000
    with pytest.raises(ClaimdiffError, match="at most"):
        choose_articles(bodies, topics, 5000)


def test_long_form_articles_join_distinct_stories(shared_data, tmp_path):
    from claimdiff import claims, ingest

    folder = build_corpus(shared_data, 1000, tmp_path / "long", stories=2)
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    assert len(texts) == len(set(texts)) == 1000
    assert all(text.count("\n\n") >= 1 for text in texts)
    sample = ingest.load_documents([str(path) for path in sorted(folder.glob("*.txt"))[:50]], max_bytes=10_000_000)
    per_article = sum(len(claims.extract_claims(d)) for d in sample) / len(sample)
    assert 30 <= per_article <= 50  # the month of coverage: ≈ 40 claims an article


def test_stage_recorder_sees_native_memory_and_time():
    recorder = StageRecorder()
    recorder("small")
    time.sleep(0.1)
    recorder("big")
    block = np.ones(300_000_000 // 8)  # 300 MB that Python's allocator never sees
    time.sleep(0.1)
    del block
    recorder.finish()
    assert recorder.seconds["small"] >= 0.1 and recorder.seconds["big"] >= 0.1
    assert recorder.peak_mb["big"] - recorder.peak_mb["small"] > 250


def test_bench_times_every_stage_of_a_real_comparison(shared_data, tmp_path, settings, embedder, nli):
    from claimdiff import pipeline

    results = run_bench([4], out_dir=tmp_path, data_dir=shared_data, seeds=None, speed=False, echo=lambda line: None)
    written = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(results))
    row = written["sizes"][0]
    assert "error" not in row, row.get("error")
    assert row["articles"] == row["documents"] == 4
    assert set(row["stages"]) == set(STAGES)
    assert all(stage["seconds"] > 0 for stage in row["stages"].values())
    assert row["claims"] > 20 and row["pairs_judged"] > 0
    # judge asks NLI both ways, for the pairs close enough for it to matter (judge.nli_floor)
    assert 0 < row["nli_pairs"] <= 2 * row["pairs_judged"] and row["nli_pairs"] % 2 == 0
    assert row["texts_embedded"] > 0
    assert row["peak_rss_mb"] > 150  # two ONNX models and their runtime are resident
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = markdown_table(written)
    assert f"| 4 | {row['claims']} | {row['pairs_judged']} |" in table
    direct = pipeline.compare([str(build_corpus(shared_data, 4, tmp_path / "direct"))], settings, embedder=embedder, nli=nli)
    assert (row["claims"], row["pairs_judged"]) == (len(direct.claims), len(direct.pairs))  # the bench ran the real pipeline


def test_a_size_that_runs_out_of_time_is_reported_not_lost(shared_data, tmp_path):
    corpus = build_corpus(shared_data, 3, tmp_path / "corpus")
    result, problem = run_worker("corpus", [str(corpus), "--cache-dir", str(tmp_path / "cache")], timeout=0.5)
    assert problem is not None and problem.startswith("timed out")
    assert result is None or "total_s" not in result  # at most the stages that finished


def test_missing_data_is_a_one_line_error(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "claimdiff", "bench", "--data-dir", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120,
    )
    assert finished.returncode == 2
    assert finished.stderr.strip().count("\n") == 0 and "FNC-1" in finished.stderr
    assert not (tmp_path / "out").exists()


def test_bad_sizes_are_one_line_errors(tmp_path):
    for sizes in ("10,lots", "1"):
        finished = subprocess.run([sys.executable, "-m", "claimdiff", "bench", "--sizes", sizes, "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
        assert finished.returncode == 2 and finished.stderr.startswith("claimdiff: error:"), finished.stderr
        assert finished.stderr.strip().count("\n") == 0

