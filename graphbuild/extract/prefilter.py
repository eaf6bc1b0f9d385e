"""Which patterns can match a sentence at all, decided from its words before matching.

spaCy's matchers cost time for every token and every pattern. A pattern whose required word
("succeed", "backing", a title, a party) is not in a sentence cannot match there, so each
pattern runs only on the sentences that have the words it needs. This changes no result, only
the cost. Words are compared as the hashes `Doc.to_array` gives, read once per document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.strings import StringStore
from spacy.tokens import Doc

# The token attributes a requirement can be read from (marks.py: ENT_ID is the actor type,
# ENT_KB_ID a title or status mark).
ATTRS = ("LEMMA", "LOWER", "ORTH", "ENT_ID", "ENT_KB_ID")
TYPE_COLUMN = ATTRS.index("ENT_ID")


@dataclass(frozen=True)
class Requirement:
    """Each (column of ATTRS, hashes) pair must be met by some token of the sentence."""

    words: tuple[tuple[int, frozenset[int]], ...] = ()

    def met(self, features: list[set[int]]) -> bool:
        return all(not values.isdisjoint(features[col]) for col, values in self.words)


def requirement(kind: str, pattern: list[dict], strings: StringStore) -> Requirement:
    """What a pattern needs: the word constraints of its nodes that every match must satisfy."""
    words = []
    for node in pattern:
        attrs = node["RIGHT_ATTRS"] if kind == "dep" else node
        if (kind == "token" and node.get("OP", "1") in ("?", "*")) or node.get("OP", "").startswith(
            "{0"
        ):
            continue  # optional tokens need nothing
        for col, attr in enumerate(ATTRS):
            value = attrs.get(attr)
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and "IN" in value:
                values = value["IN"]
            else:
                continue
            if "" not in values:  # an unmarked token meets it: not worth checking
                words.append((col, frozenset(strings.add(v) for v in values)))
    return Requirement(tuple(words))


def token_table(doc: Doc) -> np.ndarray:
    """Every token's ATTRS as hashes, one row per token."""
    return doc.to_array(list(ATTRS))


def features(rows: np.ndarray) -> list[set[int]]:
    """The set of values of each attribute in a sentence's rows of the token table."""
    return [set(column) for column in rows.T.tolist()]
