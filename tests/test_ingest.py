"""Stage 1 on the real seeds and on realistic HTML/Markdown: clean text, no boilerplate, metadata."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from pathlib import Path

import pytest

from claimdiff.errors import ClaimdiffError
from claimdiff.ingest import BOILERPLATE_RULES, load_documents, match_boilerplate, normalise_text, parse_date, strip_boilerplate

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
    assert all(rule.name and rule.why and rule.action in {"drop", "drop-with-next", "drop-paragraph", "date", "strip-prefix"} for rule in BOILERPLATE_RULES)
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


# --------------------------------------------------------------------------------------------
# Boilerplate families on newsdev (dev) and real news: each rule removes what it is for and keeps
# a real sentence that looks like it
# --------------------------------------------------------------------------------------------

# the one line removed on purpose beyond newsdev's gold list: the body of a press release's
# "About <Company>" section at the end (the company describing itself is not news)
ABOUT_SECTION_BODY = ("05_drug_trial", "calyx_press_release", "Calyx Biotherapeutics is a clinical-stage biotechnology company focused on immunology.")


@pytest.fixture(scope="module")
def newsdev(shared_data):
    root = shared_data / "newsdev"
    stories = sorted(path for path in root.iterdir() if path.is_dir() and path.name[:2].isdigit())
    return {(story.name, document.id): document for story in stories for document in load_documents([str(story)], max_bytes=MAX)}


@pytest.fixture(scope="module")
def newsdev_gold(shared_data):
    root = shared_data / "newsdev"
    boilerplate = [json.loads(line) for line in (root / "boilerplate.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [json.loads(line) for line in (root / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return boilerplate, pairs


def test_newsdev_loses_exactly_its_boilerplate_lines(newsdev, newsdev_gold, shared_data):
    """Every planted line goes and no article line goes with it (bar the About section body)."""
    boilerplate, _ = newsdev_gold
    assert len(boilerplate) == 66
    expected: dict[tuple[str, str], set[str]] = {key: set() for key in newsdev}
    for item in boilerplate:
        expected[(item["story"], item["doc"])].add(item["line"])
    expected[ABOUT_SECTION_BODY[:2]].add(ABOUT_SECTION_BODY[2])
    for (story, stem), document in newsdev.items():
        raw = normalise_text((shared_data / "newsdev" / story / f"{stem}.txt").read_text(encoding="utf-8"))
        kept = document.text.split("\n")
        # a line whose wire dateline was cut off ("BRACKWELL (MPA) - Fire swept ...") is kept
        removed = {line for line in raw.split("\n") if line and not any(line.endswith(k) and k for k in kept)}
        assert removed == expected[(story, stem)], f"{story}/{stem}"


def test_wire_datelines_are_cut_off_the_first_sentence(newsdev):
    assert newsdev[("01_factory_fire", "mpa_wire")].text.split("\n")[2].startswith("Fire swept through a plastics factory")
    assert newsdev[("03_central_bank", "cns_wire")].text.split("\n")[2].startswith("The Central Bank of Aldoria raised")
    assert newsdev[("05_drug_trial", "calyx_press_release")].text.split("\n")[2].startswith("Calyx Biotherapeutics today announced")
    # a headline with a dash, and a sentence that opens with an acronym, are not datelines
    assert "Tamsin Ridge Fire - Incident Update No. 4" in newsdev[("08_wildfire_evacuation", "eastvale_fire_update")].text
    assert strip_boilerplate("Talks end\n\nNATO - the alliance said on Friday - will meet again.").text.endswith("NATO - the alliance said on Friday - will meet again.")


def test_newsdev_gold_sentences_survive_ingest(newsdev, newsdev_gold):
    _, pairs = newsdev_gold
    for pair in pairs:
        for side in ("a", "b"):
            assert pair[side] in newsdev[(pair["story"], pair[f"{side}_doc"])].text, pair["id"]


# (rule, a line it must remove, a real sentence of the same shape that must stay). Removed lines
# come from newsdev's gold list or, for families newsdev lacks, from real FNC-1 train bodies;
# the look-alikes are sentences of newsdev, the seeds or FNC-1 train bodies.
BOILERPLATE_FAMILIES = [
    ("byline", "By Anneliese Grant, Environment Correspondent", "By dawn the roof of the main moulding hall had fallen in."),
    ("posted-by", "Posted by NewsHive Staff | 4 min read", "The plant, owned by Hollins & Pryce, has been a fixture of the Tannery Road estate since it opened in 1994."),
    ("publication-stamp", "Published 15:42, Wednesday", "An evacuation order was issued at 6:15 p.m. on Saturday for Eskbury North and Pell's Crossing."),
    ("next-update", "Next update: Sunday, 18:00", "The next monetary policy decision will be announced on 19 July."),
    ("pipe-label", "Kestrel Mutual | Customer notice", "Kestrel Mutual said 412,000 customers were affected."),
    ("related-link-inline", "Read more: Why the Serin Strait matters to everyone", "The result was finally read out shortly before midnight on Thursday."),
    ("related-link-inline", "More from ClickWire: Trending tech stories", "More than 150 terrified workers fled the building as flames tore through the roof."),
    ("newsletter-prompt", "Sign up for the Echo's free morning newsletter", "Kingsmere United have completed the signing of Sander Ekvall, ending a pursuit of the FK Norrvik striker that began last summer."),
    ("newsletter-prompt", "Subscribe to PharmaPulse for daily biotech briefings", "Subscribers to the service were told on Monday."),
    ("newsletter-subscribe-to", "Subscribe to The Herald today.", "Subscriptions to the Herald rose by a tenth last year."),
    ("share-prompt", "Share this article", "Shares in Velsbank, the country's largest lender, rose 2 per cent."),
    ("follow-prompt", "Follow @EastvaleFire for live updates", "Following this meeting, barter between the two countries increased further."),
    ("join-prompt", "Join the TerraceTalk forum", "The idea of a joint commission to manage the strait came from Osterman, not from his guest."),
    ("comment-prompt", "Comments (37)", "Analysts said the governor's comments pointed to a long pause."),
    ("comment-prompt", "Comments are closed on this article.", "Comments by the minister were closed to the press."),
    ("source-line", "Tags: Kesland, Valdoria, World", "Sources close to the club said the fee was £18 million."),
    ("republication-note", "Originally published by The Standard Ledger.", "Originally posted to eBay’s careers webpage in November, the ad was spotted recently on LinkedIn."),
    ("image-credit", "Photo: Smoke rising over the Tannery Road estate on Wednesday morning (Echo/Lee Daintree)", "Photographers were kept behind the cordon."),
    ("image-credit", "Luke Somers was kidnapped over a year ago by al Qaida (AP Photo/Hani Mohammed)", "Reuters was not immediately able to verify the report."),
    ("image-credit", "Senators met on Tuesday.CreditJoshua Roberts/Reuters", "Credit Suisse was taken over in 2023."),
    ("glued-credit", "Senator Mitch McConnell at the Capitol on Tuesday.CreditAnna Moneymaker for The New York Times", "Tallis, to his credit, accepted the result with grace."),
    ("credit-line", "Molly Hennessy-Fiske/Los Angeles Times / MCT", "Wind gusts could reach 50km/h on Sunday afternoon, according to forecasters."),
    ("embedded-post", "We’ve officially reached Pumpkin Spice saturation point. pic.twitter.com/Tve77ov5JZ", "One Twitter account said the boy was dead."),
    ("embedded-post", "— Jack Moore (@JFXM) January 27, 2015", "Marsh will be sworn in next week."),
    ("about-section", "About Calyx Biotherapeutics", "About 30 night-shift workers were evacuated as the flames spread."),
    ("forward-looking", "Forward-looking statements: This press release contains forward-looking statements that involve risks and uncertainties, and actual results may differ materially.", "Last week Northline put forward an improved pay offer of 4 percent, but the union turned it down."),
    ("contact-label", "Investor contact: ir@calyxbio.example", "Kestrel began contacting affected customers on Monday and informed the Data Protection Authority the following day."),
    ("end-mark", "###", "The end of the strike is not in sight."),
    ("tip-line", "Got a story? Call the Clarion newsdesk on 0800 555 0142", "Ekvall got through his medical on Tuesday morning at Fenwick Park."),
    ("helpline", "If you have questions, call our dedicated helpline on 0800 555 0177 (Monday to Friday, 8am to 8pm).", "Some callers said they had waited more than an hour to get through to its helpline."),
    ("phone-line", "To contact Arizona Governor Jan Brewer, call (602) 542-4331.", "We will contact every affected customer by email or letter."),
    ("registration", "Kestrel Mutual Insurance Society Ltd is registered in Westmarch. Registered number 00418207.", "Several hundred people had registered at an evacuation centre at Eskbury High School by Sunday afternoon."),
    ("columnist-tagline", "Marcus Ellery is a former Port Arlen councillor and writes a weekly column on city politics.", "Ward councillor Fay Mortimer said she would ask the council to review how gas cylinders are stored on the town's industrial estates."),
    ("views-disclaimer", "The views expressed are the author's own.", "The views of residents were split."),
    ("shop-prompt", "Get your Ekvall 9 shirt now at the Kings Store and online.", "But let’s get one fact straight: China-Russia relations have not always been rosy."),
    ("media-prompt", "Watch the video of the incredible incident below.", "Watch out for scams, the bank warned customers on Friday."),
    ("script-residue", "mboxCreate('FoxNews-Politics-Autoplay-Videos-In-Articles')", "Bottled water sales in the region have grown by about a fifth in five years, according to industry figures."),
    ("script-code", "var CasaleArgs = new Object(); CasaleArgs.version = 2; CasaleArgs.adUnits = \"4\"; CasaleArgs.casaleID = 159339;", "The function of the committee is to review the bids."),
    ("gallery-caption", "View galleryPolicemen stand guard at Pueblo Viejo, in the outskirts", "Viewers said the gallery was closed on Sunday."),
    ("promo-link", "Read more on Ferguson.", "Readers have been asking us about the Kestrel Mutual hack, so here is the full story as reported by The Standard Ledger."),
    ("comment-invitation", "Have something to add to this story?", "Have the talks failed?"),
    ("columnist-tagline", "Kashmira Gander writes for the Independent and Independent on Sunday", "John Smith, who writes a weekly column for the Herald, said the plan would fail."),
    ("wire-dateline", "WASHINGTON, Oct. 9 (UPI) -- Homeland Security Secretary Jeh Johnson took to CNN.", "US - China talks went well on Monday."),
]


@pytest.mark.parametrize(("rule", "boilerplate", "content"), BOILERPLATE_FAMILIES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(BOILERPLATE_FAMILIES)])
def test_boilerplate_family_removes_its_lines_and_keeps_look_alikes(rule, boilerplate, content):
    if rule == "wire-dateline":  # cuts the start of a line instead of matching all of it
        assert strip_boilerplate(f"Headline\n\n{boilerplate}").text == "Headline\n\nHomeland Security Secretary Jeh Johnson took to CNN."
        assert strip_boilerplate(f"Headline\n\n{content}").text == f"Headline\n\n{content}"
        return
    places = [dict(in_head=head, in_tail=tail) for head in (False, True) for tail in (False, True)]
    found = [match_boilerplate(boilerplate, **place) for place in places]
    assert rule in {match.name for match in found if match}, (boilerplate, found)
    for place in places:
        assert match_boilerplate(content, **place) is None, (content, place)


def test_author_bio_is_recognised_by_the_byline_name():
    """'Clara Wendt is a former chief economist at Velsbank.' names no press role: the byline does."""
    column = (
        "Raising rates now is a mistake\n\nBy Clara Wendt\n\nThe central bank raised its rate to 4.5 per cent on Thursday.\n\n"
        "Inflation is already falling, and the bank knows it.\n\nClara Wendt is a former chief economist at Velsbank.\n"
        "The views expressed are the author's own."
    )
    cleaned = strip_boilerplate(normalise_text(column)).text
    assert cleaned.endswith("Inflation is already falling, and the bank knows it.")
    # without a byline naming her, the same sentence is a claim about a person
    story = "Rates rise to 4.5%\n\nThe central bank raised its rate on Thursday.\n\nClara Wendt is a former chief economist at Velsbank."
    assert strip_boilerplate(normalise_text(story)).text.endswith("Clara Wendt is a former chief economist at Velsbank.")


def test_about_section_goes_only_at_the_end():
    release = "Calyx reports results\n\nThe trial met its primary endpoint.\n\nAbout Calyx\nCalyx is a biotechnology company.\n\nMedia contact: press@calyx.example"
    assert strip_boilerplate(normalise_text(release)).text == "Calyx reports results\n\nThe trial met its primary endpoint."
    body = "\n\n".join(f"Paragraph {n} says the trial went well." for n in range(10))
    early = f"Calyx reports results\n\nAbout Calyx\nCalyx is a biotechnology company.\n\n{body}"
    assert "Calyx is a biotechnology company." in strip_boilerplate(normalise_text(early)).text


def test_boilerplate_file_rows_are_checked():
    from claimdiff.ingest import parse_boilerplate_rules

    with pytest.raises(ValueError, match="comment"):
        parse_boilerplate_rules("uncommented\tdrop\tany\tfoo")
    with pytest.raises(ValueError, match="not defined"):
        parse_boilerplate_rules("# uses a piece never defined\nrule\tdrop\tany\t%MISSING%")
    with pytest.raises(ValueError, match="expected"):
        parse_boilerplate_rules("# a bad action\nrule\tdelete\tany\tfoo")


def _scraped_folder(tmp_path: Path, seeds_dir: Path, pages: int) -> Path:
    """Real seed articles next to a scraped page that is nothing but a comment counter and a prompt."""
    folder = tmp_path / "scraped"
    folder.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:pages]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "zz-comments.txt").write_text("Comments (37)\nSign up for our newsletter\n")
    return folder


def test_a_folder_file_without_article_text_is_skipped_and_listed(tmp_path, seeds_dir):
    from claimdiff.ingest import load_corpus

    folder = _scraped_folder(tmp_path, seeds_dir, 2)
    ingested = load_corpus([str(folder)], max_bytes=MAX)
    assert [d.id for d in ingested.documents] == [p.stem for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    [skipped] = ingested.skipped
    assert skipped.source == str(folder / "zz-comments.txt")
    assert skipped.reason == f"{folder / 'zz-comments.txt'} has no article text once boilerplate is removed"
    # named on its own, the same file is the user's mistake: still one clear error
    with pytest.raises(ClaimdiffError, match="no article text once boilerplate is removed: give the article itself"):
        load_corpus([str(folder / "zz-comments.txt"), *map(str, sorted(seeds_dir.glob("*.txt"))[:2])], max_bytes=MAX)
    with pytest.raises(ClaimdiffError, match="no article text once boilerplate is removed"):
        load_documents([str(folder)], max_bytes=MAX)  # the strict reader used where every file must count


def test_compare_reports_the_skipped_file_in_every_output(tmp_path, seeds_dir, settings, embedder, nli):
    from claimdiff import report
    from claimdiff.pipeline import compare

    folder = _scraped_folder(tmp_path, seeds_dir, 2)
    comparison = compare([str(folder)], settings, embedder=embedder, nli=nli)
    assert len(comparison.documents) == 2 and len(comparison.skipped) == 1
    data = json.loads(report.to_json(comparison))
    assert data["skipped"] == [{"source": str(folder / "zz-comments.txt"), "reason": comparison.skipped[0].reason}]
    assert "zz-comments.txt</span> (has no article text once boilerplate is removed)" in report.render_html(comparison)
    assert "_Skipped:_" in report.render_markdown(comparison)
    (tmp_path / "one").mkdir()
    lonely = _scraped_folder(tmp_path / "one", seeds_dir, 1)
    with pytest.raises(ClaimdiffError, match=r"got 1 \(1 more held no article text: .*zz-comments.txt\)"):
        compare([str(lonely)], settings, embedder=embedder, nli=nli)
