"""Quoted words with their speakers, and misquotes between sources (part of the fact stage).

Fact-checkers check quotations first: two outlets that put different words in the same speaker's
mouth cannot both be quoting exactly. This module finds the quoted spans of a document, says who
each quote belongs to, and compares the same speaker's quotes across documents.

Quotes. Straight and typographic marks (" “ ” „ « » ‘ ’ ') are paired per paragraph; a quote nested
inside another stays part of the outer one; a single ’ inside a word is an apostrophe, never a
closing mark. A quote left open at the end of a paragraph runs on only when the next paragraph
opens a quote again (the convention for a remark several paragraphs long).

Speakers. The speech verb (claimdiff/data/speech_verbs.txt) nearest to the quote in its own
sentence gives the speaker through spaCy's parse: "X said", "said X", "X told Y", "X added",
"according to X", "X said: “…”", a quoted fragment inside indirect speech. A quote that is a whole
sentence on its own takes the speaker of the previous sentence of its paragraph, else of the quote
that opens the next one ("It was like a bomb going off," said Dean Ashcroft. "The whole wall
shook…"). "he"/"she" mean the person named last before the quote, "it"/"they" the organisation.
Keys are stable across outlets: a person is their surname ("managing director Paul Pryce",
"Mr Pryce" -> "pryce"), an organisation its name ("Northline bosses", "a spokesperson for
Northline" -> "northline"), "the company" the organisation named last, a text its noun
("according to the judgment" -> "judgment"). The word lists are in claimdiff/data/speaker_words.tsv.

Misquotes. Two documents' quotes of one speaker are compared word by word after normalising marks,
case, punctuation and house style (dotted acronyms, "Jong-un"/"Jong Un", "3"/"three", "Sept"/
"September", "towards"/"toward", -ise/-ize, one name transliterated two ways; the list is
claimdiff/data/quote_spellings.tsv). Never a misquote: the same words, one quote a contiguous part
of the other (or two overlapping windows of one remark), words in square brackets or parentheses
(an editor's insertion) or an ellipsis standing where the other has words, a remark without
quotation marks (it is no Quote), two different remarks (little overlap). A misquote is what is
left: the quotes differ inside the stretch both give, and at least 3 words and 60 % of that
stretch are shared in order. Two short fragments (≤ 4 words, "bitterly disappointed" / "deeply
disappointed") share too few words to tell, so they count as the same remark when the sentences
around them agree instead (at least 5 words in order, 60 % of the longer sentence, the quote in
the same place). A text speaks for its author: "according to the judgment" matches a quote whose
sentence names the judgment. When one side names no speaker (or only a role: "a spokesperson",
"an official"), only a very close quote matches: at least 6 words and 80 % of the stretch shared
in order (and 3 content words, to find it), so that a common phrase two people use is not read as
one remark; two unattributed quotes are never compared.

Wording or meaning. `wording_only` tells a misquote a reviewer must correct (a content word, a
number, a negation, a quantifier, a modal or one pronoun for another differs) from one that gives
the remark in other wording (moved words, a function word or filler more or less, a contraction
written out, one letter slipped): word classes from spaCy's tags and claimdiff/data/quote_wording.tsv.
The explanation of the second says "quote differs in wording only"; `check` warns on it.

Near-linear: quotes meet through an index of (speaker, content word) and of content words; a word
in more than MAX_POSTING quotes is skipped as a key (no remark is identified by it), and so are
the short fragments of a speaker quoted in fragments more than MAX_POSTING times.
"""

from __future__ import annotations

import bisect
import importlib.resources
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from claimdiff.claims import split_sentences
from claimdiff.model import Claim, Conflict, Document, Quote

MIN_SHARED_WORDS = 3  # a misquote shares at least this many words in order with the other quote
MIN_SHARED_SHARE = 0.6  # ... and this share of the longer quote's compared stretch
LOOSE_MIN_SHARED_WORDS = 6  # when one speaker is unknown or only a role
LOOSE_MIN_SHARED_SHARE = 0.8
FRAGMENT_MAX_WORDS = 4  # quotes this short are compared through their sentences
FRAME_MIN_SHARED_WORDS = 5
FRAME_MIN_SHARED_SHARE = 0.6

