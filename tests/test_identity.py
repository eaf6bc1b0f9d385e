"""Corpus-level identity, rule by rule, on real sentences (quoted from ../shared/data/allsides,
some shortened); each article here is one or two of them. Then a build of real articles that
names one actor three ways, and the analyst's corrections file."""

from __future__ import annotations

import gzip
import json

import pytest
import yaml
from click.testing import CliRunner

from graphbuild.build import build
from graphbuild.cli import main
from graphbuild.export.files import read_graphml, read_json
from graphbuild.graph import from_results, from_store
from graphbuild.identity import person_key
from graphbuild.model import Article
from graphbuild.store import Store
from tests.conftest import EXAMPLES


def graph_of(extractor, *texts: str, date: str = "2019-06-01"):
    results = [extractor.extract(Article(id=f"a{i}", text=t, date=date))
               for i, t in enumerate(texts)]
    return from_results(results)


def nodes_named(g, form: str) -> list[dict]:
    """The nodes a surface form belongs to (name or alias)."""
    return [d for _, d in g.nodes(data=True) if form == d["name"] or form in d["aliases"]]


def one_node(g, *forms: str) -> dict:
    found = {id(d): d for form in forms for d in nodes_named(g, form)}
    assert len(found) == 1, f"{forms}: {[d['name'] for d in found.values()]}"
    return next(iter(found.values()))


def test_person_key_drops_honorifics_middle_names_and_initials():
    assert person_key("Donald J. Trump") == person_key("Donald John Trump") == "donald trump"
    assert person_key("Mr. Donald Trump") == "donald trump"
    assert person_key("Donald Trump Jr.") == "donald trump jr"
    assert person_key("Beto O’Rourke") == person_key("Beto O'Rourke")


def test_middle_initial_title_and_honorific_forms_are_one_person(extractor):
    g = graph_of(
        extractor,
        "District Judge William Allsup ruled that President Donald J. Trump did not have the "
        "legal authority to rescind some parts of the program.",
        "The Justice Department ultimately reports to Mr. Trump.",
        "President Trump said Friday he will beef up existing and planned tariffs.",
    )
    trump = one_node(g, "Donald J. Trump", "Trump")
    assert trump["name"] == "Donald Trump" and trump["wikidata"] == "Q22686"
    assert trump["articles"] == 3


def test_nickname_and_full_first_name_are_one_person(extractor):
    g = graph_of(
        extractor,
        '"Bill Barr will be an outstanding attorney general when he is confirmed," Rosenstein '
        "said.",
        "Attorney General William Barr announced the findings on Sunday.",
    )
    assert one_node(g, "Bill Barr", "William Barr")["type"] == "PERSON"


def test_acronyms_and_short_forms_meet_their_expansions(extractor):
    g = graph_of(
        extractor,
        "While the Fed is likely to welcome a pickup in wage growth, such an upturn also would "
        "signal that the central bank is entering a delicate policy stage.",
        "The Federal Reserve held rates steady.",
        "They avoided losses of $768,600, according to the complaint filed by the Securities "
        "and Exchange Commission.",
        "The SEC declined to comment on the complaint.",
        "The House passed the bill on Tuesday, and Democrats in the Senate vowed to take it "
        "up.",
        "The GOP has controlled the chamber since 2015.",
    )
    assert one_node(g, "Fed", "Federal Reserve")["type"] == "ORGANIZATION"
    assert one_node(g, "SEC", "Securities and Exchange Commission")
    assert one_node(g, "House")["name"] == "United States House of Representatives"
    assert one_node(g, "Senate")["name"] == "United States Senate"
    assert one_node(g, "GOP")["name"] == "Republican Party"


def test_type_by_vote_over_the_corpus(extractor):
    # The NER types "Twitter" as a person in some sentences; the gazetteer and the vote win.
    g = graph_of(
        extractor,
        "Trump tweeted that Twitter was stifling free speech.",
        "Twitter said it would label the tweet.",
    )
    assert one_node(g, "Twitter")["type"] == "ORGANIZATION"


def test_two_sanders_in_one_corpus_are_never_merged_on_the_surname(extractor):
    g = graph_of(
        extractor,
        "Sen. Bernie Sanders of Vermont endorsed the plan. Sanders said it was overdue.",
        '"I would expect to see those four areas, as well as national security, which never '
        'goes away," White House spokeswoman Sarah Sanders said. Sanders took no questions.',
        "Sanders was not at the briefing on Tuesday.",
    )
    bernie = one_node(g, "Bernie Sanders")
    sarah = one_node(g, "Sarah Sanders")
    assert bernie is not sarah
    bare = [d for d in nodes_named(g, "Sanders") if d is not bernie and d is not sarah]
    assert [d["resolved"] for d in bare] == [False]  # the third article's stays unresolved
    assert bernie["articles"] == sarah["articles"] == 1


