"""Bad input never gives a traceback or hangs: each file that cannot be read gets a clear
reason, in the library (ReadError) and on the command line (an "error" line, exit 2), and
the other files are still extracted."""

from __future__ import annotations

import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

import gongkai
from conftest import CORPUS_DIR, SEED_000, TEXT_SOURCES, expected_for, json_lines, run_cli
from gongkai.readers import MAX_BYTES, ReadError

# ---------------------------------------------------------------------------------------------
# Files that are not reports, each with the reason it must be refused with.


def _png() -> bytes:
    """A real 1×1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def _docx(path: Path, text: str) -> None:
    """A minimal DOCX (a ZIP with word/document.xml) holding ``text``."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')


def _not_utf8_nor_gb18030(seed: bytes) -> bytes:
    # 0xFF is never valid in UTF-8 and never valid in GB18030; put it at a line start.
    at = seed.index(b"\n", 600) + 1
    return seed[:at] + b"\xff\xff\x80" + seed[at:]


BAD_FILES = {
    # name: (bytes, or a function of tmp path that writes the file; reason pattern)
    "empty.txt": (b"", r"^文件为空 / empty file$"),
    "spaces.txt": (b"  \n\t\r\n   \n", r"only whitespace"),
    "ideographic-spaces.txt": ("\u3000\u3000\n \r\n\ufeff".encode("utf-8"), r"only whitespace"),
    "utf16-bom-only.txt": (b"\xff\xfe", r"only whitespace"),
    "nul-bytes.txt": (b"\x00" * 4096, r"^不是文本文件 / binary file: not text \(contains NUL bytes\)$"),
    "random-bytes.txt": (random.Random(1).randbytes(8192), r"^不是文本文件 / binary file: not text \(contains NUL bytes\)$"),
    "random-high-bytes.txt": (bytes(random.Random(2).choices(range(0x80, 0x100), k=8192)), r"^无法识别文件编码 / cannot decode"),
    "control-chars.txt": (bytes(random.Random(3).choices(range(1, 32), k=4096)), r"^不是文本文件 / binary file: too many control characters"),
    # a PDF is read as a PDF whatever its name (sniffed by content); a truncated one is refused
    "pdf-as-text.txt": (lambda p: p.write_bytes((CORPUS_DIR / "hongze-2024.pdf").read_bytes()[:5000]), r"^文件已损坏 / corrupt PDF"),
    "docx-as-text.txt": (lambda p: _docx(p, ""), r"^没有文字 / no text: the Word document is empty"),
    "report.docx": (lambda p: _docx(p, ""), r"^没有文字 / no text: the Word document is empty"),
    "png-as-text.txt": (_png(), r"^图片过小 / image too small to hold text"),
    "legacy.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"^文件已损坏 / corrupt legacy Office document"),
    "page.txt": (b"<!DOCTYPE html><html><body>  </body></html>", r"^没有文字 / no text: the HTML page has no text"),
    "bad-encoding.txt": (lambda p: p.write_bytes(_not_utf8_nor_gb18030(SEED_000.read_bytes())),
                         r"^无法识别文件编码 / cannot decode: not UTF-8 \(byte 0xff at offset \d+ is invalid\), not GB18030"),
    "bad-encoding-short.txt": (b"\x80\xff report \xfe\xff\n", r"^无法识别文件编码 / cannot decode"),
    "utf16-bom-then-garbage.txt": (b"\xff\xfe\x81\x30\xc0\xc1\xfe\xff garbage", r"byte-order mark but does not read as text"),
    "utf8-bom-then-invalid.txt": (b"\xef\xbb\xbf\xff\xfe\xfd", r"byte-order mark but is not valid utf-8"),
}


def _make(tmp_path: Path, name: str) -> Path:
    content, _ = BAD_FILES[name]
    path = tmp_path / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_with_a_clear_reason(name, tmp_path):
    path = _make(tmp_path, name)
    with pytest.raises(ReadError) as info:
        gongkai.extract(path)
    assert re.search(BAD_FILES[name][1], info.value.reason), info.value.reason
    assert info.value.source == str(path)
    assert str(path) in str(info.value)


