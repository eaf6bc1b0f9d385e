"""One document's extraction: its context, every source's proposals, the assembler's verdict."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from graphbuild.extract.assemble import assemble
from graphbuild.extract.classifier import LinearModel
from graphbuild.extract.context import DocContext
from graphbuild.extract.proposals import Source
from graphbuild.model import Article, DocResult, Rejection


def extract_document(article: Article, doc: Doc, sources: Sequence[Source],
                     actor_model: LinearModel | None = None) -> DocResult:
    """Actors, mentions, relations and rejected names of one parsed article."""
    ctx = DocContext(article, doc, actor_model)
    relations, extra = assemble(ctx, [p for source in sources for p in source.propose(ctx)])
    actors = {**ctx.actors, **{a.id: a for a in extra}}
    rejected = tuple(Rejection(article.id, r.text, r.type, r.reason) for r in ctx.rejected)
    return DocResult(article, tuple(actors.values()), ctx.mention_records(), tuple(relations),
                     rejected)
