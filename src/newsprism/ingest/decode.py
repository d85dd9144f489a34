"""Bytes to text: BOMs, UTF-8, legacy encodings detected (never silently wrong)."""

from __future__ import annotations

import codecs
import re

from newsprism.errors import InputError

_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
    b"%PDF": "PDF document",
    b"\x7fELF": "executable",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise :class:`InputError`."""
    if not data.strip():
        raise InputError("E001")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError("E003", detail=f"{enc} BOM but {exc.reason} at byte {exc.start}") from exc
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError("E002", what=what)
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 100:
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data[: exc.start]) or _UTF8_MULTIBYTE.search(data[exc.end :]):
            # Valid UTF-8 sequences beside invalid bytes: mixed encodings. Any single
            # guess would corrupt part of the text, so refuse rather than mangle.
            raise InputError(
                "E003", detail=f"invalid UTF-8 byte 0x{data[exc.start]:02x} at offset {exc.start} in UTF-8 text"
            ) from exc
        return _decode_legacy(data)


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    even_zero = data[0::2].count(0)
    odd_zero = data[1::2].count(0)
    enc = "utf-16-le" if odd_zero > even_zero else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError("E002", what="NUL bytes") from exc
    if sum(ch.isprintable() or ch.isspace() for ch in text[:2000]) < 0.95 * min(len(text), 2000):
        raise InputError("E002", what="NUL bytes")
    return text, enc


def _decode_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1251", "mac_roman"])
    best = matches.best()
    if best is None or best.chaos > 0.2:
        raise InputError("E003", detail="not UTF-8 and no single-byte encoding fits")
    for match in matches:
        # Western news in a legacy encoding is overwhelmingly cp1252 (the superset
        # browsers use for "latin-1"): prefer it unless another fits clearly better.
        if match.encoding in ("cp1252", "latin_1", "iso8859_15") and match.chaos <= best.chaos + 0.05:
            try:
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                break
    enc = best.encoding
    text = str(best)
    if not _printable(text):
        raise InputError("E002", what="control characters")
    return text, enc


def _printable(text: str) -> bool:
    sample = text[:4000]
    good = sum(ch.isprintable() or ch in "\n\r\t" for ch in sample)
    return good >= 0.97 * len(sample)


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """``text`` that UTF-8 can encode: surrogate pairs joined, lone surrogates (from a JSON
    ``"\\ud800"`` or an undecodable file name) as U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