_ALL_MARKS = "\"“”„«»‘’"
_MARK = re.compile("[\"“”„«»‘’']")
_LEFT_OF_OPENER = " \t([{—–-/:;\"“„«"  # an opening single mark follows one of these (or starts the line)
_WORD = r"\w+(?:['’‘\-‐‑]\w+)*"
_TOKEN = re.compile(
    r"(?P<acronym>\b(?:[A-Za-z]\.){2,})"  # U.S., e.g.: one word, compared without its dots
    r"|(?P<gap>(?<!\w)\[[^\]]*\](?!\w)|(?<!\w)\([^)]*\)(?!\w)|\.\s?\.\s?\.|…)"  # an editor's [insertion] or (aside), an ellipsis
    rf"|(?P<word>(?:\[\w+\])?{_WORD}(?:\[\w+\])?|%)"  # "[A]t", "kill[ed]": the editor's letters read as the word's
)
_PLACEHOLDER = "\x00quote"
_PERSON_PRONOUNS = frozenset("he she him her".split())
_ORG_PRONOUNS = frozenset("it they them".split())
_NAME_LABELS = frozenset({"PERSON"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NOT_SPEAKER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"})


# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    text = importlib.resources.files("claimdiff").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Lemmas of verbs that attribute words to a speaker (claimdiff/data/speech_verbs.txt)."""
    return frozenset(_data_lines("speech_verbs.txt"))


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """Kind ("title", "role", "org", "medium") -> words (claimdiff/data/speaker_words.tsv)."""
    return _grouped_by_kind("speaker_words.tsv", kind_column=1)


def _grouped_by_kind(name: str, kind_column: int) -> dict[str, frozenset[str]]:
    """A two-column rule list read as kind -> entries; a malformed line names its file and number."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for number, line in enumerate(_data_lines(name), 1):
        parts = line.split("\t")
        if len(parts) != 2:
            raise ValueError(f"{name} entry {number}: expected two tab-separated columns, got {line!r}")
        kinds[parts[kind_column]].add(parts[1 - kind_column])
    return {kind: frozenset(entries) for kind, entries in kinds.items()}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# --------------------------------------------------------------------------------------------
# Quoted spans
# --------------------------------------------------------------------------------------------


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the top-level quoted passages of `text`, marks excluded, in text order."""
    spans: list[tuple[int, int]] = []
    lines = _line_spans(text)
    carried: tuple[str, int] | None = None  # a double quote left open by the previous paragraph
    for number, (start, end) in enumerate(lines):
        stack: list[tuple[str, int]] = []
        if carried is not None and start < end and text[start] in "\"“„«":
            stack.append((carried[0], start))  # the run-on paragraph reopens; its mark is the opener
            position = start + 1
        else:
            position = start
        if start < end and text[start:end].strip():
            carried = None
        for mark in _MARK.finditer(text, position, end):
            closed = _scan_mark(text, mark.start(), start, stack)
            if closed is not None:
                spans.append(closed)
        while stack and stack[0][0] not in "\"“„«":
            stack.pop(0)
        if stack:
            following = next((line for line in lines[number + 1 :] if text[line[0] : line[1]].strip()), None)
            if following and text[following[0]] in "\"“„«":
                spans.append((stack[0][1] + 1, end))
                carried = (stack[0][0], stack[0][1])
    return [span for span in (_trim(text, s, e) for s, e in spans) if span is not None]


def _scan_mark(text: str, index: int, line_start: int, stack: list[tuple[str, int]]) -> tuple[int, int] | None:
    """Push or pop the mark at `index`; a span when it closes a top-level quote."""
    char = text[index]
    if char not in _ALL_MARKS and char != "'":
        return None
    kinds = [kind for kind, _ in stack]
    previous = text[index - 1] if index > line_start else " "
    following = text[index + 1] if index + 1 < len(text) else " "

    def close(kind_set: str) -> tuple[int, int] | None:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] in kind_set:
                opener = stack[depth][1]
                del stack[depth:]
                return (opener + 1, index) if depth == 0 else None
        return None

    if char == '"':
        if '"' in kinds:
            return close('"')
        stack.append(('"', index))
    elif char == "“":
        if kinds and kinds[-1] == "„":
            return close("„")
        stack.append(("“", index))
    elif char == "„" or char == "«":
        stack.append((char, index))
    elif char == "”":
        return close("“„") if ("“" in kinds or "„" in kinds) else None
    elif char == "»":
        return close("«") if "«" in kinds else None
    elif char == "‘":
        if previous in _LEFT_OF_OPENER and following.isalpha():
            stack.append(("‘", index))
    elif char in "’'":
        opener = "‘" if char == "’" else "'"
        if kinds and kinds[-1] == opener and not following.isalnum() and not previous.isspace():
            return close(opener)
        if char == "'" and previous in _LEFT_OF_OPENER and following.isalpha():
            stack.append(("'", index))
    return None


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quoted words without surrounding spaces or the comma/colon that belongs to the attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return (start, end) if re.search(r"\w", text[start:end]) else None


# --------------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    position: int
    key: str
    kind: str  # "person", "org" or "name" (a bare subject name: either)


class _Speakers:
    """Who speaks where in one document: speech verbs, their subjects as keys, and earlier mentions.

    Only the windows of text around quotes are parsed (see _windows); token positions are
    document offsets through `position`.
    """

    def __init__(self, text: str, quotes: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int, int]]):
        self.text = text
        windows = _windows(quotes, sentences, _english().max_length)
        parsed = _english().pipe(text[start:end] for start, end in windows)
        self.windows = [(start, end, doc) for (start, end), doc in zip(windows, parsed)]
        self._offsets = {id(doc): start for start, _, doc in self.windows}
        self._quote_starts = [start - 1 for start, _ in quotes]  # include the marks
        self._quote_ends = [end + 1 for _, end in quotes]
        self.mentions = self._mentions()
        self._mention_positions = [mention.position for mention in self.mentions]

    def position(self, token) -> int:
        return token.idx + self._offsets[id(token.doc)]

    def inside_quote(self, position: int) -> bool:
        index = bisect.bisect_right(self._quote_starts, position) - 1
        return index >= 0 and position < self._quote_ends[index] + 1

    def speech_verbs_between(self, start: int, end: int) -> list:
        """Speech-verb tokens (and "according" of "according to") outside quotes in text[start:end]."""
        verbs = speech_verbs()
        found = []
        for window_start, window_end, doc in self.windows:
            low, high = max(start, window_start), min(end, window_end)
            if low >= high:
                continue
            span = doc.char_span(low - window_start, high - window_start, alignment_mode="expand")
            found.extend(
                token
                for token in span or ()
                if not self.inside_quote(self.position(token))
                and (
                    (token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in verbs)
                    or (token.lower_ == "according" and any(child.lower_ == "to" for child in token.children))
                )
            )
        return found

    def speaker_of(self, verb) -> str | None:
        root = _subject(verb)
        return None if root is None else self.key_of(root)

    def key_of(self, root) -> str | None:
        lower = root.lower_
        here = self.position(root)
        if root.pos_ == "PRON" or lower in _PERSON_PRONOUNS or lower in _ORG_PRONOUNS:
            if lower in _PERSON_PRONOUNS:
                return self._last_mention(here, ("person", "name"))
            if lower in _ORG_PRONOUNS:
                return self._last_mention(here, ("org", "name"))
            if lower in ("who", "which", "that") and root.head != root:
                return self.key_of(root.head.head) if root.head.dep_ == "relcl" else None
            return None
        if root.ent_type_ in _NOT_SPEAKER_LABELS or root.like_num:
            return None
        words = speaker_words()
        phrase = [token for token in _phrase(root) if not self.inside_quote(self.position(token))]
        for entity in root.doc.ents:
            if entity.label_ in _NAME_LABELS and all(token in phrase for token in entity):
                key = _person_key(entity)
                if key:
                    return key
        lemma = root.lemma_.lower()
        if lemma in words.get("medium", ()):  # "a statement from the SPCA" speaks for the SPCA
            return _organisation_in(root) or lemma
        if lower in words.get("role", ()) or lemma in words.get("role", ()):
            organisation = _organisation_in(root)
            if organisation:
                return organisation
            return self._last_mention(here, ("org",)) or lemma
        if root.pos_ == "PROPN":
            return _proper_key(root)
        if lemma in words.get("org", ()) and any(child.lower_ in ("the", "this", "our") for child in root.children):
            return self._last_mention(here, ("org",)) or lemma
        modifiers = [
            token.lower_
            for child in root.lefts
            if child.dep_ == "compound"
            for token in child.subtree
            if token.is_alpha
        ]
        return " ".join([*modifiers, lemma]) or None

    def _mentions(self) -> list[_Mention]:
        found: list[_Mention] = []
        for window_start, _, doc in self.windows:
            for entity in doc.ents:
                start = window_start + entity.start_char
                if self.inside_quote(start):
                    continue
                if entity.label_ in _NAME_LABELS:
                    key = _person_key(entity)
                    if key:
                        found.append(_Mention(start, key, "person"))
                elif entity.label_ == "ORG":
                    key = _name_run_key([token for token in entity if token.pos_ == "PROPN"] or list(entity), True)
                    if key:
                        found.append(_Mention(start, key, "org"))
            for token in doc:
                start = window_start + token.idx
                if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and not self.inside_quote(start):
                    key = _proper_key(token)
                    if key:  # a place that acts ("Managua said") is an organisation, never "he" or "she"
                        found.append(_Mention(start, key, "org" if token.ent_type_ in _PLACE_LABELS else "name"))
        return sorted(found, key=lambda mention: (mention.position, mention.kind, mention.key))

    def _last_mention(self, position: int, kinds: tuple[str, ...]) -> str | None:
        index = bisect.bisect_left(self._mention_positions, position) - 1
        while index >= 0:
            mention = self.mentions[index]
            if mention.kind in kinds:
                return mention.key
            index -= 1
        return None


