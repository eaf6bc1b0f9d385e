"""A reference table of political actors, built from open sources and shipped as data.

Persons: members of the current US Congress and every president and vice president, from
unitedstates/congress-legislators (CC0), and the cabinet posts of FiveThirtyEight's cabinet
turnover table (CC BY 4.0). Countries, international bodies and parties: the gazetteer.
`build` reads the sources, `write`/`read` the JSON Lines file, and `load` gives the shipped
table (`graphbuild/data/reference.jsonl`) with its lookup indexes.

Rebuild: python -m graphbuild.reference build --legislators DIR [--fivethirtyeight DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path

import yaml

from graphbuild.evaluate import normalise

__all__ = ["Post", "RefEntry", "Reference", "build", "load", "main", "read", "write"]

SHIPPED = resources.files("graphbuild") / "data" / "reference.jsonl"
DEFAULT_OUT = Path(__file__).parent / "data" / "reference.jsonl"

US = "United States"
SENATE = "United States Senate"
HOUSE = "United States House of Representatives"
CHAMBERS = {"senate": SENATE, "house": HOUSE}
PARTIES = {"Democrat": "Democratic Party", "Republican": "Republican Party"}
# Districts whose member of the House is a non-voting delegate (PR: the resident commissioner).
TERRITORIES = {"AS", "DC", "GU", "MP", "PR", "VI"}
# Terms of one post follow within days (a Congress ends on 3 January, the next meets on the
# 3rd to the 7th); a longer gap is a break in service.
MAX_GAP = timedelta(days=31)
SUFFIXES = {"Jr.", "Sr.", "II", "III", "IV"}

# FiveThirtyEight's positions that are not "Secretary of ..." or kept as written: (title, body)
# by FORMAT.md's conventions: a post inside an agency belongs to the agency, White House staff
# to the White House, other cabinet posts to the United States.
CABINET = {
    "Chief of Staff": ("Chief of Staff", "White House"),
    "CIA Director": ("Director", "Central Intelligence Agency"),
    # The Director of Central Intelligence headed the CIA until 2005; news says "CIA Director".
    "Director of Central Intelligence": ("Director", "Central Intelligence Agency"),
    "OMB Director": ("Director of the Office of Management and Budget", US),
    "UN Ambassador": ("Ambassador to the United Nations", US),
    "U.S. Trade Representative": ("Trade Representative", US),
    "SBA Administrator": ("Administrator of the Small Business Administration", US),
    "EPA Administrator": ("Administrator of the Environmental Protection Agency", US),
}


@dataclass(frozen=True)
class Post:
    """A post held from `start` to `end` (ISO dates). `end` is None when the source gives none:
    still held when the source was compiled (FiveThirtyEight's rows for 2017-2018)."""

    title: str
    body: str  # canonical name of the actor the post belongs to
    start: str | None
    end: str | None


@dataclass(frozen=True)
class RefEntry:
    """One actor. `aliases` are the other surface forms of `name` (never a surname alone);
    `surname` is set for persons and is what `Reference.by_surname` looks up."""

    id: str
    name: str
    type: str  # PERSON, COUNTRY, ORGANIZATION or PARTY
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    party: str | None = None  # canonical party name; None for independents and non-persons
    gender: str | None = None  # "M" or "F"
    posts: tuple[Post, ...] = ()
    surname: str | None = None


def _key(text: str) -> str:
    """The lookup key: evaluate.normalise, with accents folded (news writes Garcia and García)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return normalise("".join(c for c in decomposed if not unicodedata.combining(c)))


class Reference:
    """The table with dict indexes built once: by id, by any name form, by surname."""

    def __init__(self, entries: Iterable[RefEntry]) -> None:
        self._entries = tuple(entries)
        self._ids = {e.id: e for e in self._entries}
        names: dict[str, list[RefEntry]] = defaultdict(list)
        surnames: dict[str, list[RefEntry]] = defaultdict(list)
        for entry in self._entries:
            for key in dict.fromkeys(_key(f) for f in (entry.name, *entry.aliases)):
                names[key].append(entry)
            if entry.surname:
                surnames[_key(entry.surname)].append(entry)
        self._names = dict(names)
        self._surnames = dict(surnames)

    def __iter__(self) -> Iterator[RefEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def by_id(self, id: str) -> RefEntry | None:
        return self._ids.get(id)

    def by_name(self, text: str) -> list[RefEntry]:
        """Entries with `text` as name or alias, after normalising (case, dots, apostrophes,
        a leading "the ", accents)."""
        return list(self._names.get(_key(text), ()))

    def by_surname(self, surname: str) -> list[RefEntry]:
        """Persons with this surname."""
        return list(self._surnames.get(_key(surname), ()))

    @staticmethod
    def posts_at(entry: RefEntry, date: str | None) -> tuple[Post, ...]:
        """Posts held on the ISO date `date` (start inclusive, end exclusive); all when None."""
        if date is None:
            return entry.posts
        day = Date.fromisoformat(date).isoformat()  # reject what would compare wrongly
        return tuple(
            p for p in entry.posts
            if (p.start is None or p.start <= day) and (p.end is None or day < p.end)
        )


def read(path: str | PathLike[str]) -> list[RefEntry]:
    """Entries of a JSON Lines file written by `write`."""
    with open(path, encoding="utf-8") as f:
        return [_entry(json.loads(line)) for line in f if line.strip()]


def _entry(row: dict) -> RefEntry:
    return RefEntry(**{**row, "aliases": tuple(row["aliases"]),
                       "posts": tuple(Post(**p) for p in row["posts"])})


def write(entries: Iterable[RefEntry], path: str | PathLike[str]) -> None:
    """One JSON object a line, in the order given (`build` sorts by id)."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for entry in entries:
            f.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")


@lru_cache(maxsize=1)
def load() -> Reference:
    """The shipped table."""
    with resources.as_file(SHIPPED) as path:
        return Reference(read(path))


# -- building from the sources ----------------------------------------------------------------


def build(legislators_dir: str | PathLike[str],
          fivethirtyeight_dir: str | PathLike[str] | None = None) -> list[RefEntry]:
    """The table from the sources, sorted by id: the same sources give the same entries."""
    folder = Path(legislators_dir)
    persons = [*map(_legislator, _yaml(folder / "legislators-current.yaml")),
               *map(_executive, _yaml(folder / "executive.yaml"))]
    if fivethirtyeight_dir is not None:
        persons = _with_cabinet(persons, Path(fivethirtyeight_dir) / "cabinet_turnover.csv")
    committees = map(_committee, _yaml(folder / "committees-current.yaml"))
    entries = [*persons, *_gazetteer(), *committees]
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return sorted(entries, key=lambda e: e.id)


def _yaml(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _legislator(record: dict) -> RefEntry:
    posts = [_term_post(t) for t in record["terms"]]
    # Leadership posts belong to the chamber: "Senate Majority Leader" -> "Majority Leader".
    posts += [Post(re.sub(r"\b(?:Senate|House) ", "", r["title"]), CHAMBERS[r["chamber"]],
                   r["start"], r.get("end")) for r in record.get("leadership_roles", [])]
    return _person(record, posts)


def _term_post(term: dict) -> Post:
    if term["type"] == "sen":
        title, body = "Senator", SENATE
    else:
        title = "Delegate" if term["state"] in TERRITORIES else "Representative"
        body = HOUSE
    return Post(title, body, term["start"], term["end"])


def _executive(record: dict) -> RefEntry:
    titles = {"prez": "President", "viceprez": "Vice President"}
    return _person(record, [Post(titles[t["type"]], US, t["start"], t["end"])
                            for t in record["terms"]])


def _person(record: dict, posts: list[Post]) -> RefEntry:
    ids, name = record["id"], record["name"]
    # Wikipedia's title is the name news uses ("Dick Durbin" for Richard J. Durbin).
    wiki = re.sub(r" \(.*\)$", "", ids["wikipedia"]) if "wikipedia" in ids else None
    official = name.get("official_full")
    canonical = wiki or (official if official and '"' not in official else None)
    # Else the nickname form ("Jimmy Carter"), or the full name: "John Quincy Adams" is not
    # "John Adams".
    given = name.get("nickname") or " ".join(filter(None, [name["first"], name.get("middle")]))
    canonical = canonical or f"{given} {name['last']}"
    forms = {*_name_forms(name), *filter(None, [wiki])}
    return RefEntry(
        id=f"bioguide:{ids['bioguide']}" if "bioguide" in ids else f"govtrack:{ids['govtrack']}",
        name=canonical,
        type="PERSON",
        aliases=tuple(sorted(forms - {canonical})),
        wikidata=ids.get("wikidata"),
        party=PARTIES.get(record["terms"][-1].get("party", "")),
        gender=record["bio"].get("gender"),
        posts=_merge_posts(posts),
        surname=name["last"],
    )


def _name_forms(name: dict) -> set[str]:
    """The forms news uses: first/nickname + last, with the middle name or its initials, with
    and without the suffix; the official form, and without its quoted nickname."""
    first, last, middle = name["first"], name["last"], name.get("middle")
    bases = [f"{given} {last}" for given in filter(None, [first, name.get("nickname")])]
    if middle:
        initials = [w[0] + "." for w in middle.split()]
        # "George H. W. Bush" and "George H.W. Bush" normalise apart.
        bases += [f"{first} {m} {last}" for m in {middle, " ".join(initials), "".join(initials)}]
    forms = set(bases)
    if suffix := name.get("suffix"):
        forms |= {f"{b} {suffix}" for b in bases}
    if official := name.get("official_full"):
        forms |= {official, re.sub(r' "[^"]*"', "", official)}  # Eric A. "Rick" Crawford
    return forms


def _merge_posts(posts: Iterable[Post]) -> tuple[Post, ...]:
    """Consecutive or overlapping spans of the same post become one; sorted by start."""
    merged: list[Post] = []
    for post in sorted(posts, key=lambda p: (p.title, p.body, p.start or "")):
        last = merged[-1] if merged else None
        if last and (last.title, last.body) == (post.title, post.body) and _continues(last, post):
            end = None if last.end is None or post.end is None else max(last.end, post.end)
            merged[-1] = replace(last, end=end)
        else:
            merged.append(post)
    return tuple(sorted(merged, key=lambda p: (p.start or "", p.title, p.body)))


def _continues(last: Post, post: Post) -> bool:
    if last.end is None:
        return True
    if post.start is None:
        return False
    return Date.fromisoformat(post.start) - Date.fromisoformat(last.end) <= MAX_GAP


def _with_cabinet(persons: list[RefEntry], path: Path) -> list[RefEntry]:
    """Cabinet posts: to the one person already known by the appointee's name, else to a new
    person. FiveThirtyEight spells one person one way (James Baker holds four posts)."""
    by_id = {e.id: e for e in persons}
    by_form: dict[str, list[str]] = defaultdict(list)
    for entry in persons:
        for form in {_key(f) for f in (entry.name, *entry.aliases)}:
            by_form[form].append(entry.id)
    posts: dict[str, list[Post]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["position"] == "Vice President":  # executive.yaml has them, with end dates
                continue
            posts[row["appointee"]].append(Post(*_cabinet_post(row["position"]),
                                                row["start"] or None, row["end"] or None))
    for name, held in posts.items():
        known = by_form.get(_key(name), [])
        if len(known) == 1:
            entry = by_id[known[0]]
            by_id[entry.id] = replace(entry, posts=_merge_posts([*entry.posts, *held]))
            continue
        bare = " ".join(w for w in name.split() if w not in SUFFIXES)
        entry = RefEntry(id=f"person:{_slug(name)}", name=name, type="PERSON",
                         aliases=(bare,) if bare != name else (), posts=_merge_posts(held),
                         surname=bare.split()[-1])
        by_id[entry.id] = entry
    return list(by_id.values())


def _cabinet_post(position: str) -> tuple[str, str]:
    # "A/B": the post was renamed during the term (HEW became HHS in 1979); keep the later name.
    position = position.split("/")[-1]
    return CABINET.get(position) or (position.replace(" & ", " and "), US)


def _gazetteer() -> list[RefEntry]:
    # Imported here: graphbuild.extract loads spaCy, which only building needs.
    from graphbuild.extract.gazetteer import countries, organizations

    entries = [RefEntry(id=f"country:{_slug(name)}", name=name, type="COUNTRY",
                        aliases=tuple(sorted(c["names"] - {name})))
               for name, c in countries().items()]
    for name, (actor_type, forms) in organizations().items():
        prefix = "party" if actor_type == "PARTY" else "org"
        entries.append(RefEntry(id=f"{prefix}:{_slug(name)}", name=name, type=actor_type,
                                aliases=tuple(sorted(forms - {name}))))
    return entries


def _committee(record: dict) -> RefEntry:
    """A committee of Congress, with the form news uses: "Senate Committee on the Judiciary"
    -> "Senate Judiciary Committee". Subcommittees are left out: news rarely names them."""
    name = record["name"]
    forms = []
    match = re.fullmatch(r"(Senate|House) (?:Permanent Select |Select |Special )?"
                         r"Committee on (?:the )?(.+)", name)
    if match:
        chamber, subject = match.groups()
        # "House Committee on House Administration" -> "House Administration Committee"
        forms.append(f"{subject} Committee" if subject.startswith(chamber)
                     else f"{chamber} {subject} Committee")
    return RefEntry(id=f"committee:{record['thomas_id']}", name=name, type="ORGANIZATION",
                    aliases=tuple(forms))


def _slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graphbuild.reference",
                                     description="The reference table of political actors.")
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("build", help="rebuild the table from its sources")
    cmd.add_argument("--legislators", type=Path, required=True,
                     help="folder of unitedstates/congress-legislators YAML files")
    cmd.add_argument("--fivethirtyeight", type=Path,
                     help="folder holding FiveThirtyEight's cabinet_turnover.csv")
    cmd.add_argument("--out", type=Path, default=DEFAULT_OUT,
                     help=f"where to write (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    entries = build(args.legislators, args.fivethirtyeight)
    write(entries, args.out)
    print(f"wrote {len(entries)} entries to {args.out}")


if __name__ == "__main__":
    main()
