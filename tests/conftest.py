"""Shared fixtures: the spaCy pipeline and the seeds' story are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from newsprism.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_story(nlp):
    import newsprism

    return newsprism.analyze([EXAMPLES])


@pytest.fixture(scope="session")
def seed_docs(seed_story):
    return {d.id[:3]: d for d in seed_story.docs}
