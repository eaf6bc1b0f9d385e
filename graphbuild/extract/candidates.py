"""Relation candidates for the classifier: pairs of actors in one sentence.

An actor takes part in a sentence as a name, as a pronoun or description that coreference
resolved ("he", "the senator"), or as the body a title implies when the text names none
("Sen. X" -> the US Senate, owners.py). Every two different actors of a sentence are a
candidate, in text order; a person's title (before the name or in apposition) travels with
it, for HOLDS_ROLE.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span

from graphbuild.extract import owners, roles
from graphbuild.extract.context import DocContext
from graphbuild.extract.resolve import actor_id
from graphbuild.model import Actor

MAX_DISTANCE = 60  # tokens between two arguments: farther apart, the sentence says nothing of both


@dataclass(frozen=True)
class Arg:
    """One actor's place in a sentence."""

    actor: Actor
    start: int  # token offsets of the name, pronoun, description or (implied) title
    end: int
    kind: str  # "name", "ref" (coreference), "implied" (by a title or code) or "speaker"
    title: tuple[int, ...] = ()  # a person's title tokens ("Sen.", ", the secretary of state")
    role: str | None = None  # that title, canonical ("Senator")

    @property
    def head(self) -> int:
        """The token that stands for the argument in the parse (a speaker's is the sentence's
        first: it has no token of its own there)."""
        return max(self.end - 1, self.start)

    @property
    def in_parse(self) -> bool:
        """Whether the argument's tokens are its own (a name or a reference), so the
        dependency path between two arguments says how the sentence relates them."""
        return self.kind in ("name", "ref")


@dataclass(frozen=True)
class Candidate:
    sentence: Span
    a: Arg  # the first in the text
    b: Arg


def candidates(ctx: DocContext) -> Iterator[Candidate]:
    """Every pair of different actors in each sentence that names at least one actor."""
    sents = list(ctx.doc.sents)
    for k, sent in enumerate(sents):
        args = sentence_args(ctx, sent, sents[k + 1 : k + 2] + sents[max(0, k - 1) : k])
        for i, a in enumerate(args):
            for b in args[i + 1 :]:
                if a.actor.id != b.actor.id and b.start - a.end <= MAX_DISTANCE:
                    yield Candidate(sent, a, b)


def sentence_args(ctx: DocContext, sent: Span, neighbours: list[Span] | None = None,
                  ) -> list[Arg]:
    """The actors of a sentence in text order: names, resolved references, implied owners,
    and the speaker a neighbouring sentence gives a quote (`neighbours`: the next sentence,
    then the one before)."""
    args: list[Arg] = []
    seen: set[int] = set()
    for i in range(sent.start, sent.end):
        k = ctx.mention_of.get(i)
        if k is None or k in seen:
            continue
        seen.add(k)
        actor = ctx.actor_by_id(ctx.span_ids[k])
        span = ctx.marked[k]
        if actor is not None:
            title = _title(ctx, span.start, span.end, actor)
            args.append(Arg(actor, span.start, span.end, "name", title, _role(ctx, title)))
    for i, target in ctx.refers.items():
        if sent.start <= i < sent.end and (actor := ctx.actor_at(target)) is not None:
            # A description is its own title: "the president" -> President.
            title = _run(ctx, i) if ctx.doc[i]._.gb_role else ()
            args.append(Arg(actor, i, i + 1, "ref", title, _role(ctx, title)))
    args += _implied_owners(ctx, sent, args) + _party_codes(ctx, sent, args)
    args += _speaker(ctx, sent, args, neighbours or [])
    return sorted(args, key=lambda a: (a.start, a.end))


def _title(ctx: DocContext, start: int, end: int, actor: Actor) -> tuple[int, ...]:
    """A person's title: written right before the name ("Democratic Sen. X") or in apposition
    after it ("X, chairman of the committee")."""
    if actor.type != "PERSON":
        return ()
    doc = ctx.doc
    for i, n in ctx.titles.items():
        if i + n == start:  # (its first words may name the owner: "Trump campaign manager")
            return tuple(range(i, i + n))
    head = doc[start:end].root
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            titled = [t.i for t in child.subtree if t._.gb_role]
            if titled:
                return _run(ctx, titled[0])
    if head.dep_ == "conj" and head.head.i in ctx.mention_of:
        # "Sens. Ed Markey and Ron Wyden": a plural title covers the names coordinated after it.
        first = ctx.marked[ctx.mention_of[head.head.i]]
        return _title(ctx, first.start, first.end, actor)
    return ()


def _run(ctx: DocContext, i: int) -> tuple[int, ...]:
    """The whole title around a title token."""
    first, last = roles.title_span(ctx.doc, i)
    return tuple(range(first, last + 1))


def _role(ctx: DocContext, title: tuple[int, ...]) -> str | None:
    return roles.canonical_title(ctx.doc[title[0] : title[-1] + 1].text) if title else None


def _implied_owners(ctx: DocContext, sent: Span, args: list[Arg]) -> list[Arg]:
    """The bodies titled persons' posts belong to when the sentence does not name them."""
    named = {a.actor.id for a in args}
    out = []
    for a in args:
        if a.kind == "implied" or not a.title:
            continue
        use = owners.TitleUse(a.title, a.head, sent)
        owner, _ = owners.owner_of(ctx, use, a.role, a.actor)
        if owner is not None and owner.id not in named:
            named.add(owner.id)
            out.append(Arg(owner, a.title[0], a.title[-1] + 1, "implied"))
    return out


PARTY_CODES = {"D": "Democratic Party", "R": "Republican Party"}


def _party_codes(ctx: DocContext, sent: Span, args: list[Arg]) -> list[Arg]:
    """The party a code after a name stands for: "Sen. X (D-Calif.)", "X, R-Texas"."""
    doc, out = ctx.doc, []
    named = {a.actor.id for a in args}
    for a in args:
        code = doc[a.end : a.end + 3]
        if a.kind != "name" or a.actor.type != "PERSON" or len(code) < 3 or \
                code[0].text not in ("(", ",") or code[2].text not in ("-", "–"):
            continue
        name = PARTY_CODES.get(code[1].text)
        if name is not None:
            party = Actor(actor_id("PARTY", name), name, "PARTY")
            if party.id not in named:
                named.add(party.id)
                out.append(Arg(party, code[1].i, code[1].i + 1, "implied"))
    return out


SPEECH_VERBS = {"say", "tell", "write", "tweet", "add", "post", "state", "declare", "argue",
                "claim", "insist", "warn", "note", "explain", "continue"}
QUOTES = "\"“”"


def _speaker(ctx: DocContext, sent: Span, args: list[Arg], neighbours: list[Span],
             ) -> list[Arg]:
    """Who speaks a quoted sentence that does not name its speaker: the subject of "said" in
    the sentence next to it ("“We don't need China,” he added." after the quote)."""
    text = sent.text
    if not any(c in text for c in QUOTES) or _speaker_in(ctx, sent) is not None:
        return []
    for other in neighbours:
        found = _speaker_in(ctx, other)
        if found is not None and found.actor.id not in {a.actor.id for a in args}:
            return [Arg(found.actor, sent.start, sent.start, "speaker")]
    return []


def _speaker_in(ctx: DocContext, sent: Span) -> Arg | None:
    for tok in sent:
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ == "nsubj":
                    target = c.i if c.i in ctx.mention_of else ctx.refers.get(c.i)
                    actor = ctx.actor_at(target) if target is not None else None
                    if actor is not None:
                        return Arg(actor, c.i, c.i + 1, "speaker")
    return None
