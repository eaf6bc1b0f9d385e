"""What a relation source gives the assembler: proposals, one relation in one sentence each.

Two sources stand behind this interface: the patterns (`pattern_source.py`) and the trained
classifier (`model_source.py`). A new source is a class with a `name` and a `propose` method.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Span

from graphbuild.extract.context import DocContext
from graphbuild.model import Actor


@dataclass(frozen=True)
class Proposal:
    """A relation a source reads in one sentence; the assembler decides what becomes of it."""

    relation: str
    subject: Actor
    object: Actor
    sentence: Span
    extractor: str  # "pattern:<id>" or "model:<name>@<version>"
    probability: float  # the source's probability that the relation holds
    trigger: int | None = None  # the relation word (negation and modality are read there)
    modality: str | None = None  # as the source read it; None: judged from the trigger
    role: str | None = None  # HOLDS_ROLE only
    status: str | None = None  # HOLDS_ROLE only
    implied: bool = False  # HOLDS_ROLE whose owner the text does not name (owners.py)

    @property
    def from_pattern(self) -> bool:
        return self.extractor.startswith("pattern:")


class Source(Protocol):
    """A relation source: reads a document's context, proposes relations."""

    name: str

    def propose(self, ctx: DocContext) -> Iterable[Proposal]: ...
