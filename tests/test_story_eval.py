"""`claimdiff eval stories`: gold sentences -> claims, label precedence, the whole command on a real newsdev story."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from claimdiff import claims, ingest
from claimdiff.model import Comparison, Conflict, JudgedPair, Label, NLIScores, Provenance
from claimdiff.story_eval import claims_in_span, load_stories, score_story, sentence_span, strongest_label

STORY = "01_factory_fire"


@pytest.fixture(scope="module")
def newsdev(shared_data) -> Path:
    return shared_data / "newsdev"


@pytest.fixture(scope="module")
def fire(newsdev):
    """The story's gold, documents and claims: ingest and claims only, no model."""
    story = load_stories(newsdev, [STORY])[0]
    documents = ingest.load_documents([str(path) for path in story.articles.values()], max_bytes=10_000_000)
    return story, {d.id: d for d in documents}, tuple(c for d in documents for c in claims.extract_claims(d))


def gold_pair(story, pair_id):
    return next(p for p in story.pairs if p.id == pair_id)


def mapped_texts(fire, doc, sentence):
    _, documents, all_claims = fire
    ids = claims_in_span(all_claims, doc, sentence_span(documents[doc], sentence))
    return [c.text for c in all_claims if c.id in ids]


def test_a_sentence_split_into_clauses_maps_to_every_clause(fire):
    story = fire[0]
    echo = gold_pair(story, "d014").b  # "Four people suffered smoke inhalation, but their injuries are not believed..."
    assert mapped_texts(fire, "brackwell_echo", echo) == ["Four people suffered smoke inhalation", "their injuries are not believed to be life-threatening."]


def test_a_lede_after_a_wire_dateline_maps_to_its_claim(fire):
    """Ingest cuts the wire dateline ("BRACKWELL (MPA) - ") off the first sentence; the lede still maps to one claim."""
    lede = gold_pair(fire[0], "d023").a
    texts = mapped_texts(fire, "mpa_wire", lede)
    assert texts == [lede]


def test_every_gold_sentence_of_the_story_has_a_claim(fire):
    story = fire[0]
    sentences = {(p.a_doc, p.a) for p in story.pairs} | {(p.b_doc, p.b) for p in story.pairs}
    assert len(sentences) == 53
    assert all(mapped_texts(fire, doc, sentence) for doc, sentence in sentences)


def test_label_precedence():
    assert strongest_label(["agreement", "contradiction", "unrelated"]) == "contradiction"
    assert strongest_label(["paraphrase", "divergence"]) == "divergence"
    assert strongest_label(["related", "agreement", "paraphrase"]) == "paraphrase"
    assert strongest_label(["unrelated", "related"]) == "related"
    assert strongest_label([]) == "unaligned"


def _judged(a, b, label):
    return JudgedPair(a=a, b=b, label=label, confidence=1.0, nli=NLIScores((0, 1, 0), (0, 1, 0)), cosine=0.8, lexical=0.5, evidence=(), explanation="")


def _comparison(fire, pairs, conflicts=()):
    _, documents, all_claims = fire
    provenance = Provenance(relations=(), spin=(), spun_documents=(), source_groups=(), cluster_support={}, contradiction_independent={})
    return Comparison(documents=tuple(documents.values()), claims=all_claims, pairs=tuple(pairs), clusters=(), provenance=provenance, settings={}, conflicts=tuple(conflicts))


def _claim_id(fire, doc, text):
    return next(c.id for c in fire[2] if c.doc_id == doc and c.text == text)


def test_the_strongest_label_between_a_sentences_clauses_wins_and_conflicts_link_the_pair(fire):
    """d014 (four injured, not life-threatening): mpa_wire's sentence against the echo's two clauses."""
    wire = _claim_id(fire, "mpa_wire", gold_pair(fire[0], "d014").a)
    injured = _claim_id(fire, "brackwell_echo", "Four people suffered smoke inhalation")
    not_serious = _claim_id(fire, "brackwell_echo", "their injuries are not believed to be life-threatening.")
    elsewhere = _claim_id(fire, "daily_clarion", gold_pair(fire[0], "d003").b)  # nine staff: another sentence
    pairs = [_judged(wire, injured, Label.AGREEMENT), _judged(wire, not_serious, Label.PARAPHRASE), _judged(wire, elsewhere, Label.CONTRADICTION)]
    conflict = Conflict(kind="number", a=wire, b=elsewhere, a_value="four", b_value="nine", a_span=(0, 4), b_span=(0, 4), subject="injured", explanation="")
    scored = {o["id"]: o for o in score_story(fire[0], _comparison(fire, pairs, [conflict]))["pairs"]}
    assert scored["d014"]["predicted"] == "paraphrase" and scored["d014"]["judged_claim_pairs"] == 2
    assert scored["d014"]["conflicts"] == []
    assert scored["d001"]["predicted"] == "unaligned"

    pairs.append(_judged(wire, not_serious, Label.DIVERGENCE))  # a second verdict on the same claims: the strongest counts
    scored = {o["id"]: o for o in score_story(fire[0], _comparison(fire, pairs[:1] + pairs[3:], [conflict]))["pairs"]}
    assert scored["d014"]["predicted"] == "divergence"

    d003_wire = _claim_id(fire, "mpa_wire", gold_pair(fire[0], "d003").a)
    conflict = Conflict(kind="number", a=d003_wire, b=elsewhere, a_value="Four", b_value="Nine", a_span=(0, 4), b_span=(0, 4), subject="hospital", explanation="")
    scored = {o["id"]: o for o in score_story(fire[0], _comparison(fire, [], [conflict]))["pairs"]}
    assert scored["d003"]["conflicts"] == ["number"] and scored["d003"]["predicted"] == "unaligned"