def test_trump_in_an_article_about_ivanka_trump(extractor):
    g = graph_of(
        extractor,
        # The article names Ivanka Trump in full and no other Trump: "Ms. Trump" is hers.
        "His daughter Ivanka Trump, serving as a White House senior adviser, was also deeply "
        "disturbed by the allegations. Pence’s staff, Ms. Trump and her team were “incredibly "
        "forceful,” as one official put it.",
        # Here "President Trump" names another Trump: the title says who, and the surname
        # alone is no longer hers.
        "His daughter Ivanka Trump, serving as a White House senior adviser, was also deeply "
        "disturbed by the allegations. Last week President Trump said it was up to Chief of "
        "Staff John Kelly to determine whether his son-in-law would continue to review "
        "classified information. “I won’t make that call,” Trump said last week.",
        date="2018-02-20",
    )
    ivanka = one_node(g, "Ivanka Trump")
    donald = one_node(g, "Donald Trump")
    assert ivanka is not donald and ivanka["articles"] == 2 and donald["articles"] == 1
    trumps = nodes_named(g, "Trump")
    assert ivanka in trumps and donald in trumps
    assert all(d is ivanka or d is donald or d["resolved"] is False for d in trumps)


def test_a_build_of_real_articles_gives_one_node_for_trump_named_three_ways(
        shared_data, tmp_path, extractor):
    wanted = {"allsides:4ufKDcm2kHKaZvcM", "allsides:q1xeZiDU192ZPjx7",
              "allsides:mVl1Zs3017KIUYKx"}
    records = []
    for year in (2018, 2019, 2020):
        with gzip.open(shared_data / "allsides" / f"allsides-{year}.jsonl.gz", "rt") as f:
            records += [line for line in f if json.loads(line)["id"] in wanted]
    assert len(records) == 3
    path = tmp_path / "three.jsonl"
    path.write_text("".join(records), encoding="utf-8")
    with Store(tmp_path / "g.db") as store:
        build([path], store, extractor=extractor)
        g = from_store(store)
    trump = one_node(g, "Donald J. Trump", "Mr. Trump", "Trump")
    assert trump["name"] == "Donald Trump" and trump["articles"] == 3


@pytest.fixture()
def sample_store(tmp_path, extractor):
    db = tmp_path / "g.db"
    with Store(db) as store:
        build([EXAMPLES], store, extractor=extractor)
    return db


def test_corrections_merge_and_not_an_actor_take_effect_in_every_export(sample_store, tmp_path):
    with Store(sample_store) as store:
        g = from_store(store)
    assert nodes_named(g, "Mark Rutte") and nodes_named(g, "Jens Stoltenberg")
    assert nodes_named(g, "Viktor Orban")
    fixes = tmp_path / "aliases.yaml"
    fixes.write_text(yaml.safe_dump({"merge": [["North Atlantic Treaty Organization",
                                                "European Union"]],
                                     "not_actors": ["Viktor Orban"]}), encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(EXAMPLES), "--db", str(sample_store),
                                  "--aliases", str(fixes), "--graphml", str(out / "g.graphml"),
                                  "--json", str(out / "g.json")])
    assert result.exit_code == 0, result.output
    for h in (read_graphml(out / "g.graphml"), read_json(out / "g.json")):
        nato = one_node(h, "North Atlantic Treaty Organization", "European Union")
        assert "European Union" in nato["aliases"]
        assert not nodes_named(h, "Viktor Orban")
    # The store remembers the file: a later export without --aliases applies it too.
    listed = runner.invoke(main, ["actors", "--db", str(sample_store), "--search", "Orban"])
    assert listed.exit_code == 0 and "Viktor Orban" not in listed.output
    with Store(sample_store) as store:
        assert not nodes_named(from_store(store), "Viktor Orban")


def test_a_correction_naming_no_actor_is_reported(sample_store, tmp_path):
    fixes = tmp_path / "aliases.yaml"
    fixes.write_text("not_actors: [Nobody Anyone]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["actors", "--db", str(sample_store),
                                       "--aliases", str(fixes)])
    assert result.exit_code == 0
    assert "'Nobody Anyone' names no actor" in result.output


