"""Actors in one document: mentions from NER and the gazetteer, typed by document-level vote.

The output is a list of typed mention spans; `resolve.py` groups them into actors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graphbuild.extract import gazetteer
from graphbuild.extract.nlp import GAZETTEER_KEY
from graphbuild.extract.roles import title_prefix_length

NER_TYPES = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "COUNTRY", "NORP": "PARTY"}
# Tokens that never end or start a name: the statistical NER sometimes takes them in.
EDGE_JUNK = {"the", "The", "of", "(", ")", "'s", "’s", "'", ",", "-", "and", "—", "–", '"'}


@dataclass
class MentionSpan:
    """A typed span before identity resolution. `key` is the canonical name when known."""

    start: int  # token offsets
    end: int
    type: str
    text: str
    key: str | None = None  # gazetteer canonical name
    source: str = "ner"


def _trim(span: Span) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and span.doc[start].text in EDGE_JUNK:
        start += 1
    while end > start and span.doc[end - 1].text in EDGE_JUNK:
        end -= 1
    return start, end


def _gazetteer_spans(doc: Doc) -> list[MentionSpan]:
    found = [
        MentionSpan(s.start, s.end, s.label_, s.text, s.id_, "gazetteer")
        for s in doc.spans.get(GAZETTEER_KEY, [])
    ]
    # Longest first, so "United States Senate" wins over "United States".
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[MentionSpan] = []
    last_end = -1
    for m in found:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _proper_name(span_tokens) -> bool:
    return all(t.is_title or t.is_upper or not t.is_alpha for t in span_tokens)


def find_mentions(doc: Doc) -> tuple[list[MentionSpan], list[MentionSpan]]:
    """Actor mentions (typed, non-overlapping) and demonym markers of one document."""
    gaz = _gazetteer_spans(doc)
    demonyms = [m for m in gaz if m.type == gazetteer.DEMONYM]
    gaz = [m for m in gaz if m.type != gazetteer.DEMONYM]
    taken = [False] * len(doc)
    mentions: list[MentionSpan] = []

    ner: list[MentionSpan] = []
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES:
            continue
        start, end = _trim(ent)
        if start >= end:
            continue
        if ent.label_ == "PERSON":
            # Titles are roles, not names: "PM Rutte" -> "Rutte".
            start += title_prefix_length(doc[start:end])
            while start < end and doc[start].text in EDGE_JUNK:
                start += 1
            if start >= end:
                continue
        ner.append(MentionSpan(start, end, NER_TYPES[ent.label_], doc[start:end].text))
    _people_by_name(ner)

    # A multi-word person or proper-named body that contains a gazetteer name keeps its own
    # name ("Michael Jordan", "Puerto Rico Senate"); elsewhere the gazetteer is right.
    for m in ner:
        inner = [g for g in gaz if g.start >= m.start and g.end <= m.end]
        if not inner or not (m.end - m.start) > max(g.end - g.start for g in inner):
            continue
        if m.type == "PERSON" or (m.type == "ORGANIZATION" and _proper_name(doc[m.start : m.end])):
            for g in inner:
                gaz.remove(g)

    for m in gaz:
        mentions.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    lookup = gazetteer.lookup()
    for m in ner:
        if any(taken[i] for i in range(m.start, m.end)):
            continue
        known = lookup.get(m.text)
        if m.type in ("COUNTRY", "PARTY") and not known:
            continue  # sub-national places and nationalities are not actors
        if known and known[0] != gazetteer.DEMONYM:
            m.type, m.key, m.source = known[0], known[1], "gazetteer"
        elif m.type == "PARTY":
            continue
        elif m.type == "ORGANIZATION" and m.text.split()[-1] in ("Party", "party"):
            m.type = "PARTY"
        mentions.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    mentions.sort(key=lambda m: m.start)
    _vote_types(mentions)
    return mentions, demonyms


def _people_by_name(ner: list[MentionSpan]) -> None:
    """A name the NER once took for a full person's name, or its surname alone, is that
    person wherever else it is typed as a place or body ("Stoltenberg" GPE after "Jens
    Stoltenberg"), unless the gazetteer knows the form."""
    full = {m.text for m in ner if m.type == "PERSON" and len(m.text.split()) > 1}
    surnames = {name.split()[-1] for name in full}
    known = gazetteer.lookup()
    for m in ner:
        if m.type != "PERSON" and m.text not in known and (m.text in full or m.text in surnames):
            m.type = "PERSON"


def _vote_types(mentions: list[MentionSpan]) -> None:
    """Repair NER slips by document-level vote: one name, one type.

    A surname alone takes the type of the full name it ends ("Stoltenberg" after "Jens
    Stoltenberg" is a PERSON); otherwise each name takes its most frequent type.
    """
    votes: dict[str, Counter] = {}
    surnames: dict[str, Counter] = {}
    for m in mentions:
        if m.source == "gazetteer":
            continue
        votes.setdefault(m.text, Counter())[m.type] += 1
        words = m.text.split()
        if m.type == "PERSON" and len(words) > 1:
            surnames.setdefault(words[-1], Counter())["PERSON"] += 1
    for m in mentions:
        if m.source == "gazetteer":
            continue
        if len(m.text.split()) == 1 and m.text in surnames:
            m.type = "PERSON"
            continue
        best, count = votes[m.text].most_common(1)[0]
        if count > 1 or best == "PERSON":
            m.type = best
