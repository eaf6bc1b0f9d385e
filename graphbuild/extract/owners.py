"""Posts: the title a HOLDS_ROLE statement names, its status, and the body the post belongs to.

The owner comes from the text around the title ("prime minister of Tonga", "Tonga's prime
minister", "Dutch PM", "NATO chief") or, when the text names none, from what the title itself
implies for this holder ("Sen." -> the US Senate for a US legislator; "President" -> the
United States for a person the reference table knows as its president on the article's date).
An owner that cannot be found gives no edge: never a guess from the article's other names.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from graphbuild import reference
from graphbuild.extract import gazetteer, roles
from graphbuild.extract.context import DocContext
from graphbuild.extract.relations import Found
from graphbuild.extract.resolve import actor_id
from graphbuild.model import Actor

PARTY_LEADER_ROLES = {"Leader", "Chairperson"}
# Posts a party can own; before other titles a party is a label ("Republican Senator X").
PARTY_ROLES = PARTY_LEADER_ROLES | {"Deputy Leader", "Vice Chairperson", "Secretary General"}
OWNER_PREPS = ("of", "for", "from", "to", "at", "with")
OWNER_DEPS = ("poss", "compound", "amod", "pobj", "nmod")


@dataclass(frozen=True)
class TitleUse:
    """A title in a sentence (its tokens) and the token of the person who holds it."""

    tokens: tuple[int, ...]
    holder: int
    sentence: Span

    @classmethod
    def of(cls, f: Found) -> TitleUse:
        return cls(f.role_tokens, f.subject, f.sentence)


def title_of(ctx: DocContext, f: Found) -> tuple[str | None, str, str | None]:
    """(canonical title, status, modality the title's words state or None) of a post match."""
    doc = ctx.doc
    status, modality = "current", None
    for i in f.status_tokens:
        word = doc[i]._.gb_status or roles.status_words().get(doc[i].lower_)
        if word == "former":
            status = "former"
        elif word == "prospective":
            modality = "prospective"
    options = f.pattern.options
    past = f.trigger is not None and doc[f.trigger].tag_ == "VBD"
    if past and options.get("past_is_former"):
        status = "former"  # "served as vice president" (not "has served as")
    if options.get("status"):
        status = options["status"]
    if options.get("role"):
        return options["role"], status, modality
    if not f.role_tokens:
        return None, status, modality
    # The whole title around the matched role tokens: "Prime Minister", "trade commissioner".
    first, last = roles.title_span(doc, min(f.role_tokens), max(f.role_tokens))
    before, before_modality = roles.status_before(doc, first)
    status = "former" if before == "former" else status
    return roles.canonical_title(doc[first : last + 1].text), status, \
        modality or before_modality


def owns_role(ctx: DocContext, token: int, obj: Actor, role: str, subject: Actor | None,
              role_tokens: tuple[int, ...] = ()) -> bool:
    """Whether a body next to a title is the post's owner. Not a party label ("Republican
    Senator X", "the Democratic chairman of the committee"), nor a name that modifies some
    other noun ("mayor of the Polish city of ...", "envoy for Ukraine negotiations")."""
    doc = ctx.doc
    if subject is not None and obj.id == subject.id:
        return False
    last = ctx.mention_end(token)
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


def owner_in_text(ctx: DocContext, use: TitleUse, role: str) -> tuple[Actor | None, bool]:
    """The body the words around a title name as its owner ("prime minister of Tonga",
    "Tonga's prime minister"), and whether the title takes a complement at all ("mayor of San
    Juan", "the president of the chess federation": an owner that is no actor)."""
    doc = ctx.doc
    complement = False
    owners: list[Token] = []
    for i in use.tokens:
        for child in doc[i].children:
            cands = [child]
            if child.dep_ == "prep" and child.lower_ in OWNER_PREPS and not child._.gb_role:
                cands = list(child.children)
                complement |= any(c.dep_ == "pobj" for c in cands)
                # "governor of the commonwealth of Puerto Rico": one more "of".
                cands += [g for c in cands if c.i not in ctx.mention_of for p in c.children
                          if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
            elif child.dep_ == "appos":
                # "Foreign Secretary, the United Kingdom's chief diplomat": the body that owns
                # the apposition owns the title.
                appositive = [c for c in child.children if c.dep_ == "poss"]
                for c in appositive:
                    actor = ctx.actor_at(c.i)
                    if actor and actor.type in ("COUNTRY", "ORGANIZATION"):
                        return actor, complement
                continue
            owners += [c for c in cands if c.i in ctx.mention_of and c.dep_ in OWNER_DEPS]
    # A seat belongs to the chamber named after it: "delegate to the U.S. House".
    if role in roles.legislature_titles():
        owners.sort(key=lambda c: c.dep_ != "pobj")
    for c in owners:
        actor = ctx.actor_at(c.i)
        if actor and actor.type in ("COUNTRY", "ORGANIZATION", "PARTY") and \
                owns_role(ctx, c.i, actor, role, None, use.tokens):
            return actor, complement
    return None, complement


def formal_title(ctx: DocContext, org: Actor) -> str | None:
    """The formal title the article gives the head of `org`: "secretary general of NATO"."""
    doc = ctx.doc
    for tok in (doc[i] for i in ctx.titled):
        if tok.i + 1 < len(doc) and doc[tok.i + 1]._.gb_role:
            continue
        nxt = tok.i + 1
        if nxt < len(doc) and doc[nxt].lower_ == "of":
            j = nxt + 1 + (nxt + 1 < len(doc) and doc[nxt + 1].lower_ == "the")
            if j in ctx.mention_of and ctx.span_ids[ctx.mention_of[j]] == org.id:
                start = tok.i
                while start > 0 and doc[start - 1]._.gb_role:
                    start -= 1
                title = roles.canonical_title(doc[start : tok.i + 1].text)
                if title.lower() not in roles.informal():
                    return title
    return None


US_PARTIES = ("Democratic Party", "Republican Party")
NAME_ENTS = ("ORG", "GPE", "FAC", "LOC", "NORP")


def owner_of(ctx: DocContext, use: TitleUse, role: str, subject: Actor | None,
             ) -> tuple[Actor | None, bool]:
    """The body a post belongs to, and whether the text leaves it implied (no edge when
    neither the text, the title nor the reference table gives it)."""
    actor, complement = owner_in_text(ctx, use, role)
    if actor is not None:
        return actor, False
    if complement or _unknown_body_before(ctx, use, role):
        return None, False
    # The reference table knows this person's post under this title: that, before a guess
    # from another title in the sentence ("President Trump ... the Ukrainian president").
    implied = _reference_owner(ctx, role, subject)
    if implied is not None:
        return implied, True
    actor = _same_title_owner(ctx, use, role)
    if actor is not None:
        return actor, False
    if not _local(role):
        implied = _title_owner(ctx, use, role, subject)
    return implied, implied is not None


def _same_title_owner(ctx: DocContext, use: TitleUse, role: str) -> Actor | None:
    """The owner the sentence gives the same title elsewhere: "Prime Minister Theresa May is
    to step down, with Johnson succeeding her as the Prime Minister of Great Britain"."""
    doc = ctx.doc
    for i, n in ctx.titles.items():
        inside = use.sentence.start <= i < use.sentence.end and i not in use.tokens
        if not inside or roles.canonical_title(doc[i : i + n].text) != role:
            continue
        if i + n < len(doc) and doc[i + n]._.gb_type == "PERSON":
            continue  # "Chinese President Xi Jinping": that title is Xi's, its owner too
        other = TitleUse(tuple(range(i, i + n)), use.holder, use.sentence)
        actor, _ = owner_in_text(ctx, other, role)
        if actor is not None:
            return actor
    return None


def _reference_owner(ctx: DocContext, role: str, subject: Actor | None) -> Actor | None:
    """The body of the post the reference table gives this person under this title, on the
    article's date (or before it, for a former post)."""
    if subject is None:
        return None
    for entry in _reference_people(ctx, subject, role):
        for post in _posts(entry, ctx.article.date):
            if _same_title(role, post.title):
                return _body(post.body)
    return None


def _same_title(role: str, official: str) -> bool:
    """Whether a title as news writes it names an official one: "President" and "President",
    "Transportation Secretary" and "Secretary of Transportation", a bare "Secretary" and
    any "Secretary of ..."."""
    def words(title: str) -> set[str]:
        return {w for w in roles.canonical_title(title).lower().split() if w not in ("of", "the")}
    return words(role) == words(official) or (role == "Secretary"
                                              and official.startswith("Secretary of"))


def _reference_people(ctx: DocContext, subject: Actor, role: str) -> list[reference.RefEntry]:
    table = reference.load()
    people = [e for e in table.by_name(subject.name) if e.type == "PERSON"]
    if not people and " " not in subject.name:
        # "President Trump": the one person of that surname who held that title then.
        people = [e for e in table.by_surname(subject.name) if any(
            _same_title(role, p.title) for p in _posts(e, ctx.article.date))]
        people = people if len(people) == 1 else []
    return people


def _title_owner(ctx: DocContext, use: TitleUse, role: str, subject: Actor | None,
                 ) -> Actor | None:
    """The US body a US title implies for a US actor ("Sen. X" -> the US Senate): one the
    reference table knows, or one the text marks as such."""
    body = roles.implied_owners().get(role)
    if body is None or subject is None:
        return None
    us = any(e.type == "PERSON" for e in reference.load().by_name(subject.name))
    return _body(body) if us or _us_actor(ctx, use) else None


def _posts(entry: reference.RefEntry, date: str | None) -> tuple[reference.Post, ...]:
    if date is None:
        return entry.posts
    held = reference.Reference.posts_at(entry, date)
    return held or tuple(p for p in entry.posts if p.end is not None and p.end <= date)


def _body(name: str) -> Actor | None:
    known = gazetteer.lookup().get(name)
    if known is None:
        entries = reference.load().by_name(name)
        if not entries:
            return None
        known = (entries[0].type, entries[0].name)
    kind, canonical = known
    return Actor(actor_id(kind, canonical), canonical, kind)


def _us_actor(ctx: DocContext, use: TitleUse) -> bool:
    """Whether the text marks the holder as a US actor: a title only US news writes ("Sen.",
    "Rep."), or a US party label next to the title or the name ("Democratic Rep. X",
    "X (R-Texas)")."""
    doc = ctx.doc
    written = " ".join(doc[i].lower_ for i in use.tokens)
    if written in roles.us_forms() or any(doc[i].lower_ in roles.us_forms() for i in use.tokens):
        return True
    first = min((*use.tokens, use.holder))
    last = ctx.mention_end(use.holder)
    near = doc[max(first - 3, use.sentence.start) : min(last + 4, use.sentence.end)]
    labels = {a.name for i in range(near.start, near.end) if (a := ctx.actor_at(i))}
    if labels & set(US_PARTIES):
        return True
    after = doc[last + 1 : last + 4]
    return len(after) == 3 and after[0].text == "(" and after[1].text in ("D", "R", "I") and \
        after[2].text in ("-", "–")


def _local(role: str) -> bool:
    return any(role == t or role.endswith(" " + t) for t in roles.local_titles())


def _unknown_body_before(ctx: DocContext, use: TitleUse, role: str) -> bool:
    """A name that is no actor right before the title owns it: "Georgia Secretary of State",
    "Fulton County Commissioner". (A capitalised word before "Minister" is a portfolio:
    "Emergencies Minister".)"""
    doc = ctx.doc
    first = min(use.tokens, default=0)
    while first > 0 and doc[first - 1]._.gb_role:
        first -= 1
    before = doc[first - 1] if first > 0 else None
    return (before is not None and before.i not in ctx.mention_of
            and not role.endswith(("Minister", "Secretary"))
            and before.lower_ not in roles.status_words()
            and (before.pos_ == "PROPN" or before.ent_type_ in NAME_ENTS)
            and role not in roles.legislature_titles())
