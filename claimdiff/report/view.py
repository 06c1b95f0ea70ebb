"""The figures every output shares, computed once from a Comparison.

HTML, JSON, Markdown and the terminal summary all read this view, so a count can never differ
between them. Everything is put into a canonical order here (documents as given, claims and pairs
in document order, provenance sorted by document position), which is what makes the outputs
byte-identical whatever order an earlier stage happened to produce its tuples and dicts in.
"""

from __future__ import annotations

import importlib.resources
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

from claimdiff.model import Claim, Cluster, Comparison, Conflict, Document, Fact, JudgedPair, Label, SourceRelation, SpinFinding

LABEL_ORDER = (Label.CONTRADICTION, Label.DIVERGENCE, Label.AGREEMENT, Label.PARAPHRASE, Label.RELATED, Label.UNRELATED)
# Pairs in which another source makes, supports or disputes a claim. RELATED pairs are about the
# same event but do neither, so they never make a claim shared and never count as agreement.
ENGAGED_LABELS = frozenset({Label.CONTRADICTION, Label.DIVERGENCE, Label.AGREEMENT, Label.PARAPHRASE})
DERIVED_VERDICTS = ("copy", "rewrite", "shared-source")  # a relation with any other verdict means "independent"
DERIVATION_VERDICTS = ("copy", "rewrite")  # verdicts that make one side the other's derivative (fallback for Provenance.derived)
# Slot kinds a reader can check across sources; names and places are what facts are about, not facts.
CHECKABLE_SLOT_KINDS = ("date", "time", "number", "quantity", "money", "percent", "role", "ordinal", "status", "outcome")
OPENING_PUNCTUATION = " \"“‘'(["  # may stand before a claim's first word
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")


