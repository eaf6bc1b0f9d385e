"""Relation patterns are data: `patterns/*.json`, one file per relation, loaded here.

A file holds the relation, the actor types its subject and object may have, and a list of
patterns. Each pattern has an `id` (it appears in the evidence of what it produced), a `kind`
(`dep` for spaCy's DependencyMatcher, `token` for its Matcher), a `confidence` and a `pattern`.
Slots name what the matched tokens are: `subject`, `object`, `role`, `status`, `trigger`. In a
`dep` pattern the slot is the node's RIGHT_ID; in a `token` pattern each token dict may carry a
`slot` key, removed before the pattern reaches the Matcher. Tokens' actor types, titles and
status words are written `{"_": {"gb_type": ..., "gb_role": ..., "gb_status": ...}}`.
Optional keys: `modality` (forced), `swap` (subject and object trade places: "was succeeded
by"), `mutual` (a relation both ways between coordinated subjects), `role` (a fixed title),
`object_name`/`object_type` (a fixed object, for "(D-Calif.)" -> Democratic Party),
`shared_subject` (also match the verb when it has no subject of its own and takes its head's:
"refused to endorse X", "declined to run and was succeeded by X"; the variant's id ends in
`.shared_subject`), `past_is_former` (a past-tense trigger makes the post former),
`conjuncts` (a token pattern's subject also stands for the names coordinated after it:
"member states Hungary and Poland"), `title_not_before_name` (no match when the title is
followed by a person's name: that title is theirs), `trigger_without` (words the trigger may not
govern: "replaced X with Y"), `comment` (for people; ignored).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from graphbuild.errors import GraphbuildError
from graphbuild.extract.marks import native
from graphbuild.model import ACTOR_TYPES, RELATION_TYPES

KINDS = ("dep", "token")
SHARED_SUBJECT_DEPS = ("xcomp", "conj")


@dataclass(frozen=True)
class Pattern:
    id: str
    relation: str
    kind: str
    pattern: list
    confidence: float
    slots: tuple[str | None, ...] = ()  # token patterns: the slot of each pattern token
    subject_types: tuple[str, ...] = ACTOR_TYPES
    object_types: tuple[str, ...] = ACTOR_TYPES
    options: dict = field(default_factory=dict)


def _parse(entry: dict, header: dict, where: str) -> Pattern:
    try:
        pid, kind, body = entry["id"], entry["kind"], entry["pattern"]
    except KeyError as exc:
        raise GraphbuildError("E010", f"{where}: pattern lacks {exc}") from None
    if kind not in KINDS:
        raise GraphbuildError("E011", f"{where}: pattern {pid}: unknown kind {kind!r}")
    slots: tuple[str | None, ...] = ()
    try:  # token marks ({"_": {"gb_type": ...}}) become native attributes: see marks.py
        if kind == "token":
            slots = tuple(tok.get("slot") for tok in body)
            body = [native({k: v for k, v in tok.items() if k != "slot"}) for tok in body]
        else:
            body = [{**node, "RIGHT_ATTRS": native(node.get("RIGHT_ATTRS", {}))} for node in body]
    except ValueError as exc:
        raise GraphbuildError("E015", f"{where}: pattern {pid}: {exc}") from None
    known = {"id", "kind", "pattern", "confidence", "subject_types", "object_types", "comment"}
    if kind == "dep" and body[0].get("RIGHT_ID") != "trigger" and entry.get("shared_subject"):
        raise GraphbuildError("E014", f"{where}: {pid}: shared_subject needs the trigger first")
    return Pattern(
        id=pid,
        relation=header["relation"],
        kind=kind,
        pattern=body,
        confidence=float(entry.get("confidence", 0.8)),
        slots=slots,
        subject_types=tuple(entry.get("subject_types", header.get("subject_types", ACTOR_TYPES))),
        object_types=tuple(entry.get("object_types", header.get("object_types", ACTOR_TYPES))),
        options={k: v for k, v in entry.items() if k not in known},
    )


def _files() -> list[tuple[str, dict]]:
    folder = resources.files("graphbuild.extract") / "patterns"
    out = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".json"):
            header = json.loads(path.read_text(encoding="utf-8"))
            if header.get("relation") not in RELATION_TYPES:
                raise GraphbuildError(
                    "E012", f"{path.name}: unknown relation {header.get('relation')}")
            out.append((path.name, header))
    return out


@lru_cache(maxsize=1)
def relation_types() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Relation -> (subject types, object types) it allows, whatever source proposes it: the
    header of its pattern file."""
    return {h["relation"]: (tuple(h.get("subject_types", ACTOR_TYPES)),
                            tuple(h.get("object_types", ACTOR_TYPES))) for _, h in _files()}


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    """All relation patterns shipped with graphbuild, validated."""
    out: list[Pattern] = []
    seen: set[str] = set()
    for name, header in _files():
        for entry in header["patterns"]:
            p = _parse(entry, header, name)
            if p.id in seen:
                raise GraphbuildError("E013", f"{name}: duplicate pattern id {p.id}")
            seen.add(p.id)
            out.append(p)
            if p.options.get("shared_subject"):
                out.append(_shared_subject_variant(p))
    return tuple(out)


def _shared_subject_variant(p: Pattern) -> Pattern:
    """The pattern with its trigger's subject moved up to the verb the trigger depends on as an
    open complement or conjunct. `relations.find` drops matches where the trigger has a subject."""
    trigger, *rest = p.pattern
    attrs = {**trigger["RIGHT_ATTRS"], "DEP": {"IN": list(SHARED_SUBJECT_DEPS)}}
    head = {"LEFT_ID": "trigger", "REL_OP": "<", "RIGHT_ID": "shared_head", "RIGHT_ATTRS": {}}
    moved = []
    for node in rest:
        deps = node["RIGHT_ATTRS"].get("DEP", {})
        deps = deps.get("IN", []) if isinstance(deps, dict) else [deps]
        if node["LEFT_ID"] == "trigger" and {"nsubj", "nsubjpass"} & set(deps):
            # The head may be active where the trigger is passive: "declined ... and was
            # succeeded by".
            attrs_ = {**node["RIGHT_ATTRS"], "DEP": {"IN": ["nsubj", "nsubjpass"]}}
            node = {**node, "LEFT_ID": "shared_head", "RIGHT_ATTRS": attrs_}
        moved.append(node)
    body = [{**trigger, "RIGHT_ATTRS": attrs}, head, *moved]
    return Pattern(p.id + ".shared_subject", p.relation, p.kind, body, p.confidence * 0.95,
                   p.slots, p.subject_types, p.object_types, p.options)
