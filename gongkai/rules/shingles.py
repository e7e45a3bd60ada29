"""Shared text measured by MinHash over character shingles (``datasketch``).

Chinese has no spaces between words, so a text is compared as its set of overlapping
``SHINGLE``-character pieces after dropping what does not make it another text: whitespace
and punctuation (layout), and digits, which are all read as ``0`` (a narrative copied with
this year's figures put in is still copied). MinHash estimates the Jaccard similarity of two
such sets from ``NUM_PERM`` hash minima, and LSH finds the near-identical pairs of a corpus
without comparing every pair.

A Signature is datasketch's MinHash of the set (its "affine32" scheme, seed ``SEED``, the
shingles hashed with CRC-32) computed with numpy alone: the audit computes one per section
in each worker process, and importing datasketch there (it imports scipy) cost each worker
more time and memory than all its signatures (a test holds the values equal to
datasketch's). ``datasketch`` itself, with the ``store`` extra, finds the near-identical
pairs (``near_duplicates``: its MinHash LSH). numpy (which datasketch brings) is imported
when a text is first measured: the core package imports without it.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

SHINGLE = 5  # characters: a short Chinese phrase; shorter pieces are shared by any two reports
NUM_PERM = 128  # hash functions: the Jaccard estimate's standard error is about 0.04
SEED = 1  # datasketch's default: its permutations
SCHEME = "affine32"  # datasketch's default since 2.0: h → a·fmix32(h) + b mod 2³²
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's 32-bit finalizer
_DROP = re.compile(r"[\s\u3000!-/:-@\[-`{-~、。，；：？！“”‘’《》〈〉【】〔〕（）·…—]+")
_DIGITS = re.compile(r"[0-9]")


def compact(text: str) -> str:
    """The text as compared: no whitespace or punctuation, every digit ``0``."""
    return _DIGITS.sub("0", _DROP.sub("", text))


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash (``NUM_PERM`` hash minima) and the number of distinct shingles it has
    (the size of its set)."""

    values: Any  # numpy uint32 array of NUM_PERM minima
    size: int

    def jaccard(self, other: Signature) -> float:
        """The estimated Jaccard similarity: the share of equal minima (as datasketch's)."""
        return float((self.values == other.values).sum()) / float(NUM_PERM)

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


@functools.cache
def _permutations() -> tuple[Any, Any, Any]:
    """datasketch's affine permutations for ``SEED`` (odd ``a``, any ``b``, uint32) and the
    minima of an empty set."""
    import numpy as np

    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b, np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


def minhash(pieces: set[bytes]) -> Any:
    """The MinHash values of a set of shingles: CRC-32 of each (C, the same in every
    process), the MurmurHash3 finalizer, then each permutation's minimum."""
    import numpy as np

    a, b, empty = _permutations()
    if not pieces:
        return empty.copy()
    hv = np.fromiter(map(zlib.crc32, pieces), dtype=np.uint32, count=len(pieces))
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX32)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    return np.minimum(empty, (hv[:, None] * a + b).min(axis=0))


def signatures(texts: Sequence[str]) -> list[Signature]:
    """The Signatures of ``texts``."""
    out = []
    for text in texts:
        pieces = shingles(text)
        out.append(Signature(minhash(pieces), len(pieces)))
    return out


def signature_bytes(sig: Signature) -> bytes:
    """A Signature's MinHash values as bytes (little-endian uint32), to store beside its report."""
    return sig.values.astype("<u4").tobytes()


def signature_from_bytes(data: bytes, size: int) -> Signature:
    """The Signature ``signature_bytes`` stored (``size``: its number of distinct shingles)."""
    import numpy as np

    return Signature(np.frombuffer(data, dtype="<u4").astype(np.uint32), size)


def near_duplicates(sigs: Sequence[Signature], threshold: float) -> list[list[int]]:
    """For each signature, the indexes of the others whose estimated Jaccard similarity with
    it is at least ``threshold``: candidates from datasketch's MinHash LSH (banded buckets,
    never every pair), each confirmed on its estimate."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    lean = [LeanMinHash(seed=SEED, hashvalues=s.values, scheme=SCHEME) for s in sigs]
    for i, m in enumerate(lean):
        lsh.insert(i, m, check_duplication=False)
    return [sorted(j for j in lsh.query(m) if j != i and sigs[i].jaccard(sigs[j]) >= threshold)
            for i, m in enumerate(lean)]


# What finds each signature's near duplicates among ``sigs`` at a Jaccard ``threshold``: the
# corpus rules call it; ``near_duplicates`` in this process, or the API's Dask shuffle at
# national scale (the signatures were computed by the audit's workers and stored).
Neighbours = Callable[[Sequence[Signature], float], list[list[int]]]


def lsh_shape(threshold: float) -> tuple[int, int]:
    """The bands and rows per band ``near_duplicates`` cuts signatures into at ``threshold``
    (datasketch's choice): a distributed LSH must use the same to find the same candidates."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def similar(a: Signature, b: Signature, threshold: float) -> bool:
    """A candidate pair confirmed as ``near_duplicates`` confirms it."""
    return a.jaccard(b) >= threshold


def similar_many(left: Sequence[bytes], right: Sequence[bytes], threshold: float) -> list[bool]:
    """``similar`` of each pair of stored MinHash values (``signature_bytes``), in one numpy
    comparison: candidate pairs read from a database a batch at a time, confirmed as
    ``near_duplicates`` confirms them (the same share of equal minima, the same ``>=``)."""
    import numpy as np

    if not left:
        return []
    a = np.frombuffer(b"".join(left), dtype="<u4").reshape(len(left), NUM_PERM)
    b = np.frombuffer(b"".join(right), dtype="<u4").reshape(len(right), NUM_PERM)
    return ((a == b).sum(axis=1) / float(NUM_PERM) >= threshold).tolist()


# FNV-1a's 64-bit offset and prime, then splitmix64's finalizer: a band's hash values
# folded into one 64-bit integer. Equal bands always give equal buckets; unequal ones
# collide about once in 2⁶⁴, which only adds a candidate (each is confirmed).
_FNV_OFFSET, _FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3
_MIX64 = (30, 0xBF58476D1CE4E5B9, 27, 0x94D049BB133111EB, 31)


def band_buckets(minhashes: Sequence[bytes], bands: int, rows: int) -> list[list[int]]:
    """For each stored MinHash (``signature_bytes``), its ``bands`` bands of ``rows`` values
    (as MinHashLSH cuts them: the first bands × rows values) each hashed to a signed 64-bit
    integer, so that a database can group sections by band without holding the values:
    two signatures are MinHashLSH candidates exactly when one band's buckets are equal
    (a hash collision aside). Vectorised over all of them at once."""
    import numpy as np

    if not minhashes:
        return []
    values = np.frombuffer(b"".join(minhashes), dtype="<u4").reshape(len(minhashes), NUM_PERM)
    cut = values[:, :bands * rows].reshape(len(minhashes), bands, rows).astype(np.uint64)
    h = np.full((len(minhashes), bands), _FNV_OFFSET, dtype=np.uint64)
    prime = np.uint64(_FNV_PRIME)
    for i in range(rows):
        h = (h ^ cut[:, :, i]) * prime
    s1, m1, s2, m2, s3 = (np.uint64(c) for c in _MIX64)
    h = (h ^ (h >> s1)) * m1
    h = (h ^ (h >> s2)) * m2
    h = h ^ (h >> s3)
    return h.view(np.int64).tolist()