def test_decoding_error_names_the_first_bad_byte(tmp_path):
    seed = SEED_000.read_bytes()
    path = tmp_path / "bad.txt"
    path.write_bytes(_not_utf8_nor_gb18030(seed))
    at = seed.index(b"\n", 600) + 1
    with pytest.raises(ReadError, match=rf"\(byte 0xff at offset {at} is invalid\)"):
        gongkai.extract(path)


def test_nonexistent_path(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        gongkai.extract(tmp_path / "missing.txt")


def test_directory_given_to_the_reader(tmp_path):
    with pytest.raises(ReadError, match="is a directory"):
        gongkai.extract(tmp_path)


def test_nul_in_path():
    with pytest.raises(ReadError, match="invalid path"):
        gongkai.extract("report\x00.txt")


# Things that could block or never end are read in a child process with a deadline, so that a
# regression fails the test instead of hanging the suite.


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = run_cli("extract", "--json", fifo, timeout=10)
    assert run.returncode == 2
    assert json_lines(run.stdout) == [{"source": str(fifo), "error": "不是普通文件 / not a regular file (a pipe, socket or device)"}]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_endless_device_does_not_hang():
    run = run_cli("extract", "--json", "/dev/zero", timeout=10)
    assert run.returncode == 2
    assert json_lines(run.stdout) == [{"source": "/dev/zero", "error": "不是普通文件 / not a regular file (a pipe, socket or device)"}]


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: costs no disk
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match=r"too large for a report: 16\.0 MiB \(limit 16 MiB\)"):
        gongkai.extract(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    shutil.copy(SEED_000, path)
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="permission denied"):
            gongkai.extract(path)
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root lists directories whatever their mode")
def test_unlistable_directory_in_a_walk(tmp_path):
    shutil.copy(SEED_000, tmp_path / "good.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        run = run_cli("extract", "--json", tmp_path)
    finally:
        locked.chmod(0o755)
    assert run.returncode == 2
    good, bad = json_lines(run.stdout)
    assert good["cells"] == expected_for(SEED_000)["cells"]
    assert bad == {"source": str(locked), "error": "cannot list directory: Permission denied"}


# ---------------------------------------------------------------------------------------------
# Files that are text but hold no or part of a report: a result, with every gap explained.


def test_report_without_tables(tmp_path):
    path = tmp_path / "narrative.txt"
    path.write_text("罗山县子路镇人民政府2021年政府信息公开工作年度报告\n\n一、总体情况\n\n"
                    "本年度我镇认真贯彻落实《中华人民共和国政府信息公开条例》，"
                    "全年未收到政府信息公开申请，未发生行政复议和行政诉讼。\n", encoding="utf-8")
    report = gongkai.extract(path)
    assert report.cells, "every cell key of the format is present"
    assert all(v is None for v in report.cells.values())
    for key in report.cells:
        assert report.provenance[key].reason, key
    assert report.provenance["t3.new_received.total"].reason == "表三未找到"
    assert report.provenance["t4.review.total"].reason == "表四未找到"


def test_table_three_cut_in_the_middle(tmp_path, seed_text, seed_expected):
    cut = seed_text.index("2.其他法律行政法规禁止公开")
    path = tmp_path / "truncated.txt"
    path.write_text(seed_text[:cut], encoding="utf-8")
    report = gongkai.extract(path)
    expected = seed_expected["cells"]
    assert set(report.cells) == set(expected)

    before = ("t2.", "t3.new_received.", "t3.carried_over.", "t3.granted.", "t3.partly_granted.",
              "t3.denied_state_secret.")
    for key, value in report.cells.items():
        prov = report.provenance[key]
        if key.startswith(before):
            assert value == expected[key], key
        else:  # cut off: missing, and provenance says why
            assert value is None, key
            assert prov.method == "absent" and prov.reason, key
    assert report.provenance["t3.denied_law_prohibited.total"].reason == "row not printed"
    assert report.provenance["t4.review.total"].reason == "表四未找到"



@pytest.mark.parametrize("stray", ["|", "||", "| |", "\t", "--", "|---|"])
def test_stray_table_frame_lines_inside_a_table(tmp_path, seed_text, seed_expected, stray):
    # A converter's leftover pipe or rule line between two rows (a lone "|" once crashed
    # the tokenizer): it is read as nothing, and every cell still comes out.
    at = seed_text.index("2.其他法律行政法规禁止公开")
    at = seed_text.rindex("\n", 0, at) + 1
    path = tmp_path / "stray.txt"
    path.write_text(seed_text[:at] + stray + "\n" + seed_text[at:], encoding="utf-8")
    report = gongkai.extract(path)
    assert report.cells == seed_expected["cells"]

# 10 MB inputs, run by the command with a deadline. Measured on a 2-core machine: about 0.8 s
# for the seed repeated, 1.2 s for table 三 repeated, 1.6 s for random CJK text (process start
# included); the bound leaves room for slow machines but catches a quadratic blow-up.
TEN_MB = 10 * 1024 * 1024
SLOW = 20.0


def _timed_extract(path: Path) -> dict:
    start = time.monotonic()
    run = run_cli("extract", "--json", "--no-provenance", path, timeout=3 * SLOW)
    elapsed = time.monotonic() - start
    assert run.returncode == 0, run.stderr
    assert elapsed < SLOW, f"{elapsed:.1f} s"
    (obj,) = json_lines(run.stdout)
    return obj


def test_ten_megabytes_of_a_real_report(tmp_path, seed_expected):
    one = SEED_000.read_bytes()
    path = tmp_path / "big.txt"
    path.write_bytes(one * (TEN_MB // len(one) + 1))
    assert TEN_MB < path.stat().st_size <= MAX_BYTES
    assert _timed_extract(path)["cells"] == seed_expected["cells"]


def test_ten_megabytes_of_table_three(tmp_path, seed_text, seed_expected):
    # Table 三 alone, repeated: 6,000 copies of its header and rows in one region. (One
    # version of the extractor took over 10 minutes on this.)
    start, end = seed_text.index("三、收到和处理"), seed_text.index("四、政府信息公开行政复议")
    data = seed_text[start:end].encode("utf-8")
    path = tmp_path / "table-three.txt"
    path.write_bytes(data * (TEN_MB // len(data) + 1))
    cells = _timed_extract(path)["cells"]
    t3 = {k: v for k, v in seed_expected["cells"].items() if k.startswith("t3.")}
    assert {k: cells[k] for k in t3} == t3


def test_ten_megabytes_of_random_chinese(tmp_path):
    rng = random.Random(0)
    chunk = "".join(chr(c) if c else "\n" for c in rng.choices([0] + list(range(0x4E00, 0x9FA6)), k=200_000))
    path = tmp_path / "random-cjk.txt"
    data = chunk.encode("utf-8")
    path.write_bytes(data * (TEN_MB // len(data) + 1))
    assert all(v is None for v in _timed_extract(path)["cells"].values())


# ---------------------------------------------------------------------------------------------
# Real reports: no error (an extraction bug must fail here, not hide behind the CLI's guard).


@pytest.mark.parametrize("source", TEXT_SOURCES, ids=lambda p: p.name)
def test_every_sample_report_extracts_without_error(source):
    report = gongkai.extract(source)
    expected = expected_for(source)
    assert set(expected["cells"]) <= set(report.cells)
    assert report.meta["year"] == expected["meta"]["year"]
    for key, value in report.cells.items():
        if value is None:
            assert report.provenance[key].reason, key


# ---------------------------------------------------------------------------------------------
# The command line: every bad file gets its own error line, the good ones still get cells.


def test_command_line_reports_each_bad_file_and_keeps_the_good(tmp_path):
    bad = [_make(tmp_path, name) for name in BAD_FILES]
    missing = tmp_path / "missing.txt"
    good = shutil.copy(SEED_000, tmp_path / "good.txt")
    args = [str(good), *map(str, bad), str(missing), str(tmp_path / "sub"), str(good)]
    (tmp_path / "sub").mkdir()
    shutil.copy(SEED_000, tmp_path / "sub" / "r.md")

    run = run_cli("extract", "--json", *args)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    lines = json_lines(run.stdout)
    by_source = {}
    for obj in lines:
        by_source.setdefault(obj["source"], obj)
    assert len(lines) == len(args)  # one line each; the directory gives its one report
    for path in bad:
        reason = by_source[str(path)]["error"]
        assert re.search(BAD_FILES[path.name][1], reason), (path.name, reason)
    assert by_source[str(missing)]["error"] == "找不到文件 / no such file"
    assert by_source[str(good)]["cells"] == expected_for(SEED_000)["cells"]
    assert by_source[str(tmp_path / "sub" / "r.md")]["cells"] == expected_for(SEED_000)["cells"]


def test_command_line_walks_a_directory_of_mixed_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(SEED_000, tmp_path / "a" / "good.txt")
    (tmp_path / "a" / "empty.txt").write_bytes(b"")
    (tmp_path / "b" / "binary.txt").write_bytes(random.Random(5).randbytes(2048))
    (tmp_path / "b" / "tiny.png").write_bytes(_png())  # images are walked (OCR): too small to read
    (tmp_path / "b" / "notes.csv").write_bytes(b"a,b\n")  # not a report ending: not walked
    (tmp_path / ".hidden" / "skip.txt").write_bytes(b"")
    shutil.copy(SEED_000, tmp_path / "good.md")

    run = run_cli("extract", "--json", tmp_path)
    assert run.returncode == 2, run.stderr
    lines = json_lines(run.stdout)
    sources = [o["source"] for o in lines]
    root = str(tmp_path)
    assert sources == [os.path.join(root, "good.md"), os.path.join(root, "a", "empty.txt"),
                       os.path.join(root, "a", "good.txt"), os.path.join(root, "b", "binary.txt"),
                       os.path.join(root, "b", "tiny.png")]
    assert [("cells" in o, "error" in o) for o in lines] == [(True, False), (False, True), (True, False), (False, True),
                                                             (False, True)]
    assert lines[1]["error"] == "文件为空 / empty file"


def test_command_line_terminal_output_on_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run = run_cli("extract", empty, SEED_000)
    assert run.returncode == 2
    assert f"{empty}: error: 文件为空 / empty file" in run.stderr
    assert "Traceback" not in run.stderr
    assert "罗山县子路镇人民政府" in run.stdout


# A reader that fails unexpectedly on one file, registered the documented way (READERS), so
# that the command's guard against internal errors is exercised by a real process.
_BROKEN_READER = """
import sys
import gongkai.readers as readers
from gongkai.cli import main
text = readers.READERS["text"]
def reader(data, source):
    if "boom" in source:
        raise RuntimeError("reader exploded")
    return text(data, source)
readers.READERS["text"] = reader
sys.argv[0] = "gongkai"
main()
"""


def test_internal_error_in_one_file_keeps_the_others(tmp_path):
    boom = shutil.copy(SEED_000, tmp_path / "boom.txt")
    good = shutil.copy(SEED_000, tmp_path / "good.txt")
    run = subprocess.run([sys.executable, "-c", _BROKEN_READER, "extract", "--json", str(boom), str(good)],
                         capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    first, second = json_lines(run.stdout)
    assert first == {"source": str(boom), "error": "internal error: RuntimeError: reader exploded"}
    assert second["cells"] == expected_for(SEED_000)["cells"]


def test_path_that_is_not_utf8(tmp_path):
    name = os.fsdecode(b"report-\xe9\xff.txt")  # bytes no encoding can decode: lone surrogates
    try:
        path = tmp_path / name
        path.write_bytes(SEED_000.read_bytes())
    except (UnicodeEncodeError, OSError):
        pytest.skip("file system refuses a non-UTF-8 name")
    run = run_cli("extract", "--json", tmp_path)
    assert run.returncode == 0, run.stderr
    (obj,) = json_lines(run.stdout)
    assert obj["source"] == str(path)
    assert obj["cells"] == expected_for(SEED_000)["cells"]
