"""Excel workbooks (XLSX) → Document, read from the sheets' XML.

Some bodies publish the statutory tables as a workbook, and an official fills a workbook
template. Every visible sheet is read in tab order; each row holding values becomes one
Line, its cells joined by tabs as the Word reader joins a table row's, so the extractor
reads a sheet as it reads any table. A row printing one cell only (a title, a heading, a
note under a table) is a Line of that text alone, as a paragraph is. A row of a table (a
run of rows printing two cells or more) is as wide as the table, so that blank cells keep
their place. Merged cells print their text once, in the top-left position, "" in the
positions they cover; columns where nothing is printed in the whole sheet are left out, as
the Word reader leaves out grid columns no cell starts in. Hidden sheets, rows and columns
are not read, as they are not printed; a hidden sheet's values still feed formulas.

Each Line says where it is (``Origin``): the sheet's number among the workbook's sheets
(hidden ones counted, as Excel orders its tabs) as the table, the row as Excel numbers it,
each cell's column (``Origin.columns``) and the sheet's name, so that a place reads as
Excel names it: 工作表“表三”单元格D12.

Values are shown as Excel shows them (``xlsx_sheet.shown``): shared and inline strings,
numbers without float noise (12.0 → 12), dates, booleans, error values. A formula's saved
result is printed; a formula never computed (a workbook written by a program and never
opened in Excel) is computed when it is simple (sums, arithmetic, a template's
``=IF(COUNT(…),SUM(…),"")``: ``xlsx_formula``), else left blank with a note. Bounds: parts are read up to ``office.MAX_PART_BYTES`` and all sheets up to a
workbook budget, rows holding values are capped (``xlsx_sheet.MAX_ROWS``), and formula work
is capped (``MAX_WORK`` cells visited). Legacy .xls workbooks are converted to XLSX by
LibreOffice first (``legacy.py``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from gongkai.model import Document, Origin, column_letters
from gongkai.readers.errors import ReadError
from gongkai.readers.office import MAX_COLS, Printed, join_cell_text, number_lines
from gongkai.readers.xlsx_formula import Unsupported, Value, evaluate
from gongkai.readers.xlsx_package import Workbook
from gongkai.readers.xlsx_sheet import Budget, Sheet, Stored, read_sheet, shown

MAX_WORK = 200_000  # cells a workbook's formulas may visit in all (a template's: a few thousand)
MAX_NESTING = 40  # formulas waiting on formulas (each costs a dozen frames of recursion)
MAX_NOTES = 20  # notes on formulas left blank, per workbook

Cell = tuple[str, int, int]  # a sheet (its key in _Values.sheets), row and column


class _TooDeep(Unsupported):
    """A formula reached at the nesting limit: ``key`` is computed first, then those above it."""

    def __init__(self, key: Cell):
        super().__init__("公式嵌套过深")
        self.key = key


def read_xlsx(data: bytes, source: str, form: str = "xlsx") -> Document:
    """Read an XLSX (or XLSM/XLTX) workbook; raise ReadError for a corrupt, encrypted or
    oversized one, a binary workbook (XLSB), or one with nothing in its visible sheets."""
    lines, notes = xlsx_lines(data, source)
    return Document(source=source, lines=number_lines(lines), form=form, notes=tuple(notes))


def xlsx_lines(data: bytes, source: str) -> tuple[list[Printed], list[str]]:
    """The printed lines of a workbook's visible sheets, each with its origin, and notes on
    what could not be shown (formulas without a result)."""
    wb = Workbook(data, source)
    refs = wb.sheets()
    strings = wb.shared_strings()
    budget = Budget()
    # By name, casefolded, as formulas name them (the first of a name), and by "\0" + its
    # number among the tabs (no name holds a NUL), as its own formulas find it.
    sheets: dict[str, Sheet] = {}
    read: list[tuple[int, str, Sheet]] = []  # the visible sheets: number among the tabs, name, cells
    for number, ref in enumerate(refs, start=1):
        part = wb.xml_bytes(ref.part) if ref.part else None
        if part is not None:
            sheet = sheets[f"\0{number}"] = read_sheet(part, ref.name, ref.part or "", strings, budget, source)
            sheets.setdefault(ref.name.casefold(), sheet)
            if not ref.hidden:
                read.append((number, ref.name, sheet))
    values = _Values(sheets, wb.styles(), wb.date1904)
    lines: list[Printed] = []
    for number, name, sheet in read:
        lines += _sheet_lines(sheet, number, name, values, source)
    if not lines:
        raise ReadError(source, "没有文字 / no text: the workbook's visible sheets are empty")
    notes = values.notes
    if values.blank > MAX_NOTES:
        notes.append(f"另有{values.blank - MAX_NOTES}个公式未保存计算结果且无法计算，按空白处理")
    return lines, notes


class _Values:
    """Each cell's value as shown, formulas without a saved result computed (memoised)."""

    def __init__(self, sheets: dict[str, Sheet], styles: list[str | None], date1904: bool):
        self.sheets, self.styles, self.date1904 = sheets, styles, date1904
        self.rows: dict[str, dict[int, list[int]]] = {}  # per sheet: each row's columns holding a cell, in order
        for k, s in sheets.items():
            rows = self.rows[k] = {}
            for r, c in sorted(s.cells):
                rows.setdefault(r, []).append(c)
        self.row_order = {k: list(rows) for k, rows in self.rows.items()}
        self.computed: dict[Cell, float | str | bool | None] = {}  # None: being computed
        self.failed: dict[Cell, str] = {}  # why a formula could not be computed
        self.notes: list[str] = []
        self.blank = 0  # formulas left blank
        self.work = 0
        self.depth = 0

    def text(self, sheet: str, name: str, row: int, col: int, cell: Stored) -> str:
        """The cell as shown; a formula without a saved result computed, or "" with a note."""
        style = self.styles[cell.style] if 0 <= cell.style < len(self.styles) else None
        if cell.value is not None:
            return shown(cell.kind, cell.value, style, self.date1904)
        key = (sheet, row, col)
        try:
            value = self.top(key)
            if isinstance(value, bool):
                return "TRUE" if value else "FALSE"
            return value if isinstance(value, str) else shown("n", repr(value), style, self.date1904)
        except Unsupported as e:
            self.blank += 1
            if self.blank <= MAX_NOTES:
                shown_formula = (cell.formula or "")[:60] + ("…" if len(cell.formula or "") > 60 else "")
                self.notes.append(f"工作表“{name}”单元格{column_letters(col)}{row}的公式“={shown_formula}”"
                                  f"未保存计算结果，且无法计算（{self.failed.get(key, str(e))}），按空白处理")
            return ""

    def top(self, key: Cell) -> float | str | bool:
        """A formula's value, computed from the top: a chain of formulas deeper than
        MAX_NESTING (A1 = A2 + 1, A2 = A3 + 1, …) is computed from its deep end first, a
        stretch at a time, each stretch paid for from the work budget."""
        stack = [key]
        while True:
            k = stack[-1]
            try:
                value = self.formula(k)
            except _TooDeep as e:
                self._count(MAX_NESTING)
                stack.append(e.key)
                continue
            except Unsupported:
                if k == key:
                    raise
                value = ""  # k is marked failed: the formulas above it fail on it in turn
            stack.pop()
            if not stack:
                return value

    def formula(self, key: Cell) -> float | str | bool:
        if key in self.failed:
            raise Unsupported(f"引用的单元格{column_letters(key[2])}{key[1]}无法计算")
        if key in self.computed:
            done = self.computed[key]
            if done is None:
                raise Unsupported("循环引用")
            return done
        if self.depth >= MAX_NESTING:
            raise _TooDeep(key)
        if self.work > MAX_WORK:
            raise Unsupported("计算量过大")
        sheet = key[0]
        self.computed[key] = None
        self.depth += 1
        try:
            value = evaluate(self.sheets[sheet].cells[key[1:]].formula or "",
                             lambda s, r, c: self.value(s or sheet, r, c),
                             lambda s, span: self.values(s or sheet, span))
        except _TooDeep:
            del self.computed[key]
            raise
        except Unsupported as e:
            del self.computed[key]
            self.failed[key] = str(e)
            raise
        finally:
            self.depth -= 1
        self.computed[key] = value
        return value

    def value(self, sheet: str, row: int, col: int) -> Value:
        """A cell's value for a formula: a number, a text, or None (blank)."""
        key = sheet.casefold()
        s = self.sheets.get(key)
        if s is None:
            raise Unsupported(f"找不到工作表“{sheet}”")
        self._count(1)
        cell = s.cells.get((row, col))
        if cell is None:
            return None
        if cell.value is None:
            return self.formula((key, row, col))
        if cell.kind == "n":
            try:
                return float(cell.value)
            except ValueError:
                return cell.value
        if cell.kind == "b":
            return cell.value.strip() in ("1", "true")
        if cell.kind == "e":
            raise Unsupported(f"引用的单元格为错误值{cell.value}")
        return cell.value

    def values(self, sheet: str, span: tuple[int, int, int, int]) -> list[Value]:
        """The values held in a range (blank cells left out)."""
        key = sheet.casefold()
        if key not in self.sheets:
            raise Unsupported(f"找不到工作表“{sheet}”")
        rows, order = self.rows[key], self.row_order[key]
        out: list[Value] = []
        for row in order[bisect_left(order, span[0]):bisect_right(order, span[2])]:
            cols = rows[row]
            held = cols[bisect_left(cols, span[1]):bisect_right(cols, span[3])]
            self._count(1 + len(held))
            out += (self.value(sheet, row, col) for col in held)
        return out

    def _count(self, n: int) -> None:
        self.work += n
        if self.work > MAX_WORK:
            raise Unsupported("计算量过大")


