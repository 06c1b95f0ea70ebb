"""Stage 2 on real text (the seeds, newsdev, FNC-1 train sentences): sentence and clause boundaries, headlines, questions, exact spans."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claimdiff.claims import extract_all, extract_claims, segment_all, split_sentences, word_count
from claimdiff.ingest import load_documents
from claimdiff.model import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ingest import SEED_BOILERPLATE as INGEST_BOILERPLATE  # noqa: E402  (one list of the seeds' boilerplate)

MAX = 10_000_000
# the boilerplate lines of the five seeds (tests/test_ingest.py checks that they exist in the raw
# files), and a footnote that must never become a claim either
SEED_BOILERPLATE = (
    *INGEST_BOILERPLATE,
    "[1] See W. Rodkiewicz, ‘Russia signs a military alliance with North Korea’, OSW, 20 June 2024, osw.waw.pl.",
)


@pytest.fixture(scope="module")
def seed_documents(seeds_dir):
    return {document.id: document for document in load_documents([str(seeds_dir)], max_bytes=MAX)}


@pytest.fixture(scope="module")
def seed_claims(seed_documents):
    return {doc_id: extract_claims(document) for doc_id, document in seed_documents.items()}


def texts(claims):
    return [claim.text for claim in claims]


def claims_of(text: str, title: str | None = None):
    return extract_claims(Document(id="doc", text=text, source="doc.txt", title=title))


def test_no_boilerplate_line_is_a_claim(seed_claims):
    for claims in seed_claims.values():
        for claim in claims:
            assert claim.text not in SEED_BOILERPLATE
            for line in SEED_BOILERPLATE:
                if len(line) > 15:
                    assert line not in claim.text


def test_spans_round_trip_and_ids_are_ordered(seed_documents):
    for doc_id, document in seed_documents.items():
        text = document.text
        segmented = segment_all([document])
        claims = sorted(segmented.claims + segmented.non_claims, key=lambda claim: claim.index)
        assert len(segmented.claims) > 10
        for index, claim in enumerate(claims):  # claims and non-claims share one numbering
            assert claim.id == f"{doc_id}#{index}" and claim.index == index and claim.doc_id == doc_id
            assert text[claim.start : claim.end] == claim.text == claim.text.strip()
            assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end
            assert text[claim.sentence_start : claim.sentence_end].strip() == text[claim.sentence_start : claim.sentence_end]
            if index:
                assert claims[index - 1].end <= claim.start


def test_headline_of_001_is_a_headline_claim(seed_claims):
    first = seed_claims["001_40030c20fa9a20db"][0]
    assert first.text == "What Motivates China to Supply Arms to Russia Despite Risk of US Sanctions?"
    assert first.headline and first.question


def test_section_headings_are_headlines_and_not_glued(seed_claims):
    claims = seed_claims["000_2acc9f27728101c0"]
    [heading] = [claim for claim in claims if claim.text == "China’s need for allies"]
    assert heading.headline and not heading.question
    following = claims[claims.index(heading) + 1]
    assert following.text.startswith("China realises that") and not following.headline
    headlines = {doc_id: [c.text for c in claims if c.headline] for doc_id, claims in seed_claims.items()}
    assert headlines["000_2acc9f27728101c0"] == ["China’s need for allies", "North Korean threats"]
    assert headlines["003_19b9736576807a13"] == ["China and North Korea’s turbulent previous", "Putin’s agenda"]
    assert "Beijing faces some risks…" in headlines["002_084f91e39748e533"]
    assert "Beijing’s weakness or strength?" in headlines["002_084f91e39748e533"]  # a verbless question on its own line
    assert headlines["004_5b83c3a975a3c4f5"] == ["Why China Shuns the Russia-North Korea Alliance"]


def test_questions(seed_claims):
    claims = seed_claims["000_2acc9f27728101c0"]
    question = "Why then is Beijing aiding Moscow so ardently even when imminent US sanctions are going to aggravate its already weak economy?"
    [claim] = [c for c in claims if c.text == question]
    assert claim.question and not claim.headline
    [courtesy] = [c for c in claims if c.text == "So, was Zhao simply making a courtesy call?"]
    assert courtesy.question and not courtesy.headline  # alone on its line, but a sentence with a verb
    assert sum(c.question for c in claims) == 2


def test_sentences_that_state_nothing_are_set_aside_not_dropped(seed_documents, shared_data):
    """A caption, a list label, a greeting, "let's": shown with the document, never aligned or judged."""
    newsdev = shared_data / "newsdev"
    documents = [
        seed_documents["000_2acc9f27728101c0"],
        *load_documents([str(newsdev / "05_drug_trial" / "pharmapulse_blog.txt")], max_bytes=MAX),
        *load_documents([str(newsdev / "09_sports_transfer")], max_bytes=MAX),
    ]
    segmented = segment_all(documents)
    set_aside = {claim.text for claim in segmented.non_claims}
    assert set_aside == {"One word: survival.", "4) The partner.", "Welcome to Kingsmere, Sander!", "Let's hope that changes now."}
    kept = texts(segmented.claims)
    assert "Why then is Beijing aiding Moscow so ardently even when imminent US sanctions are going to aggravate its already weak economy?" in kept
    [survival] = [claim for claim in segmented.non_claims if claim.text == "One word: survival."]
    assert documents[0].text[survival.start : survival.end] == survival.text
    ids = [claim.id for claim in segmented.claims]
    assert survival.id not in ids and f"{survival.doc_id}#{survival.index + 1}" in ids  # the claims after it keep their ids


@pytest.mark.parametrize(
    "sentence",
    [
        "So do a lot of other people.",  # inversion after "so", not an imperative
        "After a two second pause, another four or five shots ring out.",  # verb misread as a noun: too long to be a caption
        "James Foley in Aleppo, Syria, in November 2012.",  # a caption that names someone
        "Certainly not $2,000 or $3,000.",  # gives a figure
        "“Let’s go home,” she said.",  # quoted speech
        "“Welcome to the club!”",
        "Why stop now?",  # questions stay claims
    ],
)
def test_real_sentences_that_may_state_something_stay_claims(sentence):
    """FNC-1 train sentences (and quoted speech) that look like non-statements but are not set aside."""
    segmented = segment_all([Document(id="doc", text=f"The council met on Monday.\n\n{sentence}", source="doc.txt")])
    assert texts(segmented.claims)[-1] == sentence and not segmented.non_claims


def test_every_sentence_of_a_quotation_is_speech_and_stays_a_claim():
    """FNC-1 train: the middle sentences of a quotation are someone's words, however short."""
    text = (
        "He said: “I started drinking them about 40 years ago. Three a day. Every doctor that sees me says they’ll kill you,"
        " but they die and I don’t.”\n\n"
        "“There’s no better feeling than putting the real bad guys behind bars. Nothing better than that."  # goes on in the next paragraph
    )
    segmented = segment_all([Document(id="doc", text=text, source="doc.txt")])
    assert not segmented.non_claims
    assert {"Three a day.", "Nothing better than that."} <= set(texts(segmented.claims))
    alone = segment_all([Document(id="doc", text="The council met on Monday.\n\nNothing better than that.", source="doc.txt")])
    assert texts(alone.non_claims) == ["Nothing better than that."]


