"""The typed data model at every boundary of graphbuild.

Articles come in, Actors, Mentions and Relations (each with its Evidence) come out.
All are frozen dataclasses: values, not objects with behaviour.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

ACTOR_TYPES = ("PERSON", "COUNTRY", "ORGANIZATION", "PARTY")
RELATION_TYPES = ("BACKS", "OPPOSES", "SUCCEEDS", "MEMBER_OF", "HOLDS_ROLE")
# "hypothetical" ("if Biden picks Harris") is kept like a negated statement: never an edge.
MODALITIES = ("asserted", "reported", "prospective", "hypothetical")
STATUSES = ("current", "former")


@dataclass(frozen=True)
class Article:
    """One news article, as read from any input format."""

    id: str
    text: str
    title: str = ""
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    source: str | None = None  # the outlet
    # The record's other fields, as strings (AllSides: "bias", "topic"): kept with the article,
    # on its evidence in every export, and what analysis.by_article_field slices by.
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def full_text(self) -> str:
        """What extraction reads: the headline, a blank line, then the body (unless the body
        already opens with the headline). Evidence offsets index this string."""
        if not self.title or self.text.lstrip().startswith(self.title.strip()):
            return self.text
        return f"{self.title.strip()}\n\n{self.text}"

    @property
    def content_hash(self) -> str:
        """Hash of everything the store keeps of the record (what extraction reads, and the
        metadata on its evidence); used to skip unchanged articles."""
        h = hashlib.sha256()
        parts = (self.title, self.text, self.date or "", self.url or "", self.source or "",
                 json.dumps(sorted(self.extra.items()), ensure_ascii=False))
        for part in parts:
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:32]


@dataclass(frozen=True)
class Actor:
    """A political actor, merged from all the names it goes by."""

    id: str
    name: str  # canonical: the fullest form seen
    type: str  # one of ACTOR_TYPES
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """One place in an article where an actor is named."""

    actor_id: str
    article_id: str
    text: str
    start: int  # character offsets in Article.full_text
    end: int
    sent_start: int = 0  # the sentence it stands in
    sent_end: int = 0
    title: str | None = None  # the title or honorific written before it ("Sen.", "Mr.")


@dataclass
class ArticleActor:
    """One article's actor as extraction stored it: what the identity stage links."""

    article_id: str
    actor_id: str
    name: str
    type: str
    date: str | None = None
    forms: set[str] = field(default_factory=set)  # the names its mentions use
    titles: Counter = field(default_factory=Counter)  # titles written before them
    mentions: int = 0


@dataclass(frozen=True)
class Entity:
    """One real-world actor across the corpus: a node of the graph."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None  # Wikidata QID, when the reference table links it
    reference_id: str | None = None
    resolved: bool = True  # False: a surname the corpus cannot tell apart (two people have it)


@dataclass(frozen=True)
class Link:
    """Which entity an article's actor is, and the identity rule that said so."""

    article_id: str
    actor_id: str
    entity_id: str
    rule: str


@dataclass(frozen=True)
class Rejection:
    """A name the NER or the gazetteer offered that did not become an actor, and why."""

    article_id: str
    text: str
    type: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    """Why we believe a relation: the sentence, where it is, what found it and how sure it is.

    `extractor` names the source: "pattern:<pattern id>" or "model:<name>@<version>";
    `confidence` is the probability that the relation holds, as that source measured it."""

    article_id: str
    sentence: str
    start: int  # character offsets of the sentence in Article.full_text
    end: int
    extractor: str
    confidence: float
    modality: str = "asserted"
    negated: bool = False
    date: str | None = None

    @property
    def stated(self) -> bool:
        """A positive statement (not negated, not hypothetical): what becomes an edge."""
        return not self.negated and self.modality != "hypothetical"


@dataclass(frozen=True)
class Relation:
    """A typed, directed relation between two actors, with its evidence."""

    subject_id: str
    relation: str  # one of RELATION_TYPES
    object_id: str
    evidence: Evidence
    role: str | None = None  # HOLDS_ROLE only
    status: str | None = None  # HOLDS_ROLE only: current / former

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject_id, self.relation, self.object_id)


@dataclass(frozen=True)
class DocResult:
    """Everything extraction found in one article."""

    article: Article
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    rejected: tuple[Rejection, ...] = ()


def to_dict(obj) -> dict:
    """A plain dict of any model object (for JSON)."""
    return asdict(obj)


@dataclass(frozen=True)
class Failure:
    """A record that could not be read or processed; counted and reported, never dropped."""

    where: str  # "path" or "path:line" or "path:record-id"
    reason: str

    def __str__(self) -> str:
        """One line, whatever the file name holds ("a\nb.txt" is written "a\\nb.txt")."""
        text = f"{self.where}: {self.reason}"
        return text.replace("\n", "\\n").replace("\r", "\\r")
