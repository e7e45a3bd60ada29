"""Search over bodies' names and the current reports' section texts, for Chinese.

Chinese has no spaces and its words are often two characters (公开, 复议), too short for a
trigram index. Each text is therefore indexed as its overlapping character bigrams
(``grams``: ``政府信息公开`` → ``政府 府信 信息 息公 公开``, within runs of letters and digits),
and a query's words are looked up by their bigrams through each back end's own index
(migration 0008): SQLite's FTS5 searches them as a phrase, PostgreSQL's GIN index over the
bigram array (a generated column) finds the texts holding them all. Either way the candidates are then checked to
hold each word as written, so a hit is exactly a text containing every word of the query.
A word of one character is only checked, never looked up: a query needs one of two or more.

The index follows the store when it is used (``sync``, before each search and when the web
app starts), not at the end of each audit: current reports' texts not yet indexed are added,
superseded ones dropped, new bodies added.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from gongkai.errors import UsageError
from gongkai.records import SearchHit
from gongkai.store.ingest import Store
from gongkai.store.plain import insert_many
from gongkai.store.schema import bodies, reports, search_docs, texts

WORD = re.compile(r"[^\W_]+")  # a run of letters and digits (CJK characters are letters)
BEFORE, AFTER = 20, 50  # characters of context a snippet shows around the first match


def words(text: str) -> list[str]:
    """The runs of letters and digits of ``text``, lower-cased."""
    return WORD.findall(text.lower())


def grams(text: str) -> str:
    """``text`` as space-separated overlapping bigrams of each word (a one-letter word as itself)."""
    out: list[str] = []
    for word in words(text):
        out += [word] if len(word) == 1 else [word[i:i + 2] for i in range(len(word) - 1)]
    return " ".join(out)


# Reports indexed per transaction: an interrupted indexing keeps what it finished.
PER_TRANSACTION = 500


def sync(store: Store) -> int:
    """Bring the index in step with the store if it is behind, and return the rows added.

    The audit leaves the index to its users (indexing a report's texts costs about what
    extracting it does, for a search nobody may run): a search, and the web app starting,
    call this first. Pending are current reports and bodies not yet indexed (``search_indexed``:
    stored since, or a report checked again); each batch is claimed by marking it indexed
    first (the transaction's first statement a write: two searches at once never index one
    report twice), then its texts replace any it had, and those of the reports it superseded
    are dropped. Asking whether anything is pending is one cheap query."""
    pending = sa.and_(reports.c.is_current, ~reports.c.search_indexed)
    with store.engine.connect() as conn:
        if not conn.execute(sa.select(sa.or_(sa.exists().where(pending),
                                             sa.exists().where(~bodies.c.search_indexed)))).scalar():
            return 0
    added = 0
    while True:
        with store.engine.begin() as conn:
            batch = sa.select(reports.c.id).where(pending).order_by(reports.c.id).limit(PER_TRANSACTION)
            claimed = [i for i, in conn.execute(reports.update().where(pending, reports.c.id.in_(batch))
                                                .values(search_indexed=True).returning(reports.c.id))]
            if not claimed:
                break
            superseded = sa.select(reports.c.id).where(reports.c.superseded_by.in_(claimed))
            conn.execute(search_docs.delete().where(sa.or_(search_docs.c.report_id.in_(claimed),
                                                           search_docs.c.report_id.in_(superseded))))
            rows = [{"kind": "text", "body_id": None, "report_id": r.report_id, "section": r.section,
                     "grams": grams(r.text)} for r in conn.execute(sa.select(texts).where(texts.c.report_id.in_(claimed)))]
            insert_many(conn, search_docs, [r for r in rows if r["grams"]])
            added += len(rows)
    with store.engine.begin() as conn:
        named = conn.execute(bodies.update().where(~bodies.c.search_indexed).values(search_indexed=True)
                             .returning(bodies.c.id, bodies.c.name)).all()
        conn.execute(search_docs.delete().where(search_docs.c.kind == "body",
                                                search_docs.c.body_id.in_([b.id for b in named])))
        rows = [{"kind": "body", "body_id": b.id, "report_id": None, "section": None, "grams": grams(b.name)}
                for b in named]
        insert_many(conn, search_docs, [r for r in rows if r["grams"]])
        added += len(rows)
        if added and conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE search_docs")  # without statistics the planner scans instead of the index
    return added


def search(store: Store, query: str, limit: int = 50) -> list[SearchHit]:
    """Bodies whose name and current reports' sections whose text hold every word of
    ``query`` (bodies first, then texts, the latest years first). UsageError for a query
    with no word of two characters or more."""
    terms = list(dict.fromkeys(words(query)))
    looked_up = [t for t in terms if len(t) > 1]
    if not looked_up:
        raise UsageError(f"检索词须含至少两个字（或字母、数字）：{query!r} / a query needs a word of two characters")
    sync(store)
    body = bodies.alias("body")
    text = sa.func.coalesce(texts.c.text, body.c.name)
    select = (sa.select(search_docs.c.kind, search_docs.c.report_id, search_docs.c.section, reports.c.year,
                        body.c.key, body.c.name, text.label("text"))
              .select_from(search_docs.outerjoin(reports, reports.c.id == search_docs.c.report_id)
                           .outerjoin(texts, sa.and_(texts.c.report_id == search_docs.c.report_id,
                                                     texts.c.section == search_docs.c.section))
                           .outerjoin(body, body.c.id == sa.func.coalesce(search_docs.c.body_id, reports.c.body_id)))
              .where(sa.or_(search_docs.c.kind == "body", reports.c.is_current))
              .order_by(search_docs.c.kind, reports.c.year.desc().nulls_last(), search_docs.c.report_id,
                        search_docs.c.section)
              .limit(max(1, limit)))
    with store.engine.connect() as conn:
        # a word of two characters is one bigram, which the index finds exactly; the others are checked
        select = select.where(_indexed(conn.dialect.name, looked_up), *[_holds(conn.dialect.name, text, t)
                                                                        for t in terms if len(t) != 2])
        return [_hit(row, terms) for row in conn.execute(select)]


def _indexed(dialect: str, terms: list[str]) -> Any:
    """The back end's index lookup of the words' bigrams."""
    if dialect == "postgresql":
        wanted = sorted({g for t in terms for g in grams(t).split()})
        array: sa.ColumnClause[Any] = sa.literal_column("search_docs.gram_array")  # migration 0008's column, PostgreSQL's only
        return array.op("@>")(sa.cast(postgresql.array(wanted), postgresql.ARRAY(sa.Text)))
    match = " AND ".join(f'"{grams(t)}"' for t in terms)  # bigrams of letters and digits: nothing to quote
    fts: sa.Select[Any] = (sa.select(sa.literal_column("rowid")).select_from(sa.table("search_fts"))
           .where(sa.literal_column("search_fts").op("MATCH")(sa.bindparam("match", match))))
    return search_docs.c.id.in_(fts)


def _holds(dialect: str, text: Any, term: str) -> Any:
    """The text holds ``term`` as written (the index's candidates checked)."""
    position = sa.func.strpos if dialect == "postgresql" else sa.func.instr
    return position(sa.func.lower(text), term) > 0


def _hit(row: Any, terms: list[str]) -> SearchHit:
    snippet = re.sub(r"\s+", " ", row.text)
    lower = snippet.lower()
    at = min((i for i in (lower.find(t) for t in terms) if i >= 0), default=0)
    start, end = max(0, at - BEFORE), min(len(snippet), at + AFTER)
    snippet = ("…" if start else "") + snippet[start:end] + ("…" if end < len(lower) else "")
    return SearchHit(row.kind, row.key, row.name, row.report_id, row.year, row.section, snippet,
                     _marks(snippet.lower(), terms))


def _marks(text: str, terms: list[str]) -> tuple[tuple[int, int], ...]:
    """The spans of every occurrence of the terms, overlapping ones joined."""
    spans = sorted((m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t), text))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)
