"""The assembler: every source's proposals for one document become its relations.

Whatever proposed a relation, the assembler checks the actor types the relation allows and
the owners a post allows (no governor of a country, no editor of the Senate), leaves out what
the sentence itself rules out (a party membership of an "(I-Vt.)" independent, a stance of
some of a party's members taken for the party) and a classifier's party for a person whom the
patterns or the reference table give another, judges negation, hypotheticals and modality
from its trigger (modality.py), keeps one piece of evidence per statement, prefers the
patterns where they fire and the classifier's recall elsewhere, keeps one stance per pair and
sentence, and adds the relations that follow from others (a party's leader is its member; one
post left and entered in one sentence is a succession).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from graphbuild import reference
from graphbuild.extract.context import DocContext
from graphbuild.extract.junk import party_subset
from graphbuild.extract.modality import judge
from graphbuild.extract.owners import PARTY_LEADER_ROLES
from graphbuild.extract.patterns import relation_types
from graphbuild.extract.proposals import Proposal
from graphbuild.extract.roles import post_fits
from graphbuild.model import Actor, Evidence, Relation

STANCES = ("BACKS", "OPPOSES")
# Patterns of leaving and of entering a post (see `_successions`).
LEAVING = ("pattern:holds_role.resign_as",)
ENTERING = ("pattern:holds_role.serve_as", "pattern:holds_role.appoint_as")


@dataclass(frozen=True)
class Judged:
    proposal: Proposal
    negated: bool
    modality: str

    @property
    def pair(self) -> tuple[str, str, int]:
        p = self.proposal
        return p.subject.id, p.object.id, p.sentence.start


def assemble(ctx: DocContext, proposals: Iterable[Proposal]) -> tuple[list[Relation], list[Actor]]:
    """The relations of one document, and the actors they use that no mention names (a
    country named by a demonym, a body a title implies)."""
    judged = [_judge(ctx, p) for p in proposals if _types_fit(p)]
    judged = _no_party_for_independents(ctx, judged)
    judged = [j for j in judged if not _party_subset_stance(ctx, j.proposal)]
    judged = _one_party(judged)
    kept = _one_per_statement(judged)
    kept = _patterns_first(kept)
    kept = _one_stance(kept)
    kept = _stated_owners_first(kept)
    relations = [_relation(ctx, j) for j in kept]
    relations += _party_members(ctx, kept) + _successions(relations)
    used = {a.id: a for j in kept for a in (j.proposal.subject, j.proposal.object)}
    extra = [a for aid, a in used.items() if aid not in ctx.actors]
    return relations, extra


def _types_fit(p: Proposal) -> bool:
    subjects, objects = relation_types()[p.relation]
    return p.subject.type in subjects and p.object.type in objects and (
        p.relation != "HOLDS_ROLE"
        or post_fits(p.role, p.object.name, p.object.type, p.from_pattern and not p.implied))


def _no_party_for_independents(ctx: DocContext, judged: list[Judged]) -> list[Judged]:
    """"Sen. Bernie Sanders (I-Vt.)": the text calls him an independent, so no party
    membership is read for him in that sentence (FORMAT.md: "(I-Vt.)" gives none)."""
    doc = ctx.doc
    independent = set()
    for i in range(2, len(doc) - 1):
        if doc[i].text != "I" or doc[i - 1].text not in ("(", ",") \
                or doc[i + 1].text not in ("-", "–"):
            continue
        named = ctx.actor_at(i - 2)
        if named:
            independent.add((named.id, doc[i].sent.start))
    return [j for j in judged if not (
        j.proposal.relation == "MEMBER_OF" and j.proposal.object.type == "PARTY"
        and (j.proposal.subject.id, j.proposal.sentence.start) in independent)]


def _one_party(judged: list[Judged]) -> list[Judged]:
    """A person belongs to one party: the classifier's MEMBER_OF of a person to a party other
    than the one a pattern of the article or the reference table gives them is left out
    ("IA-03: Democratic Rep. Cindy Axne faces Republican David Young": Axne is no
    Republican)."""
    stated: dict[str, set[str]] = {}
    for j in judged:
        p = j.proposal
        if p.from_pattern and _party_membership(p) and not j.negated:
            stated.setdefault(p.subject.id, set()).add(p.object.name)

    def parties(person: Actor) -> set[str]:
        known = stated.get(person.id, set())
        table = reference.load()
        entries = [e for e in table.by_name(person.name) if e.type == "PERSON"] or (
            table.by_surname(person.name) if " " not in person.name else [])
        if len(entries) == 1 and entries[0].party:
            known = known | {entries[0].party}
        return known

    return [j for j in judged if j.proposal.from_pattern or not _party_membership(j.proposal)
            or j.proposal.object.name in (parties(j.proposal.subject) or {j.proposal.object.name})]


def _party_membership(p: Proposal) -> bool:
    return p.relation == "MEMBER_OF" and p.object.type == "PARTY" and p.subject.type == "PERSON"


def _party_subset_stance(ctx: DocContext, p: Proposal) -> bool:
    """A stance or succession of "several prominent Democrats" is that of some of them, not
    of the party (FORMAT.md); they still name the party their members belong to ("four
    Democrats, X, Y, ...": MEMBER_OF)."""
    if p.relation in ("MEMBER_OF", "HOLDS_ROLE"):
        return False
    sent = p.sentence
    for actor in (p.subject, p.object):
        if actor.type != "PARTY":
            continue
        spans = [m for m, aid in zip(ctx.marked, ctx.span_ids, strict=True)
                 if aid == actor.id and sent.start <= m.start < sent.end]
        if spans and all(party_subset(ctx.doc[m.start : m.end]) for m in spans):
            return True
    return False


def _judge(ctx: DocContext, p: Proposal) -> Judged:
    trigger = ctx.doc[p.trigger] if p.trigger is not None else None
    negated, modality = judge(trigger, p.sentence, p.modality)
    return Judged(p, negated, modality)


def _one_per_statement(judged: list[Judged]) -> list[Judged]:
    """One statement is one piece of evidence, however many readings found it: per
    (relation, role, sentence) a pattern's reading first, then the most probable."""
    best: dict[tuple, Judged] = {}
    for j in judged:
        p = j.proposal
        key = (*j.pair, p.relation, p.role)
        if key not in best or _rank(j) > _rank(best[key]):
            best[key] = j
    return list(best.values())


def _rank(j: Judged) -> tuple[bool, float]:
    return j.proposal.from_pattern, j.proposal.probability


def _group(relation: str) -> str:
    return "STANCE" if relation in STANCES else relation


def _patterns_first(judged: list[Judged]) -> list[Judged]:
    """Where a pattern reads a pair in a sentence, the classifier's reading of the same kind
    of relation for that pair is left out: the patterns' precision where they fire."""
    fired = {(*j.pair, _group(j.proposal.relation)) for j in judged if j.proposal.from_pattern}
    return [j for j in judged if j.proposal.from_pattern
            or (*j.pair, _group(j.proposal.relation)) not in fired]


def _one_stance(judged: list[Judged]) -> list[Judged]:
    """One stance per pair and sentence (the most probable) unless patterns state both."""
    best: dict[tuple, Judged] = {}
    for j in judged:
        p = j.proposal
        if p.relation in STANCES and not p.from_pattern and (
                j.pair not in best or p.probability > best[j.pair].proposal.probability):
            best[j.pair] = j
    return [j for j in judged if j.proposal.relation not in STANCES
            or j.proposal.from_pattern or best.get(j.pair) is j]


def _stated_owners_first(judged: list[Judged]) -> list[Judged]:
    """A post whose owner a pattern reads in the article needs no implied owner; and one post
    in one sentence has one owner, the most probable."""
    posts = [j for j in judged if j.proposal.relation == "HOLDS_ROLE"]
    named = {(j.proposal.subject.id, j.proposal.role) for j in posts
             if j.proposal.from_pattern and not j.proposal.implied}
    best: dict[tuple, Judged] = {}
    for j in posts:
        key = (j.proposal.subject.id, j.proposal.role, j.proposal.sentence.start)
        if key not in best or _rank(j) > _rank(best[key]):
            best[key] = j
    return [j for j in judged if j.proposal.relation != "HOLDS_ROLE" or (
        best[(j.proposal.subject.id, j.proposal.role, j.proposal.sentence.start)] is j
        and not (j.proposal.implied and (j.proposal.subject.id, j.proposal.role) in named))]


def _relation(ctx: DocContext, j: Judged) -> Relation:
    p, sent = j.proposal, j.proposal.sentence
    evidence = Evidence(
        article_id=ctx.article.id,
        sentence=sent.text.strip(),
        start=sent.start_char,
        end=sent.end_char,
        extractor=p.extractor,
        confidence=round(p.probability, 3),
        modality=j.modality,
        negated=j.negated,
        date=ctx.article.date,
    )
    return Relation(p.subject.id, p.relation, p.object.id, evidence, p.role, p.status)


def _party_members(ctx: DocContext, judged: list[Judged]) -> list[Relation]:
    """A party's leader is a member of it (FORMAT.md)."""
    out = []
    for j in judged:
        p = j.proposal
        if p.relation == "HOLDS_ROLE" and p.object.type == "PARTY" and p.role in PARTY_LEADER_ROLES:
            r = _relation(ctx, j)
            evidence = replace(r.evidence, extractor=r.evidence.extractor + "+member")
            out.append(Relation(r.subject_id, "MEMBER_OF", r.object_id, evidence))
    return out


def _successions(relations: list[Relation]) -> list[Relation]:
    """One sentence, one post, one holder leaving and another entering it: "X resigned as the
    governor of Y and Z was sworn in as Y's new governor" -> Z SUCCEEDS X."""
    posts = [r for r in relations if r.relation == "HOLDS_ROLE" and r.evidence.stated]
    out = []
    for left in posts:
        if not left.evidence.extractor.startswith(LEAVING):
            continue
        for came in posts:
            same_post = (came.object_id, came.role, came.evidence.start) == \
                (left.object_id, left.role, left.evidence.start)
            if same_post and came.subject_id != left.subject_id and \
                    came.evidence.extractor.startswith(ENTERING):
                evidence = replace(came.evidence, extractor="infer:succeeds.same_post")
                out.append(Relation(came.subject_id, "SUCCEEDS", left.subject_id, evidence))
    return out
