"""The one error type readers raise: it names the file and the problem in plain words.

Defined with the library's other errors in ``gongkai.errors``; readers import it from here.
"""

from gongkai.errors import ReadError

__all__ = ["ReadError"]
