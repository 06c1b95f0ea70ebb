"""The deterministic checks that sit beside NLI: each case from the compare issue."""

import pytest

from claimdiff.differences import differences, differing_names, same_name


@pytest.mark.parametrize(
    ("a", "b", "kind", "a_text", "b_text"),
    [
        ("The ship was hit on 3 March.", "The ship was hit on 5 March.", "date", "3 March", "5 March"),
        ("The ship was hit on March 3.", "The ship was hit on March 5.", "date", "March 3", "March 5"),
        ("Over 90% of its trade is with China.", "Less than 2 percent of its trade is with other countries.", "number", "Over 90%", "Less than 2 percent"),
        ("Shipping firms have begun diverting vessels.", "No vessels have been diverted.", "negation", "", "No"),
        ("The alliance was broken off in 1961.", "The alliance was broken off in 1962.", "date", "1961", "1962"),
        ("Pyongyang sent 7,000 containers of weapons.", "Pyongyang sent 5,000 containers of weapons.", "number", "7,000", "5,000"),
    ],
)
def test_clash_is_found_with_its_spans(a, b, kind, a_text, b_text):
    found = [e for e in differences(a, b) if e.kind == kind]
    assert found, f"no {kind} difference found"
    evidence = found[0]
    assert (evidence.a_text, evidence.b_text) == (a_text, b_text)
    if evidence.a_text:
        assert a[evidence.a_span[0] : evidence.a_span[1]] == a_text
    if evidence.b_text:
        assert b[evidence.b_span[0] : evidence.b_span[1]] == b_text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zhao met Kim Jung Un in Pyongyang.", "Zhao met Kim Jong Un in Pyongyang."),  # name variant
        ("Russia received more than 3 million shells.", "Russia received 5 million shells."),  # bound admits value
        ("Nearly 7,000 containers were shipped.", "Some 7,000 containers were shipped."),
        ("The treaty was signed in 1961.", "The 1961 treaty still binds both sides."),
        ("Exports rose 3.1 percent.", "Exports rose by 3.1%."),
    ],
)
def test_compatible_statements_are_not_flagged(a, b):
    assert differences(a, b) == ()
    assert differing_names(a, b) == ()


def test_name_variants_and_real_differences():
    assert same_name("Kim Jung Un", "Kim Jong Un")
    assert same_name("Kim Jong-un", "Kim Jong Un")
    assert not same_name("Xi Jinping", "Vladimir Putin")
    assert differing_names("In June, Xi Jinping visited Hanoi.", "In June, Vladimir Putin visited Hanoi.")


def test_opposite_stances_of_the_same_actor():
    """Capital-for-country aliases and subject position: the seeds' headline clash."""
    question = "Why then is Beijing aiding Moscow so ardently even when imminent US sanctions are going to aggravate its already weak economy?"
    lede = "China has conspicuously kept its distance from anything resembling a trilateral partnership."
    found = [e for e in differences(question, lede) if e.kind == "stance"]
    assert [(e.a_text, e.b_text) for e in found] == [("aiding", "kept its distance")]
    assert question[found[0].a_span[0] : found[0].a_span[1]] == "aiding"
    assert not [e for e in differences("The US backs Kyiv.", "China shuns the alliance.") if e.kind == "stance"]  # different actors
    assert not [e for e in differences("Allies who may help him improve Russia's supply.", "China shuns the alliance.") if e.kind == "stance"]


def _article(shared_data, story, stem):
    return (shared_data / "newsdev" / story / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("story", "a_doc", "a", "b_doc", "b"),
    [
        (
            "02_court_ruling",
            "national_courier",
            "The licence would have let the company extract up to 450 million litres a year from the Millbeck aquifer.",
            "harker_lowe_release",
            "The licence would have permitted Corran Water to abstract as much as 450 million litres of groundwater from the Millbeck aquifer every year.",
        ),
        (
            "10_diplomatic_visit",
            "mpa_wire",
            "Valk is the first Valdorian head of state to visit Kesland since 2013.",
            "kesland_mfa_statement",
            "The visit is the first by a Valdorian head of state since 2013.",
        ),
    ],
)
def test_a_name_the_other_article_states_elsewhere_adds_nothing(shared_data, story, a_doc, a, b_doc, b):
    """newsdev's gold paraphrases: one side names what the other calls "the company" or leaves implied."""
    from claimdiff.differences import added_detail, facts_differ

    a_source, b_source = _article(shared_data, story, a_doc), _article(shared_data, story, b_doc)
    assert added_detail(a, b).kind == "name"  # read alone, the name is new
    assert added_detail(a, b, a_source, b_source) is None
    assert facts_differ(a, b, a_source, b_source) is None


def test_a_quotation_the_other_side_summarises_is_a_detail_but_reported_speech_is_not():
    from claimdiff.differences import added_detail

    # newsdev d202 (gold agreement): the supplier's quoted statement and the insurer's account of it
    quoted = 'Datavine said it had "taken immediate steps to secure its systems" and was working with investigators.'
    summary = "Datavine has secured its systems and is cooperating fully with the investigation."
    assert added_detail(quoted, summary).why == "one side quotes what the other puts in its own words"
    # newsdev d312 (gold paraphrase): the same remark as indirect speech, marks dropped
    remark = '"The early order has given people time to leave calmly," said Chief Fire Officer Adaeze Hartley.'
    reported = "Chief Fire Officer Adaeze Hartley said the early order had given people time to leave calmly."
    assert added_detail(remark, reported) is None


def test_names_on_both_sides_are_two_claims_not_an_added_detail():
    """Seeds 001/004: both about Beijing and Pyongyang, each with other actors; neither elaborates the other."""
    from claimdiff.differences import added_detail, facts_differ

    a = "Beijing's multifaceted approach includes diplomatic reassurances to Kim Jong Un and reducing the Kremlin's arms dependence on Pyongyang."
    b = "Then, when Seoul and Washington were ready to give Beijing what it wanted, it could bring Pyongyang to heel."
    assert added_detail(a, b) is None
    assert facts_differ(a, b) == "each side names what the other does not"


def test_a_rounded_figure_is_no_clash_with_the_exact_one():
    """newsdev d108 (gold agreement): "an approximate and an exact figure"."""
    from claimdiff.differences import added_detail

    a = "Turnout, at 46 per cent, was the highest for a mayoral election in the city since 2008."
    b = "Turnout was 46.2 percent, up from 39 percent at the last election."
    assert not [e for e in differences(a, b) if e.kind == "number"]
    assert added_detail(a, b).kind in ("date", "number")
    assert [e.kind for e in differences("Turnout was 46 percent.", "Turnout was 47.2 percent.")] == ["number"]