CONTEXT_SENTENCES = 3  # sentences before a quote's own that are parsed, for "he said" and "the company said"
MAX_WINDOW = 100_000  # characters parsed at once; a longer stretch is cut at a sentence end


def _windows(
    quotes: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int, int]], max_length: int
) -> list[tuple[int, int]]:
    """The stretches worth parsing: each quote's sentences and the few before them, merged when they touch.

    The rest of the article names no speaker of a quote, so the parse costs what the quoted
    passages cost, and an article longer than spaCy's limit is still read.
    """
    starts = [start for start, _, _ in sentences]
    keep: set[int] = set()
    for start, end in quotes:
        first = max(0, bisect.bisect_right(starts, start - 1) - 1)
        last = max(0, bisect.bisect_right(starts, end) - 1)
        keep.update(range(max(0, first - CONTEXT_SENTENCES), min(len(sentences), last + 2)))
    windows: list[tuple[int, int]] = []
    for number in sorted(keep):
        start, end, _ = sentences[number]
        if end - start > max_length:
            continue  # a "sentence" past the parser's limit is a list or a dump, not prose with speakers
        if windows and number - 1 in keep and end - windows[-1][0] <= MAX_WINDOW:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


@lru_cache(maxsize=1)
def _english():
    from claimdiff.nlp import english

    return english()


def _subject(verb, depth: int = 0):
    """The token naming who speaks: the verb's subject, "according to"'s object, or a shared subject."""
    if verb.lower_ == "according":
        for to in verb.children:
            if to.lower_ == "to":
                for child in to.children:
                    if child.dep_ == "pobj":
                        return child
        return None
    # "the result was confirmed": the confirmed thing is no speaker; "X was quoted as saying": X is
    subjects = [c for c in verb.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and depth > 0)]
    if subjects:
        if verb.dep_ == "relcl" and any(c.lower_ in ("who", "which", "that") for c in subjects):
            return verb.head  # "the statement, which declared"
        named = [c for c in subjects if c.pos_ != "PRON"]
        return (named or subjects)[0]
    if any(child.dep_ == "nsubjpass" for child in verb.children):
        return None
    if verb.dep_ == "relcl":
        return verb.head
    # "X conceded and said", "X spoke, saying", "X was quoted as saying": the subject of the verb above
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "pobj", "prep") and depth < 3 and verb.head != verb:
        return _subject(verb.head, depth + 1)
    return None


def _phrase(root) -> list:
    """The speaker's noun phrase without relative clauses and other attached clauses."""
    cut = {"relcl", "acl", "advcl", "ccomp", "punct"}
    tokens = []

    def walk(token):
        tokens.append(token)
        for child in token.children:
            if child.dep_ not in cut:
                walk(child)

    walk(root)
    return sorted(tokens, key=lambda token: token.i)


def _person_key(entity) -> str | None:
    """A person's surname, lower-cased: the last word of the name once titles are dropped."""
    titles = speaker_words().get("title", frozenset())
    words = [token.text for token in entity if token.is_alpha or "-" in token.text or "'" in token.text]
    words = [word for word in words if word.lower().rstrip(".") not in titles and word.lower() not in ("'s", "’s")]
    return _clean(words[-1]) if words else None


