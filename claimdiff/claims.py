"""Stage 2: cut Documents into atomic claims, each with exact character spans.

Sentences come from rules, because every claim's span inside Document.text must be exact
(highlighting, provenance, JSON) and headings must stay units of their own:

* lines: a line is a unit; a line that breaks mid-sentence (the next line starts lower-case, or
  it ends with a comma or a function word) is joined with the next, so hard-wrapped text works,
  while a heading (a short line without final punctuation) never glues onto the next sentence;
* sentence ends: . ! ? … (and CJK 。！？) plus any closing quotes/brackets, followed by
  whitespace and something that can start a sentence (not a lower-case letter); never inside a
  (short) bracket pair; never after a title ("Mr.", "Sens.", "Lt. Col.", "St."); never after an
  abbreviation before a number ("No. 5", "Nov. 26"); after an initial ("Duncan D. Hunter") only
  before a clear sentence opener; decimals ("3.1") have no space after the dot and never split.

spaCy's parser (claimdiff.nlp.english, en_core_web_sm) decides what rules cannot:

* a break after another abbreviation, a dotted acronym or an initial ("Inc.", "U.S.", "a.m.")
  stands only when the parse finds a subject and a finite verb at the root on both sides:
  "...imposed by the U.S. The EU followed" splits, "The U.S. Congress..." does not;
* a compound sentence splits at ";", ", and/but/yet/so" or ", while/whereas" only where each
  side is a clause of its own (one head with its own subject and finite verb, not opened by its
  subordinator, nothing of the other side inside it, the two heads coordinated at the top of the
  sentence), and never where a split would cut a claim off from who said it: not after a
  reporting verb ("Police said the fire started at 3 a.m., and the building was empty." stays
  whole), not where either side carries a trailing attribution ("..., the fire service said.",
  "..., he said, but ..."), and not when the sentence opens with a subordinate clause ("As
  Blinken detailed..., while China..."). "or" and "nor" never split: their clauses do not hold
  on their own.

The word lists (titles, abbreviations, reporting verbs, conjunctions) are data:
claimdiff/data/segmentation.tsv. All sentences of a document set are parsed in one nlp.pipe
call (extract_all); a document's claims never depend on the other documents in the set.
Headlines (the document title and section headings) are kept whole with headline=True;
questions get question=True. Fragments under three words are not claims unless headlines.

A claim is a statement someone could check, so a sentence that states nothing is set aside as a
non-claim (segment_all): kept with its span and id for the report, never aligned or judged. The
parse decides, and only for a whole sentence that is not a question, is no part of a quotation
(speech is a claim whatever its form) and has no clause of its own (no finite verb with a subject
anywhere):

* an imperative: its root is a bare verb that only punctuation, an interjection, a conjunction,
  a list marker or an adverb precedes ("Let's hope that changes now.", "Welcome to Kingsmere,
  Sander!", "Click for more."), but not an inversion adverb ("So do a lot of other people.");
* a short verbless sentence or exclamation that names no one and gives no figure ("4) The
  partner.", "One word: survival.", "What a strange story."); a longer one is more likely a
  statement whose verb the small parser misread ("...another four or five shots ring out.").

Which sentences are parsed for this is a matter of cost: up to MAX_IMPERATIVE_WORDS words, or
ending with "!"; longer imperatives stay claims. A question alone on its line without a verb
("Beijing's weakness or strength?") is a section heading, so it becomes a headline.
"""

from __future__ import annotations

import bisect
import importlib.resources
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from claimdiff.model import Claim, Document

MIN_CLAIM_WORDS = 3
MIN_CLAUSE_WORDS = 4  # words (not punctuation) on each side of a clause split
MAX_HEADLINE_WORDS = 25
MAX_BRACKET_SPAN = 300  # a longer "parenthetical" is an unbalanced bracket, not an aside
MAX_PARSED_CHARACTERS = 1000  # longer "sentences" are lists or run-ons: kept whole, never parsed
MAX_IMPERATIVE_WORDS = 12  # longer sentences are not parsed to find out whether they state nothing (cost)
MAX_VERBLESS_WORDS = 8  # a longer sentence without a verb is more often a misread statement than a caption
SUBJECT_DEPENDENCIES = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SUBJECT_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "DET", "X", "SYM"})
_IMPERATIVE_TAGS = frozenset({"VB", "VBP"})  # en_core_web_sm tags a sentence-initial "Welcome" VBP
_BEFORE_IMPERATIVE = frozenset({"punct", "intj", "cc", "meta", "advmod", "discourse"})  # "Please", "And", "4)"
_UNUSED_PIPES = ("ner",)  # the claims stage reads tags, lemmas and dependencies only

