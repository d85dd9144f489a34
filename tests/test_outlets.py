"""Outlet profiles count what each outlet's documents hold."""

from __future__ import annotations

from newsprism.model import Attribution, Document, Meta, NamingChoice, Story
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