def _proper_key(root) -> str | None:
    """A proper-noun subject: a surname for a person, the whole name for an organisation."""
    if root.ent_type_ in _NOT_SPEAKER_LABELS:
        return None
    if root.ent_type_ in _ORG_LABELS:
        for entity in root.doc.ents:
            if entity.start <= root.i < entity.end:
                return _name_run_key(list(entity), True) or None
    run = [child for child in root.lefts if child.dep_ in ("compound", "flat") and child.pos_ == "PROPN"]
    run.append(root)
    return _name_run_key(run, False) or None


def _name_run_key(tokens, organisation: bool) -> str:
    titles = speaker_words().get("title", frozenset())
    words = [token.text for token in tokens if token.text.lower() not in ("the", "'s", "’s") and not token.is_punct]
    if organisation:
        suffixes = speaker_words().get("suffix", frozenset())
        while len(words) > 1 and words[-1].lower().rstrip(".") in suffixes:
            words.pop()  # "Hollins & Pryce Ltd" is "Hollins & Pryce"
        return " ".join(_clean(word) for word in words)
    names = [word for word in words if word.lower().rstrip(".") not in titles] or words
    return _clean(names[-1]) if names else ""


def _organisation_in(root) -> str | None:
    """The organisation a role word speaks for: "a spokesperson for X", "X bosses", "X's spokesman"."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from", "by"):
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.pos_ == "PROPN":
                    return _proper_key_organisation(grandchild)
    for child in root.lefts:
        if child.dep_ in ("compound", "poss") and child.pos_ == "PROPN":
            return _proper_key_organisation(child)
    return None


def _proper_key_organisation(token) -> str:
    run = [child for child in token.lefts if child.dep_ in ("compound", "flat") and child.pos_ == "PROPN"]
    run.append(token)
    return _name_run_key(run, True)


def _clean(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


# --------------------------------------------------------------------------------------------
# extract_quotes
# --------------------------------------------------------------------------------------------


def extract_quotes(document: Document, claims: Sequence[Claim]) -> dict[str, tuple[Quote, ...]]:
    """Claim id -> the quotes inside that claim, each with its speaker when the document attributes it."""
    own = sorted((claim for claim in claims if claim.doc_id == document.id), key=lambda claim: claim.start)
    spans = quoted_spans(document.text)
    if not spans or not own:
        return {}
    speakers = _attribute(document.text, spans)
    found: dict[str, list[Quote]] = defaultdict(list)
    claim_starts = [claim.start for claim in own]
    for (start, end), speaker in zip(spans, speakers):
        first = max(0, bisect.bisect_right(claim_starts, start) - 1)
        for claim in own[first:]:
            if claim.start >= end:
                break
            piece = _trim(document.text, max(start, claim.start), min(end, claim.end))
            if piece is None:
                continue
            piece_start, piece_end = piece
            found[claim.id].append(
                Quote(
                    text=document.text[piece_start:piece_end],
                    span=(piece_start - claim.start, piece_end - claim.start),
                    speaker=speaker,
                )
            )
    return {claim.id: tuple(found[claim.id]) for claim in own if claim.id in found}


def _attribute(text: str, spans: Sequence[tuple[int, int]]) -> list[str | None]:
    """Each quote's speaker key, in the order of `spans`."""
    sentences = _sentences(text)
    speakers = _Speakers(text, spans, sentences)
    sentence_starts = [start for start, _, _ in sentences]

    def sentence_of(position: int) -> int:
        return max(0, bisect.bisect_right(sentence_starts, position) - 1)

    direct: list[str | None] = []
    whole: list[bool] = []
    for start, end in spans:
        opener, closer = start - 1, end  # marks (or the trimmed edge, which is as good for context)
        first, last = sentences[sentence_of(opener)], sentences[sentence_of(closer)]
        left_start, right_end = first[0], max(last[1], closer + 1)
        while closer < len(text) and closer < right_end and text[closer] in _ALL_MARKS + ",;:.!?… ":
            closer += 1
        candidates = [(opener - speakers.position(verb), 1, verb) for verb in speakers.speech_verbs_between(left_start, opener)]
        candidates += [(speakers.position(verb) - closer, 0, verb) for verb in speakers.speech_verbs_between(closer, right_end)]
        speaker = None
        for _, _, verb in sorted(candidates, key=lambda item: (item[0], item[1], item[2].i)):
            speaker = speakers.speaker_of(verb)
            if speaker:
                break
        direct.append(speaker)
        outside = text[left_start:opener] + text[closer:right_end]
        whole.append(not re.search(r"\w", outside) and not candidates)

    by_sentence: dict[int, str] = {}
    for index, (start, end, _) in enumerate(sentences):
        verbs = speakers.speech_verbs_between(start, end)
        for verb in reversed(verbs):
            speaker = speakers.speaker_of(verb)
            if speaker:
                by_sentence[index] = speaker
                break
    resolved = list(direct)
    opening_quote_speaker: dict[int, str] = {}
    for (start, _), speaker in zip(spans, direct):
        index = sentence_of(start - 1)
        if speaker and sentences[index][0] >= start - 1 and index not in opening_quote_speaker:
            opening_quote_speaker[index] = speaker
    for number, (start, end) in enumerate(spans):
        if resolved[number] is not None or not whole[number]:
            continue
        first, last = sentence_of(start - 1), sentence_of(end)
        paragraph = sentences[first][2]
        previous = first - 1
        if previous >= 0 and sentences[previous][2] == paragraph and by_sentence.get(previous):
            resolved[number] = by_sentence[previous]
        elif last + 1 < len(sentences) and opening_quote_speaker.get(last + 1) and (
            sentences[last + 1][2] == paragraph or not _has_mark(text[end : sentences[last][1]])
        ):  # the next sentence of the paragraph, or the next paragraph when this one's quote runs on into it
            resolved[number] = opening_quote_speaker[last + 1]
        if resolved[number]:
            for index in range(first, last + 1):
                by_sentence[index] = resolved[number]
    return resolved


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of every sentence, in text order."""
    found = []
    for number, (start, end) in enumerate(_line_spans(text)):
        if start < end and text[start:end].strip():
            found.extend((s, e, number) for s, e in split_sentences(text, start, end))
    return found or [(0, len(text), 0)]


# --------------------------------------------------------------------------------------------
# Comparing quotes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """A quote's words, normalised for comparison, and where the source marked an omission or insertion."""

    normal: tuple[str, ...]
    shown: tuple[str, ...]
    gaps: frozenset[int]  # word positions where "[...]" or an ellipsis stood


