"""Rules: text (see gongkai/rules/__init__.py for how rules are written)."""

from __future__ import annotations
