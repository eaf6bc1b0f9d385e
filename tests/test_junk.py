"""The junk filter on real sentences (quoted from ../shared/data/allsides, some shortened): what
is no actor is rejected with its reason, what is one keeps its name and type."""

from __future__ import annotations

import pytest

from graphbuild.model import Article

CASES = [
    # allsides:gEj5U8MMbfpModnS: a headline, and the article writes "submitted" in lower case.
    ("Biden, Comey, Brennan Submitted Flynn ‘Unmasking’ Requests\n\nIt is not clear whether "
     "Biden or others who submitted the unmasking requests saw the information related to Flynn.",
     {("Brennan Submitted Flynn", "not_a_name"), ("Biden, Comey", "fused_names")}),
    # allsides:OS9ih0j3LiowwFCo
    ("“Protests against systemic racism, which fosters the disproportionate burden of COVID-19 "
     "on Black communities and also perpetuates police violence, must be supported,” the letter "
     "continued.", {("COVID-19 on Black communities", "not_a_name")}),
    # allsides:0Aa4EfZA0AcPzocG: a rank the NER cut from its name.
    ('Master Sgt. Andrew Christian Marckesano, 34, known as "Captain America" to family members '
     "and fellow soldiers, took his own life.", {("Master Sgt", "not_a_name")}),
    # allsides:vDzddb1VEW5XX8gc: a state's postal code.
    ("Congressman Chris Pappas (NH), who serves as a co-chair of the Congressional Equality "
     "Caucus, signed the letter.", {("NH", "place")}),
    # allsides:JQ1gQX9IdQ7YNvVP (2018): two places joined, a modifier of "energy cooperation".
    ("Sechin allegedly discussed the prospect of future U.S.-Russia energy cooperation.",
     {("U.S.-Russia", "place")}),
    # allsides:7rF7SqpJN2YVeC5E (2018)
    ("The bill also would strengthen border security, but it wouldn't provide the $25 billion "
     "Trump wants for a U.S.-Mexico border wall.", {("U.S.-Mexico", "place")}),
    # allsides:LwqWGRYKsO7KK7uC (2018): a product code.
    ("Going a step beyond HD, is HDLIVE4-D, which generates remarkably realistic images of the "
     "baby.", {("HDLIVE4", "not_a_name")}),
    # allsides (CBN, 2020): a disease is no body.
    ("Likely Democratic presidential nominee Joe Biden is offering his own plan for dealing with "
     "the Coronavirus while criticizing the Trump administration's actions.",
     {("Coronavirus", "not_actor")}),
    # allsides-2019: a policy is a topic, not an actor.
    ("In other words, the Green New Deal wants to make commercial air travel obsolete.",
     {("Green New Deal", "policy")}),
]


@pytest.mark.parametrize(("text", "rejected"), CASES)
def test_non_actors_are_rejected_with_their_reason(extractor, text, rejected):
    result = extractor.extract(Article(id="j", text=text, date="2020-06-01"))
    assert rejected <= {(r.text, r.reason) for r in result.rejected}
    assert not {name for name, _ in rejected} & {a.name for a in result.actors}


@pytest.mark.parametrize(("text", "actor"), [
    # allsides:Cfci6TersHDbLywq: the title before the name is no part of it.
    ("Pierson, appointed in July 2019 by then-Director of National Intelligence Dan Coats, works "
     "with intelligence agencies like the CIA.", ("Dan Coats", "PERSON")),
    # allsides:99CT1c9zXlJ19bvL: a "person" whose name ends like a body's is a body.
    ("– Gandhi Mahal Restaurant, 27th and Lake: Window smashed.",
     ("Gandhi Mahal Restaurant", "ORGANIZATION")),
    # allsides:4Y0XKGVlv5FdQOxN: a campaign is a body, its lower-case word no phrase.
    ("Trump campaign spokeswoman Samantha Zager said in a statement.",
     ("Trump campaign", "ORGANIZATION")),
    # allsides:44uEqE8JVWOAWbaQ (2019): a citation's "et al." is no part of the name.
    ("Dr. Akerlof et al. identified this economic condition as follows: a cost saving "
     "innovation almost invariably penalizes producers who fail to adopt it.",
     ("Akerlof", "PERSON")),
    # allsides:3XDPOWDiIttHvOJM: a state's department is no federal one the gazetteer knows.
    ("Only one full-time programmer maintained Colorado\u2019s COBOL system before the novel "
     "coronavirus outbreak, a spokesperson for the Colorado Department of Labor and Employment "
     "told The Verge.", ("Colorado Department of Labor and Employment", "ORGANIZATION")),
    # allsides:qKsa4AUbYg4pW1Go: a caption describes the person before the name.
    ("Photos: In pictures: Life after lockdown Barber Tommy Thomas gives longtime customer Fred "
     "Bentley a haircut in Atlanta on April 24.", ("Tommy Thomas", "PERSON")),
    # allsides:4zSnjfWLiZB9Crax: an outlet's possessive (the NER took it all for a body).
    ("As Vox\u2019s Ella Nilsen has reported, the fourth package is likely to include more "
     "money for several provisions included in the CARES Act.", ("Ella Nilsen", "PERSON")),
    # allsides:DXOh5qzna1k06nr0: a party word (the NER took it all for a body).
    ("Harley Rouda will take on Republican Michelle Steel.", ("Michelle Steel", "PERSON")),
    # allsides:08inxGQU9fDc2Hrn: a photo gallery's "Expand" button.
    ("Expand Greta Thunberg looks on during the Climate Change Rally and March Monday, Oct. 7.",
     ("Greta Thunberg", "PERSON")),
    # allsides:8k4cgUiqYW2yhKaK: a chamber's name ends where the person's begins.
    ("Clerk of the House Cheryl Johnson and House Sergeant at Arms Paul Irving deliver the "
     "articles of impeachment against President Donald Trump on Capitol Hill, January 15, 2020.",
     ("Cheryl Johnson", "PERSON")),
])
def test_real_actors_keep_their_name_and_type(extractor, text, actor):
    result = extractor.extract(Article(id="k", text=text, date="2020-06-01"))
    assert actor in {(a.name, a.type) for a in result.actors}