_TERMINATORS = ".!?…。！？"
_CJK_TERMINATORS = "。！？"
_CLOSERS = "\"'”’»)]}」』"
_OPENERS = "\"'“‘«([{「『"
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_SENTENCE_PUNCTUATION = tuple(".!?;:,…。！？")  # a line ending in one of these is not a heading
_LINE_ENDINGS = tuple(".!?;:…。！？")  # a line ending in one of these is complete, not hard-wrapped
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g, a.m, Ph.D (the final dot is the candidate)
_INITIAL = re.compile(r"[A-Z]")
_TERMINATOR_RUN = re.compile(r"[.!?…。！？]+[\"'”’»)\]}」』]*")
_BRACKET_CHARS = re.compile(r"[()\[\]{}]")
_QUOTE_CHARS = re.compile(r'[“”"]')
_QUOTATION = re.compile(r"[“”\"‘«»]|(?:^|\s)'|[.,!?]['’]")  # quoted speech is a claim whatever its form (’ alone is an apostrophe)
_NEXT_WORD = re.compile(r"[\w’']+")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """claimdiff/data/segmentation.tsv as {list name: words}; a malformed row is a packaging bug."""
    text = importlib.resources.files("claimdiff").joinpath("data", "segmentation.tsv").read_text(encoding="utf-8")
    lists: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1] or parts[1] != parts[1].lower():
            raise ValueError(f"segmentation.tsv line {number}: expected 'list<TAB>lower-case word'")
        lists.setdefault(parts[0], set()).add(parts[1])
    return {name: frozenset(words) for name, words in lists.items()}


def _may_split_pattern() -> re.Pattern:
    lists = word_lists()
    words = "|".join(sorted(lists["coordinator"] | lists["contrast-marker"]))
    return re.compile(rf";\s|,\s+(?:{words})\s", re.IGNORECASE)


_MAY_SPLIT = _may_split_pattern()


@dataclass(frozen=True)
class _Unit:
    """A stretch of text that sentences never cross: one line, or hard-wrapped lines joined."""

    start: int
    end: int
    single_line: bool


@dataclass
class _Piece:
    """A rule sentence, or part of one cut at an abbreviation the parse has to confirm."""

    start: int
    end: int
    text: str
    soft_start: bool  # begins right after an abbreviation, acronym or initial: a break to confirm
    complete: bool | None = None  # subject and finite verb found; None when not parsed
    clause_cuts: list[tuple[int, int]] = field(default_factory=list)  # (left end, right start) offsets
    quoted: bool = False  # begins inside a quotation that started in an earlier sentence
    states_nothing: str | None = None  # "imperative", "no verb", "exclamation": why it is no claim
    has_verb: bool | None = None  # for a short question: None when not parsed


@dataclass(frozen=True)
class Segmentation:
    """A document set cut into claims, and the sentences set aside because they state nothing.

    Both are numbered in one sequence per document, so a claim's id does not depend on whether
    the sentence before it was set aside, and a non-claim can be shown where it stands.
    """

    claims: tuple[Claim, ...]
    non_claims: tuple[Claim, ...]  # imperatives, greetings, list labels, captions: shown, never judged


def extract_claims(document: Document) -> list[Claim]:
    """Claims in document order; Claim.id is '<doc id>#<index>'."""
    return extract_all([document])


def extract_all(documents: Sequence[Document]) -> list[Claim]:
    """Claims of every document, in order, with one parser pass over all their sentences."""
    return list(segment_all(documents).claims)