def _sheet_lines(sheet: Sheet, number: int, name: str, values: _Values, source: str) -> list[Printed]:
    """A visible sheet's rows as printed lines (see the module's docstring)."""
    key = f"\0{number}"
    hidden_rows, hidden_cols = sheet.hidden_rows, sheet.hidden_cols
    grid: dict[tuple[int, int], str] = {}
    for (row, col), cell in sorted(sheet.cells.items()):
        text = values.text(key, name, row, col, cell)
        if text.strip():
            grid[(row, col)] = join_cell_text(text.replace("\r", "\n").split("\n"))
    ends: dict[int, int] = {}  # a row → the last column a merged cell anchored in it reaches
    by_row: dict[int, set[int]] = {}
    for row, col in grid:
        by_row.setdefault(row, set()).add(col)
    text_rows = sorted(by_row)
    work = 0
    for r1, c1, r2, c2 in sheet.merges:
        text = grid.get((r1, c1), "")
        # covered cells print nothing, whatever they hold: only the rows holding text are visited
        for r in text_rows[bisect_left(text_rows, r1):bisect_right(text_rows, r2)]:
            cols = by_row[r]
            covered = [c for c in cols if c1 <= c <= c2]
            work += 1 + len(cols)
            for c in covered:
                cols.discard(c)
                del grid[(r, c)]
        if work > MAX_WORK:
            raise ReadError(source, f"合并单元格异常 / sheet “{name}”: its merged cells overlap or cover too much to be "
                                    "read (a report's tables merge a few hundred cells)")
        at_row = next((r for r in range(r1, min(r2, r1 + 1000) + 1) if r not in hidden_rows), None)
        at_col = next((c for c in range(c1, min(c2, c1 + MAX_COLS) + 1) if c not in hidden_cols), None)
        if text and at_row is not None and at_col is not None:  # shown in its first visible cell
            grid[(at_row, at_col)] = text
            by_row.setdefault(at_row, set()).add(at_col)
            ends[at_row] = max(ends.get(at_row, 0), c2)
    grid = {rc: t for rc, t in grid.items() if rc[0] not in hidden_rows and rc[1] not in hidden_cols}
    kept = sorted({c for _, c in grid})
    if len(kept) > MAX_COLS:
        values.notes.append(f"工作表“{name}”有{len(kept)}列有内容，只读取前{MAX_COLS}列")
        kept = kept[:MAX_COLS]
    index = {c: i for i, c in enumerate(kept)}
    rows: dict[int, dict[int, str]] = {}
    for (row, col), text in grid.items():
        if col in index:
            rows.setdefault(row, {})[index[col]] = text
    out: list[Printed] = []
    order = sorted(rows)
    for block in _blocks(order, rows, hidden_rows):
        if len(block) == 1 and len(rows[block[0]]) == 1:  # one cell alone: a title, a heading, a note
            row = block[0]
            (at, text), = rows[row].items()
            out.append((text, Origin("table", table=number, row=row, columns=(kept[at],), sheet=name)))
            continue
        width = max(max(max(rows[r]) + 1, bisect_right(kept, ends.get(r, 0))) for r in block)
        columns = tuple(kept[:width]) if kept[:width] != list(range(1, width + 1)) else ()
        for row in block:
            cells = [""] * width
            for at, text in rows[row].items():
                cells[at] = text
            out.append(("\t".join(cells), Origin("table", table=number, row=row, columns=columns, sheet=name)))
    return out


def _blocks(order: list[int], rows: dict[int, dict[int, str]], hidden: set[int]) -> list[list[int]]:
    """The sheet's printed rows in runs: a table is a run of rows next to each other (hidden
    rows between them skipped) that print two cells or more, and a row printing one cell
    between two of its rows (a row left blank but for its label); any other row is a run
    alone (a title, a heading, a note under a table)."""
    def next_to(a: int, b: int) -> bool:
        return b - a < 10_000 and all(r in hidden for r in range(a + 1, b))

    blocks: list[list[int]] = []
    for i, row in enumerate(order):
        wide = len(rows[row]) > 1
        prev = blocks[-1] if blocks else None
        if prev is not None and next_to(prev[-1], row) and (len(rows[prev[-1]]) > 1 or len(prev) > 1) and (
                wide or (i + 1 < len(order) and len(rows[order[i + 1]]) > 1 and next_to(row, order[i + 1]))):
            prev.append(row)
        else:
            blocks.append([row])
    return blocks
