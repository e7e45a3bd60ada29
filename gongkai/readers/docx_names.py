"""WordprocessingML's vocabulary, as the DOCX modules read it: namespaces and element names
(in lxml's ``{namespace}name`` form), and how an element's ``w:val`` is read as a number or a
switch.

Shared by the package (``docx_package.py``), the body walker (``docx.py``) and automatic
numbering (``docx_numbering.py``), so that each spells an element one way.
"""

from __future__ import annotations

import re
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
RID = f"{{{R_NS}}}id"
VAL = W + "val"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

(BODY, P, R, T, TBL, TR, TC, PPR, RPR, TCPR, TRPR, TAB, PTAB, BR, CR, SYM, NBHYPHEN, SDT, SDTCONTENT,
 TXBX, GRIDSPAN, VMERGE, HMERGE, GRIDBEFORE, DEL, MOVEFROM, RUBY, RUBYBASE, ALTCHUNK, VANISH,
 WEBHIDDEN, NUMPR, NUMID, ILVL, PSTYLE, TBLGRID, GRIDCOL) = (W + n for n in (
    "body", "p", "r", "t", "tbl", "tr", "tc", "pPr", "rPr", "tcPr", "trPr", "tab", "ptab", "br", "cr", "sym",
    "noBreakHyphen", "sdt", "sdtContent", "txbxContent", "gridSpan", "vMerge", "hMerge", "gridBefore", "del",
    "moveFrom", "ruby", "rubyBase", "altChunk", "vanish", "webHidden", "numPr", "numId", "ilvl", "pStyle",
    "tblGrid", "gridCol"))
ALTERNATE, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
TEXTPATH = V + "textpath"
M_T, OMATH, OMATHPARA = M + "t", M + "oMath", M + "oMathPara"
# Inline wrappers whose content is printed as if it stood in their place.
INLINE_WRAPPERS = frozenset(W + n for n in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple",
                                           "dir", "bdo", "sdtContent"))
# Block wrappers (of paragraphs, tables, rows, cells) whose content is read in their place.
BLOCK_WRAPPERS = frozenset(W + n for n in ("customXml", "ins", "moveTo", "sdtContent"))
# Drawings and embedded objects, where text boxes and WordArt are.
SHAPES = frozenset(W + n for n in ("drawing", "pict", "object")) | {ALTERNATE}

FALSE = ("0", "false", "off")  # a switch (w:vanish, w:isLgl …) whose w:val is one of these is off


def int_val(el: Any, default: int) -> int:
    """The number at the start of an element's ``w:val`` (at most six digits), or ``default``
    when the element is missing or its value holds none."""
    if el is None:
        return default
    m = re.match(r"\s*(\d{1,6})", el.get(VAL) or "")
    return int(m.group(1)) if m else default