def segment_all(documents: Sequence[Document]) -> Segmentation:
    """Claims and non-claims of every document, in order, with one parser pass over all their sentences."""
    layouts = [_layout(document) for document in documents]
    _parse([piece for blocks in layouts for block in blocks for piece in block.pieces])
    claims: list[Claim] = []
    non_claims: list[Claim] = []
    for document, blocks in zip(documents, layouts):
        for claim, states_nothing in _claims_of(document, blocks):
            (non_claims if states_nothing else claims).append(claim)
    return Segmentation(tuple(claims), tuple(non_claims))


def word_count(text: str) -> int:
    """Words, counting each CJK character as one since those scripts have no spaces."""
    return len(_WORD.findall(text))


@dataclass
class _Block:
    """One unit of a document: a headline kept whole (no pieces), or prose cut into sentence pieces."""

    start: int
    end: int
    headline: bool
    pieces: list[_Piece]
    single_line: bool = False


def _layout(document: Document) -> list[_Block]:
    text = document.text
    blocks: list[_Block] = []
    for number, unit in enumerate(_units(text)):
        if _is_headline(text[unit.start : unit.end], unit, number, document):
            blocks.append(_Block(*_strip_span(text, unit.start, unit.end), headline=True, pieces=[]))
        else:
            blocks.append(_Block(unit.start, unit.end, headline=False, pieces=_pieces(text, unit.start, unit.end), single_line=unit.single_line))
    return blocks


def _claims_of(document: Document, blocks: list[_Block]) -> list[tuple[Claim, bool]]:
    """(claim, whether it states nothing) in document order."""
    text = document.text
    found: list[tuple[int, int, int, int, bool, bool, bool]] = []
    for block in blocks:
        if block.headline or _is_question_heading(block):
            if block.start < block.end and word_count(text[block.start : block.end]) > 0:
                found.append((block.start, block.end, block.start, block.end, True, _is_question(text[block.start : block.end]), False))
            continue
        for sentence in _sentences(text, block.pieces):
            sentence_start, sentence_end = sentence[0].start, sentence[-1].end
            states_nothing = len(sentence) == 1 and not sentence[0].clause_cuts and sentence[0].states_nothing is not None
            for start, end in _clauses(text, sentence):
                claim_text = text[start:end]
                if word_count(claim_text) >= MIN_CLAIM_WORDS:
                    found.append((start, end, sentence_start, sentence_end, False, _is_question(claim_text), states_nothing))
    return [
        (
            Claim(
                id=f"{document.id}#{index}",
                doc_id=document.id,
                index=index,
                text=text[start:end],
                start=start,
                end=end,
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                headline=headline,
                question=question,
            ),
            states_nothing,
        )
        for index, (start, end, sentence_start, sentence_end, headline, question, states_nothing) in enumerate(found)
    ]


def _is_question_heading(block: _Block) -> bool:
    """A line that is one short question without a verb ("Beijing's weakness or strength?") heads a section."""
    return block.single_line and len(block.pieces) == 1 and block.pieces[0].has_verb is False


# --------------------------------------------------------------------------------------------
# Units (lines) and headlines
# --------------------------------------------------------------------------------------------


def _units(text: str) -> list[_Unit]:
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        start, end = _strip_span(text, position, position + len(line))
        if start < end:
            lines.append((start, end))
        position += len(line) + 1
    units: list[_Unit] = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        joined = False
        while index + 1 < len(lines) and _continues(text, lines[index], lines[index + 1]):
            index += 1
            end = lines[index][1]
            joined = True
        units.append(_Unit(start, end, single_line=not joined))
        index += 1
    return units


def _continues(text: str, line: tuple[int, int], following: tuple[int, int]) -> bool:
    """Whether a line break falls mid-sentence (hard-wrapped text) rather than after a unit."""
    if following[0] - line[1] > 1:
        return False  # a blank line in between: a paragraph break
    current = text[line[0] : line[1]]
    if current.rstrip(_CLOSERS).endswith(_LINE_ENDINGS):
        return False
    next_char = text[following[0]]
    if next_char.islower():
        return True
    last_word = current.rsplit(None, 1)[-1].lower()
    return current.endswith((",", "-", "–", "—", "(")) or last_word in word_lists()["join-word"]


