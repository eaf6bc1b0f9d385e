"""Parsing in bounded pieces: long articles are cut, parsed piecewise and joined back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graphbuild.extract.parsing import parse, pieces
from graphbuild.model import Article

from .conftest import EXAMPLES


@given(st.text(alphabet="ab .!\n\t’”", max_size=300), st.integers(1, 40))
def test_pieces_join_back_within_size(text: str, size: int):
    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)
    assert all(parts[:-1])  # only the last piece (of an empty text) can be empty


def test_pieces_cut_after_line_breaks_then_sentences():
    text = "First paragraph. It goes on.\n\nSecond paragraph. Short.\n\nThird one."
    assert pieces(text, 30) == ["First paragraph. It goes on.\n\n",
                                "Second paragraph. Short.\n\n", "Third one."]
    assert pieces("One. Two. Three.", 12) == ["One. Two. ", "Three."]
    assert pieces("abcdefgh", 3) == ["abc", "def", "gh"]  # no break anywhere: cut anyway


def sample_article() -> Article:
    """Three of the sample articles as one long article: paragraphs of real prose."""
    texts = [(EXAMPLES / name).read_text(encoding="utf-8").strip()
             for name in ("01_nato_rutte.txt", "04_sanders_biden.txt", "06_sunak_truss.txt")]
    return Article(id="long", text="\n\n".join(texts), title="Three stories")


def relations(result) -> set[tuple]:
    names = {a.id: a.name for a in result.actors}
    return {(names[r.subject_id], r.relation, names[r.object_id], r.role, r.evidence.start,
             r.evidence.end, r.evidence.sentence, r.evidence.negated) for r in result.relations}


def test_long_article_is_parsed_in_pieces_with_the_same_result(extractor, monkeypatch):
    article = sample_article()
    whole = extractor.extract(article)
    assert len(article.full_text) > 4000 and len(whole.relations) >= 10

    # A model that refuses more than 1,500 characters (spaCy's E088) must still read all of it.
    monkeypatch.setattr(extractor.nlp, "max_length", 1500)
    monkeypatch.setattr(extractor, "piece_chars", 1500)
    calls = []
    pipe = extractor.nlp.pipe

    def spy(texts, **kwargs):
        if kwargs.get("as_tuples"):  # (spaCy's pipe then calls itself with the texts alone)
            texts = list(texts)
            calls.append([text for text, _ in texts])
        return pipe(texts, **kwargs)

    monkeypatch.setattr(extractor.nlp, "pipe", spy)
    cut = extractor.extract(article)

    assert len(calls) > 3 and all(sum(map(len, c)) <= 1500 for c in calls)
    assert relations(cut) == relations(whole)
    assert cut.mentions == whole.mentions
    for m in cut.mentions:  # offsets are the article's own
        assert article.full_text[m.start:m.end] == m.text


def test_parse_keeps_input_order_across_batches(extractor):
    articles = [Article(id=str(i), text=f"Paragraph {i}.\n\n" * n, title=f"Title {i}")
                for i, n in enumerate([1, 300, 2, 40, 1])]
    out = list(parse(extractor.nlp, articles, size=1000, batch_size=3))
    assert [a.id for a, _ in out] == ["0", "1", "2", "3", "4"]
    assert [d.text for _, d in out] == [a.full_text for a in articles]