def _words(text: str) -> _Words:
    normal, shown, gaps = [], [], set()
    for match in _TOKEN.finditer(text):
        if match.group("gap"):
            gaps.add(len(normal))
            continue
        word = match.group("acronym") or match.group("word")
        shown.append(word.replace("[", "").replace("]", ""))
        normal.append(_normal_word(word))
    return _Words(tuple(normal), tuple(shown), frozenset(gaps))


def _normal_word(word: str) -> str:
    """A word as compared: case, apostrophes, hyphens, dots of acronyms and house spellings do not count."""
    word = word.lower().replace("’", "'").replace("‘", "'").replace("‐", "-").replace("‑", "-")
    word = word.replace("[", "").replace("]", "").replace(".", "")
    if len(word) > 5:  # British and American spelling: realise/realize, analyse, behaviour, centre
        for pattern, replacement in _SPELLINGS:
            word = pattern.sub(replacement, word)
    return quote_spellings().get(word, word)


_SPELLINGS = (
    (re.compile(r"(?<=\w\w)is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=\w\w)ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w\w\w)our(s|ed|ing|ite|ites|able)?$"), r"or\1"),
    (re.compile(r"(?<=\w\w)tre(s)?$"), r"ter\1"),
)


@lru_cache(maxsize=1)
def quote_spellings() -> dict[str, str]:
    """Variant -> the form compared (claimdiff/data/quote_spellings.tsv)."""
    return dict(line.split("\t") for line in _data_lines("quote_spellings.tsv"))


def _concatenate(parts: Sequence[_Words]) -> _Words:
    normal, shown, gaps = [], [], set()
    for part in parts:
        gaps.update(len(normal) + gap for gap in part.gaps)
        normal.extend(part.normal)
        shown.extend(part.shown)
    return _Words(tuple(normal), tuple(shown), frozenset(gaps))


@dataclass(frozen=True)
class _Difference:
    opcodes: tuple[tuple[str, int, int, int, int], ...]
    changes: tuple[tuple[str, int, int, int, int], ...]  # the opcodes that make it a different quote
    shared: int  # words both give, in order, inside the compared stretch
    longer: int  # words of the longer side of that stretch


def _difference(a: _Words, b: _Words) -> _Difference:
    opcodes = tuple(SequenceMatcher(None, a.normal, b.normal, autojunk=False).get_opcodes())
    low, high = 0, len(opcodes)
    while low < high and opcodes[low][0] in ("insert", "delete"):  # one quote starts earlier: partial quote
        low += 1
    while high > low and opcodes[high - 1][0] in ("insert", "delete"):  # ... or ends later
        high -= 1
    core = opcodes[low:high]
    changes = tuple(
        op
        for op in core
        if op[0] != "equal"
        and not (op[0] == "insert" and op[1] in a.gaps)  # b has words where a marks an omission
        and not (op[0] == "delete" and op[3] in b.gaps)
        and not (op[0] == "replace" and _same_spelling(a, b, op))
    )
    shared = sum(i2 - i1 for tag, i1, i2, _, _ in core if tag == "equal")
    longer = max(core[-1][2] - core[0][1], core[-1][4] - core[0][3]) if core else 0
    return _Difference(opcodes, changes, shared, longer)


def _same_spelling(a: _Words, b: _Words, op: tuple[str, int, int, int, int]) -> bool:
    """House style, not other words: "Jong-un"/"Jong Un", "counter-terrorism"/"counterterrorism",
    or one name transliterated two ways ("Mohammed"/"Mohammad": capitalised, one letter apart)."""
    _, i1, i2, j1, j2 = op
    if "".join(a.normal[i1:i2]).replace("-", "") == "".join(b.normal[j1:j2]).replace("-", ""):
        return True
    if i2 - i1 == 1 and j2 - j1 == 1:
        first, second = a.shown[i1], b.shown[j1]
        return (
            first[:1].isupper()
            and second[:1].isupper()
            and min(len(first), len(second)) >= 5
            and Levenshtein.distance(first.lower(), second.lower()) <= 1
        )
    return False


def _close_enough(difference: _Difference, level: str) -> bool:
    if level == "loose":
        minimum, share = LOOSE_MIN_SHARED_WORDS, LOOSE_MIN_SHARED_SHARE
    else:
        minimum, share = MIN_SHARED_WORDS, MIN_SHARED_SHARE
    return difference.shared >= minimum and difference.shared >= share * difference.longer


def _speaker_level(a: str | None, b: str | None, a_context: str = "", b_context: str = "") -> str | None:
    """"same" for one speaker, "loose" when one side names nobody (or only a role), None for two people."""
    if a is None and b is None:
        return None
    if a is None or b is None:
        return "loose"
    if a == b:
        return "same"
    if (" " not in a and b.split()[-1] == a) or (" " not in b and a.split()[-1] == b):
        return "same"  # "kowalczyk" and "dana kowalczyk" when one parse missed that it is a person
    media = speaker_words().get("medium", frozenset())
    if (a in media and a in _context_words(b_context)) or (b in media and b in _context_words(a_context)):
        return "same"  # "according to the judgment" and "in her judgment, Carrow said"
    if a in _weak_keys() or b in _weak_keys():
        return "loose"
    return None


@lru_cache(maxsize=1)
def _weak_keys() -> frozenset[str]:
    """Keys that name no one in particular ("spokesperson", "official", "company"): compared loosely."""
    words = speaker_words()
    return frozenset().union(*(words.get(kind, frozenset()) for kind in ("role", "org", "title", "anonymous")))


