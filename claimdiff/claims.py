"""Stage 2: cut a Document into atomic claims, each with exact character spans.

Why a small segmenter of our own rather than a library: the later stages need every claim's
span inside Document.text to be exact (highlighting, provenance, JSON), headings must stay
units of their own, and compound sentences are split further into clauses. pysbd, the usual
pure-Python choice, has had no release since 2021 and its character spans are known to drift
on repeated sentences; NLTK's punkt and spaCy bring models or large downloads for a task that
news prose needs only these rules for:

* lines: a line is a unit; a line that breaks mid-sentence (the next line starts lower-case, or
  it ends with a comma or a function word) is joined with the next, so hard-wrapped text works,
  while a heading (a short line without final punctuation) never glues onto the next sentence;
* sentence ends: . ! ? … (and CJK 。！？) plus any closing quotes/brackets, followed by
  whitespace and something that can start a sentence (not a lower-case letter); never inside a
  (short) bracket pair; never after a known abbreviation (Mr., Dr., St., No. 5, e.g., a.m.),
  an initial (W. Rodkiewicz) or a dotted acronym (U.S.) unless the next word clearly starts a
  sentence ("The", "But", ...); decimals ("3.1") have no space after the dot and never split;
* clauses: a sentence splits at "; " and at ", but|while|whereas|and " when both sides stand
  alone: at least five words with a verb-like word each, the right side starting with a
  subject, and the left side not a subordinate clause ("As Blinken detailed..., while ...").

Headlines (the document title and section headings) are kept whole with headline=True;
questions get question=True. Fragments under three words are not claims unless headlines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from claimdiff.model import Claim, Document

MIN_CLAIM_WORDS = 3
MIN_CLAUSE_WORDS = 5
MAX_HEADLINE_WORDS = 25
MAX_BRACKET_SPAN = 300  # a longer "parenthetical" is an unbalanced bracket, not an aside
MAX_SPLITTABLE_SENTENCE = 1000  # characters; longer "sentences" are lists or run-ons, kept whole

_TERMINATORS = ".!?…。！？"
_CJK_TERMINATORS = "。！？"
_CLOSERS = "\"'”’»)]}」』"
_OPENERS = "\"'“‘«([{「『"
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_SENTENCE_PUNCTUATION = tuple(".!?;:,…。！？")  # a line ending in one of these is not a heading
_LINE_ENDINGS = tuple(".!?;:…。！？")  # a line ending in one of these is complete, not hard-wrapped

# abbreviations that never end a sentence when followed by a capitalised word
_TITLES = frozenset(
    "mr mrs ms dr prof gen lt col capt cpt sgt maj adm cmdr sen rep gov pres amb rev fr sr jr st mt ft "
    "hon messrs mme mlle sir".split()
)
# abbreviations that can also end a sentence: split only before a clear sentence opener
_ABBREVIATIONS = frozenset(
    "etc vs v approx est inc ltd co corp bros dept univ assn ave blvd rd fig figs vol vols pp p ch sec "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "cf al ca op ed eds trans intl natl govt".split()
)
_NUMBER_ABBREVIATIONS = frozenset("no nos nr art para".split())  # "No. 5": abbreviation only before a number
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g, a.m, Ph.D (the final dot is the candidate)
_SENTENCE_OPENERS = frozenset(
    "the this that these those it its he she they we i you there here but however and yet so thus then "
    "a an in on at as after before when while if although though meanwhile moreover still instead "
    "also now today yesterday his her their our my what why how who which where".split()
)

_SUBJECT_STARTS = frozenset(
    "i you he she it we they this that these those there the a an its his her their our my some many "
    "most several no each every both all one two three four five six seven eight nine ten".split()
)
_NOT_SUBJECT_STARTS = frozenset("also not rather instead only too even then so just still".split())
_SUBORDINATORS = frozenset(
    "as when if although though because since while after before unless whereas despite once until whether".split()
)
_VERB_WORDS = frozenset(
    """is are was were be been being am has have had do does did will would can could may might must shall
    should says said say tells told claims claimed argues argued believes believed thinks thought knows knew
    wants wanted needs needed seems seemed appears appeared remains remained became become becomes began begins
    came comes went goes made makes took takes gave gives got gets saw sees found finds left leaves held holds
    kept keeps met meets paid pays sent sends spent stood won wins wrote writes led leads fell falls grew grows
    rose rises broke breaks chose fought brought brings bought buys caught sold sells built builds felt feels
    lost loses meant means put puts set sets cut cuts let lets hit ran runs sat shot struck fears feared
    provides provided supports supported signed signs agreed agrees announced reported reports offers offered
    lacks lacked faces faced plays played helps helped shows showed shown""".split()
)
_JOIN_WORDS = frozenset("the a an of to and or in on for with by at from that as but its their his her".split())
_TERMINATOR_RUN = re.compile(r"[.!?…。！？]+[\"'”’»)\]}」』]*")
_BRACKET_CHARS = re.compile(r"[()\[\]{}]")
_QUOTE_CHARS = re.compile(r'[“”"]')
_NEXT_WORD = re.compile(r"[\w’']+")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_CLAUSE_SEPARATOR = re.compile(r";\s+|,\s+(but|while|whereas|and)\s+")


@dataclass(frozen=True)
class _Unit:
    """A stretch of text that sentences never cross: one line, or hard-wrapped lines joined."""

    start: int
    end: int
    single_line: bool


def extract_claims(document: Document) -> list[Claim]:
    """Claims in document order; Claim.id is '<doc id>#<index>'."""
    text = document.text
    found: list[tuple[int, int, int, int, bool, bool]] = []
    for number, unit in enumerate(_units(text)):
        unit_text = text[unit.start : unit.end]
        if _is_headline(unit_text, unit, number, document):
            start, end = _strip_span(text, unit.start, unit.end)
            if _has_word(text[start:end]):
                found.append((start, end, start, end, True, _is_question(text[start:end])))
            continue
        for sentence_start, sentence_end in split_sentences(text, unit.start, unit.end):
            for start, end in split_clauses(text, sentence_start, sentence_end):
                claim_text = text[start:end]
                if word_count(claim_text) < MIN_CLAIM_WORDS:
                    continue
                found.append((start, end, sentence_start, sentence_end, False, _is_question(claim_text)))
    return [
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
        )
        for index, (start, end, sentence_start, sentence_end, headline, question) in enumerate(found)
    ]


def word_count(text: str) -> int:
    """Words, counting each CJK character as one since those scripts have no spaces."""
    return len(_WORD.findall(text))


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
    return current.endswith((",", "-", "–", "—", "(")) or last_word in _JOIN_WORDS


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
    """Sentence spans inside text[start:end], stripped of surrounding whitespace."""
    protected = _Intervals(_bracket_pairs(text, start, end))
    sentences: list[tuple[int, int]] = []
    sentence_start = start
    for match in _TERMINATOR_RUN.finditer(text, start, end):
        if _is_sentence_end(text, match.start(), match.end(), end, protected, start):
            span = _strip_span(text, sentence_start, match.end())
            if span[0] < span[1]:
                sentences.append(span)
            sentence_start = match.end()
    span = _strip_span(text, sentence_start, end)
    if span[0] < span[1]:
        sentences.append(span)
    return sentences


def _is_sentence_end(text: str, terminator: int, boundary: int, end: int, protected: "_Intervals", start: int) -> bool:
    if boundary >= end:
        return True
    if boundary in protected:
        return False  # inside a bracketed aside that continues past this point
    if text[boundary - 1] in _CJK_TERMINATORS or text[terminator] in _CJK_TERMINATORS:
        return True
    if not text[boundary].isspace():
        return False  # 3.1, osw.waw.pl, U.S.-led
    following = boundary
    while following < end and text[following].isspace():
        following += 1
    if following >= end:
        return True
    next_char = text[following]
    if next_char.islower():
        return False  # "he said... it was", "e.g. the"
    if text[terminator] != "." or (boundary - terminator > 1 and text[terminator + 1] in _TERMINATORS):
        return True  # ! ? … and "..." end a sentence before anything but lower case
    token = _token_before(text, terminator, start)
    next_word = _NEXT_WORD.match(text, following, end)
    next_word = next_word.group(0).lower() if next_word else ""
    lowered = token.lower()
    if lowered in _TITLES:
        return False
    if lowered in _NUMBER_ABBREVIATIONS:
        return not next_char.isdigit()
    if lowered in _ABBREVIATIONS or _DOTTED_ACRONYM.fullmatch(token) or re.fullmatch(r"[A-Z]", token):
        return next_word in _SENTENCE_OPENERS
    return True


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


def _quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
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
    return spans


# --------------------------------------------------------------------------------------------
# Clauses
# --------------------------------------------------------------------------------------------


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Atomic claims of one sentence: split at a separator only when both sides stand alone."""
    if end - start > MAX_SPLITTABLE_SENTENCE:
        return [(start, end)]
    shielded = _Intervals(_bracket_pairs(text, start, end) + _quoted_spans(text, start, end))
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for match in _CLAUSE_SEPARATOR.finditer(text, start, end):
        if match.start() in shielded:
            continue
        left = _trim_clause(text, piece_start, match.start())
        right = _trim_clause(text, match.end(), end)
        conjunction = (match.group(1) or "").lower()
        if not (_stands_alone(text[left[0] : left[1]]) and _stands_alone(text[right[0] : right[1]])):
            continue
        if conjunction:
            left_words = text[left[0] : left[1]].split()
            if left_words[0].lower().strip(_OPENERS) in _SUBORDINATORS:
                continue
            if not _starts_with_subject(text[right[0] : right[1]]):
                continue
        pieces.append(left)
        piece_start = match.end()
    last = _trim_clause(text, piece_start, end)
    if last[0] < last[1]:
        pieces.append(last)
    return pieces or [(start, end)]


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = _strip_span(text, start, end)
    while end > start and text[end - 1] in ",;":
        end -= 1
    return _strip_span(text, start, end)


def _stands_alone(clause: str) -> bool:
    words = [word.strip(".,;:!?\"'“”‘’()[]").lower() for word in clause.split()]
    if len(words) < MIN_CLAUSE_WORDS:
        return False
    return any(_is_verb_like(word) for word in words)


def _is_verb_like(word: str) -> bool:
    return word in _VERB_WORDS or word.endswith(("n’t", "n't")) or (len(word) > 4 and word.endswith("ed"))


def _starts_with_subject(clause: str) -> bool:
    words = clause.split()
    first = words[0].strip(_OPENERS)
    lowered = first.lower()
    if lowered in _NOT_SUBJECT_STARTS or (first.islower() and lowered.endswith("ing")):
        return False  # "but also ...", "while maintaining ...": no subject of its own
    if lowered not in _SUBJECT_STARTS and not first[:1].isupper():
        return False
    return any(_is_verb_like(word.strip(".,;:!?\"'“”‘’()").lower()) for word in words[1:9])
