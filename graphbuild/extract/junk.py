"""The junk filter: a name the NER or the gazetteer offers becomes an actor only if it looks
like one.

Each rule is a kind of non-actor, and its name is the reason recorded for what it rejects
(`graphbuild actors --rejected` lists them): web addresses and handles, page furniture,
common words capitalised at a sentence's start, places, two names fused into one, legal case
names, nationalities, and names too long or too odd to be a person's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from graphbuild.extract import gazetteer

REASONS = ("web", "furniture", "common_word", "place", "fused_names", "legal_case",
           "nationality", "too_long", "not_a_name")
MAX_WORDS = {"PERSON": 4, "ORGANIZATION": 12, "COUNTRY": 6, "PARTY": 8}
_WEB = re.compile(r"https?:|www\.|\.(?:com|org|net|gov)\b|@|/|pic\.twitter", re.IGNORECASE)
_FURNITURE = re.compile(r"\b(?:MORE|Getty|Images|Photo|Replay|Videos?|Click|Subscribe|"
                        r"Newsletter|Advertisement|ADVERTISEMENT)\b")
# "Gobert and/or Mitchell", "Halper, Reade": two people in one name.
_FUSED = re.compile(r",|\band\b|&|\bor\b|;")
# "Espinoza v.", "Roe v. Wade": a court case is no actor.
_CASE = re.compile(r"\bv\.?(?:\s|$)|\bvs\.?(?:\s|$)")
# A word glued from two ("FeeltheBern", "BidenFox"): lower case then upper case inside it,
# other than after the name prefixes that do this ("McConnell", "DeSantis", "LaHood").
_GLUED = re.compile(r"[a-z](?<!^Mc)(?<!^Mac)(?<!^De)(?<!^La)(?<!^Le)(?<!^Di)(?<!^Du)(?<!^Van)"
                    r"(?<!^Von)[A-Z]")


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    return frozenset(gazetteer.load_yaml("names.yaml")["place_words"])


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Nationality words and their plurals ("Ukrainian", "Hong Kongers"): no actors."""
    words = {p["pattern"] for p in gazetteer.patterns() if p["label"] == gazetteer.DEMONYM}
    places = {p["pattern"] for p in gazetteer.patterns() if p["label"] == "COUNTRY"}
    return frozenset(words | {w + "s" for w in words} | {p + "ers" for p in places})


def junk_reason(span: Span, kind: str, name_words: frozenset[str] = frozenset()) -> str | None:
    """Why a typed name span is not an actor, or None when it looks like one. `name_words`:
    the words of the document's longer names ("Starmer" of "Keir Starmer" is a name wherever
    the tagger reads it)."""
    text = span.text
    words = text.split()
    if _WEB.search(text):
        return "web"
    if _FURNITURE.search(text):
        return "furniture"
    if kind == "PERSON" and (_FUSED.search(text) or any(_GLUED.search(w) for w in words)):
        return "fused_names"
    if _CASE.search(text):
        return "legal_case"
    if text in demonyms() or text.startswith(("pro-", "anti-")):
        return "nationality"
    if len(words) > MAX_WORDS[kind]:
        return "too_long"
    if words[-1] in place_words():
        return "place"
    if kind == "PERSON" and (any(c.isdigit() for c in text) or any(c in text for c in ":()\"“”")):
        return "not_a_name"
    if text not in name_words and _common_word(span):
        return "common_word"
    return None


def _common_word(span: Span) -> bool:
    """A one-word name that is an ordinary word: the tagger reads it as a common noun, verb or
    adjective, or the article writes it in lower case too ("Marijuana", "Acquittal")."""
    if len(span) != 1:
        return False
    tok = span[0]
    if tok.pos_ in ("NOUN", "VERB", "ADJ", "ADV") and not tok.is_upper:
        return True
    lower = tok.lower_
    return tok.is_title and any(t.text == lower for t in span.doc)
