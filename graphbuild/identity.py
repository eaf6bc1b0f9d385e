"""Corpus-level identity: one entity per real-world actor across every stored article.

Extraction gives each article its own actors: a name (the fullest form the article uses), a
type, the other forms, and the titles written before its mentions. This stage links every
article's actors to corpus entities, after each build, from those stored summaries alone (no
article is read again, so adding articles costs time in the number of distinct names):

1. **Reference**: a name the reference table knows (a member of Congress, a president, a
   country, a body) links to that entry, which brings its Wikidata id; in US news, bare
   "House", "Senate", "Congress" are the US bodies.
2. **Names**: person names meet on a key without honorifics, middle names and initials
   ("Donald J. Trump", "Donald John Trump" -> donald trump; "Jr." is kept); other names on
   their normalised form, whatever type one article gave them.
3. **Forms**: an acronym or short form ("AP") links to the one entity other articles gave it
   as a form.
4. **Known names**: a longer or mistyped name the corpus knows in a shorter form or with
   another type ("Corrupt Joe Biden", "Ahmaud Arbery" typed as a body, "SEC" for the one
   body with those initials, "Martin Luther King" for a known "Martin Luther King Jr.").
5. **Nicknames**: "Bill Barr" and "William Barr" (the `nicknames` package's table); first
   names spelled with a letter doubled ("Qasem", "Qassem Soleimani").
6. **Surnames**: a surname alone goes to the person its own article names in full; else to
   the one person the title before it fits ("President Trump", "Sen. Sanders"; the reference
   table's posts by the article's date, or the titles the corpus gives that person), "Mr." /
   "Ms." narrowing by gender; where the article names several of that surname, to the one it
   never calls by first name alone ("Biden" beside "Hunter"); else to the one person of that
   surname the corpus knows, or the one its articles nearly always mean by it. When two fit
   (Bernie and Sarah Sanders), it stays unresolved: its own entity, marked so; a body's name
   that no person claims ("Fox") stays a body.
7. **Types** by vote over every mention (the reference table's type wins), and the name the
   corpus uses most.

Results are stored (`entities`, `links`): every mention keeps its article and sentence, and
its article's actor links to one entity, with the rule that linked it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from graphbuild import reference
from graphbuild.evaluate import normalise
from graphbuild.extract import gazetteer
from graphbuild.extract.person_names import first_names
from graphbuild.extract.roles import canonical_title
from graphbuild.model import ArticleActor, Entity, Link

HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "rev", "gen", "adm", "col",
              "maj", "lt", "sgt", "capt"}
GENDERED = {"mr": "M", "mrs": "F", "ms": "F"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Bare names of US bodies in US news (FORMAT.md's conventions for US posts).
US_SHORT_FORMS = {"house": "United States House of Representatives",
                  "house of representatives": "United States House of Representatives",
                  "senate": "United States Senate", "congress": "United States Congress",
                  "supreme court": "Supreme Court of the United States"}
US_MARKERS = {"United States", "Democratic Party", "Republican Party", "United States Congress",
              "United States Senate", "United States House of Representatives", "White House"}
# A full name known from this many articles (or from the reference table) is a person the
# corpus knows; a one-off full name does not make a surname ambiguous.
KNOWN_ARTICLES = 2
# A surname alone in an article that names no one of that surname stands for the person the
# corpus's other articles mean by it in at least this share of at least this many articles.
USAGE_SHARE, USAGE_MIN = 0.95, 10
TYPE_ORDER = ("PERSON", "ORGANIZATION", "COUNTRY", "PARTY")


@lru_cache(maxsize=1 << 18)  # names repeat across articles: each is folded once
def fold(text: str) -> str:
    """Lower case, accents and punctuation folded: the key names are compared on."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return normalise(re.sub(r"[‘’'`]", "", plain))


@lru_cache(maxsize=1 << 18)
def person_key(name: str) -> str:
    """First and last word of a person's name (suffix kept), without honorifics, middle names,
    initials or nicknames: "Donald J. Trump", "Donald John Trump" -> "donald trump"."""
    text = re.sub(r"\(.*?\)|\".*?\"|“.*?”", " ", name)
    words = [w.strip(",") for w in fold(text).replace("-", "- ").split()]
    words = [w.replace("- ", "-") for w in words if w]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    suffix = words.pop() if len(words) > 2 and words[-1] in SUFFIXES else None
    if len(words) > 2:
        words = [words[0], words[-1]]
    return " ".join([*words, *([suffix] if suffix else [])])


def entity_id(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _gazetteer_forms() -> dict[str, tuple[str, str]]:
    return {fold(form): value for form, value in gazetteer.lookup().items()}


class Resolver:
    """Links the article actors of a corpus to entities; `resolve` runs the steps once."""

    def __init__(self, actors: Iterable[ArticleActor]) -> None:
        self.actors = list(actors)
        self.table = reference.load()
        self.key_of: dict[int, tuple[str, str]] = {}  # local index -> (entity key, rule)
        # Surnames of the full person names the corpus and the reference table know.
        self.surnames = {_surname(a.name) for a in self.actors
                         if a.type == "PERSON" and " " in a.name.strip()}
        self.surnames |= {fold(e.surname) for e in self.table if e.surname}
        self.ref_people: dict[str, set[str]] = defaultdict(set)  # person key -> reference ids
        for e in self.table:
            if e.type == "PERSON":
                for form in (e.name, *e.aliases):
                    self.ref_people[person_key(form)].add(e.id)

    # -- keys --------------------------------------------------------------------------------

    def _reference_key(self, loc: ArticleActor) -> str | None:
        known = _gazetteer_forms().get(fold(loc.name))
        if known and loc.type != "PERSON":
            entries = [e for e in self.table.by_name(known[1]) if e.type == known[0]]
            return f"ref:{entries[0].id}" if entries else f"{known[0]}:{fold(known[1])}"
        entries = self.table.by_name(loc.name)
        if loc.type == "PERSON" or " " in loc.name:
            entries = [e for e in entries if (e.type == "PERSON") == (loc.type == "PERSON")]
        if len(entries) == 1:
            return f"ref:{entries[0].id}"
        if not entries and loc.type == "PERSON" and " " in loc.name.strip():
            # "Donald John Trump": the one reference person whose first and last name these are.
            ids = self.ref_people.get(person_key(loc.name), set())
            return f"ref:{next(iter(ids))}" if len(ids) == 1 else None
        return None

    def _name_key(self, loc: ArticleActor) -> str | None:
        if loc.type == "PERSON":
            return f"person:{person_key(loc.name)}" if " " in loc.name.strip() else None
        return f"name:{fold(loc.name)}"

    def _surname_typed_as_body(self, loc: ArticleActor) -> bool:
        """A one-word name the NER typed as a body that is a known person's surname ("Trump"
        tagged ORG) is resolved as a surname."""
        word = fold(loc.name)
        return loc.type != "PERSON" and " " not in word and word in self.surnames

    def resolve(self) -> tuple[list[Entity], list[Link]]:
        us_articles = self._us_articles()
        surnames: list[int] = []
        for i, loc in enumerate(self.actors):
            key = self._reference_key(loc)
            if key:
                self.key_of[i] = (key, "reference")
                continue
            if loc.type != "PERSON" and fold(loc.name) in US_SHORT_FORMS and \
                    loc.article_id in us_articles:
                body = US_SHORT_FORMS[fold(loc.name)]
                entries = self.table.by_name(body)
                key = f"ref:{entries[0].id}" if entries else f"name:{fold(body)}"
                self.key_of[i] = (key, "us_form")
                continue
            key = self._name_key(loc)
            if key is None or self._surname_typed_as_body(loc):
                surnames.append(i)
            else:
                self.key_of[i] = (key, "name")
        self._link_forms()
        self._merge_longer_names()
        self._merge_nicknames()
        self._link_surnames(surnames)
        return self._entities()

    def _us_articles(self) -> set[str]:
        out = set()
        for loc in self.actors:
            known = _gazetteer_forms().get(fold(loc.name))
            if known and known[1] in US_MARKERS:
                out.add(loc.article_id)
        return out

    def _link_forms(self) -> None:
        """A name that is a form of exactly one entity elsewhere becomes that entity ("AP" ->
        Associated Press where some article wrote both)."""
        owners: dict[str, set[str]] = defaultdict(set)
        for i, (key, _) in self.key_of.items():
            loc = self.actors[i]
            for form in loc.forms - {loc.name}:
                if loc.type != "PERSON" or " " in form:
                    owners[fold(form)].add(key)
        for i, (key, rule) in list(self.key_of.items()):
            loc = self.actors[i]
            if rule != "name" or loc.type == "PERSON":
                continue
            found = owners.get(fold(loc.name), set()) - {key}
            if len(found) == 1:
                self.key_of[i] = (found.pop(), "form")

    def _known_keys(self) -> dict[str, str]:
        """Entity keys named in at least KNOWN_ARTICLES articles or from the reference table,
        by their name key: what a stray form may be taken for."""
        articles: dict[str, set[str]] = defaultdict(set)
        for i, (key, _) in self.key_of.items():
            articles[key].add(self.actors[i].article_id)
        return {key: key for key, seen in articles.items()
                if len(seen) >= KNOWN_ARTICLES or key.startswith("ref:")}

    def _merge_longer_names(self) -> None:
        """A name the corpus knows in a shorter form or with another type is that actor:
        "Corrupt Joe Biden", "Congressmember John Lewis" (a known "John Lewis"), "Ahmaud
        Arbery" typed as a body (a known person), "Capitol Hill" typed as a person (a known
        body), "SEC" (the one body whose initials these are)."""
        known = self._known_keys()
        people = {k[len("person:"):]: k for k in known if k.startswith("person:")}
        for entry_key in [k for k in known if k.startswith("ref:")]:
            entry = self.table.by_id(entry_key[4:])
            if entry is not None and entry.type == "PERSON":
                people.setdefault(person_key(entry.name), entry_key)
        juniors: dict[str, list[str]] = defaultdict(list)  # "martin king" -> its "... jr"
        for k in people:
            if k.split()[-1] in SUFFIXES:
                juniors[k.rsplit(" ", 1)[0]].append(k)
        initials: dict[str, set[str]] = defaultdict(set)
        for i, (key, _) in self.key_of.items():
            loc = self.actors[i]
            if loc.type != "PERSON" and len(loc.name.split()) > 1:
                initials[_initials(loc.name)].add(key)
        for i, (key, rule) in list(self.key_of.items()):
            if rule != "name" or key in known:
                continue
            loc = self.actors[i]
            words = loc.name.split()
            target = people.get(person_key(loc.name)) if loc.type != "PERSON" else \
                known.get(f"name:{fold(loc.name)}")  # a body the NER took for a person
            if target is None and loc.type == "PERSON" and len(words) > 2:
                target = next((people[k] for n in range(len(words) - 1, 1, -1)
                               if (k := person_key(" ".join(words[-n:]))) in people), None)
            if target is None and loc.type == "PERSON":
                # "Martin Luther King" for a known "Martin Luther King Jr." (a reference
                # person without the suffix is someone else: "Donald Trump").
                junior = juniors.get(key[len("person:"):], [])
                target = people[junior[0]] if len(junior) == 1 else None
            if target is None and loc.name.isupper() and len(initials.get(loc.name, ())) == 1:
                target = next(iter(initials[loc.name]))
            if target is not None and target != key:
                self.key_of[i] = (target, "known_name")

    def _merge_nicknames(self) -> None:
        """"Rudy Giuliani" and "Rudolph Giuliani", "Bill Barr" and "William Barr", "Qasem" and
        "Qassem Soleimani": a full name whose first name is a nickname (the `nicknames`
        package's table) or a variant spelling of the first name of exactly one other person
        of that surname is that person."""
        keys: dict[str, Counter] = defaultdict(Counter)  # surname -> person keys, by articles
        for i, (key, _) in self.key_of.items():
            if self.actors[i].type == "PERSON" and key.startswith(("person:", "ref:")):
                keys[_surname(self.actors[i].name)][key] += 1
        target: dict[str, str] = {}
        for group in keys.values():
            for key in group:
                first = self._first_name(key)
                related = [other for other in group if other != key and _nickname_of(
                    first, self._first_name(other))]
                # The one more articles (or the reference table) know takes the other.
                if len(related) == 1 and (group[related[0]], related[0].startswith("ref:"),
                                          related[0]) > (group[key], key.startswith("ref:"), key):
                    target[key] = related[0]
        for i, (key, _) in list(self.key_of.items()):
            if key in target:
                self.key_of[i] = (target[key], "nickname")

    def _first_name(self, key: str) -> str:
        if key.startswith("ref:"):
            entry = self.table.by_id(key[4:])
            return fold(entry.name).split()[0] if entry else ""
        return key.split(":", 1)[1].split()[0]

    def _link_surnames(self, surnames: list[int]) -> None:
        people: dict[str, set[str]] = defaultdict(set)  # surname -> person keys
        articles: dict[str, set[str]] = defaultdict(set)
        titles: dict[str, Counter] = defaultdict(Counter)
        usage: dict[str, Counter] = defaultdict(Counter)  # surname -> whom it stood for
        by_article: dict[str, list[int]] = defaultdict(list)
        for i, (key, _) in self.key_of.items():
            loc = self.actors[i]
            by_article[loc.article_id].append(i)
            if loc.type == "PERSON":
                surname = _surname(loc.name)
                people[surname].add(key)
                articles[key].add(loc.article_id)
                titles[key].update(loc.titles)
                if surname in {fold(f) for f in loc.forms}:
                    usage[surname][key] += 1
        known = {key for key, seen in articles.items()
                 if len(seen) >= KNOWN_ARTICLES or key.startswith("ref:")}
        usage = {word: Counter({k: n for k, n in keys.items() if k in known})
                 for word, keys in usage.items()}
        for i in surnames:
            key, rule = self._surname_key(i, by_article, people, known, titles, usage)
            if rule == "unresolved" and self.actors[i].type != "PERSON":
                # A body's name that is also a surname ("Fox", "The Hill") no person claims.
                key, rule = f"name:{fold(self.actors[i].name)}", "name"
            self.key_of[i] = (key, rule)

    def _surname_key(self, i: int, by_article, people, known, titles, usage) -> tuple[str, str]:
        """The entity a surname alone stands for, and the rule that says so."""
        loc = self.actors[i]
        word = fold(loc.name)
        here = {self.key_of[j][0] for j in by_article[loc.article_id]
                if self.actors[j].type == "PERSON" and _surname(self.actors[j].name) == word}
        # Beside the father, the son is always written "Trump Jr.": the surname alone is
        # never the "Jr." of a name the article also gives without it.
        seniors = {_person_name(self.actors[j]) for j in by_article[loc.article_id]}
        here = {k for k in here if not (k.split()[-1] in SUFFIXES and
                                        " ".join(k.split()[:-1]).split(":", 1)[1] in seniors)}
        candidates = (people.get(word, set()) & known) | self._reference_people(word)
        if loc.titles:
            fitting = self._fitting_title(loc, here | candidates, titles)
            if len(fitting) == 1:
                return fitting.pop(), "title"
        if len(here) > 1:
            # News names the others of a surname by their first name ("Hunter", "Susan"):
            # the surname alone is the one it never does.
            plain = here - self._first_named(loc.article_id, word, by_article)
            if len(plain) == 1:
                return plain.pop(), "article"
            here = plain or here
        if len(here) == 1:
            return here.pop(), "article"
        if not here and len(candidates) == 1:
            return candidates.pop(), "corpus"
        if usage.get(word):
            # The person the corpus's articles mean by this surname alone, nearly always (and,
            # where the article names several of that surname, one of them).
            top, n = usage[word].most_common(1)[0]
            if n >= USAGE_MIN and n >= USAGE_SHARE * sum(usage[word].values()) and \
                    (not here or top in here):
                return top, "usage"
        return f"surname:{word}", "unresolved"

    def _first_named(self, article_id: str, surname: str, by_article) -> set[str]:
        """The entities of this surname that the article also names by first name alone."""
        out = set()
        for j in by_article[article_id]:
            loc = self.actors[j]
            if loc.type == "PERSON" and _surname(loc.name) == surname and " " in loc.name:
                first = fold(loc.name).split()[0]
                if any(fold(f) == first for f in loc.forms):
                    out.add(self.key_of[j][0])
        return out

    def _reference_people(self, surname: str) -> set[str]:
        return {f"ref:{e.id}" for e in self.table.by_surname(surname) if e.type == "PERSON"}

    def _fitting_title(self, loc: ArticleActor, candidates: set[str],
                       titles: dict[str, Counter]) -> set[str]:
        """The candidates the titles before this surname fit: a post the reference table
        gives them by the article's date, else a title the corpus writes before their name
        ("President Trump"); or the gender an honorific says ("Mr. Trump")."""
        honorifics = {t.lower().rstrip(".") for t in loc.titles} & set(GENDERED)
        posts = {t for t in loc.titles if t.lower().rstrip(".") not in HONORIFICS}
        if posts:
            by_reference = {key for key in candidates if posts & {
                canonical_title(p.title) for p in _held_by(self._entry(key), loc.date)}}
            return by_reference or {key for key in candidates
                                    if posts & set(titles.get(key, ()))}
        wanted = {GENDERED[h] for h in honorifics}
        return {key for key in candidates if self._gender(key, self._entry(key)) in wanted}

    def _entry(self, key: str) -> reference.RefEntry | None:
        return self.table.by_id(key[4:]) if key.startswith("ref:") else None

    def _gender(self, key: str, entry: reference.RefEntry | None) -> str | None:
        if entry is not None and entry.gender:
            return entry.gender
        return first_names().get(self._first_name(key).capitalize()) or None

    # -- entities ----------------------------------------------------------------------------

    def _entities(self) -> tuple[list[Entity], list[Link]]:
        members: dict[str, list[int]] = defaultdict(list)
        for i, (key, _) in self.key_of.items():
            members[key].append(i)
        entities, links = [], []
        for key in sorted(members):
            locs = [self.actors[i] for i in members[key]]
            entry = self.table.by_id(key[4:]) if key.startswith("ref:") else None
            eid = entity_id(key)
            names = Counter()
            types = Counter()
            for loc in locs:
                names[loc.name] += loc.mentions or 1
                types[loc.type] += loc.mentions or 1
            if entry is not None:
                name, kind = entry.name, entry.type
            else:
                name = max(names, key=lambda n: (names[n], len(n), n))
                kind = max(types, key=lambda t: (types[t], -TYPE_ORDER.index(t)))
            forms = {f for loc in locs for f in (loc.name, *loc.forms)} - {name}
            if key.startswith("surname:"):
                forms = {loc.name for loc in locs} - {name}
            entities.append(Entity(eid, name, kind, tuple(sorted(forms)),
                                   entry.wikidata if entry else None,
                                   entry.id if entry else None,
                                   not key.startswith("surname:")))
            links += [Link(loc.article_id, loc.actor_id, eid, self.key_of[i][1])
                      for i, loc in zip(members[key], locs, strict=True)]
        return entities, links


def _held_by(entry: reference.RefEntry | None, date: str | None) -> list[reference.Post]:
    """The posts a reference person held by `date` (now or before: "former Vice President
    Biden" is written "Vice President Biden" too)."""
    if entry is None:
        return []
    return [p for p in entry.posts if date is None or p.start is None or p.start <= date]


def _initials(name: str) -> str:
    """ "Securities and Exchange Commission" -> "SEC"."""
    return "".join(w[0] for w in name.split() if w[0].isupper() and w.lower() not in
                   ("and", "of", "the", "for"))


@lru_cache(maxsize=1)
def _nicknames():
    from nicknames import NickNamer

    return NickNamer()


def _nickname_of(a: str, b: str) -> bool:
    """Whether one first name is a nickname of the other ("bill", "william") or the same name
    spelled with a letter doubled ("qasem", "qassem"; "philip", "phillip")."""
    return bool(a and b) and (b in _nicknames().nicknames_of(a)
                              or a in _nicknames().nicknames_of(b)
                              or (a != b and _undoubled(a) == _undoubled(b)))


def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _person_name(actor: ArticleActor) -> str | None:
    """The first-and-last-name key of a person (no suffix), for comparing generations."""
    if actor.type != "PERSON" or " " not in actor.name.strip():
        return None
    words = person_key(actor.name).split()
    return " ".join(words[:-1] if words[-1] in SUFFIXES else words)


def _surname(name: str) -> str:
    key = person_key(name).split()
    if key and key[-1] in SUFFIXES and len(key) > 1:
        key = key[:-1]
    return key[-1] if key else ""


def resolve(actors: Iterable[ArticleActor]) -> tuple[list[Entity], list[Link]]:
    """Entities and links for a corpus's article actors (pure: same input, same output)."""
    return Resolver(actors).resolve()


def update(store, corrections: str | Path | None = None) -> tuple[int, int, list[str]]:
    """Re-link the store's article actors to entities when its articles (or the analyst's
    corrections file) changed since the last run. `corrections`: a corrections file
    (graphbuild.corrections) to apply from now on; the store remembers it. Returns (entities,
    links, notes on corrections that named no actor or several)."""
    from graphbuild import corrections as fixes

    if corrections is not None:
        store.set_meta("corrections", str(Path(corrections).resolve()))
    path = store.meta("corrections")
    digest = hashlib.sha256(store.identity_state().encode())
    if path:
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"missing")
    state = digest.hexdigest()[:24]
    if store.meta("identity_state") == state:
        return (*store.identity_counts(), [])
    entities, links = resolve(store.local_actors())
    notes: list[str] = []
    if path:
        if not Path(path).exists():
            notes.append(f"{path}: corrections file not found; none applied")
        else:
            before = {(x.article_id, x.actor_id): x for x in links}
            entities, mapping, notes = fixes.load(path).apply(
                entities, {k: x.entity_id for k, x in before.items()})
            links = [Link(a, x, e, before[(a, x)].rule if before[(a, x)].entity_id == e
                          else "correction") for (a, x), e in mapping.items()]
    store.write_identity(entities, links, state)
    return len(entities), len(links), notes
