"""The one error type readers raise: it names the file and the problem in plain words."""


class ReadError(Exception):
    """A source that cannot be read as a report (empty, binary, unknown form, …)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
