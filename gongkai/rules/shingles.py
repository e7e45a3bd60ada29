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

import functools
import re
import zlib
from collections.abc import Sequence
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
    # and the permutations on top of it spread its values as MinHash needs; the
    # permutations drawn once (datasketch draws them again for every bulk call)
    scheme, permutations = _permutations()
    hashes = MinHash.bulk(sets, num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=permutations, scheme=scheme)
    return [Signature(LeanMinHash(h), len(s)) for h, s in zip(hashes, sets, strict=True)]


@functools.cache
def _permutations() -> tuple[str, Any]:
    """The scheme and permutations of datasketch's MinHash with ``NUM_PERM`` and its default
    seed: every Signature is made with the same ones, so any two compare."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32)
    return m.scheme, m.permutations


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


def signature_bytes(sig: Signature) -> bytes:
    """A Signature's MinHash as bytes (datasketch's own LeanMinHash format: seed, scheme and
    hash values), to store beside its report."""
    buf = bytearray(sig.minhash.bytesize())
    sig.minhash.serialize(buf)
    return bytes(buf)


def signature_from_bytes(data: bytes, size: int) -> Signature:
    """The Signature ``signature_bytes`` stored (``size``: its number of distinct shingles)."""
    from datasketch import LeanMinHash

    return Signature(LeanMinHash.deserialize(data), size)
