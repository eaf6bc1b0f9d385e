"""Tests for graphbuild.evaluate: hand-built gold docs with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.evaluate import (
    Counts,
    GoldDoc,
    GoldRelation,
    load_gold,
    normalise,
    score,
)

SHARED = Path(__file__).parents[1] / ".." / "shared" / "data"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"

DOC_A = {
    "doc_id": "a",
    "entities": [
        {"name": "Mark Rutte", "type": "PERSON", "aliases": ["Rutte", "PM Rutte"]},
        {"name": "Jens Stoltenberg", "type": "PERSON", "aliases": ["Stoltenberg"]},
        {"name": "United States", "type": "COUNTRY", "aliases": ["US", "U.S.", "USA"]},
        {"name": "United Kingdom", "type": "COUNTRY", "aliases": ["Britain"]},
        {"name": "Netherlands", "type": "COUNTRY", "aliases": []},
        {"name": "North Atlantic Treaty Organization", "type": "ORGANIZATION",
         "aliases": ["NATO"]},
    ],
    "relations": [
        {"subject": "United States", "relation": "BACKS", "object": "Mark Rutte",
         "modality": "asserted"},
        {"subject": "United Kingdom", "relation": "BACKS", "object": "Mark Rutte",
         "modality": "asserted"},
        {"subject": "Mark Rutte", "relation": "SUCCEEDS", "object": "Jens Stoltenberg",
         "modality": "prospective"},
        {"subject": "Mark Rutte", "relation": "HOLDS_ROLE", "object": "Netherlands",
         "role": "Prime Minister", "status": "current", "modality": "asserted"},
    ],
}  # fmt: skip

DOC_B = {
    "doc_id": "b",
    "entities": [
        {"name": "Kamala Harris", "type": "PERSON", "aliases": ["Harris"]},
        {"name": "United States Senate", "type": "ORGANIZATION", "aliases": ["US Senate"]},
        {"name": "United States", "type": "COUNTRY", "aliases": ["US"]},
        {"name": "Democratic Party", "type": "PARTY", "aliases": ["Democrats"]},
        {"name": "Sinead O’Connor", "type": "PERSON", "aliases": []},
    ],
    "relations": [
        {"subject": "Kamala Harris", "relation": "HOLDS_ROLE", "object": "United States Senate",
         "object_any": ["United States"], "role": "Senator", "status": "current",
         "modality": "asserted"},
        {"subject": "Kamala Harris", "relation": "MEMBER_OF", "object": "Democratic Party",
         "modality": "asserted"},
        {"subject": "Sinead O’Connor", "relation": "BACKS", "object": "Kamala Harris",
         "modality": "asserted"},
    ],
}  # fmt: skip


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path: Path) -> dict[str, GoldDoc]:
    return load_gold(write_jsonl(tmp_path / "gold.jsonl", [DOC_A, DOC_B]))


def pred(doc_id: str, subject: str, relation: str, obj: str, **attrs: str) -> dict[str, str]:
    return {"doc_id": doc_id, "subject": subject, "relation": relation, "object": obj, **attrs}


def counts(scores, relation: str | None = None) -> tuple[int, int, int]:
    c = scores.overall if relation is None else scores.per_relation[relation]
    return c.tp, c.fp, c.fn


# --- normalise -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the U.S.", "us"),
        ("The  United\tStates ", "united states"),
        ("  US", "us"),
        ("O'Connor", "oconnor"),
        ("O’Connor", "oconnor"),
        ("John R. Bolton", "john r bolton"),
        ("Theresa May", "theresa may"),  # "the" only dropped as a whole word
        ("the", "the"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


# --- load_gold -------------------------------------------------------------------------------


def test_load_gold_structure(gold: dict[str, GoldDoc]) -> None:
    assert set(gold) == {"a", "b"}
    doc = gold["a"]
    assert doc.entities["United States"] == frozenset({"united states", "us", "usa"})
    assert doc.relations[3] == GoldRelation(
        "Mark Rutte", "HOLDS_ROLE", "Netherlands", (), "Prime Minister", "current", "asserted"
    )
    assert gold["b"].relations[0].object_any == ("United States",)
    assert doc.resolve("the U.S.") == {"United States"}
    assert doc.resolve("Canada") == frozenset()


@pytest.mark.parametrize(
    "bad_line",
    [
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"entities": [], "relations": []}),  # no doc_id
        json.dumps({"doc_id": "x", "entities": [], "relations": [
            {"subject": "A", "relation": "BACKS", "object": "B"}]}),  # unknown entities
        json.dumps({"doc_id": "x", "entities": [{"name": "A"}, {"name": "B"}], "relations": [
            {"subject": "A", "relation": "LIKES", "object": "B"}]}),  # unknown relation
    ],
)  # fmt: skip
def test_load_gold_bad_line_names_file_and_line(tmp_path: Path, bad_line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(DOC_A) + "\n\n" + bad_line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3: "):
        load_gold(path)


def test_load_gold_duplicate_doc_id(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"dup\.jsonl:2: .*duplicate doc_id"):
        load_gold(write_jsonl(tmp_path / "dup.jsonl", [DOC_A, DOC_A]))


# --- score -----------------------------------------------------------------------------------


def test_alias_and_the_dots_normalisation(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [
        pred("a", "the U.S.", "BACKS", "Rutte"),  # "the U.S." == "US", alias for Mark Rutte
        pred("a", "Britain", "BACKS", "PM Rutte"),
        pred("b", "Sinead O'Connor", "BACKS", "Harris"),  # ' vs ’
    ])  # fmt: skip
    assert counts(scores, "BACKS") == (3, 0, 0)
    assert counts(scores) == (3, 0, 4)


def test_object_any(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [pred("b", "Harris", "HOLDS_ROLE", "US", role="senator")])
    assert counts(scores, "HOLDS_ROLE") == (1, 0, 1)  # the FN is Rutte's post in doc a
    assert scores.attributes["role"].correct == 1


def test_object_any_only_for_object_not_subject(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [pred("b", "US", "HOLDS_ROLE", "Harris")])
    assert counts(scores, "HOLDS_ROLE") == (0, 1, 2)


def test_repeated_predictions_are_deduplicated(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [
        pred("a", "US", "BACKS", "Rutte"),
        pred("a", "US", "BACKS", "Rutte"),
        pred("a", "the U.S", "backs", "rutte"),  # same normalised triple
        pred("a", "US", "BACKS", "Netherlands"),
        pred("a", "U.S.", "BACKS", "Netherlands"),  # same FP, counted once
    ])  # fmt: skip
    assert counts(scores, "BACKS") == (1, 1, 2)


def test_gold_triple_matched_at_most_once(gold: dict[str, GoldDoc]) -> None:
    # Different strings naming the same entities: distinct system triples, one gold triple.
    scores = score(gold, [
        pred("a", "United States", "BACKS", "Mark Rutte"),
        pred("a", "USA", "BACKS", "Rutte"),
        pred("b", "Harris", "HOLDS_ROLE", "US Senate"),
        pred("b", "Harris", "HOLDS_ROLE", "United States"),  # object_any of the same gold
    ])  # fmt: skip
    assert counts(scores, "BACKS") == (1, 1, 2)
    assert counts(scores, "HOLDS_ROLE") == (1, 1, 1)


@pytest.mark.parametrize("reverse", [False, True])
def test_matching_is_maximal_with_object_any(tmp_path: Path, reverse: bool) -> None:
    doc = {
        "doc_id": "c",
        "entities": [
            {"name": "Kamala Harris", "aliases": ["Harris"]},
            {"name": "United States Senate", "aliases": ["US Senate"]},
            {"name": "United States", "aliases": ["US"]},
        ],
        "relations": [
            {"subject": "Kamala Harris", "relation": "HOLDS_ROLE",
             "object": "United States Senate", "object_any": ["United States"]},
            {"subject": "Kamala Harris", "relation": "HOLDS_ROLE", "object": "United States"},
        ],
    }  # fmt: skip
    gold = load_gold(write_jsonl(tmp_path / "c.jsonl", [doc]))
    predicted = [
        pred("c", "Harris", "HOLDS_ROLE", "US"),
        pred("c", "Harris", "HOLDS_ROLE", "US Senate"),
    ]
    if reverse:
        predicted.reverse()
    assert counts(score(gold, predicted)) == (2, 0, 0)


def test_relation_mismatch_is_fp_and_fn(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [pred("a", "Rutte", "BACKS", "Stoltenberg")])
    assert counts(scores, "BACKS") == (0, 1, 3)
    assert counts(scores, "SUCCEEDS") == (0, 0, 1)
    errors = scores.errors()["a"]
    assert errors.fp == (("Rutte", "BACKS", "Stoltenberg"),)
    assert ("Mark Rutte", "SUCCEEDS", "Jens Stoltenberg") in errors.fn


def test_swapped_direction_is_fp_and_fn(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [pred("a", "Stoltenberg", "SUCCEEDS", "Rutte")])
    assert counts(scores, "SUCCEEDS") == (0, 1, 1)


def test_unknown_names_are_fp(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [pred("a", "Canada", "BACKS", "Rutte")])
    assert counts(scores, "BACKS") == (0, 1, 3)


def test_docs_not_in_gold_ignored_and_missing_docs_all_fn(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [
        pred("zzz", "US", "BACKS", "Rutte"),
        pred("zzz", "Nobody", "OPPOSES", "Anybody"),
    ])  # fmt: skip
    assert counts(scores) == (0, 0, 7)
    assert scores.n_docs == 2
    assert set(scores.errors()) == {"a", "b"}


def test_same_triple_in_another_doc_does_not_count(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [pred("b", "US", "BACKS", "Rutte")])  # right triple, wrong article
    assert counts(scores, "BACKS") == (0, 1, 3)


def test_per_relation_and_micro_numbers_exact(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [
        pred("a", "US", "BACKS", "Rutte"),  # TP
        pred("a", "Britain", "OPPOSES", "Rutte"),  # FP (gold is BACKS -> also FN)
        pred("a", "Rutte", "HOLDS_ROLE", "Netherlands"),  # TP
        pred("a", "Rutte", "HOLDS_ROLE", "NATO"),  # FP
        pred("b", "Harris", "MEMBER_OF", "Democrats"),  # TP
        pred("b", "Harris", "MEMBER_OF", "US Senate"),  # FP
        pred("b", "Harris", "LEADS", "Democrats"),  # FP, unknown relation type
    ])  # fmt: skip
    assert counts(scores, "BACKS") == (1, 0, 2)
    assert counts(scores, "OPPOSES") == (0, 1, 0)
    assert counts(scores, "SUCCEEDS") == (0, 0, 1)
    assert counts(scores, "MEMBER_OF") == (1, 1, 0)
    assert counts(scores, "HOLDS_ROLE") == (1, 1, 1)
    assert counts(scores, "LEADS") == (0, 1, 0)
    assert counts(scores) == (3, 4, 4)
    backs = scores.per_relation["BACKS"]
    assert (backs.precision, backs.recall, backs.f1) == pytest.approx((1.0, 1 / 3, 0.5))
    assert scores.overall.precision == pytest.approx(3 / 7)
    assert scores.overall.recall == pytest.approx(3 / 7)
    assert scores.overall.f1 == pytest.approx(3 / 7)
    assert scores.per_relation["OPPOSES"].recall == 0.0  # 0/0 -> 0.0
    table = scores.table()
    assert table.splitlines()[0].split() == [
        "relation", "tp", "fp", "fn", "precision", "recall", "F1"
    ]  # fmt: skip
    assert "overall" in table and "LEADS" in table
    assert "0.429" in table.split("overall")[1].splitlines()[0]
    data = scores.to_dict()
    assert data["overall"]["tp"] == 3 and data["relations"]["LEADS"]["fp"] == 1
    json.dumps(data)  # JSON-ready


def test_counts_f1() -> None:
    assert Counts(tp=2, fp=2, fn=0).f1 == pytest.approx(2 / 3)
    assert Counts().f1 == 0.0


def test_attribute_accuracy(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [
        # role right after normalise (case, "the", dots), status wrong, modality right
        pred("a", "Rutte", "HOLDS_ROLE", "Netherlands",
             role="the prime minister", status="former", modality="Asserted"),
        # role wrong, status missing, modality missing
        pred("b", "Harris", "HOLDS_ROLE", "US Senate", role="Vice President"),
        # no role/status in gold: only modality counts; wrong here
        pred("a", "Rutte", "SUCCEEDS", "Stoltenberg", role="whatever", modality="asserted"),
        # FP: attributes ignored
        pred("a", "Rutte", "HOLDS_ROLE", "NATO", role="Prime Minister", status="current"),
    ])  # fmt: skip
    role, status, modality = (scores.attributes[k] for k in ("role", "status", "modality"))
    assert (role.correct, role.total) == (1, 2)
    assert (status.correct, status.total) == (0, 2)
    assert (modality.correct, modality.total) == (1, 3)
    assert role.accuracy == 0.5 and status.accuracy == 0.0
    assert "role accuracy" in scores.table()
    assert scores.to_dict()["attributes"]["modality"]["accuracy"] == pytest.approx(1 / 3)


def test_attribute_accuracy_undefined_without_tps(gold: dict[str, GoldDoc]) -> None:
    scores = score(gold, [])
    assert scores.attributes["role"].accuracy is None
    assert "n/a" in scores.table()


def test_prediction_without_required_keys_raises(gold: dict[str, GoldDoc]) -> None:
    with pytest.raises(ValueError, match="prediction 0"):
        score(gold, [{"doc_id": "a", "subject": "US", "relation": "BACKS"}])


@pytest.mark.shared
def test_dev_gold_scores_perfectly_against_itself() -> None:
    if not DEV_GOLD.is_file():
        pytest.skip(f"gold set not found at {DEV_GOLD.resolve()} (../shared/data absent)")
    gold = load_gold(DEV_GOLD)
    assert gold
    predicted = [
        {"doc_id": doc.doc_id, "subject": r.subject, "relation": r.relation, "object": r.object,
         "role": r.role, "status": r.status, "modality": r.modality}
        for doc in gold.values()
        for r in doc.relations
    ]  # fmt: skip
    scores = score(gold, predicted)
    overall = scores.overall
    assert overall.fn == overall.fp == 0
    assert (overall.precision, overall.recall, overall.f1) == (1.0, 1.0, 1.0)
    assert all(a.accuracy in (1.0, None) for a in scores.attributes.values())
    assert scores.errors() == {}
