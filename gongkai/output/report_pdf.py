"""DOCX → PDF through LibreOffice headless: the PDF is the DOCX as LibreOffice lays it out, so
the two never differ in content.

Each conversion runs in its own temporary directory with its own profile and HOME (parallel
conversions sharing a profile silently produce nothing) and is killed, with everything it
started, after ``CONVERT_TIMEOUT`` seconds. A failure is a `ConversionError` whose message
says in Chinese what to do; the API turns it into a usage error.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CONVERT_TIMEOUT = 180.0  # seconds; a first start of LibreOffice on a loaded machine takes ~20 s
MAX_PDF_BYTES = 200 * 1024 * 1024
NO_LIBREOFFICE = "生成 PDF 需要安装 LibreOffice（soffice 命令），本机未安装；请安装后重试，或改用 --to docx 后自行转换"


class ConversionError(Exception):
    """LibreOffice is missing or could not convert the document (message in Chinese)."""


def soffice() -> str | None:
    """The LibreOffice executable, None if it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_from_docx(docx: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The PDF LibreOffice makes of DOCX bytes; ConversionError if it cannot."""
    exe = soffice()
    if exe is None:
        raise ConversionError(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="gongkai-render-") as tmp:
        src = Path(tmp, "report.docx")
        src.write_bytes(docx)
        outdir = Path(tmp, "out")
        cmd = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=tmp, TMPDIR=tmp)
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=tmp, env=env, start_new_session=True)
        except OSError as e:
            raise ConversionError(f"无法启动 LibreOffice 生成 PDF（{e.strerror or e}）") from None
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice 在 {timeout:g} 秒内未能生成 PDF，已终止") from None
        finally:
            _kill(proc)  # soffice.bin may linger after the launcher script exits
        result = outdir / "report.pdf"
        if not result.exists():
            said = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f"（{said[-1][:200]}）" if said else ""
            raise ConversionError(f"LibreOffice 未能把文档转换为 PDF{detail}")
        with result.open("rb") as f:
            return f.read(MAX_PDF_BYTES)


def _kill(proc: subprocess.Popen) -> None:
    """Kill the conversion's process group (it may have started others) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.returncode is None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=5)
