"""Shared text measured by MinHash over character shingles (``datasketch``).

Chinese has no spaces between words, so a text is compared as its set of overlapping
``SHINGLE``-character pieces after dropping what does not make it another text: whitespace
and punctuation (layout), and digits, which are all read as ``0`` (a narrative copied with
this year's figures put in is still copied). MinHash estimates the Jaccard similarity of two
such sets from ``NUM_PERM`` hash minima, and LSH finds the near-identical pairs of a corpus
without comparing every pair. ``datasketch`` comes with the ``store`` extra (the audit);
it is imported when a text is first measured.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

SHINGLE = 5  # characters: a short Chinese phrase; shorter pieces are shared by any two reports
NUM_PERM = 128  # hash functions: the Jaccard estimate's standard error is about 0.04
_DROP = re.compile(r"[\s\u3000!-/:-@\[-`{-~、。，；：？！“”‘’《》〈〉【】〔〕（）·…—]+")
_DIGITS = re.compile(r"[0-9]")


def compact(text: str) -> str:
    """The text as compared: no whitespace or punctuation, every digit ``0``."""
    return _DIGITS.sub("0", _DROP.sub("", text))


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash and the number of distinct shingles it has (the size of its set)."""

    minhash: Any  # datasketch.LeanMinHash
    size: int

    def jaccard(self, other: Signature) -> float:
        return float(self.minhash.jaccard(other.minhash))

    def containment(self, other: Signature) -> float:
        """The estimated share of this text's shingles found in ``other``:
        |A∩B| = J·(|A|+|B|)/(1+J) with J the estimated Jaccard similarity."""
        if not self.size:
            return 0.0
        j = self.jaccard(other)
        return min(1.0, j * (self.size + other.size) / (1 + j) / self.size)


def shingles(text: str) -> set[bytes]:
    """The distinct ``SHINGLE``-character pieces of a compacted text (the whole text if shorter)."""
    t = compact(text)
    if len(t) <= SHINGLE:
        return {t.encode()} if t else set()
    return {t[i:i + SHINGLE].encode() for i in range(len(t) - SHINGLE + 1)}


def signatures(texts: Sequence[str]) -> list[Signature]:
    """The Signatures of ``texts`` (one MinHash each, hashed in bulk)."""
    from datasketch import LeanMinHash, MinHash

    sets = [shingles(t) for t in texts]
    # CRC-32 (C, deterministic across processes) instead of datasketch's SHA-1: 4-5× faster,
    # and the permutations on top of it spread its values as MinHash needs
    hashes = MinHash.bulk(sets, num_perm=NUM_PERM, hashfunc=zlib.crc32)
    return [Signature(LeanMinHash(h), len(s)) for h, s in zip(hashes, sets, strict=True)]


def near_duplicates(sigs: Sequence[Signature], threshold: float) -> list[list[int]]:
    """For each signature, the indexes of the others whose estimated Jaccard similarity with
    it is at least ``threshold``: candidates from MinHash LSH (banded buckets, never every
    pair), each confirmed on its estimate."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for i, s in enumerate(sigs):
        lsh.insert(i, s.minhash, check_duplication=False)
    out: list[list[int]] = []
    for i, s in enumerate(sigs):
        out.append(sorted(j for j in lsh.query(s.minhash) if j != i and s.jaccard(sigs[j]) >= threshold))
    return out


# What finds each text's near duplicates among ``texts`` at a Jaccard ``threshold``: the corpus
# rules call it; ``near_texts`` in this process, or the API's Dask shuffle at national scale.
Neighbours = Callable[[Sequence[str], float], list[list[int]]]


def near_texts(texts: Sequence[str], threshold: float) -> list[list[int]]:
    """``near_duplicates`` of the texts' signatures: one MinHashLSH in this process."""
    return near_duplicates(signatures(texts), threshold)


def lsh_shape(threshold: float) -> tuple[int, int]:
    """The bands and rows per band ``near_duplicates`` cuts signatures into at ``threshold``
    (datasketch's choice): a distributed LSH must use the same to find the same candidates."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(sig: Signature, bands: int, rows: int) -> list[bytes]:
    """A signature's bands as MinHashLSH buckets them: two signatures are candidates if any
    band's hash values are equal."""
    values = sig.minhash.hashvalues
    return [values[b * rows:(b + 1) * rows].tobytes() for b in range(bands)]


def similar(a: Signature, b: Signature, threshold: float) -> bool:
    """A candidate pair confirmed as ``near_duplicates`` confirms it."""
    return a.jaccard(b) >= threshold
