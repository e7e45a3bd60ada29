"""Word fields the DOCX outputs share (the 退回清单 and the rendered report)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def docx_field(p: Paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