def _context_words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(_WORD, text)}


def misquote_diff(a: Quote, b: Quote) -> tuple[tuple[str, str], ...] | None:
    """The word diff when `a` and `b` are the same remark given in different words, else None.

    The quotes alone decide here; two short fragments whose words barely overlap need their
    sentences, which only find_misquotes has.
    """
    level = _speaker_level(a.speaker, b.speaker)
    if level is None:
        return None
    a_words, b_words = _words(a.text), _words(b.text)
    difference = _difference(a_words, b_words)
    if not difference.changes or not _close_enough(difference, level):
        return None
    return _diff_rows(a_words, b_words, difference)


def _diff_rows(a: _Words, b: _Words, difference: _Difference) -> tuple[tuple[str, str], ...]:
    """The word diff a reader sees: house spellings ("first-hand"/"firsthand") are the same words, shown as a has them."""
    rows: list[tuple[str, str]] = []
    for op in difference.opcodes:
        tag, i1, i2, j1, j2 = op
        if tag == "equal" or (tag == "replace" and op not in difference.changes):
            words = " ".join(a.shown[i1:i2])
            if rows and rows[-1][0] == "=":
                rows[-1] = ("=", f"{rows[-1][1]} {words}")
            else:
                rows.append(("=", words))
            continue
        if i2 > i1:
            rows.append(("-", " ".join(a.shown[i1:i2])))
        if j2 > j1:
            rows.append(("+", " ".join(b.shown[j1:j2])))
    return tuple(rows)


def _describe(a: _Words, b: _Words, changes) -> str:
    parts = []
    for tag, i1, i2, j1, j2 in changes:
        if tag == "replace":
            parts.append(f"“{' '.join(a.shown[i1:i2])}” → “{' '.join(b.shown[j1:j2])}”")
            continue
        if i1 > 0:  # show one word of context before an added or dropped word
            before_a, before_b, after_a, after_b = a.shown[i1 - 1 : i2], b.shown[j1 - 1 : j2], [], []
        else:
            before_a, before_b, after_a, after_b = a.shown[i1:i2], b.shown[j1:j2], a.shown[i2 : i2 + 1], b.shown[j2 : j2 + 1]
        parts.append(f"“{' '.join([*before_a, *after_a])}” → “{' '.join([*before_b, *after_b])}”")
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Wording or meaning
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def quote_wording() -> dict[str, frozenset[str]]:
    """Kind ("filler", "function", "ignored", "swappable", "meaning") -> entries (claimdiff/data/quote_wording.tsv)."""
    return _grouped_by_kind("quote_wording.tsv", kind_column=0)


@dataclass(frozen=True)
class _WordClass:
    """What one compared word of a quote is, read from spaCy's tags of the quote."""

    text: str  # lower case, as written
    keys: tuple[str, ...]  # its tokens as compared for contractions: "can't" and "cannot" are ("can|MD", "not")
    filler: bool  # part of a filler phrase ("really", "you know")
    function: bool  # only function words, none of which changes meaning
    swappable: bool  # an article or a demonstrative ("a", "the", "this")
    meaning: bool  # a negation, quantifier, number or modal


def _word_classes(text: str) -> list[_WordClass]:
    """One _WordClass per word of _words(text), in the same order."""
    wording = quote_wording()
    doc = _english()(text)
    spans = [match.span() for match in _TOKEN.finditer(text) if not match.group("gap")]
    lowered = [text[start:end].lower().replace("’", "'") for start, end in spans]
    filler_at: set[int] = set()
    for phrase in wording.get("filler", ()):
        words = phrase.split()
        for start in range(len(lowered) - len(words) + 1):
            if lowered[start : start + len(words)] == words:
                filler_at.update(range(start, start + len(words)))
    classes = []
    for index, (start, end) in enumerate(spans):
        piece = doc.char_span(start, end, alignment_mode="expand")
        tokens = [token for token in piece if not token.is_punct and token.tag_ not in wording.get("ignored", ())] if piece is not None else []
        meaning = lowered[index] in wording.get("meaning", ()) or any(
            token.dep_ == "neg" or token.tag_ == "MD" or token.like_num or token.lower_ in wording.get("meaning", ()) for token in tokens
        )
        classes.append(
            _WordClass(
                text=lowered[index],
                keys=tuple(f"{token.lemma_.lower()}|{token.tag_}" if token.pos_ == "AUX" else token.norm_ for token in tokens),
                filler=index in filler_at,
                function=bool(tokens) and not meaning and all(token.pos_ in wording.get("function", ()) for token in tokens),
                swappable=bool(tokens) and not meaning and all(token.pos_ in wording.get("swappable", ()) for token in tokens),
                meaning=meaning,
            )
        )
    return classes


@lru_cache(maxsize=4096)
def wording_only(a: str, b: str) -> bool:
    """Whether two quotes of one remark differ only in words that do not change what the speaker said.

    A reviewer must correct a misquote that changes a content word (noun, verb, adjective, adverb,
    number, name), a negation, a quantifier, a modal or a pronoun ("my support"/"our support");
    one that only moves words ("can't really"/"really can't"), adds or drops a function word ("they")
    or a filler ("just", "you know"), writes a contraction out ("can't"/"cannot") or slips one
    letter ("my lost"/"my loss") still gives the remark. The same stretch of the two quotes is
    compared as for a misquote (_difference); word classes come from spaCy and quote_wording.tsv.
    """
    a_words, b_words = _words(a), _words(b)
    difference = _difference(a_words, b_words)
    if not difference.changes:
        return False  # two fragments told apart by their sentences: nothing word by word to excuse
    a_classes, b_classes = _word_classes(a), _word_classes(b)
    if len(a_classes) != len(a_words.normal) or len(b_classes) != len(b_words.normal):
        return False
    removed = Counter(a_words.normal[i] for _, i1, i2, _, _ in difference.changes for i in range(i1, i2))
    added = Counter(b_words.normal[j] for _, _, _, j1, j2 in difference.changes for j in range(j1, j2))
    moved_a, moved_b = removed & added, removed & added  # words both give, in another order
    for _, i1, i2, j1, j2 in difference.changes:
        # a moved negation, quantifier or number changes what it applies to ("is not that" / "is that ... not")
        gone = [a_classes[i] for i in range(i1, i2) if a_classes[i].meaning or not _take(moved_a, a_words.normal[i])]
        new = [b_classes[j] for j in range(j1, j2) if b_classes[j].meaning or not _take(moved_b, b_words.normal[j])]
        if not _same_meaning(gone, new):
            return False
    return True


