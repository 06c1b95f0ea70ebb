"""Hostile input: every bad input is refused by ingest in one line with exit code 2, before any
model loads, and no input file is ever changed. Property tests feed ingest -> claims garbage."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdiff import ingest
from claimdiff.claims import extract_claims
from claimdiff.errors import ClaimdiffError
from claimdiff.ingest import load_documents
from claimdiff.model import Document

ROOT = Path(__file__).resolve().parents[1]
MAX = 10_000_000
GOOD_TEXT = "China sent drones to Russia in 2023. Russia paid for them in cash, officials said.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sparse(path: Path, size: int) -> Path:
    """A file that claims `size` bytes without using the disk: reading it would still cost memory."""
    with open(path, "wb") as handle:
        handle.write(b"China sent drones. ")
        handle.truncate(size)
    return path


def symlink_loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]  # builds the hostile input(s) in a folder, returns the CLI sources
    message: str  # a fragment the one-line error must contain
    stdin: bytes = b""


CASES = [
    Case("empty-file", lambda d: [str(write(d / "empty.txt", b""))], "empty.txt is empty"),
    Case("whitespace-only", lambda d: [str(write(d / "blank.txt", " \n\t \r\n\u00a0\u3000\n"))], "blank.txt contains only whitespace"),
    Case("invisible-only", lambda d: [str(write(d / "zw.txt", "\u200b\ufeff\u200b\n\u202e"))], "only invisible or control characters"),
    Case("control-chars", lambda d: [str(write(d / "ctl.txt", bytes(range(1, 9)) * 50))], "mostly control characters"),
    Case("png-renamed-txt", lambda d: [str(write(d / "photo.txt", PNG))], "looks like a PNG image"),
    Case("pdf-renamed-txt", lambda d: [str(write(d / "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))], "looks like a PDF"),
    Case("zip-renamed-md", lambda d: [str(write(d / "doc.md", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"))], "looks like a ZIP archive"),
    Case("nul-bytes", lambda d: [str(write(d / "nul.txt", b"China sent drones\x00 to Russia."))], "contains NUL bytes"),
    Case("utf16-without-bom", lambda d: [str(write(d / "u16.txt", "China sent drones.".encode("utf-16-le")))], "UTF-16 without a byte-order mark"),
    Case("bad-utf16-with-bom", lambda d: [str(write(d / "bad16.txt", b"\xff\xfeC\x00h\x00\x00\xd8"))], "byte-order mark but is not valid UTF-16"),
    Case("gbk-not-utf8", lambda d: [str(write(d / "gbk.txt", "中国向俄罗斯提供了武器。".encode("gbk")))], "is not UTF-8"),
    Case("damaged-utf8", lambda d: [str(write(d / "dam.txt", "Café in Zürich said “no”.".encode() + b"\xff tail"))], "is not UTF-8 (byte 0xff"),
    Case("over-size-limit", lambda d: [str(sparse(d / "huge.txt", 50_000_000))], "huge.txt is 47.7 MB, over the 9.5 MB input limit"),
    Case("missing-path", lambda d: [str(d / "nowhere.txt")], "nowhere.txt does not exist"),
    Case("folder-without-articles", lambda d: [str(write(d / "imgs" / "x.png", PNG).parent)], "has no supported files"),
    Case("empty-folder", lambda d: [str((d / "none").mkdir() or d / "none")], "has no supported files"),
    Case("same-path-twice", lambda d: [str(write(d / "one.txt", GOOD_TEXT.replace("2023", "2022")))] * 2, "the same file is given twice"),
    Case(
        "file-and-its-folder",
        lambda d: [str(write(d / "set" / "one.txt", GOOD_TEXT.replace("2023", "2021"))), str(d / "set")],
        "the same file is given twice",
    ),
    Case(
        "identical-content",
        lambda d: [str(write(d / "x.txt", GOOD_TEXT * 2)), str(write(d / "y.md", GOOD_TEXT * 2))],
        "have identical content",
    ),
    Case("symlink-self-loop", lambda d: [str((d / "self.txt").symlink_to(d / "self.txt") or d / "self.txt")], "self.txt is a symbolic link loop"),
    Case("symlink-loop", lambda d: [str(symlink_loop(d))], "is a symbolic link loop"),
    Case("dangling-symlink", lambda d: [str((d / "gone.txt").symlink_to(d / "missing.txt") or d / "gone.txt")], "symbolic link to a missing file"),
    Case("unsupported-extension", lambda d: [str(write(d / "article.pdf", GOOD_TEXT))], "unsupported file type (.pdf)"),
    Case("no-extension", lambda d: [str(write(d / "README", GOOD_TEXT))], "unsupported file type (no extension)"),
    Case("fifo", lambda d: [str(fifo(d / "pipe.txt"))], "pipe.txt is not a regular file"),
    Case("only-boilerplate", lambda d: [str(write(d / "bp.txt", "Comments\nPost a Comment\nFriday, August 16, 2024\n"))], "no article text once boilerplate is removed"),
    Case("html-only-script", lambda d: [str(write(d / "s.html", "<html><script>alert('x')</script><style>p{}</style></html>"))], "no readable text in its HTML"),
    Case("stdin-twice", lambda d: ["-", "-"], "stdin ('-') is given twice", stdin=GOOD_TEXT.encode()),
    Case("stdin-empty", lambda d: ["-"], "stdin is empty", stdin=b""),
    Case("empty-path", lambda d: [""], "an empty path was given"),
]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime of every regular file under folder, links not followed."""
    found = {}
    for root, _, names in os.walk(folder, followlinks=False):
        for name in names:
            path = Path(root) / name
            if path.is_symlink() or not path.is_file():
                continue
            found[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return found


def _prepare(tmp_path: Path, case: Case) -> tuple[Path, list[str]]:
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    return good, case.make(hostile)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_ingest_refuses_in_one_line(case, tmp_path, monkeypatch):
    good, sources = _prepare(tmp_path, case)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.stdin)))
    before = snapshot(tmp_path)
    with pytest.raises(ClaimdiffError) as error:
        load_documents([str(good), *sources], max_bytes=MAX)
    message = str(error.value)
    assert case.message in message
    assert "\n" not in message and len(message) < 300
    assert snapshot(tmp_path) == before


