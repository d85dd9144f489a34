"""Reading PolNeAR-style brat standoff attributions (for training and scoring)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Ranges = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    """One annotated attribution: character ranges of each role (possibly discontinuous)."""

    source: Ranges = field(default_factory=list)
    cue: Ranges = field(default_factory=list)
    content: Ranges = field(default_factory=list)


def _ranges(spec: str) -> Ranges:
    out: Ranges = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file (``E`` lines tie the roles together)."""
    spans: dict[str, tuple[str, Ranges]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, spec = parts[1].partition(" ")
            spans[parts[0]] = (label, _ranges(spec))
        elif line.startswith("E") and len(parts) >= 2:
            pairs = [a.split(":", 1) for a in parts[1].split() if ":" in a]
            events.append([(p[0], p[1]) for p in pairs])
    out: list[GoldAttribution] = []
    for args in events:
        att = GoldAttribution()
        for role, tid in args:
            if tid not in spans:
                continue
            rng = spans[tid][1]
            if role == "Source":
                att.source.extend(rng)
            elif role == "Cue":
                att.cue.extend(rng)
            elif role.startswith("Content"):
                att.content.extend(rng)
        if att.cue or att.content:
            out.append(att)
    return out


def ann_for(folder: Path, stem: str) -> Path | None:
    """The first annotator's file for article ``stem`` (``stem_XXXX.ann``), if any."""
    hits = sorted((folder / "attributions").glob(f"{stem}_*.ann")) or sorted(
        (folder / "attributions").glob(f"{stem}.ann")
    )
    return hits[0] if hits else None


def read_folder(folder: Path) -> dict[str, list[GoldAttribution]]:
    """Every article's gold attributions, keyed by text file stem."""
    return {
        txt.stem: read_ann(ann) if (ann := ann_for(folder, txt.stem)) else []
        for txt in sorted((folder / "text").glob("*.txt"))
    }
