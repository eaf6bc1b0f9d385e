"""Dates found in article metadata and page headers, normalised to YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Longest names first so that "September" is not read as "Sep" + "tember".
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MDY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.I)


def _make(year: str, month: str | int, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:  # 2024-02-30 and the like: not a date after all
        return None


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first valid date written anywhere in `text`, with the match that spelled it."""
    found = []
    for pattern in (_ISO, _MDY, _DMY):
        for m in pattern.finditer(text):
            if pattern is _ISO:
                iso = _make(*m.groups())
            elif pattern is _MDY:
                iso = _make(m[3], _MONTHS[m[1].lower()], m[2])
            else:
                iso = _make(m[3], _MONTHS[m[2].lower()], m[1])
            if iso:
                found.append((m.start(), iso, m))
                break
    if not found:
        return None
    _, iso, m = min(found, key=lambda f: f[0])
    return iso, m


def normalize_date(value: str | None) -> str | None:
    """YYYY-MM-DD for a metadata date value (ISO date or datetime, "Month D, YYYY", RFC 2822)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if len(value) > 64:  # a date field, not prose that happens to contain a date
        return None
    found = find_date(value)
    if found:
        return found[0]
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
