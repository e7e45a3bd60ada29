"""The MinHash signatures the copy rules compare: datasketch's, computed without it.

The audit's workers compute each narrative section's signature with numpy alone (importing
datasketch costs a worker more than all its signatures); these must be exactly the values
datasketch's own MinHash gives, or the LSH of C004 and the estimates of Y004 would change.
"""

from __future__ import annotations

import subprocess
import sys
import zlib

from datasketch import LeanMinHash, MinHash

from conftest import SEEDS, TEXT_SOURCES
from gongkai import api
from gongkai.rules import facts_of, section_texts
from gongkai.rules.shingles import NUM_PERM, SCHEME, SEED, shingles, signature_bytes, signature_from_bytes, signatures


def _texts() -> list[str]:
    out = ["", "短", "本年度未收取信息处理费。"]
    for source in TEXT_SOURCES:
        doc = api.read(source)
        out += section_texts(doc, api.extract(doc)).values()
    return out


def test_signatures_are_datasketchs_minhash_of_the_same_shingles():
    texts = _texts()
    assert len(texts) > 20
    theirs = MinHash.bulk([shingles(t) for t in texts], num_perm=NUM_PERM, hashfunc=zlib.crc32)
    for text, ours, minhash in zip(texts, signatures(texts), theirs, strict=True):
        assert minhash.scheme == SCHEME and minhash.seed == SEED
        assert ours.values.tolist() == minhash.hashvalues.tolist(), text[:30]
        assert ours.size == len(shingles(text))
    a, b = signatures(texts[3:5])
    assert a.jaccard(b) == LeanMinHash(theirs[3]).jaccard(LeanMinHash(theirs[4]))


def test_a_signature_stored_as_bytes_reads_back_equal():
    for sig in signatures(_texts()[:8]):
        back = signature_from_bytes(signature_bytes(sig), sig.size)
        assert back.values.tolist() == sig.values.tolist() and back.size == sig.size
        assert len(signature_bytes(sig)) == 4 * NUM_PERM


def test_a_reports_facts_are_computed_without_importing_datasketch():
    code = ("import sys; from gongkai import api; from gongkai.rules import facts_of, section_texts; "
            f"doc = api.read({str(SEEDS[0])!r}); report = api.extract(doc); "
            "f = facts_of(section_texts(doc, report), report.meta.get('year')); "
            "assert f.sketches, 'no sketches'; print('datasketch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    doc = api.read(SEEDS[0])
    assert facts_of(section_texts(doc, api.extract(doc)), 2023).sketches
