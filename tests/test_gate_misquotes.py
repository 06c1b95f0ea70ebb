"""The gate's split of misquotes: other words that change what was said fail a build (rule
`misquote`), other wording of the same remark is a warning (rule `misquote_wording`).

On real sentences: the three wording-only misquotes that failed benchmarks/check_unrelated.py
(FNC-1 train bodies, through the real fact stage), and newsdev's 14 gold misquotes.
"""

from __future__ import annotations

import csv
import json

import pytest

from claimdiff import facts, gate
from claimdiff.claims import extract_claims
from claimdiff.config import CheckSettings
from claimdiff.ingest import normalise_text
from claimdiff.model import Conflict, Document
from claimdiff.quotes import quoted_spans, wording_only

# (new body, corpus body, the fact stage's explanation, rows of its word diff): misquotes the gate failed on before the split
FNC_WORDING_ONLY = [
    # word order: "we can't really tell the world" / "we really can't tell the world"; "first-hand"/"firsthand" is one word
    ("205", "1744", "quote differs in wording only: “we” → “we really”; “can't really” → “can’t” (Foley)",
     {("=", "without these photos and videos and first-hand experience we"), ("+", "really"), ("=", "can't"), ("-", "really")}),
    # a pronoun: "inside troop formations are likely to be killed" / "... formations they are likely ..."
    ("1254", "723", "quote differs in wording only: “formations” → “formations they” (Warren)", {("+", "they")}),
    # a one-letter spelling fix: "understand my lost" / "understand my loss"
    ("304", "1929", "quote differs in wording only: “lost” → “loss” (Se)", {("-", "lost"), ("+", "loss")}),
]


@pytest.fixture(scope="module")
def fnc_bodies(shared_data):
    with open(shared_data / "fnc1" / "train_bodies.csv", encoding="utf-8", newline="") as handle:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("new, corpus, explanation, rows", FNC_WORDING_ONLY)
def test_a_misquote_in_wording_only_is_a_warning(new, corpus, explanation, rows, fnc_bodies):
    documents = [Document(id=f"body-{body}", text=normalise_text(fnc_bodies[body]), source=f"body-{body}.txt") for body in (new, corpus)]
    claims = [claim for document in documents for claim in extract_claims(document)]
    (misquote,) = [c for c in facts.find_conflicts(facts.extract_facts(documents, claims), claims) if c.kind == "quote"]
    assert misquote.explanation == explanation and rows <= set(misquote.diff)
    options = CheckSettings()
    rule = gate.conflict_rule(misquote, 0.9, options)
    assert (rule, options.level_of[rule], gate.LEVEL_RULES[rule]) == ("misquote_wording", "warning", "misquote")
    # a desk that wants every changed word reviewed sets the rule back to error
    strict = gate._validated({"levels": {"misquote-wording": "error"}})
    assert strict.level_of[gate.conflict_rule(misquote, 0.9, strict)] == "error"


def _newsdev_quotes(shared_data) -> list[dict]:
    lines = (shared_data / "newsdev" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return [pair for pair in map(json.loads, filter(None, lines)) if pair["kind"] == "quote"]


def _quoted(sentence: str) -> str:
    return " ".join(sentence[start:end] for start, end in quoted_spans(sentence))


def test_newsdev_misquotes_that_change_meaning_stay_errors(shared_data):
    """newsdev's notes call each gold misquote "meaning changes" or "wording only". Every one that
    changes meaning (better/fully, now/not yet, my/our, two/three years, dog/cat...) must fail the
    build. Of the "wording only" ones, the gate excuses an added "just"; a synonym for a content word
    (fire/blaze, enormously/hugely, bitterly/deeply disappointed) is still another word in the
    speaker's mouth, which a reviewer should fix, so it stays an error."""
    pairs = _newsdev_quotes(shared_data)
    rules = {}
    for pair in pairs:
        conflict = Conflict("quote", "a#0", "b#0", _quoted(pair["a"]), _quoted(pair["b"]), (0, 0), (0, 0), "quote", pair["note"])
        rules[pair["id"]] = gate.conflict_rule(conflict, 0.9, CheckSettings())
    meaning = {pair["id"] for pair in pairs if pair["note"].startswith("quote, meaning changes")}
    wording = {pair["id"] for pair in pairs if pair["note"].startswith("quote, wording only")}
    assert (len(pairs), len(meaning), len(wording)) == (14, 8, 6)
    assert {rules[i] for i in meaning} == {"misquote"}
    assert {i for i in wording if rules[i] == "misquote_wording"} == {"d314"}  # "can't wait" / "just can't wait"


@pytest.mark.parametrize(
    "a, b, same",
    [
        # newsdev d302: a pronoun swapped for another changes whose support it is
        ("Helena has my congratulations and my support.", "Helena has our congratulations and our support", False),
        # newsdev d299: a negation
        ("Our judgment is that policy is now restrictive enough", "Our judgment is that policy is not yet restrictive enough", False),
        # d299's sentence with its negation moved: it denies something else
        ("Our judgment is that policy is not yet restrictive enough", "Our judgment is not that policy is yet restrictive enough", False),
        # newsdev d301: a number
        ("Bus fares will be frozen for two years, starting on my first day in office", "Bus fares will be frozen for three years, starting on my first day in office", False),
        # newsdev d314: a filler
        ("This is a huge club with amazing supporters, and I can't wait to get started", "This is a huge club with amazing supporters, and I just can't wait to get started", True),
        # misquotes among FNC-1 train bodies (benchmarks/quotes_newsdev.py --fnc-train 400), 147/593: a possessive ending
        ("I heard he’s on a month’s suspension. And it’s not, it’s kind of a strong witness.", "I heard he’s on a month suspension", True),
        # 391/416: a preposition dropped
        ("The only way that ISIS is going to harm Americans is by coming in through the southern border – which they already have.",
         "The only way that ISIS is going to harm Americans is by coming through the southern border – which they already have", True),
        # 17/348: a typing slip
        ("Huzlers.com is a combination of real shocking news and satirical entertainment to keep its visitors in a state of disbelier",
         "a combination of real shocking news and satirical entertainment to keep its visitors in a state of disbelief", True),
        # 431/593: contractions written out ("it's" / "it is", "he's gonna" / "he is going to"), but "it's not" dropped
        ("I've heard that he's suspended. I heard he's on a month's suspension. And it's not, it's kind of a strong witness. It's a credible person that's telling me this. "
         "It's not testosterone it's something else. I think when it's all said and done, he's gonna surpass Lance Armstrong with infamy.",
         "And it’s kind of a strong witness, a credible person that’s telling me this… It’s not testosterone it’s something else. "
         "I think when it is all said and done, he is going to surpass Lance Armstrong with…a…infamy.", False),
        # 60/456: another noun
        ("The life of this American citizen, Obama, depends on your next decision.", "The life of this American prisoner, Obama, depends on your next decision.", False),
    ],
)
def test_wording_only_reads_the_words_that_differ(a, b, same):
    assert wording_only(a, b) is same and wording_only(b, a) is same
