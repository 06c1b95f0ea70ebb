"""The fact stage on real sentences: newsdev gold pairs, the seeds, and the sentences of the issue.

Every rule has a case that must fire and one that must not; every compatible-value case of the
brief (a month and a day in it, an approximate and an exact figure, "twelve" and "a dozen", a
date and its weekday...) is a pair that must not conflict. spaCy's small English model runs for
real (loaded once, a few seconds).
"""

from __future__ import annotations

import json

import pytest

from claimdiff import facts
from claimdiff.model import Claim, Document, Fact

pytestmark = pytest.mark.slow


def _claims(*texts: str, date: str | None = None) -> tuple[list[Document], list[Claim]]:
    """One document per text, each text its document's only claim."""
    documents, claims = [], []
    for number, text in enumerate(texts):
        doc_id = f"doc{number}"
        documents.append(Document(id=doc_id, text=text, source=f"{doc_id}.txt", date=date))
        claims.append(Claim(id=f"{doc_id}#0", doc_id=doc_id, index=0, text=text, start=0, end=len(text), sentence_start=0, sentence_end=len(text)))
    return documents, claims


def conflicts_between(a: str, b: str, date: str | None = None):
    documents, claims = _claims(a, b, date=date)
    return facts.find_conflicts(facts.extract_facts(documents, claims), claims)


def slots_of(text: str, kind: str, date: str | None = None):
    documents, claims = _claims(text, date=date)
    return [slot for fact in facts.extract_facts(documents, claims) for slot in fact.slots if slot.kind == kind]


