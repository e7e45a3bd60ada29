"""Table 三 (收到和处理政府信息公开申请情况): 23 or 25 rows × 7 columns.

Steps, each a function below:
1. printed rows (label + values) from the region's tokens;
2. the row keys of this report: the format's rows, with （六）其他处理 as one row where a
   2021-format report prints it so;
3. labelled rows are anchors; unlabelled rows fill the unfilled keys between their
   neighbouring anchors, in order, nearest to where those keys' labels are printed;
4. every row's readings (glued digits, extra cells) are chosen jointly so that the column
   identities hold; cells left with more than one fitting reading are marked uncertain;
5. a number printed away from its row (a displaced cell) is put back where exactly one
   blank cell needs it for the row and column sums.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from functools import cache
from typing import Final

from gongkai.extract.labels import Matcher
from gongkai.extract.regions import Region
from gongkai.extract.rows import PrintedRow, printed_rows, region_tokens
from gongkai.extract.subtotals import choose_columns, confirm_subtotal_rows, subtotal_labels
from gongkai.extract.tokens import Token, TokenLine
from gongkai.extract.values import Blocks, Cell, Reading, Value, fit, holds
from gongkai.extract.wrapped import mark_wrapped, rejoin_wrapped
from gongkai.model import Document
from gongkai.spec import FormatSpec

MAX_COMBINATIONS: Final = 20000
COLUMN_TOTAL: Final = "总计"


@dataclass(slots=True)
class Table3:
    rows: dict[str, Reading]  # row key → chosen reading (national and x. rows)
    uncertain: dict[str, set[int]]  # row key → column indexes with a rival reading
    collapsed: frozenset[str]  # single rows printed for a group (other)
    absent_reason: dict[str, str]  # row key → why it has no values
    notes: list[str]
    columns: tuple[str, ...]
    placed: dict[str, str]  # row key → how an unlabeled row was placed
    displaced: dict[tuple[str, int], Token]  # (row, col) filled from a displaced number


@cache
def _matcher(spec: FormatSpec) -> Matcher:
    targets = {r.key: r.labels for r in spec.t3_rows}
    for g in spec.t3_groups:
        targets[f"group:{g.key}"] = g.labels
    # the other version's rows are recognised too: a 2021 report may print the 2019 row
    return Matcher(targets)


def _columns(spec: FormatSpec, lines: list[TokenLine]) -> tuple[str, ...]:
    return choose_columns(spec, lines, _matcher(spec), lambda columns: _blocks(spec, columns))


def _blocks(spec: FormatSpec, columns: tuple[str, ...]) -> Blocks:
    total = spec.t3_identities["row_total"]
    if columns[-1] != total:
        return [(len(columns), False)]
    if "org_subtotal" not in columns:
        return [(len(columns), True)]
    if columns[-2] == "org_subtotal":  # 自然人 | 商业企业 … 其他, 小计 (their sum) | 总计
        return [(1, False), (len(columns) - 2, True), (1, False)]
    return [(len(columns), False)]


def read_table3(doc: Document, region: Region | None, spec: FormatSpec) -> Table3:
    if region is None:
        return Table3({}, {}, frozenset(), {}, ["表三未找到"], spec.t3_columns, {}, {})
    # (a delimited line is never a sentence: tested here, without a call per line)
    lines = [line for line in region_tokens(doc, region) if line.delimited or not _sentence(line)]
    columns = _columns(spec, lines)
    blocks = _blocks(spec, columns)
    wrapped = rejoin_wrapped(lines, _matcher(spec), blocks, doc)
    printed = printed_rows(lines, _matcher(spec), lambda target: len(columns))
    printed = subtotal_labels(printed, lines, spec)
    keys, collapsed = _row_keys(spec, printed)
    rows, placed, orphans, notes = _assign(printed, keys, collapsed, spec)
    readings = {k: fit(r.values, blocks, doc.lines) for k, r in rows.items()}
    readings = {k: v for k, v in readings.items() if v}
    confirm_subtotal_rows(readings, rows, keys, spec, placed)
    chosen, uncertain = _choose(readings, spec, collapsed)
    if wrapped:
        _mark_wrapped(chosen, uncertain)
    displaced = _put_back(chosen, orphans, spec, columns)
    absent = {k: "row not printed" for k in keys if k not in chosen}
    return Table3(chosen, uncertain, collapsed, absent, notes, columns, placed, displaced)


def _mark_wrapped(chosen: dict[str, Reading], uncertain: dict[str, set[int]]) -> None:
    for key, reading in chosen.items():
        unsure = uncertain.get(key, set())
        chosen[key] = mark_wrapped(reading, unsure)
        if unsure:
            uncertain[key] = unsure


def _sentence(line: TokenLine) -> bool:
    """A sentence after or around the table (其中予以公开10件，部分公开3件。): a line without
    cell delimiters, with sentence punctuation, whose every number is a count in 件."""
    if line.delimited:
        return False
    counts = punctuated = False
    for t in line.tokens:
        if t.kind == "text":
            punctuated = punctuated or "。" in t.text or "," in t.text
        elif t.kind == "num":
            if t.unit != "件":
                return False
            counts = True
    return counts and punctuated


def _row_keys(spec: FormatSpec, printed: list[PrintedRow]) -> tuple[list[str], frozenset[str]]:
    """The report's row keys in printed order.

    A group with a `collapsed` row (（六）其他处理) is printed as one row when none of its
    sub-rows' labels appear and its own label carries numbers.
    """
    keys = [r.key for r in spec.t3_rows]
    collapsed = set()
    for g in spec.t3_groups:
        if not g.collapsed:
            continue
        subs = [r.key for r in spec.t3_rows if r.group == g.key]
        mentioned = any(p.label and p.label.target in subs for p in printed)
        printed_alone = any(p.label and p.label.target == f"group:{g.key}" for p in printed)
        if printed_alone and not mentioned:
            collapsed.add(g.collapsed)
            i = keys.index(subs[0])
            keys[i : i + len(subs)] = [g.collapsed]
    return keys, frozenset(collapsed)


def _target_key(p: PrintedRow, index: dict[str, int], collapsed: frozenset[str], spec: FormatSpec) -> str | None:
    t = p.label.target if p.label else None
    if t is None or not t.startswith("group:"):
        return t if t in index else None
    g = next(g for g in spec.t3_groups if f"group:{g.key}" == t)
    if g.collapsed and g.collapsed in collapsed:
        return g.collapsed
    if g.key == "outcomes":
        return None
    return f"x.{g.key}_subtotal"


def _assign(printed: list[PrintedRow], keys: list[str], collapsed: frozenset[str], spec: FormatSpec,
            ) -> tuple[dict[str, PrintedRow], dict[str, str], list[Token], list[str]]:
    """Map printed rows with values to row keys: labelled rows directly, the others by order."""
    rows: dict[str, PrintedRow] = {}
    placed: dict[str, str] = {}
    notes: list[str] = []
    mentions: dict[str, list[int]] = {}
    anchors: list[tuple[int, int]] = []  # (index in printed, index in keys)
    unlabeled: list[int] = []
    weak: set[int] = set()
    orphans: list[Token] = []
    min_cells = max(3, len(spec.t3_columns) // 2)
    labelled: list[tuple[int, str]] = []
    index = {k: i for i, k in enumerate(keys)}
    total = spec.t3_identities["outcome_total"]
    for i, p in enumerate(printed):
        key = _target_key(p, index, collapsed, spec)
        has_numbers = p.number_count > 0  # (not the property: a Python call per read)
        if p.label and not has_numbers:
            # 总计 above every row is the column header, not a mention of the （七）总计 row
            if key and not (key == total and not labelled and not unlabeled and p.label_token is not None
                            and p.label_token.text.strip() == COLUMN_TOTAL):
                mentions.setdefault(key, []).append(p.line)
        elif has_numbers and key is not None:
            labelled.append((i, key))
        elif has_numbers:
            # no label, or one naming no row (三、本年度办理结果 over its first row's label,
            # which wrapped onto the line below the numbers): placed by position
            unlabeled.append(i)
    # labels must follow the printed order of rows: a label out of order (a fragment that
    # names the wrong row, a row printed twice) is read as an unlabeled row
    national = [(i, k) for i, k in labelled if k in index]
    keep = set(_increasing([index[k] for _, k in national]))
    for j, (i, key) in enumerate(national):
        if j in keep:
            rows[key] = printed[i]
            anchors.append((i, index[key]))
        else:
            notes.append(f"表三第{printed[i].line}行的行名“{key}”与行序不符，按位置处理")
            unlabeled.append(i)
    for i, key in labelled:
        if key not in index:
            rows.setdefault(key, printed[i])
    unlabeled.sort()
    for i in unlabeled:
        p = printed[i]
        glued = any(len(t.digits) >= len(spec.t3_columns) for t in p.values if t.kind == "num")
        if not (p.number_count >= min_cells or glued or len(p.values) >= len(spec.t3_columns)):
            weak.add(i)  # one or two numbers: a row's lone total, or a displaced cell
    # unlabeled rows between two anchors fill the unfilled keys between them
    filled = set(rows)
    gaps: dict[tuple[int, int], list[int]] = {}
    for i in unlabeled:
        before = max((a for a in anchors if a[0] < i), default=(-1, -1))
        after = min((a for a in anchors if a[0] > i), default=(len(printed), len(keys)))
        gaps.setdefault((before[1], after[1]), []).append(i)
    for (lo, hi), members in gaps.items():
        free = [k for k in keys[lo + 1 : hi] if k not in filled]
        for i, k in _align(members, free, printed, mentions, weak):
            if k is None:
                if i in weak:
                    orphans.extend(t for t in printed[i].values if t.kind == "num")
                else:
                    notes.append(f"表三第{printed[i].line}行的数字无行名，也无法按位置确定所属行，未采用")
                continue
            rows[k] = printed[i]
            filled.add(k)
            placed[k] = "by-order" if len(members) == len(free) and not weak & set(members) else "by-nearby-label"
    return rows, placed, orphans, notes


def _increasing(seq: list[int]) -> list[int]:
    """Indexes of a longest strictly increasing subsequence of ``seq`` (patience sorting)."""
    tails: list[int] = []  # tails[L] = index of the smallest tail of an increasing run of length L+1
    tail_values: list[int] = []
    parent = [-1] * len(seq)
    for j, v in enumerate(seq):
        L = bisect.bisect_left(tail_values, v)
        parent[j] = tails[L - 1] if L else -1
        if len(tails) == L:
            tails.append(j)
            tail_values.append(v)
        else:
            tails[L] = j
            tail_values[L] = v
    out = []
    j = tails[-1] if tails else -1
    while j != -1:
        out.append(j)
        j = parent[j]
    return out[::-1]


def _align(members: list[int], free: list[str], printed: list[PrintedRow], mentions: dict[str, list[int]],
           weak: set[int]) -> list[tuple[int, str | None]]:
    """Order-preserving assignment of unlabeled rows to free keys, each row as near as
    possible to a printed mention of its key's label. Rows left over get None; a weak row
    (a number or two) is left over before a full one.

    Unless the full rows fill the free keys exactly, a row goes only to a key whose label is
    printed (as a mention without numbers): the text supports nothing else, and two rows of
    an excerpt are never spread over keys it does not print."""
    n, m = len(members), len(free)
    if n == m and not weak.intersection(members):
        return list[tuple[int, str | None]](zip(members, free))
    far = 6
    by_order = n - len(weak.intersection(members)) == m  # the full rows fill the free keys

    def cost(i: int, k: str) -> int:
        lines = mentions.get(k)
        if not lines:
            return far
        return min(far, min(abs(printed[i].line - x) for x in lines))

    def skip(i: int) -> int:
        return far + 4 if i in weak else 100

    INF = float("inf")
    # dp[a][b]: best cost placing the first a rows among the first b keys
    dp = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[str | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for b in range(m + 1):
        dp[0][b] = 0
    for a in range(1, n + 1):
        dp[a][0] = dp[a - 1][0] + skip(members[a - 1])
        back[a][0] = "skip"
        for b in range(1, m + 1):
            options = [
                (dp[a][b - 1], "key"),  # key b stays empty
                (dp[a - 1][b - 1] + (cost(members[a - 1], free[b - 1]) if by_order or free[b - 1] in mentions
                                     else INF), "pair"),
                (dp[a - 1][b] + skip(members[a - 1]), "skip"),
            ]
            dp[a][b], back[a][b] = min(options, key=lambda o: o[0])
    out: list[tuple[int, str | None]] = []
    a, b = n, m
    while a > 0:
        step = back[a][b]
        if step == "pair":
            out.append((members[a - 1], free[b - 1]))
            a, b = a - 1, b - 1
        elif step == "key":
            b -= 1
        else:
            out.append((members[a - 1], None))
            a -= 1
    return list(reversed(out))


def _identity_score(values: dict[str, tuple[Value, ...]], spec: FormatSpec, collapsed: frozenset[str]) -> int:
    """How many column identities hold (balance and outcome total, per column)."""
    ids = spec.t3_identities
    score = 0
    left = [values.get(k) for k in ids["balance"]["left"]]
    right = [values.get(k) for k in ids["balance"]["right"]]
    if None not in left and None not in right:
        for lc, rc in zip(zip(*left), zip(*right)):
            if None not in lc and None not in rc and sum(lc) == sum(rc):
                score += 1
    total = values.get(ids["outcome_total"])
    parts = [values[k] for k in _outcome_rows(spec, collapsed) if k in values]
    if total is not None and parts:
        for t, col in zip(total, zip(*parts)):
            if t is not None and None not in col and sum(col) == t:
                score += 1
    return score


@cache
def _outcome_rows(spec: FormatSpec, collapsed: frozenset[str]) -> tuple[str, ...]:
    """The rows that add up to 总计, with a collapsed row standing for its sub-rows."""
    outcomes = list(spec.t3_identities["outcomes"])
    for row, subs in spec.collapsed_rows().items():
        if row in collapsed:
            outcomes = [o for o in outcomes if o not in subs] + [row]
    return tuple(outcomes)


def _choose(readings: dict[str, list[Reading]], spec: FormatSpec, collapsed: frozenset[str],
            ) -> tuple[dict[str, Reading], dict[str, set[int]]]:
    """Pick one reading per row so that the most column identities hold."""
    fixed = {k: r[0] for k, r in readings.items() if len(r) == 1}
    open_ = {k: r for k, r in readings.items() if len(r) > 1}
    uncertain: dict[str, set[int]] = {}
    if not open_:
        return fixed, uncertain
    keys = list(open_)
    combos = 1
    for k in keys:
        combos *= len(open_[k])
    if combos > MAX_COMBINATIONS:
        chosen = dict(fixed)
        for k in keys:
            chosen[k] = open_[k][0]
            uncertain[k] = _differing(open_[k])
        return chosen, uncertain
    base = {k: r.values for k, r in fixed.items()}
    best_score, best = -1, []
    for combo in itertools.product(*(open_[k] for k in keys)):
        vals = dict(base)
        vals.update({k: r.values for k, r in zip(keys, combo)})
        s = _identity_score(vals, spec, collapsed)
        if s > best_score:
            best_score, best = s, [combo]
        elif s == best_score:
            best.append(combo)
    chosen = dict(fixed)
    for j, k in enumerate(keys):
        options = [combo[j] for combo in best]
        chosen[k] = options[0]
        diff = _differing(options)
        if diff:
            uncertain[k] = diff
    return chosen, uncertain


def _differing(options: list[Reading]) -> set[int]:
    first = options[0].values
    return {c for r in options[1:] for c, (a, b) in enumerate(zip(first, r.values)) if a != b}


def _put_back(chosen: dict[str, Reading], orphans: list[Token], spec: FormatSpec, columns: tuple[str, ...],
              ) -> dict[tuple[str, int], Token]:
    """Return a displaced number to the one blank cell whose row (and column) sums need it."""
    displaced: dict[tuple[str, int], Token] = {}
    if not orphans or columns[-1] != spec.t3_identities["row_total"]:
        return displaced
    pool = list(orphans)
    for key, reading in list(chosen.items()):
        vals = list(reading.values)
        blanks = [i for i, v in enumerate(vals) if v is None]
        if len(blanks) != 1:
            continue
        i = blanks[0]
        known = [v for j, v in enumerate(vals) if j != i and v is not None]
        need = sum(known[:-1]) if i == len(vals) - 1 else known[-1] - sum(known[:-1])
        for tok in pool:
            if tok.value == need:
                cells = list(reading.cells)
                cells[i] = Cell(need, tok)
                chosen[key] = Reading.of(cells, reading.method, reading.confidence)
                if holds(chosen[key].values, [(len(vals), True)]) is not True:
                    chosen[key] = reading
                    continue
                displaced[(key, i)] = tok
                pool.remove(tok)
                break
    return displaced
