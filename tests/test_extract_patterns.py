"""Relation patterns, construction by construction, on short real sentences.

Sentences are quoted (sometimes shortened) from ../shared/data (seed, wikinews, allsides);
the few marked "constructed" were written for a construction the data lacks in short form.
Each case lists relations that must be found, with the attributes that matter for that
construction, and relations that must not be found as positive edges.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphbuild.extract import Extractor
from graphbuild.ingest import read_inputs
from graphbuild.model import Article, DocResult

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "000_9671af0748e91670.txt"


@pytest.fixture(scope="session")
def ex(extractor) -> Extractor:
    """The patterns alone: these cases are about them (the classifier: test_classifier.py)."""
    return Extractor(nlp=extractor.nlp, sources="patterns")


def run(ex: Extractor, text: str) -> DocResult:
    return ex.extract(Article(id="test", text=text))


def edges(result: DocResult, *, negated: bool = False) -> list[dict]:
    """Relations as dicts; names are each actor's every form (canonical name and aliases)."""
    forms = {a.id: {a.name, *a.aliases} for a in result.actors}
    return [
        {"subject": forms[r.subject_id], "relation": r.relation, "object": forms[r.object_id],
         "role": r.role, "status": r.status, "modality": r.evidence.modality,
         "negated": r.evidence.negated, "pattern": r.evidence.extractor.removeprefix("pattern:"),
         "sentence": r.evidence.sentence}
        for r in result.relations
        if (r.evidence.negated if negated else r.evidence.stated)
    ]


def matching(found: list[dict], subject: str, relation: str, obj: str) -> list[dict]:
    return [e for e in found
            if subject in e["subject"] and e["relation"] == relation and obj in e["object"]]


def check(result: DocResult, expected: list[tuple], absent: list[tuple]) -> None:
    found = edges(result)
    shown = [(sorted(e["subject"]), e["relation"], sorted(e["object"]), e["role"], e["status"],
              e["modality"]) for e in found]
    for subject, relation, obj, *attrs in expected:
        hits = matching(found, subject, relation, obj)
        assert hits, f"missing {subject} {relation} {obj}; found {shown}"
        for key, value in (attrs[0] if attrs else {}).items():
            assert any(h[key] == value for h in hits), \
                f"{subject} {relation} {obj}: {key} is {[h[key] for h in hits]}, not {value!r}"
    for subject, relation, obj in absent:
        assert not matching(found, subject, relation, obj), \
            f"unexpected positive {subject} {relation} {obj}"


ANY = "*"  # an absent-relation wildcard: any subject or object


def check_absent_any(result: DocResult, relation: str) -> None:
    assert not [e for e in edges(result) if e["relation"] == relation], \
        f"unexpected {relation}: {edges(result)}"


