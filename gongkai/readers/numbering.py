"""List and heading numbers as word processors print them: the number of an item in each
format (decimal, Chinese counting and legal numerals, roman, letters, circled and enclosed
digits, the heavenly stems and earthly branches …), and the number put before its paragraph.

Word and OpenDocument files store a list's format and counters, not the printed "一、" or
"（三）": the DOCX and ODT readers generate them, so both print numbers here. Formats are
named as WordprocessingML's ``w:numFmt`` names them; the ODT reader maps ODF's
``style:num-format`` onto these names.
"""

from __future__ import annotations

from gongkai.readers.office import EDGE_WS

_NUMBER_END = "、.．。:：)）]】>》,，"  # a number ending in one of these is followed by no space

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TW_LEGAL = "零壹貳參肆伍陸柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = "零一二三四五六七八九", units: str = "十百千") -> str:
    """Chinese counting: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        if not (d == 1 and power == 10 and not out):  # 十一, not 一十一
            out += digits[d]
        out += unit
    return out


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` printed in the list-number format ``fmt`` (decimal for a format not known here)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "koreanCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanDigital2"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _TW_LEGAL, "拾佰仟")
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return s if fmt == "upperLetter" else s.lower()
    return str(n)


def labelled(label: str, text: str) -> str:
    """A paragraph's text with its list number before it: no space after a number that ends
    in punctuation ("一、"), one space after one that does not ("1"). An empty paragraph
    prints no number."""
    if label and text.strip(EDGE_WS):
        return label + ("" if label[-1] in _NUMBER_END else " ") + text.lstrip(EDGE_WS)
    return text
