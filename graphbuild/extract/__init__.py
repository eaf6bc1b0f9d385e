"""Extraction: from an Article to its actors, mentions and relations with evidence."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.errors import GraphbuildError
from graphbuild.extract import marks
from graphbuild.extract.classifier import ACTORS_SHIPPED, LinearModel, load_model
from graphbuild.extract.document import extract_document
from graphbuild.extract.model_source import ModelSource
from graphbuild.extract.nlp import load_pipeline
from graphbuild.extract.parsing import PIECE_CHARS, parse
from graphbuild.extract.pattern_source import PatternSource
from graphbuild.extract.proposals import Source
from graphbuild.extract.relations import RelationMatcher
from graphbuild.model import Article, DocResult, Failure

__all__ = ["SOURCES", "Extractor", "extract_articles"]

SOURCES = ("patterns", "classifier", "both")


class Extractor:
    """Holds the loaded pipeline and the relation sources; call `extract` or `pipe`."""

    # Articles per spaCy memory zone: the strings and lexemes a zone adds to the vocab are
    # freed when it ends, so a long build's memory does not grow with the corpus.
    zone_size = 256
    # Characters per spaCy call, which bounds the parser's memory: see parsing.py.
    piece_chars = PIECE_CHARS

    def __init__(self, model: str | None = None, nlp: Language | None = None, *,
                 sources: str = "both", relation_model: LinearModel | None = None,
                 actor_model: LinearModel | Literal["shipped"] | None = "shipped") -> None:
        """`sources`: "patterns", "classifier" or "both" (the default: see assemble.py).
        `relation_model`: the classifier to use instead of the one shipped with graphbuild;
        `actor_model`: the actor check's model (actor_check.py) instead of the shipped one,
        or None for none."""
        if sources not in SOURCES:
            raise ValueError(f"sources must be one of {SOURCES}, not {sources!r}")
        self.nlp = nlp or load_pipeline(model)
        self.matcher = RelationMatcher(self.nlp.vocab)
        self.relation_model = relation_model or load_model()
        self.actor_model = load_model(ACTORS_SHIPPED) if actor_model == "shipped" else actor_model
        precision = self.relation_model.pattern_precision if self.relation_model else {}
        self.sources: list[Source] = []
        if sources in ("patterns", "both"):
            self.sources.append(PatternSource(self.matcher, precision))
        if sources in ("classifier", "both") and self.relation_model is not None:
            self.sources.append(ModelSource(self.relation_model))
        elif sources == "classifier":
            raise GraphbuildError("E040", "no relation classifier shipped: run graphbuild train")
        for mark in (*marks.TYPE_VALUES, *marks.ROLE_VALUES):  # never transient: see marks.py
            self.nlp.vocab.strings.add(mark)

    def extract(self, article: Article) -> DocResult:
        with self.nlp.memory_zone():
            return self.from_doc(*next(self.parse([article])))

    def parse(self, articles: Iterable[Article], batch_size: int = 32,
              ) -> Iterator[tuple[Article, Doc]]:
        """Each article with its spaCy Doc, parsed in calls of bounded size."""
        return parse(self.nlp, articles, size=self.piece_chars, batch_size=batch_size)

    def pipe(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 32,
        failures: list[Failure] | None = None,
    ) -> Iterator[DocResult]:
        """Extract a stream of articles; an article that fails is reported, not fatal."""
        stream = iter(articles)
        # Several cores: graphbuild.parallel runs whole Extractors in worker processes.
        while chunk := list(islice(stream, self.zone_size)):
            # DocResults hold plain Python values: they outlive the zone, the Docs do not.
            # Each is handed on as soon as it exists, so a killed build loses only the
            # articles in flight (the parse batch), not the zone's.
            with self.nlp.memory_zone():
                yield from self._extract(chunk, batch_size, failures)

    def _extract(self, articles: list[Article], batch_size: int,
                 failures: list[Failure] | None) -> Iterator[DocResult]:
        for article, doc in self.parse(articles, batch_size):
            try:
                yield self.from_doc(article, doc)
            except Exception as exc:  # one bad article must not stop a corpus build
                if failures is None:
                    raise
                failures.append(Failure(article.id, f"extraction failed: {exc!r}"))

    def from_doc(self, article: Article, doc: Doc) -> DocResult:
        return extract_document(article, doc, self.sources, self.actor_model)


def extract_articles(articles: Iterable[Article], model: str | None = None) -> Iterator[DocResult]:
    """Convenience for notebooks: extract every article with a default Extractor."""
    yield from Extractor(model).pipe(articles)
