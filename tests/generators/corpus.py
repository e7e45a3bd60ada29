"""A generated corpus: the reports of one region's bodies over several years, in mixed
forms, with problems planted and listed in a manifest, for the audit's tests and benchmark.

``write_corpus(root, seed, size)`` writes about ``size`` report files under ``root`` (one
folder per year; text, HTML, DOCX and PDF by ``forms``) and ``root/MANIFEST.json``; the same
arguments write the same bytes. Each body's reports chain from year to year as the forms
require (上年结转 (t) = 结转下年度 (t−1) per column; 现行有效 (t) = 现行有效 (t−1) + 本年制发 −
本年废止 for 规范性文件) and each is consistent in itself: ``gongkai check`` finds nothing on
any of them. What a corpus-level audit must find is planted and listed, with the bodies,
years, files and cells involved (``MANIFEST["problems"]``):

- ``cross_year_breaks``: a 上年结转 that is not last year's 结转下年度, a 现行有效 off its chain;
- ``copied_narratives``: section 一's prose the same as the body's report of last year;
- ``boilerplate``: section 五 the same, word for word, in every 乡镇/街道 of one county in a year;
- ``late``: published after the deadline of the body's kind (``corpus_region``);
- ``missing``: a body-year with no file;
- ``changed``: a file that ``write_changes`` rewrites with another figure (a second audit);
- ``bad_files``: a body-year whose file is empty, binary or a truncated PDF (every 50th, by turns);
- ``identical_tables``: every table the same as the body's report of last year (its chains
  then break where last year's did not carry itself over: listed in ``cross_year_breaks`` too);
- ``stale_text``: a sentence of last year's report naming last year, printed again.

Everything else holds: a problem not in the manifest is a false finding.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generators.corpus_forms import FORMS, SUFFIX, Blocks, render, t2_rows, t3_rows, t4_rows
from generators.corpus_region import Body, bodies
from generators.corpus_text import BOILERPLATE, counts_sentence, overview, problems, section_six
from generators.synth import Cells, random_cells
from gongkai.spec import load_format

YEARS = (2021, 2022, 2023, 2024)
MIX = {"text": 0.55, "html": 0.2, "docx": 0.15, "pdf": 0.1}
SPEC = load_format("2021")
PARTS = SPEC.t3_parts
# Chances of the planted problems per body-year (bad files: every BAD_EVERY-th; boilerplate: one county a year, half the years)
RATES = {"missing": 0.03, "late": 0.05, "copied": 0.05, "carried": 0.04, "in_force": 0.03,
         "changed": 0.02, "identical": 0.03, "stale": 0.04}
MANIFEST = "MANIFEST.json"
BAD_KINDS = ("empty", "binary", "truncated-pdf")
BAD_EVERY = 50


@dataclass
class Generated:
    """One report file: where, whose, its form, publication date and (kept on request) cells."""

    path: str  # relative to the corpus root, with /
    body: Body
    year: int
    form: str
    published: str
    cells: Cells = field(default_factory=dict, repr=False)
    overview: str = field(default="", repr=False)
    problems: str = field(default="", repr=False)


@dataclass
class Corpus:
    root: Path
    manifest: dict
    reports: list[Generated]
    _changes: dict[str, bytes] = field(default_factory=dict, repr=False)


def _chain_cells(rng: random.Random, prev: Cells | None) -> Cells:
    """A report's cells, every identity holding, chained to last year's ``prev``: its 结转下年度
    carried over, its 现行有效 carried on. Nothing a per-report rule would flag (no fees, no
    逾期未缴费, 结转下年度 a modest share, 规章 none)."""
    cells = random_cells(SPEC, rng, scale=rng.choice([10, 60, 400]))
    cells["t2.fees.amount"] = 0
    prior = prev["t2.normative_docs.in_force"] if prev else rng.randint(0, 300)
    made = rng.choice([0, rng.randint(1, 40)])
    repealed = rng.choice([0, rng.randint(0, int(prior))])
    cells.update({"t2.normative_docs.made": made, "t2.normative_docs.repealed": repealed,
                  "t2.normative_docs.in_force": int(prior) + made - repealed})
    for c in PARTS:
        cells[f"t3.granted.{c}"] = int(cells[f"t3.granted.{c}"] or 0) + int(cells[f"t3.other_unpaid_fee.{c}"] or 0)
        cells[f"t3.other_unpaid_fee.{c}"] = 0
        over = int(prev[f"t3.carried_forward.{c}"] or 0) if prev else int(cells[f"t3.carried_over.{c}"] or 0)
        _set_carried_over(cells, c, over)
    return cells


def _set_carried_over(cells: Cells, c: str, over: int) -> None:
    """Print ``over`` as column ``c``'s 上年结转 and mend the column: concluded at least what came
    over (more 予以公开 if need be), 结转下年度 at most a quarter of it, 本年新收 what balances."""
    total = int(cells[f"t3.results_total.{c}"] or 0)
    if over > total:
        cells[f"t3.granted.{c}"] = int(cells[f"t3.granted.{c}"] or 0) + over - total
        total = over
    forward = min(int(cells[f"t3.carried_forward.{c}"] or 0), total // 4)
    cells.update({f"t3.results_total.{c}": total, f"t3.carried_forward.{c}": forward,
                  f"t3.carried_over.{c}": over, f"t3.new_received.{c}": total + forward - over})
    for row in ("granted", "other_unpaid_fee", "results_total", "carried_forward", "carried_over", "new_received"):
        cells[f"t3.{row}.total"] = sum(int(cells[f"t3.{row}.{p}"] or 0) for p in PARTS)


def blocks(body: Body, year: int, cells: Cells, prose: str, section5: str, six: str, published: str) -> Blocks:
    """The report as printed: title, preamble, the six sections, signature and date."""
    b = Blocks()
    b.add("title", f"{body.name}{year}年政府信息公开工作年度报告")
    b.add("p", f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    b.add("h", "一、总体情况")
    b.add("p", prose + counts_sentence(int(cells["t3.new_received.total"] or 0), int(cells["t4.review.total"] or 0)))
    b.add("h", "二、主动公开政府信息情况")
    b.add("table", t2_rows(cells, SPEC))
    b.add("h", "三、收到和处理政府信息公开申请情况")
    b.add("table", t3_rows(cells, SPEC))
    b.add("h", "四、政府信息公开行政复议、行政诉讼情况")
    b.add("table", t4_rows(cells, SPEC))
    b.add("h", "五、存在的主要问题及改进情况")
    b.add("p", section5)
    b.add("h", "六、其他需要报告的事项")
    b.add("p", six)
    y, m, d = published.split("-")
    b.add("p", body.name)
    b.add("p", f"{int(y)}年{int(m)}月{int(d)}日")
    return b


def _published(rng: random.Random, body: Body, year: int, late: bool) -> str:
    """On time: 5–28 January of the next year. Late: after the body's deadline (a 乡镇 after
    31 March too, late whichever deadline one holds it to)."""
    if not late:
        return f"{year + 1}-01-{rng.randint(5, 28):02d}"
    if body.kind in ("department", "office"):
        return f"{year + 1}-{rng.choice([2, 3]):02d}-{rng.randint(3, 28):02d}"
    return f"{year + 1}-{rng.randint(4, 6):02d}-{rng.randint(2, 28):02d}"


def _form(rng: random.Random, forms: dict[str, float]) -> str:
    return rng.choices(list(forms), weights=list(forms.values()))[0]


def _bad(rng: random.Random, kind: str) -> tuple[str, bytes]:
    if kind == "empty":
        return ".txt", b""
    if kind == "binary":
        return ".docx", bytes(rng.randrange(256) for _ in range(3000))
    return ".pdf", b""  # truncated: filled in by the caller from a rendered PDF


def _plan(rng: random.Random, slot: int, first: bool) -> set[str]:
    """The problems planted in the ``slot``-th body-year (cross-year ones only after the first
    year). Every ``BAD_EVERY``-th holds a bad file, so that a small corpus has each kind."""
    drawn = {p for p in ("missing", "late", "changed") if rng.random() < RATES[p]}
    if slot % BAD_EVERY == BAD_EVERY // 2:
        drawn.add("bad")
    if "missing" in drawn or "bad" in drawn:
        return drawn & {"missing"} or {"bad"}
    if not first:
        drawn |= {p for p in ("copied", "carried", "in_force") if rng.random() < RATES[p]}
    return drawn


def write_corpus(root: Path, seed: int = 0, size: int = 300, years: tuple[int, ...] = YEARS,
                 forms: dict[str, float] | None = None, keep_cells: bool = True) -> Corpus:
    """Write a corpus of about ``size`` report files under ``root`` and its manifest; the same
    arguments give the same bytes. ``keep_cells=False`` leaves the cells out of the returned
    reports (a benchmark's 10 000 reports)."""
    forms = forms or MIX
    if set(forms) - set(FORMS):
        raise ValueError(f"unknown forms {sorted(set(forms) - set(FORMS))}")
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    region = bodies(max(1, -(-size // len(years))))
    out: list[Generated] = []
    problems_found: dict[str, list] = {k: [] for k in ("cross_year_breaks", "copied_narratives", "boilerplate",
                                                      "late", "missing", "changed", "bad_files", "identical_tables",
                                                      "stale_text")}
    # identical tables and stale sentences are drawn apart: the rest of a seed's corpus
    # stays what it was before they were planted
    extra = random.Random(seed + 10_000)
    changes: dict[str, bytes] = {}
    counties = sorted({b.county for b in region if b.county and b.kind == "township"})
    # section 五 handed out by a county: in one county a year, each year with a chance of one half
    shared = {(year, rng.choice(counties)) for year in years if counties and rng.random() < 0.5}
    seen: list[tuple[str, int]] = []
    for body in region:
        prev: tuple[int, Cells, str] | None = None  # the last year reported: (year, cells, prose)
        dated: str | None = None  # a sentence naming last year that last year's report printed
        for i, year in enumerate(years):
            planted = _plan(rng, len(seen), i == 0)
            seen.append((body.name, year))
            rel = f"{year}/{body.name}{year}年政府信息公开工作年度报告"
            if "missing" in planted:
                problems_found["missing"].append({"body": body.name, "year": year})
                prev = None
                continue
            if "bad" in planted:
                kind = BAD_KINDS[len(problems_found["bad_files"]) % len(BAD_KINDS)]
                suffix, data = _bad(rng, kind)
                if kind == "truncated-pdf":
                    whole = _render_one(rng, body, year, _chain_cells(rng, None), set(), None, "pdf", shared)[0]
                    data = whole[: len(whole) * 2 // 5]
                _write(root, rel + suffix, data)
                problems_found["bad_files"].append({"body": body.name, "year": year, "path": rel + suffix, "kind": kind})
                prev = None
                continue
            cells = _chain_cells(rng, prev[1] if prev and prev[0] == year - 1 else None)
            chained = prev is not None and prev[0] == year - 1
            form = _form(rng, forms)
            path = rel + SUFFIX[form]
            if chained and prev is not None:
                _plant_breaks(rng, planted, body, year, prev, cells, path, problems_found, out)
                if not planted & {"carried", "in_force", "copied"} and extra.random() < RATES["identical"]:
                    cells = _identical(body, year, prev, path, problems_found, out)
            # not in PDFs: a line wrapped in the middle of a sentence cuts it in two (Y006 reads
            # sentences between 。；！？ and line ends, and finds no whole sentence again)
            stale = dated if chained and dated is not None and form != "pdf" else None
            if stale is not None:
                problems_found["stale_text"].append({"body": body.name, "years": [year - 1, year], "sentence": stale,
                                                     "paths": [_path_of(out, body, year - 1), path]})
            drawn = extra.random() < RATES["stale"]
            dated = _dated_sentence(extra, body, year) if drawn and form != "pdf" else None
            printed = (stale or "") + (dated or "")
            copy = prev[2] if chained and prev is not None and "copied" in planted else None
            state = rng.getstate()  # a changed version is drawn again from here: only its figure differs
            data, published, prose, section5 = _render_one(rng, body, year, cells, planted, copy, form, shared,
                                                           printed)
            _write(root, path, data)
            g = Generated(path, body, year, form, published, cells if keep_cells else {}, prose, section5)
            out.append(g)
            if copy is not None and prev is not None:
                problems_found["copied_narratives"].append(
                    {"body": body.name, "years": [year - 1, year], "section": "一",
                     "paths": [_path_of(out, body, year - 1), path]})
            if "late" in planted:
                m, d = body.deadline
                problems_found["late"].append({"body": body.name, "year": year, "path": path, "published": published,
                                               "deadline": f"{year + 1}-{m:02d}-{d:02d}", "kind": body.kind})
            if "changed" in planted:
                changed = dict(cells)
                old = int(cells["t2.punishment.decisions"] or 0)
                changed["t2.punishment.decisions"] = old + rng.randint(1, 50)
                again = random.Random()
                again.setstate(state)
                changes[path] = _render_one(again, body, year, changed, planted, copy, form, shared, printed)[0]
                problems_found["changed"].append({"body": body.name, "year": year, "path": path,
                                                  "cell": "t2.punishment.decisions", "old": old,
                                                  "new": changed["t2.punishment.decisions"]})
            prev = (year, cells, prose)
    for year, county in sorted(shared):
        shared_by = [g for g in out if g.year == year and g.body.county == county and g.body.kind == "township"]
        if len(shared_by) > 1:
            problems_found["boilerplate"].append({"year": year, "county": county, "section": "五",
                                                  "bodies": [g.body.name for g in shared_by],
                                                  "paths": [g.path for g in shared_by]})
    manifest = {"seed": seed, "size": size, "years": list(years), "forms": forms, "region": "甘肃省武威市",
                "deadlines": {"department": "01-31", "office": "01-31", "township": "01-31", "government": "03-31"},
                "bodies": [{"name": b.name, "kind": b.kind, "city": b.city, "county": b.county} for b in region],
                "reports": [{"path": g.path, "body": g.body.name, "year": g.year, "form": g.form,
                             "published": g.published} for g in out],
                "problems": problems_found}
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Corpus(root, manifest, out, changes)


def _plant_breaks(rng: random.Random, planted: set[str], body: Body, year: int, prev: tuple[int, Cells, str],
                  cells: Cells, path: str, found: dict[str, list], out: list[Generated]) -> None:
    """Break this year's chains as ``planted`` says, and list each break with its cells."""
    before = prev[1]
    if "carried" in planted:
        c = rng.choice(["natural_person", "commercial"])
        expected = int(before[f"t3.carried_forward.{c}"] or 0)
        printed = expected + rng.randint(1, 9)
        _set_carried_over(cells, c, printed)
        found["cross_year_breaks"].append({
            "body": body.name, "years": [year - 1, year], "kind": "carried_over",
            "paths": [_path_of(out, body, year - 1), path],
            "cells": {"previous": [f"t3.carried_forward.{c}", "t3.carried_forward.total"],
                      "current": [f"t3.carried_over.{c}", "t3.carried_over.total"]},
            "expected": expected, "printed": printed})
    if "in_force" in planted:
        expected = int(cells["t2.normative_docs.in_force"] or 0)
        printed = expected + rng.randint(1, 20)
        cells["t2.normative_docs.in_force"] = printed
        found["cross_year_breaks"].append({
            "body": body.name, "years": [year - 1, year], "kind": "in_force",
            "paths": [_path_of(out, body, year - 1), path],
            "cells": {"previous": ["t2.normative_docs.in_force"],
                      "current": ["t2.normative_docs.made", "t2.normative_docs.repealed", "t2.normative_docs.in_force"]},
            "expected": expected, "printed": printed})


def _identical(body: Body, year: int, prev: tuple[int, Cells, str], path: str, found: dict[str, list],
               out: list[Generated]) -> Cells:
    """Last year's cells printed again (Y005), and the chains that breaks listed: 上年结转 is
    last year's 上年结转, not its 结转下年度; 现行有效 stays, whatever was made or repealed."""
    before = prev[1]
    paths = [_path_of(out, body, year - 1), path]
    found["identical_tables"].append({"body": body.name, "years": [year - 1, year], "paths": paths})
    moved = [c for c in (*PARTS, "total") if before[f"t3.carried_over.{c}"] != before[f"t3.carried_forward.{c}"]]
    if moved:
        found["cross_year_breaks"].append({
            "body": body.name, "years": [year - 1, year], "kind": "carried_over", "paths": paths,
            "cells": {"previous": [f"t3.carried_forward.{c}" for c in moved],
                      "current": [f"t3.carried_over.{c}" for c in moved]},
            "expected": before[f"t3.carried_forward.{moved[0]}"], "printed": before[f"t3.carried_over.{moved[0]}"]})
    if before["t2.normative_docs.made"] != before["t2.normative_docs.repealed"]:
        found["cross_year_breaks"].append({
            "body": body.name, "years": [year - 1, year], "kind": "in_force", "paths": paths,
            "cells": {"previous": ["t2.normative_docs.in_force"],
                      "current": ["t2.normative_docs.made", "t2.normative_docs.repealed", "t2.normative_docs.in_force"]},
            "expected": int(before["t2.normative_docs.in_force"] or 0) + int(before["t2.normative_docs.made"] or 0)
            - int(before["t2.normative_docs.repealed"] or 0), "printed": before["t2.normative_docs.in_force"]})
    return dict(before)


def _dated_sentence(rng: random.Random, body: Body, year: int) -> str:
    """A sentence of section 六 naming its year: printed again next year, it is stale (Y006)."""
    what = rng.choice(["按季度通报政务公开工作要点落实情况", "开展政府网站信息内容专项检查", "修订完善政务公开工作制度"])
    return f"{year}年，{body.name}{what}，对发现的问题及时督促整改。"


def _path_of(out: list[Generated], body: Body, year: int) -> str:
    return next(g.path for g in reversed(out) if g.body == body and g.year == year)


def _render_one(rng: random.Random, body: Body, year: int, cells: Cells, planted: set[str], prose: str | None,
                form: str, shared: set[tuple[int, str | None]], dated: str = "") -> tuple[bytes, str, str, str]:
    """(bytes, published, section 一's prose, section 五) of one report; ``prose`` copied if given,
    ``dated`` (sentences naming a year) closing section 六."""
    prose = prose if prose is not None else overview(rng)
    boiler = body.kind == "township" and (year, body.county) in shared
    section5 = BOILERPLATE if boiler else problems(rng)
    published = _published(rng, body, year, "late" in planted)
    style = rng.choice(["tabs", "tabs", "pipes"])
    b = blocks(body, year, cells, prose, section5, section_six(rng) + dated, published)
    return render(b, form, style), published, prose, section5


def _write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_changes(corpus: Corpus) -> Iterator[str]:
    """Rewrite each file the manifest lists as ``changed`` with its second version (another
    figure of 表二); yields the paths rewritten."""
    for path, data in corpus._changes.items():
        _write(corpus.root, path, data)
        yield path
