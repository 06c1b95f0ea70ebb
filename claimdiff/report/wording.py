"""How claims, evidence and findings are written in every plain-text format, compare's and check's.

One place for the rules that keep untrusted article text inert (Markdown, GitHub workflow
commands; JSON and SARIF are escaped by the JSON encoder) and for the words a finding is called
by, so a Markdown comment, a SARIF message and a terminal line never describe one thing two ways.
"""

from __future__ import annotations

import re

MAX_CLAIM_CHARS = 280
_SPACE = re.compile(r"\s+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$:])")

# What check calls each finding kind in running text (summary lines, counts).
KIND_NOUNS = {
    "conflict": "fact conflict",
    "misquote": "misquote",
    "contradiction": "contradiction",
    "divergence": "divergence",
    "unique": "unique claim",
    "agreement": "agreement",
}


def one_line(text: str) -> str:
    """Any run of whitespace, newlines included, becomes one space: a line-based format stays one line per item."""
    return " ".join(str(text).split())


def shorten(text: str, limit: int = MAX_CLAIM_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def located(text: str, span: tuple[int, int], words: str) -> tuple[int, int]:
    """Where `words` stand in `text`: the given span when it holds them, else their occurrence
    nearest to it; the given span when they occur nowhere (a value the stage normalised).

    A judge's span can be an offset into another string than the claim (a question's evidence is
    found in its presupposition: "Beijing is aiding Moscow" for "Why then is Beijing aiding
    Moscow?"), which would mark " Beiji" instead of "aiding"."""
    start, end = (int(x) for x in span)
    if not words or text[start:end] == words:
        return (start, end)
    folded, wanted = text.casefold(), words.casefold()
    found = [i for i in range(len(folded)) if folded.startswith(wanted, i)]
    if len(folded) != len(text) or not found:  # casefolding changed the length ("ß"): offsets would not map back
        return (start, end)
    best = min(found, key=lambda i: (abs(i - start), i))
    return (best, best + len(words))


def excerpt(text: str, span: tuple[int, int] | None, limit: int) -> str:
    """Shorten a claim to one line, keeping the part that differs (the evidence span) in view."""
    if len(text) <= limit or span is None:
        return shorten(text, limit)
    centre = (max(0, min(span[0], len(text))) + max(0, min(span[1], len(text)))) // 2
    left = max(0, min(centre - limit // 2, len(text) - limit))
    right = left + limit
    while 0 < left < centre and not text[left - 1].isspace():  # whole words at both ends
        left += 1
    while centre < right < len(text) and not text[right].isspace():
        right -= 1
    window = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + window + ("…" if right < len(text) else "")


def markdown_escape(text: str, limit: int | None = None) -> str:
    """One line of literal text: every character Markdown, a table or inline HTML could act on is backslash-escaped.

    `<` `&` `:` are escaped too, so article text can open no tag, entity or autolink.
    """
    flat = shorten(text, limit) if limit else _SPACE.sub(" ", text).strip()
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def github_data(text: str) -> str:
    """A workflow command's message: the runner decodes %25, %0D, %0A and nothing else."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value, where `:` and `,` would end the value."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def finding_title(kind: str, label: str, rule: str = "") -> str:
    """The short name of one check finding: the judge's own label for an agreement, the fact's kind
    for a conflict; a misquote that changes no meaning says so, since it fails no build by default."""
    if kind == "agreement":
        return label
    if kind == "conflict":
        return f"{label} conflict"
    if rule == "misquote_wording":
        return "misquote (wording only)"
    return kind


def markdown_word_diff(diff) -> str:
    """A misquote's word diff in plain Markdown: ~~words only in the first quote~~ **words only in the second**."""
    marks = {"-": "~~{}~~", "+": "**{}**", "=": "{}"}
    return " ".join(marks.get(op, "{}").format(markdown_escape(words, 120)) for op, words in diff)

