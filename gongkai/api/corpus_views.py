"""What officials take out of a store: `export` (CSV, Parquet), `compare` (chosen cells
across bodies and years) and `indicators` (evaluators' shares with their definitions).

The SQL is the store's (``store/export.py``, ``store/compare.py``), the arithmetic the
corpus stage's (``corpus/compare.py``, ``corpus/indicators.py``); this module joins them and
writes files. Exports stream: a chunk of rows is read and written at a time, so memory
stays flat whatever the store's size. CSV is UTF-8 with a BOM, which Excel needs to open
Chinese text right; Parquet columns are typed (integers, decimals, booleans, text).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator, Sequence

from gongkai.api.sources import PathLike, local_rules_off
from gongkai.api.stores import opened
from gongkai.corpus import keys as cell_keys
from gongkai.corpus.compare import Comparison, outcome_keys, outcome_shares
from gongkai.corpus.compare import compare as compare_rows
from gongkai.corpus.grouping import GROUPINGS
from gongkai.corpus.indicators import INDICATORS, MIN_SAMPLE, Indicator, Value, compute
from gongkai.errors import UsageError
from gongkai.records import EXPORT_FORMATS, EXPORTS


def years_from(text: str | None) -> list[int]:
    """``2021-2024``, ``2023`` or ``2021,2023`` as a list of years ([] for none given)."""
    if not text:
        return []
    out: list[int] = []
    for part in text.replace("，", ",").split(","):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至]\s*(\d{4}))?\s*", part)
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise UsageError(f"cannot read years {text!r}: give YEAR, FIRST-LAST or YEAR,YEAR (e.g. 2021-2024)")
        out += range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1)
    return sorted(set(out))


def export(db: PathLike, what: str, to: str, output: PathLike, *, wide: bool = False, years: Sequence[int] = (),
           body: str | None = None, profiles: Sequence[str] = ()) -> int:
    """Write the current ``what`` (reports, cells, findings) of the store ``db`` to
    ``output`` as ``to`` (csv, parquet); cells ``wide``: one row per report, one column per
    cell key. Only ``years`` (all when empty) and bodies whose name contains ``body``;
    findings of local rules only for the ``profiles`` asked for. Returns the number of rows
    written."""
    from gongkai.store import export as stored

    if what not in EXPORTS or to not in EXPORT_FORMATS:
        raise UsageError(f"cannot export {what!r} to {to!r}: choose {'/'.join(EXPORTS)} and {'/'.join(EXPORT_FORMATS)}")
    if wide and what != "cells":
        raise UsageError("--wide applies to cells only (one row per report, one column per cell key)")
    with opened(db, create=True) as store:
        if wide:
            known = stored.wide_keys(store.engine, years, body)
            order = {k: i for i, k in enumerate(cell_keys.canonical_keys())}
            value_keys = sorted(known, key=lambda k: (order.get(k, len(order)), k))
            names = (*stored.WIDE_HEAD, *value_keys)
            kinds = ("int", "text", "text", "text", "int", "text", *(["float"] * len(value_keys)))
            chunks = stored.wide_chunks(store.engine, value_keys, years, body)
        else:
            cols = stored.columns(what)
            names, kinds = cols.names, cols.kinds
            chunks = stored.chunks(store.engine, what, years, body, sorted(local_rules_off(profiles)))
        try:
            return (_write_csv if to == "csv" else _write_parquet)(output, names, kinds, chunks)
        except OSError as e:
            raise UsageError(f"cannot write {os.fspath(output)}: {e.strerror or e}") from e


def _csv_text(value: object) -> object:
    """A cell as Excel should see it: a whole count without ``.0``, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_csv(output: PathLike, names: Sequence[str], kinds: Sequence[str],
               chunks: Iterator[list[tuple[object, ...]]]) -> int:
    written = 0
    with open(output, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for chunk in chunks:
            writer.writerows([_csv_text(v) for v in row] for row in chunk)
            written += len(chunk)
    return written


def _write_parquet(output: PathLike, names: Sequence[str], kinds: Sequence[str],
                   chunks: Iterator[list[tuple[object, ...]]]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise UsageError(f"Parquet needs the parquet extra (pip install 'gongkai[parquet]'): {e}") from e
    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "text": pa.string()}
    schema = pa.schema([(n, types[k]) for n, k in zip(names, kinds, strict=True)])
    written = 0
    with pq.ParquetWriter(os.fspath(output), schema) as writer:
        for chunk in chunks:
            columns = list(zip(*chunk, strict=True))
            writer.write_table(pa.Table.from_arrays(
                [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema))
            written += len(chunk)
    return written


def compare(db: PathLike, keys: Sequence[str], *, years: Sequence[int] = (), body: str | None = None,
            by: str = "body") -> Comparison:
    """The chosen cells (canonical keys; UsageError with a did-you-mean otherwise) of the
    current reports, summed per body or region (``by``) and year."""
    chosen = cell_keys.resolve(list(keys))
    if by not in GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; choose {'/'.join(GROUPINGS)}")
    from gongkai.store.compare import cell_rows

    with opened(db, create=True) as store:
        return compare_rows(cell_rows(store.engine, chosen, years, body), chosen, by)


def outcomes(db: PathLike, *, years: Sequence[int] = (), body: str | None = None,
             by: str = "body") -> dict[tuple[str, int | None], dict[str, float]]:
    """Each outcome group's share (予以公开, 部分公开, 不予公开 …) of 办理结果总计, per body or
    region and year."""
    return outcome_shares(compare(db, outcome_keys(), years=years, body=body, by=by))


def indicators(db: PathLike, *, by: str = "body", years: Sequence[int] = (), body: str | None = None,
               min_sample: int = MIN_SAMPLE) -> tuple[tuple[Indicator, ...], list[Value]]:
    """The evaluators' indicators per body or region and year, with their definitions;
    ranks only where a group's sample reaches ``min_sample``."""
    if by not in GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; choose {'/'.join(GROUPINGS)}")
    if min_sample < 1:
        raise UsageError("--min-sample must be at least 1")
    from gongkai.store.compare import report_facts

    with opened(db, create=True) as store:  # every year read: a year's repetition sample needs the year before
        values = compute(report_facts(store.engine, (), body), by, min_sample)
    return INDICATORS, [v for v in values if not years or v.year in years]