CASES = [
    # --- BACKS: active voice, coordination, object control -----------------------------
    pytest.param(
        "The United States and Britain have backed outgoing Dutch Prime Minister Mark Rutte to "
        "succeed Jens Stoltenberg as the next secretary general of NATO.",
        [("United States", "BACKS", "Mark Rutte", {"modality": "asserted"}),
         ("United Kingdom", "BACKS", "Mark Rutte"),
         ("Mark Rutte", "SUCCEEDS", "Jens Stoltenberg", {"modality": "prospective"}),
         ("Mark Rutte", "HOLDS_ROLE", "Netherlands", {"role": "Prime Minister"})],
        [("Jens Stoltenberg", "SUCCEEDS", "Mark Rutte")],
        id="backs-coordination-control"),
    # --- BACKS: passive ("was endorsed by") -----------------------------------------------
    pytest.param(
        "Whitmer will face Republican Bill Schuette, who was endorsed by Trump, in November.",
        [("Trump", "BACKS", "Bill Schuette"),
         ("Bill Schuette", "MEMBER_OF", "Republican Party")],
        [("Bill Schuette", "BACKS", "Trump")],
        id="backs-passive"),
    # --- BACKS: nominalisations --------------------------------------------------------------
    pytest.param(
        "Dutch PM Mark Rutte gains US, UK backing for NATO chief",
        [("United States", "BACKS", "Mark Rutte"), ("United Kingdom", "BACKS", "Mark Rutte"),
         ("Mark Rutte", "HOLDS_ROLE", "Netherlands", {"role": "Prime Minister"})],
        [],
        id="backs-noun-headline"),
    pytest.param(  # the first sentence (constructed) only introduces the full names
        "Rep. Jim Clyburn spoke about Joe Biden on Sunday. Carville specifically cited Clyburn's "
        "endorsement of Biden as crucial to his wins in South Carolina and other Southern states.",
        [("Clyburn", "BACKS", "Biden", {"pattern": "backs.noun.for"})],
        [("Biden", "BACKS", "Clyburn")],
        id="backs-possessive-endorsement-of"),
    # --- BACKS: reported speech ------------------------------------------------------------
    pytest.param(
        '"President Biden strongly endorses PM Rutte\'s candidacy to be the next Secretary '
        'General of NATO," a US official said on Thursday.',
        [("Biden", "BACKS", "Rutte", {"modality": "reported"})],
        [],
        id="backs-reported-candidacy"),
    # --- SUCCEEDS: both directions, relative clauses, pronouns -------------------------------
    pytest.param(  # constructed from "He declined to run for re-election, and was succeeded by
        # law-and-order candidate Richard Nixon." (allsides)
        "Lyndon Johnson declined to run for re-election, and was succeeded by Richard Nixon.",
        [("Richard Nixon", "SUCCEEDS", "Lyndon Johnson")],
        [("Lyndon Johnson", "SUCCEEDS", "Richard Nixon")],
        id="succeeds-passive-swap"),
    pytest.param(
        "In the Trump administration, the president may have no more important ally than Barr, "
        "who succeeded Sessions after his ouster in November.",
        [("Barr", "SUCCEEDS", "Sessions", {"modality": "asserted"})],
        [("Sessions", "SUCCEEDS", "Barr")],
        id="succeeds-relative-who"),
    pytest.param(
        "Johnson competed for the role against Jeremy Hunt, who succeeded him as Foreign "
        "Secretary, the United Kingdom's chief diplomat.",
        [("Jeremy Hunt", "SUCCEEDS", "Johnson"),
         ("Jeremy Hunt", "HOLDS_ROLE", "United Kingdom", {"role": "Foreign Secretary"})],
        [("Johnson", "SUCCEEDS", "Jeremy Hunt")],
        id="succeeds-who-succeeded-him-as"),
    pytest.param(
        "Current Prime Minister Theresa May is to step down today, with Johnson succeeding her "
        "as the Prime Minister of Great Britain.",
        [("Johnson", "SUCCEEDS", "Theresa May", {"modality": "prospective"}),
         ("Theresa May", "HOLDS_ROLE", "United Kingdom", {"role": "Prime Minister"})],
        [("Theresa May", "SUCCEEDS", "Johnson")],
        id="succeeds-succeeding-her"),
    # --- HOLDS_ROLE: pre-name titles, appositions, possessives, "of" owners -----------------
    pytest.param(
        "Estonian Prime Minister Kaja Kallas and Latvian Foreign Minister Krisjanis Karins have "
        "also signalled interest but not been presented formally as candidates, diplomats say.",
        [("Kaja Kallas", "HOLDS_ROLE", "Estonia", {"role": "Prime Minister", "status": "current"}),
         ("Krisjanis Karins", "HOLDS_ROLE", "Latvia", {"role": "Foreign Minister"})],
        [("Kaja Kallas", "HOLDS_ROLE", "Latvia")],
        id="role-demonym-titles"),
    pytest.param(  # constructed: the seed says "Stoltenberg, a former ...", after his full name
        "Jens Stoltenberg, a former Norwegian prime minister, has served as NATO chief since 2014.",
        [("Jens Stoltenberg", "HOLDS_ROLE", "Norway",
          {"role": "Prime Minister", "status": "former"}),
         ("Jens Stoltenberg", "HOLDS_ROLE", "North Atlantic Treaty Organization",
          {"role": "Chief", "status": "current"})],
        [],
        id="role-apposition-former-and-chief-as-written"),
    pytest.param(
        "The United States and Britain have backed outgoing Dutch Prime Minister Mark Rutte to "
        "succeed Jens Stoltenberg as the next secretary general of NATO. Stoltenberg, a former "
        "Norwegian prime minister, has served as NATO chief since 2014.",
        [("Stoltenberg", "HOLDS_ROLE", "North Atlantic Treaty Organization",
          {"role": "Secretary General"})],
        [],
        id="role-informal-chief-takes-formal-title"),
    pytest.param(
        "Prime Minister Mette Frederiksen of Denmark, whom some had mentioned as a possible "
        "successor, ruled it out on Thursday, saying she would turn down the job if it were "
        "offered to her.",
        [("Mette Frederiksen", "HOLDS_ROLE", "Denmark", {"role": "Prime Minister"})],
        [(ANY, "BACKS", ANY), (ANY, "SUCCEEDS", ANY)],
        id="role-title-of-country-and-ruled-out"),
    pytest.param(
        "On Sunday Presidents Muhammadu Buhari of Nigeria and Patrice Talon of Benin signed the "
        "African Continental Free Trade Area (AfCFTA) agreement.",
        [("Muhammadu Buhari", "HOLDS_ROLE", "Nigeria", {"role": "President"}),
         ("Patrice Talon", "HOLDS_ROLE", "Benin", {"role": "President"})],
        [("Muhammadu Buhari", "HOLDS_ROLE", "Benin"), ("Patrice Talon", "HOLDS_ROLE", "Nigeria")],
        id="role-plural-title-distributes"),
    pytest.param(
        'Niger\'s president Mahamadou Issoufou said, "Nigeria is Africa\'s biggest economy."',
        [("Mahamadou Issoufou", "HOLDS_ROLE", "Niger", {"role": "President"})],
        [("Mahamadou Issoufou", "HOLDS_ROLE", "Nigeria")],
        id="role-possessive-title"),
    pytest.param(
        "Akilisi Pohiva, the prime minister of Tonga, died today at 10:00 a.m.",
        [("Akilisi Pohiva", "HOLDS_ROLE", "Tonga", {"role": "Prime Minister"})],
        [],
        id="role-apposition-of-owner"),
    pytest.param(
        "Former CIA deputy director Michael Morell praised Mendez on Twitter.",
        [("Michael Morell", "HOLDS_ROLE", "Central Intelligence Agency",
          {"role": "Deputy Director", "status": "former"})],
        [],
        id="role-organization-title-former"),
    pytest.param(
        "Bernie Sanders endorses Joe Biden in 2020 United States presidential election\n\n"
        "On Monday, United States Senator from Vermont Bernie Sanders endorsed former Vice "
        "President Joe Biden for president.",
        [("Bernie Sanders", "HOLDS_ROLE", "United States", {"role": "Senator"}),
         ("Bernie Sanders", "BACKS", "Joe Biden"),
         ("Joe Biden", "HOLDS_ROLE", "United States",
          {"role": "Vice President", "status": "former"})],
        [],
        id="role-legislator-and-former-title"),
    pytest.param(  # constructed from "Biden himself served eight years as vice president"
        "Joe Biden served eight years as vice president of the United States.",
        [("Joe Biden", "HOLDS_ROLE", "United States",
          {"role": "Vice President", "status": "former"})],
        [],
        id="role-served-as"),
    pytest.param(
        "Puerto Rico's governor Rosselló resigns, new governor sworn in\n\n"
        "On Friday, Ricardo Rosselló Nevares resigned as the governor of United States "
        "commonwealth of Puerto Rico.",
        [("Ricardo Rosselló Nevares", "HOLDS_ROLE", "Puerto Rico",
          {"role": "Governor", "status": "former", "pattern": "holds_role.resign_as"})],
        [],
        id="role-resigned-as"),
    pytest.param(
        "Pedro Pierluisi was sworn in at 5 p.m. local time (2100 UTC) as Puerto Rico's new "
        "governor.",
        [("Pedro Pierluisi", "HOLDS_ROLE", "Puerto Rico", {"role": "Governor"})],
        [],
        id="role-sworn-in-as-possessive"),
    pytest.param(
        "Paweł Adamowicz, mayor of the Polish city of Gdańsk, was stabbed last night.",
        [],
        [("Paweł Adamowicz", "HOLDS_ROLE", "Poland")],
        id="role-local-post-no-country"),
    # --- party leaders: HOLDS_ROLE Leader and MEMBER_OF ------------------------------------
    pytest.param(
        "Justin Trudeau won a second term. Trudeau heads the Liberal Party.",
        [("Justin Trudeau", "HOLDS_ROLE", "Liberal Party", {"role": "Leader"}),
         ("Justin Trudeau", "MEMBER_OF", "Liberal Party")],
        [],
        id="party-heads"),
    pytest.param(
        "Conservative Party members voted on Tuesday to elect Boris Johnson as the new "
        "Conservative leader.",
        [("Boris Johnson", "HOLDS_ROLE", "Conservative Party", {"role": "Leader"}),
         ("Boris Johnson", "MEMBER_OF", "Conservative Party")],
        [],
        id="party-elected-leader"),
    # --- MEMBER_OF: party labels -------------------------------------------------------------
    pytest.param(
        "Republican Kevin McCarthy, who held the post of Speaker this past term, received 192.",
        [("Kevin McCarthy", "MEMBER_OF", "Republican Party")],
        [],
        id="party-label-before-name"),
    pytest.param(
        "Republican Senator Mitt Romney, a sometime Trump critic, said the peaceful transfer of "
        "power is what separates the U.S. from nations like Belarus.",
        [("Mitt Romney", "MEMBER_OF", "Republican Party")],
        [("Mitt Romney", "HOLDS_ROLE", "Republican Party")],
        id="party-label-before-title"),
    pytest.param(
        "Richard Blumenthal (D-Conn.) said the Senate Judiciary Committee's Russia investigation "
        "has been painfully slow.",
        [("Richard Blumenthal", "MEMBER_OF", "Democratic Party")],
        [],
        id="party-abbreviation-democrat"),
    pytest.param(
        "David Perdue (R-Ga.) charged it was totally irresponsible.",
        [("David Perdue", "MEMBER_OF", "Republican Party")],
        [],
        id="party-abbreviation-republican"),
    pytest.param(
        "Yesterday, Joe Biden, the Democratic Party's presumptive nominee for President of the "
        "United States, announced Kamala Harris as his choice for running mate.",
        [("Joe Biden", "MEMBER_OF", "Democratic Party"),
         ("Joe Biden", "BACKS", "Kamala Harris")],
        [],
        id="party-possessive-nominee-and-running-mate"),
    pytest.param(
        "The court had been petitioned by Joanna Cherry of the Scottish National Party.",
        [("Joanna Cherry", "MEMBER_OF", "Scottish National Party")],
        [],
        id="party-person-of-party"),
    pytest.param(
        "The commutations included, among others, Democrat Rod Blagojevich, the former governor "
        "of Illinois; Trump is a Republican.",
        [("Rod Blagojevich", "MEMBER_OF", "Democratic Party")],
        [("Rod Blagojevich", "HOLDS_ROLE", "United States")],
        id="party-democrat-label-and-state-governor"),
    # --- MEMBER_OF: joining, prospective membership, member states -------------------------
    pytest.param(  # constructed
        "EU member states Hungary and Poland blocked the budget.",
        [("Hungary", "MEMBER_OF", "European Union"), ("Poland", "MEMBER_OF", "European Union")],
        [],
        id="member-states-coordinated"),
    pytest.param(
        "Several years after 9/11, when Estonia joined NATO, it proposed hosting a NATO center "
        "of excellence for cyberdefense.",
        [("Estonia", "MEMBER_OF", "North Atlantic Treaty Organization")],
        [],
        id="member-joined"),
    pytest.param(
        "Benin, Nigeria join African Union continental free trade bloc",
        [("Benin", "MEMBER_OF", "African Union"), ("Nigeria", "MEMBER_OF", "African Union")],
        [],
        id="member-join-coordinated"),
    pytest.param(
        "NATO leaders are appointed by consensus requiring the support of all its 31 members. "
        "Sweden is currently set to become the Western alliance's 32nd member.",
        [("Sweden", "MEMBER_OF", "North Atlantic Treaty Organization",
          {"modality": "prospective"})],
        [],
        id="member-set-to-become-alliance-anaphora"),
    pytest.param(
        "NATO member Turkey had threatened not to endorse a plan to bolster the defense of the "
        "Baltic states.",
        [("Turkey", "MEMBER_OF", "North Atlantic Treaty Organization")],
        [],
        id="member-apposition"),
    # --- OPPOSES ---------------------------------------------------------------------------
    pytest.param(
        "Senator Bernie Sanders slammed Trump for a New York Times story.",
        [("Bernie Sanders", "OPPOSES", "Trump")],
        [("Trump", "OPPOSES", "Bernie Sanders")],
        id="opposes-active"),
    pytest.param(
        "Reportedly, Trump and Bolton have been at odds over the president's handling of issues "
        "with North Korea, Iran and the Afghan Taliban.",
        [("Trump", "OPPOSES", "Bolton", {"modality": "reported"}),
         ("Bolton", "OPPOSES", "Trump", {"modality": "reported"})],
        [],
        id="opposes-mutual-reported"),
    # Stance nouns and adjectives, mutual clashes (train.jsonl sentences).
    pytest.param(
        "Robert Fuhs of Indiana, a Pete Buttigieg supporter, said he was undecided.",
        [("Robert Fuhs", "BACKS", "Pete Buttigieg")],
        [("Pete Buttigieg", "BACKS", "Robert Fuhs")],
        id="backs-supporter-apposition"),
    pytest.param(
        "Republican Sen. John McCain, a frequent Trump critic, tweeted that Mueller should be "
        'able to complete his investigation "unimpeded."',
        [("John McCain", "OPPOSES", "Trump")],
        [],
        id="opposes-critic-apposition"),
    pytest.param(
        "Rep. Alexandria Ocasio-Cortez escalated her public feud with House Speaker Nancy Pelosi "
        "on Wednesday.",
        [("Alexandria Ocasio-Cortez", "OPPOSES", "Nancy Pelosi"),
         ("Nancy Pelosi", "OPPOSES", "Alexandria Ocasio-Cortez")],
        [],
        id="opposes-feud-with-both-ways"),
    pytest.param(
        "Speaker Nancy Pelosi has been critical of Rep. Alexandria Ocasio-Cortez.",
        [("Nancy Pelosi", "OPPOSES", "Alexandria Ocasio-Cortez")],
        [],
        id="opposes-critical-of"),
    pytest.param(  # an opponent in an election states no stance
        "Donald Trump's 2016 opponent Hillary Clinton spoke on Tuesday.",
        [],
        [("Hillary Clinton", "OPPOSES", "Donald Trump")],
        id="electoral-opponent-no-stance"),
    # A stance as a noun with its holder ("X's criticism of Y"), and a stance towards a
    # person's own act (allsides-2019 sentences).
    pytest.param(
        '"The people of Utah were so disgusted by Romney\'s criticisms of Trump they elected him '
        'to the Senate in 2018 by a 62%-30% margin," Schneider wrote.',
        [("Romney", "OPPOSES", "Trump", {"pattern": "opposes.noun.possessor"})],
        [("Trump", "OPPOSES", "Romney")],
        id="opposes-possessive-criticism-of"),
    pytest.param(
        "Harris' attack on Joe Biden steals spotlight at Democratic primary debate",
        [("Harris", "OPPOSES", "Joe Biden", {"pattern": "opposes.noun.possessor.attack"})],
        [("Joe Biden", "OPPOSES", "Harris")],
        id="opposes-possessive-attack-on"),
    pytest.param(  # "a Twitter attack": the medium, not the one who attacks
        "He refused to sign a joint communique with the other leaders, bolted from the summit "
        "early and then launched a Twitter attack against Canadian Prime Minister Justin Trudeau "
        "over trade.",
        [("Justin Trudeau", "HOLDS_ROLE", "Canada")],
        [(ANY, "OPPOSES", ANY)],
        id="attack-by-a-medium-no-stance"),
    pytest.param(
        "Don’t let Fox gaslight you over Laura Ingraham’s defense of Paul Nehlen",
        [("Laura Ingraham", "BACKS", "Paul Nehlen", {"pattern": "backs.noun.for"})],
        [("Paul Nehlen", "BACKS", "Laura Ingraham")],
        id="backs-possessive-defense-of"),
    pytest.param(
        "The Sunrise Movement on Friday embraced Inslee’s climate plan, calling it a \"spirited "
        "commitment to bold climate action that young people are looking for in our next "
        "president.\"",
        [("Sunrise Movement", "BACKS", "Inslee", {"pattern": "backs.verb.possessed"})],
        [],
        id="backs-a-persons-plan"),
    pytest.param(  # what was done to Floyd: condemning it is no stance against him
        "President Trump condemned Floyd’s killing, but he also has criticized local leaders for "
        "not doing more to crack down as protests gave way to violence, theft and property "
        "damage.",
        [], [(ANY, "OPPOSES", ANY)], id="opposing-what-befell-someone-no-stance"),
    pytest.param(  # "Americans" are people, not the country
        "Vice President Pence will travel to Atlanta during the launch of the Black Voices "
        "Coalition, described by the Trump campaign as “a national effort to mobilize and "
        "empower Black Americans who support President Trump to help get the message of "
        "‘Promises Made, Promises Kept’ into communities across America.”",
        [], [(ANY, "BACKS", ANY)], id="plural-nationality-is-no-country"),
    # Calling for someone's resignation, firing or impeachment, blaming, sanctions (FORMAT.md's
    # OPPOSES conventions): allsides-2019 sentences, full names where the article had "she",
    # "Hill" or "The president" (the small NER model needs them when a sentence stands alone).
    pytest.param(
        "Angela Underwood-Jacobs had called on Katie Hill to resign after the allegations were "
        "made public.",
        [("Angela Underwood-Jacobs", "OPPOSES", "Katie Hill",
          {"pattern": "opposes.call_on_to_resign"})],
        [("Katie Hill", "OPPOSES", "Angela Underwood-Jacobs")],
        id="opposes-call-on-to-resign"),
    pytest.param(
        "President Donald Trump earlier in a tweet on Thursday called for Adam Schiff's "
        "resignation from Congress.",
        [("Donald Trump", "OPPOSES", "Adam Schiff", {"pattern": "opposes.call_for_removal"})],
        [],
        id="opposes-call-for-resignation"),
    pytest.param(
        "Homeland Security Secretary Kirstjen Nielsen blamed Congress for the increasing "
        "frequency of migrant caravans and challenged lawmakers to change the incentives of "
        "lenient treatment for those who cross the border illegally.",
        [("Kirstjen Nielsen", "OPPOSES", "Congress")],
        [("Congress", "OPPOSES", "Kirstjen Nielsen")],
        id="opposes-blame"),
    pytest.param(
        "But Mr. Warner said Congress imposed the tough sanctions on Mr. Putin — not the "
        "president.",
        [("Congress", "OPPOSES", "Putin", {"pattern": "opposes.impose_sanctions"})],
        [],
        id="opposes-impose-sanctions"),
    pytest.param(  # some of a party are not the party (FORMAT.md)
        "Prominent Republicans including nominee Mitt Romney called on Todd Akin to quit.",
        [], [("Republican Party", "OPPOSES", "Todd Akin")], id="party-subset-no-stance"),
    # Dismissals and speaking order are no succession (allsides-2020 sentences).
    pytest.param(
        "As part of that pressure campaign, Donald Trump ousted former U.S. Ambassador Marie "
        "Yovanovitch, a career foreign service officer.",
        [], [("Donald Trump", "SUCCEEDS", "Marie Yovanovitch")], id="ousted-is-no-succession"),
    pytest.param(
        "Defense team member Eric Herschmann followed Pam Bondi with another Biden-focused "
        "presentation.",
        [], [("Eric Herschmann", "SUCCEEDS", "Pam Bondi")], id="followed-is-no-succession"),
    pytest.param(  # who replaces someone with someone else succeeds no one (an allsides-2018
        # sentence, its negated frame left out)
        "Jeff Flake voiced his concern that President Trump replaced Jeff Sessions with acting "
        "Attorney General Matt Whitaker to curtail special counsel Robert Mueller’s "
        "investigation.",
        [], [("Trump", "SUCCEEDS", "Jeff Sessions")], id="replaced-x-with-y-is-no-succession"),
    pytest.param(
        "Rishi Sunak followed Liz Truss as prime minister.",
        [("Rishi Sunak", "SUCCEEDS", "Liz Truss")], [], id="followed-as-a-post"),
    # Titles whose owner belongs to someone else (allsides-2020 sentences).
    pytest.param(
        "President Donald Trump and Chinese President Xi Jinping are not the only world leaders "
        "facing political backlash as governments scramble to contain the vicious COVID-19.",
        [("Xi Jinping", "HOLDS_ROLE", "China", {"role": "President"}),
         ("Donald Trump", "HOLDS_ROLE", "United States", {"role": "President"})],
        [("Donald Trump", "HOLDS_ROLE", "China")],
        id="role-owner-of-the-other-president"),
    pytest.param(
        "The president was impeached over charges that stem from President Donald Trump's July "
        "25 phone call with the Ukrainian president.",
        [("Donald Trump", "HOLDS_ROLE", "United States")],
        [("Donald Trump", "HOLDS_ROLE", "Ukraine")],
        id="role-owner-not-from-an-unnamed-title"),
    pytest.param(
        "Supreme Court Chief Justice John Roberts issued a stern warning to the House "
        "impeachment managers and President Donald Trump's counsel.",
        [],
        [("Donald Trump", "HOLDS_ROLE", "United States House of Representatives")],
        id="role-not-across-a-conjunction"),
    pytest.param(  # the classifier's HOLDS_ROLE needs a title of the subject's own
        "At the State Department, Donald Trump fired Gordon Sondland, the now-former U.S. "
        "Ambassador to the European Union, after he also took a turn on the witness stand.",
        [],
        [("Donald Trump", "HOLDS_ROLE", "United States"),
         ("Donald Trump", "HOLDS_ROLE", "European Union")],
        id="model-role-is-the-subjects-own"),
    # --- vague groups are no actors ----------------------------------------------------------
    pytest.param(
        "Two diplomats said Rutte has the backing of about 20 NATO members so far.",
        [],
        [(ANY, "BACKS", ANY)],
        id="backing-of-vague-group"),
]


