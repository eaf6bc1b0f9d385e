"""Cleaning of plain text copied from a web page: keep the article, drop the page around it.

Web copy puts one paragraph per line, mixed with page furniture: section and reading-time
labels, a repeated headline, photo captions, bylines, "Related" links and a closing list of
other headlines. Each rule below targets a kind of furniture, not a particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphbuild.ingest.dates import find_date

HEADER_LINES = 10  # a date line this near the top is the article's date
SHORT = 200  # longer lines are body text, whatever they start with

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\ufeff]")
_END_QUOTES = "\"'”’»)]"

# Navigation headings that introduce a closing list of other articles.
_NAV = re.compile(
    r"(?i)(?:explore(?: more)?|more (?:stories|news|articles|from .{1,40}|on this topic)"
    r"|read (?:more|next)|up next|what to read next|trending(?: now| stories| news)?"
    r"|related(?: articles| stories| news| content| coverage| topics)?"
    r"|recommended(?: for you| stories| articles| reading)?"
    r"|you (?:may|might) also (?:like|be interested in)|most (?:read|popular|viewed|shared)"
    r"|latest(?: news| stories| headlines)?|top stories|editor'?s picks?|don'?t miss)\s*:?"
)
_READ_TIME = re.compile(r"(?i)^\d+\s*-?\s*min(?:ute)?s?\.?\s+(?:read|reading|listen)\b")
_RELATED = re.compile(
    r"^Related(?=[A-Z0-9:\"'“‘]|\s*$)"  # "RelatedNATO calls on…": a link glued to its label
    r"|^(?i:related (?:articles?|stories|news|coverage|content|links?|posts?|reading|videos?))\b"
)
_PREFIX = re.compile(
    r"(?i)^(?:read more|read also|also read|see also|more on this|recommended|advertisement"
    r"|sponsored|continue reading|click here|sign up|subscribe|follow us|share (?:this|on)"
    r"|reporting by|editing by|writing by|additional reporting|compiled by)\b"
)
_LABEL = re.compile(
    r"(?i)^(?:sources?|via|watch|listen|video|photos?|gallery|audio|tags?|topics?|filed under"
    r"|categor(?:y|ies)|credits?|image)\s*:"
)
_BYLINE = re.compile(r"^(?:By|BY|Written by|Words by)\s+\S")
_CAPTION = re.compile(
    r"(?i)\b(?:photo|photograph|picture|image)\s*(?::|/)"  # "/ Photo: Reuters", "AP Photo/…"
    r"|\(\s*(?:[a-z]+\s+)?photo\b|\bphoto(?:graph)?\s+(?:by|credit)\b"
    r"|\b(?:getty images|shutterstock)\b|^©|^copyright\b|\(c\)\s*\d{4}"
)
_CRUMB_SEP = re.compile(r"\s+[|›»>/]\s+")
_UI_WORDS = frozenset(
    {
        *("share", "tweet", "email", "print", "comments", "advertisement", "menu", "home"),
        *("close", "search", "loading", "facebook", "twitter", "whatsapp", "linkedin"),
        *("copy link", "back to top", "skip to content", "skip to main content", "sign in"),
    }
)


@dataclass(frozen=True)
class Cleaned:
    text: str  # paragraphs joined by a blank line
    date: str | None  # YYYY-MM-DD, from a date line in the page header


def clean_text(raw: str) -> str:
    """The article text of web-page copy, paragraphs joined by "\\n\\n"."""
    return clean(raw).text


def clean(raw: str) -> Cleaned:
    """The article text of web-page copy, and the date its header gives."""
    lines = _drop_nav_tail([_normalise(line) for line in raw.splitlines()])
    date = None
    kept: list[str] = []
    seen: set[str] = set()
    nonblank = 0
    for line in lines:
        if not line:
            kept.append("")
            continue
        nonblank += 1
        line_date = _date_line(line)
        if line_date:
            if date is None and nonblank <= HEADER_LINES:
                date = line_date
            continue
        if is_furniture(line) or line in seen:  # a repeated line is a repeated headline
            continue
        seen.add(line)
        kept.append(line)
    return Cleaned("\n\n".join(_paragraphs(kept)), date)


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence ("…so far." or '…well."'), not like a heading."""
    line = line.rstrip(_END_QUOTES)
    if not line.endswith((".", "!", "?")):
        return False
    last = line.split()[-1] if line.split() else ""
    return last.count(".") < 2  # "p.m." or "U.S." close abbreviations, not sentences


def is_furniture(line: str) -> bool:
    """Whether a (normalised, non-empty) line is page furniture rather than article text."""
    if _CAPTION.search(line):
        return True
    if len(line) > SHORT:
        return False
    words = line.split()
    return bool(
        _READ_TIME.match(line)
        or _RELATED.match(line)
        or _PREFIX.match(line)
        or _LABEL.match(line)
        or line.casefold().rstrip(":") in _UI_WORDS
        or (_BYLINE.match(line) and len(words) <= 8 and not ends_sentence(line))
        or _is_caps_label(line, words)
        or _is_breadcrumb(line)
    )


def _normalise(line: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _is_caps_label(line: str, words: list[str]) -> bool:
    # Section names and labels ("WORLD", "RECOMMENDED", "4 MIN READ"), not capitalised prose.
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and line == line.upper() and len(words) <= 5 and len(line) <= 40


def _is_breadcrumb(line: str) -> bool:
    # "Politics | Europe", "News › World › Asia": navigation, not a headline.
    parts = _CRUMB_SEP.split(line)
    return len(parts) > 1 and len(line) <= 80 and all(len(p.split()) <= 3 for p in parts)


def _date_line(line: str) -> str | None:
    # A dateline or timestamp: a date and at most a few other words ("Published 22 Feb 2024").
    if len(line) > 80:
        return None
    found = find_date(line)
    if not found:
        return None
    iso, match = found
    rest = (line[: match.start()] + " " + line[match.end() :]).split()
    if len(rest) > 6 or (ends_sentence(line) and len(rest) > 2):
        return None
    return iso


def _drop_nav_tail(lines: list[str]) -> list[str]:
    # A navigation heading followed only by headline-like lines ends the article:
    # walk back over such lines and cut at the earliest heading among them.
    cut = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if _NAV.fullmatch(lines[i]):
            cut = i
        elif not _is_tail_line(lines[i]):
            break
    return lines[:cut]


def _is_tail_line(line: str) -> bool:
    # Headlines may ask a question; they do not end with a full stop.
    question = line.rstrip(_END_QUOTES).endswith("?")
    return (
        not line
        or is_furniture(line)
        or (len(line) <= SHORT and (question or not ends_sentence(line)))
    )


def _paragraphs(lines: list[str]) -> list[str]:
    # Rejoin a paragraph hard-wrapped over lines: the next line continues a sentence that
    # the previous one left open (lowercase start, or the previous ends with a comma).
    paragraphs: list[str] = []
    open_block = False
    for line in lines:
        if not line:
            open_block = False
            continue
        prev = paragraphs[-1] if open_block and paragraphs else ""
        if prev and (prev.endswith(",") or (line[0].islower() and not ends_sentence(prev))):
            paragraphs[-1] = f"{prev} {line}"
        else:
            paragraphs.append(line)
        open_block = True
    return paragraphs


def tidy(text: str) -> str:
    """Light normalisation for text that is already an article (JSON and CSV records):
    uniform spaces and line ends, at most one blank line between paragraphs."""
    lines = [_normalise(line) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
