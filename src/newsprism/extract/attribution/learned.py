"""The shipped cue classifier and the per-document search built on it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.extract.attribution import boundary, rules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "attributions"
BOUNDS = ("cue_s", "cue_e")  # the boundary models (boundary.py): start and end of the cue span
MODE_ENV = "NEWSPRISM_ATTRIBUTIONS"  # "fast": the boundary models leave the cue spans as the rules made them;
# "tagger": the contextual span tagger (tagger.py) also replaces contents and sources it is confident of
MODES = ("fast", "tagger")  # the settings of ``MODE_ENV`` besides the default
CAND_POS = {"VERB", "AUX", "NOUN", "ADP", "ADJ", "PUNCT", "PROPN"}


def mode() -> str:
    """The attribution mode the ``MODE_ENV`` setting asks for: "fast" (no boundary models),
    "tagger" (boundary models and the span tagger), else "bounds" (the default)."""
    asked = os.environ.get(MODE_ENV, "").strip().lower()
    return asked if asked in MODES else "bounds"


@dataclass
class Found:
    """One attribution in token terms: cue head and the tokens of each role."""

    head: Token
    cue: list[Token]
    source: list[Token]
    content: list[Token]
    prob: float


def candidates(tab: rules.TokenTable, prior: dict[str, float]) -> list[int]:
    """Tokens the classifier looks at: cue-like words seen in training, verbs with a clause."""
    import numpy as np

    strs, sid, n = tab.strs, tab.sid, tab.n
    cand_pos = np.array([x in CAND_POS for x in strs], dtype=bool)
    # per lemma: 1 seen as a cue (prior > 0), 0 seen but never, -1 unseen
    seen = np.array([-1 if (p := prior.get(x)) is None else int(p > 0.0) for x in strs], dtype=np.int64)
    ccomp = tab.index.get("ccomp", -1)
    has_ccomp = np.zeros(n + 1, dtype=bool)
    kid = (sid["dep"] == ccomp) & (tab.head_arr != np.arange(n))
    has_ccomp[tab.head_arr[kid]] = True
    state = seen[sid["lemma"]]
    verb = sid["pos"] == tab.index.get("VERB", -1)
    keep = cand_pos[sid["pos"]] & ((state == 1) | ((state == -1) & verb & has_ccomp[:n]))
    return np.nonzero(keep)[0].tolist()  # type: ignore[no-any-return]


class Linear:
    """A binary logistic regression over DictVectorizer features, kept as the arrays prediction
    needs: the feature names in column order (separator "="), the coefficients and the intercept.
    Shipped in ``attributions.npz`` (no pickle, no scikit-learn import at run time)."""

    def __init__(self, names: list[str], coef: Any, intercept: Any, separator: str = "=") -> None:
        self.names = names
        self.coef = coef  # (1, n_features)
        self.intercept = intercept  # (1,)
        self.separator = separator
        self._keyed: dict[str, dict[str, dict[str, float]]] = {}

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        return {x: i for i, x in enumerate(self.names)}

    @cached_property
    def weights(self) -> dict[str, float]:
        """Feature name -> coefficient."""
        return dict(zip(self.names, self.coef[0].tolist(), strict=True))

    def scores(self, rows: list[list[str]]) -> list[float]:
        """The decision value of each row of binary features given by name (unknown names count 0):
        in the same order as ``proba`` of the rows' one-hot matrix."""
        w, b = self.weights, float(self.intercept[0])
        return [b + sum(w.get(x, 0.0) for x in row) for row in rows]

    def keyed(self, prefix: str) -> dict[str, dict[str, float]]:
        """The weights of the features named "PREFIX KEY=VALUE" (``boundary.names``) as key -> value ->
        coefficient (cached per prefix)."""
        got = self._keyed.get(prefix)
        if got is None:
            got = self._keyed[prefix] = {}
            for name, c in self.weights.items():
                if name.startswith(prefix):
                    key, value = name[len(prefix) :].split(self.separator, 1)
                    got.setdefault(key, {})[value] = c
        return got

    def keyed_scores(self, prefix: str, rows: list[dict[str, str]]) -> list[float]:
        """``scores`` of rows given as key -> value, named "PREFIX KEY=VALUE": the same sums, in the
        same order, without building the names (rows with the same keys in the same order)."""
        if not rows:
            return []
        w, b = self.keyed(prefix), float(self.intercept[0])
        keys = list(rows[0])  # every row has the same keys, in the same order
        ws = [w.get(k, {}) for k in keys]
        out: list[float] = []
        for row in rows:
            out.append(b + sum([c.get(v, 0.0) for c, v in zip(ws, row.values(), strict=True)]))
        return out

    @classmethod
    def from_sklearn(cls, vec: Any, clf: Any) -> Linear:
        if len(clf.classes_) != 2 or list(clf.classes_) != [0, 1]:
            raise ValueError("expected a binary classifier with classes [0, 1]")
        names = [""] * len(vec.vocabulary_)
        for name, col in vec.vocabulary_.items():
            names[col] = name
        return cls(names, clf.coef_, clf.intercept_, vec.separator)

    def proba(self, x: Any) -> Any:
        """P(class 1) per row: scikit-learn's binary ``predict_proba(x)[:, 1]``, the same arithmetic."""
        from scipy.special import expit

        scores = x @ self.coef.T + self.intercept
        return expit(scores.reshape(-1))


