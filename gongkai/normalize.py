"""Character-level normalisation that keeps every string's length.

Reports print digits and punctuation full-width or half-width at random, and some are in
traditional characters. The extractor matches on one normal form; because each mapping
here is one character to one character, a span found in the normal form is the span of
the printed text too (provenance points at what was printed).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Full-width ASCII (U+FF01–U+FF5E) → ASCII; ideographic and no-break spaces → space; a few
# look-alike dashes and separators to their ASCII forms.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
              0x200B: 0x20, 0xFEFF: 0x20, 0x2212: ord("-"), 0x2010: ord("-"),
              0x2011: ord("-")})

_TRADITIONAL_CHARS = "資訊報開與處數請總計結複議訴務會關際條規範簽項機構濟應這來們為從當實還進過時間區鎮縣"
_TRADITIONAL_HINT = re.compile(f"[{_TRADITIONAL_CHARS}]")


# The same mapping as characters, and a pattern finding any character it folds (or, for
# `normalise`, any character it folds or that hints at traditional text: one scan for both).
_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLDABLE = re.compile("[" + "".join(map(re.escape, sorted(_FOLD_CHARS))) + "]")
_FOLDABLE_OR_HINT = re.compile("[" + "".join(map(re.escape, sorted(_FOLD_CHARS))) + _TRADITIONAL_CHARS + "]")


def fold(text: str) -> str:
    """Fold full-width forms to ASCII, one character for one."""
    return _folded(text, _FOLDABLE)[0]


def _folded(text: str, pattern: re.Pattern[str]) -> tuple[str, bool]:
    """``text`` folded, and whether ``pattern`` found a character that is not folded (a
    traditional hint).

    Not ``str.translate``: on text that is not ASCII it looks every character up in the
    mapping and raises (and clears) a KeyError for each one it lacks, which made it most of
    the cost of reading a report. A report holds a handful of distinct foldable characters
    (，：（） and full-width digits): each is replaced throughout, the search going on from where
    the last one was found (every earlier occurrence is already folded). The targets are
    ASCII and no source is, so no replacement is folded twice.
    """
    hinted = False
    search = pattern.search
    m = search(text)
    while m is not None:
        ch = m.group()
        to = _FOLD_CHARS.get(ch)
        if to is None:  # a hint: one is enough, the search goes on for foldable characters only
            hinted = True
            search = _FOLDABLE.search
            m = search(text, m.end())
            continue
        text = text.replace(ch, to)
        m = search(text, m.start())
    return text, hinted


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: most reports need no conversion

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    """Traditional → simplified characters, only where the text looks traditional.

    OpenCC converts phrases; a phrase can change length, so a line whose conversion changes
    length is converted character by character instead.
    """
    return _simplified(text) if _TRADITIONAL_HINT.search(text) else text


def _simplified(text: str) -> str:
    conv = _t2s().convert
    out = conv(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        c = conv(line)
        if len(c) != len(line):
            c = "".join(ch if len(s := conv(ch)) != 1 else s for ch in line)
        lines.append(c)
    return "\n".join(lines)


def normalise(text: str) -> str:
    """The extractor's view of printed text; same length as the input: ``simplify(fold(text))``,
    the text scanned once for both."""
    folded, hinted = _folded(text, _FOLDABLE_OR_HINT)
    return _simplified(folded) if hinted else folded


_LABEL_DROP = re.compile(r"[\s\u3000!-/:-@\[-`{-~、。，；：“”‘’\"'《》〈〉【】〔〕（）·…—]+")
_MARKER = re.compile(
    r"(?:\((?:[一二三四五六七八九十]{1,3}|\d{1,2})\)|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,3}、|(?<!\d)\d{1,2}[.、](?!\d))"
)


def label_key(text: str) -> str:
    """A label reduced to its letters: no spaces, punctuation or quote marks.

    Item markers like ``1.``/``（三）`` keep their numeral (``1.其他`` → ``1其他``), which
    lets short labels require their marker.
    """
    return _LABEL_DROP.sub("", text)


def label_core(text: str) -> str:
    """A label without item markers, spaces or punctuation (``7. 属于行政执法案`` → ``属于行政执法案``)."""
    return _LABEL_DROP.sub("", _MARKER.sub("", text))
