"""The figures every output shares, computed once from a Comparison.

HTML, JSON, Markdown and the terminal summary all read this view, so a count can never differ
between them. Everything is put into a canonical order here (documents as given, claims and pairs
in document order, provenance sorted by document position), which is what makes the outputs
byte-identical whatever order an earlier stage happened to produce its tuples and dicts in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from claimdiff.model import Claim, Cluster, Comparison, Document, JudgedPair, Label, SourceRelation, SpinFinding

LABEL_ORDER = (Label.CONTRADICTION, Label.AGREEMENT, Label.PARAPHRASE, Label.UNRELATED)
DERIVED_VERDICTS = ("copy", "rewrite", "shared-source")  # a relation with any other verdict means "independent"


def pair_key(pair: JudgedPair) -> str:
    """The key provenance.contradiction_independent uses for a pair."""
    return f"{pair.a}|{pair.b}"


def document_tag(position: int) -> str:
    """Short, stable labels for sources (A, B, ..., Z, AA, AB, ...): ids and paths are too long for a grid."""
    tag = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        tag = chr(ord("A") + remainder) + tag
    return tag


@dataclass(frozen=True)
class SourceStats:
    doc_id: str
    claims: int
    unique_claims: int
    paraphrases: int
    agreements: int
    contradictions: int


@dataclass
class ReportView:
    comparison: Comparison
    documents: tuple[Document, ...] = field(init=False)
    claims: tuple[Claim, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.documents = self.comparison.documents
        self.doc_position = {doc.id: i for i, doc in enumerate(self.documents)}
        if len(self.doc_position) != len(self.documents):
            raise ValueError("two documents share an id")
        self.doc_by_id = {doc.id: doc for doc in self.documents}
        self.tags = {doc.id: document_tag(i) for i, doc in enumerate(self.documents)}
        for claim in self.comparison.claims:
            if claim.doc_id not in self.doc_position:
                raise ValueError(f"claim {claim.id} belongs to unknown document {claim.doc_id}")
        self.claims = tuple(sorted(self.comparison.claims, key=lambda c: (self.doc_position[c.doc_id], c.index, c.id)))
        self.claim_position = {claim.id: i for i, claim in enumerate(self.claims)}
        self.claim_by_id = {claim.id: claim for claim in self.claims}
        for pair in self.comparison.pairs:
            for claim_id in (pair.a, pair.b):
                if claim_id not in self.claim_by_id:
                    raise ValueError(f"pair {pair.a}|{pair.b} refers to unknown claim {claim_id}")

    # --- lookups -------------------------------------------------------------------------------

    def claim(self, claim_id: str) -> Claim:
        return self.claim_by_id[claim_id]

    def doc_of(self, claim_id: str) -> Document:
        return self.doc_by_id[self.claim_by_id[claim_id].doc_id]

    def doc_label(self, doc_id: str) -> str:
        """A human name for a source: its title, else the path it was read from."""
        doc = self.doc_by_id.get(doc_id)
        if doc is None:
            return doc_id
        return doc.title or doc.source or doc.id

    def label_of(self, pair: JudgedPair) -> Label:
        return Label(pair.label)

    def claims_of(self, doc_id: str) -> list[Claim]:
        return [claim for claim in self.claims if claim.doc_id == doc_id]

    # --- pairs and clusters --------------------------------------------------------------------

    @cached_property
    def pairs(self) -> list[JudgedPair]:
        return sorted(self.comparison.pairs, key=lambda p: (self.claim_position[p.a], self.claim_position[p.b], p.label))

    @cached_property
    def aligned_pairs(self) -> list[JudgedPair]:
        """Pairs that are about the same thing; 'unrelated' ones were only retrieval candidates."""
        return [pair for pair in self.pairs if self.label_of(pair) is not Label.UNRELATED]

    @cached_property
    def label_counts(self) -> dict[Label, int]:
        counts = Counter(self.label_of(pair) for pair in self.pairs)
        return {label: counts.get(label, 0) for label in LABEL_ORDER}

    @cached_property
    def contradictions(self) -> list[JudgedPair]:
        """Strongest first, so a reader who stops early has seen the ones that matter most."""
        found = [pair for pair in self.pairs if self.label_of(pair) is Label.CONTRADICTION]
        return sorted(found, key=lambda p: (-round(float(p.confidence), 4), self.claim_position[p.a], self.claim_position[p.b]))

    def independent(self, pair: JudgedPair) -> bool | None:
        """Whether the two sides of a contradiction come from unrelated sources (None: not judged)."""
        value = self.comparison.provenance.contradiction_independent.get(pair_key(pair))
        return None if value is None else bool(value)

    @cached_property
    def clusters(self) -> list[Cluster]:
        """Each cluster's claims and documents in document order; clusters by their first claim."""
        known = [
            Cluster(
                id=cluster.id,
                claim_ids=tuple(sorted(set(cluster.claim_ids), key=lambda c: self.claim_position.get(c, len(self.claim_position)))),
                doc_ids=tuple(sorted(set(cluster.doc_ids), key=lambda d: self.doc_position.get(d, len(self.doc_position)))),
            )
            for cluster in self.comparison.clusters
        ]
        return sorted(known, key=lambda c: (min((self.claim_position.get(i, 1 << 30) for i in c.claim_ids), default=1 << 30), c.id))

    @cached_property
    def clusters_by_support(self) -> list[Cluster]:
        """Best-corroborated first: independent support, then how many sources, then size."""
        return sorted(self.clusters, key=lambda c: (-self.support(c), -len(c.doc_ids), -len(c.claim_ids), self.clusters.index(c)))

    def support(self, cluster: Cluster) -> int:
        return int(self.comparison.provenance.cluster_support.get(cluster.id, 0))

    @cached_property
    def cluster_of(self) -> dict[str, str]:
        membership: dict[str, str] = {}
        for cluster in self.clusters:
            for claim_id in cluster.claim_ids:
                membership.setdefault(claim_id, cluster.id)
        return membership

    @cached_property
    def unique_claims(self) -> frozenset[str]:
        """Claims no other source makes or disputes: in no cluster and in no related pair."""
        paired = {claim_id for pair in self.aligned_pairs for claim_id in (pair.a, pair.b)}
        return frozenset(c.id for c in self.claims if c.id not in paired and c.id not in self.cluster_of)

    # --- per source ----------------------------------------------------------------------------

    @cached_property
    def source_stats(self) -> list[SourceStats]:
        involved: dict[str, Counter] = {doc.id: Counter() for doc in self.documents}
        for pair in self.aligned_pairs:
            for doc_id in {self.claim(pair.a).doc_id, self.claim(pair.b).doc_id}:
                involved[doc_id][self.label_of(pair)] += 1
        stats = []
        for doc in self.documents:
            own = self.claims_of(doc.id)
            stats.append(
                SourceStats(
                    doc_id=doc.id,
                    claims=len(own),
                    unique_claims=sum(1 for c in own if c.id in self.unique_claims),
                    paraphrases=involved[doc.id][Label.PARAPHRASE],
                    agreements=involved[doc.id][Label.AGREEMENT],
                    contradictions=involved[doc.id][Label.CONTRADICTION],
                )
            )
        return stats

    @cached_property
    def aligned_share(self) -> list[list[float | None]]:
        """[row][column]: share of the row source's claims aligned with some claim of the column source.

        Counted from each claim's set of partner documents (pairs and clusters), so the cost is
        linear in claims and pairs, not in documents squared times claims."""
        position = self.doc_position
        partner_docs: dict[str, set[int]] = {claim.id: set() for claim in self.claims}
        for pair in self.aligned_pairs:
            partner_docs[pair.a].add(position[self.claim(pair.b).doc_id])
            partner_docs[pair.b].add(position[self.claim(pair.a).doc_id])
        for cluster in self.clusters:
            docs = {position[d] for d in cluster.doc_ids if d in position}
            for claim_id in cluster.claim_ids:
                if claim_id in partner_docs:
                    partner_docs[claim_id] |= docs
        size = len(self.documents)
        hits = [[0] * size for _ in range(size)]
        totals = [0] * size
        for claim in self.claims:
            row = position[claim.doc_id]
            totals[row] += 1
            for column in partner_docs[claim.id]:
                hits[row][column] += 1
        return [
            [None if row == column else (hits[row][column] / totals[row] if totals[row] else 0.0) for column in range(size)]
            for row in range(size)
        ]

    @cached_property
    def contradiction_counts(self) -> list[list[int]]:
        """[row][column]: contradictions between the two sources (symmetric)."""
        index = self.doc_position
        grid = [[0] * len(self.documents) for _ in self.documents]
        for pair in self.contradictions:
            a, b = index[self.claim(pair.a).doc_id], index[self.claim(pair.b).doc_id]
            grid[a][b] += 1
            if a != b:
                grid[b][a] += 1
        return grid

    # --- provenance ----------------------------------------------------------------------------

    def _doc_pos(self, doc_id: str | None) -> int:
        return self.doc_position.get(doc_id, len(self.doc_position)) if doc_id is not None else -1

    @cached_property
    def relations(self) -> list[SourceRelation]:
        return sorted(
            self.comparison.provenance.relations,
            key=lambda r: (self._doc_pos(r.a), self._doc_pos(r.b), r.a, r.b, r.verdict),
        )

    @cached_property
    def derived_relations(self) -> list[SourceRelation]:
        return [relation for relation in self.relations if relation.verdict in DERIVED_VERDICTS]

    @cached_property
    def spin(self) -> list[SpinFinding]:
        return sorted(
            self.comparison.provenance.spin,
            key=lambda s: (self._doc_pos(s.doc_id), s.start, s.end, s.phrase, s.likely_original, s.method),
        )

    @cached_property
    def spun_documents(self) -> list[str]:
        return sorted(set(self.comparison.provenance.spun_documents), key=lambda d: (self._doc_pos(d), d))

    @cached_property
    def source_groups(self) -> list[list[str]]:
        groups = [sorted(set(group), key=lambda d: (self._doc_pos(d), d)) for group in self.comparison.provenance.source_groups]
        return sorted((g for g in groups if g), key=lambda g: (self._doc_pos(g[0]), g[0]))

    def spin_in_claim(self, claim: Claim) -> list[SpinFinding]:
        """Spin findings whose document span lies inside this claim, for highlighting."""
        return [s for s in self.spin if s.doc_id == claim.doc_id and claim.start <= s.start and s.end <= claim.end]
