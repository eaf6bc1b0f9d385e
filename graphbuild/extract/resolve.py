"""Identity: group the mentions of one document into actors, with stable ids.

"Mark Rutte", "Rutte", "PM Rutte" -> one PERSON whose canonical name is the fullest form.
Across documents, actors with the same canonical name and type share an id; a bare surname
keeps its own id, so two different "Johnson"s are never merged.
"""

from __future__ import annotations

import hashlib
import re

from graphbuild import reference
from graphbuild.extract.mentions import MentionSpan
from graphbuild.extract.roles import canonical_title
from graphbuild.model import Actor


def actor_id(actor_type: str, name: str) -> str:
    """Stable id of an actor: same type and canonical name, same id, in any run."""
    norm = re.sub(r"\s+", " ", name.strip().lower().replace(".", ""))
    return hashlib.sha1(f"{actor_type}:{norm}".encode()).hexdigest()[:16]


SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}


def _surname(name: str) -> str:
    """The last word of a name that is no suffix: "Trump" of "Donald Trump Jr."."""
    words = [w for w in name.split() if w not in SUFFIXES] or name.split()
    return words[-1].removesuffix("'s")


def _suffix(name: str) -> str | None:
    last = name.split()[-1]
    return last if last in SUFFIXES else None


def _same_generation(a: str, b: str) -> bool:
    """Whether two forms may name one person as far as "Jr." goes: never a father for his
    son ("Donald Trump", a reference person, and "Donald Trump Jr."); a name written with and
    without the suffix otherwise is one ("Martin Luther King (Jr.)")."""
    if _suffix(a) == _suffix(b):
        return True
    plain = b if _suffix(a) else a
    return not any(e.type == "PERSON" for e in reference.load().by_name(plain))


def _title_holder_elsewhere(surname: str, title: str, full: str, date: str | None) -> bool:
    """Whether the reference table gives this title, by this date, to a person of this surname
    other than `full`."""
    table = reference.load()
    mine = {e.id for e in table.by_name(full)}
    return any(e.id not in mine and any(
        canonical_title(p.title) == title and (date is None or p.start is None or p.start <= date)
        for p in e.posts) for e in table.by_surname(surname))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def resolve(mentions: list[MentionSpan], date: str | None = None,
            ) -> tuple[list[Actor], list[str]]:
    """Actors of one document, and the actor id of each mention (same order as mentions).
    `date`: the article's, for what the reference table says a title means then."""
    groups: dict[tuple[str, str], list[int]] = {}  # (type, key) -> mention indexes
    order: list[tuple[str, str]] = []

    def add(key: tuple[str, str], i: int) -> None:
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(i)

    # Full person names first, so a surname can find the name it belongs to.
    people = [m.text for m in mentions if m.type == "PERSON" and len(m.text.split()) > 1]
    by_last: dict[str, list[str]] = {}
    for name in people:
        last = _surname(name)
        by_last.setdefault(last, [])
        if name not in by_last[last]:
            by_last[last].append(name)
    # "John Bolton" and "John R. Bolton" are one person, and so are "Tara Reade" and
    # "Alexandra Tara Reade": key every full name by the longest form that shares its first
    # and last word, or whose words contain all of its own.
    full_key: dict[str, str] = {}
    for names in by_last.values():
        for name in names:
            words = set(name.split())
            same = [n for n in names if _same_generation(n, name) and (
                n.split()[0] == name.split()[0] or words <= set(n.split())
                or set(n.split()) <= words)]
            full_key[name] = max(same, key=lambda n: (len(n), n))

    titled: dict[str, set[str]] = {}  # full name -> the titles written before it
    for m in mentions:
        if m.title and m.text in full_key:
            titled.setdefault(full_key[m.text], set()).add(m.title)
    # Surnames whose titled mentions name someone else than the article's full name
    # ("President Trump" beside "Ivanka Trump"), and those titles: such a title's mentions
    # are that other person's, and the surname alone is no longer the full name's.
    elsewhere: dict[str, set[str]] = {}
    for m in mentions:
        words = m.text.split()
        if m.type != "PERSON" or len(words) != 1 or not m.title:
            continue
        names = {full_key[n] for n in by_last.get(words[0], ())}
        if len(names) == 1 and m.title not in titled.get(next(iter(names)), ()) and \
                _title_holder_elsewhere(words[0], m.title, next(iter(names)), date):
            elsewhere.setdefault(words[0], set()).add(m.title)
    orgs = [m.text for m in mentions if m.type == "ORGANIZATION" and len(m.text.split()) > 1]
    for i, m in enumerate(mentions):
        if m.key:
            add((m.type, m.key), i)
        elif m.type == "PERSON":
            words = m.text.split()
            if len(words) > 1:
                add(("PERSON", full_key.get(m.text, m.text)), i)
                continue
            # Else a later word of a full name: "Rosselló" of "Ricardo Rosselló Nevares".
            # Or a first name alone: "Bernie", "Xi" of "Xi Jinping".
            candidates = by_last.get(words[0]) or [n for n in people if words[0] in n.split()[1:]] \
                or [n for n in people if n.split()[0] == words[0]]
            # A surname alone: the full name it ends, if only one does (else stay separate),
            # unless its title names someone else ("President Trump" beside "Ivanka Trump").
            keys = {full_key[c] for c in candidates}
            full = keys.pop() if len(keys) == 1 else None
            if full and (words[0] in elsewhere if not m.title else m.title in
                         elsewhere.get(words[0], ())):
                full = None
            add(("PERSON", full or m.text), i)
        elif m.type == "ORGANIZATION" and m.text.isupper():
            expansions = [o for o in orgs if _initials(o) == m.text]
            add(("ORGANIZATION", expansions[0] if len(set(expansions)) == 1 else m.text), i)
        else:
            add((m.type, m.text), i)

    ids = [""] * len(mentions)
    actors: list[Actor] = []
    for actor_type, key in order:
        forms = [mentions[i].text for i in groups[(actor_type, key)]]
        name = key if key else max(forms, key=len)
        aid = actor_id(actor_type, name)
        aliases = tuple(sorted({f for f in forms if f != name}))
        actors.append(Actor(aid, name, actor_type, aliases))
        for i in groups[(actor_type, key)]:
            ids[i] = aid
    return actors, ids
