"""Relations from the patterns in `patterns/*.json`: matching, then arguments, negation, modality.

Patterns find the words; this module turns matched tokens into actors (following
coordination, relative pronouns and nearby personal pronouns), drops what the sentence
negates, and labels what is reported or prospective.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token

from graphbuild.extract.patterns import Pattern, load_patterns

SPEECH = {"say", "tell", "report", "claim", "state", "add", "write", "tweet", "announce",
          "insist", "argue", "suggest", "believe", "think", "according", "allege"}
PROSPECTIVE_HEADS = {"set", "expect", "poise", "plan", "likely", "due", "hope", "aim", "seek",
                     "want", "intend", "frontrunner", "favourite", "favorite", "candidate",
                     "bid", "would-be", "try", "vie", "nominate", "tipped"}
PROSPECTIVE_AUX = {"will", "would", "shall", "'ll", "could", "may", "might"}
NEGATING_HEADS = {"refuse", "decline", "fail", "reluctant", "unwilling", "deny", "stop", "avoid",
                  "rule", "reject"}
NEGATION_WORDS = {"not", "n't", "never", "no", "neither", "nor"}
PERSONAL = {"he", "him", "his", "she", "her", "hers"}
RELATIVE = {"who", "whom", "whose", "which", "that"}
NO_OBJECT = -2  # Found.object of a title whose owner the sentence does not give in a slot


@dataclass(frozen=True)
class Found:
    """One relation found in a sentence, before it becomes a model Relation."""

    subject: int  # token index of the subject's mention (an actor token)
    object: int
    pattern: Pattern
    sentence: Span
    modality: str
    negated: bool
    role_tokens: tuple[int, ...] = ()
    status_tokens: tuple[int, ...] = ()


class RelationMatcher:
    """Runs every pattern of one relation set over a parsed doc."""

    def __init__(self, vocab, patterns: tuple[Pattern, ...] | None = None) -> None:
        self.patterns = {p.id: p for p in (patterns or load_patterns())}
        self.dep = DependencyMatcher(vocab)
        self.tok = Matcher(vocab)
        for p in self.patterns.values():
            if p.kind == "dep":
                self.dep.add(p.id, [p.pattern])
            else:
                self.tok.add(p.id, [p.pattern], greedy="LONGEST")

    def __call__(self, doc: Doc) -> list[tuple[Pattern, dict[str, list[int]]]]:
        """Each match as (pattern, slot -> token indexes)."""
        out = []
        strings = doc.vocab.strings
        for match_id, token_ids in self.dep(doc):
            p = self.patterns[strings[match_id]]
            slots: dict[str, list[int]] = {}
            for node, i in zip(p.pattern, token_ids, strict=True):
                slots.setdefault(node["RIGHT_ID"], []).append(i)
            out.append((p, slots))
        for match_id, start, _end, align in self.tok(doc, with_alignments=True):
            p = self.patterns[strings[match_id]]
            slots = {}
            for offset, k in enumerate(align):
                if p.slots[k]:
                    slots.setdefault(p.slots[k], []).append(start + offset)
            out.append((p, slots))
        return out


def _clause_chain(token: Token):
    """The token and the heads above it up to its sentence root."""
    yield token
    while token.head.i != token.i:
        token = token.head
        yield token


def is_negated(trigger: Token) -> bool:
    """"did not endorse", "refused to back", "ruled out backing", "never supported"."""
    for i, tok in enumerate(_clause_chain(trigger)):
        if any(c.dep_ == "neg" or c.lower_ in NEGATION_WORDS for c in tok.children):
            return True
        if i and tok.lemma_ in NEGATING_HEADS:
            return True
        if tok.dep_ in ("ccomp", "advcl", "conj", "relcl", "parataxis") or i > 3:
            break
    return False


def modality_of(trigger: Token, sentence: Span) -> str:
    """reported (X said ..., reportedly), prospective (to succeed, set to, will), or asserted."""
    chain = list(_clause_chain(trigger))
    for tok in chain[1:]:
        if tok.lemma_ in SPEECH and tok.i != trigger.i:
            return "reported"
    if any(t.lower_ in ("reportedly", "allegedly") for t in sentence):
        return "reported"
    for i, tok in enumerate(chain[:4]):
        if any(c.lower_ in PROSPECTIVE_AUX for c in tok.children):
            return "prospective"
        if i and tok.lemma_.lower() in PROSPECTIVE_HEADS:
            return "prospective"
        if tok.dep_ in ("xcomp", "relcl", "acl") and any(
            c.lower_ == "to" and c.dep_ == "aux" for c in tok.children
        ):
            return "prospective"
        if tok.dep_ in ("ccomp", "advcl", "conj"):
            break
    return "asserted"


def arguments(token: Token, mention_of: dict[int, int]) -> list[int]:
    """Mention tokens an argument token stands for: itself, its conjuncts, or an antecedent."""
    out = []
    for t in (token, *token.conjuncts):
        t = antecedent(t, mention_of)
        if t is not None and t.i in mention_of:
            out.append(t.i)
    return out


def antecedent(token: Token, mention_of: dict[int, int]) -> Token | None:
    """The mention a pronoun refers to: "who" -> the noun it modifies; "he" -> the last person."""
    if token.i in mention_of:
        return token
    lower = token.lower_
    if lower in RELATIVE and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    if lower in PERSONAL:
        # The nearest person mentioned before, in this sentence or the one before.
        start = token.sent.start
        prev = token.doc[start - 1].sent.start if start > 0 else start
        for i in range(token.i - 1, prev - 1, -1):
            if i in mention_of and token.doc[i].ent_type_ == "PERSON":
                return token.doc[i]
    return None


def find(doc: Doc, matcher: RelationMatcher, mention_of: dict[int, int]) -> list[Found]:
    """All relations the patterns find in a doc (negated ones flagged, not dropped)."""
    found: list[Found] = []
    for p, slots in matcher(doc):
        anchor = doc[(slots.get("trigger") or slots.get("role") or slots["subject"])[0]]
        sentence = anchor.sent
        # A title is not negated by its clause; only a relation verb or noun is.
        negated = "trigger" in slots and is_negated(anchor)
        modality = p.options.get("modality") or modality_of(anchor, sentence)
        subj_tokens = _slot_mentions(doc, slots.get("subject", []), mention_of, p.kind)
        obj_tokens = _slot_mentions(doc, slots.get("object", []), mention_of, p.kind)
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
            found.append(Found(s, o, p, sentence, modality, negated,
                               tuple(slots.get("role", ())), tuple(slots.get("status", ()))))
    return found


def _slot_mentions(doc: Doc, tokens: list[int], mention_of: dict[int, int], kind: str) -> list[int]:
    out: list[int] = []
    seen: set[int] = set()
    for i in tokens:
        candidates = arguments(doc[i], mention_of) if kind == "dep" else [i]
        for c in candidates:
            if c in mention_of and mention_of[c] not in seen:
                seen.add(mention_of[c])
                out.append(c)
    return out
