"""One document as every relation source sees it: its actors, where they are named, and the
token marks (actor type, title, status) the patterns read.

Built once per document, before any source runs; the sources and the assembler only read it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from graphbuild.extract import roles
from graphbuild.extract.actor_check import check_actors
from graphbuild.extract.classifier import LinearModel
from graphbuild.extract.coref import Coreference
from graphbuild.extract.marks import mark_status, mark_title, mark_type
from graphbuild.extract.mentions import MentionSpan, find_mentions
from graphbuild.extract.relations import Mentions
from graphbuild.extract.resolve import actor_id, resolve
from graphbuild.model import Actor, Article, Mention


class DocContext:
    """The actors of one parsed article and the tokens that name them."""

    def __init__(self, article: Article, doc: Doc, actor_model: LinearModel | None = None,
                 ) -> None:
        """`actor_model`: the model that checks each actor (actor_check.py); None: the
        rules' actors, unchecked (what that model is trained on)."""
        self.article, self.doc = article, doc
        self.titles = roles.title_starts(doc)  # token index -> title length
        spans, demonyms, self.rejected = find_mentions(doc, self.titles)
        if actor_model is not None:
            spans, rejected = check_actors(doc, spans, actor_model, article.date)
            self.rejected += rejected
        self.spans = spans
        actors, ids = resolve(spans, article.date)
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self.mention_of: dict[int, int] = {}  # token index -> index into self.span_ids
        self.span_ids: list[str] = []
        self.marked: list[MentionSpan] = []  # the span of each mention index (demonyms too)
        for span, aid in zip(spans, ids, strict=True):
            self._mark(span, aid)
        # A nationality is no actor, but inside a title it names a country ("Dutch PM"): such
        # a country becomes an actor only when a relation uses it.
        self.demonym_country: dict[str, str] = {}
        for d in demonyms:
            if any(i in self.mention_of for i in range(d.start, d.end)):
                continue
            aid = actor_id("COUNTRY", d.key or d.text)
            self.demonym_country[aid] = d.key or d.text
            self._mark(MentionSpan(d.start, d.end, "COUNTRY", d.text, d.key), aid)
        self._mark_titles()
        names = {aid: a.name for aid, a in self.actors.items()}
        links = Coreference(doc, spans, self.span_ids, self.mention_of, names).links()
        self.refers = {i: spans[k].end - 1 for i, k in links.items()}
        self.mentions = Mentions(self.mention_of, self.span_ids, self.refers)

    def _mark(self, span: MentionSpan, aid: str) -> None:
        self.span_ids.append(aid)
        self.marked.append(span)
        for i in range(span.start, span.end):
            self.mention_of[i] = len(self.span_ids) - 1
            mark_type(self.doc[i], span.type)

    def _mark_titles(self) -> None:
        """Titles outside actor names, left to right (the longest at each start); then the
        status words ("former", "acting") outside them."""
        end = 0
        titled: set[int] = set()
        for i, n in sorted(self.titles.items()):
            if i >= end and i not in self.mention_of:
                titled.update(range(i, i + n))
                end = i + n
        self.titled = sorted(titled)  # the tokens marked as titles, in order
        for i in self.titled:
            mark_title(self.doc[i])
        status = roles.status_words()
        for i in roles.status_positions(self.doc):
            if i not in titled and i not in self.mention_of:  # not the "New" of New Zealand
                t = self.doc[i]
                mark_status(t, status[t.lower_])

    # -- reading ---------------------------------------------------------------------------

    def actor_at(self, token_index: int) -> Actor | None:
        """The actor a token names, if any."""
        if token_index not in self.mention_of:
            return None
        return self.actor_by_id(self.span_ids[self.mention_of[token_index]])

    def mention_end(self, token_index: int) -> int:
        """The last token of the mention a token stands in (itself when it names no actor:
        a pronoun or a description)."""
        k = self.mention_of.get(token_index)
        return self.marked[k].end - 1 if k is not None else token_index

    def actor_by_id(self, aid: str) -> Actor | None:
        if aid in self.actors:
            return self.actors[aid]
        if aid in self.demonym_country:
            return Actor(aid, self.demonym_country[aid], "COUNTRY")
        return None

    def mention_records(self) -> tuple[Mention, ...]:
        """Every named mention (not the demonym markers), with its offsets and sentence."""
        out = []
        for s, aid in zip(self.spans, self.span_ids, strict=False):
            first, last = self.doc[s.start], self.doc[s.end - 1]
            sent = first.sent
            out.append(Mention(aid, self.article.id, s.text, first.idx, last.idx + len(last),
                               sent.start_char, sent.end_char, s.title))
        return tuple(out)
