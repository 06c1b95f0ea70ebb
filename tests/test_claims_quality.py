"""benchmarks/claims_quality.py's fragment test (column c): its rereadings forgive only sentences
the small parser misreads, never a real fragment (real newsdev, seeds and FNC-1 train sentences)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import claims_quality  # noqa: E402

from claimdiff.nlp import english  # noqa: E402

MISREAD = [
    "Tallis, 58, was first elected mayor eight years ago.",  # rooted on "mayor"
    "Orvelimab is a monoclonal antibody that blocks IL-33, a signalling protein that drives airway inflammation.",  # name tagged RB
    "Severe asthma accounts for a small share of patients but a large share of the cost of treating the disease, because of hospital admissions.",
    "But beneath the veneer of friendship lies deep rooted resentment that has been festering for centuries.",  # inversion
    "Here is what we know so far.",
]
FRAGMENTS = [
    "4) The partner.",
    "One word: survival.",
    "(Meaning that when two things are interdependent, the fall of one will affect the other.)",
    "Welcome to Kingsmere, Sander!",
]


@pytest.mark.parametrize("sentence", MISREAD)
def test_rereadings_forgive_complete_sentences_the_parser_misreads(sentence):
    parsed = english()(sentence)
    assert claims_quality.is_fragment(parsed, lenient=True)  # what the parse alone says
    assert claims_quality.is_fragment(parsed, lenient=True, rereadings=True) is None


@pytest.mark.parametrize("sentence", FRAGMENTS)
def test_rereadings_keep_real_fragments(sentence):
    assert claims_quality.is_fragment(english()(sentence), lenient=True, rereadings=True)