@pytest.fixture(scope="module")
def newsdev_pairs(shared_data) -> dict[str, dict]:
    lines = (shared_data / "newsdev" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return {pair["id"]: pair for pair in map(json.loads, lines)}


def pair_conflicts(newsdev_pairs, pair_id: str):
    pair = newsdev_pairs[pair_id]
    return conflicts_between(pair["a"], pair["b"])


# ---------------------------------------------------------------- extraction


def test_numbers_become_intervals_with_their_counted_noun():
    (about,) = slots_of("About 30 night-shift workers were evacuated as the flames spread.", "quantity")
    assert (about.text, about.unit, about.low, about.high) == ("About 30", "staff", 27.0, 33.0)
    (more,) = slots_of("More than 150 terrified workers fled the building as flames tore through the roof.", "quantity")
    assert more.low == 150 and more.high == float("inf") and more.unit == "staff"
    (third,) = slots_of("Fewer than a third of the city's registered voters bothered to cast a ballot.", "percent")
    assert third.high == pytest.approx(33.33) and third.unit == "%"
    (dozen,) = slots_of("A dozen workers were taken to hospital.", "quantity")
    assert dozen.low <= 12 <= dozen.high
    (money,) = slots_of("Corran Water must also pay £148,000 of the association's legal bills.", "money")
    assert money.unit == "GBP" and money.low < 148_000 < money.high


def test_days_of_the_month_and_years_are_dates_not_counts():
    text = "The Rail and Transit Workers' Union today confirms that its members at Northline Rail will take strike action on 9 and 10 October."
    assert [slot.value for slot in slots_of(text, "date")] == ["XXXX-10-09,XXXX-10-10"]
    assert slots_of(text, "number") == []
    assert [slot.value for slot in slots_of("Hollins & Pryce opened the factory in 1987.", "date")] == ["1987"]


def test_weekday_and_clock_time_are_one_moment():
    (moment,) = slots_of("The fire broke out shortly before 2 a.m. on Wednesday at the Hollins & Pryce Plastics plant.", "time")
    assert moment.text == "shortly before 2 a.m. on Wednesday"
    assert moment.value.startswith("wednesday") and (moment.low, moment.high) == (60.0, 120.0)


def test_a_weekday_is_resolved_against_the_document_date():
    (moment,) = slots_of("Mattis left the Pentagon on Thursday.", "time", date="2026-01-02")
    assert moment.value.startswith("2026-01-01 thursday")


def test_facts_carry_actor_predicate_modality_and_speaker():
    documents, claims = _claims("Mattis will be leaving the administration on January 1, Trump said.")
    extracted = facts.extract_facts(documents, claims)
    leave = next(fact for fact in extracted if fact.predicate == "leave")
    assert leave.modality == "planned" and leave.polarity and "mattis" in leave.actor
    assert leave.speaker and "trump" in leave.speaker
    assert all(isinstance(fact, Fact) and fact.claim_id == "doc0#0" for fact in extracted)


def test_name_variants_match():
    assert facts.names_match("person:jim mattis", "person:james mattis")
    assert facts.names_match("person:mattis", "person:james mattis")
    assert facts.names_match("person:kim jong un", "person:kim jung un")
    assert facts.names_match("org:kestrel", "org:kestrel mutual")
    assert not facts.names_match("org:corran water", "org:selsby spring water")


# ---------------------------------------------------------------- the sentences


def test_departure_dates_conflict():
    (conflict,) = conflicts_between(
        "Mattis will be leaving the administration on January 1, Trump said.", "Jim Mattis would be retiring at the end of February."
    )
    assert conflict.kind == "date" and (conflict.a_value, conflict.b_value) == ("January 1", "the end of February")


def test_sums_conflict_and_an_open_figure_does_not():
    (conflict,) = conflicts_between("Trump demanded $5.7 billion for the border wall.", "Trump demanded $5.6 billion for the border wall.")
    assert conflict.kind == "number" and conflict.b_value == "$5.6 billion"
    assert conflicts_between("Trump demanded more than $5 billion for the border wall.", "Trump demanded $5.7 billion for the border wall.") == ()


def test_family_roles_conflict():
    (conflict,) = conflicts_between(
        "South Korea was blasted by Kim Jong Un's older sister, Kim Yo Jong.",
        "Kim Yo Jong, the younger sister of Kim Jung Un, issued a statement.",
    )
    assert conflict.kind == "role" and (conflict.a_value, conflict.b_value) == ("older sister", "younger sister")
    assert conflicts_between(
        "South Korea was blasted by Kim Jong Un's younger sister, Kim Yo Jong.",
        "Kim Yo Jong, the younger sister of Kim Jung Un, issued a statement.",
    ) == ()


def test_done_and_planned_withdrawal_conflict():
    (conflict,) = conflicts_between("The US has withdrawn its troops from Syria.", "The US plans to pull its troops out of Syria.")
    assert conflict.kind == "status" and "plans" in conflict.b_value
    assert conflicts_between("The US has withdrawn its troops from Syria.", "The US withdrew its troops from Syria last month.") == ()


# ---------------------------------------------------------------- compatible values never conflict


@pytest.mark.parametrize(
    "a, b",
    [
        ("Mattis will leave the Pentagon in February.", "Mattis will leave the Pentagon on Feb. 28."),
        ("About 1,200 patients took part in the trial.", "The trial enrolled 1,180 patients."),
        ("Trump demanded more than $5 billion for the border wall.", "Trump demanded $5.7 billion for the border wall."),
        ("Personal details of 400,000 customers were exposed.", "Personal details of 412,000 customers were exposed."),
        ("Twelve workers were taken to hospital.", "A dozen workers were taken to hospital."),
        ("Turnout was 46.2 percent, up from 39 percent at the last election.", "Turnout, at 46 per cent, was the highest for a mayoral election in the city since 2008."),
    ],
)
def test_compatible_values_are_not_conflicts(a, b):
    assert conflicts_between(a, b) == ()


def test_a_date_and_its_weekday_are_compatible():
    assert conflicts_between("Mattis left the Pentagon on Thursday.", "Mattis left the Pentagon on January 1.", date="2026-01-02") == ()
    (conflict,) = conflicts_between("Mattis left the Pentagon on Thursday.", "Mattis left the Pentagon on January 3.", date="2026-01-02")
    assert conflict.kind == "date"


# ---------------------------------------------------------------- newsdev: each rule fires, and holds back


@pytest.mark.parametrize(
    "pair_id, kind",
    [
        ("d001", "time"),  # shortly before 2 a.m. on Wednesday vs around 9pm on Tuesday
        ("d089", "time"),  # 4:30 a.m. on Friday vs shortly before midnight on Thursday
        ("d003", "number"),  # four workers vs nine staff taken to hospital
        ("d181", "number"),  # 11 vs 17 days
        ("d236", "number"),  # five-year contract vs four-year deal
        ("d004", "quantity"),  # about 30 vs more than 150 workers
        ("d009", "date"),  # opened in 1987 vs 1994
        ("d151", "date"),  # 9 and 10 October vs 12 and 13 October
        ("d238", "entity"),  # the only other club: Castlebrook Rovers vs Aldmere City
        ("d036", "entity"),  # the licence went to Corran Water vs Selsby Spring Water
        ("d006", "attribution"),  # a guard vs "not by anyone on the site but by a lorry driver"
        ("d034", "attribution"),  # two judges, one "sitting alone"
        ("d272", "outcome"),  # signed vs not signed
        ("d239", "outcome"),  # Norrvik beat Tarnby vs a home defeat by Tarnby
        ("d267", "order"),  # wreath before vs after the talks
    ],
)
def test_newsdev_contradictions_are_found(newsdev_pairs, pair_id, kind):
    found = pair_conflicts(newsdev_pairs, pair_id)
    assert [conflict.kind for conflict in found] == [kind]
    conflict = found[0]
    pair = newsdev_pairs[pair_id]
    assert pair["a"][slice(*conflict.a_span)] == conflict.a_value and pair["b"][slice(*conflict.b_span)] == conflict.b_value


@pytest.mark.parametrize(
    "pair_id",
    [
        "d083",  # "a quarter of a percentage point" vs "0.25 percentage point": one figure
        "d162",  # "00:01 on Monday" vs "one minute past midnight on Monday": one moment
        "d232",  # hectares of the Whitlow Gap fire vs the Tamsin Ridge Fire: two fires
        "d281",  # "National Memorial" vs the spun "Countrywide Memorial": a rewording, not another name
    ],
)
def test_newsdev_compatible_pairs_have_no_conflict(newsdev_pairs, pair_id):
    assert newsdev_pairs[pair_id]["label"] != "contradiction"
    assert pair_conflicts(newsdev_pairs, pair_id) == ()


def test_every_non_contradiction_pair_of_newsdev_is_left_alone(newsdev_pairs):
    pairs = [pair for pair in newsdev_pairs.values() if pair["label"] != "contradiction"]
    texts = [text for pair in pairs for text in (pair["a"], pair["b"])]
    documents, claims = _claims(*texts)  # parsed in one batch; each pair is then compared alone
    by_claim: dict[str, list[Fact]] = {}
    for fact in facts.extract_facts(documents, claims):
        by_claim.setdefault(fact.claim_id, []).append(fact)
    flagged = []
    for number, pair in enumerate(pairs):
        two = claims[2 * number : 2 * number + 2]
        if facts.find_conflicts([fact for claim in two for fact in by_claim.get(claim.id, [])], two):
            flagged.append(pair["id"])
    assert len(pairs) == 202 and flagged == []


@pytest.mark.parametrize(
    "a, b",
    [
        # attribution: "not only ... but also" denies no one
        (
            "Apparently, the Chinese resupply of the Russian industrial complex also undermines Ukrainian security.",
            "China's support for the Russian industrial complex not only undermines Ukrainian security but also places Chinese firms at risk of facing sanctions from the US government, exacerbating China's already fragile economy.",
        ),
        # outcome: losing influence is not losing a seat
        (
            "But the truth is Beijing cannot afford to lose its influence on North Korea to anyone else, be it American or Russian.",
            "For many years, China had tried to keep up its affect over Pyongyang by being the mediator between North Korea and the remainder of the world.",
        ),
        # date: two different events in one story
        (
            "On April 13 2024, China’s top legislator and third most senior Chinese communist leader, Zhao Leji, paid an official visit to Pyongyang.",
            "Since the founding of the People’s Republic of China in 1949, Chinese leaders have viewed North Korea as a buffer state against US-backed South Korea.",
        ),
        # number: "the rest of the world" is not China
        (
            "These frictions appear to stem primarily from the awareness of Beijing’s overwhelming dominance in their bilateral relationship, as China accounts for 90% of North Korea’s foreign trade.",
            "Though it traded almost exclusively with China (the rest of the world accounted for less than 2 percent of North Korea’s trade by volume), the North Korean economy expanded by 3.1 percent for the year, its highest growth rate since 2016.",
        ),
    ],
)
def test_seed_sentences_that_look_alike_do_not_conflict(a, b):
    assert conflicts_between(a, b) == ()


def test_main_and_secondary_goals_are_different_things():
    assert conflicts_between(
        "The trial did not meet its key secondary endpoint, a statistically significant improvement in lung function as measured by FEV1.",
        "1) The main goal was met.",
    ) == ()
    (conflict,) = conflicts_between(
        "The trial did not meet its key secondary endpoint, a statistically significant improvement in lung function as measured by FEV1.",
        "Lung function, a key secondary goal, also improved significantly on the drug.",
    )
    assert conflict.kind == "outcome"


# ---------------------------------------------------------------- whole stories, order, independence


def test_seeds_yield_no_false_conflicts(seeds_dir):
    from claimdiff import claims as claim_stage
    from claimdiff import ingest

    documents = ingest.load_documents([str(seeds_dir)], max_bytes=10_000_000)
    all_claims = [claim for document in documents for claim in claim_stage.extract_claims(document)]
    assert facts.find_conflicts(facts.extract_facts(documents, all_claims), all_claims) == ()


def test_conflicts_come_in_claim_order_and_do_not_depend_on_other_documents(newsdev_pairs):
    fire = newsdev_pairs["d003"]
    years = newsdev_pairs["d009"]
    unrelated = "The company said it would cooperate fully with the investigation."
    documents, claims = _claims(years["a"], fire["a"], unrelated, years["b"], fire["b"])
    found = facts.find_conflicts(facts.extract_facts(documents, claims), claims)
    assert [(c.a, c.b, c.kind) for c in found] == [("doc0#0", "doc3#0", "date"), ("doc1#0", "doc4#0", "number")]
    alone = conflicts_between(fire["a"], fire["b"])
    assert (alone[0].a_value, alone[0].b_value, alone[0].explanation) == (found[1].a_value, found[1].b_value, found[1].explanation)
    again = facts.find_conflicts(facts.extract_facts(documents, claims), claims)
    assert again == found


def test_claims_of_one_document_are_never_compared():
    documents, _ = _claims("x")
    text_a, text_b = "Four workers were taken to hospital.", "Nine staff were rushed to hospital."
    claims = [
        Claim(id="doc0#0", doc_id="doc0", index=0, text=text_a, start=0, end=len(text_a), sentence_start=0, sentence_end=len(text_a)),
        Claim(id="doc0#1", doc_id="doc0", index=1, text=text_b, start=0, end=len(text_b), sentence_start=0, sentence_end=len(text_b)),
    ]
    assert facts.find_conflicts(facts.extract_facts(documents, claims), claims) == ()


def test_no_claims_no_facts():
    assert facts.extract_facts([], []) == ()
    assert facts.find_conflicts((), ()) == ()


# ---------------------------------------------------------------- recall rules of issue 11


KOBANE_TOTAL = "The U.S. has launched dozens of airstrikes around Kobane in the last week."


@pytest.mark.parametrize(
    "increment",
    [
        "Last week, the U.S. confirmed it had launched a further 20 airstrikes against ISIS targets around Kobane.",  # FNC-1 train
        "The U.S. has launched another 20 airstrikes around Kobane.",
        "The U.S. has launched 20 more airstrikes around Kobane.",
        "The U.S. has launched an additional 20 airstrikes around Kobane.",
    ],
)
def test_an_increment_never_conflicts_with_a_total(increment):
    assert conflicts_between(KOBANE_TOTAL, increment) == ()


def test_a_total_still_conflicts_with_a_total():
    (found,) = conflicts_between(KOBANE_TOTAL, "The U.S. has launched 20 airstrikes around Kobane.")
    assert (found.kind, found.a_value, found.b_value) == ("quantity", "dozens", "20")


@pytest.mark.parametrize("pair_id", ["d121", "d208"])
def test_two_counts_of_one_whole_conflict_whatever_their_verbs(newsdev_pairs, pair_id):
    """"1,100 patients took part in the trial" / "a study with fewer than 500 patients"; "4,800 residents are affected
    by the order" / "1,000 people live in the areas covered by the order": each counts all members of one whole."""
    (found,) = pair_conflicts(newsdev_pairs, pair_id)
    assert found.kind == "quantity"


def test_a_count_of_some_members_is_not_the_whole():
    trial = "More than 1,100 patients took part in the trial, which ran at 160 hospitals and clinics in 14 countries."
    assert slots_of(trial, "quantity")[0].scope == "study"
    assert slots_of("Fewer than 500 patients in the trial had side effects.", "quantity")[0].scope is None
    assert conflicts_between(trial, "Fewer than 500 patients in the trial had side effects.") == ()
    assert conflicts_between("About 4,800 residents are affected by the order.", "Fewer than 1,000 people live in the village of Pell's Crossing.") == ()


def test_a_capitalised_word_opening_a_sentence_is_also_a_word(newsdev_pairs):
    """"Turnout, at 46 per cent," (NER: a person) is the turnout "a third of voters cast a ballot" is about."""
    (found,) = pair_conflicts(newsdev_pairs, "d092")
    assert (found.kind, found.a_value, found.b_value) == ("quantity", "46 per cent", "Fewer than a third")


def test_a_person_left_out_of_an_event_cannot_have_led_it(newsdev_pairs):
    (found,) = pair_conflicts(newsdev_pairs, "d242")  # "with Hannah Fell left out of the talks" / "Hannah Fell led the negotiations"
    assert found.kind == "attribution" and "left out" in found.explanation
    excluded = "Sporting director Hannah Fell was excluded from the negotiations."
    assert conflicts_between(excluded, "Hannah Fell negotiated with Norrvik.")[0].kind == "attribution"
    assert conflicts_between(excluded, "Sporting director Hannah Fell criticised the negotiations with Norrvik.") == ()
    assert conflicts_between(excluded, "Chairman Richard Oakes led the negotiations with Norrvik.") == ()


def _sentences_of_articles(shared_data, story: str, *sides: tuple[str, str]):
    """Each (article stem, sentence) as its article's only claim, with the article's title and header lines kept."""
    from claimdiff import ingest

    documents, claims = [], []
    for stem, sentence in sides:
        document = ingest.load_documents([str(shared_data / "newsdev" / story / f"{stem}.txt")], max_bytes=10_000_000)[0]
        start = document.text.index(sentence)
        documents.append(document)
        claims.append(Claim(id=f"{document.id}#0", doc_id=document.id, index=0, text=sentence, start=start, end=start + len(sentence), sentence_start=start, sentence_end=start + len(sentence)))
    return documents, claims


def test_we_in_a_company_notice_is_the_company(shared_data, newsdev_pairs):
    """Kestrel's own notice: "On 3 June we became aware" is Kestrel learning of it ("Kestrel was alerted on 29 May"), and
    "one of our suppliers, Datavine Solutions" is Kestrel's supplier ("Kestrel named the supplier involved as Ferrox")."""
    from claimdiff import ingest

    notice = ingest.load_documents([str(shared_data / "newsdev" / "07_data_breach" / "kestrel_notice.txt")], max_bytes=10_000_000)[0]
    news = ingest.load_documents([str(shared_data / "newsdev" / "07_data_breach" / "cns_wire.txt")], max_bytes=10_000_000)[0]
    assert (facts.document_author(notice), facts.document_author(news)) == ("org:kestrel mutual", None)
    us = Document(id="us", text="The US said the US would act. The US agreed.", source="us.txt", title="Statement from the Acme Corporation")
    assert facts.document_author(us) is None  # "US" is the United States, not "us"
    for pair_id, kind in (("d180", "date"), ("d188", "entity")):
        pair = newsdev_pairs[pair_id]
        documents, claims = _sentences_of_articles(shared_data, pair["story"], (pair["a_doc"], pair["a"]), (pair["b_doc"], pair["b"]))
        (found,) = facts.find_conflicts(facts.extract_facts(documents, claims), claims)
        assert found.kind == kind
        assert pair_conflicts(newsdev_pairs, pair_id) == ()  # without the notice's masthead, "we" is nobody in particular


def test_columns_and_articles_saying_we_have_no_author(shared_data, seeds_dir):
    """A column's or an analysis's "we" (the seeds say it outside quotations too) is no company speaking."""
    from claimdiff import ingest

    documents = ingest.load_documents([str(seeds_dir), str(shared_data / "newsdev" / "04_election_count")], max_bytes=10_000_000)
    assert [facts.document_author(document) for document in documents] == [None] * len(documents)


def test_one_act_on_one_definite_thing_has_one_month(newsdev_pairs):
    """"The licence was granted in April 2021" / "The agency granted the licence in September 2022": passive and active
    name one act; a bare year ("since 2008") or an indefinite thing ("won a title") may date a series, so no conflict."""
    (found,) = pair_conflicts(newsdev_pairs, "d033")
    assert (found.kind, found.a_value, found.b_value) == ("date", "April 2021", "September 2022")
    assert conflicts_between("The licence was granted in 2021.", "The agency granted the licence in 2022.") == ()
    assert conflicts_between("The club won a title in May 2019.", "The club won a title in May 2021.") == ()


def test_a_name_opening_a_sentence_stays_a_name_where_the_document_says_so():
    """FNC-1 train: "Apple would be crazy to sell the Apple Watch Edition for $20,000" / "Apple has yet to detail prices,
    only announcing a starting price of $349" share no word, only the name, so their figures are not compared."""
    assert conflicts_between(
        "Apple would be crazy to sell the Apple Watch Edition for $20,000, though.",
        "Apple has yet to detail prices, only announcing a starting price of $349.",
    ) == ()
    assert facts.names_mid_sentence("Shares in Apple rose. Turnout was low.") == frozenset({"apple"})


def test_a_date_inside_the_thing_does_not_date_the_act():
    """FNC-1 train: "the December 2014 report has now been confirmed as a hoax" / "the February 2015 report ...": two reports."""
    assert conflicts_between(
        "However the December 2014 report has now been confirmed as a complete hoax.",
        "However the February 2015 report has now been confirmed as a complete hoax.",
    ) == ()


def test_two_interviews_of_one_speaker_are_not_one_role():
    """FNC-1 train: Obama spoke to NBC in one interview and to CNN in another; no apposition says the role is one."""
    assert conflicts_between(
        'In an interview with NBC, Mr Obama said the US would fight Isil in a manner "similar to the kinds of counter-terrorism campaigns".',
        "In an interview with CNN before the visit, Obama explained why he was hesitant to press the new king about human rights.",
    ) == ()


# False conflicts the CI gate raised on FNC-1 *train* bodies (benchmarks/check_unrelated.py warnings),
# each a pair of real sentences from two articles of one story.
REAL_NEWS_COMPATIBLE = [
    pytest.param(  # one man, two names: a stage name and a tabloid nickname
        "Before becoming a jihadist, he was an aspiring rapper from West London known as “L Jinny,” whose music was played on BBC Radio 1.",
        "The masked man with a London accent, who is said to be known as Jihadi John, was seen in the shocking video of Foley’s death released by the Islamic State extremist army last week.",
        id="known-as-names",
    ),
    pytest.param(  # the video a reporter shot for an agency vs the video a group released: two relations to "video"
        'New York (CNN) -- When war reporter James Foley wasn\'t writing for GlobalPost or recording video for AFP or appearing on the PBS "NewsHour," he occasionally shared stories on his own blog, aptly titled "A World of Troubles."',
        "James Wright Foley, an American journalist kidnapped in 2012, was beheaded in an ISIS video released on Tuesday, August 19.",
        id="video-for-vs-video-of",
    ),
    pytest.param(  # ISIS and the #IslamicState hashtag are one body
        "A video published Tuesday by the extremist group ISIS showed Foley being beheaded.",
        'A YouTube video -- entitled "A Message to #America (from the #IslamicState)" -- identified a man on his knees as "James Wright Foley," and showed his execution.',
        id="isis-hashtag",
    ),
    pytest.param(  # IS and ISIS too
        "However, a source told Iraqi media that the IS leader and self-proclaimed Caliph has not been killed, but is badly injured as a result of the recent US airstrikes near the Tel Afer and Sinjar areas.",
        "An airstrike in the ISIS stronghold of Mosul killed at least two members of the group, including an aide to ISIS leader Abu Bakr Al-Baghdadi, according to the Iraqi Defense Ministry.",
        id="is-vs-isis",
    ),
    pytest.param(  # each member's share vs the whole deal
        'A rumor that Robert Plant ripped up an $800 million contract offer to reunite Led Zeppelin has been called "rubbish" by Plant\'s publicist.',
        "The mega deal would have paid Plant, Jimmy Page and John Paul Jones roughly $346 million apiece, before taxes, according to The Mirror.",
        id="apiece-vs-total",
    ),
]


@pytest.mark.parametrize("a, b", REAL_NEWS_COMPATIBLE)
def test_real_news_names_and_shares_that_are_compatible_never_conflict(a, b):
    assert conflicts_between(a, b) == ()


def test_two_per_member_figures_still_conflict_and_aliases_fold():
    [conflict] = conflicts_between("The three players were paid £2 million each.", "The three players were paid £3 million each.")
    assert (conflict.kind, conflict.a_value, conflict.b_value) == ("number", "£2 million", "£3 million")
    assert facts.names_match("org:isil", "org:islamic state of iraq and syria") and not facts.names_match("org:afp", "org:isis")


@pytest.mark.parametrize(
    "a, b",
    [
        # a factory's whole workforce vs the workers a fire sent to hospital (newsdev 01, unlisted: was a conflict)
        ("With around 240 staff, the factory is one of Brackwell's largest employers.", "Fire guts Brackwell plastics plant, four workers in hospital"),
        # the winner's party vs the ousted mayor's name: a name modifying "mayor" is not its holder (newsdev 04)
        ("Marsh makes history as Port Arlen's first Civic Alliance mayor", "Challenger Marsh ousts Port Arlen mayor Tallis after overnight count"),
        # the employer's offer vs the union's claim: shares of two different things (newsdev 06)
        ("Northline made a revised offer of a 4 percent pay rise last week, which the union rejected.", "The union's claim is for a pay rise that matches inflation, currently 6.2 per cent."),
    ],
)
def test_a_whole_and_a_part_two_relations_or_two_shares_never_conflict(a, b):
    assert conflicts_between(a, b) == ()


def test_a_date_without_a_year_reads_as_a_day_in_the_explanation():
    [conflict] = conflicts_between("Kestrel informed the data regulator on 5 June.", "Kestrel informed the data regulator on 9 June.")
    assert conflict.kind == "date" and "(5 June (no year) vs 9 June (no year))" in conflict.explanation, conflict.explanation
