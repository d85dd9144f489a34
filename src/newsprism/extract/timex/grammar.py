"""Regular grammar of English time expressions, following TimeML TIMEX3 span conventions.

Spans leave out governing prepositions ("in", "on", "by") and a trailing possessive
("this month's" -> "this month") and keep determiners and modifiers ("the past two
years", "last week", "nearly three years", "early next year"). Month and weekday
names are matched case-sensitively (capitalised); other words case-insensitively.
Every pattern is compiled once, at import.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
    "a dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2, "a half": 0.5, "half a": 0.5, "half an": 0.5, "half": 0.5,
}  # fmt: skip
VAGUE_NUMBERS = {"several", "a few", "few", "some", "many", "a number of", "multiple", "the few", "dozens of"}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "final": 4,
    "last": 4,
}

B = r"(?<![\w'’-])"  # left word boundary (not inside a word or a hyphenated compound)
E = r"(?![\w])"  # right word boundary
MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|Sept|Jan|Feb|Aug|Oct|Nov|Dec)"
)
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_NUMW = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)"
)
NUM = (
    rf"(?i:\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s+1/2)?|{_NUMW}(?:[-\s]{_NUMW}){{0,2}}(?:\s+and\s+a\s+half)?|a\s+couple\s+of|a\s+couple"
    r"|couple\s+of|a\s+few|a\s+number\s+of|a\s+dozen|dozens\s+of|several|few|some|many|multiple|half\s+an?|a\s+half|a|an)"
)
UNIT = (
    r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?"
    r"|century|centuries|trading\s+days?|business\s+days?|working\s+days?|summers?|winters?)"
)
TOD = r"(?i:morning|afternoon|evening|night)"
MODPRE = (
    r"(?i:about|nearly|almost|more\s+than|less\s+than|at\s+least|some|roughly|approximately|around|up\s+to"
    r"|no\s+more\s+than|no\s+less\s+than|at\s+most|fewer\s+than|under|well\s+over|close\s+to)"
)
REL = (
    r"(?i:last|next|this|the\s+past|the\s+previous|the\s+coming|the\s+current|the\s+following|the\s+same"
    r"|earlier\s+this|later\s+this|earlier\s+last|later\s+next|(?:early|late|mid)[\s-]+(?:this|next|last)"
    r"|the\s+(?:end|beginning|start|middle|rest|remainder|first\s+half|second\s+half)\s+of\s+(?:this|next|last|the)"
    r"|(?:by|at)\s+the\s+end\s+of\s+(?:this|next|last)|this\s+past|this\s+coming)"
)
RELUNIT = r"(?i:week|month|year|quarter|weekend|decade|century|summer|spring|autumn|fall|winter|fiscal\s+year|season|term|session)"
TIME = (
    r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.?|p\.m\.?|am|pm)(?!\w))"
    r"|(?P<hm>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?!\d)|(?P<nm>(?i:noon|midday|midnight)))"
    r"(?:\s+(?P<tz>EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|ET|PT)\b)?"
)
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
SPELLED_YEAR = (
    rf"(?i:(?:nineteen|eighteen)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+{_ONES})?"
    rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|oh[\s-]+{_ONES})(?![\w-])"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?(?![\w-]))"
)
SEASON = r"(?i:summer|spring|autumn|fall|winter)"
EVENT = (
    r"(?P<ev>(?:(?P<edet>(?i:the|this\s+month's|last\s+month's|this\s+year's|last\s+year's|next\s+month's|this\s+week's"
    r"|last\s+week's|(?:[A-Z]\w+|his|her|their)['’]s))\s+)?(?:(?P<ey>" + YEAR + r")\s+)?"
    r"(?:(?i:United\s+States|U\.S\.|US|American)\s+)?(?P<ekind>(?i:presidential\s+(?:election|vote|inauguration)"
    r"|election\s+day|inauguration\s+day|inauguration|midterm\s+elections?|midterms|general\s+election|election"
    r"|thanksgiving|christmas(?:\s+(?:eve|day))?|new\s+year['’]s\s+(?:day|eve)|independence\s+day|halloween"
    r"|valentine['’]s\s+day|veterans\s+day|the\s+fourth\s+of\s+july|fourth\s+of\s+july)))(?![\w-])"
)

# (name, pattern). Later stages pick the longest match; on ties the earlier name wins.
PATTERNS: list[tuple[str, str]] = [
    ("event", rf"{B}(?:(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})\s+(?P<dir>(?i:after|before|following|since))\s+)?{EVENT}"),
    (
        "time",
        rf"{B}(?P<pre>(?i:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after)|at\s+about)\s+)?{TIME}"
        rf"(?:,?\s+(?:(?i:on)\s+)?(?P<day>{WD}|(?i:today|yesterday|tomorrow)|{MON}\s+{DAY}))?{E}",
    ),
    (
        "mdy",
        rf"{B}(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MON})\s+(?P<day>{DAY})(?!\d|:\d)(?:(?:,\s*|\s+)(?P<year>{YEAR})(?!\d))?(?:\s+(?P<tod>{TOD}))?",
    ),
    (  # the second day of "April 24 and 25" (the first is an "mdy" match of its own)
        "dayconj",
        rf"{B}(?P<mon>{MON})\s+(?P<day0>{DAY})\s+(?i:and|or|to|through)\s+(?P<day>{DAY})(?:,\s*(?P<year>{YEAR})(?!\d))?"
        r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|at|on|and|or|to|of|the|when|with|for)\b)",
    ),
    (
        "dmy",
        rf"{B}(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?P<mon>{MON})(?:,?\s+(?P<year>{YEAR})(?!\d))?{E}",
    ),
    (
        "my",
        rf"{B}(?P<mod>(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+)?(?P<mon>{MON})(?:\s+of)?,?\s+(?P<year>{YEAR})(?!\d){E}",
    ),
    (
        "month",
        rf"{B}(?P<rel>(?i:last|next|this|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
        rf"|the\s+middle\s+of|earlier\s+this|later\s+this|this\s+past|this\s+coming)[\s-]+)?(?P<mon>{MON})(?:\s+(?P<ry>(?i:this|last|next))\s+year)?(?![\w])",
    ),
    ("iso", r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-])"),
    ("slash", r"(?<![\w/.-])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\w/])"),
    ("decade", rf"{B}(?P<the>(?i:the)\s+)?(?P<mod>(?i:early|late|mid)[\s-]+)?(?P<dec>(?:1[6-9]|20)\d0)['’]?s{E}"),
    (
        "decade2",
        rf"{B}(?P<the>(?i:the)\s+)(?P<mod>(?i:early|late|mid)[\s-]+)?(?:(?P<tens>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
        rf"|['’]?(?P<dd>[2-9]0)['’]?s){E}",
    ),
    (
        "century",
        rf"{B}(?P<the>(?i:the)\s+)?(?P<mod>(?i:early|late|mid)[\s-]+)?(?P<ord>1?\d(?:st|nd|rd|th)|2[01](?:st|nd|rd|th)|(?i:(?:twenty[\s-]+)?first"
        rf"|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
        rf"|eighteenth|nineteenth|twentieth))[\s-]+(?i:century)(?![\w-])",
    ),
    (
        "spyear",
        rf"{B}(?:(?P<season>(?i:the\s+)?{SEASON}\s+of\s+)|(?P<mon>{MON})\s+(?:(?i:of)\s+)?|(?P<the>(?i:the\s+year)\s+))?(?P<sy>{SPELLED_YEAR})",
    ),
    (
        "seasonyear",
        rf"{B}(?P<season>(?i:the\s+)?(?:(?i:early|late|mid)[\s-]+)?{SEASON})(?:\s+of)?,?\s+(?P<year>{YEAR})(?![\w%]|[.,]\d){E}",
    ),
    (
        "year",
        rf"{B}(?P<pre>(?i:fiscal|calendar|the\s+year|(?:the\s+)?(?:early|late|mid|end\s+of)|mid-)[\s-]*)?(?P<year>{YEAR})(?![\w%]|[.,]\d){E}",
    ),
    (
        "quarter",
        rf"{B}(?P<det>(?i:the|this|last|next|its|their|a|(?:this|last|next)\s+year['’]s)\s+)?(?P<adj>(?i:(?:latest|current|year-earlier|year-ago|same|previous|past|fiscal|calendar|"
        rf"{YEAR})\s+)*)(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|(?:last|final)(?=\s+(?:quarter|half)\s+of\s+(?:fiscal\s+)?\d{{4}})))(?:[\s-]+(?i:fiscal))?[\s-]+(?i:quarter|qtr\.?|half)(?!s)"
        rf"(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<yof>{YEAR})(?![\w%]|[.,]\d))?{E}",
    ),
    (
        "relday",
        rf"{B}(?P<rel>(?i:the\s+(?:next|following|previous|preceding|same)|(?:(?:earlier|later)\s+)?that|(?:earlier|later)\s+in\s+the))\s+"
        rf"(?P<u>(?i:day|morning|afternoon|evening|night|week|month|year))(?![\w'’-])",
    ),
    (
        "quarter2",
        rf"{B}(?P<det>(?i:the|this|last|next|that))\s+(?P<adj>(?i:(?:latest|current|year-earlier|year-ago|same|previous|past|fiscal|recent|just-ended|just\s+ended)\s+)*)(?i:quarter|period)(?![\w-])",
    ),
    ("yearadj", rf"{B}(?P<w>(?i:year-earlier|year-ago|year-end|year-to-date|year['’]s\s+end|year\s+end))(?![\w-])"),
    (
        "theunit",
        rf"{B}(?P<pre>(?i:(?:earlier|later)\s+in\s+the|the(?:\s+(?:early|late|full|fiscal|current))?)\s+)"
        rf"(?P<unit>(?i:weekend|summer|spring|winter|autumn|year))(?![\w-])",
    ),
    ("relunit", rf"{B}(?P<rel>{REL})\s+(?P<unit>{RELUNIT}){E}"),
    (
        "ago",
        rf"{B}(?P<mod>{MODPRE}\s+)?(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence|previously|afterwards?)|(?i:before|after)(?=\s*[,.;:)\x22'’”]|\s*$)){E}",
    ),
    (
        "duration",
        rf"{B}(?P<pre>(?:(?:{MODPRE}|(?i:the|each\s+of\s+the|all\s+of\s+the|within\s+the|the\s+(?:past|last|next|first|coming|previous|following|final|latest|remaining|same|entire|full|initial|ensuing|preceding))|(?i:past|next|first|coming|previous|following|final|initial|ensuing|preceding))\s+)*)"
        rf"(?P<num>{NUM})(?:\s+(?i:more|additional|full|straight|consecutive|extra))?[\s-]+(?P<unit>{UNIT})(?P<half>\s+(?i:and\s+a\s+half))?(?P<suf>-(?i:long|old))?(?![\w-])",
    ),
    ("unitlong", rf"{B}(?P<unit>(?i:hour|day|week|month|year))-(?i:long)(?![\w-])"),
    (
        "vague",
        rf"{B}(?P<pre>(?i:recent|future|past|the\s+(?:past|last|next|coming|previous|following)(?:\s+(?:few|several))?|coming|(?:in\s+)?the\s+coming|the\s+ensuing|the\s+early|many|several|a\s+few|few|some|the)\s+)?"
        rf"(?P<unit>(?i:years|months|weeks|days|decades|centuries|hours|minutes|quarters)){E}",
    ),
    (
        "deictic",
        rf"{B}(?P<w>(?i:today|yesterday|tomorrow|tonight|now|currently|nowadays|these\s+days|at\s+present|at\s+the\s+moment|right\s+now|just\s+now"
        rf"|(?:more\s+|most\s+|until\s+)?recently|lately|the\s+past|in\s+the\s+past|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future(?!\s+of\b)|the\s+(?:near|short)\s+term|as\s+soon\s+as\s+possible|(?<!as\s)soon(?!\s+(?:after|before|as|afterwards?)\b)|shortly(?!\s+(?:after|before|thereafter))|the\s+day\s+before\s+yesterday"
        rf"|the\s+day\s+after\s+tomorrow|overnight|late\s+yesterday|early\s+today|earlier\s+today|later\s+today|later\s+tonight|last\s+night|the\s+other\s+day"
        rf"|(?:(?:earlier|later)\s+)?(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)|(?:early|late)\s+(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)"
        rf"|mid[\s-]?afternoon(?:\s+yesterday|\s+today)?|(?:yesterday|today|tomorrow)['’]s))(?![\w-])",
    ),
    (
        "weekday",
        rf"{B}(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|early|late|earlier|later)\s+)?(?P<wd>{WD})(?P<pl>s)?(?:['’]s)?(?:\s+(?P<tod>{TOD}))?(?!\w)",
    ),
    (
        "set",
        rf"{B}(?P<w>(?i:(?:every|each|per)\s+(?:other\s+)?(?:single\s+)?(?:{UNIT}|{WD}|{MON})|daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|semiannually"
        rf"|(?:once|twice|three\s+times|four\s+times)\s+(?:a|per)\s+(?:day|week|month|year)))(?![\w-])",
    ),
    (
        "holiday",
        rf"{B}(?P<w>(?i:thanksgiving(?:\s+day)?|christmas|easter(?:\s+(?:sunday|day|monday|weekend|week))?|good\s+friday"
        rf"|holy\s+saturday|palm\s+sunday|new\s+year['’]s))(?![\w-])",
    ),
]

COMPILED: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(p)) for name, p in PATTERNS]

# What every match of a pattern contains: one of these words (a substring of it; "#" is a digit;
# a capitalised word is matched case-sensitively, the others in any case). A pattern is only run
# on windows of the text around them (``find.candidates``), which keeps the cost of a document
# with few time words low.
_MONTH_ANCHORS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNIT_ANCHORS = ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year", "decade",
                 "centur", "summer", "winter")  # fmt: skip
ANCHORS: dict[str, tuple[str, ...]] = {
    "event": ("presidential", "election", "inauguration", "midterm", "thanksgiving", "christmas", "year",
              "independence", "halloween", "valentine", "veterans", "july"),
    "time": ("#", "noon", "midday", "midnight"),
    "mdy": _MONTH_ANCHORS,
    "dayconj": _MONTH_ANCHORS,
    "dmy": _MONTH_ANCHORS,
    "my": _MONTH_ANCHORS,
    "month": _MONTH_ANCHORS,
    "iso": ("#",),
    "slash": ("#",),
    "decade": ("#",),
    "decade2": ("#", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"),
    "century": ("century",),
    "spyear": ("nineteen", "eighteen", "thousand"),
    "seasonyear": ("#",),
    "year": ("#",),
    "quarter": ("quarter", "qtr", "half"),
    "quarter2": ("quarter", "period"),
    "relday": ("day", "morning", "afternoon", "evening", "night", "week", "month", "year"),
    "yearadj": ("year",),
    "theunit": ("weekend", "summer", "spring", "winter", "autumn", "year"),
    "relunit": ("week", "month", "year", "quarter", "decade", "century", "summer", "spring", "autumn", "fall", "winter",
                "season", "term", "session"),
    "ago": _UNIT_ANCHORS,
    "duration": _UNIT_ANCHORS,
    "unitlong": ("-long",),
    "vague": ("year", "month", "week", "day", "decade", "centur", "hour", "minute", "quarter"),
    "deictic": ("today", "yesterday", "tomorrow", "tonight", "now", "currently", "day", "present", "moment", "recently",
                "term", "lately", "past", "future", "soon", "shortly", "overnight", "night", "morning", "afternoon", "evening"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "set": ("every", "each", "per", "daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly",
            "semiannually", "once", "twice", "times"),
    "holiday": ("thanksgiving", "christmas", "easter", "year", "good", "holy", "palm"),
}  # fmt: skip
assert set(ANCHORS) == {name for name, _ in PATTERNS}
PRIORITY = {name: i for i, (name, _) in enumerate(PATTERNS)}


def number(text: str) -> float | None:
    """The value of a number phrase ("three", "2 1/2", "twenty-five", "a"); None when vague."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t in VAGUE_NUMBERS:
        return None
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    if t.endswith(" 1/2"):
        t, half = t[:-4], 0.5
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t] + half
    try:
        return float(t.replace(",", "")) + half
    except ValueError:
        pass
    total = 0.0
    for part in t.split():
        if part not in NUMBER_WORDS:
            return None
        if part in ("hundred", "thousand") and total:
            total *= NUMBER_WORDS[part]
        else:
            total += NUMBER_WORDS[part]
    return total + half


def month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_of(word: str) -> int:
    return WEEKDAYS[word.lower()]
