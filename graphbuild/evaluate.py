"""Score extracted relations against a gold set (the rules in shared/data/gold/FORMAT.md).

Pure functions: `load_gold` reads a gold JSON Lines file, `score` compares system triples
(the JSON Lines output of `graphbuild extract`, as mappings) with it and returns `Scores`.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any, cast

from graphbuild.model import RELATION_TYPES, Article

Triple = tuple[str, str, str]
ATTRIBUTES = ("role", "status", "modality")

_DELETE = str.maketrans("", "", ".'\u2018\u2019")  # dots and apostrophes (', ‘, ’)


def normalise(name: str) -> str:
    """Normalise a name for matching: lower case, no dots or apostrophes, no leading "the "."""
    text = " ".join(name.lower().translate(_DELETE).split())
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class GoldRelation:
    """One gold triple; `subject`, `object` and `object_any` are entity names."""

    subject: str
    relation: str
    object: str
    object_any: tuple[str, ...] = ()
    role: str | None = None
    status: str | None = None
    modality: str | None = None
    evidence: str | None = None  # a quote of the article: for people, and to find its sentence


@dataclass(frozen=True)
class GoldDoc:
    """The gold annotation of one article: entity name -> normalised forms, and relations."""

    doc_id: str
    entities: dict[str, frozenset[str]]
    relations: tuple[GoldRelation, ...]
    types: dict[str, str] = field(default_factory=dict)  # entity name -> its type, when given

    def resolve(self, text: str) -> frozenset[str]:
        """Names of the gold entities that a system string names (empty when none)."""
        norm = normalise(text)
        if not norm:
            return frozenset()
        return frozenset(name for name, forms in self.entities.items() if norm in forms)


def _str_field(obj: Mapping[str, Any], key: str, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, got {value!r}")
    return value


def _parse_doc(record: Any) -> GoldDoc:
    if not isinstance(record, dict):
        raise ValueError("line is not a JSON object")
    doc_id = _str_field(record, "doc_id")
    entities: dict[str, frozenset[str]] = {}
    types: dict[str, str] = {}
    for ent in record.get("entities") or []:
        if not isinstance(ent, dict):
            raise ValueError(f"entity is not an object: {ent!r}")
        name = _str_field(ent, "name")
        aliases = ent.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"aliases of {name!r} must be a list of strings")
        if name in entities:
            raise ValueError(f"duplicate entity {name!r}")
        entities[name] = frozenset(f for f in map(normalise, [name, *aliases]) if f)
        if isinstance(ent.get("type"), str):
            types[name] = ent["type"]
    relations: list[GoldRelation] = []
    seen: set[Triple] = set()
    for rel in record.get("relations") or []:
        if not isinstance(rel, dict):
            raise ValueError(f"relation is not an object: {rel!r}")
        subject, relation, obj = (_str_field(rel, k) for k in ("subject", "relation", "object"))
        if relation not in RELATION_TYPES:
            raise ValueError(f"unknown relation {relation!r}")
        object_any = rel.get("object_any") or []
        if not isinstance(object_any, list):
            raise ValueError(f"object_any must be a list, got {object_any!r}")
        for name in (subject, obj, *object_any):
            if name not in entities:
                raise ValueError(f"relation names {name!r}, which is not a listed entity")
        if (subject, relation, obj) in seen:
            raise ValueError(f"duplicate relation {(subject, relation, obj)!r}")
        seen.add((subject, relation, obj))
        relations.append(
            GoldRelation(
                subject, relation, obj, tuple(object_any),
                *(_str_field(rel, k, required=False) for k in ATTRIBUTES),
                rel.get("evidence") if isinstance(rel.get("evidence"), str) else None,
            )
        )  # fmt: skip
    return GoldDoc(doc_id, entities, tuple(relations), types)


def load_gold(path: str | PathLike[str]) -> dict[str, GoldDoc]:
    """Read a gold JSON Lines file into {doc_id: GoldDoc}; a bad line raises ValueError."""
    docs: dict[str, GoldDoc] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = _parse_doc(json.loads(line))
                if doc.doc_id in docs:
                    raise ValueError(f"duplicate doc_id {doc.doc_id!r}")
            except ValueError as exc:  # json.JSONDecodeError is a ValueError
                raise ValueError(f"{path}:{lineno}: {exc}") from exc
            docs[doc.doc_id] = doc
    return docs


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with P/R/F1 (0.0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, float]:
        """Counts and rates as a JSON-ready dict."""
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }  # fmt: skip


@dataclass(frozen=True)
class Accuracy:
    """Attribute agreement over the true positives whose gold triple has the attribute."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(frozen=True)
