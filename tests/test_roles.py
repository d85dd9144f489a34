"""Role nouns ("the Republican nominee", "the mayor") link to the person the pile gives that role,
and who-said-what speakers become identities (issue 14)."""

from __future__ import annotations

import pytest

from newsprism.model import Alias, Attribution, Document, Entity, Mention, Meta, Span, Story
from newsprism.resolve import coref
from newsprism.resolve.entities import Item, build, role_phrases
from newsprism.resolve.outlets import outlet_profiles
from newsprism.resolve.speakers import resolve_speakers
from tests.test_entities import together


@pytest.fixture(autouse=True)
def role_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coref, "ROLE_EVIDENCE", True)  # opt-in (NEWSPRISM_ROLE_EVIDENCE=1)




def doc_of(doc_id: str, text: str, spans: list[tuple[str, str, str]], outlet: str | None = None) -> Document:
    """A document whose mentions are (surface, label, kind) found left to right."""
    mentions, pos = [], 0
    for n, (surface, label, kind) in enumerate(spans):
        start = text.index(surface, pos)
        pos = start + len(surface)
        mentions.append(Mention(id=f"{doc_id}#m{n}", doc_id=doc_id, start=start, end=pos, text=surface, label=label,
                                sentence=0, kind=kind))  # type: ignore[arg-type]
    return Document(id=doc_id, text=text, meta=Meta(outlet=outlet), entities=mentions)


def person(doc_id: str, text: str, start: int, roles: tuple[str, ...] = ()) -> Item:
    return Item(f"{doc_id}{start}", doc_id, text, "PERSON", start=start, end=start + len(text), roles=roles)


def noun(doc_id: str, phrase: str, start: int, introduces: bool = False) -> Item:
    head = phrase.split()[-1].lower()
    return Item(f"{doc_id}{start}", doc_id, head, "PERSON", kind="nominal", start=start, end=start + len(phrase),
                head=head, phrase=phrase, introduces=introduces)


# ----- rule 1: evidence is read from the text beside a name -----

def test_role_phrases_read_titles_before_and_appositions_around_a_name() -> None:
    text = ("Republican presidential nominee Donald Trump spoke. Bill de Blasio, the mayor of New York, "
            "said no. Polls show the presumptive nominee, Hillary Clinton, ahead. Polls show Jeb Bush leads.")
    doc = doc_of("a", text, [("Donald Trump", "PERSON", "name"), ("Bill de Blasio", "PERSON", "name"),
                             ("Hillary Clinton", "PERSON", "name"), ("Jeb Bush", "PERSON", "name")])
    got = [role_phrases(doc, m) for m in doc.entities]
    assert got[0] == ("Republican presidential nominee",)
    assert got[1] == ("the mayor",)  # cut at the preposition
    assert got[2] == ("the presumptive nominee",)
    assert got[3] == ()  # "show" says nothing of who Jeb Bush is


def test_a_bare_surname_lends_its_title_only_when_the_pile_names_one_person_with_it() -> None:
    items = [
        person("a", "President Obama", 0, roles=("President",)),
        person("b", "Barack Obama", 0),
        noun("b", "the president", 40),
    ]
    assert together(items)["b40"] == {"a0", "b0", "b40"}
    items += [person("c", "Michelle Obama", 0), noun("c", "the president", 40)]
    got = together(items)
    assert "b0" not in got["b40"]  # two Obamas named in full: "President Obama" lends to neither
    assert "c0" not in got["c40"]  # and never to Michelle Obama


# ----- rule 2: a definite role noun joins the person with evidence of that role -----

def test_the_republican_nominee_is_the_person_called_a_republican_nominee() -> None:
    items = [
        person("a", "Donald Trump", 0, roles=("Republican presidential nominee",)),
        person("a", "Hillary Clinton", 50, roles=("Democratic presidential nominee",)),
        noun("a", "The Republican nominee", 80),  # Clinton is nearer: today's rule took her
        noun("a", "the Democratic nominee", 140),
    ]
    got = together(items)
    assert got["a80"] >= {"a0", "a80"} and "a50" not in got["a80"]
    assert got["a140"] >= {"a50", "a140"} and "a0" not in got["a140"]


def test_a_time_word_must_agree_with_the_evidence() -> None:
    items = [
        person("a", "Bill Clinton", 0, roles=("former President",)),
        person("a", "Barack Obama", 40, roles=("President",)),
        noun("a", "the former president", 70),
        noun("a", "the next president", 120),
    ]
    got = together(items)
    assert got["a70"] >= {"a0"} and "a40" not in got["a70"]
    assert got["a120"] == {"a120"}  # nobody is called the next president


def test_evidence_from_another_report_counts_for_a_person_named_in_this_one() -> None:
    items = [
        person("a", "Gonzalo Curiel", 0, roles=("Judge",)),
        person("b", "Gonzalo Curiel", 0),
        person("b", "Donald Trump", 200),
        noun("b", "the judge", 230),  # Trump is nearest; Curiel is the judge
    ]
    got = together(items)
    assert got["b230"] >= {"b0", "b230"} and "b200" not in got["b230"]


def test_a_role_noun_with_no_evidence_stays_unlinked() -> None:
    items = [person("a", "Andrea Mitchell", 0), noun("a", "the senator", 20)]
    assert together(items)["a20"] == {"a20"}  # measured: leaving it is better than the nearest person
    items[0] = person("a", "Andrea Mitchell", 0, roles=("Sen.",))
    assert together(items)["a20"] == {"a0", "a20"}  # "Sen." is a senator


def test_a_person_name_right_after_a_person_noun_is_what_it_stands_for() -> None:
    items = [
        person("a", "Donald Trump", 0),
        noun("a", "the party's 2012 nominee", 30, introduces=True),  # possessed, yet set beside the name
        person("a", "Mitt Romney", 56),
    ]
    got = together(items)
    assert got["a30"] >= {"a30", "a56"} and "a0" not in got["a30"]


