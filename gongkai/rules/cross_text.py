"""Cross-year and corpus-wide rules on the narrative: text copied from last year, text still
naming last year, and sections shared word for word by many bodies.

Shared text is measured by MinHash over character shingles (``shingles.py``), never by
diffing every pair of a corpus.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, example_fields, register
from gongkai.rules.facts import NARRATIVE
from gongkai.rules.series import SECTION_NAMES, Corpus, CorpusRule, SeriesRule, YearReport

# Y004: a section is compared when both years print at least this much of it (compacted):
# a two-line section 六 ("本年度未收取信息处理费") is rightly the same every year.
MIN_SECTION_CHARS = 40
# Share of this year's narrative (by shingles) found in last year's: above it, copied. One
# body's reports share set phrases and its name from year to year (generated series of one
# body, rewritten each year, share 50–55 %); a narrative mostly copied shares far more.
COPY_SHARE = 0.6
# ... or one long section (≥ SECTION_COPY_CHARS compacted) copied almost whole
SECTION_COPY_SHARE = 0.9
SECTION_COPY_CHARS = 200
# C004: sections this alike (estimated Jaccard similarity of their shingles) are the same
# text with a name or a figure changed; shared by this many other bodies, a template.
BOILERPLATE_JACCARD = 0.8
BOILERPLATE_BODIES = 4
MIN_BOILERPLATE_CHARS = 60
# ... found among MinHashLSH's candidates at BOILERPLATE_JACCARD: its bands and rows per band
# (``shingles.lsh_shape``, datasketch's choice, which imports scipy: a test holds them equal),
# the bands an audit stores for each section of at least MIN_BOILERPLATE_CHARS.
BOILERPLATE_LSH = (9, 13)
# the other bodies a finding names
BOILERPLATE_SHOWN = 2
# Y006: the sentences quoted in a finding
SHOWN_SENTENCES = 2


@register
class CopiedNarrative(SeriesRule):
    """## 检查内容 / What it checks
    本年报告的文字部分（第一部分总体情况、第五部分存在的主要问题及改进情况、第六部分其他需要报告的
    事项）有六成以上与同一机关上一年度报告相同，或其中一个较长的部分（200字以上）九成以上相同。
    比较时去掉章节标题、空白和标点，把数字都看作相同，按5个字一组的片段计算本年文字中有多大比例在
    上一年报告中出现（MinHash 估算，误差约4个百分点），两年都不足40字的部分不比较。提示中写明每一
    部分的相同比例。

    Over 60 % of this year's narrative (sections 一, 五 and 六) is last year's, or one long
    section (200 characters or more) is over 90 % last year's: the share of this year's
    5-character pieces (whitespace and punctuation dropped, every digit alike) found in the
    same body's report of the year before, estimated by MinHash (about ±4 points). A section
    shorter than 40 characters in either year is not compared.

    ## 为什么重要 / Why it matters
    年度报告应当总结当年的工作；照搬上一年的文字（只改数字）说明报告没有认真编写，各地评估和通报
    都把“内容雷同”列为问题。

    A report sums up its own year; last year's text with the figures changed is a report not
    written, which evaluators single out as 内容雷同.

    ## 示例 / Example
    不符：2024年报告的总体情况和存在的问题与2023年报告几乎逐字相同，只改了年份和数字。相符：重新撰写。

    Failing: the 2024 narrative is the 2023 one with new years and figures. Passing: rewritten.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条（年度报告的内容）；《国务院办公厅政府信息与政务公开
    办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）。

    Art. 50 of the Regulations; the 2021 format's notice.
    """

    code = "Y004"
    name = "copied-narrative"
    title = "文字部分照搬上年报告"
    severity = "warning"
    summary = "over 60 % of the narrative (sections 一, 五, 六), or 90 % of a long section, is the body's text of the year before"
    message = "文字部分约{actual}与{prev_year}年报告相同：{shares}"
    example = example_fields(actual="78%", shares="第一部分（总体情况）81%，第五部分（存在的主要问题及改进情况）70%",
                             prev_year=2023, year=2024)

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterator[Finding]:
        mine, theirs = cur.facts(), prev.facts()
        numbers = [n for n in NARRATIVE if min(mine.chars(n), theirs.chars(n)) >= MIN_SECTION_CHARS]
        if not numbers:
            return
        here = [mine.sketches[n].signature for n in numbers]
        there = [theirs.sketches[n].signature for n in numbers]
        shares = [a.containment(b) for a, b in zip(here, there, strict=True)]
        total = sum(s.size for s in here)
        share = sum(c * s.size for c, s in zip(shares, here, strict=True)) / total if total else 0.0
        whole = [c for c, s in zip(shares, here, strict=True) if c > SECTION_COPY_SHARE and s.size >= SECTION_COPY_CHARS]
        if share > COPY_SHARE or whole:
            shown = "，".join(f"{SECTION_NAMES[n]}{c:.0%}" for n, c in zip(numbers, shares, strict=True))
            yield self.pair_finding(prev, cur, expected=f"≤{COPY_SHARE:.0%}", actual=f"{share:.0%}", shares=shown)


@register
class StaleYearText(SeriesRule):
    """## 检查内容 / What it checks
    本年报告中有提到上一年份的句子，与上一年度报告中的句子一字不差：例如2024年报告中写着
    “2023年，我局共收到政府信息公开申请12件”，而这句话正是2023年报告的原文。这是沿用上年报告时
    没有改掉的年份。与上年对比的句子（“较2023年增长”）不会出现在上年报告中，不算。

    A sentence of this year's report that names last year and is, word for word, a sentence of
    last year's report: text copied over with its year left unchanged. A comparison with last
    year (较2023年增长) is not in last year's report, and is not flagged.

    ## 为什么重要 / Why it matters
    沿用上年文字而年份未改，会把上一年的情况当作本年的情况报告，读者无从分辨。

    Last year's sentence with last year's date reports last year's facts as this year's.

    ## 示例 / Example
    不符：2024年报告写“2023年，我局共收到政府信息公开申请12件”，与2023年报告原句相同。
    相符：“2024年，我局共收到申请15件，较2023年增加3件”。

    Failing: the 2024 report repeats the 2023 sentence naming 2023. Passing: a sentence that
    compares with 2023.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十九条、第五十条（报告上一年度的工作情况）。

    Arts. 49 and 50 of the Regulations: the report covers the year before its deadline.
    """

    code = "Y006"
    name = "stale-year-text"
    title = "沿用上年报告的句子未改年份"
    severity = "warning"
    summary = "a sentence naming last year is word for word a sentence of last year's report"
    message = "{count}句提到{prev_year}年的话与{prev_year}年报告原文相同：{quoted}"
    example = example_fields(count=1, quoted="“2023年，我局共收到政府信息公开申请12件”", prev_year=2023, year=2024)

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterator[Finding]:
        theirs = set(prev.facts().dated.get(prev.year, ()))
        if not theirs:
            return
        same = list(dict.fromkeys(s for s in cur.facts().dated.get(prev.year, ()) if s in theirs))
        if same:
            quoted = "；".join(f"“{s[:40]}{'…' if len(s) > 40 else ''}”" for s in same[:SHOWN_SENTENCES])
            yield self.pair_finding(prev, cur, actual=len(same), count=len(same), quoted=quoted)


@register
class BoilerplateSection(CorpusRule):
    """## 检查内容 / What it checks
    某一文字部分（通常是第五部分“存在的主要问题及改进情况”，也检查第一、第六部分）与其他至少4个机关
    报告的同一部分几乎相同（去掉章节标题、空白和标点，数字看作相同后，5字片段的 Jaccard 相似度不低于0.8，
    由 MinHash LSH 在全部报告中查找，不逐对比较）。不足60字的部分不比较。同一机关不同年度的
    重复由 Y004 检查。

    A section (五 usually; 一 and 六 too) near-identical to the same section of at least 4
    other bodies' reports: Jaccard similarity of 5-character pieces ≥ 0.8, found by MinHash
    LSH over the corpus, never pair by pair. Sections under 60 characters are left out; one
    body's own years are Y004's.

    ## 为什么重要 / Why it matters
    各机关照抄同一模板写“存在的问题”，说明没有查找自身的问题；这本身不一定是错误，所以作为提示，
    供审核时关注。

    Many bodies printing one template for their own problems did not look for theirs; not a
    defect in itself, so info, for the reviewer to weigh.

    ## 示例 / Example
    提示：同一县的6个乡镇的第五部分都是“公开内容的深度和广度还需加强……”，只改了机关名称。
    相符：各自写明本机关的问题。

    Flagged: six townships of one county print one 存在的问题 with their names changed.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条（年度报告应包括存在的主要问题及改进情况）。

    Art. 50 of the Regulations: a report states the body's own problems and improvements.
    """

    code = "C004"
    name = "boilerplate-section"
    title = "文字部分与众多机关的报告雷同"
    severity = "info"
    summary = "a narrative section is near-identical to that of ≥ 4 other bodies (MinHash LSH over the corpus)"
    message = "{section}与其他{count}个机关报告的同一部分几乎相同（如{names}）"
    example = example_fields(section="第五部分（存在的主要问题及改进情况）", count=5,
                             names="某某镇人民政府2024年、某某街道办事处2024年")

    def check_corpus(self, corpus: Corpus) -> Iterator[Finding]:
        for number in NARRATIVE:
            for near in corpus.near(number, BOILERPLATE_JACCARD, MIN_BOILERPLATE_CHARS, BOILERPLATE_SHOWN):
                if near.bodies < BOILERPLATE_BODIES:
                    continue
                names = "、".join(f"{o.key}{o.year}年" for o in near.first)
                message = self.message.format(section=SECTION_NAMES[number], count=near.bodies, names=names)
                yield Finding(self.code, self.name, self.severity, message, near.report.source, actual=near.bodies,
                              other=near.first[0].other())