@pytest.mark.parametrize(("text", "expected", "absent"), CASES)
def test_construction(ex: Extractor, text: str, expected: list[tuple], absent: list[tuple]):
    result = run(ex, text)
    wildcard = [a for a in absent if ANY in (a[0], a[2])]
    check(result, expected, [a for a in absent if a not in wildcard])
    for _, relation, _ in wildcard:
        check_absent_any(result, relation)


NEGATED = [
    # The first three are constructed from allsides sentences ("Cruz even refused to endorse
    # Cornyn, ...", "the president did not endorse her during the primary") with full names,
    # which the small NER model needs when a sentence stands alone.
    pytest.param("Senator Ted Cruz even refused to endorse John Cornyn, his home-state colleague, "
                 "in the 2014 Texas Senate GOP primary.", ("Ted Cruz", "BACKS", "John Cornyn"),
                 id="refused-to-endorse"),
    pytest.param("President Donald Trump did not endorse Kay Hagan during the primary.",
                 ("Donald Trump", "BACKS", "Kay Hagan"), id="did-not-endorse"),
    pytest.param("(Notably, neither Trump nor Mike Pence has ever criticized Congressman Steve "
                 "King despite his well-documented record of openly racist rhetoric.)",
                 ("Mike Pence", "OPPOSES", "Steve King"), id="neither-nor-subject"),
    pytest.param("Angela Merkel ruled out backing Emmanuel Macron for the post.",
                 ("Angela Merkel", "BACKS", "Emmanuel Macron"), id="ruled-out-backing"),
    pytest.param("According to Johnson's critics, the UK would cease to be part of the European "
                 "Union (EU) without any agreement.", ("United Kingdom", "MEMBER_OF",
                                                       "European Union"),
                 id="cease-to-be-part-of"),
]