class DocErrors:
    """Unmatched triples of one article: system strings for FP, gold names for FN."""

    fp: tuple[Triple, ...] = ()
    fn: tuple[Triple, ...] = ()


@dataclass(frozen=True)
class Scores:
    """Result of `score`: counts per relation type, attribute accuracies and errors per doc."""

    per_relation: dict[str, Counts]
    attributes: dict[str, Accuracy]
    doc_errors: dict[str, DocErrors] = field(default_factory=dict)
    n_docs: int = 0

    @property
    def overall(self) -> Counts:
        """Micro-averaged counts over all relation types."""
        rows = self.per_relation.values()
        return Counts(*(sum(getattr(c, k) for c in rows) for k in ("tp", "fp", "fn")))

    def errors(self) -> dict[str, DocErrors]:
        """FP and FN triples of each article that has any."""
        return {d: e for d, e in self.doc_errors.items() if e.fp or e.fn}

    def to_dict(self) -> dict[str, Any]:
        """Everything but the error lists, as a JSON-ready dict."""
        return {
            "docs": self.n_docs,
            "relations": {rel: c.to_dict() for rel, c in self.per_relation.items()},
            "overall": self.overall.to_dict(),
            "attributes": {
                name: {"correct": a.correct, "total": a.total, "accuracy": a.accuracy}
                for name, a in self.attributes.items()
            },
        }

    def table(self) -> str:
        """Fixed-width text table: one row per relation, micro overall, then accuracies."""
        width = max([len("overall"), *map(len, self.per_relation)]) + 2
        cols = ("tp", "fp", "fn", "precision", "recall", "F1")
        head = f"{'relation':<{width}}" + "".join(f"{c:>10}" for c in cols)

        def row(label: str, c: Counts) -> str:
            ints = "".join(f"{n:>10}" for n in (c.tp, c.fp, c.fn))
            rates = "".join(f"{r:>10.3f}" for r in (c.precision, c.recall, c.f1))
            return f"{label:<{width}}{ints}{rates}"

        rule = "-" * len(head)
        lines = [head, rule, *(row(rel, c) for rel, c in self.per_relation.items())]
        lines += [rule, row("overall", self.overall), ""]
        for name, acc in self.attributes.items():
            value = "n/a" if acc.accuracy is None else f"{acc.accuracy:.3f}"
            lines.append(f"{name + ' accuracy':<18}{value:>6}  ({acc.correct}/{acc.total} TPs)")
        return "\n".join(lines)


def _attr_match(name: str, gold: str, system: Any) -> bool:
    if not isinstance(system, str):
        return False
    if name == "role":
        return normalise(gold) == normalise(system)
    return gold.strip().lower() == system.strip().lower()


def _match(candidates: list[list[int]], n_gold: int) -> list[int | None]:
    """Maximum bipartite matching (Kuhn): for each system triple, its gold index or None."""
    owner: list[int | None] = [None] * n_gold  # gold index -> system index

    def augment(s: int, seen: set[int]) -> bool:
        for g in candidates[s]:
            if g in seen:
                continue
            seen.add(g)
            prev = owner[g]
            if prev is None or augment(prev, seen):
                owner[g] = s
                return True
        return False

    for s in range(len(candidates)):
        augment(s, set())
    result: list[int | None] = [None] * len(candidates)
    for g, s in enumerate(owner):
        if s is not None:
            result[s] = g
    return result


def _required(item: Mapping[str, Any], index: int) -> list[str]:
    values = [item.get(k) for k in ("doc_id", "subject", "relation", "object")]
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"prediction {index} needs string doc_id, subject, relation, object")
    return cast(list[str], values)