@pytest.mark.parametrize(
    "sentence",
    ["Click for more from The Guardian.", "Stay tuned for more updates.", "Let’s start with a little backgrounder in gold.", "Thanks for reading!", "What a strange story."],
)
def test_real_sentences_that_state_nothing_are_set_aside(sentence):
    """FNC-1 train sentences: imperatives, a greeting, an exclamation without a name or figure."""
    segmented = segment_all([Document(id="doc", text=f"The council met on Monday.\n\n{sentence}", source="doc.txt")])
    assert texts(segmented.non_claims) == [sentence]


def test_abbreviations_decimals_and_initials_do_not_split(seed_claims):
    all_texts = [text for claims in seed_claims.values() for text in texts(claims)]
    assert "Mending fences with the U.S. takes priority over their temporary affair." in all_texts
    assert any("St. Petersburg, despite the absence of a formal treaty" in text for text in all_texts)
    assert any("expanded by 3.1 percent for the year" in text for text in all_texts)
    claims = claims_of(
        "Mr. Blinken met Dr. Wang in St. Petersburg at 10 a.m. on Monday. "
        "See W. Rodkiewicz and No. 5 on the list, e.g. the treaty of 1961. "
        "The U.S. embassy said the talks went well. Growth was 3.1 percent."
    )
    assert texts(claims) == [
        "Mr. Blinken met Dr. Wang in St. Petersburg at 10 a.m. on Monday.",
        "See W. Rodkiewicz and No. 5 on the list, e.g. the treaty of 1961.",
        "The U.S. embassy said the talks went well.",
        "Growth was 3.1 percent.",
    ]


