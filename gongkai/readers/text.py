"""Plain text, Markdown and crawler dumps: decode any encoding reports are published in."""

from __future__ import annotations

import codecs

from gongkai.model import Document, Line
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM shows as NUL bytes in every other position (for ASCII and CJK alike
    the high byte of ASCII is 0); guess the byte order from which positions hold them."""
    sample = data[:4000]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2 or 1
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name); raise ReadError naming the problem."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name).lstrip("\ufeff"), name
            except UnicodeDecodeError as e:
                raise ReadError(source, f"starts with a {name} byte-order mark but is not valid {name}: {e.reason}")
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ReadError(source, "binary file: not text (contains NUL bytes)")
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError(source, "cannot decode: not UTF-8, UTF-16, GB18030 or another known text encoding")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > 0.05 * len(sample)


def read_text(data: bytes, source: str, form: str = "text") -> Document:
    """Decode and split into lines; CRLF and lone CR count as one line break."""
    text, encoding = decode(data, source)
    if _looks_binary(text):
        raise ReadError(source, "binary file: too many control characters to be text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(source, "no text: the file holds only whitespace")
    norm = normalise(text)
    lines = tuple(
        Line(i, n, r) for i, (n, r) in enumerate(zip(norm.split("\n"), text.split("\n")), start=1)
    )
    return Document(source=source, lines=lines, encoding=encoding, form=form)
