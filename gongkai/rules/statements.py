"""The counts the narrative states: a number next to its keyword (收到…申请 N 件, 不予公开 N 件,
行政复议 N 件, 制发规范性文件 N 件 …), sentences saying none were received or brought, and the
table cells each keyword names.

A number belongs to a keyword only if it follows it closely in the same clause (commas,
colons and semicolons end a clause; 、 does not), with no other keyword in between; a clause
that compares with another year (同比, 较上年, 2021年…) is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.context import Context
from gongkai.rules.narrative import Narrative, narrative, sentences

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """A Chinese numeral up to 999 (十二 → 12, 一百零五 → 105), or None."""
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


_COUNT = re.compile(r"(?<![\d.])(\d{1,12})\s?(件|宗|起|例|个|份|部|条)|([零〇一二两三四五六七八九十百]{1,4})(件|宗|起|例|个)")
# Between a keyword and its count only filler may stand ("收到政府信息公开申请共计75件", "行政诉讼数为0件");
# anything else ("答复群众咨询200件") names another count.
_LEAD = re.compile(r"^(?:共计|合计|总计|累计|共|为|是|有|达到|达|约|的|了|均|都|各|分别|已|数量|件数|总数|数|类|申请|"
                   r"政府信息公开|依申请公开|信息公开|案件|涉及)*$")
_UNITS_T2 = {"件", "个", "份", "部", "条"}
_UNITS_CASES = {"件", "宗", "起", "例", "个"}
# a keyword span naming another matter than disclosure applications
_OTHER_MATTER = re.compile(r"许可|审批|服务|办件|事项|复议|诉讼|建议|提案|信访|举报|投诉|复核|来信|来访|热线|留言|咨询")
_DISCLOSURE = re.compile(r"信息公开|依申请|公开申请")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.(\d+))?)\s?%")
_CLAUSE_END = re.compile(r"[,，:：;；]")
_SHARE = re.compile(r"(?:约|共)?(?:占|比例|比重)")  # a clause that continues the one before it
_COMPARE = re.compile(r"同比|环比|去年|较上|比上|较去|较\d{4}|比\d{4}|上年(?!度?结转)|上一年(?!度?结转)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_EACH = re.compile(r"均|都|各|分别")
_JOIN = re.compile(r"^(?:、|及|和|与|以及|或|、以及|、和)$")
_ABSORB = r"(?:继续)?(?:办理|处理)?(?:答复|决定|告知)?(?:的)?(?:申请|情形|类)?(?:的)?"

# (kind, pattern) in priority order: at a position the first that matches wins.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("carried_over", r"上一?年度?结转(?:[^,;。:!?\d]{0,14}?申请)?(?:数量|数)?"),
    ("carried_forward", r"(?:结转(?:至|到|入)?下一?年度?|转(?:至|到|入)?下一?年度?|结转(?!率))" + _ABSORB),
    ("new", (r"(?:本年度?|全年|年内|共|累计)?(?:新收|收到|受理|接收|接到)(?:[^,;。:!?\d]{0,20}?)"
             r"(?:申请|依申请公开(?:事项)?)(?:数量|数|总数)?")),
    ("denied", r"不予公开" + _ABSORB),
    ("partly_granted", r"部分(?:予以)?公开" + _ABSORB),
    ("granted", r"(?<!不)(?:予以公开|同意公开|准予公开|全部公开)" + _ABSORB),
    ("unable", r"无法提供" + _ABSORB),
    ("rejected", r"不予处理" + _ABSORB),
    ("other", r"其他处理" + _ABSORB),
    ("results", (r"(?:办结|办理完毕|处理完毕|答复(?!率)|办理(?=[^,;。:!?\d]{0,12}?申请)[^,;。:!?\d]{0,12}?申请)"
                 r"(?:[^,;。:!?\d]{0,6}?申请)?")),
    ("review", r"(?:被申请)?行政复议(?!后)(?:案件|申请)?(?:数量|数)?"),
    ("suit", r"(?:被提起|提起)?行政诉讼(?:案件)?(?:数量|数)?|(?:被|提起)诉讼(?:案件)?|应诉案件"),
    ("t2", (r"(?:(?:本年度?|全年|新)?(?:制发|出台|印发|制定|废止|废除|现行有效)(?:的|了)?[^,;。:!?\d、]{0,6}?"
            r"(?:规章(?!制度)|(?:行政)?规范性文件)|(?:规章(?!制度)|(?:行政)?规范性文件)[^,;。:!?\d、]{0,4}?"
            r"(?:制发|出台|印发|废止|废除|现行有效))(?:的)?(?:数量|件数|数)?")),
)
# Every keyword starts with one of these characters: the lookahead turns most positions of
# a clause away before the thirteen alternatives are tried there (a third of checking a
# report was this search). A keyword added above must add its first characters here.
_KEYWORD_FIRST = "上结转本全年共累新收受接不部予同准无其办处答被行提应制出印废现规"
_KEYWORD = re.compile(f"(?=[{_KEYWORD_FIRST}])(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _KEYWORDS) + ")")
T3_KINDS = ("new", "carried_over", "carried_forward", "granted", "partly_granted", "denied", "unable", "rejected",
             "other", "results")
T4_KINDS = ("review", "suit")
_NOT_APPLICATION = re.compile(r"复议|诉讼|建议|提案|信访|举报|投诉|复核")


@dataclass(frozen=True)
class Statement:
    """A count (or percentage) the narrative states for one keyword or a joined group."""

    kinds: tuple[str, ...]  # e.g. ("granted",) or ("granted", "partly_granted") for 予以公开及部分公开
    value: int | None
    percent: float | None
    percent_decimals: int
    each: bool  # "均为0件": every kind has the value
    start: int  # offsets in Context.text
    end: int
    quote: str
    t2: tuple[str, ...] = ()  # for kind "t2": the cell keys the phrase names


def _t2_keys(phrase: str) -> tuple[str, ...]:
    row = "regulations" if "规章" in phrase else "normative_docs"
    if "现行有效" in phrase:
        col = "in_force"
    elif "废止" in phrase or "废除" in phrase:
        col = "repealed"
    else:
        col = "made"
    return (f"t2.{row}.{col}",)


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Clauses of a sentence; one starting with 占/占比/比例 (a percentage) joins the previous."""
    out: list[tuple[int, int]] = []
    start = a
    for m in _CLAUSE_END.finditer(text, a, b):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, b))
    merged: list[tuple[int, int]] = []
    for c in out:
        if merged and _SHARE.match(text, c[0], c[1]):
            merged[-1] = (merged[-1][0], c[1])
        else:
            merged.append(c)
    return merged