def _is_headline(unit_text: str, unit: _Unit, number: int, document: Document) -> bool:
    if not unit.single_line:
        return False
    if number == 0 and document.title and unit_text.strip().casefold() == document.title.strip().casefold():
        return True
    words = word_count(unit_text)
    if words > MAX_HEADLINE_WORDS:
        return False
    ending = unit_text.rstrip(_CLOSERS)
    if ending.endswith(("…", "...")):
        return words <= 12  # "Beijing faces some risks…": a teaser heading
    return not ending.endswith(_SENTENCE_PUNCTUATION)


def _is_question(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(("?", "？"))


def _has_word(text: str) -> bool:
    return word_count(text) > 0


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end] by the rules alone (no parse), stripped of whitespace.

    A break after an abbreviation, acronym or initial stands here only before a clear sentence
    opener ("the", "but", ...); extract_all lets the parser decide it instead.
    """
    pieces = _pieces(text, start, end)
    return [(group[0].start, group[-1].end) for group in _sentences(text, pieces)]


def _pieces(text: str, start: int, end: int) -> list[_Piece]:
    protected = _Intervals(_bracket_pairs(text, start, end))
    quoted = _inside_quotes(text, start, end)
    pieces: list[_Piece] = []
    piece_start, soft = start, False
    for match in _TERMINATOR_RUN.finditer(text, start, end):
        kind = _break_after(text, match.start(), match.end(), end, protected, start)
        if kind is None:
            continue
        span = _strip_span(text, piece_start, match.end())
        if span[0] < span[1]:
            pieces.append(_Piece(span[0], span[1], text[span[0] : span[1]], soft, quoted=span[0] in quoted))
        piece_start, soft = match.end(), kind == "soft"
    span = _strip_span(text, piece_start, end)
    if span[0] < span[1]:
        pieces.append(_Piece(span[0], span[1], text[span[0] : span[1]], soft, quoted=span[0] in quoted))
    return pieces


def _inside_quotes(text: str, start: int, end: int) -> "_Intervals":
    """Offsets inside double quotes, an unclosed quote running to the end of the unit (as a quote
    that goes on into the next paragraph does): the middle sentence of a quotation is speech too."""
    return _Intervals([(opened + 1, closed) for opened, closed in _quoted_spans(text, start, end, unclosed_to_end=True)])


def _break_after(text: str, terminator: int, boundary: int, end: int, protected: "_Intervals", start: int) -> str | None:
    """'hard' for a sentence end, 'soft' for one after an abbreviation the parse must confirm, None for none."""
    if boundary >= end:
        return "hard"
    if boundary in protected:
        return None  # inside a bracketed aside that continues past this point
    if text[boundary - 1] in _CJK_TERMINATORS or text[terminator] in _CJK_TERMINATORS:
        return "hard"
    if not text[boundary].isspace():
        return None  # 3.1, osw.waw.pl, U.S.-led
    following = boundary
    while following < end and text[following].isspace():
        following += 1
    if following >= end:
        return "hard"
    next_char = text[following]
    if next_char.islower():
        return None  # "he said... it was", "e.g. the"
    if text[terminator] != "." or (boundary - terminator > 1 and text[terminator + 1] in _TERMINATORS):
        return "hard"  # ! ? … and "..." end a sentence before anything but lower case
    token = _token_before(text, terminator, start)
    lowered = token.lower()
    lists = word_lists()
    if lowered in lists["title"]:
        return None
    if lowered in lists["number"] or lowered in lists["abbreviation"]:
        return None if next_char.isdigit() else ("hard" if lowered in lists["number"] else "soft")  # "No. 5", "Nov. 26"
    if _INITIAL.fullmatch(token):  # "Duncan D. Hunter", "L. Jinny": a name goes on unless a sentence clearly starts
        next_word = _NEXT_WORD.match(text, following, end)
        return "soft" if next_word and next_word.group(0).lower() in lists["sentence-opener"] else None
    if _DOTTED_ACRONYM.fullmatch(token):
        return "soft"
    return "hard"


def _sentences(text: str, pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped into sentences: a soft break stands when both sides are complete clauses."""
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups and piece.soft_start and not _soft_break_stands(text, groups[-1][-1], piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _soft_break_stands(text: str, left: _Piece, right: _Piece) -> bool:
    if left.complete is None or right.complete is None:  # not parsed: the rule of thumb
        next_word = _NEXT_WORD.match(text, right.start, right.end)
        return bool(next_word) and next_word.group(0).lower() in word_lists()["sentence-opener"]
    return left.complete and right.complete


def _token_before(text: str, position: int, start: int) -> str:
    """The word the dot at position ends, without opening punctuation: 'U.S', 'Mr', 'W'."""
    begin = position
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:position].lstrip(_OPENERS)


