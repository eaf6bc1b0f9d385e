"""Page furniture in article records: real AllSides news read in place, then each rule on short
records written here (JSON Lines and CSV through read_inputs), with the prose it must keep."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from graphbuild.ingest import read_inputs
from graphbuild.ingest.clean import clean_record_text, inline_furniture
from graphbuild.model import Article

# Real records ----------------------------------------------------------------------------------

HILL_WALSH = "allsides:9N8vBt9pZ8W0bmBl"  # Joe Walsh, Donald John Trump, William (Bill) Weld
HILL_CARDS = {
    HILL_WALSH: [
        "Former U.S. Rep. Joe Walsh (R-Ill.) has ended his primary campaign against President"
        " Trump for the Republican Party's 2020 presidential nomination, after receiving just one"
        " percent of the vote in the Iowa caucuses.",
        "Former Massachusetts Gov. Bill Weld (R) is now the only Republican primary candidate"
        " still challenging Trump for the nomination.",
        "Walsh’s tenure in Washington was short. He was unseated by Democrat Tammy Duckworth, now"
        " a U.S. senator, in his first reelection bid in 2012. He began hosting a talk radio"
        " program – “The Joe Walsh Show” – in 2013, just months after leaving Congress.",
    ],
    "allsides:vhygxzh8GcjvjaW8": [  # "Addison (Mitch) Mitchell McConnell"
        "“We’re already seeing outlandish calls, defund the police or abolish the police, take"
        " root within the left-wing leadership class,” Senate Majority Leader Mitch McConnell"
        " (R-Ky.) said on Monday.",
    ],
    "allsides:LeP8Z4Wq8EegjxbM": [  # the link glued to the card: "John DurhamJohn Durham..."
        "Horowitz said he was “surprised” by the decision by John Durham, the U.S. attorney in"
        " Connecticut leading a separate Russia inquiry, to issue a statement Monday disagreeing"
        " with his finding as to the opening of the FBI’s investigation.",
    ],
    "allsides:eamoz3C0N6ZFVZmK": [  # not glued to the headlines: "Joe Biden Joe Biden Parnas:"
        "In the lead-up to the debates, Sen. Kamala Harris (D-Calif.) unveiled a health plan"
        " that would provide universal coverage but keep a role for insurance companies, and"
        " said she would not raise taxes on people making less than $100,000 to pay for it. But"
        " other candidates, such as former Vice President Joe Biden, disputed that Harris’s plan"
        " wouldn’t require tax increases for the middle class.",
    ],
    "allsides:janc1Qqr7Yd39vRD": [  # the card inside the linked name, before its surname
        "He added that Hagel told him “the only thing you [could have done to make] this worse,"
        " Mike, was to invite Dick Cheney and Sarah Huckabee Sanders,” referring to the former"
        " vice president and former White House press secretary, respectively.",
    ],
    "allsides:NLsgD0dp3gztK0OO": [  # cards without headlines: "... James ParscaleMORE told"
        "“From the campaign side, our numbers have gone up [since impeachment],” Trump campaign"
        " manager Brad Parscale told Fox News last week. \"It's going to create lots of"
        " fundraising — we have over $200 million in the bank between our committees — our"
        " numbers have gone up, and independents see this farce, and this hoax.”",
    ],
}
CAPTIONS = {  # record: (a caption line, the article's first paragraph after cleaning)
    "allsides:0ENoigDbYbNkJhuw": (
        "Congressman Devin Nunes briefs reporters on Capitol Hill, March 24, 2017. (Jonathan"
        " Ernst/Reuters)",
        "The Nunes memo has been released and America’s national security has not, as far as we"
        " can tell, been irreparably harmed.",
    ),
    "allsides:NkHtnewR2XbJ0Eih": (
        "President Donald Trump meets with Qatar's Emir Sheikh Tamim Bin Hamad Al-Thani in the"
        " Oval Office of the White House, Tuesday, July 9, 2019, in Washington. (AP Photo/Evan"
        " Vucci)",
        "WASHINGTON (AP) — President Donald Trump is gathering conservative groups at the White"
        " House this week for a “summit” on social media that will prominently snub the tech"
        " titans who run big platforms on Facebook, Twitter and Google.",
    ),
    "allsides:KGaxWyb55bRFgDBm": (
        "FILE PHOTO: U.S. President Donald Trump speaks during a meeting with Republican members"
        " of the Senate about immigration at the White House in Washington, U.S., January 4,"
        " 2018. REUTERS/Kevin Lamarque",
        "WASHINGTON/NEW YORK (Reuters) - U.S. President Donald Trump on Wednesday blasted the"
        " federal court system as “broken and unfair” after a judge blocked his administration’s"
        " move to end a program protecting young immigrants brought to the United States"
        " illegally by their parents.",
    ),
}
NATION = "allsides:dednafkoIzewyYud"  # newsletter, donation and travel blocks; a glued "Ad Policy"
POLITICO = "allsides:IOXHcattFKdMPi2A"  # "Getty Images A cohort of ..."
CBN_AP = "allsides:1irh89dc1OcgcAzx"  # "(Copyright 2018 The Associated Press. All rights ...)"
WASHINGTON_TIMES = "allsides:vcgLWnh4K8pW5Pbl"  # "Copyright © 2019 ... reprint permission."
HERALD = "allsides:2z3VCwRWRl1cRdua"  # "By MARY CLARE JALONICK, KEVIN FREKING and DEB RIECHMANN"
FOX = "allsides:SNLpWvpYEwDl0ZnV"  # "Fox News' Alex Pappas contributed to this report."
POST = "allsides:JiSiGHzUNJktF6pZ"  # "... Kaine said. Sign up for our Coronavirus Updates ..."
CALLER = "allsides:TaPOE3n1i2VDqzJ4"  # "(RELATED: UNSEALED: Fusion GPS Bank Records ...)"
HILL = "allsides:496ED9NDDBaontlh"  # "Brett Samuels contributed."
AP = "allsides:0fhlOY0Z8qgXKnl4"  # "Dupuy and Lajka reported from New York. Menelaos ... Cyprus."
USED = {*HILL_CARDS, *CAPTIONS, NATION, POLITICO, CBN_AP, WASHINGTON_TIMES, HERALD, FOX, POST,
        CALLER, HILL, AP}  # fmt: skip


@pytest.fixture(scope="session")
def allsides(shared_data: Path) -> dict[str, dict]:
    """The AllSides records these tests use, by id, read in place from ../shared/data."""
    records = {}
    for path in sorted((shared_data / "allsides").glob("allsides-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record["id"] in USED:
                    records[record["id"]] = record
    assert set(records) == USED
    return records


def through_jsonl(record: dict, tmp_path: Path) -> Article:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = read_inputs([path])
    assert isinstance(article, Article), article
    return article


@pytest.mark.shared
@pytest.mark.parametrize("record_id", HILL_CARDS)
def test_hill_link_cards(allsides: dict, tmp_path: Path, record_id: str) -> None:
    article = through_jsonl(allsides[record_id], tmp_path)
    paragraphs = article.text.split("\n\n")
    for sentence in HILL_CARDS[record_id]:
        assert sentence in paragraphs
    assert "MORE" not in article.text  # every card of the article is gone, not only these


@pytest.mark.shared
def test_hill_link_card_forms(allsides: dict) -> None:
    text = allsides[HILL_WALSH]["text"]
    cards = [line[s:e] for line in text.splitlines() for _, s, e in inline_furniture(line)]
    assert [card.split("MORE")[0][:40] for card in cards[:3]] == [
        "Joe WalshBill Weld secures one Iowa dele",
        "Donald John TrumpTrump travels to Dover ",
        "William (Bill) WeldBill Weld secures one",
    ]


@pytest.mark.shared
@pytest.mark.parametrize("record_id", CAPTIONS)
def test_photo_captions_and_credits(allsides: dict, tmp_path: Path, record_id: str) -> None:
    caption, first = CAPTIONS[record_id]
    assert caption in allsides[record_id]["text"]
    article = through_jsonl(allsides[record_id], tmp_path)
    assert caption not in article.text
    assert article.text.split("\n\n")[0] == first


@pytest.mark.shared
def test_credit_glued_before_a_paragraph(allsides: dict, tmp_path: Path) -> None:
    paragraphs = through_jsonl(allsides[POLITICO], tmp_path).text.split("\n\n")
    assert (
        "A cohort of younger Senate Republicans—Nebraska’s Ben Sasse, South Carolina’s Tim Scott,"
        " Utah’s Mike Lee and Florida’s Marco Rubio—have pushed more innovative policies."
    ) in paragraphs
    assert "Credit: Getty Images" not in paragraphs


@pytest.mark.shared
def test_newsletter_and_donation_blocks(allsides: dict, tmp_path: Path) -> None:
    text = through_jsonl(allsides[NATION], tmp_path).text
    for prompt in ("Take Action Now", "Thank you for signing up", "Subscribe now",
                   "reader supported", "Nation Travels", "Wine Club", "Ad Policy"):  # fmt: skip
        assert prompt in allsides[NATION]["text"]
        assert prompt not in text
    assert text.split("\n\n")[0].endswith(
        "which must decide whether to hand him over, and for American press freedom."
    )


@pytest.mark.shared
def test_newsletter_prompt_glued_to_a_paragraph(allsides: dict, tmp_path: Path) -> None:
    text = through_jsonl(allsides[POST], tmp_path).text
    assert "Sign up for our Coronavirus Updates newsletter" not in text
    assert text.endswith("outbreak. “I just think it didn’t have to be this way,” Kaine said.")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("record_id", "notice", "last"),
    [
        (CBN_AP, "This material may not be published, broadcast, rewritten or redistributed.",
         "He has tried to use the tariffs as leverage in ongoing talks to renegotiate NAFTA,"),
        (WASHINGTON_TIMES, "Copyright © 2019 The Washington Times, LLC.",
         "“we’re as tight on this agenda as we’ve ever been.”"),
    ],
)  # fmt: skip
def test_copyright_lines(allsides: dict, tmp_path: Path, record_id: str, notice: str,
                         last: str) -> None:  # fmt: skip
    text = through_jsonl(allsides[record_id], tmp_path).text
    assert notice in allsides[record_id]["text"]
    assert notice not in text and "Copyright" not in text
    assert last in text.split("\n\n")[-1]


@pytest.mark.shared
def test_bylines_and_contributor_lines(allsides: dict, tmp_path: Path) -> None:
    herald = through_jsonl(allsides[HERALD], tmp_path).text
    assert "JALONICK" not in herald
    assert herald.startswith("WASHINGTON (AP) — President Donald Trump suggested that he fired")
    fox = through_jsonl(allsides[FOX], tmp_path).text
    assert "Fox News' Alex Pappas contributed to this report." in allsides[FOX]["text"]
    assert "contributed to this report" not in fox
    assert fox.endswith("“extremely careless” in her handling of classified emails on her"
                        " private server.")  # fmt: skip
    hill = through_jsonl(allsides[HILL], tmp_path).text
    assert allsides[HILL]["text"].rstrip().endswith("Brett Samuels contributed.")
    assert "Samuels" not in hill and hill.endswith("runs counter to our American values.\"")
    ap = through_jsonl(allsides[AP], tmp_path).text
    assert "Menelaos Hadjicostis contributed" in allsides[AP]["text"]
    assert "Hadjicostis" not in ap and "reported from New York" not in ap


@pytest.mark.shared
def test_related_link_inside_a_paragraph(allsides: dict, tmp_path: Path) -> None:
    text = through_jsonl(allsides[CALLER], tmp_path).text
    assert "RELATED" not in text
    assert ("that it violated Fusion’s First Amendment rights, and that it violated statutes"
            " prohibiting the release of bank records to government authorities.\n") in text


# Each rule, on records written here ------------------------------------------------------------

BODY = "The committee met on Tuesday and agreed a timetable for the vote."
LONG = (  # a paragraph over SHORT characters: furniture glued to it is cut, the prose kept
    "Senators from both parties said the agreement, reached after three weeks of talks, would"
    " fund the government through September and add money for disaster relief in four states."
)

REMOVED = [  # (a record's text with furniture, the text it must become)
    # The Hill's link cards
    ("President Trump Donald John TrumpTrump travels to Dover Nadler demands answers MORE said on"
     " Monday that the talks would resume.",
     "President Trump said on Monday that the talks would resume."),
    ("Sen. Ted Cruz Rafael (Ted) Edward CruzCruz targets California governor MORE (R-Texas)"
     " objected.", "Sen. Ted Cruz (R-Texas) objected."),
    ("Speaker Nancy Pelosi Nancy PelosiPelosi says House will vote Democrats unveil plan MORE’s"
     " office declined to comment.", "Speaker Nancy Pelosi’s office declined to comment."),
    ("Rep. Steny Hoyer Steny Hamilton Hoyer Hoyer calls GOP efforts 'despicable' MORE (D-Md.)"
     " told reporters.", "Rep. Steny Hoyer (D-Md.) told reporters."),
    ("Campaign manager Brad Parscale Bradley (Brad) James ParscaleMORE told Fox News.",
     "Campaign manager Brad Parscale told Fox News."),
    ("by John DurhamJohn DurhamThe Hill's Morning Report MORE, the U.S. attorney.",
     "by John Durham, the U.S. attorney."),
    # a name written twice by link markup
    ("Former Vice President Joe Biden Joe Biden will call on Trump to comply.",
     "Former Vice President Joe Biden will call on Trump to comply."),
    # photo captions and credits
    (f"{BODY}\n\nPresident Trump speaks in the Oval Office, Friday, Jan. 10, 2020. (AP"
     f" Photo/Evan Vucci)", BODY),
    (f"FILE - In this Feb. 26, 2020, file photo, Vice President Mike Pence speaks.\n\n{BODY}",
     BODY),
    (f"{BODY}\n\nTrump arrives in Washington, U.S., March 23, 2018. REUTERS/Kevin Lamarque", BODY),
    (f"{BODY}\n\nGetty Images\n\nPhoto: Reuters\n\n(Photo by Jane Doe/Getty Images)", BODY),
    (f"{BODY}\n\nEnlarge this image toggle caption Alex Wong/Getty Images Alex Wong/Getty Images",
     BODY),
    (f"{BODY}\n\nSlideshow (4 Images)", BODY),
    (f"{LONG} The senator spoke (AP Photo/Evan Vucci) before the vote.",
     f"{LONG} The senator spoke before the vote."),
    (f"Getty Images {BODY}", BODY),
    # newsletter, membership and donation prompts
    (f"{BODY}\n\nSign up for Daily Newsletters Manage Newsletters", BODY),
    (f"Ready to fight back? Sign up for Take Action Now and get three actions in your inbox every"
     f" week.\n\n{BODY}", BODY),
    (f"{BODY}\n\nSupport Progressive Journalism The Nation is reader supported: Chip in $10 or"
     f" more to help us continue to write about the issues that matter.", BODY),
    (f"{BODY}\n\nSubscribe now for as little as $2 a month!", BODY),
    (f"{LONG} Sign up for our Coronavirus Updates newsletter to follow major developments.",
     LONG),
    # copyright, syndication and disclaimers
    (f"{BODY}\n\nCopyright 2020 The Associated Press. All rights reserved. This material may not"
     f" be published, broadcast, rewritten or redistributed.", BODY),
    (f"{BODY}\n\n(C) 2019 TRIBUNE CONTENT AGENCY, LLC", BODY),
    (f"{BODY}\n\nThe opinions expressed by columnists are their own and do not represent the"
     f" views of Townhall.com.", BODY),
    # bylines, contributors, signatures, follow-us lines, author bios
    (f"By Jane Doe, Associated Press\n\n{BODY}", BODY),
    (f"By MARY CLARE JALONICK, KEVIN FREKING and DEB RIECHMANN\n\n{BODY}", BODY),
    (f"{BODY}\n\nAssociated Press writer Zeke Miller in Washington contributed to this report.",
     BODY),
    (f"{BODY}\n\nContributing: John Fritze", BODY),
    (f"{BODY}\n\nMike Lillis, Morgan Chalfant and Jordain Carney contributed.", BODY),
    (f"{BODY}\n\n—Al Weaver contributed. Updated at 7:37 p.m.", BODY),
    (f"{BODY}\n\nLemire reported from New York. Associated Press writers Zeke Miller and Darlene"
     f" Superville in Washington contributed to this report, which was updated at 5:46 p.m.",
     BODY),
    (f"{BODY}\n\n- Bart Jansen", BODY),
    (f"{BODY}\n\nFollow John Nolte on Twitter @NolteNC.", BODY),
    (f"{BODY}\n\nJane Doe is a senior fellow at the Brookings Institution. She is the author of"
     f" “Votes.”\n\nFollow her on Twitter @janedoe.", BODY),
    # related links and labels
    (f"{BODY}\n\nRelated: Talks collapse in Geneva", BODY),
    (f"READ MORE:\n\nOur Progressive Press\n\nFive Rules for Talks\n\n{BODY}", BODY),
    (f"More:Supreme Court agrees to speed up Trump's DACA appeal\n\n{BODY}", BODY),
    ("Fusion sued its bank to block the subpoena. (RELATED: FBI Failed To Preserve Texts)",
     "Fusion sued its bank to block the subpoena."),
    (f"{BODY} (MORE: Former ambassador says she was told to watch her back)", BODY),
    # ads, page labels, headings in capitals, rules
    (f"ADVERTISEMENT\n\n{BODY}\n\nAD\n\nAdvertisement:\n\nStory Continued Below", BODY),
    (f"{BODY} Ad Policy", BODY),
    (f"{LONG} MORE FROM Jeet Heer Trolling Trump July 1, 2020 Trump’s Geriatric Race War", LONG),
    (f"{BODY}\n\nTRUMP CALLS WOLFF'S WHITE HOUSE EXPOSE 'FIRE AND FURY' A 'WORK OF FICTION'",
     BODY),
    (f"{BODY}\n\n___", BODY),
]  # fmt: skip

KEPT = [  # prose that looks like furniture to a careless rule
    "The protesters chanted “NO MORE WARS” outside the embassy.",
    "Democrats want MORE money for testing, Pelosi said.",
    "NO MORE DACA DEAL!",
    "Thank you Kanye, very cool! https://t.co/vRIC87M21X — Donald J. Trump (@realDonaldTrump)"
    " April 25, 2018",
    "Thank God. Thank God.",
    "Sanders Buttigieg Margin Sanders Buttigieg Margin Emerson 30% 20%",
    "By contrast, the Senate bill caps spending at $1 trillion.",
    "By Tuesday, the troops had left the town.",
    "Related parties were excluded from the inquiry, the court said.",
    "More than 80 people were arrested.",
    "The big picture: Candidates have criticized corporations before.",
    "Getty Images, the photo agency, sued the publisher on Monday.",
    "Copyright law has not kept up with streaming, the senator said.",
    "Facebook changed its political ad policy, the company said.",
    "Overall, Facebook has contributed $1.1 million to House members, split almost evenly.",
    "The must-pass nature of the spending bill also contributed to the late-night fights.",
    "Critics contend Trump’s own words have contributed to a combustible climate.",
    "More than 80 million people follow him on Twitter, where he posts daily.",
    "It also asks if the respondent wants to sign up for the president's email newsletters.",
    "Stuart Rothenberg, senior editor at the Inside Elections newsletter, said the race was close.",
    "Sanders is drawing funds from activists, whose commitment induces them to chip in $20.",
    "Jonathan Turley is a law professor at George Washington University.",  # not at the end
    "\"If he loses confidence in Secretary Esper, I'm sure you all will be the first to know,\""
    " McEnany said.",
]


def records_file(tmp_path: Path, fmt: str, text: str) -> Path:
    if fmt == "jsonl":
        path = tmp_path / "r.jsonl"
        path.write_text(json.dumps({"id": "r1", "text": text}) + "\n", encoding="utf-8")
    else:
        out = io.StringIO()
        csv.writer(out).writerows([["id", "text"], ["r1", text]])
        path = tmp_path / "r.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
    return path


def cleaned(tmp_path: Path, fmt: str, text: str) -> str:
    [article] = read_inputs([records_file(tmp_path, fmt, text)])
    assert isinstance(article, Article), article
    return article.text


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(("raw", "expected"), REMOVED)
def test_furniture_is_removed(tmp_path: Path, fmt: str, raw: str, expected: str) -> None:
    assert cleaned(tmp_path, fmt, raw) == expected


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("line", KEPT)
def test_prose_is_kept(tmp_path: Path, fmt: str, line: str) -> None:
    text = f"{LONG}\n\n{line}\n\n{BODY}"
    assert cleaned(tmp_path, fmt, text) == text


def test_web_copy_gets_the_inline_rules(tmp_path: Path) -> None:
    card = "Sen. Ted Cruz Rafael (Ted) Edward CruzCruz targets California governor MORE (R-Texas)"
    (tmp_path / "a.txt").write_text(f"Senate vote\n\n{card} objected.\n", encoding="utf-8")
    paragraph = f"{card} objected to the bill, which he said would add to the deficit. " * 3
    (tmp_path / "b.html").write_text(
        f"<html><head><title>Senate vote</title></head><body><article><p>{paragraph}</p>"
        "<p>The vote is expected on Friday.</p></article></body></html>", encoding="utf-8"
    )  # fmt: skip
    txt, page = read_inputs([tmp_path / "a.txt", tmp_path / "b.html"])
    assert isinstance(txt, Article) and isinstance(page, Article)
    assert txt.text == "Senate vote\n\nSen. Ted Cruz (R-Texas) objected."
    assert "Sen. Ted Cruz (R-Texas) objected to the bill" in page.text
    assert "MORE" not in page.text


def test_records_keep_their_line_structure() -> None:
    assert clean_record_text("One.\nTwo.\n\n\n\nThree.\n") == "One.\nTwo.\n\nThree."