def test_sentence_ends_after_acronym_before_a_sentence_opener():
    assert texts(claims_of("Sanctions were imposed by the U.S. The EU followed a week later.")) == [
        "Sanctions were imposed by the U.S.",
        "The EU followed a week later.",
    ]


def test_quotes_brackets_and_ellipses(seed_claims):
    claims = texts(seed_claims["000_2acc9f27728101c0"])
    assert "There is a famous Chinese idiom: “Once the lips are gone, the teeth will feel the cold.”" in claims
    assert "(Meaning that when two things are interdependent, the fall of one will affect the other.)" in claims
    assert "Speaking in January, an exuberant Kim declared 2024 the “North Korea-China friendship year.”" in texts(
        seed_claims["004_5b83c3a975a3c4f5"]
    )
    assert texts(claims_of("He paused... then he left the room. The talks ended… Nobody knew why they failed.")) == [
        "He paused... then he left the room.",
        "The talks ended…",
        "Nobody knew why they failed.",
    ]
    assert texts(claims_of("Officials (who spoke on condition of anonymity. They were nervous.) denied the report today.")) == [
        "Officials (who spoke on condition of anonymity. They were nervous.) denied the report today."
    ]


def test_compound_sentences_split_into_clauses_with_their_sentence_span(seed_documents, seed_claims):
    document = seed_documents["004_5b83c3a975a3c4f5"]
    claims = seed_claims["004_5b83c3a975a3c4f5"]
    [left] = [c for c in claims if c.text == "Trade with China would continue to normalize and grow after a sudden stop during the COVID-19 pandemic"]
    right = claims[left.index + 1]
    assert right.text == "Russia would exchange advanced military technology for North Korea’s spare ammunition and weaponry."
    assert (left.sentence_start, left.sentence_end) == (right.sentence_start, right.sentence_end)
    sentence = document.text[left.sentence_start : left.sentence_end]
    assert sentence.startswith(left.text + "; ") and sentence.endswith(right.text)
    [but_left] = [c for c in claims if c.text == "A nuclear war would be in no one’s interest"]
    assert claims[but_left.index + 1].text.startswith("Beijing must also keep the North Korean regime")


def test_clauses_that_cannot_stand_alone_are_not_split(seed_claims):
    claims = texts(seed_claims["000_2acc9f27728101c0"])
    # "but also ..." has no subject; "As ..., while ..." starts with a subordinate clause
    assert any(text.endswith("such actions not only angered North Korea, but also opened up historical wounds of being China’s vassal.") for text in claims)
    assert any(text.startswith("As Blinken detailed further when he landed in Beijing this week, while China") for text in claims)
    assert "They include semiconductors, drones, helmets, vests, machine tools and radios." in claims


def test_short_fragments_are_dropped_but_short_headlines_kept():
    claims = claims_of("Sanctions\n\nYes. No way. China sent drones to Russia. Really?")
    assert [(c.text, c.headline) for c in claims] == [("Sanctions", True), ("China sent drones to Russia.", False)]


