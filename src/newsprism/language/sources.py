"""Who a source is, from its noun phrase: media, named or anonymous, and a short label.

Used by ``extract`` (claims) and ``resolve`` (claim chains).
"""

from __future__ import annotations

MEDIA_WORDS = ("post", "times", "news", "journal", "reuters", "agency", "tass", "ria", "bbc", "cnn",
               "press", "tribune", "guardian", "telegraph", "world", "vpost", "interfax", "bloomberg")
ANON_HEADS = frozenset("people person official officials source sources insider insiders diplomat "
                       "diplomats aide aides member members executive figure expert experts".split())


def source_type(np_text: str) -> str:
    """Rough source type of a source noun phrase."""
    low = np_text.lower()
    words = low.replace("’", "'").split()
    head = words[-1] if words else ""
    for w in words:
        if w in ANON_HEADS:
            head = w
            break
    if any(w in words for w in ("who", "which")) or (head in ANON_HEADS and not np_text[:1].isupper()):
        return "anonymous"
    if any(m in low for m in MEDIA_WORDS) and np_text[:1].isupper() or low.startswith("the ") and any(m in low for m in MEDIA_WORDS):
        return "media"
    return "named"


def source_label(np_text: str) -> str:
    """A short label for a source: anonymous noun phrases become "anonymous people"."""
    text = " ".join(np_text.split())
    if source_type(text) == "anonymous":
        words = text.lower().split()
        for w in words:
            if w in ANON_HEADS:
                return f"anonymous {w}"
        return "anonymous source"
    return text[:80]
