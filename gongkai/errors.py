"""The errors the library raises: one hierarchy, so callers catch ``gongkai.GongkaiError``.

Every error names what it is about (a file, a setting, a rule code) and the problem in
plain words; the CLI prints ``str(error)`` as one line and exits 2. Nothing deeper in the
package lets a bare ``ValueError`` or ``KeyError`` reach a caller of ``gongkai.api``:
an unexpected failure while extracting or checking one source becomes ``InternalError``
(with the original exception as ``__cause__``), so a batch can record it and go on.

    GongkaiError
    ├── ReadError        a source that cannot be read as a report
    ├── InternalError    a bug met while extracting or checking one source
    ├── ConfigError      a settings file that cannot be used
    └── UsageError       an argument that cannot be used (unknown rule code, format …)
"""

from __future__ import annotations


class GongkaiError(Exception):
    """Base of every error gongkai raises on purpose."""


class ReadError(GongkaiError):
    """A source that cannot be read as a report (empty, binary, unknown form, corrupt …)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InternalError(GongkaiError):
    """Extraction or checking of one source failed in an unexpected way (a bug in gongkai).

    ``reason`` names the original exception; it is also chained as ``__cause__``.
    """

    def __init__(self, source: str, error: BaseException):
        self.source = source
        self.reason = f"internal error: {type(error).__name__}: {error}"
        super().__init__(f"{source}: {self.reason}")


class ConfigError(GongkaiError):
    """A settings file (gongkai.toml, pyproject.toml) that cannot be read or used."""


class UsageError(GongkaiError):
    """An argument that cannot be used: an unknown rule code, output format, format version …"""