HYPOTHETICAL = [
    # The consequence of a condition is no statement: allsides-2019 and -2020 sentences, with
    # full names (which the small NER model needs when a sentence stands alone).
    pytest.param("Mike Pence, as president of the Senate, has the mandate to break ties on "
                 "legislation and nomination, but can't vote in an impeachment proceeding, "
                 "according to a GOP legislative aide, because he'd be replacing Donald Trump if "
                 "he was removed from office.", ("Mike Pence", "SUCCEEDS", "Donald Trump"),
                 id="would-replace-if-removed"),
    pytest.param("Hillary Clinton caught up with the controversy on Tuesday evening, implying "
                 "that she would support Bernie Sanders if he prevailed in the primaries.",
                 ("Hillary Clinton", "BACKS", "Bernie Sanders"), id="would-support-if"),
]


@pytest.mark.parametrize(("text", "triple"), HYPOTHETICAL)
def test_hypothetical_statements_are_no_relation(ex: Extractor, text: str, triple: tuple):
    result = run(ex, text)
    subject, relation, obj = triple
    every = [r for r in result.relations if r.relation == relation]
    names = {a.id: {a.name, *a.aliases} for a in result.actors}
    said = [r for r in every if subject in names[r.subject_id]
            and (obj == ANY or obj in names[r.object_id])]
    assert said, f"{triple} not found at all"
    assert all(r.evidence.modality == "hypothetical" and not r.evidence.stated for r in said)


