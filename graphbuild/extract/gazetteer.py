"""The gazetteer: countries, international bodies and parties, as SpanRuler patterns.

Countries, their variants and demonyms come from the maintained `countryinfo` package; the
few forms news uses that it lacks are in `data/countries_extra.yaml`. Bodies and parties are
in `data/organizations.yaml`. Everything here is data turned into patterns; no rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from graphbuild.model import ACTOR_TYPES

DATA = resources.files("graphbuild.extract") / "data"

# Labels of the gazetteer's spans: the actor types, plus DEMONYM (a nationality word, which
# names a country only inside a title: "Dutch Prime Minister").
DEMONYM = "DEMONYM"


def load_yaml(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _usable(form: str) -> bool:
    # Country codes ("IN", "NO", "TO") are English words; native scripts never match news text.
    return (
        bool(form)
        and form.isascii() is not False
        and not re.fullmatch(r"[A-Z]{2,3}", form)
        and "," not in form
    )


@lru_cache(maxsize=1)
def countries() -> dict[str, dict[str, set[str]]]:
    """Canonical country name -> {"names": surface forms, "demonyms": nationality words}."""
    from countryinfo import all_countries

    extra = load_yaml("countries_extra.yaml")
    exclude = set(extra.get("exclude", []))
    table: dict[str, dict[str, set[str]]] = {}
    taken: set[str] = set()  # a demonym names one country only (Chinese -> China)
    for country in all_countries():
        info = country.info()
        name = info.get("name") or ""
        if not name or name in exclude or name in table:
            continue
        names = {name} | {a for a in info.get("altSpellings") or [] if _usable(a)}
        names -= exclude
        entry = table.setdefault(name, {"names": set(), "demonyms": set()})
        entry["names"] |= names
        demonym = info.get("demonym")
        if demonym and demonym not in taken and _usable(demonym):
            entry["demonyms"].add(demonym)
            taken.add(demonym)
    for name, forms in extra.get("names", {}).items():
        table.setdefault(name, {"names": {name}, "demonyms": set()})["names"] |= set(forms)
    for name, forms in extra.get("demonyms", {}).items():
        for other in table.values():
            other["demonyms"] -= set(forms)
        table.setdefault(name, {"names": {name}, "demonyms": set()})["demonyms"] |= set(forms)
    return table


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Surface form of a country's name -> canonical name."""
    return {form: name for name, entry in countries().items() for form in entry["names"]}


@lru_cache(maxsize=1)
def organizations() -> dict[str, tuple[str, set[str]]]:
    """Canonical name -> (type, surface forms) for bodies and parties."""
    data = load_yaml("organizations.yaml")
    table: dict[str, tuple[str, set[str]]] = {}
    for actor_type, entries in data.items():
        if actor_type not in ACTOR_TYPES:
            continue
        for name, forms in entries.items():
            table[name] = (actor_type, {name, *(forms or [])})
    return table


def patterns() -> list[dict]:
    """SpanRuler patterns: phrase patterns matched on exact spelling, id = canonical name."""
    out: list[dict] = []
    for name, entry in sorted(countries().items()):
        out += [{"label": "COUNTRY", "pattern": f, "id": name} for f in sorted(entry["names"])]
        out += [{"label": DEMONYM, "pattern": f, "id": name} for f in sorted(entry["demonyms"])]
    for name, (actor_type, forms) in sorted(organizations().items()):
        out += [{"label": actor_type, "pattern": f, "id": name} for f in sorted(forms)]
    return out


@lru_cache(maxsize=1)
def lookup() -> dict[str, tuple[str, str]]:
    """Surface form -> (type, canonical name), to type what the statistical NER found."""
    table: dict[str, tuple[str, str]] = {}
    for p in patterns():
        table.setdefault(p["pattern"], (p["label"], p["id"]))
        table.setdefault("the " + p["pattern"], (p["label"], p["id"]))
    return table
