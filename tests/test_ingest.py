"""Stage 1 on the real seeds and on realistic HTML/Markdown: clean text, no boilerplate, metadata."""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

import pytest

from claimdiff.errors import ClaimdiffError
from claimdiff.ingest import BOILERPLATE_RULES, load_documents, match_boilerplate, normalise_text, parse_date

MAX = 10_000_000

# every line of the five seeds that is not article content (see the task's list)
SEED_BOILERPLATE = (
    "Write to us with your comments to be considered for publication at",
    "No comments:",
    "Post a Comment",
    "Note: Only a member of this blog may post a comment.",
    "Comments",
    "Text in PDF219.82 KB",
    "Source",
    "Xi Jinping",
    "美国之音 | wikimedia.org / voachinese.com",
    "OSW Commentary",
    "Chee Meng Tan is Assistant Professor of Business Economics at University of Nottingham",
    "This article was originally published in The Conversation",
    "Learn extra:",
    "Putin-Kim summit has roots in an alliance of ‘remoted’ nations constructed over a long time",
    "Friday, August 16, 2024",
    "North Korea nuclear test READY: Kim Jong-un has 'finger on button' for biggest EVER blast - Daily Star",
    "Victoria Herczegh",
)
FOOTNOTE_PREFIXES = ("[1]", "[2]")


@pytest.fixture(scope="module")
def seed_documents(seeds_dir):
    return {document.id: document for document in load_documents([str(seeds_dir)], max_bytes=MAX)}


def test_folder_gives_every_seed_in_name_order(seed_documents, seeds_dir):
    assert list(seed_documents) == sorted(path.stem for path in seeds_dir.glob("*.txt"))
    assert len(seed_documents) == 5
    for document in seed_documents.values():
        assert Path(document.source).parent == seeds_dir


@pytest.mark.parametrize("line", SEED_BOILERPLATE)
def test_no_seed_boilerplate_line_survives(seed_documents, line):
    for document in seed_documents.values():
        assert line not in document.text.split("\n"), f"{line!r} survived in {document.id}"


def test_seed_boilerplate_lines_were_really_in_the_raw_seeds(seeds_dir):
    """Guards the test above against asserting the absence of strings that never existed."""
    raw = "\n".join(normalise_text(path.read_text(encoding="utf-8")) for path in sorted(seeds_dir.glob("*.txt")))
    lines = set(raw.split("\n"))
    for line in SEED_BOILERPLATE:
        assert line in lines, line


def test_footnote_lines_and_markers_are_removed_but_the_sentence_stays(seed_documents):
    text = seed_documents["002_084f91e39748e533"].text
    assert not any(line.startswith(FOOTNOTE_PREFIXES) for line in text.split("\n"))
    assert "[1]" not in text and "[2]" not in text
    assert "military assistance in the event of a war." in text
    assert "China’s position in the event of a war, but on the other hand" in text


def test_dateline_becomes_the_document_date(seed_documents):
    document = seed_documents["004_5b83c3a975a3c4f5"]
    assert document.date == "2024-08-16"
    assert "August 16, 2024" not in document.text


def test_titles_of_the_seeds(seed_documents):
    assert seed_documents["001_40030c20fa9a20db"].title == "What Motivates China to Supply Arms to Russia Despite Risk of US Sanctions?"
    assert seed_documents["002_084f91e39748e533"].title.startswith("Acceptance regardless of the costs")
    assert seed_documents["004_5b83c3a975a3c4f5"].title == "Why China Shuns the Russia-North Korea Alliance"
    # articles that open with a sentence have no title line
    assert seed_documents["000_2acc9f27728101c0"].title is None
    assert seed_documents["003_19b9736576807a13"].title is None


def test_headline_printed_twice_is_kept_once(seed_documents):
    text = seed_documents["004_5b83c3a975a3c4f5"].text
    assert text.count("Why China Shuns the Russia-North Korea Alliance") == 1
    assert text.startswith("Why China Shuns the Russia-North Korea Alliance\n")


def test_content_is_kept(seed_documents):
    """Boilerplate rules must not eat article text: every seed keeps its body and section headings."""
    assert "China’s need for allies" in seed_documents["000_2acc9f27728101c0"].text.split("\n")
    assert "Putin’s agenda" in seed_documents["003_19b9736576807a13"].text.split("\n")
    assert "Mending fences with the U.S. takes priority over their temporary affair." in seed_documents["004_5b83c3a975a3c4f5"].text
    assert seed_documents["000_2acc9f27728101c0"].text.endswith("But that simply isn’t true.")
    for document in seed_documents.values():
        assert len(document.text) > 2000


def test_text_is_normalised_but_keeps_curly_quotes(seed_documents):
    for document in seed_documents.values():
        assert "\u00a0" not in document.text and "\r" not in document.text
        assert "  " not in document.text
        assert unicodedata.normalize("NFC", document.text) == document.text
    assert "“prime contributor”" in seed_documents["000_2acc9f27728101c0"].text
    assert "America’s" in seed_documents["000_2acc9f27728101c0"].text


def test_normalise_text():
    raw = "Cafe\u0301\u00a0 costs\u2009€5.\r\nNext\x07 line\u200b here.\r\n\r\n\r\n\r\nThird\u2028line \u202eevil"
    assert normalise_text(raw) == "Café costs €5.\nNext line here.\n\nThird\nline evil"