def _number_at(seg: str, units: set[str]) -> tuple[int | None, int]:
    """The count at the start of a segment (only filler before it), and where it ends."""
    m = _COUNT.search(seg)
    if not m or not _LEAD.match(seg[:m.start()]) or (m.group(2) or m.group(4)) not in units:
        return None, 0
    if m.group(1) is not None:
        return int(m.group(1)), m.end()
    return cn_int(m.group(3)), m.end()


def parse_statements(nar: Narrative, year: int | None) -> list[Statement]:
    """Every count the narrative states next to a keyword (see the module docstring)."""
    text = nar.text
    out: list[Statement] = []
    previous, apps_paragraph, last_end = "", False, 0
    for s0, s1 in sentences(text):
        if "\n" in text[last_end:s0]:
            previous, apps_paragraph = "", False
        last_end = s1
        sentence = text[s0:s1]
        # outcomes often follow the sentence about applications in the same paragraph
        apps_paragraph = apps_paragraph or "申请" in sentence
        about_apps = apps_paragraph
        # "…涉及政府信息公开工作的行政复议。涉及的行政诉讼数为0件。": the topic may be in the sentence before
        about_t4 = any("信息公开" in s or "政务公开" in s for s in (sentence, previous))
        previous = sentence
        if _KEYWORD.search(text, s0, s1) is None:
            # no keyword in the sentence, so none in a clause of it: a clause's end is a
            # delimiter, which no keyword's lookahead (率, 制度, 后, 度结转) can be
            continue
        for c0, c1 in _clauses(text, s0, s1):
            if _KEYWORD.search(text, c0, c1) is None:
                continue  # nothing stated here (the tests below only ever skip a clause)
            clause = text[c0:c1]
            if _COMPARE.search(clause) or any(int(y) != year for y in _YEAR.findall(clause) if year):
                continue
            tokens = []
            for m in _KEYWORD.finditer(text, c0, c1):
                kind, span = m.lastgroup, m.group()
                if kind in T3_KINDS and not about_apps:
                    kind = None
                elif kind in ("new", "results", "carried_over") and _OTHER_MATTER.search(span):
                    kind = None  # 受理行政许可申请, 办结行政复议申请 …
                elif kind == "new" and not _DISCLOSURE.search(span) and not (
                        _DISCLOSURE.search(sentence) and re.search(r"(?:新收|收到|受理|接收|接到)(?:的)?申请", span)):
                    kind = None  # 收到…申请 must be about disclosure
                elif kind in T4_KINDS and not about_t4:
                    kind = None
                tokens.append((kind, m))
            # join 予以公开及部分公开 / 行政复议、行政诉讼 into one group
            groups: list[list] = []
            for kind, m in tokens:
                if groups and kind is not None and groups[-1][0][0] is not None \
                        and _JOIN.match(text[groups[-1][-1][1].end():m.start()]) \
                        and (kind in T4_KINDS) == (groups[-1][0][0] in T4_KINDS) and kind != "t2":
                    groups[-1].append((kind, m))
                else:
                    groups.append([(kind, m)])
            for gi, g in enumerate(groups):
                kinds = tuple(k for k, _ in g)
                if None in kinds:
                    continue
                first, last = g[0][1], g[-1][1]
                seg_end = groups[gi + 1][0][1].start() if gi + 1 < len(groups) else c1
                seg = text[last.end():seg_end]
                value, used = _number_at(seg, _UNITS_T2 if kinds[0] == "t2" else _UNITS_CASES)
                start, end = first.start(), last.end() + used
                if value is None and kinds[0] in T4_KINDS:
                    # "有1件涉及政府信息公开工作的行政复议": the count before the keyword
                    prev_end = groups[gi - 1][-1][1].end() if gi else c0
                    before = re.search(r"(?<![\d.])(\d{1,12})\s?(?:件|起|宗|个|例)([^\d]{0,15})$", text[prev_end:first.start()])
                    if before and not _KEYWORD.search(before.group(2)):
                        value = int(before.group(1))
                        start = prev_end + before.start()
                pm = _PERCENT.search(seg)
                if pm and (_KEYWORD.search(seg[:pm.start()]) or re.search(r"按时|及时|按期|期限", clause)):
                    pm = None
                percent = float(pm.group(1)) if pm else None
                decimals = len(pm.group(2) or "") if pm else 0
                if value is None and percent is None:
                    continue
                if pm is not None:  # the percentage read
                    end = max(end, last.end() + pm.end())
                each = bool(_EACH.search(seg[:used] if used else seg)) and len(kinds) > 1
                if each and "分别" in seg:
                    continue  # "分别为3件、2件": not read
                out.append(Statement(kinds, value, percent, decimals, each, nar.offset(start),
                                     nar.offset(max(end - 1, start)) + 1, text[start:end],
                                     _t2_keys(first.group()) if kinds[0] == "t2" else ()))
    return out


