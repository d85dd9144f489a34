"""Outlet profiles count what each outlet's documents hold."""

from __future__ import annotations

from newsprism.model import Attribution, Claim, Document, Meta, NamingChoice, Span, Story
from newsprism.resolve.outlets import outlet_profiles


def _att(i: int, doc_id: str, source_type: str, hedging: list[str]) -> Attribution:
    return Attribution(id=f"a{i}", doc_id=doc_id, sentence=0, source_type=source_type, hedging=hedging)  # type: ignore[arg-type]


def test_profiles_by_outlet():
    a = Document(id="a", text="x", meta=Meta(outlet="Wire"),
                 attributions=[_att(1, "a", "named_person", []), _att(2, "a", "anonymous_individual", ["reportedly"])])
    b = Document(id="b", text="y", meta=Meta(outlet="Wire"), attributions=[_att(3, "b", "named_person", [])])
    c = Document(id="c", text="z", meta=Meta())
    story = Story(naming=[NamingChoice(concept="Kyiv", by_outlet={"Wire": {"Kiev": 1, "Kyiv": 3}})])
    outlet_profiles(story, [a, b, c])
    prof = {p.outlet: p for p in story.outlets}
    assert set(prof) == {"Wire", "unknown"}
    assert prof["Wire"].documents == 2
    assert prof["Wire"].source_mix == {"anonymous_individual": 1, "named_person": 2}
    assert prof["Wire"].hedges == 1
    assert prof["Wire"].naming == {"Kyiv": "Kyiv"}
    assert prof["unknown"].documents == 1 and prof["unknown"].source_mix == {}


# --- inferring the outlet and the wire from the text (ingest) ---------------------------------

import pytest  # noqa: E402

from newsprism.ingest import from_text, read_inputs  # noqa: E402
from newsprism.resolve.claims import build  # noqa: E402

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"


def _outlet(text: str, **meta: str) -> str | None:
    return from_text(text, **meta).meta.outlet


def test_self_reference_names_the_outlet_with_evidence():
    text = (
        "The harbour bridge will close for a year, officials said on Tuesday.\n\n"
        "\u201cWe had no choice,\u201d the mayor tells Harbour Gazette. Engineers found cracks in two piers.\n\n"
        "\u201cThe repairs are urgent,\u201d a council engineer tells Harbour Gazette.\n"
    )
    raw = from_text(text)
    assert raw.meta.outlet == "Harbour Gazette" and raw.meta.outlet_source == "inferred"
    ev = raw.meta.outlet_evidence
    assert ev is not None and 0.5 <= ev.confidence <= 1 and len(ev.spans) == 2
    assert all(text[s.start : s.end] == s.text == "Harbour Gazette" for s in ev.spans)


@pytest.mark.parametrize("cited", [
    "Coast Radio reported on Monday that the ferries would double.",
    "According to Coast Radio, the ferries will double.",
    "Coast Radio's Anna Berg asked the mayor about the ferries.",
    "The mayor appeared on Coast Radio on Monday evening.",
    "A Coast Radio poll found most residents back the closure.",
    "The closure was first reported by Coast Radio.",
])
def test_an_outlet_cited_anywhere_is_not_the_reporter(cited: str):
    text = f"The mayor tells Coast Radio the bridge will close. \u201cWe had no choice,\u201d he tells Coast Radio.\n\n{cited}\n"
    assert _outlet(text) is None


@pytest.mark.parametrize("text", [
    "\u201cWe had no choice,\u201d the mayor said in an interview with Coast Radio. The bridge will close.",
    "The mayor told Coast Radio's Anna Berg that the bridge will close.",
    "The mayor told Anna Berg of Coast Radio that the bridge will close.",
    "\u201cWe had no choice,\u201d the mayor told Coast Radio on Sunday. \u201cNone,\u201d he told Coast Radio then.",
    "The mayor told the Harbour Gazette that the bridge will close. He told the Gazette it was urgent.",
])
def test_thin_or_third_party_speech_names_nothing(text: str):
    assert _outlet(text) is None


def test_two_outlets_spoken_to_alike_is_undecided():
    text = "The mayor tells Coast Radio the bridge will close. An engineer tells Harbour Gazette it must."
    assert _outlet(text) is None


def test_byline_copyright_and_dateline_are_self_reference():
    assert _outlet("By Anna Berg, Harbour Gazette\n\nThe bridge will close for a year.") == "Harbour Gazette"
    assert _outlet("The bridge will close for a year.\n\n\u00a9 2024 Harbour Gazette. All rights reserved.") == "Harbour Gazette"
    assert _outlet("PORTVILLE (Coast Radio) \u2014 The bridge will close for a year.") == "Coast Radio"


