"""Recognise printed row labels, whole or in fragments.

Labels arrive whole (``1.属于国家秘密``), glued to headers (``…本年处理决定数量行政许可``),
wrapped into fragments (``7. 属于行政执法案`` + ``卷``), spaced out, or with typos
(``其他法律行政止公开``). Three tiers, strongest first:

1. a label variant occurs in the text: the occurrence ending last wins, since it is the one
   printed next to the numbers;
2. the text is a fragment (≥ 3 characters) of exactly one target's labels;
3. the text is close to one target's label (edit similarity), for typos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from gongkai.normalize import label_core, label_key

_LEADING_MARKER = re.compile(r"^[0-9一二三四五六七八九十]+")


@dataclass(frozen=True, slots=True)
class Match:
    target: str  # the row or group key this label names
    strength: int  # 3 whole label, 2 fragment, 1 similar


class Matcher:
    """Matches text against the labels of one table (``targets``: key → printed variants)."""

    def __init__(self, targets: dict[str, tuple[str, ...]], min_fragment: int = 3, cutoff: float = 82):
        self._by_key: dict[str, str] = {}
        self._cores: list[tuple[str, str]] = []
        for target, variants in targets.items():
            for v in variants:
                k = label_key(v)
                self._by_key.setdefault(k, target)
                core = label_core(v)
                # a label of one or two characters (3.其他) is only recognised whole, with its marker
                if len(core) >= min_fragment:
                    self._cores.append((core, target))
        keys = sorted(self._by_key, key=len, reverse=True)
        self._whole = re.compile("|".join(re.escape(k) for k in keys)) if keys else None
        self._min_fragment = min_fragment
        self._cutoff = cutoff
        self._core_list = [c for c, _ in self._cores]
        self._memo: dict[str, Match | None] = {}

    def match(self, text: str) -> Match | None:
        """The target ``text`` names, if any (memoised: reports print the same labels)."""
        try:
            return self._memo[text]
        except KeyError:
            pass
        if len(self._memo) >= 20000:
            self._memo.clear()
        m = self._memo[text] = self._match(text)
        return m

    def _match(self, text: str) -> Match | None:
        k = label_key(text)
        if not k:
            return None
        if self._whole is not None:
            best = None
            for m in self._whole.finditer(k):
                if best is None or m.end() >= best.end():
                    best = m
            if best is not None:
                rest = _LEADING_MARKER.sub("", k[best.end():])
                if len(rest) >= 2:  # （四）无法提供 1.本机关不掌握相… : the row after the group
                    tail = self._fragment(rest)
                    if tail is not None:
                        return tail
                return Match(self._by_key[best.group()], 3)
        return self._fragment(label_core(text))

    def _fragment(self, core: str) -> Match | None:
        if len(core) < self._min_fragment:
            # two characters still name a row when they begin exactly one label (1.信访 …)
            if len(core) != 2:
                return None
            starts = {t for c, t in self._cores if c.startswith(core)}
            inside = {t for c, t in self._cores if core in c}
            return Match(next(iter(starts)), 2) if len(starts) == 1 and inside == starts else None
        hits = {t for c, t in self._cores if core in c}
        if len(hits) == 1:
            return Match(hits.pop(), 2)
        if hits or len(core) < 4:
            return None
        found = process.extract(core, self._core_list, scorer=fuzz.ratio, score_cutoff=self._cutoff, limit=4)
        targets = {self._cores[i][1] for _, _, i in found}
        if len(targets) == 1:
            return Match(targets.pop(), 1)
        if found and len(found) > 1:
            top = found[0]
            runner = next((f for f in found if self._cores[f[2]][1] != self._cores[top[2]][1]), None)
            if runner is None or top[1] - runner[1] >= 8:
                return Match(self._cores[top[2]][1], 1)
        return None
