"""Charts of a comparison for reports and slides: each chosen cell's trend across years per
body or region, and how requests were concluded (shares of 办理结果总计).

Drawn with matplotlib's Agg backend (no display needed) in a CJK font found on the
machine: without one every Chinese label would print as empty boxes, so no CJK font is
an error naming the fonts to install, never a silent blank chart. SVG keeps its text as
text (``svg.fonttype = none``), so the labels stay searchable and editable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

# Fonts with the Chinese characters, the first installed one is used.
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "Source Han Sans CN", "Noto Serif CJK SC", "SimHei", "Microsoft YaHei", "PingFang SC")
SUFFIXES = (".png", ".svg")
MAX_LINES = 12  # groups drawn in a trend; more would be an unreadable tangle


class ChartError(Exception):
    """A chart that cannot be drawn as asked (no CJK font, an unknown file type)."""


def cjk_font() -> str:
    """The name of an installed font that has Chinese characters."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    raise ChartError("no Chinese (CJK) font found for the chart labels; install one, e.g. "
                     "apt-get install fonts-wqy-microhei (or fonts-noto-cjk)")


def draw(path: str | os.PathLike[str], trends: Mapping[str, Mapping[str, Mapping[int, float]]],
         shares: Mapping[str, Mapping[str, float]], shares_title: str, by: str) -> None:
    """Write a PNG or SVG (by ``path``'s suffix): one panel per trend (label → group →
    {year: value}), then one of stacked outcome shares (group → {outcome: share})."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in SUFFIXES:
        raise ChartError(f"cannot draw a chart as {suffix or 'a file without a suffix'}: name it .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    panels = len(trends) + (1 if shares else 0)
    if not panels:
        raise ChartError("nothing to draw: no report in the store has these cells for the chosen bodies and years")
    group = "机关" if by == "body" else "地区"
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"],
                         "axes.unicode_minus": False, "svg.fonttype": "none"}):
        fig, axes = plt.subplots(panels, 1, figsize=(9, 3.2 * panels), squeeze=False)
        for ax, (label, lines) in zip(axes[:, 0], trends.items(), strict=False):
            _trend(ax, label, lines, group)
        if shares:
            _shares(axes[-1, 0], shares, shares_title, group)
        fig.tight_layout()
        fig.savefig(os.fspath(path), dpi=100)
        plt.close(fig)


def _trend(ax: Any, label: str, lines: Mapping[str, Mapping[int, float]], group: str) -> None:
    shown = sorted(lines, key=lambda g: -max(lines[g].values()))[:MAX_LINES]
    for g in shown:
        years = sorted(lines[g])
        ax.plot(years, [lines[g][y] for y in years], marker="o", label=g)
    more = f"（仅列数值最大的 {MAX_LINES} 个{group}）" if len(lines) > MAX_LINES else ""
    ax.set_title(f"{label} 历年变化{more}", loc="left", fontsize=11)
    ax.set_xlabel("年度")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)


def _shares(ax: Any, shares: Mapping[str, Mapping[str, float]], title: str, group: str) -> None:
    groups: Sequence[str] = sorted(shares)[:MAX_LINES * 2]
    outcomes = list(dict.fromkeys(o for g in groups for o in shares[g]))
    left = [0.0] * len(groups)
    for outcome in outcomes:
        widths = [shares[g].get(outcome, 0.0) * 100 for g in groups]
        ax.barh(groups, widths, left=left, label=outcome)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("占办理结果总计的百分比（%）")
    ax.set_title(title, loc="left", fontsize=11)
    ax.invert_yaxis()
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
