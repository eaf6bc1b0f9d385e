"""The actor check: the shipped actor model rejects what the NER takes for an actor in real
sentences (a city, an aircraft type) and says why, keeps the actors beside them; training on
a tiny set end to end, deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from graphbuild.evaluate import load_gold
from graphbuild.extract import Extractor
from graphbuild.extract.actor_check import REASON
from graphbuild.extract.classifier import ACTORS_SHIPPED, NONE, LinearModel, load_model
from graphbuild.ingest import read_inputs
from graphbuild.model import ACTOR_TYPES, Article
from graphbuild.train_actors import THRESHOLDS, train_actors

# allsides:XSAIG54qM7BVIqQ8 (2019): a city the NER reads as a person.
CALAIS = ("I did an image-search on Google for all of the photos in the email and found that "
          "the photos were mostly from a riot in Calais in 2016.")
# wikinews:Iranian_cargo_plane_crashes_into_Karaj_houses: aircraft read as a body (and
# "Saha", the airline, as a person).
AIRBUS = ("The Centre for Aviation's database of air carriers lists Saha as belonging to the Air "
          "Force and states it runs flights with Boeing 707s and Airbus A300s, but uses Boeing "
          "747s for freight.")


@pytest.fixture(scope="module")
def unchecked(extractor):
    return Extractor(nlp=extractor.nlp, actor_model=None)


def _actors(ex: Extractor, text: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    result = ex.extract(Article(id="t", text=text))
    return ({(a.name, a.type) for a in result.actors},
            {(r.text, r.reason) for r in result.rejected})


@pytest.mark.parametrize(("text", "junk", "kept"), [
    (CALAIS, ("Calais", "PERSON"), {("Google", "ORGANIZATION")}),
    (AIRBUS, ("Airbus A300s", "ORGANIZATION"),
     {("Boeing", "ORGANIZATION"), ("Centre for Aviation", "ORGANIZATION")}),
])
def test_the_model_rejects_what_is_no_actor_and_says_why(extractor, unchecked, text, junk, kept):
    before, _ = _actors(unchecked, text)
    assert junk in before and kept <= before  # what the rules alone make of it
    after, rejected = _actors(extractor, text)
    assert junk not in after and kept <= after
    assert (junk[0], REASON) in rejected


def test_the_shipped_actor_model_loads_once(extractor):
    model = load_model(ACTORS_SHIPPED)
    assert model is not None and load_model(ACTORS_SHIPPED) is model
    assert extractor.actor_model is model
    assert set(model.labels) == {NONE, *ACTOR_TYPES}
    assert model.thresholds[NONE] in THRESHOLDS and model.id == "graphbuild-actors@1"


@pytest.fixture(scope="module")
def tiny(shared_data):
    """Eight Wikinews articles of train.jsonl and their gold."""
    gold = load_gold(shared_data / "gold" / "train.jsonl")
    ids = sorted(d for d in gold if d.startswith("wikinews:"))[:8]
    articles = [a for a in read_inputs([shared_data / "wikinews" / "articles.jsonl"])
                if isinstance(a, Article) and a.id in ids]
    assert len(articles) == 8
    return {d: gold[d] for d in ids}, articles


def test_actor_training_end_to_end_and_deterministic(tiny, unchecked, tmp_path):
    gold, articles = tiny
    models = [train_actors(gold, articles, tmp_path / name, extractor=unchecked, folds=2)
              for name in ("a", "b")]
    (model, report), _ = models
    loaded = LinearModel.load(tmp_path / "a")
    assert loaded.id == model.id == "graphbuild-actors@1"
    assert loaded.meta["trained_on"] == sorted(gold) and report.examples > 50
    assert 0 < report.none_share < 0.5 and report.threshold in THRESHOLDS
    for file in ("meta.json", "features.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    again = LinearModel.load(tmp_path / "b")
    assert np.array_equal(loaded.weights, again.weights)
    assert np.array_equal(loaded.bias, again.bias)
    # The model it wrote checks actors: an Extractor with it extracts the same articles.
    ex = Extractor(nlp=unchecked.nlp, actor_model=loaded)
    assert all(ex.extract(a).actors for a in articles)
