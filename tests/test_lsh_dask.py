"""MinHash LSH as a Dask shuffle (``gongkai.distributed.lsh``) finds exactly the near
duplicates the local pass finds (``rules.shingles.near_duplicates``, one MinHashLSH in one
process): the audit's signatures' bands grouped by key, pairs confirmed per bucket."""

from __future__ import annotations

import random
from functools import partial

import pytest

from generators.corpus_text import BOILERPLATE, overview, problems

pytestmark = pytest.mark.integration

distributed = pytest.importorskip("distributed")
from gongkai.distributed.lsh import near_duplicates
from gongkai.rules.shingles import band_keys, lsh_shape, signatures, similar
from gongkai.rules.shingles import near_duplicates as local_near_duplicates


def texts() -> list[str]:
    """Independent narratives, a county's boilerplate with each township's name put in, and
    copies of a few narratives with their figures changed: near duplicates of three kinds."""
    rng = random.Random(5)
    own = [overview(rng) + problems(rng) for _ in range(60)]
    shared = [f"{name}镇：{BOILERPLATE}" for name in ("黄羊", "武南", "清源", "永昌", "双城", "丰乐", "高坝", "金羊")]
    copied = [t.replace("。", "，共12件。", 1) for t in own[:5]]
    out = own + shared + copied
    rng.shuffle(out)
    return out


def test_the_shuffle_finds_exactly_the_local_near_duplicates():
    corpus = signatures(texts())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        assert near_duplicates([], client=client, bands=list, similar=similar) == []
        for threshold in (0.5, 0.8):  # Y004's share and C004's Jaccard similarity
            bands, rows = lsh_shape(threshold)  # the local pass's bands and rows
            local = local_near_duplicates(corpus, threshold)
            assert sum(map(len, local)) >= 8 * 7 + 2 * 5  # the boilerplate and the copies were found
            found = near_duplicates(corpus, client=client,
                                    bands=partial(band_keys, bands=bands, rows=rows),
                                    similar=partial(similar, threshold=threshold), per_partition=16)
            assert found == local, threshold
