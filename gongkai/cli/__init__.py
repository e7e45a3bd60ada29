"""The `gongkai` command: arguments in, output out. The work is done by ``gongkai.api``.

Only this package knows click. Every error the library raises on purpose is a GongkaiError:
it is printed as one line and the exit code is 2, as is any usage fault (an unknown rule
code or output format, a settings file that cannot be used, a file that cannot be written).
A command module registers its commands on the group in ``base``; importing it here adds
them to `gongkai`.
"""

from gongkai.cli import audit, author, bodies, corpus, coverage, read, render, returns, reviews, template, web  # noqa: F401  (registers their commands)
from gongkai.cli.base import cli, main

__all__ = ["cli", "main"]