def test_metadata_outlet_wins_and_a_file_name_never_names_alone():
    assert _outlet("The bridge will close, the mayor tells Coast Radio.", outlet="City Daily") == "City Daily"
    assert _outlet("The bridge will close, officials said.", url="https://coastradio.example/bridge") is None
    # a matching url adds weight to thin evidence, never beats stronger text evidence
    thin = "\u201cWe had no choice,\u201d the mayor told Coast Radio. The bridge will close."
    assert _outlet(thin) is None
    assert _outlet(thin, url="https://www.coastradio.example/news/1") == "Coast Radio"
    strong = "By Anna Berg, Harbour Gazette\n\n\u201cNo choice,\u201d the mayor told Coast Radio."
    assert _outlet(strong, url="https://www.coastradio.example/news/1") is None  # comparable: undecided, not the url's


@pytest.mark.parametrize(("text", "wire"), [
    ("PORTVILLE (AP) \u2014 The bridge will close for a year.", "Associated Press"),
    ("Portville, March 3 (Reuters) - The bridge will close for a year.", "Reuters"),
    ("PORTVILLE, March 3 (UPI) \u2014 The bridge will close.", "UPI"),
    ("Portville (AFP) \u2013 The bridge will close for a year.", "AFP"),
    ("The bridge will close for a year.\n\nThe Associated Press contributed to this report.", "Associated Press"),
    ("The bridge will close for a year.\n\n(Reporting by Anna Berg; Editing by Tom Lee)", "Reuters"),
    ("The bridge will close.\n\nAnna Berg of The Associated Press contributed to this report.", "Associated Press"),
])
def test_wire_credits_flag_syndication(text: str, wire: str):
    raw = from_text(text)
    assert raw.meta.syndicated_from == wire
    ev = raw.meta.syndicated_evidence
    assert ev is not None and text[ev.start : ev.end] == ev.text and ev.text
    assert raw.meta.outlet is None  # a wire credit names the origin, not the outlet


def test_wire_mentions_are_not_credits():
    for text in ("The bridge will close, the mayor told the AP.\n\nPhoto: AP",
                 "Based on an Associated Press count, the mayor leads.",
                 "Sen. Ann Lee (R-Ohio) \u2014 the sponsor \u2014 spoke first."):
        assert from_text(text).meta.syndicated_from is None


def test_seed_outlets_stay():
    got = {r.id[:3]: (r.meta.outlet, r.meta.syndicated_from) for r in read_inputs([EXAMPLES])}
    assert got == {"000": ("TRT World", None), "001": ("The Moscow Times", None),
                   "002": ("The Moscow Times", "VPost"), "003": (None, None), "004": (None, None)}


def test_wire_copies_count_as_the_wire_for_independence():
    fact = "The city council voted on Tuesday to close the old harbour bridge to all traffic"
    docs = []
    for n, (lead, tail) in enumerate([("PORTVILLE (AP) \u2014 ", " Ferries will run every twenty minutes."),
                                      ("Portville (AP) \u2014 ", " A footbridge is planned for the spring.")]):
        raw = from_text(f"{lead}{fact}.{tail}", doc_id=f"copy{n}")
        d = Document(id=raw.id, text=raw.text, meta=raw.meta)
        start = d.text.index(fact)
        d.claims = [Claim(id=f"{d.id}:c0", doc_id=d.id, sentence=0, text=fact,
                          span=Span(doc_id=d.id, start=start, end=start + len(fact), text=fact))]
        docs.append(d)
    assert [d.meta.syndicated_from for d in docs] == ["Associated Press"] * 2
    (k,) = [k for k in build(docs, threshold=0.3) if len(k.members) == 2]
    assert k.reports == 2 and k.independent_sources == 1 and k.sources == ["Associated Press"]


def test_a_request_for_comment_is_the_outlet_asking():
    text = ("The bridge will close, the council said.\n\n"
            "The mayor did not respond to Harbour Gazette's repeated requests for comment.")
    assert _outlet(text) == "Harbour Gazette"


def test_a_short_form_is_the_full_name_the_text_gives():
    text = ("The Harbour Gazette has covered the bridge for years.\n\n"
            "The mayor declined to comment to The Gazette on the closure.")
    assert _outlet(text) == "The Harbour Gazette"