def _text(strings: list[str]) -> Any:
    import numpy as np

    if any("\0" in x for x in strings):
        raise ValueError("feature names must not hold NUL")
    return np.frombuffer("\0".join(strings).encode("utf-8"), dtype=np.uint8)


def _strings(arr: Any) -> list[str]:
    return arr.tobytes().decode("utf-8").split("\0")  # type: ignore[no-any-return]


def save(folder: Path, cue: Linear, content: Linear, bounds: dict[str, Linear] | None = None) -> Path:
    """Write ``attributions.npz``: per model (cue, content and the ``BOUNDS`` boundary models) the
    feature names (NUL-joined UTF-8, in column order), coefficients and intercept; and the cue
    model's ``rules.FeatureIndex``, so that loading need not rebuild it."""
    import numpy as np

    arrays: dict[str, Any] = {}
    for key, m in (("cue", cue), ("content", content), *(bounds or {}).items()):
        if m.separator != "=":
            raise ValueError("the vectorizers' separator must be '='")
        arrays[f"{key}_names"] = _text(m.names)
        arrays[f"{key}_coef"] = np.asarray(m.coef, dtype=np.float64)
        arrays[f"{key}_intercept"] = np.asarray(m.intercept, dtype=np.float64)
    index = rules.FeatureIndex(cue.vocabulary)
    arrays["index_values"] = _text(list(index.ids))
    arrays.update({f"index_{k}": v for k, v in index.arrays().items()})
    path = folder / "attributions.npz"
    np.savez_compressed(path, **arrays)
    return path


def _read(folder: Path) -> tuple[Linear, Linear, rules.FeatureIndex | None, dict[str, Linear]]:
    import numpy as np

    with np.load(folder / "attributions.npz", allow_pickle=False) as z:
        cue, content, *rest = (
            Linear(_strings(z[f"{key}_names"]), z[f"{key}_coef"], z[f"{key}_intercept"])
            for key in ("cue", "content", *BOUNDS)
            if f"{key}_names" in z
        )
        bounds = dict(zip(BOUNDS, rest, strict=False))
        index = None
        if "index_values" in z:
            arrays = {k[len("index_") :]: z[k] for k in z.files if k.startswith("index_") and k != "index_values"}
            index = rules.FeatureIndex.from_arrays(_strings(z["index_values"]), arrays)
    return cue, content, index, bounds


def vectorize(model: Linear, rows: list[dict[str, float | str]], found: dict[str, dict[str, int]] | None = None) -> Any:
    """``DictVectorizer.transform(rows)`` for the vectorizer ``model`` was taken from (rows of str and
    float values): the same matrix (same entries, sorted indices), without its per-value type
    dispatch. ``found`` keeps the columns of the string features seen (key -> value -> column)."""
    import numpy as np
    import scipy.sparse as sp

    vocab = model.vocabulary
    sep = model.separator
    found = {} if found is None else found
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    for row in rows:
        for f, v in row.items():
            if isinstance(v, str):
                cols = found.get(f)
                if cols is None:
                    cols = found[f] = {}
                j = cols.get(v)
                if j is None:
                    j = vocab.get(f"{f}{sep}{v}")
                    if j is None:
                        continue
                    cols[v] = j  # only columns the model has: bounded by its vocabulary
                indices.append(j)
                values.append(1.0)
            else:
                j = vocab.get(f)
                if j is not None:
                    indices.append(j)
                    values.append(v)
        indptr.append(len(indices))
    x = sp.csr_matrix(
        (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.intc), np.asarray(indptr, dtype=np.intc)),
        shape=(len(rows), len(vocab)),
    )
    x.sort_indices()
    return x


