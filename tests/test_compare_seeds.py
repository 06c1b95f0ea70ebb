"""End to end on the seeds with the real models: the findings the compare issue asks for."""

import hashlib
import io
import re
import subprocess
import sys

import pytest
from rich.console import Console

from claimdiff import pipeline, report
from claimdiff.model import Label

QUESTION = "Why then is Beijing aiding Moscow so ardently"
DISTANCE = "China has conspicuously kept its distance from anything resembling a trilateral partnership"
BOILERPLATE = ("Write to us with your comments", "No comments:", "Post a Comment", "Comments are closed", "Text in PDF", "Read more:", "Learn extra:", "originally published in The Conversation", "Only a member of this blog")


@pytest.fixture(scope="module")
def comparison(seeds_comparison):
    return seeds_comparison


def _text(comparison, claim_id):
    return next(c.text for c in comparison.claims if c.id == claim_id)


def test_headline_clash_is_reported_as_a_divergence_with_the_opposed_words_marked(comparison):
    """The product's known example: 000 asks why Beijing aids Moscow, 004 says China keeps its distance.
    Opposite stances with no checkable clash are a divergence (never a contradiction on NLI alone),
    and a reader must still find it near the top of every report, with "aiding" marked in the question."""
    found = [p for p in comparison.pairs if _text(comparison, p.a).startswith(QUESTION) and DISTANCE in _text(comparison, p.b)]
    assert [p.label for p in found] == [Label.DIVERGENCE], "000's question vs 004's distance claim not found as a divergence"
    assert not any(p.label is Label.CONTRADICTION for p in found)
    page = report.render_html(comparison)
    divergences = page[page.index('<section id="divergences"'):]
    first_card = divergences[: divergences.index("</article>")]  # the most direct divergence leads the section
    assert QUESTION in re.sub(r"<[^>]+>", "", first_card) and DISTANCE in re.sub(r"<[^>]+>", "", first_card)
    # the judge finds "aiding" in the question's presupposition ("Beijing is aiding Moscow"); the mark must sit on the word
    assert '">aiding</mark> Moscow' in first_card and '">kept its distance</mark>' in first_card
    markdown = report.render_markdown(comparison)
    first_item = markdown[markdown.index("### Divergences"):].split("\n2. ")[0]
    assert QUESTION in first_item and DISTANCE in first_item
    terminal = io.StringIO()
    report.print_summary(comparison, [], console=Console(file=terminal, width=140, color_system=None))
    assert "Top divergences" in terminal.getvalue() and "Why then is Beijing aiding Moscow" in terminal.getvalue()


def test_rewrite_pairs_are_paraphrases(comparison):
    """001 rewrites 000 loosely (sentences fused, split and reworded); the precision-first judge calls
    a pair a paraphrase only with NLI support and no checkable value differing, so most close pairs
    come out agreement or related — but a rewrite never contradicts or diverges from its source."""
    between = [p for p in comparison.pairs if p.a.startswith("000_") and p.b.startswith("001_")]
    paraphrases = [p for p in between if p.label is Label.PARAPHRASE]
    assert len(paraphrases) >= 2, f"only {len(paraphrases)} paraphrase pairs between 000 and its rewrite 001"
    assert not [p for p in between if p.label in (Label.CONTRADICTION, Label.DIVERGENCE)]
    assert any("semiconductors" in _text(comparison, p.a) and "semiconductors" in _text(comparison, p.b) for p in between if p.label in (Label.PARAPHRASE, Label.AGREEMENT))


def test_no_boilerplate_claims(comparison):
    for claim in comparison.claims:
        assert not any(b.lower() in claim.text.lower() for b in BOILERPLATE), claim.text


def test_a_sentence_that_states_nothing_is_shown_but_never_compared(comparison):
    """000's "One word: survival." answers the question before it; on its own it claims nothing."""
    [aside] = comparison.non_claims
    assert (aside.id, aside.text) == ("000_2acc9f27728101c0#7", "One word: survival.")
    assert aside.id not in {c.id for c in comparison.claims} | {p.a for p in comparison.pairs} | {p.b for p in comparison.pairs}
    assert any(c.id == "000_2acc9f27728101c0#8" for c in comparison.claims)  # the next claim keeps its id
    page = report.render_html(comparison)
    assert '<li class="claim is-non-claim" id="claim-A-7" value="8">One word: survival.<span class="pill"' in page


def test_json_is_deterministic_and_html_escapes(comparison, seeds_dir, settings, embedder, nli):
    again = pipeline.compare([str(seeds_dir)], settings, embedder=embedder, nli=nli)
    assert report.to_json(again) == report.to_json(comparison)
    html = report.render_html(comparison)
    assert "Content-Security-Policy" in html and "<script src=" not in html


def test_cli_writes_all_three_reports_and_leaves_inputs_alone(tmp_path, seeds_dir):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds_dir.iterdir()}
    out = tmp_path / "out"
    command = [sys.executable, "-m", "claimdiff", "compare", str(seeds_dir), "-o", str(out / "r.html"), "--json", str(out / "r.json"), "--md", str(out / "r.md"), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, env={**__import__("os").environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (out / "r.html").stat().st_size > 10_000 and (out / "r.json").stat().st_size > 10_000
    assert "contradiction" in (out / "r.md").read_text()
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds_dir.iterdir()} == before


@pytest.mark.parametrize(
    "a, b",
    [
        # two headlines on one subject with opposite stances: the model reads 0.53/0.70 entailment into them
        ("Acceptance regardless of the costs: China’s stance on the Russia–North Korea alliance", "Why China Shuns the Russia-North Korea Alliance"),
        ("A renewed Russia–North Korea alliance", "Why China Shuns the Russia-North Korea Alliance"),
        # two opinions on one subject: entailment both ways ~0.5, with 0.30 contradiction one way
        ("If Beijing wishes to maintain a major foothold in North Korea it needs to contain non-Chinese influence", "At the moment, however, North Korea and China need different things."),
    ],
)
def test_headlines_and_opinions_on_one_subject_are_not_paraphrases(comparison, a, b):
    by_text = {c.id: c.text for c in comparison.claims}

    def opens(pair, first, second):
        return by_text[pair.a].startswith(first) and by_text[pair.b].startswith(second)

    pairs = [p for p in comparison.pairs if opens(p, a, b) or opens(p, b, a)]
    assert pairs, "the pair is aligned and judged"
    assert all(p.label not in (Label.PARAPHRASE, Label.AGREEMENT) for p in pairs), [(p.label, p.explanation) for p in pairs]
