"""Claims: units, the same claim across outlets, stance, independence (seeds + small units)."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.model import Claim, ClaimCluster, Document, Meta, Span, Story
from newsprism.resolve.claims import build, candidate_pairs, content_words, origin
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
    assert k.independent_sources == 1 and k.sources == ["The Washington Post"]
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
    assert docs == {"001", "003"}
    assert k.reports == 2 and k.independent_sources == 2
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


def test_denied_extracted_from_text(nlp) -> None:  # noqa: ANN001
    import newsprism

    story = newsprism.analyze(["The ministry denied that the two leaders held a secret meeting in Vienna last week."])
    (doc,) = story.docs
    denial = [c for c in doc.claims if c.denial]
    assert denial and denial[0].polarity == "negative"
    assert "secret meeting" in denial[0].text and "ministry" in (denial[0].source or "")


def test_blocking_finds_paraphrases_without_all_pairs() -> None:
    rng = np.random.default_rng(1)
    base = rng.standard_normal((200, 32)).astype(np.float32)
    vecs = np.vstack([base, base + 0.01 * rng.standard_normal(base.shape).astype(np.float32)])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    words = [{f"w{i % 200}", f"x{i % 200}"} for i in range(400)]
    pairs = candidate_pairs(vecs, words, exact_limit=0)
    assert all((i, i + 200) in pairs for i in range(200))
    assert len(pairs) < 400 * 399 // 20


def test_origin_skips_anonymous_links() -> None:
    assert origin(["The Moscow Times", "The Washington Post", "anonymous people"]) == "The Washington Post"
    assert origin(["TRT World"]) == "TRT World"
    assert content_words("the conflict in Ukraine") == {"war", "ukraine"}


def test_fnc_score() -> None:
    gold = ["agree", "unrelated", "disagree", "discuss"]
    assert fnc_score(gold, gold) == pytest.approx(1.0)
    assert fnc_score(gold, ["discuss", "unrelated", "agree", "discuss"]) == pytest.approx((0.25 + 0.25 + 0.25 + 1.0) / 3.25)


def test_only_claims_with_a_partner_in_another_document_are_embedded() -> None:
    from newsprism.resolve.claims import needs_vector

    texts = {
        "a": ["The council closed the harbour bridge after engineers found cracks.", "Tickets sold out quickly."],
        "b": ["Engineers found cracks, so the council shut the harbour bridge.", "The weather stayed mild."],
        "c": ["Fans say tickets were expensive."],
    }
    claims = []
    for d, sents in texts.items():
        doc = Document(id=d, text=" ".join(sents), meta=Meta())
        claims += [_claim(doc, n, s) for n, s in enumerate(sents)]
    words = [content_words(c.text) for c in claims]
    need = {claims[i].text for i in needs_vector(claims, words)}
    # the bridge claims share many words across documents; 'tickets' alone is one shared word
    assert need == {texts["a"][0], texts["b"][0]}
    assert {claims[i].text for i in needs_vector(claims, words, min_shared=1)} == need | {texts["a"][1], texts["c"][0]}