@pytest.mark.parametrize(("text", "triple"), NEGATED)
def test_negated_statements_are_flagged_not_asserted(ex: Extractor, text: str, triple: tuple):
    result = run(ex, text)
    assert not matching(edges(result), *triple), f"{triple} output as a positive relation"
    assert matching(edges(result, negated=True), *triple), f"{triple} not flagged as negated"


# --- the seed article, end to end -------------------------------------------------------------

SEED_EXPECTED = [
    ("United States", "BACKS", "Mark Rutte", {}),
    ("United Kingdom", "BACKS", "Mark Rutte", {}),
    ("Biden", "BACKS", "Mark Rutte", {}),
    ("Mark Rutte", "SUCCEEDS", "Jens Stoltenberg", {"modality": "prospective"}),
    ("Mark Rutte", "HOLDS_ROLE", "Netherlands", {"role": "Prime Minister"}),
    ("Jens Stoltenberg", "HOLDS_ROLE", "North Atlantic Treaty Organization",
     {"role": "Secretary General"}),
    ("Jens Stoltenberg", "HOLDS_ROLE", "Norway", {"role": "Prime Minister", "status": "former"}),
    ("Sweden", "MEMBER_OF", "North Atlantic Treaty Organization", {"modality": "prospective"}),
    ("Kaja Kallas", "HOLDS_ROLE", "Estonia", {}),
    ("Krisjanis Karins", "HOLDS_ROLE", "Latvia", {}),
    ("Mette Frederiksen", "HOLDS_ROLE", "Denmark", {}),
]