def run_main(args: list[str], monkeypatch, capsys, stdin: bytes = b"") -> tuple[int, str, str]:
    """The real entry point (claimdiff.cli.main), in-process so the whole table runs in seconds."""
    from claimdiff import cli

    monkeypatch.setattr(sys, "argv", ["claimdiff", *args])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def assert_one_line_error(code: int, err: str, fragment: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("claimdiff: error: ") and fragment in lines[0]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_cli_exits_2_with_one_line(case, tmp_path, monkeypatch, capsys):
    good, sources = _prepare(tmp_path, case)
    monkeypatch.chdir(tmp_path)  # no pyproject.toml/claimdiff.toml of the checkout applies
    before = snapshot(tmp_path)
    code, _, err = run_main(["compare", "--quiet", str(good), *sources], monkeypatch, capsys, case.stdin)
    assert_one_line_error(code, err, case.message)
    assert snapshot(tmp_path) == before


def test_permission_denied(tmp_path, monkeypatch, capsys):
    """Tests run as root in CI, where chmod 000 does not stop reading, so the OS refusal is simulated."""
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    locked = write(tmp_path / "locked.txt", GOOD_TEXT.replace("cash", "gold"))

    def refuse(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return os.open(path, os.O_RDONLY)

    monkeypatch.setattr(ingest, "_open_read_only", refuse)
    with pytest.raises(ClaimdiffError, match=r"^cannot read .*locked\.txt: permission denied$"):
        load_documents([str(good), str(locked)], max_bytes=MAX)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(["compare", "-q", str(good), str(locked)], monkeypatch, capsys)
    assert_one_line_error(code, err, "locked.txt: permission denied")


def test_unreadable_folder(tmp_path, monkeypatch):
    folder = tmp_path / "private"
    write(folder / "a.txt", GOOD_TEXT)
    real_scandir = os.scandir

    def refuse(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", refuse)
    with pytest.raises(ClaimdiffError, match=r"cannot read folder .*private: permission denied"):
        load_documents([str(folder)], max_bytes=MAX)


def test_oversized_file_is_never_read(tmp_path, monkeypatch):
    huge = sparse(tmp_path / "huge.txt", 50_000_000)
    monkeypatch.setattr(ingest, "_open_read_only", lambda path: pytest.fail(f"{path} was opened"))
    with pytest.raises(ClaimdiffError, match="over the 9.5 MB input limit"):
        load_documents([str(huge)], max_bytes=MAX)


def test_oversized_stdin_is_refused_after_limit_bytes(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5000)))
    with pytest.raises(ClaimdiffError, match="stdin is more than 1000 bytes"):
        load_documents(["-"], max_bytes=1000)


def test_stdin_from_a_terminal_is_refused(monkeypatch):
    """'-' with nothing piped would wait for typing forever; refuse instead."""

    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(io.BytesIO(b"never read")))
    with pytest.raises(ClaimdiffError, match="nothing is piped in"):
        load_documents(["-"], max_bytes=MAX)


