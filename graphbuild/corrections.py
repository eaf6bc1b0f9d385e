"""An analyst's corrections to actor identity, kept in a YAML file and applied on assembly, so
every export shows them (`graphbuild build|export|actors --aliases FILE`; the store
remembers the file for later commands).

    merge:                  # each list is one actor; the first name is the one kept
      - [Donald Trump, Trump]
    split:                  # an actor's mentions in these articles are another actor
      - {actor: Bernie Sanders, name: Sarah Sanders, type: PERSON, articles: [allsides:X]}
    rename:
      Trump administration: Administration of Donald Trump
    not_actors: [Format, Sign]
    types:
      Twitter: ORGANIZATION

An actor is named by its id, its name or one of its aliases; a name that fits no actor or
several is reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from graphbuild.errors import GraphbuildError
from graphbuild.identity import entity_id, fold
from graphbuild.model import ACTOR_TYPES, Entity

KEYS = ("merge", "split", "rename", "not_actors", "types")


@dataclass(frozen=True)
class Corrections:
    merge: tuple[tuple[str, ...], ...] = ()
    split: tuple[dict, ...] = ()
    rename: dict[str, str] = field(default_factory=dict)
    not_actors: tuple[str, ...] = ()
    types: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def apply(self, entities: Iterable[Entity], links: dict[tuple[str, str], str],
              ) -> tuple[list[Entity], dict[tuple[str, str], str], list[str]]:
        """Entities and links with the corrections applied, and a note for each correction
        that named no actor or several."""
        table = {e.id: e for e in entities}
        links = dict(links)
        notes: list[str] = []

        def find(name: str) -> Entity | None:
            found = _lookup(table, name)
            if len(found) != 1:
                notes.append(f"{self.source}: {name!r} names "
                             + ("no actor" if not found else f"{len(found)} actors"))
                return None
            return found[0]

        for group in self.merge:
            found = [e for e in map(find, group) if e is not None]
            if len(found) < 2:
                continue
            keep, *rest = found
            gone = {e.id for e in rest} - {keep.id}
            aliases = {*keep.aliases, *(a for e in rest for a in (e.name, *e.aliases))}
            table[keep.id] = replace(keep, aliases=tuple(sorted(aliases - {keep.name})))
            for eid in gone:
                del table[eid]
            links = {k: keep.id if v in gone else v for k, v in links.items()}
        for item in self.split:
            source = find(str(item["actor"]))
            if source is None:
                continue
            new = Entity(entity_id(f"user:{item['name']}"), str(item["name"]),
                         str(item.get("type", source.type)))
            table.setdefault(new.id, new)
            articles = {str(a) for a in item.get("articles", ())}
            links = {k: new.id if v == source.id and k[0] in articles else v
                     for k, v in links.items()}
        for old, name in self.rename.items():
            entity = find(old)
            if entity is not None:
                table[entity.id] = replace(entity, name=str(name),
                                           aliases=tuple(sorted({*entity.aliases, entity.name})))
        for name in self.not_actors:
            entity = find(name)
            if entity is not None:
                del table[entity.id]
                links = {k: v for k, v in links.items() if v != entity.id}
        for name, kind in self.types.items():
            entity = find(name)
            if entity is not None:
                table[entity.id] = replace(entity, type=kind)
        return list(table.values()), links, notes


def _lookup(table: dict[str, Entity], name: str) -> list[Entity]:
    if name in table:
        return [table[name]]
    key = fold(name)
    by_name = [e for e in table.values() if fold(e.name) == key]
    return by_name or [e for e in table.values() if key in {fold(a) for a in e.aliases}]


def load(path: str | Path) -> Corrections:
    """Read and check a corrections file; a malformed one is a one-line error naming it."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise GraphbuildError("E050", f"{path}: cannot read corrections ("
                              + " ".join(str(exc).split())[:200] + ")") from None
    if not isinstance(data, dict) or set(data) - set(KEYS):
        raise GraphbuildError("E051", f"{path}: a mapping with keys {', '.join(KEYS)} expected")
    try:
        merge = tuple(tuple(str(n) for n in group) for group in data.get("merge") or ())
        split = tuple(dict(item) for item in data.get("split") or ())
        for item in split:
            if not {"actor", "name", "articles"} <= set(item):
                raise ValueError(f"split entry {item} needs actor, name and articles")
        rename = {str(k): str(v) for k, v in (data.get("rename") or {}).items()}
        not_actors = tuple(str(n) for n in data.get("not_actors") or ())
        types = {str(k): str(v) for k, v in (data.get("types") or {}).items()}
        for kind in [*types.values(), *(str(i.get("type", "PERSON")) for i in split)]:
            if kind not in ACTOR_TYPES:
                raise ValueError(f"unknown actor type {kind!r}")
    except (TypeError, ValueError, AttributeError) as exc:
        raise GraphbuildError("E052", f"{path}: {exc}") from None
    return Corrections(merge, split, rename, not_actors, types, str(path))
