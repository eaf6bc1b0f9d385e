"""How a relation is stated: negated ("refused to back"), hypothetical ("if Biden picks
Harris"), reported ("X said ..."), prospective ("set to succeed", "will back") or asserted.

Judged by the assembler for every relation, whatever source proposed it, from the word that
carries the relation (its trigger) and the clauses above it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

SPEECH = {"say", "tell", "report", "claim", "state", "add", "write", "tweet", "announce",
          "insist", "argue", "suggest", "believe", "think", "according", "allege"}
PROSPECTIVE_HEADS = {"set", "expect", "poise", "plan", "likely", "due", "hope", "aim", "seek",
                     "want", "intend", "frontrunner", "favourite", "favorite", "candidate",
                     "bid", "would-be", "try", "vie", "nominate", "tipped"}
# Verbs whose "to"-complement is no plan: "continued to attack", "began to back".
ASPECTUAL = {"continue", "begin", "start", "keep", "resume", "manage", "refuse", "decline",
             "fail", "cease", "stop", "use"}
PROSPECTIVE_AUX = {"will", "would", "shall", "'ll", "could", "may", "might"}
NEGATING_HEADS = {"refuse", "decline", "fail", "reluctant", "unwilling", "deny", "stop", "avoid",
                  "rule", "reject", "cease", "quit", "withdraw", "retract", "rescind", "abandon"}
NEGATION_WORDS = {"not", "n't", "never", "no", "neither", "nor"}
NO_ONE = {"nobody", "none", "noone"}


def _clause_chain(token: Token):
    """The token and the heads above it up to its sentence root."""
    yield token
    while token.head.i != token.i:
        token = token.head
        yield token


def is_negated(trigger: Token) -> bool:
    """"did not endorse", "refused to back", "ruled out backing", "never supported", "neither
    Trump nor Pence has ever criticized"."""
    for i, tok in enumerate(_clause_chain(trigger)):
        if any(c.dep_ == "neg" or c.lower_ in NEGATION_WORDS for c in tok.children):
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass") and _none(c) for c in tok.children):
            return True
        if i and tok.lemma_ in NEGATING_HEADS:
            return True
        if i and any(c.dep_ == "prt" and c.lower_ == "away" for c in tok.children):
            return True  # "backed away from his support for"
        if tok.dep_ in ("ccomp", "advcl", "conj", "relcl", "parataxis") or i > 3:
            break
    return False


def _none(subject: Token) -> bool:
    """A subject that names no one: "neither X nor Y", "no Republican", "nobody"."""
    return subject.lower_ in NO_ONE or any(
        c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in subject.children)


def modality_of(trigger: Token, sentence: Span) -> str:
    """reported (X said ..., reportedly), prospective (to succeed, set to, will), or asserted."""
    chain = list(_clause_chain(trigger))
    for tok in chain[1:]:
        if tok.lemma_ in SPEECH:
            return "reported"
    if any(t.lower_ in ("reportedly", "allegedly") for t in sentence):
        return "reported"
    for i, tok in enumerate(chain[:4]):
        if any(c.lower_ in PROSPECTIVE_AUX for c in tok.children):
            return "prospective"
        if i and tok.lemma_.lower() in PROSPECTIVE_HEADS:
            return "prospective"
        if tok.dep_ in ("xcomp", "relcl", "acl") and tok.head.lemma_ not in ASPECTUAL and any(
            c.lower_ == "to" and c.dep_ == "aux" for c in tok.children
        ):
            return "prospective"
        if tok.dep_ in ("ccomp", "advcl", "conj"):
            break
    return "asserted"


CONDITIONAL_MARKS = {"if", "unless", "whether"}
CONSEQUENCE_OF = {"if", "unless"}  # "X would back Y if ...": the main clause of a condition


def is_hypothetical(trigger: Token, sentence: Span) -> bool:
    """A condition, its consequence or a question, not a statement: "if Biden picks Harris",
    "he'd be replacing Trump if he was removed", "whether he will back her", "Will Biden pick
    Harris?"."""
    for i, tok in enumerate(_clause_chain(trigger)):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children):
            return True
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONSEQUENCE_OF
                                         for m in c.children) for c in tok.children):
            return True
        if tok.dep_ in ("ccomp", "relcl", "parataxis") or i > 3:
            break
    # A question: it ends in "?" and its main verb is fronted by an auxiliary ("Will X back Y?").
    root = sentence.root
    return sentence.text.rstrip().rstrip("\"'”’").endswith("?") and any(
        c.dep_ == "aux" and c.i < root.i and c.i == sentence.start for c in root.children)


def judge(trigger: Token | None, sentence: Span, stated: str | None = None,
          ) -> tuple[bool, str]:
    """(negated, modality) of a relation carried by `trigger` in `sentence`. `stated`: the
    modality its source read itself (a forced pattern option, "would-be" before a title).
    A relation with no trigger (a title, a label) is the writer's own statement."""
    if trigger is None:
        return False, stated or "asserted"
    if is_hypothetical(trigger, sentence):
        return is_negated(trigger), "hypothetical"
    return is_negated(trigger), stated or modality_of(trigger, sentence)
