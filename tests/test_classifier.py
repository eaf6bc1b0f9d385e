"""The trained relation classifier beside the patterns: training end to end on a tiny set and
its determinism, the shipped model and its published dev figures, the assembler's judgement
of every source's proposals, and owners that come from the text, never a stray country."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from graphbuild.evaluate import gold_articles, load_gold, score
from graphbuild.extract import Extractor
from graphbuild.extract.assemble import assemble
from graphbuild.extract.classifier import LinearModel, load_model
from graphbuild.extract.context import DocContext
from graphbuild.extract.modality import judge
from graphbuild.extract.pattern_source import PatternSource
from graphbuild.extract.proposals import Proposal
from graphbuild.ingest import read_inputs
from graphbuild.model import RELATION_TYPES, Article
from graphbuild.records import relation_records
from graphbuild.train import FLOOR, NEVER, train
from tests.conftest import ROOT

PUBLISHED = ROOT / "bench" / "extraction_scores.json"
TINY = 8  # training articles of the tiny end-to-end run


@pytest.fixture(scope="module")
def tiny(shared_data):
    """Eight Wikinews articles of train.jsonl and their gold."""
    gold = load_gold(shared_data / "gold" / "train.jsonl")
    ids = sorted(d for d in gold if d.startswith("wikinews:"))[:TINY]
    articles = [a for a in read_inputs([shared_data / "wikinews" / "articles.jsonl"])
                if isinstance(a, Article) and a.id in ids]
    assert len(articles) == TINY
    return {d: gold[d] for d in ids}, articles


@pytest.fixture(scope="module")
def patterns_only(extractor):
    return Extractor(nlp=extractor.nlp, sources="patterns")


def test_training_end_to_end_on_a_tiny_set(tiny, patterns_only, tmp_path):
    gold, articles = tiny
    model, report = train(gold, articles, tmp_path / "m", extractor=patterns_only, folds=2)
    loaded = LinearModel.load(tmp_path / "m")
    assert loaded.id == model.id == "graphbuild-relations@1"
    assert set(loaded.thresholds) == set(RELATION_TYPES)
    assert loaded.meta["trained_on"] == sorted(gold) and loaded.meta["seed"] == 13
    assert report.examples > 100 and sum(report.positives.values()) > 10
    # Eight articles prove no relation precise enough to propose (train.MIN_SUPPORT): the
    # thresholds are off; at the lowest threshold the model proposes what it scores.
    assert all(t == NEVER for t in loaded.thresholds.values())
    anything = dataclasses.replace(loaded, thresholds=dict.fromkeys(RELATION_TYPES, FLOOR))
    ex = Extractor(nlp=patterns_only.nlp, sources="classifier", relation_model=anything)
    found = [r for a in articles for r in ex.extract(a).relations]
    assert found, "the model proposes nothing on its own training articles"
    assert {r.evidence.extractor for r in found} == {"model:graphbuild-relations@1"}
    assert all(0.0 <= r.evidence.confidence <= 1.0 for r in found)


def test_training_is_deterministic(tiny, patterns_only, tmp_path):
    gold, articles = tiny
    for name in ("a", "b"):
        train(gold, articles, tmp_path / name, extractor=patterns_only, folds=2, seed=5)
    for file in ("meta.json", "features.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    with np.load(tmp_path / "a" / "model.npz") as a, np.load(tmp_path / "b" / "model.npz") as b:
        assert np.array_equal(a["weights"], b["weights"]) and np.array_equal(a["bias"], b["bias"])


def test_the_shipped_model_loads_once_and_reproduces_its_published_dev_figures(
        shared_data, extractor):
    model = load_model()
    assert model is not None and load_model() is model  # loaded once per process
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published["model"] == model.id
    for name in ("dev", "dev-allsides"):
        gold = load_gold(shared_data / "gold" / f"{name}.jsonl")
        records = [r for a, doc in extractor.parse(gold_articles(shared_data, gold))
                   for r in relation_records(extractor.from_doc(a, doc)) if r["stated"]]
        overall = score(gold, records).overall
        expected = published["both"][name]
        assert [round(overall.precision, 3), round(overall.recall, 3), round(overall.f1, 3)] \
            == [expected["precision"], expected["recall"], expected["f1"]], name


def _proposal(ctx: DocContext, subject: str, obj: str, trigger: str, relation: str = "BACKS"):
    doc = ctx.doc
    actor = {a.name: a for a in ctx.actors.values()}
    word = next(t for t in doc if t.text == trigger)
    return Proposal(relation, actor[subject], actor[obj], word.sent, "model:test@1", 0.9, word.i)


def test_the_assembler_judges_negation_for_every_source(extractor):
    # Constructed from an allsides sentence ("Cruz even refused to endorse Cornyn, ...").
    text = ("Senator Ted Cruz even refused to endorse John Cornyn, his home-state colleague, in "
            "the 2014 Texas Senate GOP primary.")
    ctx = DocContext(Article(id="n", text=text), extractor.nlp(text))
    relations, _ = assemble(ctx, [_proposal(ctx, "Ted Cruz", "John Cornyn", "endorse")])
    (r,) = [r for r in relations if r.relation == "BACKS"]
    assert r.evidence.negated and not r.evidence.stated
    assert r.evidence.extractor == "model:test@1"


@pytest.mark.parametrize(("text", "person", "party", "trigger"), [
    # allsides:DXOh5qzna1k06nr0 (2020): the pattern reads "Democratic Rep. Cindy Axne".
    ("IA-03: Democratic Rep. Cindy Axne faces Republican David Young.", "Cindy Axne",
     "Republican Party", "Republican"),
    # allsides:usSbg4usgG5Vj19q (2020): the reference table knows Trump's party.
    ("Democratic Senator Edward Markey said that if Republicans acquit Trump, \u201ca majority "
     "in this chamber will have made President Trump a dictator.\u201d", "Trump",
     "Democratic Party", "Democratic"),
])
def test_a_person_belongs_to_one_party(extractor, text, person, party, trigger):
    ctx = DocContext(Article(id="p", text=text), extractor.nlp(text))
    proposal = _proposal(ctx, person, party, trigger, "MEMBER_OF")
    relations, extra = assemble(ctx, [proposal, *PatternSource(extractor.matcher).propose(ctx)])
    names = {a.id: a.name for a in (*ctx.actors.values(), *extra)}
    found = {(names[r.subject_id], r.relation, names[r.object_id]) for r in relations}
    assert (person, "MEMBER_OF", party) not in found
    # Another person's membership proposed the same way is kept.
    other = "David Young" if person == "Cindy Axne" else "Edward Markey"
    fine = _proposal(ctx, other, "Republican Party" if other == "David Young"
                     else "Democratic Party", trigger, "MEMBER_OF")
    relations, _ = assemble(ctx, [fine])
    assert [(names[r.subject_id], r.relation) for r in relations] == [(other, "MEMBER_OF")]


# allsides:e7qrFz3pv1ZqspcO (2020): the classifier read "Governor of the United States".
NEWSOM = ("Democratic Governor Gavin Newsom of California, the most populous U.S. state, said "
          "despite evidence the outbreak was slowing there, cases and deaths were still rising.")
# allsides:VA91mfGEk5wcO339 (2020): the classifier made the editor a post of the Senate.
BENNET = ("\"I want to explain why we published the piece today by Senator Tom Cotton,\" NYT "
          "editorial page editor James Bennet began on Twitter.")
# wikinews:Puerto_Rico_governor_announces_resignation_following_protests (train.jsonl), its
# first paragraph: a territory the gold files type as a country has a governor.
ROSSELLO = ("Ricardo Rossell\u00f3 Nevares, Puerto Rico's governor, announced his resignation "
            "shortly before midnight Wednesday night in an internet video broadcast to the U.S. "
            "island territory. Rossell\u00f3 said he is to leave office next month on August 2 at "
            "5 p.m. local time (2100 UTC). His announcement followed two weeks of protests in the "
            "capital, San Juan, over offensive messages about public officials and others.")


@pytest.mark.parametrize(("text", "holder", "role", "owner", "trigger"), [
    (NEWSOM, "Gavin Newsom", "Governor", "United States", "Governor"),
    (BENNET, "James Bennet", "Editor", "United States Senate", "editor"),
])
def test_a_post_fits_its_owner(extractor, text, holder, role, owner, trigger):
    """No post below the state belongs to a country, and a chamber of Congress holds seats and
    its leaders, not an editor who writes about a senator (FORMAT.md's conventions)."""
    ctx = DocContext(Article(id="o", text=text), extractor.nlp(text))
    patterns = list(PatternSource(extractor.matcher).propose(ctx))
    actors = {a.name: a for a in ctx.actors.values()} | {
        a.name: a for p in patterns for a in (p.subject, p.object)}
    word = next(t for t in ctx.doc if t.text == trigger)
    guess = Proposal("HOLDS_ROLE", actors[holder], actors[owner], word.sent, "model:test@1",
                     0.9, word.i, role=role)
    relations, extra = assemble(ctx, [guess, *patterns])
    names = {a.id: a.name for a in (*ctx.actors.values(), *extra)}
    found = {(names[r.subject_id], r.role, names[r.object_id]) for r in relations}
    assert (holder, role, owner) not in found
    # The same owner with a post that fits it is kept.
    fit = dataclasses.replace(guess, role="Senator" if owner.endswith("Senate") else "President")
    assert len(assemble(ctx, [fit])[0]) == 1


def test_a_governor_of_a_territory_the_text_names_is_kept(extractor):
    ctx = DocContext(Article(id="t", text=ROSSELLO), extractor.nlp(ROSSELLO))
    relations, extra = assemble(ctx, PatternSource(extractor.matcher).propose(ctx))
    names = {a.id: a.name for a in (*ctx.actors.values(), *extra)}
    assert ("Ricardo Rossell\u00f3 Nevares", "Governor", "Puerto Rico") in {
        (names[r.subject_id], r.role, names[r.object_id]) for r in relations}


def test_reported_and_hypothetical_statements(extractor):
    # The seed article: "Two diplomats said Rutte has the backing of about 20 NATO members".
    reported = extractor.nlp("Two diplomats said Rutte has the backing of about 20 NATO "
                             "members so far.")
    word = next(t for t in reported if t.text == "backing")
    assert judge(word, word.sent) == (False, "reported")
    # allsides:EZFYQf0REviGzDcN: a condition is no statement.
    text = ("If Romney wins the Senate race, it could set him up for a direct collision with "
            "Trump, with whom he has publicly sparred.")
    doc = extractor.nlp(text)
    wins = next(t for t in doc if t.text == "wins")
    assert judge(wins, wins.sent) == (False, "hypothetical")
    sparred = next(t for t in doc if t.text == "sparred")
    assert judge(sparred, sparred.sent)[1] != "hypothetical"  # its own clause is asserted


def test_one_stray_country_gives_no_holds_role_to_it(extractor):
    result = extractor.extract(Article(
        id="o", date="2020-07-01",
        # allsides:DXOh5qzna1k06nr0 ("French" Hill), and allsides:MxRYXp1nXjbmZtid.
        text="AR-02: Democratic candidate Joyce Elliott will take on French Hill in November, "
             "both ran unopposed. President Trump said Friday he will beef up existing and "
             "planned tariffs."))
    names = {a.id: a.name for a in result.actors}
    roles = {(names[r.subject_id], names[r.object_id], r.role) for r in result.relations
             if r.relation == "HOLDS_ROLE"}
    assert ("Trump", "United States", "President") in roles  # the reference table's post
    assert not [r for r in roles if r[1] == "France"]


def test_a_title_whose_owner_the_text_does_not_give_gives_no_edge(extractor):
    # Constructed: a post with no owner in the text, in an article that names a country.
    result = extractor.extract(Article(
        id="g", text="Germany sent aid on Monday. The minister Hans Weber said the aid would "
                     "arrive this week."))
    assert not [r for r in result.relations if r.relation == "HOLDS_ROLE"]


def test_an_independent_is_no_party_member_whatever_the_source(extractor):
    # allsides-2019: the classifier read "Democratic" for Sanders; "(I-Vt.)" gives none.
    result = extractor.extract(Article(
        id="i", text="Every Democratic White House candidate in the Senate, including Sens. "
                     "Bernie Sanders (I-Vt.) and Kamala Harris (D-Calif.) have signed on as "
                     "cosponsors."))
    names = {a.id: a.name for a in result.actors}
    members = {(names[r.subject_id], names[r.object_id]) for r in result.relations
               if r.relation == "MEMBER_OF" and r.evidence.stated}
    assert members == {("Kamala Harris", "Democratic Party")}


def test_train_without_gold_articles_is_a_one_line_error(shared_data, tmp_path):
    from click.testing import CliRunner

    from graphbuild.cli import main
    from tests.conftest import EXAMPLES

    result = CliRunner().invoke(main, ["train", "--gold", str(shared_data / "gold" / "train.jsonl"),
                                       str(EXAMPLES), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "no gold article in the inputs" in result.output
    assert not (tmp_path / "m").exists()