class _Intervals:
    """Sorted, merged half-open intervals; `p in intervals` in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for low, high in sorted(spans):
            if merged and low <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        self.lows = [low for low, _ in merged]
        self.highs = [high for _, high in merged]

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self.lows, position) - 1
        return index >= 0 and position < self.highs[index]


def _bracket_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets inside matched (short) bracket pairs, as half-open intervals.

    A position p is inside the pair (open, close) when open < p <= close, so a sentence that
    ends with "...other.)" may end right after the closing bracket.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for match in _BRACKET_CHARS.finditer(text, start, end):
        char, position = match.group(0), match.start()
        if char in "([{":
            stack.append((char, position))
        elif stack and stack[-1][0] == _BRACKETS[char]:
            _, opened = stack.pop()
            if position - opened <= MAX_BRACKET_SPAN:
                spans.append((opened + 1, position + 1))
        else:
            stack.clear()  # a stray closer: earlier openers cannot be matched reliably
    return spans


def _quoted_spans(text: str, start: int, end: int, *, unclosed_to_end: bool = False) -> list[tuple[int, int]]:
    """Offsets inside “curly” or "straight" double quotes; separators there belong to the quote."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in _QUOTE_CHARS.finditer(text, start, end):
        char, position = match.group(0), match.start()
        if char == "“" or (char == '"' and open_at is None):
            open_at = position
        elif open_at is not None:
            spans.append((open_at, position))
            open_at = None
    if unclosed_to_end and open_at is not None:
        spans.append((open_at, end))
    return spans


# --------------------------------------------------------------------------------------------
# Parsing and clauses
# --------------------------------------------------------------------------------------------


def _parse(pieces: list[_Piece]) -> None:
    """One nlp.pipe pass: whether each piece is a complete clause, and where it splits into clauses.

    Only pieces with a question for the parser are parsed (a break after an abbreviation on either
    side, or a separator that could join two clauses); the rest are kept whole, which keeps the
    stage's cost a fraction of a second per hundred articles.
    """
    wanted = {index for index, piece in enumerate(pieces) if _MAY_SPLIT.search(piece.text)}
    for index, piece in enumerate(pieces):
        if piece.soft_start and index > 0:
            wanted.update((index - 1, index))
    short = {index for index, piece in enumerate(pieces) if _may_state_nothing(piece)}
    parsable = [
        (index in wanted, piece)
        for index, piece in enumerate(pieces)
        if (index in wanted or index in short) and len(piece.text) <= MAX_PARSED_CHARACTERS
    ]
    if not parsable:
        return
    from claimdiff.nlp import english

    for (splittable, piece), parsed in zip(parsable, english().pipe((piece.text for _, piece in parsable), disable=list(_UNUSED_PIPES))):
        if splittable:
            piece.complete = any(_is_clause_head(sentence.root) for sentence in parsed.sents)
            piece.clause_cuts = [(piece.start + left, piece.start + right) for left, right in _clause_cuts(parsed, piece.text)]
        if not _may_state_nothing(piece):
            continue  # parsed for its clauses only: a sentence's verdict must not depend on its commas
        if _is_question(piece.text):
            piece.has_verb = any(token.pos_ in ("VERB", "AUX") for token in parsed)
        else:
            piece.states_nothing = _states_nothing(parsed, piece.text)


def _may_state_nothing(piece: _Piece) -> bool:
    """Whether a sentence is worth parsing to find out if it states nothing (or is a verbless question)."""
    if piece.quoted or _QUOTATION.search(piece.text):
        return False
    return word_count(piece.text) <= MAX_IMPERATIVE_WORDS or piece.text.rstrip(_CLOSERS).endswith("!")