class CueModel:
    def __init__(self, cue: Linear, content: Linear | None, tables: dict[str, Any]) -> None:
        self.cue = cue
        self.content = content
        self.prior: dict[str, float] = tables["prior"]
        self.incl: dict[str, float] = tables["incl"]
        self.threshold: float = tables.get("threshold", 0.5)
        self.content_threshold: float = tables.get("content_threshold", 0.5)
        self._ccols: dict[str, dict[str, int]] = {}  # vectorize's column cache (content features)
        self._index: rules.FeatureIndex | None = None
        self.bounds: dict[str, Linear] = {}  # the boundary models (``boundary.py``), if shipped

    def index(self) -> rules.FeatureIndex:
        """The cue vectorizer's vocabulary arranged for ``rules.cue_matrix`` (built on first use)."""
        if self._index is None:
            if self.cue.separator != "=":
                raise ValueError("the cue vectorizer must use the separator '='")
            self._index = rules.FeatureIndex(self.cue.vocabulary)
        return self._index

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> CueModel:
        cue, content, index, bounds = _read(folder)
        tables = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
        model = cls(cue, content, tables)
        model._index = index
        model.bounds = bounds
        return model

    def probs(self, tab: rules.TokenTable, ids: list[int]) -> list[float]:
        """The cue classifier's probability for each token index in ``ids``."""
        if not ids:
            return []
        x = rules.cue_matrix(tab, ids, self.prior, self.index())
        return [float(p) for p in self.cue.proba(x)]

    def find(self, doc: Doc, threshold: float | None = None, bounds: bool | None = None) -> list[Found]:
        """The attributions of ``doc``; ``bounds``: let the boundary models move the cue spans'
        start and end (default: unless the ``MODE_ENV`` setting is "fast")."""
        thr = self.threshold if threshold is None else threshold
        tab = rules.TokenTable(doc)
        regions = tab.regions
        ids = candidates(tab, self.prior)
        frame = {tab.index[x] for x in rules.FRAME_VERBS if x in tab.index}  # lemmas is_speech_frame takes
        lemmas = tab.sid["lemma"][ids].tolist()
        probs = self.probs(tab, ids)
        asked = mode()
        tg = None
        if asked == "tagger":
            from newsprism.extract.attribution.tagger import default_tagger

            tg = default_tagger()
            if tg is not None and tg.cue is not None and threshold is None:
                probs = tg.cue_probs(doc, regions, ids, probs, self.prior)
                thr = tg.cue.threshold
        heads = [
            (doc[i], p)
            for i, p, lemma in zip(ids, probs, lemmas, strict=True)
            if p >= thr or (lemma in frame and rules.is_speech_frame(doc[i]))
        ]
        roles = []
        for tok, _p in heads:
            cue = rules.cue_tokens(tok, self.incl)
            source = rules.source_tokens(tok, regions)
            roles.append((cue, source, rules.content_candidates(tok, cue, source)))
        chosen = self.choose(heads, roles)
        out: list[Found] = []
        for (tok, p), (cue, source, _kids), pick in zip(heads, roles, chosen, strict=True):
            content = rules.quote_before(tok, cue, source, regions) if not pick else []
            if not content:
                content = rules.drop_trailing(rules.content_tokens(tok, cue, source, pick))
                content = rules.split_quote(tok, cue, source, content, regions)
                content = content or rules.quote_after(tok, cue, source, regions)
            content = rules.with_subject(tok, rules.with_object(tok, content), cue)
            content = rules.drop_said_conj(rules.drop_leading(content, tok), self.prior)
            last = max(t.i for t in cue + source)
            content = rules.extend_quotes(doc, content, tok, regions, last)
            cue, content = rules.bridge(cue, content)
            out.append(Found(tok, cue, source, content, p))
        taken = {f.head.i for f in out}
        for dash, name, quote in rules.dash_quotes(doc, tab.dashes):
            if dash.i not in taken:
                out.append(Found(dash, [dash], name, quote, 1.0))
        if bounds is None:
            bounds = asked != "fast"
        if bounds and self.bounds and out:
            self.refine(out, boundary.Tokens(doc, tab))
        if tg is not None and out:
            tg.apply(doc, out, regions)
        return out

    def refine(self, found: list[Found], tt: boundary.Tokens) -> None:
        """Move each cue span's start and end to the boundary models' best candidates (one batch
        per model and document)."""
        items = [(f, boundary.taken_by_others("cue", f.cue, f.source, f.content)) for f in found if f.cue]
        picks: list[list[int]] = [[] for _ in items]
        for side in ("s", "e"):
            groups = [boundary.rows(tt, "cue", side, f.cue, f.head, taken)[1:] for f, taken in items]
            rows = [r for _cands, rs in groups for r in rs]
            scores = self.bounds[f"cue_{side}"].keyed_scores(f"cue{side}:", rows)
            k = 0
            for pick, (cands, rs) in zip(picks, groups, strict=True):
                p = scores[k : k + len(rs)]
                k += len(rs)
                pick.append(cands[p.index(max(p))])
        for (f, taken), (start, end) in zip(items, picks, strict=True):
            if start <= end:
                f.cue = boundary.reshape(tt.doc, f.cue, start, end, taken)

    def choose(self, heads: list[tuple[Token, float]], roles: list[tuple[Any, Any, list[Token]]]) -> list[list[Token]]:
        """For each cue head, the children the content classifier keeps (one batch per document)."""
        rows = [
            rules.child_feats(h, c, kids) for (h, _p), (_c, _s, kids) in zip(heads, roles, strict=True) for c in kids
        ]
        if not rows or self.content is None:
            return [[] for _ in heads]
        probs = self.content.proba(vectorize(self.content, rows, self._ccols))
        out: list[list[Token]] = []
        k = 0
        for _c, _s, kids in roles:
            out.append([c for c, p in zip(kids, probs[k : k + len(kids)], strict=True) if p >= self.content_threshold])
            k += len(kids)
        return out


@lru_cache(maxsize=1)
def default_model() -> CueModel:
    return CueModel.load()
