"""Which patterns can match a sentence at all, decided from its words before matching.

spaCy's matchers cost time for every token and every pattern. A pattern whose required word
("succeed", "backing", a title) is not in a sentence cannot match there, so each pattern runs
only on the sentences that have the words it needs. This changes no result, only the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

# Token attributes a requirement can be read from, and how to read them off a token.
ATTRS = {"LEMMA": lambda t: t.lemma_, "LOWER": lambda t: t.lower_, "ORTH": lambda t: t.text}


@dataclass(frozen=True)
class Requirement:
    """Every (attribute, values) pair must be met by some token of the sentence. TYPE is the
    type of an actor named in it; TITLE whether it holds a post title."""

    words: tuple[tuple[str, frozenset], ...] = ()

    def met(self, features: dict[str, set]) -> bool:
        return all(not values.isdisjoint(features[attr]) for attr, values in self.words)


def requirement(kind: str, pattern: list[dict]) -> Requirement:
    """What a pattern needs: the word constraints of its nodes that every match must satisfy."""
    words = []
    for node in pattern:
        attrs = node["RIGHT_ATTRS"] if kind == "dep" else node
        if (kind == "token" and node.get("OP", "1") in ("?", "*")) or node.get("OP", "").startswith(
            "{0"
        ):
            continue  # optional tokens need nothing
        for attr in ATTRS:
            value = attrs.get(attr)
            if isinstance(value, str):
                words.append((attr, frozenset([value])))
            elif isinstance(value, dict) and "IN" in value:
                words.append((attr, frozenset(value["IN"])))
        ext = attrs.get("_", {})
        if ext.get("gb_role") is True:
            words.append(("TITLE", frozenset([True])))
        kind_of = ext.get("gb_type")
        if isinstance(kind_of, str) and kind_of:
            words.append(("TYPE", frozenset([kind_of])))
        elif isinstance(kind_of, dict) and "IN" in kind_of:
            words.append(("TYPE", frozenset(kind_of["IN"])))
    return Requirement(tuple(words))


def features(sentence: Span, types: list[str], titles: list[bool]) -> dict[str, set]:
    """The sentence's words per attribute, the types of the actors it names, its titles.
    `types` and `titles` are per doc token (read once per doc: extension reads are slow)."""
    out = {attr: {read(t) for t in sentence} for attr, read in ATTRS.items()}
    out["TYPE"] = set(types[sentence.start : sentence.end]) - {""}
    out["TITLE"] = set(titles[sentence.start : sentence.end])
    return out