def _take(counter: Counter, word: str) -> bool:
    if counter[word] > 0:
        counter[word] -= 1
        return True
    return False


def _same_meaning(gone: list[_WordClass], new: list[_WordClass]) -> bool:
    """Whether words dropped from one quote and put in the other at the same place leave the meaning."""
    gone, new = [w for w in gone if not w.filler], [w for w in new if not w.filler]
    if not gone or not new:
        return all(word.function for word in gone + new)
    if [key for word in gone for key in word.keys] == [key for word in new for key in word.keys]:
        return True  # a contraction written out: "can't" / "cannot" / "can not", "we're" / "we are"
    if len(gone) == len(new) == 1 and _spelling_slip(gone[0], new[0]):
        return True
    return all(word.swappable for word in gone + new)


def _spelling_slip(a: _WordClass, b: _WordClass) -> bool:
    """One letter changed inside a word ("lost"/"loss"), not its first: a typing slip, not another word."""
    return (
        not (a.meaning or b.meaning)
        and a.text.isalpha()
        and b.text.isalpha()
        and min(len(a.text), len(b.text)) >= 4
        and a.text[0] == b.text[0]
        and Levenshtein.distance(a.text, b.text) == 1
    )


# --------------------------------------------------------------------------------------------
# find_misquotes
# --------------------------------------------------------------------------------------------


MAX_POSTING = 500  # a word in more quotes than this (of one speaker, or in all) is no sign of one remark


@dataclass(frozen=True)
class _Run:
    """One quoted remark: its pieces in consecutive claims of one document (usually one piece)."""

    order: int  # claim order of the first piece
    doc_id: str
    pieces: tuple[tuple[Claim, Quote], ...]
    speaker: str | None
    words: _Words
    piece_of_word: tuple[int, ...]  # word index -> piece index

    @property
    def text(self) -> str:
        return " ".join(quote.text for _, quote in self.pieces)


def find_misquotes(quotes: Mapping[str, tuple[Quote, ...]], claims: Sequence[Claim]) -> tuple[Conflict, ...]:
    """Conflicts of kind "quote": the same speaker's remark given in different words by two documents."""
    runs = _runs(quotes, claims)
    order = {claim.id: number for number, claim in enumerate(claims)}
    quoted_in: dict[str, set[tuple[str, ...]]] = {}
    for run in runs:
        quoted_in.setdefault(run.doc_id, set()).add(tuple(run.words.normal))
    conflicts: dict[tuple, Conflict] = {}
    for left, right in _candidate_pairs(runs):
        a, b = (left, right) if left.order <= right.order else (right, left)
        if tuple(a.words.normal) in quoted_in[b.doc_id] or tuple(b.words.normal) in quoted_in[a.doc_id]:
            continue  # both documents give this very quote ("George" and "Ringo" quoted in the same sentence by both)
        conflict = _misquote(a, b)
        if conflict is not None:
            key = (order[conflict.a], order[conflict.b], conflict.a_span, conflict.b_span)
            conflicts.setdefault(key, conflict)
    return tuple(conflicts[key] for key in sorted(conflicts))


def _runs(quotes: Mapping[str, tuple[Quote, ...]], claims: Sequence[Claim]) -> list[_Run]:
    runs: list[_Run] = []
    open_run: list[tuple[Claim, Quote]] = []
    open_order = 0

    def finish():
        if open_run:
            parts = [_words(quote.text) for _, quote in open_run]
            piece_of_word = tuple(number for number, part in enumerate(parts) for _ in part.normal)
            # the clause splitter keeps "and"/"but" between two claims out of both: a join is a gap
            parts = [part if number == 0 else _Words(part.normal, part.shown, part.gaps | {0}) for number, part in enumerate(parts)]
            words = _concatenate(parts)
            if words.normal:
                runs.append(_Run(open_order, open_run[0][0].doc_id, tuple(open_run), open_run[0][1].speaker, words, piece_of_word))

    previous_claim: Claim | None = None
    for order, claim in enumerate(claims):
        for quote in quotes.get(claim.id, ()):
            continues = (
                open_run
                and previous_claim is not None
                and open_run[-1][0] is previous_claim
                and claim.doc_id == previous_claim.doc_id
                and claim.index == previous_claim.index + 1
                and quote.speaker == open_run[-1][1].speaker
                and not re.search(r"\w|[\"“”„«»'‘’]", previous_claim.text[open_run[-1][1].span[1] :])  # runs to the end
                and not re.search(r"\w|[\"“”„«»'‘’]", claim.text[: quote.span[0]])  # and on from the start
            )
            if not continues:
                finish()
                open_run, open_order = [], order
            open_run.append((claim, quote))
            previous_claim = claim
        if not quotes.get(claim.id):
            finish()
            open_run = []
            previous_claim = claim
    finish()
    return runs


def _has_mark(text: str) -> bool:
    return any(char in "\"“”„«»" for char in text)


def _content_words(run: _Run) -> set[str]:
    stop = _stop_words()
    return {word for word in run.words.normal if word not in stop and not word.isdigit()}