@cache
def context_openers() -> frozenset[str]:
    """First words that make a claim lean on the sentence before it (claimdiff/data/context_openers.txt)."""
    text = importlib.resources.files("claimdiff").joinpath("data", "context_openers.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def needs_context(text: str) -> bool:
    """Whether a claim opens with a pronoun or demonstrative ("This came...", "They include...")."""
    match = _FIRST_WORD.search(text[:40])
    if match is None or text[: match.start()].strip(OPENING_PUNCTUATION):
        return False
    word = re.sub(r"[’']s$", "", match.group(0).lower())
    return word in context_openers()


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
    divergences: int = 0


@dataclass(frozen=True)
class Figures:
    """One number per concept, named once: every renderer prints these and nothing it counted itself."""

    documents: int
    claims: int
    unique_claims: int  # claims no other source makes, supports or disputes
    shared_claims: int  # clusters: claims made by two or more sources
    corroborated_claims: int  # shared claims backed by 2+ independent source groups (a copy does not corroborate)
    aligned_pairs: int  # every judged pair except 'unrelated'
    contradictions: int
    independent_contradictions: int  # contradictions whose sides come from independent source groups
    divergences: int
    agreements: int
    paraphrases: int
    related: int
    unrelated: int
    conflicts: int  # fact conflicts and misquotes (Comparison.conflicts)
    derived_documents: int  # sources that copy, rewrite or spin a single original
    spun_documents: int


@dataclass(frozen=True)
class FactValue:
    """What one source's claim says for one row of "facts at a glance"."""

    text: str
    claim_id: str
    conflicting: bool


@dataclass(frozen=True)
class FactRow:
    """One actor/event and what each source states about it; conflict rows carry their conflicts."""

    subject: str
    kinds: tuple[str, ...]
    cells: dict[str, tuple[FactValue, ...]]  # doc id -> values, in claim order
    conflicts: tuple[Conflict, ...] = ()


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
        return self.claims_by_doc.get(doc_id, [])

    @cached_property
    def claims_by_doc(self) -> dict[str, list[Claim]]:
        found: dict[str, list[Claim]] = {doc.id: [] for doc in self.documents}
        for claim in self.claims:
            found[claim.doc_id].append(claim)
        return found

    # --- pairs and clusters --------------------------------------------------------------------

    @cached_property
    def pairs(self) -> list[JudgedPair]:
        return sorted(self.comparison.pairs, key=lambda p: (self.claim_position[p.a], self.claim_position[p.b], p.label))

    @cached_property
    def aligned_pairs(self) -> list[JudgedPair]:
        """Pairs that are about the same thing; 'unrelated' ones were only retrieval candidates."""
        return [pair for pair in self.pairs if self.label_of(pair) is not Label.UNRELATED]

    @cached_property
    def engaged_pairs(self) -> list[JudgedPair]:
        """Pairs in which one source makes, supports or disputes the other's claim."""
        return [pair for pair in self.pairs if self.label_of(pair) in ENGAGED_LABELS]

    @cached_property
    def label_counts(self) -> dict[Label, int]:
        counts = Counter(self.label_of(pair) for pair in self.pairs)
        return {label: counts.get(label, 0) for label in LABEL_ORDER}

    @cached_property
    def contradictions(self) -> list[JudgedPair]:
        """Strongest first, so a reader who stops early has seen the ones that matter most."""
        found = [pair for pair in self.pairs if self.label_of(pair) is Label.CONTRADICTION]
        return sorted(found, key=lambda p: (-round(float(p.confidence), 4), self.claim_position[p.a], self.claim_position[p.b]))

    @cached_property
    def divergences(self) -> list[JudgedPair]:
        """The judge's confidence ranks how directly both claims address the same actor, action and counterpart."""
        found = [pair for pair in self.pairs if self.label_of(pair) is Label.DIVERGENCE]
        return sorted(found, key=lambda p: (-round(float(p.confidence), 4), self.claim_position[p.a], self.claim_position[p.b]))

    @cached_property
    def related(self) -> list[JudgedPair]:
        return [pair for pair in self.pairs if self.label_of(pair) is Label.RELATED]

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
    def cluster_centres(self) -> dict[str, str]:
        """Cluster id -> the claim its members were judged to make.

        The judge builds each cluster as a star: a centre and the claims linked to it by a
        paraphrase or agreement. Members need not be linked to each other, so the cluster is
        headed by its centre (the member with the most links inside it; ties: the earliest),
        never merely by its first claim in reading order."""
        linked: set[tuple[str, str]] = set()
        for pair in self.pairs:
            if self.label_of(pair) in (Label.PARAPHRASE, Label.AGREEMENT):
                linked |= {(pair.a, pair.b), (pair.b, pair.a)}
        centres = {}
        for cluster in self.clusters:
            members = [c for c in cluster.claim_ids if c in self.claim_by_id]
            degree = {c: sum((c, other) in linked for other in members if other != c) for c in members}
            if members:  # linked to every other member first, then most links, then the earliest
                centres[cluster.id] = min(members, key=lambda c: (degree[c] < len(members) - 1, -degree[c], self._claim_pos(c)))
        return centres

    @cached_property
    def unique_claims(self) -> frozenset[str]:
        """Claims no other source makes, supports or disputes: in no cluster and in no engaged pair."""
        paired = {claim_id for pair in self.engaged_pairs for claim_id in (pair.a, pair.b)}
        return frozenset(c.id for c in self.claims if c.id not in paired and c.id not in self.cluster_of)

    # --- per source ----------------------------------------------------------------------------

    @cached_property
    def source_stats(self) -> list[SourceStats]:
        involved: dict[str, Counter] = {doc.id: Counter() for doc in self.documents}
        for pair in self.engaged_pairs:
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
                    divergences=involved[doc.id][Label.DIVERGENCE],
                )
            )
        return stats

    @cached_property
    def aligned_share(self) -> list[list[float | None]]:
        """[row][column]: share of the row source's claims that the column source makes, supports or disputes.

        Counted from each claim's set of partner documents (pairs and clusters), so the cost is
        linear in claims and pairs, not in documents squared times claims."""
        position = self.doc_position
        partner_docs: dict[str, set[int]] = {claim.id: set() for claim in self.claims}
        for pair in self.engaged_pairs:
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

    @cached_property
    def derived_from(self) -> dict[str, str]:
        """Derived document -> its single original, in document order.

        Provenance.derived is the answer; only when it is empty (an older provenance stage) are
        copy and rewrite relations with a known original used instead. The original itself is
        never in this map, so it can never be badged as derived."""
        derived = dict(self.comparison.provenance.derived)
        if not derived:
            for relation in self.derived_relations:
                if relation.verdict in DERIVATION_VERDICTS and relation.original in (relation.a, relation.b):
                    copy = relation.b if relation.original == relation.a else relation.a
                    derived.setdefault(copy, relation.original)
        known = {doc: original for doc, original in derived.items() if doc in self.doc_position and original in self.doc_position and doc != original}
        return dict(sorted(known.items(), key=lambda item: self._doc_pos(item[0])))

    @cached_property
    def derivatives(self) -> dict[str, list[str]]:
        """Original -> the documents derived from it, in document order."""
        found: dict[str, list[str]] = {}
        for doc, original in self.derived_from.items():
            found.setdefault(original, []).append(doc)
        return found

    # --- facts and conflicts -------------------------------------------------------------------

    def _claim_pos(self, claim_id: str) -> int:
        return self.claim_position.get(claim_id, len(self.claim_position))

    @cached_property
    def conflicts(self) -> list[Conflict]:
        """Fact conflicts and misquotes whose claims are known, in claim order."""
        known = [c for c in self.comparison.conflicts if c.a in self.claim_by_id and c.b in self.claim_by_id]
        return sorted(known, key=lambda c: (self._claim_pos(c.a), self._claim_pos(c.b), c.kind, c.subject, c.a_span, c.b_span))

    @cached_property
    def conflicts_by_pair(self) -> dict[tuple[str, str], list[Conflict]]:
        found: dict[tuple[str, str], list[Conflict]] = {}
        for conflict in self.conflicts:
            key = tuple(sorted((conflict.a, conflict.b), key=self._claim_pos))
            found.setdefault(key, []).append(conflict)
        return found

    def conflicts_of(self, pair: JudgedPair) -> list[Conflict]:
        return self.conflicts_by_pair.get(tuple(sorted((pair.a, pair.b), key=self._claim_pos)), [])

    @cached_property
    def facts_by_claim(self) -> dict[str, list[Fact]]:
        found: dict[str, list[Fact]] = {}
        for fact in self.comparison.facts:
            if fact.claim_id in self.claim_by_id:
                found.setdefault(fact.claim_id, []).append(fact)
        for facts in found.values():  # by position in the claim, so no earlier stage's order leaks into the JSON
            facts.sort(key=lambda f: (f.predicate_span or (1 << 30, 0), f.actor_span or (1 << 30, 0), f.predicate, f.actor or "", f.modality, f.polarity, repr(f.slots)))
        return found

    @cached_property
    def fact_rows(self) -> list[FactRow]:
        """"Facts at a glance": conflicts first (one row per subject), then facts two or more sources state alike.

        Only the fact stage decides what conflicts; a row of agreeing facts needs the same actor,
        predicate, slot kind and normalised value in at least two documents, and shows each
        document's wording."""
        rows: list[FactRow] = []
        by_subject: dict[str, list[Conflict]] = {}
        for conflict in self.conflicts:
            by_subject.setdefault(" ".join(conflict.subject.split()).casefold(), []).append(conflict)
        in_conflict: set[tuple[str, tuple[int, int]]] = set()
        for group in by_subject.values():
            cells: dict[str, list[FactValue]] = {}
            for conflict in group:
                for claim_id, value, span in ((conflict.a, conflict.a_value, conflict.a_span), (conflict.b, conflict.b_value, conflict.b_span)):
                    in_conflict.add((claim_id, tuple(span)))
                    entry = FactValue(value, claim_id, True)
                    values = cells.setdefault(self.claim(claim_id).doc_id, [])
                    if entry not in values:
                        values.append(entry)
            rows.append(FactRow(group[0].subject, tuple(dict.fromkeys(c.kind for c in group)), self._ordered_cells(cells), tuple(group)))

        stated: dict[tuple[str, str, str], dict[str, list[tuple[str, str, str]]]] = {}  # key -> doc -> [(value, text, claim)]
        for claim in self.claims:
            for fact in self.facts_by_claim.get(claim.id, ()):
                if not fact.actor:
                    continue
                for slot in fact.slots:
                    if slot.kind in CHECKABLE_SLOT_KINDS and (claim.id, tuple(slot.span)) not in in_conflict:
                        stated.setdefault((fact.actor, fact.predicate, slot.kind), {}).setdefault(claim.doc_id, []).append((slot.value, slot.text, claim.id))
        agreeing = []
        for (actor, predicate, kind), per_doc in stated.items():
            docs_by_value = Counter(value for entries in per_doc.values() for value in {v for v, _, _ in entries})
            if len(per_doc) < 2 or not docs_by_value or docs_by_value.most_common(1)[0][1] < 2:
                continue
            cells = {doc: list(dict.fromkeys(FactValue(text, claim_id, False) for _, text, claim_id in entries)) for doc, entries in per_doc.items()}
            first = min(self._claim_pos(claim_id) for entries in per_doc.values() for _, _, claim_id in entries)
            agreeing.append((-len(per_doc), first, FactRow(f"{actor}: {predicate}", (kind,), self._ordered_cells(cells))))
        rows += [row for _, _, row in sorted(agreeing, key=lambda item: (item[0], item[1], item[2].subject, item[2].kinds))]
        return rows

    def _ordered_cells(self, cells: dict[str, list[FactValue]]) -> dict[str, tuple[FactValue, ...]]:
        return {
            doc: tuple(sorted(values, key=lambda v: (self._claim_pos(v.claim_id), v.text)))
            for doc, values in sorted(cells.items(), key=lambda item: self._doc_pos(item[0]))
        }

    # --- context and figures -------------------------------------------------------------------

    def context_of(self, claim: Claim) -> str | None:
        """The sentence before a claim that opens with a pronoun or "this", so the claim can be read alone."""
        if not needs_context(claim.text):
            return None
        document = self.doc_by_id[claim.doc_id]
        before = [c for c in self.claims_of(claim.doc_id) if c.sentence_end <= claim.sentence_start]
        if not before:
            return None
        previous = max(before, key=lambda c: (c.sentence_end, c.index))
        text = " ".join(document.text[previous.sentence_start : previous.sentence_end].split())
        return text or None

    @cached_property
    def figures(self) -> Figures:
        counts = self.label_counts
        return Figures(
            documents=len(self.documents),
            claims=len(self.claims),
            unique_claims=len(self.unique_claims),
            shared_claims=len(self.clusters),
            corroborated_claims=sum(1 for c in self.clusters if self.support(c) >= 2),
            aligned_pairs=len(self.aligned_pairs),
            contradictions=counts[Label.CONTRADICTION],
            independent_contradictions=sum(1 for p in self.contradictions if self.independent(p)),
            divergences=counts[Label.DIVERGENCE],
            agreements=counts[Label.AGREEMENT],
            paraphrases=counts[Label.PARAPHRASE],
            related=counts[Label.RELATED],
            unrelated=counts[Label.UNRELATED],
            conflicts=len(self.conflicts),
            derived_documents=len(self.derived_from),
            spun_documents=len(self.spun_documents),
        )
