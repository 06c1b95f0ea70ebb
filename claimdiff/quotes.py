"""Quoted words with their speakers, and misquotes between sources (part of the fact stage).

STUB: the interface is fixed; the implementation is being written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from claimdiff.model import Claim, Conflict, Document, Quote


def extract_quotes(document: Document, claims: Sequence[Claim]) -> dict[str, tuple[Quote, ...]]:
    """Claim id -> the quotes inside that claim, each with its speaker when the document attributes it."""
    return {}


def misquote_diff(a: Quote, b: Quote) -> tuple[tuple[str, str], ...] | None:
    """The word diff when `a` and `b` are the same remark given in different words, else None."""
    return None


def find_misquotes(quotes: Mapping[str, tuple[Quote, ...]], claims: Sequence[Claim]) -> tuple[Conflict, ...]:
    """Conflicts of kind "quote": the same speaker's remark given in different words by two documents."""
    return ()
