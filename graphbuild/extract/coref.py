"""Coreference within one article, by rule: which named actor a pronoun ("he", "her") or a
definite description ("the president", "the senator", "the former vice president") stands
for.

A pronoun goes to the nearest person before it, in its sentence or the two before, whose
gender does not clash (first names from the US Census lists of the `names` package, "Mr." /
"Ms.", the reference table), preferring the subjects of clauses, never to the subject of its
own verb ("Trump praised him"). A description goes to the person the article last gave that
title. What no rule settles stays unresolved.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Token

from graphbuild import reference
from graphbuild.extract import roles
from graphbuild.extract.marks import TITLE
from graphbuild.extract.mentions import MentionSpan
from graphbuild.extract.person_names import first_names

PRONOUNS = {"he": "M", "him": "M", "his": "M", "himself": "M",
            "she": "F", "her": "F", "hers": "F", "herself": "F"}
HONORIFIC_GENDER = {"mr.": "M", "mr": "M", "mrs.": "F", "mrs": "F", "ms.": "F", "ms": "F"}
SUBJECTS = ("nsubj", "nsubjpass")
SENTENCES_BACK = 2


@lru_cache(maxsize=1)
def _pronoun_ids() -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in PRONOUNS), dtype=np.uint64)


def gender_of(name: str, titles: set[str]) -> str | None:
    """A person's gender from the honorifics the article gives them, the reference table or
    their first name; None when nothing says."""
    for title in titles:
        if title.lower() in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[title.lower()]
    for entry in reference.load().by_name(name):
        if entry.type == "PERSON" and entry.gender:
            return entry.gender
    words = name.split()
    return (first_names().get(words[0]) or None) if len(words) > 1 else None


class Coreference:
    """Resolves the pronouns and descriptions of one document to mention indexes."""

    def __init__(self, doc, spans: list[MentionSpan], span_ids: list[str],
                 mention_of: dict[int, int], names: dict[str, str]) -> None:
        """`names`: actor id -> canonical name of the document's actors."""
        self.doc, self.spans, self.span_ids, self.mention_of = doc, spans, span_ids, mention_of
        self.sent_starts = np.array([sent.start for sent in doc.sents])
        titles: dict[str, set[str]] = {}
        for s, aid in zip(spans, span_ids, strict=False):
            if s.title:
                titles.setdefault(aid, set()).add(s.title)
        self.titles = titles
        self.gender = {aid: gender_of(names[aid], titles.get(aid, set()))
                       for aid in set(span_ids) if aid in names}

    def links(self) -> dict[int, int]:
        """Token index of each resolved pronoun or description -> the mention it refers to."""
        out: dict[int, int] = {}
        for i in self._positions():
            tok = self.doc[i]
            if i in self.mention_of:
                continue
            target = None
            if tok.lower_ in PRONOUNS:
                target = self._pronoun(tok)
            elif tok._.gb_role and tok.is_lower:
                target = self._description(tok)
            if target is not None:
                out[i] = target
        return out

    def _positions(self) -> list[int]:
        """Where a pronoun or a title stands (read from arrays: no Token objects)."""
        table = self.doc.to_array(["LOWER", "ENT_KB_ID"])
        wanted = np.isin(table[:, 0], _pronoun_ids()) | (table[:, 1] == get_string_id(TITLE))
        return np.flatnonzero(wanted).tolist()

    def _people_before(self, tok: Token) -> list[int]:
        """Person mentions before `tok`, nearest first, in its sentence and the ones before."""
        k = self._sentence(tok.i)
        first = self.sent_starts[max(0, k - SENTENCES_BACK)]
        seen, out = set(), []
        for i in range(tok.i - 1, first - 1, -1):
            k = self.mention_of.get(i)
            if k is not None and k < len(self.spans) and k not in seen and \
                    self.spans[k].type == "PERSON":
                seen.add(k)
                out.append(k)
        return out

    def _pronoun(self, tok: Token) -> int | None:
        want = PRONOUNS[tok.lower_]
        own_subjects = set()
        if tok.dep_ not in SUBJECTS and tok.dep_ != "poss":
            own_subjects = {self.mention_of.get(c.i) for c in tok.head.children
                            if c.dep_ in SUBJECTS}
        candidates = [k for k in self._people_before(tok) if k not in own_subjects
                      and self.gender.get(self.span_ids[k]) in (want, None)]
        if not candidates:
            return None
        # The nearest subject of a clause, else the nearest person.
        subjects = [k for k in candidates if self._head(k).dep_ in SUBJECTS]
        nearest = candidates[0]
        if subjects and self._sentence_distance(subjects[0], tok) <= \
                self._sentence_distance(nearest, tok):
            return subjects[0]
        return nearest

    def _description(self, tok: Token) -> int | None:
        """ "the president", "the former vice president": the last person given that title."""
        start = tok.i
        while start > 0 and self.doc[start - 1]._.gb_role:
            start -= 1
        if tok.i + 1 < len(self.doc) and (self.doc[tok.i + 1]._.gb_role
                                          or self.doc[tok.i + 1].i in self.mention_of):
            return None  # inside a longer title, or a title before a name
        det = self.doc[start - 1] if start > 0 else None
        while det is not None and det._.gb_status:
            det = self.doc[det.i - 1] if det.i > 0 else None
        if det is None or det.lower_ != "the":
            return None
        title = roles.canonical_title(self.doc[start : tok.i + 1].text)
        near = self._people_before(tok)
        for k in near + [k for k in self._all_people_before(tok) if k not in near]:
            if title in self.titles.get(self.span_ids[k], ()):
                return k
        return None

    def _all_people_before(self, tok: Token) -> list[int]:
        return sorted({k for i, k in self.mention_of.items()
                       if i < tok.i and k < len(self.spans) and self.spans[k].type == "PERSON"},
                      reverse=True)

    def _head(self, k: int) -> Token:
        s = self.spans[k]
        return self.doc[s.start : s.end].root

    def _sentence_distance(self, k: int, tok: Token) -> int:
        return self._sentence(tok.i) - self._sentence(self.spans[k].start)

    def _sentence(self, i: int) -> int:
        """The index of the sentence token i stands in."""
        return int(np.searchsorted(self.sent_starts, i, side="right")) - 1
