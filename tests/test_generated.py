"""Reports the tests generate: random consistent tables in every layout real dumps have.

The extractor must read every cell. Where the printed text really allows more than one
reading (glued digits), a cell may differ from the truth only if it is marked uncertain.

Nothing generated is skipped silently. The generator never draws a variant a layout cannot
carry (``CANNOT_CARRY`` says why for each), and the loops below count what they ran: a draw
that does not run (its variant printed nothing) is counted with its reason, and a test fails
when fewer than ``FLOOR`` of any layout's draws ran.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from generators.synth import CANNOT_CARRY, LAYOUTS, NEEDS, VARIANTS, carried, generate
from gongkai.extract import extract_document
from gongkai.readers import read_bytes

SEEDS_PER_LAYOUT = 40
SEEDS_PER_VARIANT = 5
FLOOR = 0.95  # of each layout's draws that must run


def check(synthetic, data: bytes | None = None, name: str = "generated.txt"):
    data = synthetic.text.encode("utf-8") if data is None else data
    report = extract_document(read_bytes(data, name))
    national = {k for k in report.cells if not k.startswith("x.")}
    assert national == set(synthetic.cells)
    wrong = {k: (report.cells[k], v) for k, v in synthetic.cells.items()
             if report.cells[k] != v and not report.provenance[k].uncertain}
    assert wrong == {}, (synthetic.layout, synthetic.variants)
    for key, value in synthetic.meta.items():
        assert report.meta[key] == value, key
    return report


class Tally:
    """What a loop over generated cases ran, per layout: draws, runs, skips with their reasons,
    and the layouts never drawn (with the generator's reason)."""

    def __init__(self, what: str):
        self.what = what
        self.drawn: Counter[str] = Counter()
        self.ran: Counter[str] = Counter()
        self.skipped: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.not_drawn: dict[str, str] = {}

    def run(self, layout: str) -> None:
        self.drawn[layout] += 1
        self.ran[layout] += 1

    def skip(self, layout: str, reason: str) -> None:
        self.drawn[layout] += 1
        self.skipped[layout][reason] += 1

    def report(self) -> str:
        lines = [f"{self.what}: ran {sum(self.ran.values())} of {sum(self.drawn.values())} draws"]
        for layout in self.drawn:
            skips = "; ".join(f"{n} skipped: {why}" for why, n in self.skipped[layout].items())
            lines.append(f"  {layout}: ran {self.ran[layout]} of {self.drawn[layout]}" + (f" ({skips})" if skips else ""))
        lines += [f"  {layout}: not drawn, {why}" for layout, why in self.not_drawn.items()]
        return "\n".join(lines)

    def require(self, floor: float = FLOOR) -> None:
        """Print the tally; fail if any layout ran fewer than ``floor`` of its draws."""
        print(self.report())
        short = [layout for layout, n in self.drawn.items() if self.ran[layout] < floor * n]
        assert self.drawn and not short, f"fewer than {floor:.0%} of the draws ran for {short}\n{self.report()}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(SEEDS_PER_LAYOUT))
def test_layout(layout, seed):
    """One random draw: its format, variants (each the layout carries, with probability 1/4) and
    cells. The generator draws only what the layout carries, so no draw is ever skipped."""
    check(generate(seed, layout=layout))


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_alone(variant):
    """The variant alone in every layout that carries it (the others are listed with the reason
    they cannot). A draw runs only if the variant changed the printed text."""
    tally = Tally(f"{variant} alone")
    for layout in LAYOUTS:
        if variant not in carried(layout):
            tally.not_drawn[layout] = CANNOT_CARRY[layout].get(variant) or CANNOT_CARRY[layout][NEEDS[variant]]
            continue
        for seed in range(1000, 1000 + SEEDS_PER_VARIANT):
            s = generate(seed, layout=layout, variants=(variant,))
            plain = generate(seed, layout=layout, variants=(NEEDS[variant],) if variant in NEEDS else ())
            if s.text == plain.text:
                tally.skip(layout, "the variant printed nothing")
                continue
            check(s)
            tally.run(layout)
    tally.require()


def test_draws_carry_what_their_layout_carries():
    """Random draws hold only variants their layout carries, with the variants those need; asking
    for one a layout cannot carry is refused with the reason."""
    seen: Counter[tuple[str, str]] = Counter()
    for seed in range(300):
        layout = LAYOUTS[seed % len(LAYOUTS)]
        s = generate(seed, layout=layout)
        assert set(s.variants) <= set(carried(layout)), (seed, layout, s.variants)
        assert all(NEEDS[v] in s.variants for v in s.variants if v in NEEDS), s.variants
        seen.update((layout, v) for v in s.variants)
    assert {(layout, v) for layout in LAYOUTS for v in carried(layout)} == set(seen)
    for layout, cannot in CANNOT_CARRY.items():
        assert layout in LAYOUTS and set(cannot) <= set(VARIANTS)
        for variant, reason in cannot.items():
            with pytest.raises(ValueError, match="cannot carry") as e:
                generate(0, layout=layout, variants=(variant,))
            assert reason in str(e.value)
    with pytest.raises(ValueError):
        generate(0, layout="tabs", version="2019", collapsed=True)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings(encoding):
    for seed in range(10):
        s = generate(2000 + seed, layout="tabs")
        check(s, s.text.encode(encoding))


def test_uncertain_cells_are_rare_and_honest():
    """Glued digits: most rows have one split; the rest are flagged, never silently wrong."""
    flagged = total = 0
    for seed in range(60):
        s = generate(3000 + seed, layout="glued")
        report = check(s)
        flagged += len(report.uncertain_cells())
        total += len(s.cells)
    assert flagged < 0.05 * total


def test_unlabeled_table_is_read_by_order():
    """A table whose label column was lost entirely: 25 value rows in printed order."""
    s = generate(4000, layout="tabs", version="2021", variants=())
    lines = []
    for line in s.text.split("\n"):
        cells = line.split("\t")
        if len(cells) >= 9 and sum(c.isdigit() for c in cells) >= 7:
            line = "\t".join(c for c in cells if c.isdigit())
        lines.append(line)
    check(s, "\n".join(lines).encode())