def test_hard_wrapped_lines_are_joined_but_headings_are_not():
    text = "Russia and China\nThe two countries signed a treaty\nin 1961 that was renewed in 2021, and\nit still holds today."
    claims = claims_of(text)
    assert [c.headline for c in claims] == [True, False]
    assert claims[1].text == "The two countries signed a treaty\nin 1961 that was renewed in 2021, and\nit still holds today."


def test_cjk_sentences_are_split_and_counted():
    claims = claims_of("中国向俄罗斯提供了武器。俄罗斯否认了这一点！")
    assert texts(claims) == ["中国向俄罗斯提供了武器。", "俄罗斯否认了这一点！"]
    assert word_count("中国向俄罗斯") == 6


def test_split_sentences_returns_stripped_spans():
    text = "  First sentence here.   Second one follows!  "
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == ["First sentence here.", "Second one follows!"]


def test_extraction_is_deterministic(seed_documents):
    for document in seed_documents.values():
        assert extract_claims(document) == extract_claims(document)


# --------------------------------------------------------------------------------------------
# The parser's decisions on real sentences: seeds, newsdev (dev) and FNC-1 train bodies (real news)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def newsdev_claims(shared_data):
    root = shared_data / "newsdev"
    found = {}
    for story in sorted(path for path in root.iterdir() if path.is_dir() and path.name[:2].isdigit()):
        for claim in extract_all(load_documents([str(story)], max_bytes=MAX)):
            found.setdefault((story.name, claim.doc_id), []).append(claim)
    return found


@pytest.mark.parametrize(
    "sentence",
    [
        # FNC-1 train bodies 416, 43, 6 and 24 (real news): titles, dates and "a.m. ET" never end a sentence
        "In August, Chairman of the Joint Chiefs of Staff, Gen. Martin Dempsey, warned that the open border posed an “immediate threat” for terrorist activity infiltrating the country.",
        "Shortly after arriving home, Mr. Phillips began exhibiting flu-like symptoms, but did not immediately go to the hospital.",
        "Mr. Cooper first saw ISIS supporters tweeting that the young boy was dead on Sept. 26.",
        "At about 11 a.m. ET on Thursday (November 06, 2014), our beloved actor Macaulay Culkin passed away.",
        "U.S. Intelligence officials believe Ahmed Abdi Godane was traveling in a two-car convoy Monday night near al-Shabab's main base in Barawe when American drone aircraft hit the vehicles with missiles.",
        "Homeland Security Secretary Jeh Johnson took to CNN to publicly counter claims made by Republican Rep. Duncan D. Hunter that Islamic State militants have been detained attempting to enter the United States from Mexico.",
        # the abbreviations of the issue, in a wire-style sentence
        "Sens. Warren and Graham met Lt. Col. Ann Marsh of the U.S. Army at 9 a.m. Monday in St. Louis.",
    ],
)
def test_abbreviations_titles_and_initials_never_split_a_sentence(sentence):
    assert texts(claims_of(sentence)) == [sentence]


def test_break_after_an_acronym_stands_when_both_sides_are_clauses():
    # FNC-1 train body 40 (real news): "Sept. 3." then a new sentence
    text = "Even if So denies any health problems, Kim has not been seen by his people since Sept. 3. The leader also gained a significant amount of weight."
    assert texts(claims_of(text)) == [
        "Even if So denies any health problems, Kim has not been seen by his people since Sept. 3.",
        "The leader also gained a significant amount of weight.",
    ]
    assert texts(claims_of("The blaze started at 3 a.m. Firefighters arrived within ten minutes.")) == [
        "The blaze started at 3 a.m.",
        "Firefighters arrived within ten minutes.",
    ]


