"""One document's extraction: mentions to actors, pattern matches to typed relations.

Title owners, statuses and the formal name of an informal title ("NATO chief") are decided
here, from the words around each match.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from graphbuild.extract import gazetteer, roles
from graphbuild.extract.actors import MentionSpan, find_mentions
from graphbuild.extract.marks import mark_status, mark_title, mark_type
from graphbuild.extract.patterns import Pattern
from graphbuild.extract.relations import Found, Mentions, RelationMatcher, find
from graphbuild.extract.resolve import actor_id, resolve
from graphbuild.model import Actor, Article, DocResult, Evidence, Mention, Relation

PARTY_LEADER_ROLES = {"Leader", "Chairperson"}
# Posts a party can own; before other titles a party is a label ("Republican Senator X").
PARTY_ROLES = PARTY_LEADER_ROLES | {"Deputy Leader", "Vice Chairperson", "Secretary General"}
OWNER_PREPS = ("of", "for", "from", "to", "at", "with")
# Patterns of leaving and of entering a post (see `_successions`).
LEAVING = ("holds_role.resign_as",)
ENTERING = ("holds_role.serve_as", "holds_role.appoint_as")
NAME_ENTS = ("ORG", "GPE", "FAC", "LOC", "NORP")
OWNER_DEPS = ("poss", "compound", "amod", "pobj", "nmod")


def _successions(relations: list[Relation]) -> list[Relation]:
    """One sentence, one post, one holder leaving and another entering it: "X resigned as the
    governor of Y and Z was sworn in as Y's new governor" -> Z SUCCEEDS X."""
    posts = [r for r in relations if r.relation == "HOLDS_ROLE" and not r.evidence.negated]
    out = []
    for left in posts:
        if not left.evidence.pattern.startswith(LEAVING):
            continue
        for came in posts:
            same_post = (came.object_id, came.role, came.evidence.start) == \
                (left.object_id, left.role, left.evidence.start)
            if same_post and came.subject_id != left.subject_id and \
                    came.evidence.pattern.startswith(ENTERING):
                pid = "infer.succeeds.same_post"
                evidence = Evidence(**{**came.evidence.__dict__, "pattern": pid})
                out.append(Relation(came.subject_id, "SUCCEEDS", left.subject_id, evidence))
    return out


def _has_trigger(p: Pattern) -> bool:
    return p.kind == "dep" and any(node["RIGHT_ID"] == "trigger" for node in p.pattern)


