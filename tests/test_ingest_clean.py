"""clean_text on web-page copy: the seed article, a differently shaped page, and each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.ingest import clean_text, read_inputs
from graphbuild.ingest.clean import clean
from graphbuild.ingest.dates import normalize_date
from graphbuild.model import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = SHARED / "seed" / "000_9671af0748e91670.txt"
DATA = Path(__file__).parent / "data" / "ingest"


def only_article(path: Path) -> Article:
    [article] = read_inputs([path])
    assert isinstance(article, Article), article
    return article


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason=f"shared data not found at {SHARED}")
def test_seed_article() -> None:
    article = only_article(SEED)
    text = article.text
    assert article.id == "000_9671af0748e91670"
    assert article.date == "2024-02-22"
    assert article.title == "Dutch PM Mark Rutte gains US, UK backing for NATO chief"
    assert text.startswith(article.title + "\n\n")
    assert text.count("Dutch PM Mark Rutte gains US, UK backing for NATO chief") == 1
    for body in (
        "The United States and Britain have backed outgoing Dutch Prime Minister Mark Rutte",
        "\"President Biden strongly endorses PM Rutte's candidacy",
        "Sweden is currently set to become the Western alliance's 32nd member",
        "Stoltenberg, a former Norwegian prime minister, has served as NATO chief since 2014.",
        "Prime Minister Mette Frederiksen of Denmark, whom some had mentioned",
    ):
        assert body in text
    for furniture in (
        "4 MIN READ",
        "date 2024-02-22",
        "WORLD",
        "/ Photo: Reuters",
        "By Staff Reporter",
        "February 22, 2024",
        "RelatedNATO",
        "RECOMMENDED",
        "SOURCE:",
        "Explore",
        "Türkiye is ready to mediate",
        "Panama's top court",
        "'No nuclear, stop killing protesters'",
    ):
        assert furniture not in text
    assert text.endswith("if it were offered to her.")


def test_a_differently_shaped_page() -> None:
    article = only_article(DATA / "harbour_vote.txt")
    assert article.date == "2023-03-03"
    assert article.title == "Harbour city council backs plan to rebuild the old ferry terminal"
    assert article.text.split("\n\n") == [
        article.title,
        "The city council of Porthaven voted on Friday to back a plan to rebuild the old ferry"
        " terminal, ending a dispute that had divided the governing coalition for more than a"
        " year.",
        "Mayor Irene Dalca, who proposed the plan, said the vote showed that the council could"
        " still agree on large projects.",
        '"We listened to the people who use the port every day," she said.',
        "The opposition Green group voted against the plan, arguing that the cost had been"
        " underestimated.",
        "Work is due to begin next spring.",
    ]


@pytest.mark.parametrize(
    "furniture",
    [
        "Politics › World › Europe",
        "SECTION NAME",
        "12 min read",
        "By Jane Doe and John Roe",
        "A crowd outside the palace. Photograph: Jane Doe/Agency",
        "Ministers at the summit (AP Photo/John Roe)",
        "Related: Talks collapse in Geneva",
        "RelatedTalks collapse in Geneva",
        "Read more: Talks collapse in Geneva",
        "Source: Agencies",
        "Advertisement",
        "© 2024 Example Media",
        "Reporting by Jane Doe; Editing by John Roe",
        "Published 14 June 2023 at 09:12",
        "Monday, January 6, 2020",
    ],
)
def test_furniture_lines_are_dropped(furniture: str) -> None:
    body = "The parliament approved the law on Monday."
    assert clean_text(f"{furniture}\n{body}\n{furniture}") == body


@pytest.mark.parametrize(
    "line",
    [
        "NATO, the EU and the UN said they would respond within a week to the proposal.",
        "By Tuesday, the troops had left the town.",
        "The vote is on March 3, 2024, when parliament returns from its recess.",
        '"No."',
        "Related parties were excluded from the inquiry, the court said.",
        "Sources say the deal is close.",
        "A short subhead",
    ],
)
def test_body_lines_are_kept(line: str) -> None:
    assert clean_text(f"First paragraph.\n\n{line}\n\nLast paragraph.").split("\n\n")[1] == line


def test_duplicate_lines_keep_the_first() -> None:
    assert clean_text("Headline here\nBody text.\nHeadline here\nMore text.") == (
        "Headline here\n\nBody text.\n\nMore text."
    )


def test_navigation_tail_is_dropped_only_when_only_headlines_follow() -> None:
    body = "The minister resigned on Friday."
    headlines = "Markets fall after rate decision\nIs the coalition over?\nFloods hit the north"
    for nav in ("Explore", "More stories", "Trending now", "You may also like", "Read more:"):
        assert clean_text(f"{body}\n{nav}\n{headlines}") == body
    story = f"{body}\nExplore\nThe region has many lakes. It is popular with hikers."
    assert clean_text(story).endswith("It is popular with hikers.")


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    raw = "The committee met on Tuesday\nand agreed a timetable,\nwhich the Senate\nmust approve.\n"
    assert clean_text(raw) == "The committee met on Tuesday and agreed a timetable, which the" + (
        " Senate must approve."
    )


def test_whitespace_and_paragraph_joins() -> None:
    text = clean_text("  One\u00a0 two.\r\n\r\n\r\n\tThree\u200b four.  \n")
    assert text == "One two.\n\nThree four."


def test_header_date_only_near_the_top() -> None:
    assert clean("Title\n2021-07-08\nBody text.").date == "2021-07-08"
    late = "\n".join(f"Paragraph {i}." for i in range(20)) + "\nJuly 8, 2021"
    assert clean(late).date is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-02", "2020-01-02"),
        ("2020-01-02T23:59:59+05:00", "2020-01-02"),
        ("2020/1/2", "2020-01-02"),
        ("January 2, 2020", "2020-01-02"),
        ("Sept. 9 2021", "2021-09-09"),
        ("2nd Jan 2020", "2020-01-02"),
        ("Thu, 02 Jan 2020 10:00:00 GMT", "2020-01-02"),
        ("2020-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected
