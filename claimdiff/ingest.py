"""Stage 1: turn files, folders and stdin into clean Documents, refusing bad input in one line.

Everything a user can get wrong about an input (missing, unreadable, binary, wrong encoding, too
big, empty, given twice) is caught here, before any model loads, so the CLI answers in a second
with one line and exit code 2 instead of a traceback minutes later. Inputs are only ever opened
read-only, and a file's size is checked with stat() before a byte of it is read.

Document.text is the *cleaned* text (normalised, boilerplate removed); every character offset a
later stage stores indexes into it, so nothing downstream needs to know about the raw bytes.

Encodings (docs/RELIABILITY.md): UTF-8 with or without a BOM, UTF-16/UTF-32 with a BOM are
decoded. Text that is not UTF-8 is decoded as Windows-1252 (a superset of the printable part of
Latin-1) only when it clearly is that: every non-ASCII character is a Latin letter or common
punctuation, they never come in runs longer than three (CJK encodings do), and there is no valid
UTF-8 multi-byte sequence in it (which would mean damaged UTF-8). Anything else is refused with
a request to re-save the file as UTF-8, because guessing wrong would silently garble every claim.

Boilerplate is data, not code: claimdiff/data/boilerplate.tsv lists the line patterns that are
not content (bylines and publication stamps, newsletter/share/comment prompts, photo credits and
embedded posts, "Read more:" links, tags and source lines, press-release footers and contact
lines, author bios, footnotes...), each with a comment saying what it catches, and a scope (head,
tail, anywhere) because the same shape can be content in the middle of an article. A press
release's "About <Company>" heading near the end takes its paragraph with it: the company's
description of itself is not news. A wire dateline before the first sentence ("BRACKWELL (MPA) -
") is cut off the line. strip_boilerplate adds three structural rules (see there).
"""

from __future__ import annotations

import codecs
import errno
import dataclasses
import hashlib
import importlib.resources
import logging
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimdiff.errors import ClaimdiffError, NoArticleText
from claimdiff.model import Document, SkippedInput

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
STDIN = "-"
STDIN_ID = "stdin"

# --------------------------------------------------------------------------------------------
# Boilerplate rules live in claimdiff/data/boilerplate.tsv (one pattern a row, each with a comment
# saying what it catches); this section only loads them. Scopes say where in a document a rule may
# fire, counted in non-empty lines: "head" (bare headline-shaped lines among the first HEAD_LINES),
# "tail" (the last TAIL_LINES), "edges" (either end), "any".
# --------------------------------------------------------------------------------------------

HEAD_LINES = 8
TAIL_LINES = 6
BOILERPLATE_FILE = "boilerplate.tsv"
_ACTIONS = {"drop", "drop-with-next", "drop-paragraph", "date", "strip-prefix"}
_SCOPES = {"any", "head", "tail", "edges"}
_MACRO = re.compile(r"%([A-Z_]+)%")


@dataclass(frozen=True)
class BoilerplateRule:
    name: str
    pattern: re.Pattern
    action: str = "drop"
    scope: str = "any"
    why: str = ""


def parse_boilerplate_rules(text: str) -> tuple[tuple[BoilerplateRule, ...], dict[str, str]]:
    """The rules of a boilerplate.tsv text and its expanded `define` pieces; a bad row fails loudly (a packaging bug)."""
    macros: dict[str, str] = {}
    rules: list[BoilerplateRule] = []
    comment: list[str] = []

    def expand(pattern: str, number: int) -> str:
        def piece(match: re.Match) -> str:
            if match.group(1) not in macros:
                raise ValueError(f"{BOILERPLATE_FILE} line {number}: %{match.group(1)}% is not defined above")
            return macros[match.group(1)]

        return _MACRO.sub(piece, pattern)

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            comment = []
            continue
        if line.startswith("#"):
            if not line.startswith("# ---"):  # section rulers are not comments on a rule
                comment.append(line.lstrip("# ").strip())
            continue
        parts = line.split("\t")
        if parts[0] == "define" and len(parts) == 3:
            macros[parts[1]] = expand(parts[2], number)
        elif len(parts) == 4 and parts[1] in _ACTIONS and parts[2] in _SCOPES:
            name, action, scope, pattern = parts
            try:
                compiled = re.compile(expand(pattern, number))
            except re.error as error:
                raise ValueError(f"{BOILERPLATE_FILE} line {number} ({name}): {error}") from None
            if not comment:
                raise ValueError(f"{BOILERPLATE_FILE} line {number} ({name}): say in a comment above it what it catches")
            rules.append(BoilerplateRule(name, compiled, action, scope, " ".join(comment)))
        else:
            raise ValueError(f"{BOILERPLATE_FILE} line {number}: expected 'define NAME regex' or 'name action scope regex'")
        comment = []
    return tuple(rules), macros


BOILERPLATE_RULES, _PIECES = parse_boilerplate_rules(
    importlib.resources.files("claimdiff").joinpath("data", BOILERPLATE_FILE).read_text(encoding="utf-8")
)
_LINE_RULES = tuple(rule for rule in BOILERPLATE_RULES if rule.action != "strip-prefix")
_PREFIX_RULES = tuple(rule for rule in BOILERPLATE_RULES if rule.action == "strip-prefix")
_DATE_LINE = re.compile(_PIECES["DATE_LINE"])
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# what may follow a byline's name on the author's bio line at the end ("Clara Wendt is a former ...")
_BIO_VERBS = ("is", "was", "has", "writes", "teaches", "covers", "reports", "edits", "works", "lives", "leads")

_TERMINAL_PUNCTUATION = tuple(".!?;:,…。！？")
_CLOSERS = "\"'”’»)]}"
_INLINE_FOOTNOTE = re.compile(r"(?<=[\w.,;:!?”’\"')])\[\d{1,3}\]")

# --------------------------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------------------------

_SPACE_LIKE = dict.fromkeys(
    [0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000],
    " ",
)
_LINE_BREAKS = dict.fromkeys([0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029], "\n")
# invisible characters with no meaning in prose; bidi overrides/isolates could also be used to
# make displayed text differ from its logical order ("Trojan Source"), so they go too
_INVISIBLE = dict.fromkeys([0x00AD, 0x200B, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)
_TRANSLATION = {**_SPACE_LIKE, **_LINE_BREAKS, **_INVISIBLE}
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # Unicode category Cc, except \n

_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF (convert it to text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WebP)"),
    (b"\x00\x00\x01\x00", "an icon file"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_LEGACY_PUNCTUATION = set("‘’‚“”„–—…•€£¥¢©®°±²³´µ·¹º»«×÷§¶™¿¡ˆ˜†‡‰‹›¦¨¯¸¼½¾ ")


# --------------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ingested:
    """The documents read, and the folder files left out because they held no article text."""

    documents: list[Document]
    skipped: tuple[SkippedInput, ...] = ()


def load_documents(sources: Sequence[str], *, max_bytes: int) -> list[Document]:
    """Read every source (file, folder or "-") into a Document, in the order given; every file must hold text.

    Raises ClaimdiffError, naming the offending input, for anything a user has to fix.
    """
    ingested = load_corpus(sources, max_bytes=max_bytes, skip_empty_in_folders=False)
    return ingested.documents


def load_corpus(sources: Sequence[str], *, max_bytes: int, skip_empty_in_folders: bool = True) -> Ingested:
    """Like load_documents, but a folder's file without article text is skipped and listed, not fatal.

    A file named on its own is still an error: the user meant that file.
    """
    if not sources:
        raise ClaimdiffError("no input given: name two or more files or folders, or - for stdin")
    if max_bytes <= 0:
        raise ClaimdiffError(f"the input size limit must be a positive number of bytes, got {max_bytes}")
    inputs: list[_RawInput] = []
    in_folder: list[bool] = []
    seen_files: dict[tuple[int, int], str] = {}
    seen_content: dict[str, str] = {}
    stdin_given = False
    for source in sources:
        if source == STDIN:
            if stdin_given:
                raise ClaimdiffError("stdin ('-') is given twice: give it once")
            stdin_given = True
            inputs.append(_read_stdin(max_bytes))
            in_folder.append(False)
            continue
        expanded = _expand_source(source)
        from_folder = os.path.isdir(source)
        for path, info in expanded:
            key = (info.st_dev, info.st_ino)
            if key in seen_files:
                raise ClaimdiffError(f"the same file is given twice: {seen_files[key]} and {path}; give each document once")
            seen_files[key] = str(path)
            inputs.append(_read_file(path, info, max_bytes))
            in_folder.append(from_folder)
    for raw in inputs:
        digest = hashlib.sha256(raw.data).hexdigest()
        if digest in seen_content:
            raise ClaimdiffError(
                f"{seen_content[digest]} and {raw.label} have identical content: give each document once"
            )
        seen_content[digest] = raw.label
    documents: list[Document] = []
    kept: list[_RawInput] = []
    skipped: list[SkippedInput] = []
    for raw, folder_file in zip(inputs, in_folder):
        try:
            documents.append(_to_document(raw))
        except NoArticleText as error:
            if not (skip_empty_in_folders and folder_file):
                raise
            skipped.append(SkippedInput(source=raw.source, reason=error.finding))
            continue
        kept.append(raw)
    return Ingested(_with_unique_ids(documents, kept), tuple(skipped))


def normalise_text(text: str) -> str:
    """Unicode NFC, one kind of space and line break, no control or invisible characters.

    Curly quotes and dashes stay: they are shown to readers, and the embedder copes with them.
    Runs of spaces collapse to one and blank-line runs to one blank line, so paragraphs survive.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATION)
    text = _CONTROL_CHARACTERS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


@dataclass(frozen=True)
class CleanText:
    text: str
    title: str | None
    date: str | None
    boilerplate: tuple[str, ...] = ()  # the lines removed, in order


def strip_boilerplate(text: str) -> CleanText:
    """Apply BOILERPLATE_RULES line by line to normalised text; find the title and dateline.

    Three structural rules complete the data file: a heading repeated verbatim (a page title
    printed twice) is kept once; "drop-with-next" rules also drop the related-link headline that
    follows them; and a line near the end that starts with the name of the article's own byline
    author ("By Clara Wendt" ... "Clara Wendt is a former chief economist at Velsbank.") is the
    author's bio, whatever job it names.
    """
    lines = text.split("\n")
    total = sum(1 for line in lines if line.strip())
    kept: list[str] = []
    date: str | None = None
    seen_headings: set[str] = set()
    authors: list[str] = []
    content_lines = 0
    skip_next_headline = False
    dropping_paragraph = False
    removed: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            dropping_paragraph = False
            if kept and kept[-1] != "":
                kept.append("")
            continue
        content_lines += 1
        if dropping_paragraph:
            continue
        if skip_next_headline:
            skip_next_headline = False
            if _is_bare_heading(stripped):
                continue
        in_tail = content_lines > total - TAIL_LINES
        rule = match_boilerplate(stripped, in_head=content_lines <= HEAD_LINES, in_tail=in_tail)
        if rule is not None:
            removed.append(stripped)
            if rule.action == "date" and date is None:
                date = parse_date(stripped)
            elif rule.action == "drop-with-next":
                skip_next_headline = True
            elif rule.action == "drop-paragraph":
                dropping_paragraph = True
            authors.extend(_BYLINE_NAME.findall(stripped))
            continue
        if in_tail and _is_author_bio(stripped, authors):
            continue
        if content_lines <= HEAD_LINES:
            stripped = _strip_prefix(stripped)
        if _is_bare_heading(stripped):
            if stripped.casefold() in seen_headings:
                continue  # a page title printed twice
            seen_headings.add(stripped.casefold())
        kept.append(_INLINE_FOOTNOTE.sub("", stripped))
    while kept and kept[-1] == "":
        kept.pop()
    cleaned = "\n".join(kept)
    return CleanText(text=cleaned, title=_title_of(kept), date=date, boilerplate=tuple(removed))


def match_boilerplate(line: str, *, in_head: bool, in_tail: bool = False) -> BoilerplateRule | None:
    """The first rule whose pattern covers the whole line, or None for content.

    Head rules describe headline-shaped lines near the top only, tail rules footers near the end.
    All rules that may fire at a place run as one combined pattern, so a long document costs one
    regex match per line, not one per rule.
    """
    if len(line) > _LONGEST_BOILERPLATE:
        return None
    scopes = {"any"}
    if in_head and _is_bare_heading(line):
        scopes.add("head")
    if in_tail:
        scopes.add("tail")
    if in_head or in_tail:
        scopes.add("edges")
    match = _combined(frozenset(scopes)).fullmatch(line)
    return BOILERPLATE_RULES[int(match.lastgroup[1:])] if match else None


@lru_cache(maxsize=None)
def _combined(scopes: frozenset[str]) -> re.Pattern:
    """One alternation of the rules' patterns; the group name r<i> says which rule matched."""
    parts = [f"(?P<r{index}>{rule.pattern.pattern})" for index, rule in enumerate(BOILERPLATE_RULES) if rule.scope in scopes and rule in _LINE_RULES]
    return re.compile("|".join(parts))


def _strip_prefix(line: str) -> str:
    """The line without a wire dateline ("BRACKWELL (MPA) - "), when a sentence follows it."""
    for rule in _PREFIX_RULES:
        match = rule.pattern.match(line)
        if match and line[match.end() :].strip():
            return line[match.end() :]
    return line


def _is_author_bio(line: str, authors: list[str]) -> bool:
    for name in authors:
        if line.startswith(name + " ") and line[len(name) + 1 :].split(" ", 1)[0] in _BIO_VERBS:
            return True
    return False


_LONGEST_BOILERPLATE = 3500  # no rule matches a longer line (the longest, legal notices, stop at ~3,000)
_BYLINE_NAME = re.compile(r"(?i:\bby)\s+(" + _PIECES["PERSON"] + ")")


def parse_date(text: str) -> str | None:
    """ISO date of a dateline such as 'Friday, August 16, 2024', or None."""
    match = _DATE_LINE.fullmatch(text.strip())
    if match is None:
        return None
    if match["iso"]:
        return match["iso"]
    month = _MONTHS[(match["month"] or match["month2"]).lower()]
    day = int(match["day"] or match["day2"])
    year = int(match["year"] or match["year2"])
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# --------------------------------------------------------------------------------------------
# Finding and reading inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RawInput:
    label: str  # how error messages name it: the path as given, or "stdin"
    source: str  # Document.source: the path as given, or "-"
    stem: str
    kind: str  # "text", "markdown" or "html"
    data: bytes


def _expand_source(source: str) -> list[tuple[Path, os.stat_result]]:
    if not source.strip():
        raise ClaimdiffError("an empty path was given: name a file or folder")
    path = Path(source)
    info = _stat(path)
    if stat.S_ISDIR(info.st_mode):
        found = list(_walk_folder(path, {(info.st_dev, info.st_ino)}))
        if not found:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise ClaimdiffError(f"folder {path} has no supported files ({kinds}): point at the articles themselves")
        return found
    _check_supported_file(path, info)
    return [(path, info)]


def _walk_folder(folder: Path, visited: set[tuple[int, int]]) -> Iterator[tuple[Path, os.stat_result]]:
    """Supported files under folder, sorted by name, recursing; hidden entries are skipped.

    visited holds (device, inode) of every folder entered, so a symlink back to an ancestor is
    not followed a second time.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except PermissionError:
        raise ClaimdiffError(f"cannot read folder {folder}: permission denied") from None
    except OSError as error:
        raise ClaimdiffError(f"cannot read folder {folder}: {error.strerror or error}") from None
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        suffix = path.suffix.lower()
        try:
            info = path.stat()
        except OSError:
            if suffix in SUPPORTED_SUFFIXES:
                _stat(path)  # raises the precise error for a file the user meant to include
            continue  # a dangling link that is not an article anyway
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in visited:
                continue
            visited.add(key)
            yield from _walk_folder(path, visited)
        elif suffix in SUPPORTED_SUFFIXES:
            _check_supported_file(path, info)
            yield path, info


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ClaimdiffError(f"{path} is a symbolic link to a missing file: fix or remove the link") from None
        raise ClaimdiffError(f"{path} does not exist: check the path") from None
    except PermissionError:
        raise ClaimdiffError(f"cannot read {path}: permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ClaimdiffError(f"{path} is a symbolic link loop: point at the real file") from None
        if error.errno == errno.ENAMETOOLONG:
            raise ClaimdiffError(f"{str(path)[:80]}... is not a usable path: the name is too long") from None
        raise ClaimdiffError(f"cannot read {path}: {error.strerror or error}") from None
    except ValueError:  # e.g. a NUL character in the path
        raise ClaimdiffError(f"{path!r} is not a usable path") from None


def _check_supported_file(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ClaimdiffError(f"{path} is not a regular file: give a saved .txt, .md or .html file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        shown = path.suffix or "no extension"
        raise ClaimdiffError(
            f"{path}: unsupported file type ({shown}); give .txt, .md or .html files (convert other formats to text first)"
        )


def _open_read_only(path: Path) -> int:
    """A read-only descriptor; the one place a file is opened, so inputs cannot be modified."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0))


def _read_file(path: Path, info: os.stat_result, max_bytes: int) -> _RawInput:
    if info.st_size > max_bytes:
        raise _too_big(str(path), info.st_size, max_bytes)
    try:
        descriptor = _open_read_only(path)
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise ClaimdiffError(f"cannot read {path}: permission denied") from None
    except OSError as error:
        raise ClaimdiffError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:  # it grew after stat, or stat lied (/proc)
        raise _too_big(str(path), len(data), max_bytes)
    kind = SUPPORTED_SUFFIXES[path.suffix.lower()]
    return _RawInput(label=str(path), source=str(path), stem=path.stem, kind=kind, data=data)


def _read_stdin(max_bytes: int) -> _RawInput:
    stream = sys.stdin
    if stream is None:
        raise ClaimdiffError("'-' means read stdin, but there is no stdin: pipe a document in")
    try:
        if stream.isatty():
            raise ClaimdiffError("'-' means read stdin, but nothing is piped in: use `... | claimdiff compare - other.txt`")
    except (AttributeError, ValueError):
        pass
    buffer = getattr(stream, "buffer", None)
    try:
        data = buffer.read(max_bytes + 1) if buffer is not None else stream.read(max_bytes + 1).encode("utf-8")
    except OSError as error:
        raise ClaimdiffError(f"cannot read stdin: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise _too_big("stdin", len(data), max_bytes, exact=False)
    kind = "html" if _looks_like_html(data[:4096]) else "text"
    return _RawInput(label="stdin", source=STDIN, stem=STDIN_ID, kind=kind, data=data)


def _looks_like_html(head: bytes) -> bool:
    sample = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n").lower()
    return sample.startswith("<") and re.search(r"<(?:!doctype html|html|head|body|article|p|div)\b", sample) is not None


def _too_big(label: str, size: int, limit: int, exact: bool = True) -> ClaimdiffError:
    amount = _human_size(size) if exact else f"more than {_human_size(limit)}"
    return ClaimdiffError(
        f"{label} is {amount}, over the {_human_size(limit)} input limit: split it, or raise the limit with --max-bytes"
    )


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            return f"{size:.1f} {unit}"
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------------------------
# Bytes -> text -> Document
# --------------------------------------------------------------------------------------------


def decode_bytes(data: bytes, label: str) -> str:
    """Bytes to str, or a one-line ClaimdiffError saying why the bytes are not a text document."""
    if not data:
        raise NoArticleText(f"{label} is empty", "give a file with article text")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                name = codec.replace("-sig", "").upper()
                raise ClaimdiffError(
                    f"{label} starts with a {name} byte-order mark but is not valid {name}: re-save it as UTF-8"
                ) from None
    for magic, what in _MAGIC_NUMBERS:
        if data.startswith(magic) and (not magic.isascii() or _binary_head(data)):
            raise ClaimdiffError(f"{label} is not text, it looks like {what}: give a .txt, .md or .html file")
    if b"\x00" in data:
        raise ClaimdiffError(
            f"{label} contains NUL bytes, so it is binary (or UTF-16 without a byte-order mark): give a UTF-8 text file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = _decode_windows_1252(data)
        if text is None:
            raise ClaimdiffError(
                f"{label} is not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}) and does not look like "
                "Latin-1/Windows-1252 text: re-save it as UTF-8"
            ) from None
    controls = sum(1 for ch in text[:65536] if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    if controls > 0.1 * min(len(text), 65536):
        raise ClaimdiffError(f"{label} is mostly control characters, so it is not text: give a text file")
    return text


def _binary_head(data: bytes) -> bool:
    """Whether the first KB has bytes no text file has; guards magic numbers that are plain ASCII."""
    head = data[:1024]
    if re.search(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]", head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start < len(head) - 3  # a character cut at the 1 KB mark is not evidence
    return False


def _decode_windows_1252(data: bytes) -> str | None:
    """The text, if data is clearly Windows-1252/Latin-1 prose; None if that would be a guess."""
    if _UTF8_MULTIBYTE.search(data):
        return None  # UTF-8 with a damaged byte: decoding it as cp1252 would garble every accent
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # bytes undefined in cp1252
    if re.search(r"[^\x00-\x7f]{4,}", text):
        return None  # long runs of high bytes are a multi-byte encoding (GBK, Shift-JIS, KOI8...)
    for ch in set(text):
        if ord(ch) < 128:
            continue
        if ch in _LEGACY_PUNCTUATION or (unicodedata.category(ch).startswith("L") and ord(ch) < 0x250):
            continue
        return None
    return text


def _to_document(raw: _RawInput) -> Document:
    text = decode_bytes(raw.data, raw.label)
    if not text.strip():
        raise NoArticleText(f"{raw.label} contains only whitespace", "give a file with article text")
    title = date = None
    if raw.kind == "html":
        text, title, date = _html_to_text(text, raw.label)
    elif raw.kind == "markdown":
        text, title, date = _markdown_to_text(text)
    normalised = normalise_text(text)
    if not normalised.strip():
        raise NoArticleText(f"{raw.label} contains only invisible or control characters", "give a file with article text")
    cleaned = strip_boilerplate(normalised)
    body = cleaned.text
    if not body.strip():
        raise NoArticleText(f"{raw.label} has no article text once boilerplate is removed", "give the article itself")
    if title:
        title = normalise_text(title).replace("\n", " ")
        first_line = body.split("\n", 1)[0]
        if first_line.casefold() != title.casefold() and raw.kind in ("html", "markdown"):
            body = f"{title}\n\n{body}"  # the headline is a claim too; keep it in the text
    return Document(
        id=raw.stem,
        text=body,
        source=raw.source,
        title=title or cleaned.title,
        date=date or cleaned.date,
        boilerplate=cleaned.boilerplate,
    )


def _with_unique_ids(documents: list[Document], inputs: list[_RawInput]) -> list[Document]:
    """Ids are file stems; colliding stems get a content hash so ids do not depend on order."""
    base = [_safe_id(document.id) for document in documents]
    counts: dict[str, int] = {}
    for name in base:
        counts[name] = counts.get(name, 0) + 1
    result = []
    for document, name, raw in zip(documents, base, inputs):
        if counts[name] > 1:
            name = f"{name}-{hashlib.sha256(raw.data).hexdigest()[:8]}"
        result.append(dataclasses.replace(document, id=name))
    return result


def _safe_id(stem: str) -> str:
    """'#' separates document and claim in claim ids, and whitespace breaks reports."""
    cleaned = re.sub(r"[#\s]+", "_", unicodedata.normalize("NFC", stem)).strip("_")
    return cleaned or "document"


@contextmanager
def _quiet(*logger_names: str) -> Iterator[None]:
    """trafilatura logs warnings on odd pages; the CLI promises one line of output, so mute them."""
    loggers = [logging.getLogger(name) for name in logger_names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _html_to_text(html: str, label: str) -> tuple[str, str | None, str | None]:
    """Main text, title and date of a web page; scripts and styles never become text."""
    import trafilatura

    with _quiet("trafilatura", "htmldate", "courlan", "justext"):
        try:
            extracted = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                include_images=False,
                include_links=False,
                include_tables=True,
                deduplicate=False,
                # a fixed upper bound keeps the result independent of today's date
                date_extraction_params={"extensive_search": False, "original_date": True, "max_date": "2099-12-31"},
            )
        except Exception:  # noqa: BLE001 - a malformed page falls back to the plain-text route
            extracted = None
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    title = getattr(extracted, "title", None) if extracted is not None else None
    date = getattr(extracted, "date", None) if extracted is not None else None
    if not text:
        text = _visible_html_text(html)
    # every line of extracted text is a block of its own (paragraph, heading, list item)
    text = "\n\n".join(line for line in text.split("\n") if line.strip())
    if not text.strip():
        raise NoArticleText(f"{label} has no readable text in its HTML", "give the article page itself")
    return text, title, date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None


_BLOCK_TAGS = (
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote",
    "section", "article", "header", "footer", "pre", "dd", "dt", "table", "ul", "ol", "title",
)


def _visible_html_text(html: str) -> str:
    """What a browser would show as text, for pages too small or odd for trafilatura."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//template|//svg|//iframe|//object|//embed|//head"):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _markdown_to_text(source: str) -> tuple[str, str | None, str | None]:
    """Prose of a Markdown file: headings, paragraphs and list items keep their text, markup goes.

    Link text stays, URLs and images go, code blocks go (code is not a claim), soft line breaks
    join (hard-wrapped paragraphs become one line). Front matter gives title and date.
    """
    from markdown_it import MarkdownIt

    title = date = None
    front = re.match(r"\A---\s*\n(.*?)\n---\s*\n", source, re.DOTALL)
    if front:
        source = source[front.end():]
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            value = value.strip().strip("\"'")
            if key.strip().lower() == "title" and value:
                title = value
            elif key.strip().lower() == "date" and value:
                date = parse_date(value[:10]) or parse_date(value)
    blocks: list[str] = []
    first_block_is_heading = False
    tokens = MarkdownIt("commonmark").parse(source)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            text = _markdown_inline_text(token.children or [])
            if text.strip():
                if not blocks and index > 0 and tokens[index - 1].type == "heading_open":
                    first_block_is_heading = True
                blocks.append(text)
        elif token.type == "html_block":
            text = _visible_html_text(token.content)
            if text.strip():
                blocks.append(text)
    if title is None and first_block_is_heading:
        title = blocks[0]
    return "\n\n".join(blocks), title, date


def _markdown_inline_text(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _is_bare_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a heading, title or link text."""
    return not line.rstrip(_CLOSERS).endswith(_TERMINAL_PUNCTUATION) and line.count(" ") < 25


def _title_of(lines: list[str]) -> str | None:
    """The first line, when it stands alone and reads like a headline rather than a sentence."""
    if len(lines) < 2 or not lines[0]:
        return None
    first = lines[0]
    ends = first.rstrip(_CLOSERS)
    if len(first.split()) > 25 or ends.endswith((".", ";", ":", ",")):
        return None
    return first
