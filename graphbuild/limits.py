"""What one input may hold (`graphbuild build --max-*`): a module of its own, so that the
command line reads the defaults without importing the readers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one input may hold. Past a limit a record or a file becomes a Failure; reading
    never stalls or holds more than `record_bytes`. The defaults are far above real news (the
    longest AllSides line is 55 KB, the longest article 54,000 characters)."""

    input_bytes: int = 4 << 30  # of one input file, after decompression
    record_bytes: int = 16 << 20  # of one line (JSON Lines), row (CSV) or .txt/.html file
    article_chars: int = 1_000_000  # of one article's text, after cleaning

    def record_error(self, what: str) -> str:
        return f"{what} longer than {self.record_bytes:,} bytes (limit: --max-record-bytes)"

    def input_error(self) -> str:
        return (f"more than {self.input_bytes:,} bytes (limit: --max-input-bytes);"
                " the rest of the file is not read")


LIMITS = Limits()
