"""Near-duplicate texts across a corpus on a Dask cluster: MinHash LSH as a shuffle.

``rules.shingles.near_duplicates`` puts every signature into one ``datasketch.MinHashLSH``
in one process. Here each signature's bands (``rows`` hash values each, as MinHashLSH cuts
them) become keys, the bag of (band, item) is grouped by key (a task shuffle: no process
holds every signature), and only items that share a bucket are compared, in the bucket's
task, with the caller's own test. What comes back to the client is the verified pairs.
Never an all-pairs loop: a pair is compared only if MinHashLSH would have returned it as a
candidate, so the neighbours are exactly the local ones (a ``rules.shingles.Neighbours``
for ``rules.check_corpus`` over signatures held in memory).

The audit does not use it: its signatures are in its database, which stores each
section's bands and groups them itself (``store/lsh.py``), on either engine.

Like the rest of this package it knows nothing of reports: the caller hands it the
signatures, the function that cuts a signature's bands and the one that confirms a pair.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from distributed import Client

S = TypeVar("S")

PER_PARTITION = 2000  # signatures a partition holds (≈ 0.5 KB each)


def near_duplicates(sigs: Sequence[S], *, client: Client, bands: Callable[[S], Sequence[Hashable]],
                    similar: Callable[[S, S], bool], per_partition: int = PER_PARTITION) -> list[list[int]]:
    """For each signature, the indexes of the others it is ``similar`` to among those sharing
    one of its ``bands``: the bands are grouped in a shuffle and each bucket's pairs are
    confirmed in the bucket's task."""
    import dask.bag as db

    if not sigs:
        return []
    signed = db.from_sequence(list(enumerate(sigs)), partition_size=per_partition)
    keyed = signed.map(banded, bands).flatten()
    buckets = keyed.groupby(bucket_key, shuffle="tasks", npartitions=max(1, keyed.npartitions))
    pairs = buckets.map(confirmed, similar).flatten().distinct()
    out: list[set[int]] = [set() for _ in sigs]
    for i, j in client.compute(pairs).result():
        out[i].add(j)
        out[j].add(i)
    return [sorted(n) for n in out]


def banded(item: tuple[int, S], bands: Callable[[S], Sequence[Hashable]]) -> list[tuple[tuple[int, Hashable], int, S]]:
    """One record per band of a signature: ((band number, band's hash values), index, signature)."""
    i, sig = item
    return [((b, key), i, sig) for b, key in enumerate(bands(sig))]


def bucket_key(record: tuple[tuple[int, Hashable], int, S]) -> tuple[int, Hashable]:
    return record[0]


def confirmed(bucket: tuple[tuple[int, Hashable], list[tuple[tuple[int, Hashable], int, S]]],
              similar: Callable[[S, S], bool]) -> Iterator[tuple[int, int]]:
    """The pairs of a bucket (index, index, the smaller first) that ``similar`` confirms."""
    _, members = bucket
    for (_, i, a), (_, j, b) in combinations(sorted(members, key=lambda m: m[1]), 2):
        if i != j and similar(a, b):
            yield (i, j)
