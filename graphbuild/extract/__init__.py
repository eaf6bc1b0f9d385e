"""Extraction: from an Article to its actors, mentions and relations with evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.extract import roles
from graphbuild.extract.actors import MentionSpan, find_mentions
from graphbuild.extract.nlp import load_pipeline
from graphbuild.extract.relations import Found, RelationMatcher, find
from graphbuild.extract.resolve import actor_id, resolve
from graphbuild.model import Actor, Article, DocResult, Evidence, Failure, Mention, Relation

__all__ = ["Extractor", "extract_articles"]

# Tokens get the type of the actor they belong to, and title tokens a flag, so that token
# patterns can say {"_": {"gb_type": "PERSON"}} and {"_": {"gb_role": true}}.
for _name, _default in (("gb_type", ""), ("gb_role", False), ("gb_status", "")):
    if not Doc.has_extension(_name):
        from spacy.tokens import Token

        Token.set_extension(_name, default=_default)

PARTY_LEADER_ROLES = {"Leader", "Chairperson"}


class Extractor:
    """Holds the loaded pipeline and compiled patterns; call `extract` or `pipe`."""

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_pipeline(model)
        self.matcher = RelationMatcher(self.nlp.vocab)

    def extract(self, article: Article) -> DocResult:
        return self.from_doc(article, self.nlp(article.full_text))

    def pipe(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 32,
        workers: int = 1,
        failures: list[Failure] | None = None,
    ) -> Iterator[DocResult]:
        """Extract a stream of articles; an article that fails is reported, not fatal."""
        stream = ((a.full_text, a) for a in articles)
        docs = self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=workers)
        for doc, article in docs:
            try:
                yield self.from_doc(article, doc)
            except Exception as exc:  # one bad article must not stop a corpus build
                if failures is None:
                    raise
                failures.append(Failure(article.id, f"extraction failed: {exc!r}"))

    def from_doc(self, article: Article, doc: Doc) -> DocResult:
        return _DocExtraction(article, doc, self.matcher).run()


def extract_articles(articles: Iterable[Article], model: str | None = None) -> Iterator[DocResult]:
    """Convenience for notebooks: extract every article with a default Extractor."""
    yield from Extractor(model).pipe(articles)


class _DocExtraction:
    """The state of one document while its relations are turned into model objects."""

    def __init__(self, article: Article, doc: Doc, matcher: RelationMatcher) -> None:
        self.article, self.doc, self.matcher = article, doc, matcher
        spans, demonyms = find_mentions(doc)
        self.spans = spans
        actors, ids = resolve(spans)
        self.actors = {a.id: a for a in actors}
        self.mention_of: dict[int, int] = {}  # token index -> index into self.span_ids
        self.span_ids: list[str] = []
        for span, aid in zip(spans, ids, strict=True):
            self._mark(span, aid)
        # A nationality is no actor, but inside a title it names a country ("Dutch PM").
        self.demonym_country: dict[str, str] = {}
        for d in demonyms:
            if any(i in self.mention_of for i in range(d.start, d.end)):
                continue
            aid = actor_id("COUNTRY", d.key or d.text)
            self.demonym_country[aid] = d.key or d.text
            self._mark(MentionSpan(d.start, d.end, "COUNTRY", d.text, d.key), aid)
        self._mark_titles()

    def _mark(self, span: MentionSpan, aid: str) -> None:
        self.span_ids.append(aid)
        for i in range(span.start, span.end):
            self.mention_of[i] = len(self.span_ids) - 1
            self.doc[i]._.gb_type = span.type

    def _mark_titles(self) -> None:
        doc, i = self.doc, 0
        status = roles.status_words()
        while i < len(doc):
            n = roles.title_at(doc, i) if i not in self.mention_of else 0
            if n:
                for t in doc[i : i + n]:
                    t._.gb_role = True
                i += n
                continue
            if doc[i].lower_ in status:
                doc[i]._.gb_status = status[doc[i].lower_]
            i += 1

    # -- relations -----------------------------------------------------------------------

    def run(self) -> DocResult:
        relations: list[Relation] = []
        guessed: list[Relation] = []  # HOLDS_ROLE whose owner is a guess (the home country)
        seen: set = set()
        for f in find(self.doc, self.matcher, self.mention_of):
            for rel, guess in self._relations(f):
                key = (rel.key, rel.evidence.start, rel.evidence.pattern)
                if key not in seen:
                    seen.add(key)
                    (guessed if guess else relations).append(rel)
        stated = {(r.subject_id, r.role) for r in relations if r.relation == "HOLDS_ROLE"}
        relations += [r for r in guessed if (r.subject_id, r.role) not in stated]
        used = {r.subject_id for r in relations} | {r.object_id for r in relations}
        for aid, name in self.demonym_country.items():
            if aid in used and aid not in self.actors:
                self.actors[aid] = Actor(aid, name, "COUNTRY")
        mentions = tuple(
            Mention(aid, self.article.id, s.text, self.doc[s.start].idx,
                    self.doc[s.end - 1].idx + len(self.doc[s.end - 1].text))
            for s, aid in zip(self.spans, self.span_ids, strict=False)
        )
        return DocResult(self.article, tuple(self.actors.values()), mentions, tuple(relations))

    def _actor(self, token_index: int) -> Actor | None:
        if token_index not in self.mention_of:
            return None
        aid = self.span_ids[self.mention_of[token_index]]
        if aid in self.actors:
            return self.actors[aid]
        if aid in self.demonym_country:
            return Actor(aid, self.demonym_country[aid], "COUNTRY")
        return None

    def _relations(self, f: Found) -> list[tuple[Relation, bool]]:
        p = f.pattern
        subject = self._actor(f.subject)
        if f.object == -1:
            name, kind = p.options["object_name"], p.options.get("object_type", "PARTY")
            obj = self.actors.setdefault(actor_id(kind, name), Actor(actor_id(kind, name), name, kind))
        else:
            obj = self._actor(f.object)
        confidence = p.confidence
        role = status = None
        guess = False
        if p.relation == "HOLDS_ROLE":
            role, status, modality = self._role(f)
            if role is None:
                return []
            if obj is None or obj.id == (subject.id if subject else None):
                obj, guess = self._owner_of_role(f)
                confidence *= 0.6 if guess else 1.0
        else:
            modality = f.modality
        if subject is None or obj is None or subject.id == obj.id:
            return []
        if subject.type not in p.subject_types or obj.type not in p.object_types:
            return []
        if p.relation == "HOLDS_ROLE" and obj.type == "ORGANIZATION" and role.lower() in roles.informal():
            role = self._formal_title(obj) or role.title()
        sent = f.sentence
        evidence = Evidence(
            article_id=self.article.id,
            sentence=sent.text.strip(),
            start=sent.start_char,
            end=sent.end_char,
            pattern=p.id,
            confidence=round(confidence, 3),
            modality=modality,
            negated=f.negated,
            date=self.article.date,
        )
        out = [(Relation(subject.id, p.relation, obj.id, evidence, role, status), guess)]
        if p.relation == "HOLDS_ROLE" and obj.type == "PARTY" and role in PARTY_LEADER_ROLES:
            # A party's leader is a member of it (FORMAT.md).
            derived = Evidence(**{**evidence.__dict__, "pattern": p.id + "+member"})
            out.append((Relation(subject.id, "MEMBER_OF", obj.id, derived), guess))
        return out

    def _role(self, f: Found) -> tuple[str | None, str, str]:
        """(title, status, modality) of a HOLDS_ROLE match."""
        status, modality = "current", "asserted"
        for i in f.status_tokens:
            word = self.doc[i]._.gb_status or roles.status_words().get(self.doc[i].lower_)
            if word == "former":
                status = "former"
            elif word == "prospective":
                modality = "prospective"
        if f.pattern.options.get("status"):
            status = f.pattern.options["status"]
        if f.pattern.options.get("role"):
            return f.pattern.options["role"], status, modality
        if not f.role_tokens:
            return None, status, modality
        # The whole title around the matched role tokens: "Prime Minister", "trade commissioner".
        first, last = min(f.role_tokens), max(f.role_tokens)
        while first > 0 and self.doc[first - 1]._.gb_role:
            first -= 1
        while last + 1 < len(self.doc) and self.doc[last + 1]._.gb_role:
            last += 1
        title = self.doc[first : last + 1].text
        for tok in self.doc[max(0, first - 2) : first]:
            if tok.lower_.rstrip("-") in ("former", "ex", "then"):
                status = "former"
        return roles.canonical_title(title), status, modality

    def _owner_of_role(self, f: Found) -> tuple[Actor | None, bool]:
        """The body a title belongs to: said next to it ("prime minister of Tonga", "Tonga's
        prime minister", "NATO chief"), else the country the article is mostly about."""
        for i in f.role_tokens:
            tok = self.doc[i]
            for child in tok.children:
                cands = [child]
                if child.dep_ == "prep" and child.lower_ == "of":
                    cands = list(child.children)
                for c in cands:
                    if c.i in self.mention_of and c.dep_ in ("poss", "compound", "amod", "pobj", "nmod"):
                        actor = self._actor(c.i)
                        if actor and actor.type in ("COUNTRY", "ORGANIZATION", "PARTY"):
                            return actor, False
        return self._home_country(), True

    def _home_country(self) -> Actor | None:
        counts = Counter(
            self.span_ids[k] for k in set(self.mention_of.values())
            if self._actor_type(self.span_ids[k]) == "COUNTRY"
        )
        if not counts:
            return None
        return self._actor_by_id(counts.most_common(1)[0][0])

    def _actor_type(self, aid: str) -> str | None:
        if aid in self.actors:
            return self.actors[aid].type
        return "COUNTRY" if aid in self.demonym_country else None

    def _actor_by_id(self, aid: str) -> Actor | None:
        if aid in self.actors:
            return self.actors[aid]
        if aid in self.demonym_country:
            return Actor(aid, self.demonym_country[aid], "COUNTRY")
        return None

    def _formal_title(self, org: Actor) -> str | None:
        """The formal title the article gives the head of `org`: "secretary general of NATO"."""
        doc = self.doc
        for tok in doc:
            if not tok._.gb_role or (tok.i + 1 < len(doc) and doc[tok.i + 1]._.gb_role):
                continue
            nxt = tok.i + 1
            if nxt < len(doc) and doc[nxt].lower_ == "of":
                j = nxt + 1 + (nxt + 1 < len(doc) and doc[nxt + 1].lower_ == "the")
                if j in self.mention_of and self.span_ids[self.mention_of[j]] == org.id:
                    start = tok.i
                    while start > 0 and doc[start - 1]._.gb_role:
                        start -= 1
                    title = roles.canonical_title(doc[start : tok.i + 1].text)
                    if title.lower() not in roles.informal():
                        return title
        return None
