"""Tests for graphbuild.reference: the shipped table, its lookups, and its rebuild."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from graphbuild.model import ACTOR_TYPES
from graphbuild.reference import Post, RefEntry, Reference, load, main, read, write

SHIPPED = resources.files("graphbuild") / "data" / "reference.jsonl"


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load()


def one(ref: Reference, name: str) -> RefEntry:
    found = ref.by_name(name)
    assert len(found) == 1, (name, found)
    return found[0]


def test_shipped_table_loads_once(ref):
    assert load() is ref
    assert len(ref) > 1000
    assert {e.type for e in ref} == set(ACTOR_TYPES)


def test_sanders_by_common_and_official_name(ref):
    sanders = one(ref, "Bernie Sanders")
    assert one(ref, "Bernard Sanders") is sanders
    assert one(ref, "bernie  sanders") is sanders
    assert sanders.id == "bioguide:S000033"
    assert sanders.wikidata == "Q359442"
    assert sanders.party is None  # an independent, though he caucuses with the Democrats
    assert "Senator" in {p.title for p in sanders.posts}


@pytest.mark.shared
def test_sanders_as_the_source_has_him(ref, shared_data):
    path = shared_data / "gold" / "congress-legislators" / "legislators-current.yaml"
    record = next(r for r in yaml.safe_load(path.read_text(encoding="utf-8"))
                  if r["id"]["bioguide"] == "S000033")
    assert record["id"]["wikidata"] == ref.by_id("bioguide:S000033").wikidata
    assert record["terms"][-1]["party"] == "Independent"


def test_pelosi_posts(ref):
    pelosi = one(ref, "Nancy Pelosi")
    assert pelosi.party == "Democratic Party"
    assert pelosi.gender == "F"
    house = "United States House of Representatives"
    # Her 20 consecutive House terms are one span.
    assert [p for p in pelosi.posts if p.title == "Representative"] == [
        Post("Representative", house, "1987-01-06", "2027-01-03")]
    assert ref.posts_at(pelosi, "2020-03-01") == (
        Post("Representative", house, "1987-01-06", "2027-01-03"),
        Post("Speaker of the House", house, "2019-01-03", "2023-01-03"))


def test_trump_posts_by_date(ref):
    trump = one(ref, "Donald Trump")
    assert one(ref, "Donald J. Trump") is trump
    assert trump.wikidata == "Q22686"
    assert trump.party == "Republican Party"
    first = Post("President", "United States", "2017-01-20", "2021-01-20")
    assert first in trump.posts
    assert ref.posts_at(trump, "2019-05-01") == (first,)
    assert ref.posts_at(trump, "2022-06-01") == ()
    assert ref.posts_at(trump, None) == trump.posts
    with pytest.raises(ValueError):
        ref.posts_at(trump, "2019-5-1")


def test_post_ends_are_exclusive(ref):
    trump, biden = one(ref, "Donald Trump"), one(ref, "Joe Biden")
    assert [p.title for p in ref.posts_at(trump, "2021-01-20")] == []
    assert [p.title for p in ref.posts_at(biden, "2021-01-20")] == ["President"]


def test_executive_without_a_qid_gets_none(ref):
    reagan = one(ref, "Ronald Reagan")
    assert reagan.id == "govtrack:412372"
    assert reagan.wikidata is None


def test_name_forms(ref):
    crawford = one(ref, 'Eric A. "Rick" Crawford')
    assert one(ref, "Rick Crawford") is crawford
    assert one(ref, "Eric A. Crawford") is crawford
    bush = one(ref, "George H.W. Bush")
    assert one(ref, "George H. W. Bush") is bush
    assert one(ref, "Joseph R. Biden Jr.") is one(ref, "Joe Biden")
    assert one(ref, "Chuy Garcia") is one(ref, "Chuy García")
    # Surnames alone are no names: they go through by_surname.
    assert ref.by_name("Sanders") == []


def test_by_surname_lists_persons_only(ref):
    found = ref.by_surname("Sanders")
    assert one(ref, "Bernie Sanders") in found
    assert {e.type for e in found} == {"PERSON"}
    assert ref.by_surname("sanders") == found


def test_countries_parties_and_bodies_by_alias(ref):
    assert one(ref, "U.S.").name == "United States"
    assert one(ref, "the States").name == "United States"
    assert one(ref, "Britain").name == "United Kingdom"
    assert one(ref, "GOP").id == "party:republican-party"
    assert one(ref, "NATO").id == "org:north-atlantic-treaty-organization"
    assert one(ref, "Senate Finance Committee").id == "committee:SSFI"
    assert ref.by_name("American") == []  # a demonym is no name of the country


def test_cabinet_posts(ref):
    pompeo = one(ref, "Mike Pompeo")
    assert pompeo.id == "person:mike-pompeo"
    assert ref.posts_at(pompeo, "2017-06-01") == (
        Post("Director", "Central Intelligence Agency", "2017-01-23", "2018-04-26"),)
    # FiveThirtyEight gives no end for posts held when it compiled the table.
    assert ref.posts_at(pompeo, "2019-05-01") == (
        Post("Secretary of State", "United States", "2018-04-26", None),)
    # An appointee already known from executive.yaml gets the cabinet post too.
    assert [p.title for p in one(ref, "Dick Cheney").posts] == [
        "Secretary of Defense", "Vice President"]


def test_stable_ids(ref):
    ids = [e.id for e in ref]
    assert ids == sorted(set(ids))
    for id_, name in [("bioguide:S000033", "Bernie Sanders"), ("country:netherlands",
                      "Netherlands"), ("party:democratic-party", "Democratic Party"),
                      ("org:north-atlantic-treaty-organization",
                       "North Atlantic Treaty Organization")]:
        assert ref.by_id(id_).name == name
    assert ref.by_id("bioguide:nobody") is None


def test_write_read_round_trip(tmp_path):
    entries = read(SHIPPED)
    write(entries, tmp_path / "copy.jsonl")
    assert (tmp_path / "copy.jsonl").read_bytes() == SHIPPED.read_bytes()
    assert read(tmp_path / "copy.jsonl") == entries


@pytest.mark.shared
def test_rebuild_gives_the_shipped_file(shared_data, tmp_path, capsys):
    gold = shared_data / "gold"
    out = tmp_path / "reference.jsonl"
    main(["build", "--legislators", str(gold / "congress-legislators"),
          "--fivethirtyeight", str(gold / "fivethirtyeight"), "--out", str(out)])
    assert out.read_bytes() == SHIPPED.read_bytes()
    assert capsys.readouterr().out.startswith("wrote ")