def _candidate_pairs(runs: Sequence[_Run]):
    """Pairs of runs from different documents worth comparing, each once, found through indexes.

    Known speakers meet through (speaker, content word); a text ("judgment") meets the quotes whose
    sentence names it; an unattributed or role-only quote meets any quote sharing 3 content words;
    short fragments of one speaker meet each other whatever their words (the sentence decides).
    """
    media = speaker_words().get("medium", frozenset())
    weak = _weak_keys() | media
    by_speaker_word: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    by_context_medium: dict[str, list[int]] = defaultdict(list)
    fragments: dict[str, list[int]] = defaultdict(list)
    content = [_content_words(run) for run in runs]
    for number, run in enumerate(runs):
        family = run.speaker.split()[-1] if run.speaker else None
        for word in sorted(content[number]):
            by_word[word].append(number)
            if family:
                by_speaker_word[(family, word)].append(number)
        if family and len(run.words.normal) <= FRAGMENT_MAX_WORDS:
            fragments[family].append(number)
        for claim, _ in run.pieces:
            for word in _context_words(_outside_quotes(claim)) & media:
                by_context_medium[word].append(number)
    pairs: set[tuple[int, int]] = set()

    def add(first: int, second: int) -> None:
        if runs[first].doc_id != runs[second].doc_id:
            pairs.add((min(first, second), max(first, second)))

    for postings in by_speaker_word.values():
        if len(postings) > MAX_POSTING:
            continue
        for i, first in enumerate(postings):
            for second in postings[i + 1 :]:
                add(first, second)
    for postings in fragments.values():
        if len(postings) > MAX_POSTING:
            continue
        for i, first in enumerate(postings):
            for second in postings[i + 1 :]:
                add(first, second)
    for number, run in enumerate(runs):
        if run.speaker is None or run.speaker in weak:
            counts: dict[int, int] = defaultdict(int)
            for word in content[number]:
                if len(by_word[word]) > MAX_POSTING:
                    continue
                for other in by_word[word]:
                    if other != number:
                        counts[other] += 1
            for other, count in counts.items():
                if count >= MIN_SHARED_WORDS:
                    add(number, other)
        if run.speaker in media:
            for other in by_context_medium[run.speaker]:
                if content[number] & content[other]:
                    add(number, other)
    for first, second in sorted(pairs):
        yield runs[first], runs[second]


def _outside_quotes(claim: Claim) -> str:
    return re.sub(r"[\"“„«][^\"”“»]*[\"”“»]", " ", claim.text)


def _misquote(a: _Run, b: _Run) -> Conflict | None:
    a_context = " ".join(_outside_quotes(claim) for claim, _ in a.pieces)
    b_context = " ".join(_outside_quotes(claim) for claim, _ in b.pieces)
    level = _speaker_level(a.speaker, b.speaker, a_context, b_context)
    if level is None:
        return None
    difference = _difference(a.words, b.words)
    if difference.shared and not difference.changes:
        return None  # the same words, or one quote part of the other
    fragment = min(len(a.words.normal), len(b.words.normal)) <= FRAGMENT_MAX_WORDS
    if fragment or not _close_enough(difference, level):  # a few words say too little: their sentences decide
        if not (level == "same" and _same_frame(a, b)):
            return None
    changes = difference.changes or difference.opcodes
    first = changes[0]
    a_piece = a.piece_of_word[min(first[1], len(a.piece_of_word) - 1)]
    b_piece = b.piece_of_word[min(first[3], len(b.piece_of_word) - 1)]
    a_claim, a_quote = a.pieces[a_piece]
    b_claim, b_quote = b.pieces[b_piece]
    speaker = a.speaker if a.speaker is not None and (level != "loose" or b.speaker is None) else b.speaker
    display = _display(speaker or "")
    return Conflict(
        kind="quote",
        a=a_claim.id,
        b=b_claim.id,
        a_value=a.text,
        b_value=b.text,
        a_span=a_quote.span,
        b_span=b_quote.span,
        subject=f"{display}: quote",
        explanation=f"quote differs{' in wording only' if wording_only(a.text, b.text) else ''}: {_describe(a.words, b.words, changes)} ({display})",
        diff=_diff_rows(a.words, b.words, difference),
    )


def _same_frame(a: _Run, b: _Run) -> bool:
    """Two short fragments in the same place of near-identical sentences: one remark, two wordings."""
    if len(a.pieces) != 1 or len(b.pieces) != 1:
        return False
    if len(a.words.normal) > FRAGMENT_MAX_WORDS or len(b.words.normal) > FRAGMENT_MAX_WORDS:
        return False
    a_frame, b_frame = _frame(*a.pieces[0]), _frame(*b.pieces[0])
    matcher = SequenceMatcher(None, a_frame, b_frame, autojunk=False)
    blocks = matcher.get_matching_blocks()
    shared = sum(block.size for block in blocks)
    placeholder_shared = any(
        block.a <= a_frame.index(_PLACEHOLDER) < block.a + block.size
        and block.b + (a_frame.index(_PLACEHOLDER) - block.a) == b_frame.index(_PLACEHOLDER)
        for block in blocks
    )
    words_shared = shared - (1 if placeholder_shared else 0)
    return (
        placeholder_shared
        and words_shared >= FRAME_MIN_SHARED_WORDS
        and shared >= FRAME_MIN_SHARED_SHARE * max(len(a_frame), len(b_frame))
    )


def _frame(claim: Claim, quote: Quote) -> list[str]:
    """The claim's words with the quote (and its marks) replaced by one placeholder."""
    start, end = quote.span
    while start > 0 and claim.text[start - 1] in _ALL_MARKS + " ":
        start -= 1
    before = [word.lower().replace("’", "'") for word in re.findall(_WORD, claim.text[:start])]
    after = [word.lower().replace("’", "'") for word in re.findall(_WORD, claim.text[end:])]
    return [*before, _PLACEHOLDER, *after]


def _display(speaker: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in speaker.split())