def _states_nothing(parsed, text: str) -> str | None:
    """Why a parsed sentence without quotation marks is no claim ("imperative", "no verb", "exclamation"), or None."""
    tokens = list(parsed)
    if any(_is_clause_head(token) for token in tokens):
        return None
    for sentence in parsed.sents:
        root = sentence.root
        opening = tokens[sentence.start : root.i]
        if (
            root.tag_ in _IMPERATIVE_TAGS
            and not any(_is_subject(child) for child in root.children)
            and all(token.dep_ in _BEFORE_IMPERATIVE or token.tag_ == "LS" for token in opening)
            and not any(token.lower_ in word_lists()["inversion-adverb"] for token in opening)
        ):
            return "imperative"
    if word_count(text) > MAX_VERBLESS_WORDS or _names_or_counts(tokens):
        return None
    if not any(token.pos_ in ("VERB", "AUX") for token in tokens):
        return "no verb"
    if text.rstrip(_CLOSERS).endswith("!"):
        return "exclamation"
    return None


def _names_or_counts(tokens) -> bool:
    """A name or a figure ("James Foley in Aleppo, 2012.") may be checkable even without a verb; a list number is not."""
    return any(token.pos_ == "PROPN" or (any(c.isdigit() for c in token.text) and token.tag_ != "LS") for token in tokens)


def _clauses(text: str, sentence: list[_Piece]) -> list[tuple[int, int]]:
    """Claim spans of one sentence: the sentence cut at its pieces' clause splits."""
    start, end = sentence[0].start, sentence[-1].end
    spans: list[tuple[int, int]] = []
    for piece in sentence:
        for left_end, right_start in piece.clause_cuts:
            spans.append(_trim_clause(text, start, left_end))
            start = right_start
    spans.append(_trim_clause(text, start, end))
    return [span for span in spans if span[0] < span[1]]


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = _strip_span(text, start, end)
    while end > start and text[end - 1] in ",;":
        end -= 1
    return _strip_span(text, start, end)


def _is_finite(token) -> bool:
    if token.tag_ in FINITE_TAGS or "Fin" in token.morph.get("VerbForm"):
        return True
    return any(child.dep_ in ("aux", "auxpass") and child.tag_ in FINITE_TAGS for child in token.children)


def _is_clause_head(token) -> bool:
    """A finite verb (or predicate with a finite auxiliary or copula) that has its own subject."""
    if not any(_is_subject(child) for child in token.children):
        return False
    if _is_finite(token):
        return True
    # en_core_web_sm often tags a past tense with a subject as a participle ("Sprinklers activated")
    return token.tag_ == "VBN" and not any(child.dep_ in ("aux", "auxpass") for child in token.children)


def _is_subject(token) -> bool:
    """A subject dependency on a word that can be one ("doubtless believes": an adverb is not)."""
    if token.dep_ not in SUBJECT_DEPENDENCIES:
        return False
    return token.dep_ in ("csubj", "csubjpass", "expl") or token.pos_ in _SUBJECT_POS


def _clause_cuts(parsed, text: str) -> list[tuple[int, int]]:
    """Character offsets (left end, right start) where one parsed sentence splits into clauses."""
    tokens = list(parsed)
    if len(tokens) < 2 * MIN_CLAUSE_WORDS or tokens[0].dep_ == "mark":
        return []  # too short, or opens with a subordinate clause that scopes over every clause
    shielded = _Intervals(_bracket_pairs(text, 0, len(text)) + _quoted_spans(text, 0, len(text)))
    separators = [span for span in _separators(tokens) if tokens[span[0]].idx not in shielded]
    while separators:
        segments = _segments(tokens, separators)
        heads = [_segment_head(tokens, segment) for segment in segments]
        failing = next((index for index, head in enumerate(heads) if head is None), None)
        if failing is not None:
            separators.pop(_separator_to_drop(tokens, segments, failing))
            continue
        attributed = [_has_trailing_attribution(tokens, segment, head) for segment, head in zip(segments, heads)]
        failing = next(
            (
                index
                for index in range(len(heads) - 1)
                if attributed[index] or attributed[index + 1] or not _may_split(heads[index], heads[index + 1])
            ),
            None,
        )
        if failing is None:
            break
        separators.pop(failing)
    return [
        (tokens[first - 1].idx + len(tokens[first - 1].text), tokens[last + 1].idx)
        for first, last in separators
    ]


