"""Cell keys as people type them for `gongkai compare`: checked against the canonical keys
of cell-keys.md, labelled in the form's own Chinese words.

A comparison across bodies and years only means something if every side speaks the same
key, so nothing but a canonical key is accepted (an alias such as ``t3.total.new`` would be
a second name for ``t3.new_received.total`` that exports and other tools do not know); a
key that is not canonical is a usage fault naming the closest canonical keys.
"""

from __future__ import annotations

import difflib
from functools import cache

from gongkai.errors import UsageError
from gongkai.spec import FormatSpec, RowSpec, all_formats

# Table 三's outcome groups (办理结果) whose shares of （七）总计 the charts draw: each a label
# and the rows summed into it (（六） counted whether printed as one row or three).
OUTCOMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partly_granted",)),
    ("不予公开", ("denied_state_secret", "denied_law_prohibited", "denied_security_stability", "denied_third_party",
                  "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query")),
    ("无法提供", ("unable_not_held", "unable_need_creation", "unable_unclear")),
    ("不予处理", ("rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_massive",
                  "rejected_confirm")),
    ("其他处理", ("other_no_correction", "other_unpaid_fee", "other_other", "other")),
)
OUTCOME_TOTAL = "t3.results_total.total"
REQUESTS = "t3.new_received.total"


@cache
def canonical_keys() -> tuple[str, ...]:
    """Every canonical key of every format version (newest version's order first), with the
    one-row （六）其他处理 (``t3.other.*``) that both versions may print."""
    out: dict[str, None] = {}
    for spec in all_formats():
        out.update(dict.fromkeys(spec.keys(frozenset(spec.collapsed_rows()) | {"other"})))
    return tuple(out)


def resolve(typed: list[str]) -> list[str]:
    """The keys as typed (comma-separated items allowed), each checked to be canonical.

    UsageError for an unknown key, with the canonical keys it most resembles (its parts in
    another order count: ``t3.total.new`` suggests ``t3.new_received.total``)."""
    known = canonical_keys()
    out: list[str] = []
    for item in (k.strip() for text in typed for k in text.split(",")):
        if not item:
            continue
        if item not in known:
            close = suggest(item)
            hint = f"did you mean {' or '.join(close)}?" if close else "keys are like t3.new_received.total"
            raise UsageError(f"unknown cell key {item!r}; {hint} (canonical cell keys: cell-keys.md)")
        if item not in out:
            out.append(item)
    if not out:
        raise UsageError("no cell key given (e.g. --keys t3.new_received.total)")
    return out


def suggest(typed: str, n: int = 3) -> list[str]:
    """Canonical keys close to ``typed``: by spelling, and by parts that are prefixes of a
    key's parts in any order (``t3.total.new`` → ``t3.new_received.total``)."""
    known = canonical_keys()
    parts = [p for p in typed.lower().split(".") if p]
    by_parts = [k for k in known if parts and all(any(kp.startswith(p) for kp in k.split(".")) for p in parts)]
    close = difflib.get_close_matches(typed.lower(), known, n=n, cutoff=0.6)
    return list(dict.fromkeys(sorted(by_parts, key=len)[:n] + close))[:n]


def label(key: str, short: bool = True) -> str:
    """A key in the form's words: 一、本年新收申请·总计, 行政复议·结果纠正, 规章·本年制发."""
    for spec in all_formats():
        found = _label_in(spec, key, short)
        if found:
            return found
    return key


def _label_in(spec: FormatSpec, key: str, short: bool) -> str | None:
    parts = key.split(".")
    if len(parts) != 3:
        return None
    table, row, column = parts
    if table == "t4" and row in spec.t4_groups and column in spec.t4_columns:
        return f"{spec.column_title('t4.groups', row, short)}·{spec.column_title('t4', column, short)}"
    rows: tuple[RowSpec, ...] = spec.t3_rows if table == "t3" else spec.t2_rows if table == "t2" else ()
    for r in rows:
        if r.key == row and (table == "t3" or column in r.columns):
            return f"{r.short if short and r.short else r.title}·{spec.column_title(table, column, short)}"
    if table == "t3" and row in spec.collapsed_rows():
        group = next(g for g in spec.t3_groups if g.collapsed == row)
        return f"{group.title}·{spec.column_title('t3', column, short)}"
    return None
