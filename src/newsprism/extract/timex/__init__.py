"""Time expressions (TimeML TIMEX3) normalised against the document creation time.

When the metadata carries no date, the document date is first inferred from the text
(:mod:`newsprism.extract.timex.docdate`) and used as the DCT.

Annotation style (``NEWSPRISM_TIME_STYLE``, or ``style=`` of :func:`extract_timexes`): ``news``
(the default; the conventions of news corpora such as AQUAINT) or ``timeml`` (TimeBank's); see
:data:`newsprism.extract.timex.normalize.STYLES`.
"""

from __future__ import annotations

from datetime import date

from newsprism.extract.base import Parsed
from newsprism.extract.timex.docdate import infer_published
from newsprism.extract.timex.find import Tense, TenseOracle, dct_date, find, model_years
from newsprism.extract.timex.normalize import STYLES, Ctx, Norm, time_style
from newsprism.language.calendar import granularity
from newsprism.model import TimeExpression
from newsprism.registry import extractors

__all__ = ["STYLES", "extract_timexes", "time_expressions", "time_style"]


def extract_timexes(
    parsed: Parsed,
    dct: date | None,
    tense: Tense | None = None,
    style: str | None = None,
    election_year: int | None = None,
    skip: frozenset[int] | None = None,
) -> list[TimeExpression]:
    """The document's time expressions, anchored on ``dct`` (as fine as ``meta.published``), in ``style``
    (default: :func:`time_style`); a bare election is that of ``election_year`` when the DCT has no day.
    ``skip``: offsets where no expression starts (default: the parse's model years)."""
    if skip is None:
        skip = model_years(parsed.doc) if parsed.doc is not None else frozenset()
    rec = parsed.record
    tense = tense or TenseOracle(parsed.doc, parsed.text)
    grain = granularity(rec.meta.published[:10]) if rec.meta.published else None
    ctx = Ctx(dct, tense, style=time_style(style), grain=grain or "day", election_year=election_year)
    out: list[TimeExpression] = []
    prev_id: str | None = None
    prev_val: str | None = None
    for n, norm in enumerate(find(tense.text, ctx, skip)):
        tid = f"{rec.id}#t{n}"
        anchor, anchor_value = _anchor(norm, rec.meta.published, prev_id, prev_val)
        span = parsed.span(norm.start, norm.end)
        out.append(
            TimeExpression(
                id=tid,
                doc_id=rec.id,
                sentence=parsed.sentence_of(norm.start),
                span=span,
                type=norm.type,  # type: ignore[arg-type]
                value=norm.value,
                mod=norm.mod,
                anchor=anchor,
                anchor_value=anchor_value,
                confidence=_confidence(norm, rec.meta.published_source, rec.meta.published_confidence),
                resolved=norm.resolved or (norm.value if norm.value[:1].isdigit() else None),
            )
        )
        if norm.type == "DATE" and norm.value[:1].isdigit():
            prev_id, prev_val = tid, norm.value
    return out


def _anchor(norm: Norm, published: str | None, prev_id: str | None, prev_val: str | None) -> tuple[str, str | None]:
    if norm.anchor == "DCT":
        return "DCT", published
    if norm.anchor == "previous":
        return prev_id or "previous", prev_val
    if norm.anchor.startswith("event:"):
        kind, _, when = norm.anchor[6:].rpartition(" ")
        return f"event:{kind}", when
    return "none", None


def _confidence(norm: Norm, source: str | None, anchor_confidence: float | None) -> float:
    """Sure for an absolute value; for a relative one, no surer than the anchor it was counted from."""
    if norm.anchor == "none":
        return 1.0 if "X" not in norm.value else 0.6
    base = 0.9 if norm.anchor == "DCT" else 0.75
    return round(base * ((anchor_confidence or 0.8) if source == "inferred" else 1.0), 2)


@extractors.register("time", order=20)
def time_expressions(parsed: Parsed) -> None:
    """Fill ``record.timexes`` (in the style of ``$NEWSPRISM_TIME_STYLE``, default ``news``); infer
    ``meta.published`` first when it is missing."""
    tense = TenseOracle(parsed.doc, parsed.text)
    meta = parsed.record.meta
    dct = dct_date(meta.published)
    election = None
    skip = model_years(parsed.doc)
    if meta.published is None or meta.published_source == "inferred":
        est, ev = infer_published(parsed, tense, skip)  # ev keeps ``skip``: the pile's re-dating has no parse
        parsed.record._dating = ev
        dct, election = (est.anchor if est else None), ev.election
    parsed.record.timexes = extract_timexes(parsed, dct, tense, election_year=election, skip=skip)