def test_loading_is_deterministic(seeds_dir):
    first = load_documents([str(seeds_dir)], max_bytes=MAX)
    second = load_documents([str(seeds_dir)], max_bytes=MAX)
    assert first == second


ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Why Beijing aids Moscow | Example News</title>
<meta property="article:published_time" content="2024-04-26T08:00:00Z">
<style>body { font-family: serif; } .secret-style-marker { color: red; }</style>
<script>window.trackingSecret = "script-text-marker"; document.write("<p>injected</p>");</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav>
<article>
<h1>Why Beijing aids Moscow</h1>
<p>US secretary of state Antony Blinken fired a warning salvo towards China during a G7 foreign ministers’ meeting on the Italian island of Capri on April 20.</p>
<p>The US’s top diplomat said that China is a “prime contributor” of weapons-related technology to Russia, and was fuelling the biggest threat to European security since the end of the Cold War.</p>
<script>console.log("inline-script-marker");</script>
<h2>China’s need for allies</h2>
<p>China realises that if it wishes to break the US monopoly on power, it can’t go about it alone. Aside from requiring a strong Russia, China needs Russia for its long-term survival.</p>
<p>Relations became so tense that both communist regimes broke off their formal alliance in 1961, and Chinese and Russian soldiers later clashed in northeast China.</p>
</article>
<footer>© 2024 Example News. All rights reserved.</footer>
</body></html>
"""


def test_html_main_text_title_and_date(tmp_path):
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [document] = load_documents([str(path)], max_bytes=MAX)
    assert document.id == "article"
    assert document.title == "Why Beijing aids Moscow"
    assert document.date == "2024-04-26"
    assert document.text.startswith("Why Beijing aids Moscow\n\n")
    assert "\n\nChina’s need for allies\n\n" in document.text
    assert "Capri on April 20." in document.text
    for marker in ("script-text-marker", "inline-script-marker", "secret-style-marker", "injected", "All rights reserved", "Sign in"):
        assert marker not in document.text


def test_tiny_html_falls_back_to_visible_text_without_scripts(tmp_path):
    path = tmp_path / "tiny.htm"
    path.write_text("<p>China sent drones to Russia.<script>alert('x')</script></p><style>p{}</style>", encoding="utf-8")
    [document] = load_documents([str(path)], max_bytes=MAX)
    assert document.text == "China sent drones to Russia."


def test_markdown_markup_is_stripped(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "# Putin visits *Pyongyang*\n\n"
        "The Russian president, **Vladimir Putin**, signed a [defence pact](https://example.com/pact)\n"
        "with North Korea this week. ![a photo](photo.jpg)\n\n"
        "## What it means\n\n"
        "- Each country will come to the defence of the other if attacked.\n\n"
        "```python\nprint('code is not a claim')\n```\n",
        encoding="utf-8",
    )
    [document] = load_documents([str(path)], max_bytes=MAX)
    assert document.title == "Putin visits Pyongyang"
    assert document.text == (
        "Putin visits Pyongyang\n\n"
        "The Russian president, Vladimir Putin, signed a defence pact with North Korea this week.\n\n"
        "What it means\n\n"
        "Each country will come to the defence of the other if attacked."
    )


def test_stdin_is_a_document(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("China sent drones to Russia in 2023.\n".encode())))
    [document] = load_documents(["-"], max_bytes=MAX)
    assert (document.id, document.source, document.text) == ("stdin", "-", "China sent drones to Russia in 2023.")


def test_colliding_stems_get_stable_unique_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.md"
    first.write_text("China sent drones to Russia in 2023.", encoding="utf-8")
    second.write_text("Russia received drones from China in 2023.", encoding="utf-8")
    forward = load_documents([str(first), str(second)], max_bytes=MAX)
    backward = load_documents([str(second), str(first)], max_bytes=MAX)
    assert forward[0].id != forward[1].id
    assert all(document.id.startswith("story-") for document in forward)
    assert {d.source: d.id for d in forward} == {d.source: d.id for d in backward}


def test_folders_recurse_sorted_and_survive_symlink_loops(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First document says China sent drones.", encoding="utf-8")
    (tmp_path / "b" / "c.html").write_text("<p>Second document says Russia got drones.</p>", encoding="utf-8")
    (tmp_path / "b" / "notes.pdf").write_bytes(b"%PDF-1.4 ignored inside folders")
    (tmp_path / ".hidden.txt").write_text("hidden files are skipped", encoding="utf-8")
    (tmp_path / "b" / "loop").symlink_to(tmp_path, target_is_directory=True)
    documents = load_documents([str(tmp_path)], max_bytes=MAX)
    assert [document.id for document in documents] == ["a", "c"]


def test_dates_and_boilerplate_rules_are_data():
    assert parse_date("Friday, August 16, 2024") == "2024-08-16"
    assert parse_date("16 August 2024") == "2024-08-16"
    assert parse_date("Published: Sept. 3, 2023") == "2023-09-03"
    assert parse_date("China sent drones on August 16, 2024.") is None
    assert all(rule.name and rule.why and rule.action in {"drop", "drop-with-next", "drop-paragraph", "date"} for rule in BOILERPLATE_RULES)
    assert match_boilerplate("Read more:", in_head=False).action == "drop-with-next"
    # content shaped like a head-only rule is kept outside the head
    assert match_boilerplate("Victoria Herczegh", in_head=False) is None
    assert match_boilerplate("Kim Jong Un is the leader of North Korea.", in_head=False) is None


def test_read_more_drops_the_linked_headline_only(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "China sent drones to Russia in 2023.\nRead more:\nTen things about pandas\nRussia paid for them in cash.\n",
        encoding="utf-8",
    )
    [document] = load_documents([str(path)], max_bytes=MAX)
    assert document.text == "China sent drones to Russia in 2023.\nRussia paid for them in cash."


def test_no_sources_is_an_error():
    with pytest.raises(ClaimdiffError, match="no input"):
        load_documents([], max_bytes=MAX)
