"""Legacy Word, WPS and Excel files (.doc, .wps, .xls, .et: OLE compound files) → Document,
by converting them to DOCX (or XLSX) with LibreOffice and reading that.

Before anything is started, the OLE container's directory is read (``_ole_streams``, bounded
by the file's size) to say what the file is: an encrypted document or a PowerPoint
presentation is refused in words; a Word or Works document is converted to DOCX, an Excel
(BIFF) workbook to XLSX. The
conversion runs LibreOffice headless in its own temporary directory, profile and HOME, and is
killed, with everything it started, after ``CONVERT_TIMEOUT`` seconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
import tempfile
from pathlib import Path

from gongkai.model import Document
from gongkai.readers.docx import docx_lines
from gongkai.readers.errors import ReadError
from gongkai.readers.office import MAX_PART_BYTES, number_lines, reason_of
from gongkai.readers.xlsx import read_xlsx

CONVERT_TIMEOUT = 120.0  # seconds for LibreOffice to convert one legacy document
NO_LIBREOFFICE = ("需要安装 LibreOffice 才能读取 / legacy Word/WPS document: converting it needs LibreOffice (soffice), "
                  "which is not installed")


def read_legacy(data: bytes, source: str) -> Document:
    """Read a legacy Word/WPS file or Excel workbook (an OLE container) by converting it to
    DOCX or XLSX with LibreOffice."""
    streams = _ole_streams(data)
    suffix = _legacy_kind(data, source, streams)
    if suffix == ".xls":
        return read_xlsx(_convert(data, source, suffix, "xlsx:Calc MS Excel 2007 XML"), source, form="xls")
    docx = _convert(data, source, suffix)
    return Document(source=source, lines=number_lines(docx_lines(docx, source)), form="doc")


def soffice() -> str | None:
    """The LibreOffice executable, None if it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _ole_streams(data: bytes) -> dict[str, tuple[int, int]] | None:
    """Names of the streams in an OLE compound file → (start sector, size); None if the
    container cannot be parsed. Only the directory is read (bounded by the file's size)."""
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return None
        size = 1 << shift
        nsect = max(len(data) // size - 1, 0)
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        difat, ndifat = struct.unpack_from("<II", data, 0x44)
        seen = 0
        while difat < nsect and seen < ndifat and seen < nsect:
            off = (difat + 1) * size
            entries = struct.unpack_from(f"<{size // 4}I", data, off)
            fat_sectors += entries[:-1]
            difat, seen = entries[-1], seen + 1
        fat: list[int] = []
        for s in fat_sectors:
            if s >= nsect:
                continue
            fat += struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size)
        out: dict[str, tuple[int, int]] = {}
        sector = struct.unpack_from("<I", data, 0x30)[0]
        visited: set[int] = set()
        while sector < nsect and sector not in visited and len(visited) < nsect:
            visited.add(sector)
            base = (sector + 1) * size
            for e in range(size // 128):
                entry = data[base + e * 128: base + (e + 1) * 128]
                if len(entry) < 128:
                    break
                name_len = struct.unpack_from("<H", entry, 0x40)[0]
                kind = entry[0x42]
                if kind in (1, 2, 5) and 2 <= name_len <= 64:
                    name = entry[:name_len - 2].decode("utf-16-le", "replace")
                    start, length = struct.unpack_from("<II", entry, 0x74)
                    out.setdefault(name, (start, length))
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
        return out
    except (struct.error, IndexError, ValueError):
        return None


def _legacy_kind(data: bytes, source: str, streams: dict[str, tuple[int, int]] | None) -> str:
    """The file suffix to convert a legacy file under, or ReadError for what is not a Word file."""
    if not streams:
        raise ReadError(source, "文件已损坏 / corrupt legacy Office document: its OLE directory cannot be read")
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise ReadError(source, "文件已加密 / encrypted (password-protected) Office document: it needs a password to open")
    if "WordDocument" in streams:
        start, length = streams["WordDocument"]
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if length >= 4096:  # a stream this size is in regular sectors: its FIB is the first one
            fib = data[(start + 1) << shift: ((start + 1) << shift) + 12]
            if len(fib) == 12:
                ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 0x0A)[0]
                if ident in (0xA5EC, 0xA5DC) and flags & 0x0100:
                    raise ReadError(source, "文件已加密 / encrypted (password-protected) Word document: it needs a password to open")
        return ".doc"
    if "Workbook" in streams or "Book" in streams:
        start, length = streams.get("Workbook") or streams["Book"]
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if length >= 4096:  # in regular sectors: a workbook stream opens with a BOF record
            bof = data[(start + 1) << shift: ((start + 1) << shift) + 2]
            if len(bof) == 2 and bof not in (b"\x09\x08", b"\x09\x04", b"\x09\x02", b"\x09\x00"):
                raise ReadError(source, "文件已损坏 / corrupt legacy Excel workbook (.xls/.et): its workbook stream "
                                        "does not open with a BOF record")
        return ".xls"
    if "PowerPoint Document" in streams:
        raise ReadError(source, "不是文字文档 / a legacy PowerPoint presentation (.ppt/.dps), not a Word document")
    if "CONTENTS" in streams or source.lower().endswith(".wps"):
        return ".wps"  # Microsoft Works
    shown = ", ".join(sorted(n for n in streams if n.isprintable())[:6])
    raise ReadError(source, f"不是 Word 或 WPS 文档 / an OLE container that is not a Word or WPS document (it holds: {shown})")



def _convert(data: bytes, source: str, suffix: str, target: str = "docx:MS Word 2007 XML") -> bytes:
    """DOCX (or ``target``'s) bytes converted from a legacy file by LibreOffice headless: its
    own temporary directory, profile and HOME (parallel conversions sharing a profile
    silently fail), killed with everything it started after CONVERT_TIMEOUT seconds."""
    what = ("无法转换旧版 Excel 工作簿 / legacy Excel workbook" if suffix == ".xls"
            else "无法转换旧版 Word/WPS 文档 / legacy Word/WPS document")
    exe = soffice()
    if exe is None:
        raise ReadError(source, NO_LIBREOFFICE if suffix != ".xls" else NO_LIBREOFFICE.replace(
            "legacy Word/WPS document", "legacy Excel workbook (.xls/.et)"))
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        src = os.path.join(tmp, "in" + suffix)
        outdir = os.path.join(tmp, "out")
        with open(src, "wb") as f:
            f.write(data)
        cmd = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", target, "--outdir", outdir, src]
        env = dict(os.environ, HOME=tmp, TMPDIR=tmp)
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=tmp, env=env, start_new_session=True)
        except OSError as e:
            raise ReadError(source, f"{what}: cannot start LibreOffice ({reason_of(e)})") from None
        try:
            out, err = proc.communicate(timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ReadError(source, f"{what}: LibreOffice did not convert it within "
                                    f"{CONVERT_TIMEOUT:g} s") from None
        finally:
            _kill(proc)  # soffice.bin may linger after the launcher script exits
        result = os.path.join(outdir, "in." + target.split(":")[0])
        if not os.path.exists(result):
            said = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f" ({said[-1][:200]})" if said else ""
            raise ReadError(source, f"{what}: LibreOffice could not convert it{detail}")
        with open(result, "rb") as f:
            return f.read(MAX_PART_BYTES + 1)


def _kill(proc: subprocess.Popen) -> None:
    """Kill the conversion's process group (it may have started others) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.returncode is None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=5)
