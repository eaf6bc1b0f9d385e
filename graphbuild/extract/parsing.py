"""Parsing in bounded pieces, so that a process's memory does not depend on what it reads.

spaCy's models hold their intermediate arrays for every token of a batch at once:
en_core_web_sm's peak grows by about 16 MB per 1,000 tokens parsed together (about 300 MB per
100,000 characters). A batch of a fixed number of articles therefore costs whatever its
articles' lengths add up to, and a process's peak memory becomes the largest batch it has met
so far, which keeps rising with the corpus. Here every `nlp.pipe` call gets at most `size`
characters: long articles are cut into pieces (at a line break where possible) that are parsed
separately and joined back into one Doc with `Doc.from_docs`, and short articles are grouped up
to the same total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from more_itertools import constrained_batches, mark_ends
from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.model import Article

# Characters per nlp.pipe call: about 170 MB of model memory for news prose, and a build still
# runs at 0.97 of raw spaCy's speed in batches of 32 articles (bench/throughput.py). The
# longest AllSides article (53,479 characters) is cut once.
PIECE_CHARS = 50_000

# Where to cut, best first: after a run of line breaks, after a sentence's end, after a space.
# Each match ends before a non-space, so no whitespace token is cut in two.
_BREAKS = (re.compile(r"\n\s*"), re.compile(r"[.!?]['\"’”)]*\s+"), re.compile(r"\s+"))


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` as consecutive pieces of at most `size` characters that join back to `text`."""
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size + 1]  # one more: does a break end at `size`?
        cut = size  # no break at all in the window: cut anywhere
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() <= size]
            if ends:
                cut = ends[-1]
                break
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse(nlp: Language, articles: Iterable[Article], *, size: int = PIECE_CHARS,
          batch_size: int = 32) -> Iterator[tuple[Article, Doc]]:
    """Each article with its parsed Doc, in input order; no nlp.pipe call gets more than
    `size` characters or `batch_size` texts."""
    units = ((text, (article, last)) for article in articles
             for _, last, text in mark_ends(pieces(article.full_text, size)))
    parts: list[Doc] = []
    for batch in constrained_batches(units, size, max_count=batch_size,
                                     get_len=lambda unit: len(unit[0])):
        for doc, (article, last) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            parts.append(doc)
            if last:
                # The pieces' texts join exactly, so no whitespace is added between them and
                # every character offset is the article's own.
                yield article, parts[0] if len(parts) == 1 else Doc.from_docs(
                    parts, ensure_whitespace=False)
                parts = []
