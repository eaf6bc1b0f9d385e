"""Token marks (actor type, title, status) in native attributes, and the sentence prefilter."""

from __future__ import annotations

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.extract import marks
from graphbuild.extract.context import DocContext
from graphbuild.extract.patterns import _parse
from graphbuild.extract.prefilter import Requirement
from graphbuild.extract.relations import RelationMatcher
from graphbuild.ingest import read_inputs
from graphbuild.model import Article

from .conftest import EXAMPLES


@pytest.mark.parametrize(
    ("written", "native"),
    [
        ({"_": {"gb_type": "PERSON"}}, {"ENT_ID": {"IN": ["PERSON"]}}),
        ({"_": {"gb_type": {"IN": ["PARTY", "COUNTRY"]}}, "POS": "PROPN"},
         {"POS": "PROPN", "ENT_ID": {"IN": ["COUNTRY", "PARTY"]}}),
        ({"_": {"gb_type": {"NOT_IN": ["PERSON"]}}},
         {"ENT_ID": {"IN": ["", "COUNTRY", "ORGANIZATION", "PARTY"]}}),
        ({"_": {"gb_role": True}}, {"ENT_KB_ID": {"IN": ["TITLE"]}}),
        ({"_": {"gb_role": False}},
         {"ENT_KB_ID": {"IN": ["", "current", "former", "prospective"]}}),
        # No title and no status word: only an unmarked token.
        ({"_": {"gb_role": False, "gb_status": "", "gb_type": ""}},
         {"ENT_ID": {"IN": [""]}, "ENT_KB_ID": {"IN": [""]}}),
        ({"_": {"gb_status": {"IN": ["former", "current"]}}},
         {"ENT_KB_ID": {"IN": ["current", "former"]}}),
        ({"LOWER": "mayor"}, {"LOWER": "mayor"}),
    ],
)
def test_marks_become_native_attributes(written: dict, native: dict):
    assert marks.native(written) == native


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"_": {"gb_colour": "red"}}, "unknown token marks ['gb_colour']"),
        ({"_": {"gb_type": "SENATOR"}}, "unknown mark values ['SENATOR']"),
        ({"_": {"gb_role": "yes"}}, "gb_role takes true or false"),
        ({"_": {"gb_status": {"REGEX": "form"}}}, "unsupported mark constraint"),
    ],
)
def test_bad_mark_in_a_pattern_file_names_file_and_pattern(node: dict, problem: str):
    entry = {"id": "backs.broken", "kind": "token", "pattern": [node]}
    with pytest.raises(GraphbuildError, match=r"\[E015\] backs.json: pattern backs.broken: ") as e:
        _parse(entry, {"relation": "BACKS"}, "backs.json")
    assert problem in str(e.value)


def test_extraction_marks_types_titles_and_statuses(extractor):
    text = "Former President Barack Obama endorsed Joe Biden, the Democratic Party's nominee."
    doc = extractor.nlp(text)
    DocContext(Article(id="t", text=text), doc)
    got = {t.text: (t._.gb_type, t._.gb_role, t._.gb_status) for t in doc}
    assert got["Former"] == ("", False, "former")
    assert got["President"] == ("", True, "")
    assert got["Obama"] == ("PERSON", False, "")
    assert got["Biden"] == ("PERSON", False, "")
    assert got["Party"] == ("PARTY", False, "")
    assert got["endorsed"] == ("", False, "")


def test_prefilter_skips_only_sentences_that_cannot_match(extractor, monkeypatch):
    """Running every pattern on every sentence finds exactly what the prefiltered run finds."""
    articles = [a for a in read_inputs([EXAMPLES]) if isinstance(a, Article)]
    matcher = RelationMatcher(extractor.nlp.vocab)

    def matches() -> list:
        out = []
        for a in articles:
            doc = extractor.nlp(a.full_text)
            DocContext(a, doc)  # marks the tokens
            out += [(a.id, p.id, sorted(slots.items()), s.start) for p, slots, s in matcher(doc)]
        return out

    filtered = matches()
    monkeypatch.setattr(Requirement, "met", lambda self, words: True)
    assert matches() == filtered
    assert len(filtered) > 50
