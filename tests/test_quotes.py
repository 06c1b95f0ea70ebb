"""Quotes and misquotes on real sentences: newsdev (dev corpus), the seeds, and the Flynn pair.

Every compatible pair of newsdev is checked not to be flagged, every gold misquote to be found with
the words that differ; speakers are checked for each attribution form the articles use.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdiff.claims import extract_claims
from claimdiff.ingest import load_documents
from claimdiff.model import Document, Quote
from claimdiff.quotes import extract_quotes, find_misquotes, misquote_diff, quoted_spans

MAX = 10_000_000


def compare(documents):
    claims = [claim for document in documents for claim in extract_claims(document)]
    quotes = {}
    for document in documents:
        quotes.update(extract_quotes(document, claims))
    return claims, quotes, find_misquotes(quotes, claims)


def article(newsdev, story: str, stem: str) -> Document:
    (document,) = load_documents([str(newsdev / story / f"{stem}.txt")], max_bytes=MAX)
    return document


def doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, text=text, source=doc_id)


def sentence_claim_ids(document, claims, sentence: str) -> set[str]:
    start = document.text.index(sentence)
    end = start + len(sentence)
    return {claim.id for claim in claims if claim.doc_id == document.id and claim.start < end and claim.end > start}


def quotes_of(document: Document) -> list[tuple[str, str | None]]:
    claims = extract_claims(document)
    quotes = extract_quotes(document, claims)
    return [(quote.text, quote.speaker) for claim in claims for quote in quotes.get(claim.id, ())]


@pytest.fixture(scope="module")
def newsdev(shared_data):
    return shared_data / "newsdev"


@pytest.fixture(scope="module")
def gold(newsdev):
    return [json.loads(line) for line in (newsdev / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def pair_conflicts(newsdev, pair):
    """The two articles of a gold pair compared alone, and the misquotes linking its two sentences."""
    a_doc = article(newsdev, pair["story"], pair["a_doc"])
    b_doc = article(newsdev, pair["story"], pair["b_doc"])
    claims, _, conflicts = compare([a_doc, b_doc])
    a_ids = sentence_claim_ids(a_doc, claims, pair["a"])
    b_ids = sentence_claim_ids(b_doc, claims, pair["b"])
    return [c for c in conflicts if {c.a, c.b} & a_ids and {c.a, c.b} & b_ids]


# --------------------------------------------------------------------------------------------
# Quoted spans and speakers
# --------------------------------------------------------------------------------------------


def test_typographic_marks_spans_index_into_claim_text_without_the_marks(newsdev):
    document = article(newsdev, "02_court_ruling", "national_courier")  # “ ” and ’ throughout
    claims = extract_claims(document)
    quotes = extract_quotes(document, claims)
    by_id = {claim.id: claim for claim in claims}
    found = []
    for claim_id, claim_quotes in quotes.items():
        for quote in claim_quotes:
            start, end = quote.span
            assert by_id[claim_id].text[start:end] == quote.text
            assert quote.text[0] not in "“”\"" and quote.text[-1] not in "“”\""
            found.append((quote.text, quote.speaker))
    assert ("simply taken the company’s figures on trust", "carrow") in found  # “…” inside indirect speech
    assert any(text.startswith("Our clients have shown enormous determination") and speaker == "nandakumar" for text, speaker in found)
    # “…,” a spokesperson said. -> the organisation named just before (Corran Water said it was disappointed)
    assert any(text.startswith("We remain confident") and speaker == "corran water" for text, speaker in found)


def test_nested_single_quotes_and_apostrophes(seeds_dir):
    (document,) = [d for d in load_documents([str(seeds_dir)], max_bytes=MAX) if d.id.startswith("002")]
    texts = [document.text[start:end] for start, end in quoted_spans(document.text)]
    assert "defend" in texts and "brotherly intervention" in texts  # ‘…’ as quotation marks
    assert not any("’s" in text for text in texts)  # China’s, Korea’s: apostrophes, never closing marks
    nested = "Ms Vance said: “He shouted ‘get out now’ and we ran for the car.” Nobody was hurt."
    assert [nested[s:e] for s, e in quoted_spans(nested)] == ["He shouted ‘get out now’ and we ran for the car."]
    guillemets = "The mayor said «we will rebuild the bridge» on Monday."
    assert [guillemets[s:e] for s, e in quoted_spans(guillemets)] == ["we will rebuild the bridge"]


@pytest.mark.parametrize(
    "story, stem, quote_start, speaker",
    [
        ("01_factory_fire", "hollins_pryce_statement", "We are deeply grateful", "pryce"),  # said managing director Paul Pryce
        ("01_factory_fire", "daily_clarion", "We are deeply grateful", "pryce"),  # said factory boss Paul Pryce
        ("01_factory_fire", "brackwell_echo", "Our first thoughts", "pryce"),  # Managing director Paul Pryce said: "…"
        ("01_factory_fire", "daily_clarion", "The whole wall shook", "ashcroft"),  # speaker in the previous sentence
        ("01_factory_fire", "hollins_pryce_statement", "Our first thoughts", "pryce"),  # ditto
        ("01_factory_fire", "daily_clarion", "I wasn't staying there", "vance"),  # "…," she said.
        ("04_election_count", "daily_rocket", "Bus fares will be frozen", "marsh"),  # Marsh told cheering supporters
        ("04_election_count", "arlen_chronicle", "Bus fares will be frozen", "marsh"),  # she told supporters
        ("04_election_count", "courier_opinion", "Helena has our congratulations", "tallis"),  # he said
        ("04_election_count", "arlen_chronicle", "Helena has my congratulations", "tallis"),  # previous sentence
        ("06_transport_strike", "rtwu_statement", "Northline wants to close", "kowalczyk"),  # she added
        ("06_transport_strike", "westmarch_post", "Nobody wants to strike", "kowalczyk"),  # she said, name a paragraph up
        ("06_transport_strike", "daily_clarion", "bitterly disappointed", "northline"),  # Northline bosses said
        ("06_transport_strike", "daily_clarion", "no choice", "kowalczyk"),  # fragment in indirect speech
        ("02_court_ruling", "newshive_blog", "simply taken the company", "judgment"),  # according to the judgment
        ("03_central_bank", "standard_ledger", "Our judgment is that", "vasko"),  # he told journalists
        ("03_central_bank", "cns_wire", "far too strong for comfort", "vasko"),
        ("04_election_count", "daily_rocket", "He needs to accept it", "harbour party councillor"),  # told the Rocket: "…"
        ("07_data_breach", "daily_rocket", "looking into", "data protection authority"),
        ("05_drug_trial", "pharmapulse_blog", "would want to see the full data", "pike"),  # Eastmere University's Professor Alan Pike
        ("09_sports_transfer", "terracetalk_blog", "exactly the type of forward", "renner"),  # Renner called him "…"
    ],
)
def test_speaker_attribution_forms(newsdev, story, stem, quote_start, speaker):
    found = quotes_of(article(newsdev, story, stem))
    assert [s for text, s in found if text.startswith(quote_start)] == [speaker]


@pytest.mark.parametrize(
    "text, speaker",
    [  # newsdev's remarks in the other attribution forms real outlets use
        ('Mr Pryce said: "We are deeply grateful to the firefighters."', "pryce"),
        ('"We are bitterly disappointed by the union\'s decision," a spokesperson for Northline said.', "northline"),
        ('Northline said it would run a cut-back timetable. "We are bitterly disappointed," the company said.', "northline"),
        ('Northline said it would run a cut-back timetable. "We are bitterly disappointed," a spokeswoman said.', "northline"),
        ("Hollins & Pryce Ltd said the fire started in a storage area. “We are cooperating fully,” the company said.", "hollins pryce"),
        ('"We are cooperating fully," Hollins & Pryce said in a statement.', "hollins pryce"),
        ("“We remain confident that our plans are sustainable,” Corran Water’s spokesman told the BBC.", "corran water"),
        ("WHO director of communications Christy Feig said there has been \"no official notification\" of a case.", "feig"),
    ],
)
def test_speaker_keys_are_stable_across_forms(text, speaker):
    assert [s for _, s in quotes_of(doc("x", text))] == [speaker]


def test_speaker_named_in_the_next_sentence_of_the_paragraph():
    # the Daily Clarion's Ashcroft quotes in the other order: the attribution comes second
    text = (
        '"The whole wall shook and then there was fire everywhere." "It was like a bomb going off," '
        "said forklift driver Dean Ashcroft, 34.\n\n\"I wasn't staying there with that smoke.\""
    )
    assert quotes_of(doc("x", text)) == [
        ("The whole wall shook and then there was fire everywhere.", "ashcroft"),
        ("It was like a bomb going off", "ashcroft"),
        ("I wasn't staying there with that smoke.", None),  # another paragraph: not his
    ]


def test_unattributed_quotes_have_no_speaker(seeds_dir):
    documents = load_documents([str(seeds_dir)], max_bytes=MAX)
    found = {text: speaker for document in documents for text, speaker in quotes_of(document)}
    assert found["Once the lips are gone, the teeth will feel the cold"] is None  # a proverb
    assert found["Chinese threat"] is None  # scare quotes
    assert found["biggest threat to European security since the end of the Cold War."] == "blinken"  # what he dubbed


def test_quote_spanning_claims_keeps_its_speaker_and_is_compared_whole(newsdev):
    # the Daily Clarion's two Ashcroft sentences as one quotation, attributed after its second sentence
    first = doc(
        "a",
        "“It was like a bomb going off. The whole wall shook and then there was fire everywhere,” "
        "said forklift driver Dean Ashcroft, 34.",
    )
    second = doc(
        "b",
        '"It was like a bomb going off. The whole wall shook and then there were flames everywhere," said Dean Ashcroft.',
    )
    claims, quotes, conflicts = compare([first, second])
    pieces = [(claim.id, quote.text, quote.speaker) for claim in claims for quote in quotes.get(claim.id, ())]
    assert pieces == [
        ("a#0", "It was like a bomb going off.", "ashcroft"),
        ("a#1", "The whole wall shook and then there was fire everywhere", "ashcroft"),
        ("b#0", "It was like a bomb going off.", "ashcroft"),
        ("b#1", "The whole wall shook and then there were flames everywhere", "ashcroft"),
    ]
    (conflict,) = conflicts
    assert (conflict.a, conflict.b) == ("a#1", "b#1")  # the claims holding the changed words
    assert conflict.a_value.startswith("It was like a bomb going off.")  # the whole quotation
    assert conflict.explanation == "quote differs: “was fire” → “were flames” (Ashcroft)"


# --------------------------------------------------------------------------------------------
# Misquotes
# --------------------------------------------------------------------------------------------


GOLD_QUOTE_CHANGES = {  # gold id -> the words the explanation must show as changed
    "d294": ("blaze", "fire"),
    "d296": ("better", "fully"),
    "d297": ("on trust", "at face value"),
    "d299": ("now", "not yet"),
    "d300": ("high", "low"),
    "d301": ("two", "three"),
    "d302": ("my", "our"),
    "d304": ("new option", "cure"),
    "d305": ("enormously", "hugely"),
    "d307": ("bitterly", "deeply"),
    "d309": ("bank details", "date of birth"),
    "d310": ("making enquiries", "looking into"),
    "d311": ("dog", "cat"),
    "d314": ("I just", "I"),
}


@pytest.mark.parametrize("pair_id", sorted(GOLD_QUOTE_CHANGES))
def test_gold_misquotes_are_found_with_the_changed_words(newsdev, gold, pair_id):
    (pair,) = [p for p in gold if p["id"] == pair_id]
    assert pair["kind"] == "quote"
    conflicts = pair_conflicts(newsdev, pair)
    assert len(conflicts) == 1
    (conflict,) = conflicts
    assert conflict.kind == "quote"
    one, other = GOLD_QUOTE_CHANGES[pair_id]
    assert f"“{one}” → “{other}”" in conflict.explanation or f"“{other}” → “{one}”" in conflict.explanation
    changed = {word for op, words in conflict.diff if op != "=" for word in words.split()}
    assert changed == set(one.split()) ^ set(other.split()) or changed == set(one.split()) | set(other.split())
    assert " ".join(words for op, words in conflict.diff if op != "+") == conflict.a_value.replace(",", "").rstrip(".")
    assert conflict.subject.endswith(": quote")


def test_every_compatible_quote_pair_is_not_a_misquote(newsdev, gold):
    compatible = [p for p in gold if p["note"].startswith("quote compatible:")]
    assert len(compatible) == 8
    for pair in compatible:
        assert pair_conflicts(newsdev, pair) == [], pair["note"]


def test_flynn_pair():
    a = Quote("Flynn lied, and it destroyed his life", (0, 37), "trump")
    b = Quote("Flynn lied and they destroyed his life", (0, 38), "trump")
    assert misquote_diff(a, b) == (("=", "Flynn lied and"), ("-", "it"), ("+", "they"), ("=", "destroyed his life"))
    assert misquote_diff(a, Quote("Flynn lied and it destroyed his life", (0, 36), "trump")) is None  # a comma
    assert misquote_diff(a, Quote("Flynn lied and they destroyed his life", (0, 38), "comey")) is None  # someone else
    first = doc("a", "President Trump wrote on Twitter: “Flynn lied, and it destroyed his life.”")
    second = doc("b", '"Flynn lied and they destroyed his life," Mr Trump said on Saturday.')
    _, _, conflicts = compare([first, second])
    assert [c.explanation for c in conflicts] == ["quote differs: “it” → “they” (Trump)"]


def test_ellipsis_brackets_and_repeated_quotes_are_not_misquotes(newsdev):
    statement = article(newsdev, "01_factory_fire", "hollins_pryce_statement")
    shortened = doc(
        "shortened",
        "Managing director Paul Pryce said: “Our first thoughts are with our colleagues … and we are sorry "
        "for the disruption [to residents] the smoke has caused.”",
    )
    _, _, conflicts = compare([statement, shortened])
    assert conflicts == ()
    # a verbatim repost quotes exactly what its original quotes
    story = "07_data_breach"
    _, _, conflicts = compare([article(newsdev, story, "ledger_tech"), article(newsdev, story, "clickwire_repost")])
    assert conflicts == ()


# Sentences of real news (FNC-1 train bodies, ../shared/data/fnc1/train_bodies.csv): one remark printed
# by several outlets in their own house style, which is no misquote, and one that is.
WALTON = (
    '"We are not going to confirm the identity of anyone at this stage or give an update on the progress of this '
    'live counterterrorism investigation," said Commander Richard Walton of the Metropolitan Police\'s Counter '
    "Terrorism Command in a statement.",
    '"We are not going to confirm the identity of anyone at this stage or give an update on the progress of this '
    'live counter-terrorism investigation," said Richard Walton from the Met\'s Counter Terrorism Command.',
)
KIM = (
    '"I heard that Kim Jong-un injured his right ankle in June after pushing ahead with on-site visits and ended up '
    'fracturing both ankles because he left the injury unattended," an anonymous source was quoted as saying.',
    "“I heard that Kim Jong Un injured his right ankle in June after pushing ahead with on-site visits and ended up "
    "fracturing both ankles because he left the injury unattended,” the source was quoted as saying.",
)
RYDER = (
    '"We\'re not aware of (Islamic State) conducting any flight operations in Syria or elsewhere," US Central Command '
    "spokesman Colonel Patrick Ryder said.",
    '"We\'re not aware of ISIL conducting any flight operations in Syria or elsewhere," U.S. Central Command spokesman '
    "Colonel Patrick Ryder said, using a former name for Islamic State.",
)
EMWAZI = (
    "A close friend of Emwazi told the Washington Post: “I have no doubt that Mohammed is Jihadi John.”",
    "Emwazi was identified by friends, with one close acquaintance telling the paper: "
    '"I have no doubt that Mohammad is Jihadi John."',
)
THOMAS = (
    "Thomas wrote on Facebook: “Well after running tests and putting things inside my stomach they finally found out "
    "it was a tropical spider that’s been living inside of me for the last 3 days, managed to get it out luckily.”",
    'Thomas posted this on his Facebook page: "Well after running tests and putting things inside my stomach they '
    "finally found out it was a tropical spider that's been living inside of me for the last three days, managed to "
    'get it out luckily."',
)

CHERRY = (
    '"It is very unusual behaviour, and will have left his victims feeling confused and upset," said Sgt Gill Cherry.',
    '"We are treating these two reported incidents as linked, and are appealing to the local community to help trace '
    "the man responsible. It is very unusual behavior, and will have left his victims feeling confused and upset,\" "
    "Cumbria Sgt. Gill Cherry told the Daily Mirror.",
)
HUNTER = (
    "'If they catch five or ten of them, then you know there's gonna be dozens more that did not get caught by the "
    "border patrol,' Hunter said.",
    "Hunter said: “If they catch five or ten of them then you know there’s going to be dozens more that did not get "
    "caught by the border patrol.”",
)


@pytest.mark.parametrize("first, second", [WALTON, KIM, RYDER, EMWAZI, THOMAS, CHERRY, HUNTER])
def test_house_style_is_not_a_misquote(first, second):
    claims, quotes, conflicts = compare([doc("a", first), doc("b", second)])
    assert {claim_id.split("#")[0] for claim_id in quotes} == {"a", "b"}  # both quote the remark
    assert conflicts == ()


def test_real_news_misquote():
    first = doc("a", "“The life of this American citizen, Obama, depends on your next decision,” the masked man says.")
    second = doc("b", '"The life of this American prisoner, Obama, depends on your next decision."')  # no speaker named
    _, _, conflicts = compare([first, second])
    assert [c.explanation for c in conflicts] == ["quote differs: “citizen” → “prisoner” (Man)"]


def test_a_short_phrase_inside_another_remark_is_not_a_misquote():
    # Obama's "degrade and ultimately destroy" (one speech) and "degrade and destroy this threat" (another)
    first = doc(
        "a",
        "U.S. President Barack Obama has vowed to “degrade and ultimately destroy” al-Baghdadi’s group, which is "
        "seeking to reshape the Middle East according to its radical vision of Islam.",
    )
    second = doc(
        "b",
        "President Barack Obama said: “We will work with the United Kingdom and a broad coalition of nations from the "
        "region and around the world to bring the perpetrators of this outrageous act to justice, and to degrade and "
        "destroy this threat to the people of our countries, the region and the world.”",
    )
    _, quotes, conflicts = compare([first, second])
    assert {q.speaker for qs in quotes.values() for q in qs} == {"obama"}
    assert conflicts == ()


def test_different_remarks_of_one_speaker_are_not_misquotes(newsdev):
    story = "06_transport_strike"
    # Kowalczyk: "Nobody takes this step lightly" (union statement) vs "Nobody wants to strike, but …" (wire)
    claims, quotes, conflicts = compare([article(newsdev, story, "rtwu_statement"), article(newsdev, story, "mpa_wire")])
    speakers = {quote.speaker for claim_quotes in quotes.values() for quote in claim_quotes}
    assert "kowalczyk" in speakers
    assert conflicts == ()


def test_seeds_quote_the_same_words_and_have_no_misquote(seeds_dir):
    documents = load_documents([str(seeds_dir)], max_bytes=MAX)
    _, quotes, conflicts = compare(documents)
    texts = [quote.text for claim_quotes in quotes.values() for quote in claim_quotes]
    assert texts.count("no limits") == 3  # 000 once, 003 twice
    assert conflicts == ()


def test_verdicts_do_not_depend_on_other_documents_and_output_is_deterministic(newsdev):
    story = "07_data_breach"
    stems = ["cns_wire", "clickwire_repost", "daily_rocket", "kestrel_notice", "ledger_tech"]
    documents = [article(newsdev, story, stem) for stem in stems]
    _, _, whole = compare(documents)
    assert compare(documents)[2] == whole
    assert len(whole) == 3  # Frost against the article and its repost; the authority's "making enquiries"
    pairs = {frozenset((c.a, c.b)) for c in whole}
    _, _, alone = compare([documents[0], documents[1]])
    assert {frozenset((c.a, c.b)) for c in alone} == {p for p in pairs if all(i.split("#")[0] in stems[:2] for i in p)}
    reversed_claims, reversed_quotes, reversed_conflicts = compare(list(reversed(documents)))
    assert {frozenset((c.a, c.b)) for c in reversed_conflicts} == pairs


def test_article_longer_than_the_parser_limit_still_gets_speakers(newsdev):
    herald = article(newsdev, "08_wildfire_evacuation", "eskbury_herald").text
    filler = "Fewer than 1,000 people live in the two areas covered by the evacuation order.\n\n"
    text = filler * 7000 + herald + "\n\n" + filler * 7000  # over a million characters
    found = quotes_of(doc("long", text))
    assert ("Leave immediately and do not wait to collect your belongings", "solberg") in found


PIECES = ["said", "Pryce", "she", "the company", "fire", "blaze", '"', "“", "”", "‘", "’", "'", "«", "»", "[at Northline]",
          "…", ",", ".", "\n\n", "don’t", "workers'", "(aside)", "according to", "told"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25), min_size=2, max_size=3))
def test_any_arrangement_of_marks_gives_exact_spans_and_no_crash(articles):
    documents = [doc(f"d{number}", " ".join(words) + ".") for number, words in enumerate(articles)]
    claims, quotes, conflicts = compare(documents)
    by_id = {claim.id: claim for claim in claims}
    for claim_id, claim_quotes in quotes.items():
        for quote in claim_quotes:
            assert by_id[claim_id].text[quote.span[0] : quote.span[1]] == quote.text
    for conflict in conflicts:
        assert conflict.kind == "quote" and by_id[conflict.a].doc_id != by_id[conflict.b].doc_id


def test_no_quotes_no_conflicts():
    document = doc("plain", "The factory reopened on Monday. Workers returned to the site.")
    claims = extract_claims(document)
    assert extract_quotes(document, claims) == {}
    assert find_misquotes({}, claims) == ()
