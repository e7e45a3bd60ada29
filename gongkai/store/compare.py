"""Reading what `gongkai compare` and `gongkai indicators` need from the current reports.

Comparisons read chosen cells of chosen years; indicators read per report only what their
definitions use (the published date, how many cells were read with certainty, which rule
codes were found), so that a corpus of tens of thousands of reports is a few small queries,
not every cell. The arithmetic of both lives in ``gongkai.corpus`` (no SQL there).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa

from gongkai.corpus.grouping import Grouped
from gongkai.corpus.indicators import ReportFacts
from gongkai.store.export import CHUNK, current, grouped, grouped_columns, with_bodies
from gongkai.store.schema import cells, findings, reports

CellRow = tuple[int, Grouped, int | None, str, float | None, bool]


def cell_rows(engine: sa.Engine, keys: Sequence[str], years: Sequence[int] = (),
              body: str | None = None) -> Iterator[CellRow]:
    """(report id, body and region, year, key, value, uncertain) of ``keys`` in the chosen
    current reports."""
    query = (sa.select(reports.c.id, *grouped_columns(), reports.c.year, cells.c.key, cells.c.value,
                       cells.c.uncertain)
             .select_from(with_bodies(reports).join(cells, cells.c.report_id == reports.c.id))
             .where(*current(years, body), cells.c.key.in_(list(keys))).order_by(reports.c.id, cells.c.key))
    with engine.connect() as conn:
        for part in conn.execution_options(yield_per=CHUNK).execute(query).partitions():
            for r in part:
                yield (r[0], grouped(*r[1:5]), r[5], r[6], None if r[7] is None else float(r[7]), bool(r[8]))


def report_facts(engine: sa.Engine, years: Sequence[int] = (), body: str | None = None) -> list[ReportFacts]:
    """What the indicators read of each chosen current report."""
    where = current(years, body)
    certain = sa.and_(cells.c.value.is_not(None), sa.not_(cells.c.uncertain), sa.not_(cells.c.key.like("x.%")))
    counted = (sa.select(cells.c.report_id,
                         sa.func.sum(sa.case((certain, 1), else_=0)).label("good"),
                         sa.func.sum(sa.case((sa.and_(cells.c.key.like("t3.other.%"), cells.c.value.is_not(None)), 1),
                                             else_=0)).label("other_row"))
               .select_from(reports.join(cells, cells.c.report_id == reports.c.id)).where(*where)
               .group_by(cells.c.report_id))
    found = (sa.select(findings.c.report_id, findings.c.code, findings.c.severity).distinct()
             .select_from(reports.join(findings, findings.c.report_id == reports.c.id)).where(*where))
    head = (sa.select(reports.c.id, *grouped_columns(), reports.c.year, reports.c.body_type, reports.c.published,
                      reports.c.format).select_from(with_bodies(reports)).where(*where).order_by(reports.c.id))
    with engine.connect() as conn:
        good = {r.report_id: (int(r.good or 0), bool(r.other_row)) for r in conn.execute(counted)}
        codes: dict[int, set[str]] = {}
        errors: dict[int, set[str]] = {}
        for report_id, code, severity in conn.execute(found):
            codes.setdefault(report_id, set()).add(code)
            if severity == "error":
                errors.setdefault(report_id, set()).add(code)
        return [ReportFacts(r.id, grouped(r.body_name, r.province, r.city, r.county), r.year, r.body_type, r.published,
                            r.format, *good.get(r.id, (0, False)),
                            frozenset(codes.get(r.id, ())), frozenset(errors.get(r.id, ())))
                for r in conn.execute(head)]
