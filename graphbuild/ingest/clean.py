"""Cleaning of article text: keep the article, drop the page around it.

Two shapes of input get the same furniture rules:
- web copy (.txt, and the text trafilatura takes out of .html): one paragraph per line, a header
  with the date, maybe hard-wrapped paragraphs (`clean`);
- the text field of JSON Lines and CSV records, scraped with the furniture left in
  (`clean_record_text`).
Furniture comes as whole lines (`furniture_kind`: captions, bylines, newsletter prompts,
"Related" links, ...) and inside lines of article text (`inline_furniture`: The Hill's link
cards, photo credits, a glued "Ad Policy"). Each rule targets a kind of furniture, not a
particular article or site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from graphbuild.ingest.dates import find_date

HEADER_LINES = 10  # a date line this near the top is the article's date
SHORT = 200  # longer lines are body text, unless a rule for long furniture says otherwise
CREDIT_MAX = 300  # a photo credit ending a caption is shorter (the search looks no further)
CONTRIBUTORS_MAX = 400  # a credit line naming ten wire writers and their cities is shorter

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\ufeff]")
_END_QUOTES = "\"'”’»)]"

# Navigation headings that introduce a list of other articles.
_NAV = re.compile(
    r"(?i)(?:explore(?: more)?|more (?:stories|news|articles|on this topic"
    r"|from (?-i:[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,3}))"
    r"|read (?:more|next)|see also|up next|what to read next|trending(?: now| stories| news)?"
    r"|related(?: articles| stories| news| content| coverage| topics)?"
    r"|recommended(?: for you| stories| articles| reading)?"
    r"|you (?:may|might) also (?:like|be interested in)|most (?:read|popular|viewed|shared)"
    r"|latest(?: news| stories| headlines)?|top stories|editor'?s picks?|don'?t miss)\s*:?"
)

# Whole lines -----------------------------------------------------------------------------------

# A name as bylines and signatures write it: "Jane Doe", "J. Scott Applewhite", "DEB RIECHMANN".
_NAME = r"[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|de|van|von|der|la|le|da|di|du|del|bin|al)){1,3}"
# A credit to Getty Images: "Getty Images", "Saul Loeb/AFP via Getty Images".
_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"  # an initial or a capitalised word
_GETTY = rf"(?:{_WORD}(?: {_WORD}){{0,3}} ?/ ?)*(?:[A-Z][\w-]* via )?Getty Images"
# A photo credit: "(AP Photo/Evan Vucci)", "(Photo: Paul Vernon, AP)", "(Pixabay)",
# "REUTERS/Kevin Lamarque/File Photo", "Photo: Reuters"; a bare credit to Getty Images only
# ends or starts a line (prose may name the agency).
_CREDIT = (
    r"\((?:[A-Z][\w.]* )?(?:file )?(?i:photo|photograph|picture|image)s?"
    r"(?:\s*[:/]|\s+by\b|\s+courtesy\b|\))[^()]{0,150}\)?"
    r"|\([^()]{0,80}(?:Getty Images|/AP\b|/AFP\b|/Reuters\b|Shutterstock|Pixabay|Dreamstime)"
    r"[^()]{0,40}\)"
    r"|\bREUTERS/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:/File Photo)?"
    r"|/(?:Newscom|AP Images|Sipa USA|ZUMA Press|Shutterstock|iStock)\b"
    r"|\b(?:Photo|Photograph|Picture|Image|Credit)s?(?::| by) ?[A-Z][^.()]{0,80}"
)
_CAPTION_START = re.compile(
    r"(?i)^(?:file\s*[-–—_:]|file photo\b"
    r"|(?:file\s*[-–—_]\s*)?in this (?:[\w.,]+ ){0,6}?(?:file )?(?:photo|image)"
    r"(?:,| (?:provided|released|taken|made|from|shot)\b)"
    r"|this (?:undated |handout |file )?(?:photo|image) (?:shows|provided|released|taken|made)\b"
    r"|enlarge this image|(?:toggle|hide) caption"
    r"|photographer:|photo illustration|courtesy of\b|image (?:copyright|caption|source)\b"
    r"|slideshow \(\d+ images?\)|\((?:graphic|interactive graphic)\b)"
)
_CAPTION_END = re.compile(rf"(?:{_CREDIT}|{_GETTY}(?: for [A-Z]\w+)?)(?: More)?\s*$")
_CAPTION_ANY = re.compile(  # in a short line: a caption with its credit, or a credit alone
    rf"{_CREDIT}|(?i:(?:^|[.(|] ?)(?:photo|photograph|picture|image)s?\s*(?::|/)"
    r"|\(\s*(?:[a-z]+\s+)?photo\b|\bphoto(?:graph)?\s+(?:by|credit)\b|\bshutterstock\b)"
)
# Newsletter, subscription, membership and donation prompts ("Sign up for Daily Newsletters",
# "Ready to fight back? Sign up for Take Action Now ... in your inbox every week"): calls to
# the reader that reporting does not make. A line is a prompt when one opens it; one glued
# after a paragraph's sentences is cut from it (_GLUED_TAIL).
_CALL = (  # a sentence that calls for it: "Sign up for ...", "Get ... in your inbox"
    r"(?:Sign up|SIGN UP|Subscribe|SUBSCRIBE)\b(?i:.{0,100}?"
    r"\b(?:newsletters?|inbox|e-?mails?|alerts|briefing|updates|take action)\b)"
    r"|[^.!?]{0,80}\b(?:to|in) your inbox\b"
)
_PROMPT = re.compile(
    rf"(?:^|[.!?”)] )(?:{_CALL})"
    r"|(?i:\bnewsletters?\b.{0,60}\bsign up\b|\bby signing up\b|\bthank you for signing up\b"
    r"|\b(?:to|in) your inbox\b|\bmanage newsletters\b|\bclick here to subscribe\b"
    r"|\bsign up for (?:our|my)\b|\breader[- ]supported\b|\bchip in \$\d+ or more\b"
    r"|\bif you (?:enjoyed|liked|value) (?:this|our) (?:article|story|journalism|work)\b)"
    r"|\bBe the first to (?:hear|know) about\b"
)
_PROMPT_SHORT = re.compile(  # only in short lines
    r"(?:^|[.!?:] ?)(?:Subscribe|SUBSCRIBE|Sign[- ]up|SIGN UP)\b"
    r"|(?i:\bsubscribe (?:now|today|here)\b|\bsubscrib(?:e|ing) to [\w’' ]{0,40}"
    r"\b(?:newsletters?|podcasts?|channel)\b"
    r"|^(?:get|receive|register for|stay|want)\b.{0,100}\bnewsletters?\b"
    r"|^support (?:[\w’'-]+ ){1,3}journalism$|^stay (?:up to date|informed|in the know)\b)"
)
# Copyright, reprint and syndication notices, and the column disclaimer.
_RIGHTS = re.compile(
    r"(?i)^\(?(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}|\ball rights reserved\b"
    r"|\bmay not be (?:re)?published, broadcast\b|\breprint permission\b"
    r"|\bavailable without charge to any eligible news publisher\b"
    r"|^the (?:opinions|views) expressed\b.{0,80}\b(?:own|author|solely|those of)\b"
)
# Who wrote or helped: bylines, "X contributed to this report.", "Contributing: ...", "— Name".
_BYLINE = re.compile(r"^(?:By|BY|Written by|Words by)\s+\S")
_BYLINE_NAMES = re.compile(
    rf"^(?:By|BY)\s+{_NAME}(?:(?:,| and| &) {_NAME})*(?:,? (?:and )?(?:The )?{_NAME})?$"
)
_CONTRIBUTORS = re.compile(
    r"(?i:^contributing:"
    r"|^(?:additional reporting|reporting by|writing by|editing by|compiled by)\b"
    r"|^(?:[-–—]\s*)?with assistance (?:by|from)\b|^with [\w ]{1,20} wires\.?$)"
    rf"|^[-–—] ?{_NAME}$"  # a live blog's signature: "- Bart Jansen"
)
# A credit line at any length: "Jordain Carney contributed.", "—Al Weaver contributed. Updated
# at 7:37 p.m.", "Olsen reported from Copenhagen. Gregory Katz contributed from London.", "AP
# writers ... in Washington contributed to this report, which was updated at 5:46 p.m." Not
# prose: "Facebook has contributed $1.1 million", "the bill contributed to the impasse".
_CREDIT = re.compile(
    r"^[(•⦁–—-]*\s*(?:Updated (?:at|on) [^.]*[ap]\.m\.\s*)?"
    r"(?:[A-Z][^$\d]{0,120}? reported from [^$]{0,60}?\.\s+)*"
    r"(?:Information for this (?:article|report) was contributed by [^$\d]{3,120}?"
    r"|[^$\d]{2,160}?(?<!\bhas)(?<!\bhave)(?<!\bhad)(?<!\bmay)(?<!\blikely)(?<!\balso)"
    r" contributed(?: (?:reporting|research|this report))?"
    r"(?: to this (?:report|story|article|piece|post|opinion piece))?"
    r"(?: (?:from|in|at) [A-Z][^$]{0,80}?)?)"
    r"(?:,? (?:which|that) was (?:last )?updated [^$]{0,40}?|, updated at [^$]{0,30}?"
    r"| and produced for air)?\.?\)?(?:\s+Updated (?:at|on) .{0,30})?$"
)
# Follow-us and contact lines ("Follow John Nolte on Twitter @NolteNC.").
_SOCIAL = re.compile(
    r"(?i)\bfollow (?:him|her|them|us|me) (?:on|at)\b[^.]{0,25}\s@\w"
    r"|\bfollow (?:him|her|them|us|me) on (?:twitter|facebook|instagram)\.?$"
    r"|^follow\b[^.]{0,60}(?:\bon (?:twitter|facebook|instagram)|\s@\w)"
    r"|\b(?:find|reach|contact) (?:him|her|them|us|me)\b[^.]{0,20}(?:\bon twitter|\s@\w)"
    r"|\btweets (?:at|from) @\w"
)
_READ_TIME = re.compile(r"(?i)^\d+\s*-?\s*min(?:ute)?s?\.?\s+(?:read|reading|listen)\b")
_RELATED = re.compile(
    r"^Related(?=[A-Z0-9:\"'“‘]|\s*$)"  # "RelatedNATO calls on…": a link glued to its label
    r"|^(?i:related (?:articles?|stories|news|coverage|content|links?|posts?|reading|reads?"
    r"|videos?))\b"
    r"|(?i:^(?:more|read|see also|go deeper|full coverage|in the news)\s*:"  # "More:Supreme…"
    r"|^full coverage\b|\bread more\s*$|^read or share this story\b)"
)
_PREFIX = re.compile(
    r"(?i)^(?:read more|read also|also read|see also|more on this|recommended|advertisement"
    r"|sponsored|continue reading|click here|sign up|subscribe|follow us|share (?:this|on|all)"
    r"|story continued below|play video|listen to (?:this )?article|just watched|must watch"
    r"|your browser (?:does not|doesn['’]t) support|click to"
    r"|reporting by|editing by|writing by|additional reporting|compiled by)\b"
)
_LINK_PROMPT = re.compile(  # "Don't see the graphic above? Click here.", "Read the story here."
    r"(?i)\bclick here\b|^(?:read|watch|see|download|listen to|view)\b.{0,100}\bhere\.?$"
    r"|^(?:visit|follow|find|catch up)\b.{0,100}(?:https?://|\bfor more (?:stories|news)\b)"
)
_LABEL = re.compile(
    r"(?i)^(?:sources?|via|watch|listen|video|photos?|gallery|audio|tags?|topics?|filed under"
    r"|categor(?:y|ies)|credits?|image)\s*:"
)
_CRUMB_SEP = re.compile(r"\s+[|›»>/]\s+")
_UI_WORDS = frozenset(
    {
        *("share", "tweet", "email", "print", "comments", "advertisement", "ad", "menu", "home"),
        *("close", "search", "loading", "facebook", "twitter", "whatsapp", "linkedin", "youtube"),
        *("pinterest", "reddit", "copy link", "back to top", "skip to content", "sign in"),
        "skip to main content",
    }
)
# An author bio: "Jane Doe is a senior fellow at ...", "He is the author of ...".
_BIO = re.compile(
    rf"^(?:{_NAME}|He|She|They) (?:is|was|has been|serves as) (?:an?|the)\b(?: [\w’'-]+){{0,5}}? "
    r"(?:reporter|writer|columnist|contributor|correspondent|editor|host|author|journalist"
    r"|commentator|(?:senior |research |visiting )?fellow|professor)s?\b"
)
_BIO_NOT_A_NAME = re.compile(r"^(?:The|Mr|Mrs|Ms|Dr|President|Professor|Sen|Rep|Gov)\b")


@dataclass(frozen=True)
class Cleaned:
    text: str  # paragraphs joined by a blank line
    date: str | None  # YYYY-MM-DD, from a date line in the page header


@lru_cache(maxsize=1 << 14)  # a line is judged before and after the link lists are found
def furniture_kind(line: str) -> str | None:
    """What kind of page furniture a (normalised, non-empty) line is; None for article text."""
    if _CAPTION_START.search(line) or _CAPTION_END.search(line, max(0, len(line) - CREDIT_MAX)):
        return "caption"
    if _opens_with_prompt(line):
        return "prompt"
    if _RIGHTS.search(line):
        return "rights"
    if _SOCIAL.search(line):
        return "social"
    if "contributed" in line and len(line) <= CONTRIBUTORS_MAX and _CREDIT.match(line):
        return "byline"
    if len(line) > SHORT:
        return None
    words = line.split()
    if _CAPTION_ANY.search(line):
        return "caption"
    if _PROMPT_SHORT.search(line):
        return "prompt"
    if (
        (_BYLINE.match(line) and len(words) <= 8 and not ends_sentence(line))
        or _BYLINE_NAMES.match(line)
        or _CONTRIBUTORS.search(line)
    ):
        return "byline"
    if _RELATED.search(line) or _LINK_PROMPT.search(line):
        return "related"
    if (
        _PREFIX.match(line)
        or _LABEL.match(line)
        or line.casefold().rstrip(":. ") in _UI_WORDS
        or _READ_TIME.match(line)
    ):
        return "label"
    if _is_caps_heading(line) or _is_breadcrumb(line) or not any(c.isalnum() for c in line):
        return "heading"  # or a rule: "___", "* * *"
    return None


def is_furniture(line: str) -> bool:
    """Whether a (normalised, non-empty) line is page furniture rather than article text."""
    return furniture_kind(line) is not None


def _opens_with_prompt(line: str) -> bool:
    # No paragraph before the prompt's sentence: "Ready to fight back? Sign up for ...".
    prompt = _PROMPT.search(line)
    if not prompt:
        return False
    before = line[: prompt.start() + 1]  # with the full stop the match may start at
    return max(before.rfind("."), before.rfind("?"), before.rfind("!")) < SHORT // 2


def _is_caps_heading(line: str) -> bool:
    # Section labels and link headlines in capitals ("WORLD", "TRUMP CALLS WOLFF'S BOOK A
    # 'WORK OF FICTION'"), not a shouted quote, which ends with "!".
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and line == line.upper() and not line.endswith("!")


def _is_breadcrumb(line: str) -> bool:
    # "Politics | Europe", "News › World › Asia": navigation, not a headline.
    parts = _CRUMB_SEP.split(line)
    return len(parts) > 1 and len(line) <= 80 and all(len(p.split()) <= 3 for p in parts)


# Inside lines ----------------------------------------------------------------------------------

_LEADING_CREDIT = re.compile(rf"{_GETTY}(?= [A-Z“\"‘]|$)")  # before a sentence, not "Getty Images,"
_INLINE_CREDIT = re.compile(
    r"\((?:[A-Z][\w.]* )?(?:file )?(?i:photo|photograph|picture|image)s?"
    r"(?:\s*[:/]|\s+by\b|\s+courtesy\b)[^()]{0,150}\)"
    r"|\([^()]{0,80}(?:Getty Images|/AP\b|/AFP\b|/Reuters\b)[^()]{0,40}\)"
    rf"|^{_LEADING_CREDIT.pattern}"
)
# A link list, label or prompt glued after the last sentence of a paragraph ("... strikes. Ad
# Policy", "... on Earth.” MORE FROM Jeet Heer Trolling Trump ...", "... said. Sign up for our
# Coronavirus Updates newsletter ...").
_GLUED_TAIL = re.compile(
    r"(?<=[.!?\"”’)\d]) (?:Ad Policy$|MORE FROM\b.*$"
    r"|(?:READ MORE|RELATED|SEE ALSO)\b[^.!?]{0,200}$"  # a headline only: prose may follow one
    rf"|(?:{_CALL}).*$)"
)
# A link in parentheses inside a paragraph: "(RELATED: FBI ‘Failed To Preserve’ ...)".
_LINK_IN_TEXT = re.compile(r"\((?:RELATED|SEE ALSO|READ MORE|MORE|WATCH)\s*:[^()]{1,200}\)")
# A name written twice in a row by link markup ("Joe Biden Joe Biden will call ..."); not
# before another capitalised word, which would be a table row.
_REPEATED_NAME = re.compile(
    r"\b(?P<name>[A-Z][a-z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3})(?P<repeat> (?P=name))\b(?! [A-Z])"
)

# The Hill's link cards: after a linked name, the person's full name and a run of their recent
# headlines, closed by "MORE": "President Trump Donald John TrumpTrump travels to Dover [...]
# MORE for the Republican Party's ...". The full name repeats the linked one: its surname is
# the word before it ("Trump" before "Donald John Trump"), and when the name is not glued to the
# first headline, the linked first name is in it too ("Steny Hoyer Steny Hamilton Hoyer Hoyer
# calls GOP efforts ..."). A card may also sit inside the linked name, before its surname:
# "Sarah Huckabee Sarah Elizabeth SandersWhite House press secretary [...] MORE Sanders".
_CARD_END = re.compile(r"(?<=[\sa-z.])MORE\b")  # "... MORE", or "Brad ParscaleMORE" (no headlines)
_CARD_SPAN = 1000  # characters from a card's start to its "MORE" (the longest seen: 708)
_CARD_NAME_WORDS = 6  # "Jefferson (Jeff) Beauregard Sessions"
# A word glued to the next: "TrumpTrump", "SessionsMedill", "Jr.Trump", "Biden'Red", not
# "McConnell".
_GLUE = re.compile(r"(?<=[a-z]{2}|[a-z]\.)(?=[A-Z0-9$]|['‘\"“][A-Z0-9])")
_NAME_WORD = re.compile(
    r"[(\"“'‘]?[A-Z][\w.'’-]*[)\"”'’]?|de|van|von|der|la|le|da|di|du|del|bin|al"
)
_HEADLINE_START = re.compile(r"[A-Z0-9$'‘\"“]")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


def inline_furniture(line: str) -> list[tuple[str, int, int]]:
    """Furniture inside a line of article text: (kind, start, end) spans, in order."""
    found = [
        *(("link_card", s, e) for s, e in _link_cards(line)),
        *(("credit", m.start(), m.end()) for m in _INLINE_CREDIT.finditer(line)),
        *(("glued", m.start(), m.end()) for m in _GLUED_TAIL.finditer(line)),
        *(("link", m.start(), m.end()) for m in _LINK_IN_TEXT.finditer(line)),
        *(("repeated_name", *m.span("repeat")) for m in _REPEATED_NAME.finditer(line)),
    ]
    spans: list[tuple[str, int, int]] = []
    for kind, start, end in found:  # by priority: a card holds a repeated name
        if all(end <= s or start >= e for _, s, e in spans):
            spans.append((kind, start, end))
    return sorted(spans, key=lambda span: span[1])


def strip_inline(line: str) -> str:
    """A line of article text without the furniture inside it, still well-formed: single
    spaces, nothing left dangling where a span was cut."""
    while spans := inline_furniture(line):  # again: a cut can bring a repeated name together
        for _, start, end in reversed(spans):
            left, right = line[:start].rstrip(), line[end:].lstrip()
            glue = not left or not right or left.endswith(("(", "[", "“")) or (
                re.match(r"[,.;:!?)\]’”]|'s\b", right)
            )
            line = left + ("" if glue else " ") + right
    return line


def _link_cards(line: str) -> Iterator[tuple[int, int]]:
    done = 0
    for more in _CARD_END.finditer(line):
        words = _words(line, max(done, more.start() - _CARD_SPAN), more.end())
        after = line[more.end() :].split(maxsplit=1)[:1]
        for i in range(1, len(words)):
            k = _full_name_start(words, i, after[0] if after else "")
            if k is not None:
                yield words[k].start, more.end()
                break
        done = more.end()


def _full_name_start(words: list[_Word], i: int, after: str) -> int | None:
    # Where a card's full name starts if it ends at words[i - 1], the headlines starting at
    # words[i] and `after` following its "MORE": the first word after the last one that
    # repeats its surname, or, when the surname comes after the card, the first word that
    # repeats one of the few before it.
    glued = words[i].start == words[i - 1].end
    surname = words[i - 1].text
    if not (_NAME_WORD.fullmatch(surname) and _HEADLINE_START.match(words[i].text)):
        return None
    inside = _same_name(after, surname)
    for k in range(i - 1, max(i - 1 - _CARD_NAME_WORDS, 0), -1):
        before = words[k - 1].text
        if not _NAME_WORD.fullmatch(before):
            return None
        if inside and words[k].text in (w.text for w in words[max(k - 3, 0) : k]):
            return k
        if _same_name(before, surname):
            first_names = {w.text.strip("()\"“”").casefold() for w in words[k : i - 1]}
            return k if glued or (k >= 2 and words[k - 2].text.casefold() in first_names) else None
    return None


def _words(line: str, lo: int, hi: int) -> list[_Word]:
    # The words of line[lo:hi]; a word glued to the next one counts as two.
    words = []
    for m in re.finditer(r"\S+", line[lo:hi]):
        at = lo + m.start()
        for piece in _GLUE.split(m.group()):
            words.append(_Word(at, at + len(piece), piece))
            at += len(piece)
    return words


def _same_name(a: str, b: str) -> bool:
    # "Costello" and the card's misspelt "Costelllo" are the same; "Mc" and "McConnell" not.
    a, b = (re.sub(r"(?:['’]s)?\W*$", "", w).casefold() for w in (a, b))
    return len(a) >= 3 and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.8)


# Whole texts -----------------------------------------------------------------------------------


def clean_text(raw: str) -> str:
    """The article text of web-page copy, paragraphs joined by "\\n\\n"."""
    return clean(raw).text


def clean(raw: str) -> Cleaned:
    """The article text of web-page copy, and the date its header gives."""
    lines = _drop_link_lists([_strip_line(_normalise(line)) for line in raw.splitlines()])
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
    # The rules again on the rejoined paragraphs: a hard wrap can split a card or a bio.
    return Cleaned(clean_record_text("\n\n".join(_paragraphs(kept))), date)


def clean_record_text(text: str) -> str:
    """The text of a JSON or CSV record (or web copy's rejoined paragraphs) without page
    furniture: its own line structure kept, uniform spaces, at most one blank line between
    paragraphs. Cleaning cleaned text changes nothing."""
    lines = _drop_link_lists([_strip_line(_normalise(line)) for line in text.splitlines()])
    lines = ["" if line and is_furniture(line) else line for line in lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(_drop_bio(lines))).strip()


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence ("…so far." or '…well."'), not like a heading."""
    line = line.rstrip(_END_QUOTES)
    if not line.endswith((".", "!", "?")):
        return False
    last = line.split()[-1] if line.split() else ""
    return last.count(".") < 2  # "p.m." or "U.S." close abbreviations, not sentences


def _strip_line(line: str) -> str:
    # Inline furniture out of a line of text; a line of furniture is left for the line rules
    # (and the link lists, whose headings they are).
    return line if not line or is_furniture(line) else strip_inline(line)


def _normalise(line: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


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


def _drop_link_lists(lines: list[str]) -> list[str]:
    # A navigation heading ("Read more:", "Explore") and the headline-like lines after it,
    # anywhere in the text: the list ends at the first line that reads like article text.
    kept: list[str] = []
    in_list = False
    for line in lines:
        if _NAV.fullmatch(line):
            in_list = True
        elif not (in_list and _is_list_line(line)):
            in_list = False
            kept.append(line)
    return kept


def _is_list_line(line: str) -> bool:
    # Headlines may ask a question; they do not end with a full stop.
    question = line.rstrip(_END_QUOTES).endswith("?")
    return (
        not line
        or is_furniture(line)
        or (len(line) <= SHORT and (question or not ends_sentence(line)))
    )


def _drop_bio(lines: list[str]) -> list[str]:
    # Author bios close an article: drop the bio lines (and blank ones) at its end.
    end = len(lines)
    while end and (
        not lines[end - 1]
        or (_BIO.match(lines[end - 1]) and not _BIO_NOT_A_NAME.match(lines[end - 1]))
    ):
        end -= 1
    return lines[:end]


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