def test_boilerplate_left_in_the_text_is_counted_only_when_a_claim_covers_it(fire):
    story, documents, all_claims = fire
    result = score_story(story, _comparison(fire, []))["boilerplate"]
    assert result["lines"] == 8
    for leaked in result["leaked"]:
        assert any(leaked["line"] in c.text or c.text in leaked["line"] for c in all_claims if c.doc_id == leaked["doc"])


# --- the real command -------------------------------------------------------------------------


def run_cli(monkeypatch, capsys, *args):
    from claimdiff.cli import main

    monkeypatch.setattr(sys, "argv", ["claimdiff", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_eval_stories_on_one_real_story(monkeypatch, capsys, newsdev, tmp_path):
    config = tmp_path / "claimdiff.toml"
    config.write_text(f'cache_dir = "{tmp_path / "cache"}"\n', encoding="utf-8")
    output = tmp_path / "eval.json"
    code, out, err = run_cli(monkeypatch, capsys, "eval", "stories", str(newsdev), "--story", STORY, "--json", str(output), "--config", str(config))
    assert code == 0, err
    assert f"[1/1] {STORY}" in err
    assert "31 listed pairs" in out and "alignment recall" in out
    result = json.loads(output.read_text(encoding="utf-8"))
    summary = result["summary"]
    assert summary["listed_pairs"] == 31 and summary["articles"] == 4
    assert {label: m["gold"] for label, m in summary["labels"].items()} == {"paraphrase": 7, "agreement": 9, "contradiction": 10, "unrelated": 5}
    assert {label: sum(row.values()) for label, row in summary["confusion"].items()} == {"paraphrase": 7, "agreement": 9, "contradiction": 10, "unrelated": 5}
    assert summary["sentences"]["gold"] == 53 and summary["sentences"]["without_claim"] == 0
    # the seven paraphrase pairs restate each other closely: with a working mapping most are judged
    paraphrase_aligned = sum(o["predicted"] != "unaligned" for o in result["stories"][0]["pairs"] if o["gold"] == "paraphrase")
    assert paraphrase_aligned >= 5
    assert all((o["judged_claim_pairs"] > 0) == (o["predicted"] != "unaligned") for o in result["stories"][0]["pairs"])
    assert summary["boilerplate"]["lines"] == 8
    assert summary["provenance"] == {"derived": 0, "attributed_correctly": 0, "independent_pairs": 6, "independent_merged": 0, "independent_derived": 0}


def _story_copy(newsdev, tmp_path, pairs_line: str, append_to_wire: str = "") -> Path:
    root = tmp_path / "stories"
    shutil.copytree(newsdev / STORY, root / STORY)
    wire = root / STORY / "mpa_wire.txt"
    wire.write_text(wire.read_text(encoding="utf-8") + append_to_wire, encoding="utf-8")
    (root / "pairs.jsonl").write_text(pairs_line + "\n", encoding="utf-8")
    return root


GOOD_LINE = json.dumps({"id": "x1", "story": STORY, "a_doc": "mpa_wire", "a": "No one was killed.", "b_doc": "daily_clarion", "b": "Nine staff were rushed to hospital, some of them coughing and struggling to breathe.", "label": "unrelated", "kind": None})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda newsdev, tmp: str(newsdev / STORY / "mpa_wire.txt"), "is not a folder"),
        (lambda newsdev, tmp: str(tmp), "has no story folders"),
        (lambda newsdev, tmp: str(_story_copy(newsdev, tmp, GOOD_LINE + "\n{not json")), "pairs.jsonl:2: not valid JSON"),
        (lambda newsdev, tmp: str(_story_copy(newsdev, tmp, GOOD_LINE.replace("No one was killed.", "No one was hurt."))), "pairs.jsonl:1: sentence 'a' not found in"),
        (lambda newsdev, tmp: str(_story_copy(newsdev, tmp, GOOD_LINE, append_to_wire="\nNo one was killed.\n")), "pairs.jsonl:1: sentence 'a' found 2 times (it must be unique)"),
        (lambda newsdev, tmp: str(_story_copy(newsdev, tmp, GOOD_LINE.replace('"unrelated"', '"maybe"'))), "pairs.jsonl:1: label 'maybe'"),
        (lambda newsdev, tmp: str(_story_copy(newsdev, tmp, GOOD_LINE.replace('"daily_clarion"', '"nobody"'))), "pairs.jsonl:1: story '01_factory_fire' has no article 'nobody'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(monkeypatch, capsys, newsdev, tmp_path, make, message):
    code, out, err = run_cli(monkeypatch, capsys, "eval", "stories", make(newsdev, tmp_path))
    assert code == 2
    assert message in err and err.count("\n") == 1 and err.startswith("claimdiff: error: ")


def test_an_unknown_story_is_refused(monkeypatch, capsys, newsdev):
    code, _, err = run_cli(monkeypatch, capsys, "eval", "stories", str(newsdev), "--story", "99_nothing")
    assert code == 2 and "--story '99_nothing': no such story" in err


def test_the_folder_needs_the_stories_dataset(monkeypatch, capsys, newsdev):
    code, _, err = run_cli(monkeypatch, capsys, "eval", "snli", str(newsdev))
    assert code == 2 and "go with 'eval stories'" in err