def test_said_that_keeps_its_clause_and_attribution_stays_in_the_claim(newsdev_claims):
    by_text = {claim.text: claim for claims in newsdev_claims.values() for claim in claims}
    for sentence in (
        # newsdev: "X said that ..." and a compound clause with its trailing attribution stay whole
        "Fire investigators said on Wednesday that it was too early to say where or how the fire had started.",
        "All four were being treated for smoke inhalation, and none of their injuries was thought to be life-threatening, the fire service said.",
        "The fire broke out shortly before 2 a.m. on Wednesday at the Hollins & Pryce Plastics plant on the Tannery Road industrial estate, according to Brackwell Fire and Rescue Service.",
        "\"A reduction in attacks of this size matters hugely to patients, but I would want to see the full data before getting excited,\" said Professor Alan Pike of Eastmere University, who was not involved in the study.",
    ):
        claim = by_text[sentence]
        assert (claim.start, claim.end) == (claim.sentence_start, claim.sentence_end)


@pytest.mark.parametrize(
    "sentence",
    [
        "Police said the fire started at 3 a.m., and the building was empty.",  # the right side may be what police said
        "The roof collapsed at dawn, and about 30 workers were evacuated, the fire service said.",
        "Lt. Col. Ann Marsh said that the base would close, and that 300 jobs would go.",
        # FNC-1 train bodies 88 and 117 (real news): a trailing attribution covers both clauses
        "The contents will be examined, he said, but the time capsule will not remain unburied.",
        "'They were crawling and running and rolling around, and he pulled a tendon,' the source told Reuters on condition of anonymity.",
        # FNC-1 train body 121: "nor" does not join a clause that holds on its own
        "Deandre Joshua did not witness the shooting of Michael Brown, nor did he testify before the grand jury.",
        # seeds 003: the right side has no subject of its own ("doubtless" is not one)
        "Beijing does so to safeguard its personal security and survival, and doubtless believes that so long as North Korea stays depending on China, it wouldn’t chew the hand that feeds it.",
    ],
)
def test_no_split_cuts_a_claim_off_its_speaker_or_subject(sentence):
    assert texts(claims_of(sentence)) == [sentence]


def test_compound_sentence_splits_where_both_sides_have_subject_and_verb(newsdev_claims):
    claims = newsdev_claims[("01_factory_fire", "brackwell_echo")]
    [left] = [c for c in claims if c.text == "The fire at Hollins & Pryce Plastics started in the early hours of Wednesday"]
    assert claims[left.index + 1].text == "by dawn the roof of the main moulding hall had fallen in."
    assert texts(claims_of("The fire started at dawn, and a spokesman said nobody was hurt.")) == [
        "The fire started at dawn",
        "a spokesman said nobody was hurt.",
    ]


def test_document_set_gives_the_same_claims_as_each_document_alone(seed_documents):
    documents = list(seed_documents.values())
    together = extract_all(documents)
    assert together == [claim for document in documents for claim in extract_claims(document)]
    assert extract_all(documents[::-1]) == [claim for document in documents[::-1] for claim in extract_claims(document)]


def test_newsdev_claims_cover_every_gold_sentence_and_no_boilerplate(newsdev_claims, shared_data):
    root = shared_data / "newsdev"
    boilerplate = [json.loads(line) for line in (root / "boilerplate.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in boilerplate:
        for claim in newsdev_claims[(item["story"], item["doc"])]:
            assert claim.text not in item["line"] and item["line"] not in claim.text
    for line in (root / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for side in ("a", "b"):
            claims = newsdev_claims[(pair["story"], pair[f"{side}_doc"])]
            # the sentence is a claim, or the claims cut from it start and end where it does
            inside = [c.text for c in claims if c.text in pair[side]]
            assert pair[side] in inside or (inside and pair[side].startswith(inside[0]) and pair[side].endswith(inside[-1])), pair["id"]


def test_spacy_is_loaded_without_locking_torch_out():
    """claimdiff.nlp imports spaCy with torch hidden (a cold-start saving); torch must stay importable."""
    import importlib

    from claimdiff.nlp import english

    assert english().pipe_names
    assert importlib.import_module("torch").__name__ == "torch"
