"""Plain text, Markdown and crawler dumps: decode any encoding reports are published in."""

from __future__ import annotations

import codecs
import re

from gongkai.model import Document, Line
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM shows NUL bytes mostly on one side: every ASCII character (digits,
    tabs, line breaks) has a zero high byte. Only CJK characters at U+xx00 (一, 开 …) put a
    NUL on the other side, so in a Chinese report NULs are few but lopsided. This is only a
    guess; the caller keeps it only if the text it gives is plausible."""
    sample = data[:65536]
    if b"\x00" not in sample:  # no NUL at all (a memchr): not UTF-16, and no slicing by twos
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 4 and odd > 3 * even:
        return "utf-16-le"
    if even >= 4 and even > 3 * odd:
        return "utf-16-be"
    return None


def _is_texty(ch: str) -> bool:
    """A non-ASCII character a Chinese report is made of: CJK ideographs and punctuation,
    full-width forms, common symbols."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x3000 <= o <= 0x303F  # CJK symbols and punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2000 <= o <= 0x206F  # general punctuation (“”…—)
        or 0x2100 <= o <= 0x25FF  # letterlike, arrows, maths, ①②, box drawing, shapes
        or o in (0xA0, 0xB7, 0xD7, 0xF7, 0xFEFF)
    )


def _plausible(text: str) -> bool:
    """Whether text from a guessed encoding reads as a Chinese report rather than as mojibake:
    few control characters, and what is not ASCII is mostly CJK. (Any bytes decode as some
    single-byte code page, and any even number of bytes as UTF-16.)"""
    sample = text[:20000]
    if looks_binary(sample):
        return False
    wide = [ch for ch in sample if ord(ch) >= 0x80]
    return sum(map(_is_texty, wide)) >= 0.9 * len(wide)


def try_decode(data: bytes, codec: str) -> str | None:
    """The text in ``codec`` if the bytes decode and read as Chinese text, else None."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _plausible(text) else None


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name); raise ReadError naming the problem."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name).lstrip("\ufeff")
            except UnicodeDecodeError as e:
                why = f"文件编码无法识别 / starts with a {name} byte-order mark but is not valid {name}: {e.reason}"
                raise ReadError(source, why) from None
            # UTF-8 decoding strictly is proof enough; UTF-16/32 decode almost any bytes.
            if name != "utf-8-sig" and not _plausible(text):
                raise ReadError(source, f"文件编码无法识别 / starts with a {name} byte-order mark but does not read as text in {name}")
            return text, name
    guess = _utf16_without_bom(data)
    if guess and (guessed := try_decode(data, guess)) is not None:
        return guessed, guess
    if b"\x00" in data[:65536]:
        raise ReadError(source, "不是文本文件 / binary file: not text (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        bad = f"byte 0x{data[e.start]:02x} at offset {e.start}"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if _plausible(text):
                return text, best.encoding
    raise ReadError(source, f"无法识别文件编码 / cannot decode: not UTF-8 ({bad} is invalid), not GB18030 or UTF-16, "
                            "and no other encoding reads as Chinese text")


_new = tuple.__new__
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def looks_binary(text: str) -> bool:
    """More than 5 % control characters (or replacement characters) is not text."""
    sample = text[:20000]
    if _CONTROL.search(sample) is None:  # text: one scan, no list of matches
        return False
    return len(_CONTROL.findall(sample)) > 0.05 * len(sample)


def read_text(data: bytes, source: str, form: str = "text") -> Document:
    """Decode and split into lines; CRLF and lone CR count as one line break."""
    text, encoding = decode(data, source)
    if looks_binary(text):
        raise ReadError(source, "不是文本文件 / binary file: too many control characters to be text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    norm = normalise(text)
    if not norm.strip():  # the normal form also turns BOMs and zero-width spaces into spaces
        raise ReadError(source, "没有文字 / no text: the file holds only whitespace")
    # tuple.__new__ skips the named tuple's Python-level __new__: a report has hundreds of lines;
    # normalise maps one character to one, so both texts have as many lines
    lines = tuple([_new(Line, (i, n, r, None, (), (), None))
                   for i, (n, r) in enumerate(zip(norm.split("\n"), text.split("\n"), strict=True), start=1)])
    return Document(source=source, lines=lines, encoding=encoding, form=form)