def statements(ctx: Context) -> list[Statement]:
    return ctx.shared("statements", lambda c: parse_statements(narrative(c), c.report.meta.get("year")))


# Statements that nothing happened.
_NONE_APPS = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收|发生|产生|有)[^,;。:!?\d]{0,40}?(?:申请|依申请公开)"
                        r"(?![^,;。:!?]{0,3}费)")
_NONE_T4 = re.compile(r"(?:(?:未|没有)(?:发生|出现|收到|涉及|有|产生|被申请|被提起)|无(?!论))[^,;。:!?\d被]{0,15}?"
                      r"(?:行政复议|行政诉讼)(?![^,;。:!?]{0,4}(?:纠错|纠正|败诉|撤销))")


_NONE_FIRST = re.compile(r"[未没无]")


@dataclass(frozen=True)
class NoneStatement:
    what: str  # "apps" | "t4"
    groups: tuple[str, ...]  # for t4: review / suit
    start: int
    end: int
    quote: str


def none_statements(ctx: Context) -> list[NoneStatement]:
    def compute(c: Context) -> list[NoneStatement]:
        nar = narrative(c)
        text = nar.text
        out = []
        for s0, s1 in sentences(text):
            if _NONE_FIRST.search(text, s0, s1) is None:
                continue  # both patterns start with 未, 没 or 无
            sentence = text[s0:s1]
            for c0, c1 in _clauses(text, s0, s1):
                clause = text[c0:c1]
                if _COMPARE.search(clause):
                    continue
                m = _NONE_APPS.search(clause)
                if m and not _NOT_APPLICATION.search(m.group()) and _DISCLOSURE.search(m.group()):
                    out.append(NoneStatement("apps", (), nar.offset(c0 + m.start()), nar.offset(c0 + m.end() - 1) + 1,
                                             m.group()))
                m = _NONE_T4.search(clause)
                if m and ("信息公开" in sentence or "政务公开" in sentence):
                    tail = clause[m.start():]
                    groups = tuple(g for g, w in (("review", "复议"), ("suit", "诉讼")) if w in tail)
                    out.append(NoneStatement("t4", groups, nar.offset(c0 + m.start()), nar.offset(c0 + m.end() - 1) + 1,
                                             tail[:40]))
        return out
    return ctx.shared("none_statements", compute)