def score(gold: dict[str, GoldDoc], predicted: Iterable[Mapping[str, Any]]) -> Scores:
    """Score predictions against gold, per article then micro-summed (see FORMAT.md).

    Predictions for doc_ids not in `gold` are ignored. Within an article, predictions are
    deduplicated by normalised (subject, relation, object), keeping the first one's attributes.
    """
    by_doc: dict[str, dict[Triple, Mapping[str, Any]]] = defaultdict(dict)
    for index, item in enumerate(predicted):
        doc_id, subject, relation, obj = _required(item, index)
        if doc_id in gold:
            key = (normalise(subject), relation.strip().upper(), normalise(obj))
            by_doc[doc_id].setdefault(key, item)

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    attrs = {name: Counter[str]() for name in ATTRIBUTES}
    doc_errors: dict[str, DocErrors] = {}
    for doc_id, doc in gold.items():
        system = list(by_doc.get(doc_id, {}).items())
        candidates: list[list[int]] = []
        for (_, relation, _), item in system:
            subjects, objects = doc.resolve(item["subject"]), doc.resolve(item["object"])
            hits = [
                g
                for g, rel in enumerate(doc.relations)
                if rel.relation == relation
                and rel.subject in subjects
                and not objects.isdisjoint((rel.object, *rel.object_any))
            ]
            # Prefer gold triples whose main object is named over object_any ones.
            hits.sort(key=lambda g: (doc.relations[g].object not in objects, g))
            candidates.append(hits)
        matched = _match(candidates, len(doc.relations))
        fps: list[Triple] = []
        for ((_, relation, _), item), g in zip(system, matched, strict=True):
            if g is None:
                counts[relation]["fp"] += 1
                fps.append((item["subject"], item["relation"], item["object"]))
                continue
            counts[relation]["tp"] += 1
            gold_rel = doc.relations[g]
            for name in ATTRIBUTES:
                gold_value = getattr(gold_rel, name)
                if gold_value is not None:
                    attrs[name]["total"] += 1
                    attrs[name]["correct"] += int(_attr_match(name, gold_value, item.get(name)))
        hit = {g for g in matched if g is not None}
        fns: list[Triple] = []
        for g, rel in enumerate(doc.relations):
            if g not in hit:
                counts[rel.relation]["fn"] += 1
                fns.append((rel.subject, rel.relation, rel.object))
        doc_errors[doc_id] = DocErrors(tuple(fps), tuple(fns))

    order = [*RELATION_TYPES, *sorted(set(counts) - set(RELATION_TYPES))]
    per_relation = {rel: Counts(**counts[rel]) for rel in order}
    accuracies = {name: Accuracy(**c) for name, c in attrs.items()}
    return Scores(per_relation, accuracies, doc_errors, n_docs=len(gold))


def gold_articles(data: Path, gold: dict[str, GoldDoc]) -> list[Article]:
    """The articles a gold file annotates, read from a folder laid out as ../shared/data
    (seed/, wikinews/articles.jsonl, allsides/*.gz), with the gold's ids ("seed:<stem>"). Record
    files are scanned for the wanted ids first: only those records are read and cleaned."""
    from graphbuild.ingest import Fields, read_inputs
    from graphbuild.ingest.readers import record_article

    out = [Article(**{**a.__dict__, "id": f"seed:{a.id}"}) for a in read_inputs([data / "seed"])
           if isinstance(a, Article) and f"seed:{a.id}" in gold]
    files = [data / "wikinews" / "articles.jsonl", *sorted((data / "allsides").glob("*.gz"))]
    for path in files:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not any(f'"{doc_id}"' in line for doc_id in gold):
                    continue
                record = json.loads(line)
                if record.get("id") in gold:
                    article = record_article(record, f"{path}:{number}", "", Fields())
                    if isinstance(article, Article):
                        out.append(article)
    return sorted(out, key=lambda a: a.id)


def with_gold_ids(articles: Iterable[Article], gold: dict[str, GoldDoc]) -> list[Article]:
    """The articles a gold file annotates, under the gold's ids: a file's id is its stem, and
    gold ids carry a corpus prefix ("seed:<stem>")."""
    by_suffix = {g.split(":", 1)[-1]: g for g in gold}
    out = []
    for a in articles:
        doc_id = a.id if a.id in gold else by_suffix.get(a.id)
        if doc_id:
            out.append(a if doc_id == a.id else replace(a, id=doc_id))
    return out