def test_a_malformed_corrections_file_is_a_one_line_error(sample_store, tmp_path):
    fixes = tmp_path / "aliases.yaml"
    fixes.write_text("types: {Twitter: COMPANY}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["actors", "--db", str(sample_store),
                                       "--aliases", str(fixes)])
    assert result.exit_code == 2
    assert "unknown actor type 'COMPANY'" in result.output


def test_actors_lists_type_mentions_and_wikidata(sample_store):
    result = CliRunner().invoke(main, ["actors", "--db", str(sample_store), "--top", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["mentions", "articles", "type"]
    assert len(lines) == 6
    biden = CliRunner().invoke(main, ["actors", "--db", str(sample_store), "--search", "Biden"])
    assert "Q6279" in biden.output  # Joe Biden, linked to the reference table


def test_rejected_names_are_listed_with_their_reason(tmp_path, extractor):
    with Store(tmp_path / "g.db") as store:
        store.save(extractor.extract(Article(
            id="r", text="Sparse groups of people ventured to the National Mall to watch the "
            "annual July Fourth fireworks show.\n\n(Brendan McDermid/Reuters)\n\nAmericans "
            "were stunned.")), "v")
        reasons = {(name, reason) for _, reason, _, name in store.rejected_names()}
    assert {("National Mall", "place"), ("Brendan McDermid/Reuters", "web"),
            ("Americans", "nationality")} <= reasons


def test_a_name_without_jr_is_the_known_jr_but_a_father_is_not_his_son(extractor):
    g = graph_of(
        extractor,
        # allsides:6yZDBDVcrh7SfV6i, allsides:LVcPJXU7Bymi5NsD: the corpus knows the Jr.
        "Just a few might include Muhammad Ali, Clarence Thomas, Martin Luther King Jr., "
        "Willie Mays, Maya Angelou and Jackie Robinson.",
        '"That\'s the essence of ecology," says Dellinger, who wrote an essay entitled, '
        '"Martin Luther King Jr.: Ecological Thinker."',
        # Constructed from both: the same man without the suffix.
        "Martin Luther King led the march in 1963.",
        # Donald Trump is in the reference table: his son is someone else.
        "Donald Trump Jr. spoke at the rally with his father, Donald Trump.",
    )
    king = one_node(g, "Martin Luther King Jr.", "Martin Luther King")
    assert king["articles"] == 3
    assert one_node(g, "Donald Trump Jr.") is not one_node(g, "Donald Trump")


def test_a_surname_beside_a_relative_called_by_first_name_is_the_other_one(extractor):
    g = graph_of(
        extractor,
        # allsides:p9Cxf56guKSXXbTF (shortened): the article calls his wife "Susan".
        "Secretary of State Mike Pompeo has surged into the headlines. Luxurious dinners were "
        "held by Pompeo and his wife Susan at the State Department. The information was all "
        "forwarded to the private Gmail account of Susan Pompeo. In short, it looks like Pompeo "
        "brought the swamp to Foggy Bottom.",
        # allsides:7ZllR6p76lGo7Ao5 (shortened): the son is "Hunter".
        "Ukraine was to announce investigations into former Vice President Joe Biden and his son "
        "Hunter. Republicans would like to call people such as Hunter Biden. Lindsey Graham said "
        "that if Republicans are able to call just one witness, it will be Biden.",
    )
    assert one_node(g, "Mike Pompeo", "Pompeo") is not one_node(g, "Susan Pompeo")
    assert one_node(g, "Joe Biden", "Biden") is not one_node(g, "Hunter Biden")


def test_a_first_name_spelled_with_a_letter_doubled_is_the_same_person(extractor):
    g = graph_of(
        extractor,
        # allsides:yBYkIepI36XRP8c1, allsides:DmME8r0uuf9giwCs
        "The drone strike killed top Iranian general Qasem Soleimani on Jan. 3.",
        "The Pentagon carried out the airstrike that took out Iranian Quds force commander "
        "Qassem Soleimani in Iraq last week.",
    )
    assert one_node(g, "Qasem Soleimani", "Qassem Soleimani")["articles"] == 2


def test_a_body_named_like_a_one_off_person_stays_a_body(extractor):
    g = graph_of(
        extractor,
        # allsides:M6VpZJRzZEgJBIPA, allsides:K0a6bZXpb2lqJyYf
        "He once called trans woman mixed martial artist Fallon Fox “a man”.",
        "Fox confirmed that Cannon “is clear and remorseful that his words were wrong”.",
    )
    fox = [d for d in nodes_named(g, "Fox") if d["name"] != "Fallon Fox"]
    assert [(d["type"], d["resolved"]) for d in fox] == [("ORGANIZATION", True)]
