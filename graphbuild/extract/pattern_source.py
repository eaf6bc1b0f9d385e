"""The patterns as a relation source: each match of `patterns/*.json` becomes a proposal.

A pattern's probability is its measured precision on the training data (`graphbuild train`
writes it beside the classifier), else the prior its file gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from graphbuild.extract import owners, roles
from graphbuild.extract.context import DocContext
from graphbuild.extract.proposals import Proposal
from graphbuild.extract.relations import Found, RelationMatcher, find
from graphbuild.extract.resolve import actor_id
from graphbuild.model import Actor


class PatternSource:
    """Proposals from the rules, with the pattern id on each."""

    name = "patterns"

    def __init__(self, matcher: RelationMatcher,
                 precision: Mapping[str, float] | None = None) -> None:
        self.matcher = matcher
        self.precision = dict(precision or {})

    def propose(self, ctx: DocContext) -> Iterator[Proposal]:
        for f in find(ctx.doc, self.matcher, ctx.mentions):
            proposal = self._proposal(ctx, f)
            if proposal is not None:
                yield proposal

    def probability(self, extractor: str, prior: float) -> float:
        return self.precision.get(extractor, prior)

    def _proposal(self, ctx: DocContext, f: Found) -> Proposal | None:
        p = f.pattern
        subject = ctx.actor_at(f.subject)
        if f.object == -1:  # a fixed object named by the pattern: "(D-Calif.)"
            kind = p.options.get("object_type", "PARTY")
            name = p.options["object_name"]
            obj: Actor | None = Actor(actor_id(kind, name), name, kind)
        else:
            obj = ctx.actor_at(f.object)
        role = status = None
        modality = p.options.get("modality")
        implied = False
        if p.relation == "HOLDS_ROLE":
            role, status, stated = owners.title_of(ctx, f)
            if role is None:
                return None
            modality = stated or modality
            if obj is not None and not owners.owns_role(ctx, f.object, obj, role, subject,
                                                        f.role_tokens):
                obj = None
            if obj is None:
                obj, implied = owners.owner_of(ctx, owners.TitleUse.of(f), role, subject)
        if subject is None or obj is None or subject.id == obj.id:
            return None
        if subject.type not in p.subject_types or obj.type not in p.object_types:
            return None
        if p.relation == "HOLDS_ROLE" and obj.type == "ORGANIZATION" and \
                role.lower() in roles.informal():
            role = owners.formal_title(ctx, obj) or role.title()
        extractor = f"pattern:{p.id}" + (".implied" if implied else "")
        return Proposal(p.relation, subject, obj, f.sentence, extractor,
                        self.probability(extractor, p.confidence), f.trigger, modality, role,
                        status, implied)
