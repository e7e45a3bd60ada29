"""The web app's settings and the places it keeps its own files.

The secret that signs session cookies comes from ``GONGKAI_SECRET`` or, failing that, from a
file generated once in the user's config folder (never in the repository, never in a served
folder). Uploads and rendered page images live in a data folder beside a SQLite database
(``audit.db`` → ``audit.db.web/``) or in the user's data folder for PostgreSQL: outside any
path the app serves.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

SECRET_ENV = "GONGKAI_SECRET"
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebSettings:
    """How the app behaves. ``public``: read-only pages open to anyone (False: every page
    needs a login); ``secure_cookies``: the session cookie only over https (set it when the
    app is served behind an https proxy); login throttling: after ``free_attempts`` failures
    (per name and per address, within ``throttle_window`` seconds) each attempt is delayed,
    doubling up to ``max_delay`` seconds, and after ``block_after`` it is refused until the
    window has passed."""

    public: bool = True
    max_upload: int = 50 * MB
    data_dir: Path | None = None  # default: beside the SQLite file, or the user's data folder
    secret: str | None = None  # default: GONGKAI_SECRET, or the generated file
    secure_cookies: bool = False
    free_attempts: int = 3
    block_after: int = 10
    throttle_window: float = 900.0
    max_delay: float = 8.0
    session_days: int = 7


def _user_dir(env: str, fallback: str) -> Path:
    base = os.environ.get(env)
    return Path(base) if base else Path.home() / fallback


def data_dir(db: str, settings: WebSettings) -> Path:
    """Where uploads and page images go: the setting, else ``<db>.web`` beside a SQLite file,
    else ``$XDG_DATA_HOME/gongkai/web`` (PostgreSQL)."""
    if settings.data_dir is not None:
        return Path(settings.data_dir)
    if "://" not in db:
        return Path(os.path.abspath(db) + ".web")
    return _user_dir("XDG_DATA_HOME", ".local/share") / "gongkai" / "web"


def secret_key(settings: WebSettings) -> str:
    """The key that signs the session cookies: the setting, ``GONGKAI_SECRET``, or a random
    key generated once into ``$XDG_CONFIG_HOME/gongkai/secret`` (mode 0600)."""
    if settings.secret:
        return settings.secret
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return from_env
    path = _user_dir("XDG_CONFIG_HOME", ".config") / "gongkai" / "secret"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server started at the same moment wrote it
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key)
    return key