# ---------------------------------------------------------------------------------------
# Table sums the narrative is compared with
# ---------------------------------------------------------------------------------------

KIND_NAMES = {"new": "本年新收申请", "carried_over": "上年结转申请", "carried_forward": "结转下年度继续办理",
              "granted": "予以公开", "partly_granted": "部分公开", "denied": "不予公开", "unable": "无法提供",
              "rejected": "不予处理", "other": "其他处理", "results": "办结（办理结果总计）",
              "review": "行政复议", "suit": "行政诉讼"}


def kind_cells(ctx: Context, kind: str) -> list[str]:
    """The table cells whose sum is the figure a keyword names."""
    cells = ctx.report.cells
    if kind == "new":
        return ["t3.new_received.total"]
    if kind == "carried_over":
        return ["t3.carried_over.total"]
    if kind == "carried_forward":
        return ["t3.carried_forward.total"]
    if kind == "results":
        return ["t3.results_total.total"]
    if kind in ("granted", "partly_granted"):
        return [f"t3.{kind}.total"]
    if kind == "other":
        if cells.get("t3.other.total") is not None:
            return ["t3.other.total"]
        return [k for k in ("t3.other_no_correction.total", "t3.other_unpaid_fee.total", "t3.other_other.total")
                if k in cells]
    if kind in ("denied", "unable", "rejected"):
        return [k for k in cells if k.startswith(f"t3.{kind}_") and k.endswith(".total")]
    if kind == "review":
        return ["t4.review.total"]
    if kind == "suit":
        return ["t4.suit_direct.total", "t4.suit_after_review.total"]
    raise KeyError(kind)


def cells_sum(ctx: Context, keys: list[str]) -> float | None:
    vals = [ctx.value(k) for k in keys]
    if not vals or any(v is None for v in vals):
        return None
    return sum(vals)


def table_all_zero(ctx: Context, prefix: str) -> bool:
    """Every printed cell of a table (t3., t4.) is 0 (and at least one is printed)."""
    cells = ctx.report.cells
    vals = [v for k in ctx.keys_with(prefix) if (v := cells[k]) is not None]
    return bool(vals) and all(v == 0 for v in vals)
