"""Text every writer takes: what the readers give is made safe before anything stores it.

A lone surrogate (a JSON escape such as "\\ud800", or a file name that is not valid UTF-8,
which Python decodes with surrogate escapes) cannot be encoded as UTF-8: SQLite, spaCy and
every exporter would raise on it. It becomes U+FFFD. Control characters other than tab and
line breaks (NUL, BEL, ...) are removed: XML (GraphML, GEXF) and terminals refuse them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from graphbuild.model import Article, Failure

_UNENCODABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_text(text: str) -> str:
    return _CONTROL.sub("", _UNENCODABLE.sub("\ufffd", text))


def _opt(text: str | None) -> str | None:
    return None if text is None else safe_text(text)


def safe(item: Article | Failure) -> Article | Failure:
    """The item with every string field safe (the same object when nothing needed it)."""
    if isinstance(item, Failure):
        return Failure(safe_text(item.where), safe_text(item.reason))
    return replace(item, id=safe_text(item.id), text=safe_text(item.text),
                   title=safe_text(item.title), date=_opt(item.date), url=_opt(item.url),
                   source=_opt(item.source),
                   extra={safe_text(k): safe_text(v) for k, v in item.extra.items()})