def test_roles_end_to_end_from_the_text() -> None:
    text = ("Republican presidential nominee Donald Trump and Democratic presidential nominee Hillary Clinton "
            "met. The Republican nominee spoke first.")
    doc = doc_of("a", text, [("Donald Trump", "PERSON", "name"), ("Hillary Clinton", "PERSON", "name"),
                             ("The Republican nominee", "PERSON", "nominal")])
    ents = {e.id: e for e in build([doc])}
    assert ents[doc.entities[2].entity_id].name == "Donald Trump"  # type: ignore[index]


# ----- rule 3: who said what -----

def _att(doc: Document, n: int, source: str, stype: str, speaker_span: Span | None = None) -> Attribution:
    start = doc.text.index(source)
    return Attribution(id=f"{doc.id}:a{n}", doc_id=doc.id, sentence=0, source_type=stype,  # type: ignore[arg-type]
                       source=Span(doc_id=doc.id, start=start, end=start + len(source), text=source),
                       speaker=source, speaker_span=speaker_span)


def test_speakers_become_identities_and_definite_descriptions_count_as_named() -> None:
    text = "Bill de Blasio, the mayor, spoke. The mayor said yes. A senior official said no. De Blasio said so."
    doc = doc_of("a", text, [("Bill de Blasio", "PERSON", "name"), ("the mayor", "PERSON", "nominal"),
                             ("The mayor", "PERSON", "nominal"), ("A senior official", "PERSON", "nominal"),
                             ("De Blasio", "PERSON", "name")], outlet="Wire")
    for m in doc.entities:
        m.entity_id = "E2" if m.text == "A senior official" else "E1"  # whatever coreference said
    name_span = Span(doc_id="a", start=text.index("De Blasio"), end=text.index("De Blasio") + 9, text="De Blasio")
    doc.attributions = [_att(doc, 0, "The mayor", "anonymous_individual"),
                        _att(doc, 1, "A senior official", "anonymous_individual"),
                        _att(doc, 2, "De Blasio", "named_person", name_span)]
    first = Span(doc_id="a", start=0, end=14, text="Bill de Blasio")
    story = Story(entities=[Entity(id="E1", name="Bill de Blasio", label="PERSON", first=first),
                            Entity(id="E2", name="a senior official", label="PERSON", named=False)])
    resolve_speakers(story, [doc])
    mayor, official, named = doc.attributions
    assert mayor.speaker_entity_id == "E1" and mayor.source_type == "named_person"
    assert mayor.speaker == "Bill de Blasio" and mayor.speaker_span is not None and mayor.speaker_span.start == 0
    assert official.speaker_entity_id is None and official.source_type == "anonymous_individual"
    assert named.speaker_entity_id == "E1" and named.source_type == "named_person"
    outlet_profiles(story, [doc])
    assert story.outlets[0].source_mix == {"anonymous_individual": 1, "named_person": 2}


def test_a_definite_description_of_an_unnamed_group_stays_anonymous() -> None:
    text = "The gunman said nothing."
    doc = doc_of("a", text, [("The gunman", "PERSON", "nominal")])
    doc.entities[0].entity_id = "E1"
    doc.attributions = [_att(doc, 0, "The gunman", "anonymous_individual")]
    story = Story(entities=[Entity(id="E1", name="the gunman", label="PERSON", named=False)])
    resolve_speakers(story, [doc])
    att = doc.attributions[0]
    assert att.speaker_entity_id == "E1" and att.source_type == "anonymous_individual"


def test_without_role_evidence_the_nearest_person_rule_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coref, "ROLE_EVIDENCE", False)
    items = [
        person("a", "Donald Trump", 0, roles=("Republican presidential nominee",)),
        person("a", "Hillary Clinton", 50, roles=("Democratic presidential nominee",)),
        noun("a", "The Republican nominee", 80),
    ]
    assert together(items)["a80"] == {"a50", "a80"}  # today's rule: the nearest person who fits


def test_without_role_evidence_a_description_keeps_its_source_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coref, "ROLE_EVIDENCE", False)
    text = "The mayor said yes."
    doc = doc_of("a", text, [("The mayor", "PERSON", "nominal")])
    doc.entities[0].entity_id = "E1"
    doc.attributions = [_att(doc, 0, "The mayor", "anonymous_individual")]
    story = Story(entities=[Entity(id="E1", name="Bill de Blasio", label="PERSON")])
    resolve_speakers(story, [doc])
    assert doc.attributions[0].speaker_entity_id is None and doc.attributions[0].source_type == "anonymous_individual"


def test_a_name_written_in_another_case_is_that_named_speaker() -> None:
    """"The Indian navy" (left untagged) is the pile's "the Indian Navy"; "the government" never
    becomes an organisation that happens to be named "Government"."""
    text = "The Indian navy said it captured 23 pirates. The government said so too."
    doc = doc_of("a", text, [])
    doc.attributions = [_att(doc, 0, "The Indian navy", "anonymous_individual"),
                        _att(doc, 1, "The government", "anonymous_individual")]
    story = Story(entities=[
        Entity(id="E1", name="the Indian Navy", label="ORG", aliases=[Alias(text="The Indian Navy", count=3)]),
        Entity(id="E2", name="Government", label="ORG"),
    ])
    resolve_speakers(story, [doc])
    navy, government = doc.attributions
    assert navy.speaker_entity_id == "E1" and navy.source_type == "named_organization"
    assert navy.speaker == "the Indian Navy" and navy.source_descriptor is None
    assert government.speaker_entity_id is None and government.source_type == "anonymous_individual"