@pytest.fixture(scope="module")
def seed_result(ex: Extractor) -> DocResult:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (../shared/data is absent)")
    articles = [a for a in read_inputs([SEED]) if isinstance(a, Article)]
    assert len(articles) == 1
    return ex.extract(articles[0])


@pytest.mark.shared
@pytest.mark.parametrize(("subject", "relation", "obj", "attrs"), SEED_EXPECTED,
                         ids=[f"{s}-{r}-{o}" for s, r, o, _ in SEED_EXPECTED])
def test_seed_article(seed_result: DocResult, subject: str, relation: str, obj: str,
                      attrs: dict):
    check(seed_result, [(subject, relation, obj, attrs)], [])


@pytest.mark.shared
def test_seed_article_no_edges_from_page_furniture(seed_result: DocResult):
    raw = SEED.read_text(encoding="utf-8")
    trailer = raw.split("\nExplore\n", 1)[1] if "\nExplore\n" in raw else ""
    headlines = [h.strip() for h in trailer.splitlines() if h.strip()]
    assert headlines, "the seed article is expected to end with 'Explore' headlines"
    for e in edges(seed_result) + edges(seed_result, negated=True):
        assert not any(h in e["sentence"] or e["sentence"] in h for h in headlines), e


@pytest.mark.shared
def test_seed_article_frederiksen_neither_backs_nor_succeeds(seed_result: DocResult):
    for e in edges(seed_result):
        if e["relation"] in ("BACKS", "SUCCEEDS"):
            assert not any(re.search("Frederiksen", n) for n in e["subject"] | e["object"]), e


def test_a_sentence_is_copied_as_span_as_doc_copies_it(ex, shared_data):
    """The matcher copies each sentence from one read of the Doc (Span.as_doc reads the whole
    Doc for every sentence: quadratic in the article's length); the copy must be the same."""
    from graphbuild.extract.relations import COPIED, _sentence_doc

    article = next(read_inputs([shared_data / "seed"]))
    doc = ex.nlp(article.text)
    array = doc.to_array(COPIED)
    sents = list(doc.sents)
    assert len(sents) > 20
    for sent in sents:
        copy, reference = _sentence_doc(sent, array), sent.as_doc()
        assert copy.text == reference.text
        assert (copy.to_array(COPIED) == reference.to_array(COPIED)).all(), sent.text
