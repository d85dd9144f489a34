"""Claims: units, the same claim across outlets, stance, independence (seeds + small units)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsprism.model import Claim, ClaimCluster, Document, Meta, Span, Story
from newsprism.resolve.claims import average_link, build, origin
from newsprism.resolve.independence import doc_upstream, near_copies
from newsprism.resolve.stance import fnc_score


def _cluster_with(story: Story, doc_prefix: str, needle: str) -> ClaimCluster:
    for k in story.claims:
        for m in k.members:
            if m.doc_id.startswith(doc_prefix) and needle in m.span.text:
                return k
    raise AssertionError(f"no claim in {doc_prefix} containing {needle!r}")


def test_call_claim_rests_on_the_post_and_is_denied(seed_story: Story) -> None:
    k = _cluster_with(seed_story, "000", "phone conversation")
    trt = [m for m in k.members if m.doc_id.startswith("000") and "phone conversation" in m.span.text]
    assert trt[0].stance == "reports"  # "reportedly": TRT World relays it
    assert trt[0].chain == "TRT World ← The Washington Post"
    assert trt[0].origin == "The Washington Post"  # the cluster may hold other reports (see the report)
    deny = [m for m in k.members if m.stance == "denies"]
    assert deny and "took place" in deny[0].span.text
    assert any("Russia" in d for d in k.deniers)
    assert k.contested


def test_peace_plan_chain_through_the_post_to_anonymous_people(seed_story: Story) -> None:
    k = _cluster_with(seed_story, "001", "pressuring Kyiv")
    m = next(m for m in k.members if "pressuring Kyiv" in m.span.text)
    assert m.chain == "The Moscow Times ← The Washington Post ← anonymous people"
    assert m.origin == "The Washington Post"
    claim = next(c for d in seed_story.docs for c in d.claims if c.id == m.claim_id)
    assert claim.kind == "attributed" and claim.time and claim.time.startswith("2024-04")


def test_pledge_to_end_the_war_quickly_joins_001_and_003(seed_story: Story) -> None:
    k = _cluster_with(seed_story, "003", "quickly end the Ukraine conflict")
    docs = {m.doc_id[:3] for m in k.members}
    assert {"001", "003"} <= docs <= {"000", "001", "003"}  # 000 states the pledge too ("freeze this war")
    assert k.reports == len(docs) and k.independent_sources >= len(docs)  # a restatement is no second report
    assert not k.contested


def test_republished_story_collapses_into_its_origin(seed_story: Story) -> None:
    members = [m for k in seed_story.claims for m in k.members if m.doc_id.startswith("002")]
    assert members
    assert all((m.chain or "").startswith("The Moscow Times ← VPost") for m in members)
    own = [m for m in members if m.chain == "The Moscow Times ← VPost"]
    assert own and all(m.origin == "VPost" for m in own)
    assert not any(m.origin == "The Moscow Times" for m in members)


def test_seed_claims_have_spans_and_hedges(seed_docs: dict[str, Document]) -> None:
    doc = seed_docs["000"]
    for c in doc.claims:
        assert doc.text[c.span.start : c.span.end] == c.span.text
    first = next(c for c in doc.claims if "phone conversation" in c.text)
    assert "reportedly" in first.hedging
    claimed = next(c for c in doc.claims if "urge Putin" in c.text)
    assert "was claimed to" in claimed.hedging
    denial = next(c for c in doc.claims if c.denial)
    assert denial.polarity == "negative" and denial.source and "Russia" in denial.source


def test_ranked_by_independent_sources(seed_story: Story) -> None:
    keys = [(k.independent_sources, k.reports) for k in seed_story.claims]
    assert keys == sorted(keys, reverse=True)


# ----- units -----


def _doc(doc_id: str, text: str, outlet: str | None = None, published: str | None = None) -> Document:
    return Document(id=doc_id, text=text, meta=Meta(outlet=outlet, published=published))


def _claim(doc: Document, n: int, sentence: str, **kw: object) -> Claim:
    start = doc.text.index(sentence)
    span = Span(doc_id=doc.id, start=start, end=start + len(sentence), text=sentence)
    return Claim(id=f"{doc.id}:c{n}", doc_id=doc.id, sentence=n, span=span, text=sentence, **kw)  # type: ignore[arg-type]


BODY = (
    "The city council voted on Tuesday to close the old harbour bridge to all traffic after engineers "
    "found deep cracks in two of its supporting piers. Repairs are expected to take at least eighteen "
    "months and cost about forty million euros, the mayor told reporters outside the town hall. "
    "Ferries will run every twenty minutes in the meantime, and a temporary footbridge is planned."
)
FACT = "The city council voted on Tuesday to close the old harbour bridge to all traffic"


def test_near_copies_collapse_into_one_source() -> None:
    a = _doc("a", BODY, "Harbour Gazette", "2024-03-01")
    b = _doc("b", BODY.replace("twenty minutes", "half hour") + " Copyright 2024.", "City Daily", "2024-03-02")
    c = _doc("c", "A council vote closed the bridge on Tuesday; officials cited cracked piers and long repairs.",
             "Coast Radio")
    assert near_copies([a, b, c]) == [["a", "b"]]
    assert doc_upstream([a, b, c]) == {"a": [], "b": ["Harbour Gazette"], "c": []}
    for d in (a, b):
        d.claims = [_claim(d, 0, FACT, source=d.meta.outlet, source_type="outlet")]
    c.claims = [_claim(c, 0, c.text, source="Coast Radio", source_type="outlet")]
    clusters = build([a, b, c], threshold=0.3)
    k = next(k for k in clusters if len(k.members) == 3)
    assert k.reports == 3 and k.independent_sources == 2
    assert "City Daily ← Harbour Gazette" in k.chains


def test_own_words_beside_a_quoted_source_are_not_a_second_source() -> None:
    a = _doc("a", f"Mayor Jan Smit said that {FACT[4:]}. {FACT}.", "Harbour Gazette")
    other = "On Tuesday the city council voted to shut the harbour bridge to traffic"  # no copy: other words
    b = _doc("b", f"{other}.", "Coast Radio")
    a.claims = [_claim(a, 0, FACT[4:], kind="attributed", source="Mayor Jan Smit", source_type="named"),
                _claim(a, 1, FACT, source="Harbour Gazette", source_type="outlet")]
    b.claims = [_claim(b, 0, other, source="Coast Radio", source_type="outlet")]
    (k,) = [k for k in build([a, b], threshold=0.3) if len(k.members) == 3]
    assert k.reports == 2 and k.independent_sources == 2  # the mayor and Coast Radio, not the Gazette too
    assert "Harbour Gazette" not in k.sources


def test_stated_syndication_wins_over_copy_order() -> None:
    a = _doc("a", BODY, "City Daily", "2024-03-01")
    a.meta.syndicated_from = "Wire Service"
    b = _doc("b", BODY, "Harbour Gazette", "2024-02-01")
    assert doc_upstream([a, b]) == {"a": ["Wire Service"], "b": ["Wire Service"]}


def test_denied_claim_is_a_denial_in_its_cluster() -> None:
    a = _doc("a", f"{FACT}, Reuters reported.", "Wire")
    b = _doc("b", f"The council denied that {FACT[4:]}.", "Town Paper")
    a.claims = [_claim(a, 0, FACT, kind="attributed", source="Reuters", source_type="media")]
    denied = FACT[4:]
    b.claims = [_claim(b, 0, denied, kind="attributed", source="The council", source_type="named",
                       denial=True, polarity="negative", cue="denied")]
    (k,) = [k for k in build([a, b]) if len(k.members) == 2]
    stances = {m.doc_id: m.stance for m in k.members}
    assert stances == {"a": "reports", "b": "denies"}
    assert k.deniers == ["The council"] and k.contested
    assert k.independent_sources == 1 and k.chains == ["Wire ← Reuters"]


def test_a_denial_of_the_opposite_backs_the_claim() -> None:
    """Shown: "the council did not vote ..."; "the mayor denied that the council voted ..." backs it
    (a denial's polarity is its source's net position): no denier, two sources."""
    neg = "The city council did not vote on Tuesday to close the old harbour bridge to all traffic"
    a = _doc("a", f"{neg}.", "Harbour Gazette")
    b = _doc("b", f"The mayor denied that {FACT[4:]}.", "Town Paper")
    a.claims = [_claim(a, 0, neg, source="Harbour Gazette", source_type="outlet", predicate="not vote",
                       polarity="negative")]
    b.claims = [_claim(b, 0, FACT[4:], kind="attributed", source="The mayor", source_type="named", denial=True,
                       polarity="negative", predicate="vote", cue="denied")]
    (k,) = [k for k in build([a, b], threshold=0.3) if len(k.members) == 2]
    assert k.text == neg
    assert {m.doc_id: m.stance for m in k.members} == {"a": "supports", "b": "reports"}
    assert not k.deniers and not k.contested and k.independent_sources == 2


def test_negated_report_disputes_the_claim(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze([
        {"id": "a", "text": "The mayor approved the new harbour bridge budget on Tuesday, the city council said."},
        {"id": "b", "text": "The mayor did not approve the new harbour bridge budget on Tuesday, city officials said."},
        {"id": "c", "text": "The mayor approved the new harbour bridge budget on Tuesday."},
    ])
    (k,) = [k for k in story.claims if len(k.members) == 3]
    assert {m.doc_id: m.stance for m in k.members} == {"a": "reports", "b": "disputes", "c": "supports"}
    assert k.contested and k.disputers


class _FakeStance:
    """A stance model whose P(disagree | related) is high for a context that calls the story a hoax."""

    def __init__(self, dispute_at: float) -> None:
        self.dispute_at = dispute_at

    def predict(self, pairs: list[tuple[str, str]]) -> list[str]:
        return ["discuss"] * len(pairs)

    def judge(self, pairs: list[tuple[str, str]]) -> tuple[list[str], object]:
        import numpy as np

        return self.predict(pairs), np.asarray([0.9 if "hoax" in ctx else 0.1 for _c, ctx in pairs])


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_model_disagree_at_its_cut_disputes_the_claim(cut: float, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.resolve import claims as claims_mod
    from newsprism.resolve import stance

    monkeypatch.setattr(stance, "load", lambda path=None: _FakeStance(cut))
    monkeypatch.setattr(claims_mod, "MODEL_DISPUTES", True)
    docs = [_doc("a", f"{FACT}.", "Wire"), _doc("b", f"{FACT}. Experts say the story is a hoax.", "Fact Check"),
            _doc("c", f"{FACT}.", "City Daily")]
    for d in docs:
        d.claims = [_claim(d, 0, FACT, source=d.meta.outlet, source_type="outlet")]
    (k,) = [k for k in build(docs) if len(k.members) == 3]
    disputes = {m.doc_id for m in k.members if m.stance == "disputes"}
    assert disputes == ({"b"} if cut < 0.9 else set())
    assert k.contested == (cut < 0.9)
    assert k.disputers == (["Fact Check"] if cut < 0.9 else [])


def test_model_disagree_disputes_nothing_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.resolve import stance

    monkeypatch.setattr(stance, "load", lambda path=None: _FakeStance(0.5))
    docs = [_doc("a", f"{FACT}.", "Wire"), _doc("b", f"{FACT}. Experts say the story is a hoax.", "Fact Check")]
    for d in docs:
        d.claims = [_claim(d, 0, FACT, source=d.meta.outlet, source_type="outlet")]
    (k,) = [k for k in build(docs) if len(k.members) == 2]
    assert not k.contested and not k.disputers


def test_denied_extracted_from_text(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze(["The ministry denied that the two leaders held a secret meeting in Vienna last week."])
    (doc,) = story.docs
    denial = [c for c in doc.claims if c.denial]
    assert denial and denial[0].polarity == "negative"
    assert "secret meeting" in denial[0].text and "ministry" in (denial[0].source or "")


@pytest.mark.parametrize(
    "text,denied,disputed",
    [
        ("A New York judge has rejected a media request to make public the contents of the divorce file.", False, False),
        ("Trump questioned what kind of person gets up at 3 a.m. to send angry tweets.", False, False),
        ("Officials disputed the claim that the ship had been hijacked by pirates.", True, True),
        ("The Kremlin denied that the two leaders spoke by phone last week.", True, False),
        # the parser hangs the that-clause on the cue verb, not on "claims"
        ("The armed group Ansar Dine has denied claims by Mali’s army that it had agreed to a ceasefire.", True, False),
        ("The senator doubted that any court would enforce the subpoena.", False, True),
    ],
)
def test_only_a_statement_is_denied_or_disputed(text: str, denied: bool, disputed: bool) -> None:
    """A refused request or an asked question is no denied claim; a clause or "the claim that" is."""
    import newsprism

    (doc,) = newsprism.analyze([text]).docs
    attributed = [c for c in doc.claims if c.kind == "attributed"]
    assert attributed, [c.text for c in doc.claims]
    assert any(c.denial for c in attributed) is denied
    assert any(c.disputed for c in attributed) is disputed


def test_origin_skips_anonymous_links() -> None:
    assert origin(["The Moscow Times", "The Washington Post", "anonymous people"]) == "The Washington Post"
    assert origin(["TRT World"]) == "TRT World"


def test_fnc_score() -> None:
    gold = ["agree", "unrelated", "disagree", "discuss"]
    assert fnc_score(gold, gold) == pytest.approx(1.0)
    assert fnc_score(gold, ["discuss", "unrelated", "agree", "discuss"]) == pytest.approx((0.25 + 0.25 + 0.25 + 1.0) / 3.25)


# ----- the same claim across outlets -----

ROOT = Path(__file__).resolve().parent.parent
GOLD = next((p for p in (ROOT.parent / "shared" / "gold", Path("/work/shared/gold")) if p.is_dir()), None)


def _seed_score(story: Story) -> dict[str, float]:
    import json

    sys.path.insert(0, str(ROOT / "bench"))
    from story import score_gold  # the bench's scorer, not a copy

    assert GOLD is not None
    return score_gold(story, json.loads((GOLD / "seeds-shared-claims.json").read_text(encoding="utf-8")))


@pytest.mark.skipif(GOLD is None, reason="shared/gold not present")
def test_seed_claims_level(seed_story: Story) -> None:
    """What the learned pair model reaches on the seeds today (a guard against going back)."""
    s = _seed_score(seed_story)
    assert s["found"] >= 3 and s["pair_recall"] >= 3 / 43 - 1e-9 and s["false_merges"] <= 2


@pytest.mark.skipif(GOLD is None, reason="shared/gold not present")
@pytest.mark.xfail(reason="floor not reached yet: 3 of 22 seed claims, pair recall 0.07, 2 false merges, 0 of 2 disputes", strict=False)
def test_seed_claims_floor(seed_story: Story) -> None:
    s = _seed_score(seed_story)
    assert s["found"] >= 15 and s["pair_recall"] >= 0.60 and s["false_merges"] <= 3
    assert s["disputes_seen"] == s["disputed"] == 2


def test_headline_restating_the_body_joins_its_cluster(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze([
        {"id": "a", "text": "Council shuts the old harbour bridge over cracks in its piers\n\nThe city council voted on "
                            "Tuesday to close the old harbour bridge after engineers found deep cracks in its piers."
                            "\n\nTicket prices for the summer music festival rose by ten percent."},
        {"id": "b", "text": "On Tuesday the city council decided to shut the old harbour bridge because engineers had "
                            "discovered deep cracks in its piers."},
    ])
    k = next(k for k in story.claims if any("decided to shut" in m.span.text for m in k.members))
    texts = [m.span.text for m in k.members if m.doc_id == "a"]
    assert any(t.startswith("Council shuts") for t in texts) and any("voted on Tuesday" in t for t in texts)
    assert not any("festival" in m.span.text for m in k.members)


def test_paraphrase_joins_and_unrelated_does_not(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze([
        {"id": "a", "text": "The city council voted on Tuesday to close the old harbour bridge after engineers found "
                            "deep cracks in its piers.\n\nTicket prices for the summer music festival rose by ten percent."},
        {"id": "b", "text": "On Tuesday the city council decided to shut the old harbour bridge because engineers had "
                            "discovered deep cracks in its piers.\n\nThe football club signed a new goalkeeper from Portugal."},
    ])
    joined = [k for k in story.claims if len({m.doc_id for m in k.members}) == 2]
    assert any("harbour bridge" in m.span.text for k in joined for m in k.members)
    # each clause clusters on its own: the bridge and the cracks; never the festival or the club
    assert not any("festival" in m.span.text or "goalkeeper" in m.span.text for k in joined for m in k.members)


def test_fragments_are_not_claims(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze(['"This is really spectacular," the mayor said. Aides said that he was in a bind. '
                               "The mayor said the new stadium will open in March next year."])
    texts = [c.text for c in story.docs[0].claims]
    assert not any("spectacular" in t or "bind" in t for t in texts)
    assert any("stadium will open" in t for t in texts)


def test_average_link_does_not_chain() -> None:
    # a-b and b-c are likely, a-c is not: c must not join a's cluster through b
    probs = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.0}
    uf = average_link(3, ["x", "y", "z"], probs, threshold=0.5, link=0.5)
    assert uf.find(0) == uf.find(1) != uf.find(2)
    # two claims of one document never share a cluster without a restatement threshold
    uf = average_link(3, ["x", "x", "z"], {(0, 2): 0.9, (1, 2): 0.95}, threshold=0.5, link=0.5)
    assert uf.find(0) != uf.find(1)


def test_a_shared_verb_and_one_noun_is_not_a_shared_claim() -> None:
    from newsprism.model import Mention
    from newsprism.resolve.claims import shared_arguments

    texts = ["Trump's comments came late.", "Graham's comments came early.", "Trump's comments drew scrutiny."]
    docs = [Document(id=f"d{k}", text=t, meta=Meta()) for k, t in enumerate(texts)]
    for d, who in zip(docs, ("Trump", "Graham", "Trump"), strict=True):
        d.entities = [Mention(id=f"{d.id}:m0", doc_id=d.id, start=0, end=len(who), text=who, label="PERSON",
                              sentence=0, entity_id=f"e-{who}")]
    claims = [_claim(d, 0, d.text, predicate="came" if k < 2 else "drew") for k, d in enumerate(docs)]
    from newsprism.resolve.claim_pairs import claim_infos
    from newsprism.resolve.claims import content_words

    words = [content_words(c.text) for c in claims]
    kept = shared_arguments(claims, claim_infos(claims, docs), words, {(0, 1): 0.99, (0, 2): 0.9})
    assert (0, 1) not in kept  # "comments" and the verb only: two people's comments
    assert kept[(0, 2)] == 0.9  # the same person's comments
    # with one, only when their own pair reaches it (a restatement), not through the other document
    uf = average_link(3, ["x", "x", "z"], {(0, 2): 0.9, (1, 2): 0.95, (0, 1): 0.6}, threshold=0.5, link=0.5,
                      same=0.7)
    assert uf.find(0) != uf.find(1)
    uf = average_link(3, ["x", "x", "z"], {(0, 2): 0.9, (1, 2): 0.95, (0, 1): 0.8}, threshold=0.5, link=0.5,
                      same=0.7)
    assert uf.find(0) == uf.find(1) == uf.find(2)


def test_a_claim_keeps_its_best_partners_only() -> None:
    import numpy as np

    from newsprism.resolve.claim_pairs import _top_per_row

    rows = np.array([0, 0, 0, 1, 1, 2])
    score = np.array([0.2, 0.9, 0.5, 0.1, 0.3, 0.7])
    assert _top_per_row(rows, score, 2).tolist() == [False, True, True, True, True, True]
    assert _top_per_row(rows, score, 1).tolist() == [False, True, False, False, True, True]
    assert _top_per_row(rows, score, 5).all()


def test_the_same_passage_in_several_reports_is_one_source() -> None:
    note = "Editor's note: the council has repeatedly misled residents about the cost of the bridge repairs"
    docs = [_doc(k, f"{note}. {body}", None, f"2024-03-0{n}") for n, (k, body) in enumerate([
        ("a", "Ferries will run every twenty minutes."), ("b", "The mayor met engineers on Monday."),
        ("c", "Shops near the harbour fear a quiet summer.")], start=1)]
    for d in docs:
        d.claims = [_claim(d, 0, note, source=None, source_type="outlet")]
    (k,) = [k for k in build(docs, threshold=0.3) if len(k.members) == 3]
    assert k.reports == 3 and k.independent_sources == 1  # one text pasted three times, not three sources
    assert all(m.stance != "disputes" for m in k.members)
    # different words about the same thing stay separate sources
    other = _doc("d", "Residents were misled about what the bridge repairs will cost, the council admitted.")
    other.claims = [_claim(other, 0, "Residents were misled about what the bridge repairs will cost", source=None,
                           source_type="outlet")]
    (k2,) = [k for k in build([*docs, other], threshold=0.3) if "d" in {m.doc_id for m in k.members}]
    assert k2.independent_sources == 2


def test_a_claim_does_not_end_on_the_conjunction_of_the_next_clause(nlp) -> None:  # noqa: ANN001
    import newsprism

    text = ("Security has become a central focus for the alliance, but military spending in most member states "
            "falls below the agreed levels.\n\nThe mayor said a second device was found in Chelsea and that the "
            "street is being treated as a crime scene.")
    story = newsprism.analyze([text])
    claims = story.docs[0].claims
    assert claims and all(not c.text.rstrip().endswith((" and", " but", ",")) for c in claims)
    assert all(text[c.span.start:c.span.end] == c.text for c in claims)  # spans stay clickable
    assert any(c.text.endswith("central focus for the alliance") for c in claims)


def test_a_clause_that_only_sets_the_time_or_asks_is_no_claim(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze(["Trump barely mentioned climate change when he ran for the White House in 2008. "
                               "Officials did not say whether the video should be released. When asked about "
                               "the video, Mayor Jennifer Roberts said the footage would be released on Friday."])
    texts = [c.text for c in story.docs[0].claims]
    assert not any(t.lower().startswith(("when he ran", "whether")) for t in texts)
    assert any(t.startswith("Trump barely mentioned climate change") for t in texts)
    assert any("footage would be released on Friday" in t for t in texts)  # "When asked ..." keeps its claim
    story = newsprism.analyze(["Trump attacked Clinton on trade, as he did with Romney in 2012. "
                               "Trump did a great job in the debate."])
    texts = [c.text for c in story.docs[0].claims]
    assert "Trump attacked Clinton on trade" in texts and not any("Romney" in t for t in texts)  # elliptical "did"
    assert any(t.startswith("Trump did a great job") for t in texts)
    story = newsprism.analyze(["\u201cYou pay your taxes. So why didn\u2019t Donald Trump pay his?\u201d a narrator in "
                               "the ad asks. The council said the bridge will reopen in May."])
    texts = [c.text for c in story.docs[0].claims]
    assert not any("why" in t for t in texts) and "the bridge will reopen in May" in texts  # a question is no claim


def test_reports_sharing_an_outlets_boilerplate_are_one_source() -> None:
    from newsprism.resolve.independence import shared_passages

    note = "Editor's note: this newspaper has endorsed the mayor in every election since the year two thousand."
    quote = "\u201cWe will rebuild the harbour bridge before the summer season begins next year,\u201d the mayor said."

    def doc(doc_id: str, *sents: str) -> Document:
        return _doc(doc_id, " ".join(sents))

    a = doc("a", "The council voted to close the bridge.", note)
    b = doc("b", "The council closed the old bridge on Tuesday.", note)
    c = doc("c", "Council members shut the bridge.", quote)
    e = doc("e", "The mayor spoke at the harbour.", quote)
    assert shared_passages([a, b, c, e]) == {"a": "a", "b": "a"}  # a quote two outlets carry is no boilerplate
    for d in (a, b, c):
        d.claims = [_claim(d, 0, d.text.split(".")[0], source=None, source_type="outlet")]
    (k,) = [k for k in build([a, b, c], threshold=0.2) if len(k.members) == 3]
    assert k.reports == 3 and k.independent_sources == 2


def test_the_claim_shown_for_a_cluster_says_who() -> None:
    a = _doc("a", "They voted on Tuesday to close the old harbour bridge to all traffic.", "Paper A")
    b = _doc("b", "The city council voted on Tuesday to close the old harbour bridge to all traffic.", "Paper B")
    a.claims = [_claim(a, 0, a.text.rstrip("."), subject="They", source="Paper A", source_type="outlet")]
    b.claims = [_claim(b, 0, b.text.rstrip("."), subject="The city council", source="Paper B", source_type="outlet")]
    (k,) = [k for k in build([a, b], threshold=0.3) if len(k.members) == 2]
    assert k.text.startswith("The city council")  # not "They voted ...", though it comes first


def test_a_claim_takes_the_time_nearest_its_predicate(nlp) -> None:  # noqa: ANN001
    import newsprism

    text = ("In 2012 Mr. Obama barely mentioned climate change, but on Monday he called it the greatest threat "
            "to the country.")
    story = newsprism.analyze([{"id": "a", "text": text, "published": "2016-09-21"}])
    times = {c.text.split()[0]: c.time for c in story.docs[0].claims}
    assert times.get("In") == "2012"
    assert times.get("on") == "2016-09-19"  # not the sentence's first expression, 2012
