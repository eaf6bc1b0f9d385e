"""Relations from the patterns in `patterns/*.json`: matching, then arguments.

Patterns find the words; this module turns matched tokens into actors (following
coordination, relative pronouns and nearby personal pronouns). Whether a statement is
negated, reported or prospective is judged later, for every source alike (modality.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from numpy.typing import NDArray
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token

from graphbuild.extract.patterns import Pattern, load_patterns
from graphbuild.extract.prefilter import (
    TYPE_COLUMN,
    Requirement,
    features,
    requirement,
    token_table,
)

RELATIVE = {"who", "whom", "whose", "which", "that"}
# Nouns that, with "the", stand for a body named elsewhere in the article.
NOMINAL = {"alliance": "ORGANIZATION", "bloc": "ORGANIZATION", "union": "ORGANIZATION",
           "organisation": "ORGANIZATION", "organization": "ORGANIZATION", "party": "PARTY"}
NO_OBJECT = -2  # Found.object of a title whose owner the sentence does not give in a slot
# What a pattern can read of a token besides its text, copied into a sentence's own Doc.
COPIED = ["TAG", "POS", "MORPH", "LEMMA", "NORM", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "ENT_ID",
          "ENT_KB_ID"]
_IOB = COPIED.index("ENT_IOB")


@dataclass(frozen=True)
class Found:
    """One relation found in a sentence, before it becomes a model Relation."""

    subject: int  # token index of the subject's mention (an actor token)
    object: int
    pattern: Pattern
    sentence: Span
    role_tokens: tuple[int, ...] = ()
    status_tokens: tuple[int, ...] = ()
    trigger: int | None = None  # the relation word, whose clause decides negation and modality


class RelationMatcher:
    """Runs every pattern over the sentences of a parsed doc that could hold a match."""

    def __init__(self, vocab, patterns: tuple[Pattern, ...] | None = None) -> None:
        # One matcher per pattern, so a sentence runs only the patterns whose words it has.
        self.rules: list[tuple[Pattern, Requirement, DependencyMatcher | Matcher]] = []
        for p in patterns or load_patterns():
            if p.kind == "dep":
                matcher = DependencyMatcher(vocab)
                matcher.add(p.id, [p.pattern])
            else:
                matcher = Matcher(vocab)
                matcher.add(p.id, [p.pattern], greedy="LONGEST")
            self.rules.append((p, requirement(p.kind, p.pattern, vocab.strings), matcher))

    def __call__(self, doc: Doc) -> list[tuple[Pattern, dict[str, list[int]], Span]]:
        """Each match as (pattern, slot -> token indexes in the doc, sentence)."""
        out = []
        table = token_table(doc)
        array = None
        for sent in doc.sents:
            rows = table[sent.start : sent.end]
            # Every relation has an actor named in its sentence (the other may be a pronoun).
            if not rows[:, TYPE_COLUMN].any():
                continue
            words = features(rows)
            rules = [(p, m) for p, needs, m in self.rules if needs.met(words)]
            sent_doc = None
            if any(p.kind == "dep" for p, _ in rules):
                # The DependencyMatcher copies a Span into a Doc on every call, and
                # Span.as_doc reads the whole Doc each time (quadratic in the article's
                # length): the Doc is read once, each sentence copied once.
                array = doc.to_array(COPIED) if array is None else array
                sent_doc = _sentence_doc(sent, array)
            for p, matcher in rules:
                out += [(p, slots, sent) for slots in _matches(p, matcher, sent, sent_doc)]
        return out


def _sentence_doc(sent: Span, array: NDArray) -> Doc:
    """A Doc of the sentence alone, from the rows of `doc.to_array(COPIED)` it covers."""
    out = Doc(sent.doc.vocab, words=[t.text for t in sent],
              spaces=[bool(t.whitespace_) for t in sent])
    rows = array[sent.start : sent.end].copy()  # heads are relative, and stay in the sentence
    if rows[0, _IOB] == 1:  # an entity running on from the sentence before begins here
        rows[0, _IOB] = 3
    return out.from_array(COPIED, rows)


def _matches(p: Pattern, matcher, sent: Span, sent_doc: Doc | None) -> list[dict[str, list[int]]]:
    # Matching a sentence gives offsets within it; slots hold doc offsets.
    out = []
    if p.kind == "dep":
        for _, token_ids in matcher(sent_doc):
            slots: dict[str, list[int]] = {}
            for node, i in zip(p.pattern, token_ids, strict=True):
                slots.setdefault(node["RIGHT_ID"], []).append(sent.start + i)
            out.append(slots)
        return out
    for _, start, _end, align in matcher(sent, with_alignments=True):
        slots = {}
        for offset, k in enumerate(align):
            if p.slots[k]:
                slots.setdefault(p.slots[k], []).append(sent.start + start + offset)
        out.append(slots)
    return out


def arguments(token: Token, mentions: Mentions, skip: frozenset[str] = frozenset()) -> list[int]:
    """Mention tokens an argument token stands for: itself, its conjuncts, or an antecedent."""
    out = []
    for t in (token, *token.conjuncts):
        t = antecedent(t, mentions, skip)
        if t is not None and t.i in mentions.of:
            out.append(t.i)
    return out


@dataclass(frozen=True)
class Mentions:
    """Where the actors are: token index -> mention index, each mention's actor id, and the
    pronouns and descriptions coreference resolved: token index -> a token of their mention."""

    of: dict[int, int]
    actor: list[str]
    refers: dict[int, int] = field(default_factory=dict)

    def actor_at(self, i: int) -> str | None:
        return self.actor[self.of[i]] if i in self.of else None


def antecedent(token: Token, mentions: Mentions,
               skip: frozenset[str] = frozenset()) -> Token | None:
    """The mention a pronoun refers to: "who" -> the noun it modifies; "he", "the senator" ->
    whom coreference found (not one in `skip`, the clause's subject); "the alliance" -> the body
    the text names most."""
    if token.i in mentions.of:
        return token
    lower, doc = token.lower_, token.doc
    if lower in RELATIVE and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    if token._.gb_role:
        # A title the parser made the head of its holder's name: "then-governor of Alaska
        # Sarah Palin was chosen", "Senator from Vermont Bernie Sanders endorsed".
        for t in token.subtree:
            if t.i > token.i and t._.gb_type == "PERSON":
                return t
    if token.i in mentions.refers:  # coref.py: "he" -> the person, "the senator" -> the senator
        target = doc[mentions.refers[token.i]]
        if mentions.actor_at(target.i) not in skip:
            return target
    if lower in ("it", "they") and token.dep_.startswith("nsubj") and token.head.dep_ == "ccomp":
        # "Nigeria announced it planned to join": the subject of the verb of saying.
        for c in token.head.head.children:
            if c.dep_ == "nsubj" and c.i in mentions.of and doc[c.i]._.gb_type != "PERSON":
                return c
    kind = NOMINAL.get(token.lemma_.lower())
    if kind and token.is_lower and any(c.lower_ == "the" for c in token.children):
        # The body of that kind named earlier in the sentence, else the one named most often
        # before: "the alliance" -> NATO.
        for i in range(token.i - 1, token.sent.start - 1, -1):
            if doc[i]._.gb_type == kind and i in mentions.of:
                return doc[i]
        seen = Counter(mentions.actor_at(i) for i in range(token.i) if doc[i]._.gb_type == kind)
        seen.pop(None, None)
        if seen:
            best = seen.most_common(1)[0][0]
            return next(doc[i] for i in range(token.i - 1, -1, -1) if mentions.actor_at(i) == best)
    return None


def find(doc: Doc, matcher: RelationMatcher, mentions: Mentions) -> list[Found]:
    """All relations the patterns find in a doc, negated or not (the assembler judges)."""
    found: list[Found] = []
    for p, slots, sentence in matcher(doc):
        anchor = doc[(slots.get("trigger") or slots.get("role") or slots["subject"])[0]]
        if "shared_head" in slots and any(c.dep_.startswith("nsubj") for c in anchor.children):
            continue  # the verb has a subject of its own
        if p.options.get("title_not_before_name") and _title_before_name(doc, slots):
            continue  # "Bottoms, former National Security Adviser Susan Rice, ..." is a list
        if any(c.lower_ in p.options.get("trigger_without", ()) for c in anchor.children):
            continue  # "Trump replaced Mattis with Esper": Trump appointed, Esper succeeded
        subj_tokens = _slot_mentions(doc, slots.get("subject", []), mentions, p.kind,
                                     conjuncts=p.options.get("conjuncts", False))
        skip = frozenset(mentions.actor[mentions.of[i]] for i in subj_tokens)
        obj_tokens = _slot_mentions(doc, slots.get("object", []), mentions, p.kind, skip)
        if p.options.get("mutual"):
            pairs = [(a, b) for a in subj_tokens for b in subj_tokens if a != b]
        else:
            if p.options.get("swap"):
                subj_tokens, obj_tokens = obj_tokens, subj_tokens
            if not obj_tokens and p.options.get("object_name"):
                obj_tokens = [-1]  # a fixed object, named by the pattern
            elif not obj_tokens and p.relation == "HOLDS_ROLE":
                obj_tokens = [NO_OBJECT]  # the title's owner is looked for around it
            pairs = [(a, b) for a in subj_tokens for b in obj_tokens]
        for s, o in pairs:
            found.append(Found(s, o, p, sentence, tuple(slots.get("role", ())),
                               tuple(slots.get("status", ())),
                               slots["trigger"][0] if "trigger" in slots else None))
    return found


def _title_before_name(doc: Doc, slots: dict[str, list[int]]) -> bool:
    after = max(slots.get("role", [-1])) + 1
    return 0 < after < len(doc) and doc[after]._.gb_type == "PERSON"


def _slot_mentions(doc: Doc, tokens: list[int], mentions: Mentions, kind: str,
                   skip: frozenset[str] = frozenset(), conjuncts: bool = False) -> list[int]:
    out: list[int] = []
    seen: set[int] = set()
    for i in tokens:
        candidates = arguments(doc[i], mentions, skip) if kind == "dep" else [i]
        if conjuncts:  # "member states Hungary and Poland"
            candidates += [c.i for c in doc[i].conjuncts if c.i > i]
        for c in candidates:
            if c in mentions.of and mentions.of[c] not in seen:
                seen.add(mentions.of[c])
                out.append(c)
    return out
