"""Features of one article actor for the actor model (actor_check.py): what its names look
like (words, case, census and reference lists, the last word), how often and with which
title the article names it, what the NER called it, and the words around each mention (a
capitalised neighbour: a name cut short; "in"/"at": a place; the verb it is the subject of).

Sparse string -> value rows, like the relation classifier's (features.py): a feature that
reads a mention is averaged over the actor's mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from graphbuild import reference
from graphbuild.extract.junk import org_heads, place_words
from graphbuild.extract.mentions import MentionSpan
from graphbuild.extract.person_names import any_surname, common_surnames, first_names
from graphbuild.model import Actor

POSSESSIVE = ("'s", "’s")


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"


def actor_features(doc: Doc, actor: Actor, spans: Sequence[MentionSpan],
                   lower_words: frozenset[str]) -> dict[str, float]:
    """The feature row of `actor`, named by `spans` in `doc` (`lower_words`: the words the
    article writes in lower case)."""
    t = actor.type
    words = actor.name.split()
    f: Counter = Counter()
    f[f"type={t}"] = 1
    f[f"{t}:words={min(len(words), 4)}"] = 1
    f[f"{t}:mentions={_bucket(len(spans))}"] = 1
    f[f"{t}:forms={min(len({s.text for s in spans}), 3)}"] = 1
    f[f"{t}:last={words[-1].lower()}"] = 1
    if len(words) > 1:
        f[f"{t}:first={words[0].lower()}"] = 1
    if any(reference.load().by_name(name) for name in (actor.name, *actor.aliases)):
        f[f"{t}:reference"] = 1
    if len(words) == 1 and reference.load().by_surname(actor.name):
        f[f"{t}:reference_surname"] = 1  # "Trump", "Sessions": the identity stage links them
    flags = {
        "upper": actor.name.isupper(),
        "first_name": words[0] in first_names(),
        "surname": words[-1] in any_surname(),
        "common_surname": words[-1] in common_surnames(),
        "org_head": words[-1] in org_heads(),
        "place_word": words[-1] in place_words(),
        "digit": any(c.isdigit() for c in actor.name),
        "punct": any(not c.isalnum() and c not in " .'’-" for c in actor.name),
        "lower_in_doc": actor.name.lower() in lower_words,
    }
    f.update({f"{t}:{k}": 1 for k, v in flags.items() if v})
    share = 1 / len(spans)
    for s in spans:
        if s.title:
            f[f"{t}:titled"] = 1
        f[f"{t}:ner={doc[s.end - 1].ent_type_ or 'none'}"] += share
        if s.start > 0:
            prev = doc[s.start - 1]
            if prev.is_title and prev.pos_ == "PROPN" and not prev.is_sent_start:
                f["prev_cap"] += share
            if prev.pos_ in ("ADP", "DET"):
                f[f"{t}:prev={prev.lower_}"] += share
        if s.end < len(doc):
            after = doc[s.end]
            if after.is_title and after.pos_ == "PROPN":
                f["next_cap"] += share
            if after.lower_ in POSSESSIVE:
                f["next_possessive"] += share
                if s.end + 1 < len(doc) and doc[s.end + 1].is_title:
                    f["possessive_cap"] += share
        root = doc[s.start : s.end].root
        f[f"{t}:dep={root.dep_}"] += share
        if root.dep_ == "pobj":
            f[f"{t}:prep={root.head.lower_}"] += share
        elif root.dep_ in ("nsubj", "nsubjpass", "dobj"):
            f[f"{t}:verb={root.head.lemma_}"] += share
        elif root.dep_ == "compound":
            f[f"{t}:modifies={root.head.lemma_.lower()}"] += share
    return dict(f)
