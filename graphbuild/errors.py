"""graphbuild's errors: each has a code, so a message can be searched for."""

from __future__ import annotations


class GraphbuildError(Exception):
    """An error a user can act on; the CLI prints it on one line, without a traceback."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
