"""The Ray engine gives the local engine's results byte for byte, on a local Ray with 2 CPUs."""

from __future__ import annotations

import json

import numpy as np
import pytest

ray = pytest.importorskip("ray", reason='Ray Data is optional: pip install "claimdiff[ray]"')
pytest.importorskip("ray.data", reason='Ray Data is optional: pip install "claimdiff[ray]"')

from claimdiff.engine_ray import RayEmbedder, RayNLIModel, ray_models, ray_session  # noqa: E402

TWO_SEEDS = ("000_2acc9f27728101c0.txt", "001_40030c20fa9a20db.txt")


@pytest.fixture(scope="module")
def local_ray():
    with ray_session(num_cpus=2):
        yield


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir):
    from claimdiff import claims, ingest

    documents = ingest.load_documents([str(seeds_dir)], max_bytes=10_000_000)
    return [claim.text for document in documents for claim in claims.extract_claims(document)]


def test_ray_embedder_returns_the_local_vectors(local_ray, seed_sentences):
    from claimdiff.embed import Embedder

    local = Embedder(cache_dir=None).encode(seed_sentences)
    remote = RayEmbedder(cache_dir=None, actors=2)
    assert np.array_equal(remote.encode(seed_sentences), local)
    assert remote.encoded == len(set(seed_sentences))


def test_ray_embedder_shares_the_local_cache(local_ray, seed_sentences, tmp_path):
    from claimdiff.embed import Embedder

    Embedder(cache_dir=tmp_path).encode(seed_sentences[:40])
    remote = RayEmbedder(cache_dir=tmp_path, actors=2)
    remote.encode(seed_sentences[:40])
    assert remote.encoded == 0  # every batch came from the cache, nothing went to Ray


def test_ray_nli_returns_the_local_scores(local_ray, nli, seed_sentences):
    pairs = list(zip(seed_sentences[:-1], seed_sentences[1:]))[:150]
    remote = RayNLIModel(threads=2, batch_size=32, actors=2)
    assert np.array_equal(remote.predict(pairs), nli.predict(pairs))


def test_ray_nli_shares_the_local_cache(local_ray, nli, seed_sentences, tmp_path):
    from claimdiff.nli import CachedNLI

    pairs = list(zip(seed_sentences[:-1], seed_sentences[1:]))[:60]
    local = CachedNLI(nli, cache_dir=tmp_path).predict(pairs)
    remote = RayNLIModel(threads=2, batch_size=32, actors=2, cache_dir=tmp_path)
    assert np.array_equal(remote.predict(pairs), local)
    assert remote.scored == 0  # every batch came from the cache, nothing went to Ray


def test_compare_on_ray_writes_the_local_json(local_ray, seeds_dir, tmp_path, settings, embedder, nli):
    from dataclasses import replace

    from claimdiff import pipeline, report

    sources = [str(seeds_dir / name) for name in TWO_SEEDS]
    local = report.to_json(pipeline.compare(sources, settings, embedder=embedder, nli=nli))
    ray_embedder, ray_nli = ray_models(replace(settings, cache_dir=tmp_path / "ray-cache"), actors=2)
    remote = report.to_json(pipeline.compare(sources, settings, embedder=ray_embedder, nli=ray_nli))
    assert json.loads(local)["pairs"], "the comparison should judge some pairs"
    assert remote == local


def test_cli_engine_flag_runs_on_ray(local_ray, seeds_dir, tmp_path, settings, embedder, nli):
    from typer.testing import CliRunner

    from claimdiff import pipeline, report
    from claimdiff.cli import typer_app

    sources = [str(seeds_dir / name) for name in TWO_SEEDS]
    config = tmp_path / "claimdiff.toml"
    config.write_text(f'cache_dir = "{tmp_path / "cli-cache"}"\n', encoding="utf-8")
    out = tmp_path / "ray.json"
    result = CliRunner().invoke(typer_app, ["compare", *sources, "--engine", "ray", "--json", str(out), "--config", str(config), "-q"])
    assert result.exit_code == 0, result.output
    local = report.to_json(pipeline.compare(sources, settings, embedder=embedder, nli=nli))
    assert out.read_text(encoding="utf-8") == local


def test_cli_refuses_unknown_engine_and_stray_address(seeds_dir):
    from typer.testing import CliRunner

    from claimdiff.cli import typer_app
    from claimdiff.errors import ClaimdiffError

    sources = [str(seeds_dir / name) for name in TWO_SEEDS]
    for extra, message in ((["--engine", "spark"], "unknown --engine"), (["--ray-address", "auto"], "needs --engine ray")):
        result = CliRunner().invoke(typer_app, ["compare", *sources, *extra, "-q"])
        assert isinstance(result.exception, ClaimdiffError) and message in str(result.exception)