def _separators(tokens) -> list[tuple[int, int]]:
    """Token ranges (first, last) of candidate clause separators: ';', ', and/but/...', ', while'.

    Without a comma, "and" joins a compound predicate or a short pair far more often than two
    statements, so a sentence like "The fire started at dawn and a spokesman said..." stays whole.
    """
    lists = word_lists()
    found: list[tuple[int, int]] = []
    for token in tokens[1:-1]:
        lowered = token.lower_
        after_comma = tokens[token.i - 1].text == ","
        is_coordinator = token.dep_ == "cc" and lowered in lists["coordinator"]
        is_contrast = token.dep_ == "mark" and lowered in lists["contrast-marker"]
        if token.text == ";":
            first = last = token.i
            if tokens[token.i + 1].dep_ == "cc" and tokens[token.i + 1].lower_ in lists["coordinator"]:
                last = token.i + 1
        elif (is_coordinator or is_contrast) and after_comma:
            first, last = token.i - 1, token.i
        else:
            continue
        if found and first <= found[-1][1] + 1:
            continue  # "; and": one separator
        if first > 0 and last < len(tokens) - 1:
            found.append((first, last))
    return found


def _segments(tokens, separators: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges [first, last] between the separators."""
    segments, first = [], 0
    for separator_first, separator_last in separators:
        segments.append((first, separator_first - 1))
        first = separator_last + 1
    segments.append((first, len(tokens) - 1))
    return segments


def _separator_to_drop(tokens, segments: list[tuple[int, int]], failing: int) -> int:
    """The separator on the side a failing segment depends on: "normalize | and grow" joins leftwards."""
    if failing == 0:
        return 0
    if failing == len(segments) - 1:
        return failing - 1
    first, last = segments[failing]
    for token in tokens[first : last + 1]:
        if not first <= token.head.i <= last:
            return failing - 1 if token.head.i < first else failing
    return failing - 1


def _segment_head(tokens, segment: tuple[int, int]):
    """The one clause head of a segment that stands alone, or None.

    Standing alone: every word but one depends on a word inside the segment, that one is a
    finite verb with its own subject, the segment does not open with that verb's subordinator,
    and it has MIN_CLAUSE_WORDS words.
    """
    first, last = segment
    words = [token for token in tokens[first : last + 1] if not token.is_punct]
    if len(words) < MIN_CLAUSE_WORDS:
        return None
    outside = [token for token in words if token.head.i == token.i or not first <= token.head.i <= last]
    if len(outside) != 1 or not _is_clause_head(outside[0]):
        return None
    opener = words[0]
    if opener.head.i == outside[0].i and (opener.dep_ == "mark" or opener.tag_ in ("WDT", "WP", "WRB")):
        return None  # "..., and when Beijing didn't help": a subordinate clause, not a statement
    return outside[0]


def _has_trailing_attribution(tokens, segment: tuple[int, int], head) -> bool:
    """Whether a reporting verb follows the segment's own clause ("..., he said", "..., the source told
    Reuters", "..., according to X"): such an attribution may cover the neighbouring clause too."""
    reporting = word_lists()["reporting-verb"]
    first, last = segment
    return any(
        token.i > head.i and token.lemma_.lower() in reporting and token.pos_ == "VERB"
        for token in tokens[first : last + 1]
    )


def _may_split(left, right) -> bool:
    """Whether two clause heads are coordinated at the top and no attribution is cut off."""
    coordinated = (
        right.head.i == left.i
        or left.head.i == right.i
        or (right.head.i == left.head.i and left.head.i != left.i)
        or (left.dep_ == "ROOT" and right.dep_ == "ROOT")
    )
    if not coordinated:
        return False  # e.g. a conjunct of a clause nested inside the left side ("X said A, and B")
    reporting = word_lists()["reporting-verb"]
    if left.lemma_.lower() in reporting and right.lemma_.lower() not in reporting:
        return False  # what follows may still be what was said
    if right.lemma_.lower() in reporting and left.head.i == right.i:
        return False  # the left side is what the right side's speaker said
    return True
