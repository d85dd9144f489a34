"""The shipped cue classifier and the per-document search built on it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.extract.attribution import rules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "attributions"
CAND_POS = {"VERB", "AUX", "NOUN", "ADP", "ADJ", "PUNCT", "PROPN"}


@dataclass
class Found:
    """One attribution in token terms: cue head and the tokens of each role."""

    head: Token
    cue: list[Token]
    source: list[Token]
    content: list[Token]
    prob: float


def is_candidate(tok: Token, prior: dict[str, float]) -> bool:
    """Tokens the classifier looks at: cue-like words seen in training, verbs with a clause."""
    if tok.pos_ not in CAND_POS:
        return False
    p = prior.get(tok.lemma_.lower())
    if p is not None:
        return p > 0.0
    return tok.pos_ == "VERB" and any(c.dep_ == "ccomp" for c in tok.children)


class CueModel:
    def __init__(self, vec: Any, clf: Any, tables: dict[str, Any]) -> None:
        self.vec = vec
        self.clf = clf
        self.prior: dict[str, float] = tables["prior"]
        self.incl: dict[str, float] = tables["incl"]
        self.threshold: float = tables.get("threshold", 0.5)

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> CueModel:
        import joblib

        vec, clf = joblib.load(folder / "cue.joblib")
        tables = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
        return cls(vec, clf, tables)

    def probs(self, toks: list[Token]) -> list[float]:
        if not toks:
            return []
        x = self.vec.transform([rules.feats(t, self.prior) for t in toks])
        return [float(p) for p in self.clf.predict_proba(x)[:, 1]]

    def find(self, doc: Doc, threshold: float | None = None) -> list[Found]:
        thr = self.threshold if threshold is None else threshold
        cands = [t for t in doc if is_candidate(t, self.prior)]
        out: list[Found] = []
        for tok, p in zip(cands, self.probs(cands), strict=True):
            if p < thr:
                continue
            cue = rules.cue_tokens(tok, self.incl)
            source = rules.source_tokens(tok)
            content = rules.content_tokens(tok, cue, source)
            out.append(Found(tok, cue, source, content, p))
        return out


@lru_cache(maxsize=1)
def default_model() -> CueModel:
    return CueModel.load()
