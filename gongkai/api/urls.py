"""Sources given as fsspec URLs (``file:///data/2024/x.pdf``, ``zip://2024/x.pdf::file:///data/a.zip``,
``s3://bucket/2024/`` where s3fs is installed): listed, hashed and read through the file
system fsspec has for their protocol, so that a cluster's workers read a corpus where it is
rather than having it shipped to them.

The readers take bytes (``readers.read_bytes``), so a URL's reader is the same as a path's:
the bytes are read here, by whoever reads the source (a worker of the dask engine, a process
of the local pool), at most ``readers.MAX_BYTES`` of them; a ``file://`` URL is read as its
path is (``readers.load``: the same checks for a directory, a pipe, a file too large). A URL
is stored and shown as given, normalised (``normalise``: ``..`` and ``.`` resolved, a local
path made absolute), so that a re-run finds it stored.

fsspec comes with Dask (the ``dask`` extra) and is imported where used: ``UsageError`` names
the URL and the package for a protocol without an implementation on this machine.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gongkai.errors import ReadError, UsageError
from gongkai.readers import MAX_BYTES, load, os_reason

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

# A URL: a protocol and "://" (a local path never starts so), or a chain ("simplecache::s3://…").
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*(?:://|::)")
LOCAL = ("file", "local")  # fsspec's protocols for this machine's files


def is_url(source: str) -> bool:
    """Whether a source given is a URL rather than a path."""
    return bool(_URL.match(source))


def _segments(url: str) -> list[tuple[str, str]]:
    """A URL's chain as (protocol, path) pairs, outermost first (``zip://a.pdf::file:///x.zip``:
    the member, then the archive)."""
    from fsspec.core import split_protocol

    out = []
    for segment in url.split("::"):
        protocol, path = split_protocol(segment)
        out.append((protocol or "file", path))
    return out


def normalise(url: str) -> str:
    """The URL as stored: each path of its chain with ``.`` and ``..`` resolved (a local one
    made absolute), trailing slashes dropped."""
    parts = []
    for protocol, path in _segments(url):
        if protocol in LOCAL:
            path = os.path.normpath(os.path.abspath(path))
        elif path:
            path = posixpath.normpath(path)
            path = "" if path == "." else path
        parts.append(f"{protocol}://{path}")
    return "::".join(parts)


def check_available(url: str) -> None:
    """UsageError (exit 2) naming the URL and what is missing when a protocol of its chain
    has no implementation here: an unknown protocol, or one whose package is not installed."""
    try:
        import fsspec
    except ImportError as e:
        raise UsageError(f"无法读取 {url}：读取 URL 需要 fsspec 软件包（pip install 'gongkai[dask]'） / "
                         f"reading URLs needs the fsspec package: {e}") from None
    for protocol, _ in _segments(url):
        try:
            fsspec.get_filesystem_class(protocol)
        except ImportError as e:
            raise UsageError(f"无法读取 {url}：协议 {protocol}:// 所需的软件包未安装 / the package for "
                             f"{protocol}:// is not installed ({e})") from None
        except ValueError:
            raise UsageError(f"无法读取 {url}：不支持的协议 {protocol}:// / no file system is known for "
                             f"{protocol}://") from None


def _filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The file system and path of a URL (OSError where it cannot be reached: an archive
    that is not there, a service that does not answer)."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    return fs, path


def listing(url: str) -> list[str] | None:
    """The files under a URL that names a directory (hidden ones left out), as URLs in the
    order a local walk gives them (a directory's files, then its sub-directories', sorted);
    None for a URL that names a file (or nothing: reading it says so). OSError where the
    file system cannot be reached or listed."""
    check_available(url)
    fs, root = _filesystem(url)
    if not fs.isdir(root):
        return None
    head, _, rest = normalise(url).partition("::")
    protocol = head.split("://", 1)[0]
    base = root.rstrip("/")
    found = []
    for path in fs.find(root):
        relative = path[len(base):].lstrip("/") if base else path.lstrip("/")
        parts = relative.split("/")
        if any(p.startswith(".") for p in parts):
            continue
        found.append((tuple(parts[:-1]), parts[-1], path))
    found.sort()
    return [f"{protocol}://{path}" + (f"::{rest}" if rest else "") for *_, path in found]


def fingerprint(url: str) -> tuple[str, int]:
    """The SHA-256 and size of the file a URL names, read in blocks from its file system."""
    digest = hashlib.sha256()
    size = 0
    for block in _blocks(url):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def _blocks(url: str) -> Iterator[bytes]:
    import fsspec

    with fsspec.open(url, "rb") as f:
        while block := f.read(1 << 20):
            yield block


def read_url(url: str) -> bytes:
    """The bytes of the file a URL names (at most ``MAX_BYTES``), read where the caller runs;
    ReadError (in the reader's words) where it cannot be reached or read."""
    try:
        check_available(url)
    except UsageError as e:  # a worker without the package: this source fails, the run goes on
        raise ReadError(url, str(e)) from None
    segments = _segments(url)
    if len(segments) == 1 and segments[0][0] in LOCAL:
        try:
            return load(segments[0][1])
        except ReadError as e:
            raise ReadError(url, e.reason) from None
    try:
        return _read_remote(url)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as e:
        raise ReadError(url, os_reason(e)) from None
    except (OSError, ValueError, RuntimeError) as e:  # a service that does not answer, a broken archive
        raise ReadError(url, f"无法读取 / cannot read: {_first_line(e)}") from None


def _read_remote(url: str) -> bytes:
    import fsspec

    with fsspec.open(url, "rb") as f:
        data: bytes = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadError(url, f"文件过大 / too large for a report: more than {MAX_BYTES / 2**20:.0f} MiB")
    return data


def _first_line(e: Any) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:200] if text else type(e).__name__