def test_size_limit_comes_from_settings(tmp_path, monkeypatch, capsys):
    """max_input_bytes in claimdiff.toml reaches ingest through the CLI."""
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    big = write(tmp_path / "big.txt", GOOD_TEXT * 30)
    write(tmp_path / "claimdiff.toml", "max_input_bytes = 1000\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(["compare", "-q", str(good), str(big)], monkeypatch, capsys)
    assert_one_line_error(code, err, "big.txt is 2.4 KB, over the 1000 bytes input limit")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8-bom.txt", b"\xef\xbb\xbf" + "Café “quoted” – 5 €. Zürich agreed.".encode("utf-8")),
        ("utf16le-bom.txt", "Café “quoted” – 5 €. Zürich agreed.".encode("utf-16")),
        ("utf16be-bom.txt", b"\xfe\xff" + "Café “quoted” – 5 €. Zürich agreed.".encode("utf-16-be")),
        ("utf32-bom.txt", "Café “quoted” – 5 €. Zürich agreed.".encode("utf-32")),
        ("windows1252.txt", "Café “quoted” – 5 €. Zürich agreed.".encode("cp1252")),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32-bom", "windows1252"],
)
def test_encodings_that_are_decoded(tmp_path, name, data):
    [document] = load_documents([str(write(tmp_path / name, data))], max_bytes=MAX)
    assert document.text == "Café “quoted” – 5 €. Zürich agreed."


def test_latin1_is_decoded(tmp_path):
    path = write(tmp_path / "latin1.txt", "Müller’s façade in Genève cost 5 000 francs.".replace("’", "'").encode("latin-1"))
    [document] = load_documents([str(path)], max_bytes=MAX)
    assert document.text == "Müller's façade in Genève cost 5 000 francs."


def test_html_text_is_never_markup(tmp_path):
    """Escaped markup in an article stays literal text; real scripts never become text."""
    page = "<html><body><p>The attacker wrote &lt;script&gt;alert(1)&lt;/script&gt; in a comment field.</p><script>steal()</script></body></html>"
    [document] = load_documents([str(write(tmp_path / "x.html", page))], max_bytes=MAX)
    assert document.text == "The attacker wrote <script>alert(1)</script> in a comment field."
    assert "steal" not in document.text


# --- the real executable: exit status and stderr as a shell sees them ---------------------------


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: str(write(d / "photo.txt", PNG)), "looks like a PNG image"),
        (lambda d: str(sparse(d / "huge.txt", 50_000_000)), "over the 9.5 MB input limit"),
    ],
    ids=["png", "huge"],
)
def test_python_dash_m_claimdiff(tmp_path, make, fragment):
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    hostile = make(tmp_path)
    before = snapshot(tmp_path)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("CLAIMDIFF_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "claimdiff", "compare", str(good), hostile],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=environment, stdin=subprocess.DEVNULL,
    )
    assert_one_line_error(result.returncode, result.stderr, fragment)
    assert result.stdout == ""
    assert snapshot(tmp_path) == before


# --- property-based: garbage in, valid claims (or one clean error) out ---------------------------

RTL = "مرحبا بالعالم הצבא הודיע اليوم"
EMOJI = "🚀🔥👍🏽👨‍👩‍👧 🇺🇦"
WORDS = st.sampled_from(
    ["China", "sent", "drones", "to", "Russia", "U.S.", "Mr.", "3.1", "“quoted”", "(aside)", "e.g.", "...", "…",
     "St.", "No.", "?", "!", ";", ",", ", but", ", while", "\n", "\n\n", "\t", "\x00", "\x07", "\u200b", "\u202e",
     "\u00a0", "\r\n", "#", "*", "[1]", "中国", "。", RTL, EMOJI, "é", "e\u0301"]
)
PROSE = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=120).map(" ".join)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


def check_claims(document: Document) -> None:
    claims = extract_claims(document)
    assert len({claim.id for claim in claims}) == len(claims)
    indexes = [claim.index for claim in claims]
    assert indexes == sorted(set(indexes)) and all(index >= 0 for index in indexes)  # gaps where non-claims sit
    for claim in claims:
        assert claim.id == f"{document.id}#{claim.index}"
        assert claim.text and claim.text == claim.text.strip()
        assert 0 <= claim.sentence_start <= claim.start < claim.end <= claim.sentence_end <= len(document.text)
        assert document.text[claim.start : claim.end] == claim.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(PROSE, ANY_TEXT), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_ingest_then_claims_never_crash(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(text.encode("utf-8"))
        try:
            documents = load_documents([str(path)], max_bytes=MAX)
        except ClaimdiffError as error:
            assert "\n" not in str(error)
            return
        [document] = documents
        assert document.text.strip()
        check_claims(document)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(PROSE, ANY_TEXT))
def test_claims_on_raw_text_keep_valid_spans(text):
    """extract_claims must cope with any Document, normalised or not."""
    check_claims(Document(id="d", text=text, source="d.txt"))


@settings(max_examples=20, deadline=None)
@given(words=st.integers(min_value=2000, max_value=6000), script=st.sampled_from(["word", "كلمة", "🚀x", "中"]))
def test_very_long_unpunctuated_sentence(words, script):
    text = " ".join([script] * words)
    document = Document(id="long", text=text, source="long.txt")
    claims = extract_claims(document)
    assert len(claims) == 1 and claims[0].text == text
