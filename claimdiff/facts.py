"""Stage 3: the checkable facts each claim states, and the conflicts between sources' facts.

STUB: the interface is fixed; the implementation is being written.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimdiff.model import Claim, Conflict, Document, Fact


def extract_facts(documents: Sequence[Document], claims: Sequence[Claim]) -> tuple[Fact, ...]:
    """Every claim's facts, in claim order (a claim may state several, or none)."""
    return ()


def find_conflicts(facts: Sequence[Fact], claims: Sequence[Claim]) -> tuple[Conflict, ...]:
    """Cross-document pairs of facts about the same actor and predicate whose values cannot both be true."""
    return ()