class DocExtraction:
    """The state of one document while its relations are turned into model objects."""

    def __init__(self, article: Article, doc: Doc, matcher: RelationMatcher) -> None:
        self.article, self.doc, self.matcher = article, doc, matcher
        self.titles = roles.title_starts(doc)  # token index -> title length, for both passes
        spans, demonyms = find_mentions(doc, self.titles)
        self.spans = spans
        actors, ids = resolve(spans)
        self.actors = {a.id: a for a in actors}
        self.mention_of: dict[int, int] = {}  # token index -> index into self.span_ids
        self.span_ids: list[str] = []
        for span, aid in zip(spans, ids, strict=True):
            self._mark(span, aid)
        # A nationality is no actor, but inside a title it names a country ("Dutch PM").
        self.demonym_country: dict[str, str] = {}
        self.demonym_tokens = {i for d in demonyms for i in range(d.start, d.end)}
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
            mark_type(self.doc[i], span.type)

    def _mark_titles(self) -> None:
        """Titles outside actor names, left to right (the longest at each start); then the
        status words ("former", "acting") outside them."""
        doc, end = self.doc, 0
        titled: set[int] = set()
        for i, n in sorted(self.titles.items()):
            if i >= end and i not in self.mention_of:
                titled.update(range(i, i + n))
                end = i + n
        status = roles.status_words()
        for t in doc:
            if t.i in titled:
                mark_title(t)
            elif t.lower_ in status:
                mark_status(t, status[t.lower_])

    # -- relations -----------------------------------------------------------------------

    def run(self) -> DocResult:
        # One statement is one piece of evidence, however many patterns matched it: keep the
        # most confident reading of each (relation, role, sentence).
        best: dict[tuple, tuple[Relation, bool]] = {}
        for f in find(self.doc, self.matcher, Mentions(self.mention_of, self.span_ids)):
            for rel, guess in self._relations(f):
                key = (rel.key, rel.role, rel.evidence.start)
                if key not in best or rel.evidence.confidence > best[key][0].evidence.confidence:
                    best[key] = (rel, guess)
        relations = [rel for rel, guess in best.values() if not guess]
        guessed = [rel for rel, guess in best.values() if guess]  # owner guessed: home country
        stated = {(r.subject_id, r.role) for r in relations if r.relation == "HOLDS_ROLE"}
        relations += [r for r in guessed if (r.subject_id, r.role) not in stated]
        relations += _successions(relations)
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
            aid = actor_id(kind, name)
            obj = self.actors.setdefault(aid, Actor(aid, name, kind))
        else:
            obj = self._actor(f.object)
        confidence = p.confidence
        role = status = None
        guess = False
        if p.relation == "HOLDS_ROLE":
            role, status, modality = self._role(f)
            if modality == "asserted" and _has_trigger(p):
                modality = f.modality  # "sworn in as", "to serve as": the verb's modality
            if role is None:
                return []
            if obj is not None and not self._owns_role(f.object, obj, role, subject, f.role_tokens):
                obj = None
            if obj is None:
                obj, guess = self._owner_of_role(f, role)
                confidence *= 0.6 if guess else 1.0
        else:
            modality = f.modality
        if subject is None or obj is None or subject.id == obj.id:
            return []
        if subject.type not in p.subject_types or obj.type not in p.object_types:
            return []
        if p.relation == "HOLDS_ROLE" and obj.type == "ORGANIZATION" and \
                role.lower() in roles.informal():
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
        past = f.trigger is not None and self.doc[f.trigger].tag_ == "VBD"
        if past and f.pattern.options.get("past_is_former"):
            status = "former"  # "served as vice president" (not "has served as")
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

    def _owns_role(self, token: int, obj: Actor, role: str, subject: Actor | None,
                   role_tokens: tuple[int, ...] = ()) -> bool:
        """Whether a body next to a title is the post's owner. Not a party label ("Republican
        Senator X", "the Democratic chairman of the committee"), nor a name that modifies some
        other noun ("mayor of the Polish city of ...", "envoy for Ukraine negotiations")."""
        doc = self.doc
        if subject is not None and obj.id == subject.id:
            return False
        last = token
        while last + 1 < len(doc) and self.mention_of.get(last + 1) == self.mention_of.get(token):
            last += 1
        head = doc[last].head
        titled = head._.gb_role or head.i in role_tokens
        if doc[last].dep_ in ("compound", "amod", "nmod", "poss") and not titled and \
                not (last + 1 < len(doc) and doc[last + 1]._.gb_role):
            return False
        if obj.type == "PARTY" and role not in PARTY_ROLES:
            return False
        if obj.type == "PARTY" and role_tokens and token < min(role_tokens):
            # "Labour Party leader X", not "Democratic committee chairman X" nor "the
            # Democratic chairman of the committee".
            between = doc[last + 1 : min(role_tokens)]
            after = doc[max(role_tokens) + 1] if max(role_tokens) + 1 < len(doc) else None
            if any(t.lower_ not in ("'s", "’s") for t in between) or (
                after is not None and after.lower_ in OWNER_PREPS
            ):
                return False
        return True

    def _owner_of_role(self, f: Found, role: str) -> tuple[Actor | None, bool]:
        """The body a title belongs to: said next to it ("prime minister of Tonga", "Tonga's
        prime minister", "NATO chief"), else a guess: the country the article is mostly about.
        No guess for a local post, a title that names what it heads ("mayor of San Juan", "the
        president of the chess federation") or follows a name that is no actor."""
        doc = self.doc
        complement = False
        owners: list[Token] = []
        for i in f.role_tokens:
            for child in doc[i].children:
                cands = [child]
                if child.dep_ == "prep" and child.lower_ in OWNER_PREPS and not child._.gb_role:
                    cands = list(child.children)
                    complement |= any(c.dep_ == "pobj" for c in cands)
                    # "governor of the commonwealth of Puerto Rico": one more "of".
                    cands += [g for c in cands if c.i not in self.mention_of for p in c.children
                              if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
                elif child.dep_ == "appos":  # "Foreign Secretary, the United Kingdom's top ..."
                    cands = [c for c in child.children if c.dep_ == "poss"]
                owners += [c for c in cands if c.i in self.mention_of and c.dep_ in OWNER_DEPS]
        # A seat belongs to the chamber named after it: "delegate to the U.S. House".
        if role in roles.legislature_titles():
            owners.sort(key=lambda c: c.dep_ != "pobj")
        for c in owners:
            actor = self._actor(c.i)
            if actor and actor.type in ("COUNTRY", "ORGANIZATION", "PARTY") and \
                    self._owns_role(c.i, actor, role, None, f.role_tokens):
                return actor, False
        first = min(f.role_tokens, default=0)
        while first > 0 and doc[first - 1]._.gb_role:
            first -= 1
        before = doc[first - 1] if first > 0 else None
        # (A capitalised word before "Minister" is a portfolio: "Emergencies Minister".)
        unknown_body = (before is not None and before.i not in self.mention_of
                        and not role.endswith(("Minister", "Secretary"))
                        and before.lower_ not in roles.status_words()
                        and (before.pos_ == "PROPN" or before.ent_type_ in NAME_ENTS))
        local = any(role == t or role.endswith(" " + t) for t in roles.local_titles())
        if complement or local or (
            unknown_body and role not in roles.legislature_titles()
        ):
            return None, False
        return self._home_country(f.sentence), True

    def _home_country(self, sentence: Span) -> Actor | None:
        """The country the article names most, if it clearly dominates the others and the
        sentence names no other one instead; else the one country the sentence names that the
        article names again ("President Biden ..., a US official said")."""
        counts = Counter(
            self.span_ids[k] for k in set(self.mention_of.values())
            if self._actor_type(self.span_ids[k]) == "COUNTRY"
        )
        here = {self.span_ids[self.mention_of[i]] for i in range(sentence.start, sentence.end)
                if i in self.mention_of and self.doc[i]._.gb_type == "COUNTRY"}
        here |= self._countries_in_names(sentence)
        top = counts.most_common(2)
        if len(top) == 1 or (top and top[0][1] >= 2 and top[0][1] >= 1.5 * top[1][1]):
            dominant = top[0][0]
            return self._actor_by_id(dominant) if not here or dominant in here else None
        here = {aid for aid in here if counts[aid] >= 2}
        return self._actor_by_id(here.pop()) if len(here) == 1 else None

    def _countries_in_names(self, sentence: Span) -> set[str]:
        """Countries that open the names of bodies in the sentence: "United States House"."""
        forms = gazetteer.country_forms()
        out = set()
        for aid in {self.span_ids[self.mention_of[i]] for i in range(sentence.start, sentence.end)
                    if self.doc[i]._.gb_type == "ORGANIZATION" and i in self.mention_of}:
            words = self.actors[aid].name.split() if aid in self.actors else []
            for k in range(len(words) - 1, 0, -1):
                if " ".join(words[:k]) in forms:
                    out.add(actor_id("COUNTRY", forms[" ".join(words[:k])]))
                    break
        return out

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
