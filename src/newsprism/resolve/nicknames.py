"""English given names and their common short forms ("Fred" for Frederick, "Bill" for William).

A general table of hypocorisms, not drawn from any benchmark's errors. Two given names may be
one person's when they are equal or share a formal name here ("Jim" ~ "James" ~ "Jimmy"); a
short form of two formal names ("Al": Albert, Alfred, Alexander) matches each, while those formal
names stay apart.
"""

from __future__ import annotations

from functools import lru_cache

SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "albert": ("al", "bert"), "alexander": ("alex", "al", "sandy"), "alfred": ("al", "alf", "fred"),
    "andrew": ("andy", "drew"), "anthony": ("tony",), "arthur": ("art", "artie"), "benjamin": ("ben", "benny"),
    "charles": ("charlie", "chuck", "chas"), "christian": ("chris",), "christopher": ("chris", "kit"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey"), "donald": ("don", "donnie"), "douglas": ("doug",),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"), "eugene": ("gene",), "francis": ("frank", "frankie"),
    "franklin": ("frank",), "frederick": ("fred", "freddie", "freddy"), "gerald": ("jerry", "gerry"),
    "gregory": ("greg",), "harold": ("hal", "harry"), "henry": ("hank", "harry"), "jacob": ("jake",),
    "james": ("jim", "jimmy", "jamie"), "jeffrey": ("jeff",), "john": ("jack", "johnny"),
    "jonathan": ("jon",), "joseph": ("joe", "joey"), "joshua": ("josh",), "kenneth": ("ken", "kenny"),
    "lawrence": ("larry",), "leonard": ("len", "lenny", "leo"), "matthew": ("matt",),
    "michael": ("mike", "mikey", "mick", "mickey"), "nathaniel": ("nate", "nat"), "nicholas": ("nick", "nicky"),
    "patrick": ("pat", "paddy"), "peter": ("pete",), "philip": ("phil",), "raymond": ("ray",),
    "richard": ("rick", "ricky", "rich", "richie", "dick"), "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "ronald": ("ron", "ronnie"), "samuel": ("sam", "sammy"), "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"), "theodore": ("ted", "teddy", "theo"), "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"), "victor": ("vic",), "vincent": ("vince", "vinny"), "walter": ("walt", "wally"),
    "william": ("bill", "billy", "will", "willie", "liam"), "zachary": ("zach", "zack"),
    "abigail": ("abby",), "angela": ("angie",), "barbara": ("barb", "barbie"), "caroline": ("carrie",),
    "catherine": ("cathy", "kate", "katie", "kat"), "christina": ("chris", "chrissy", "tina"),
    "christine": ("chris", "chrissy", "tina"), "cynthia": ("cindy",), "deborah": ("deb", "debbie"),
    "dorothy": ("dot", "dottie"), "elizabeth": ("liz", "lizzie", "beth", "betty", "betsy", "eliza"),
    "frances": ("fran", "frannie"), "jacqueline": ("jackie",), "jennifer": ("jen", "jenny"),
    "jessica": ("jess", "jessie"), "judith": ("judy",), "katherine": ("kate", "katie", "kathy", "kat"),
    "kathleen": ("kathy", "kate", "katie"), "kathryn": ("kate", "katie", "kathy", "kat"), "kimberly": ("kim",),
    "margaret": ("maggie", "meg", "peggy", "marge", "margie"), "melissa": ("mel", "missy"), "pamela": ("pam",),
    "patricia": ("pat", "patty", "trish"), "rebecca": ("becky", "becca"), "samantha": ("sam",),
    "sandra": ("sandy",), "stephanie": ("steph",), "susan": ("sue", "susie"), "theresa": ("terry", "tess"),
    "valerie": ("val",), "victoria": ("vicky", "tori"), "virginia": ("ginny",),
}


@lru_cache(maxsize=1)
def _formal_of() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for formal, shorts in SHORT_FORMS.items():
        out.setdefault(formal, set()).add(formal)
        for s in shorts:
            out.setdefault(s, set()).add(formal)
    return {k: frozenset(v) for k, v in out.items()}


def same_given_name(a: str, b: str) -> bool:
    """Whether two lower-case given names can name one person ("fred" / "frederick")."""
    if a == b:
        return True
    table = _formal_of()
    return bool(table.get(a, frozenset()) & table.get(b, frozenset()))
