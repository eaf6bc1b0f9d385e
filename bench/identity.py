"""Actor identity on real news: a fixed sample of 250 AllSides 2020 articles
(`random.seed(7); random.sample(lines, 250)` over allsides-2020.jsonl.gz) built with two
workers, then:

- actors (graph nodes) and actors that take part in a relation;
- splits among the 150 most-mentioned actors: a node whose name is another node's name,
  alias, surname or acronym (a surname the corpus cannot resolve counts as one), unless the
  checks file says the two are different real actors;
- garbled names (page furniture in a name: a name repeated, words glued, "MORE", a line break);
- a hand-checked random sample of 60 actors (the 60 whose "name | type" has the smallest
  SHA-1), and a held-out one (the smallest SHA-1 of "holdout/name | type"): the share that are
  real actors of the right type. Verdicts are read from
  bench/identity_checks.yaml (written by people reading each name with its sentences);
  unchecked names are listed.
  The "before" figures of the README were measured with this file's functions on the graph
  of commit 671ed1c (one node per article actor, merged on exact name and type).

    .venv/bin/python bench/identity.py [--db STORE]   # --db: measure an existing store
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import yaml
from common import ROOT, require_shared

from graphbuild.build import build
from graphbuild.graph import from_store
from graphbuild.identity import fold, person_key
from graphbuild.store import Store

CHECKS = ROOT / "bench" / "identity_checks.yaml"
TOP, SAMPLE = 150, 60
# A second sample, drawn after the first one's misses had been read and the rules changed: the
# share of real actors on names nobody tuned a rule to.
HELD_OUT = "holdout/"
# A third, drawn once the held-out sample's misses had been read too (session 6).
HELD_OUT_2 = "holdout-2/"
# A fourth, drawn when the actor model came (session 8), from its graph and the one before.
HELD_OUT_3 = "holdout-3/"
_REPEAT = re.compile(r"\b(\w+(?: \w+)?) \1\b")
_GLUED = re.compile(r"[a-z](?<!^Mc)(?<!^Mac)(?<!^De)(?<!^La)(?<!^Le)(?<!^Di)(?<!^Du)[A-Z]")


def sample_articles(data: Path, folder: Path) -> Path:
    with gzip.open(data / "allsides" / "allsides-2020.jsonl.gz", "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    random.seed(7)
    path = folder / "sample250.jsonl"
    path.write_text("\n".join(random.sample(lines, 250)) + "\n", encoding="utf-8")
    return path


def garbled(name: str) -> bool:
    """Page furniture in a name: a run of words repeated ("Nancy Pelosi Nancy"), a word glued
    to a repeat of the name ("Bernie Sanders Bernie SandersWarren", "SessionsSessions"),
    "MORE", a line break."""
    words = name.split()
    glued = any(w[:k] in words[:i] + words[i + 1:] or w[:k] == w[k:]
                for i, w in enumerate(words) for m in _GLUED.finditer(w) for k in [m.start() + 1])
    return bool(_REPEAT.search(name) or glued or "MORE" in words or "\n" in name)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def splits(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """(node name, the other node's name, why) for each top node that is a split."""
    nodes = [(n, d) for n, d in g.nodes(data=True) if d.get("mentions", 0)]
    top = sorted(nodes, key=lambda x: (-x[1]["mentions"], x[1]["name"]))[:TOP]
    by_name: dict[str, list] = {}
    by_alias: dict[str, list] = {}
    by_surname: dict[str, list] = {}
    by_acronym: dict[str, list] = {}
    by_key: dict[str, list] = {}
    for n, d in nodes:
        by_name.setdefault(fold(d["name"]), []).append(n)
        for alias in d.get("aliases", ()):
            by_alias.setdefault(fold(alias), []).append(n)
        words = d["name"].split()
        if d["type"] == "PERSON" and len(words) > 1:
            by_surname.setdefault(fold(words[-1]), []).append(n)
            by_key.setdefault(person_key(d["name"]), []).append(n)
        if len(words) > 1 and d.get("articles", 0) >= 2:
            by_acronym.setdefault(_acronym(d["name"]), []).append(n)
    out = []
    for n, d in top:
        name = d["name"]
        why = [("same name", o) for o in by_name.get(fold(name), []) if o != n]
        why += [("alias", o) for o in by_alias.get(fold(name), []) if o != n]
        if d["type"] == "PERSON" and " " in name:
            why += [("same person key", o) for o in by_key.get(person_key(name), []) if o != n]
        if " " not in name.strip():
            why += [("surname", o) for o in by_surname.get(fold(name), []) if o != n]
            if name.isupper():
                why += [("acronym", o) for o in by_acronym.get(name, []) if o != n]
        if why:
            reason, other = why[0]
            out.append((name, g.nodes[other]["name"], reason))
        elif d.get("resolved") is False:
            out.append((name, "(unresolved surname)", "surname"))
    return out


def checks() -> dict:
    """The hand-made verdicts: `actors` ("name | type" -> verdict) and `splits` ("name ~ other
    name" -> same / different)."""
    data = yaml.safe_load(CHECKS.read_text(encoding="utf-8")) if CHECKS.exists() else None
    return data or {}


def checked_sample(g: nx.MultiDiGraph, salt: str = "") -> tuple[list[tuple[str, str]], dict]:
    """60 actors drawn by a hash of name and type (the smallest SHA-1s): a random sample that
    a change to a few other nodes leaves as it was, so the hand-made verdicts keep serving.
    Another `salt` draws another sample."""
    nodes = {(d["name"], d["type"]) for _, d in g.nodes(data=True) if d.get("mentions")}
    sample = sorted(nodes, key=lambda n: hashlib.sha1(f"{salt}{n[0]} | {n[1]}".encode()).digest())
    return sample[:SAMPLE], {k: v["verdict"] for k, v in (checks().get("actors") or {}).items()}


def report(g: nx.MultiDiGraph) -> None:
    related = {n for u, v in g.edges() for n in (u, v)}
    print(f"actors: {g.number_of_nodes()}, with relations: {len(related)} "
          f"({len(related) / max(1, g.number_of_nodes()):.0%})")
    found = splits(g)
    judged = {k: v["verdict"] for k, v in (checks().get("splits") or {}).items()}
    real = [f for f in found if judged.get(f"{f[0]} ~ {f[1]}") != "different"]
    print(f"splits among the {TOP} most-mentioned: {len(real)} ({len(real) / TOP:.1%}); "
          f"flagged {len(found)}, of which judged different actors {len(found) - len(real)}")
    for name, other, why in found:
        verdict = judged.get(f"{name} ~ {other}", "not judged")
        print(f"  {name!r} ~ {other!r} ({why}; {verdict})")
    bad = sorted(d["name"] for _, d in g.nodes(data=True) if garbled(d["name"]))
    print(f"garbled names: {len(bad)}" + (": " + "; ".join(map(repr, bad[:20])) if bad else ""))
    for label, salt in (("hand-checked sample", ""), ("held-out sample", HELD_OUT),
                        ("second held-out sample", HELD_OUT_2),
                        ("third held-out sample", HELD_OUT_3)):
        sample, verdicts = checked_sample(g, salt)
        known = [(n, t, verdicts.get(f"{n} | {t}")) for n, t in sample]
        done = [v for _, _, v in known if v]
        ok = sum(v == "ok" for v in done)
        print(f"{label}: {ok}/{len(done)} real actors of the right type"
              + (f" ({ok / len(done):.0%})" if done else "")
              + (f"; {len(known) - len(done)} of {len(known)} not checked yet" if len(done) <
                 len(known) else ""))
        for n, t, v in known:
            if v != "ok":
                print(f"  {n!r} | {t}: {v or 'NOT CHECKED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="measure this store instead of building one")
    args = parser.parse_args()
    data = require_shared()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "identity.db"
            started = time.perf_counter()
            with Store(db) as store:
                result = build([sample_articles(data, Path(tmp))], store, workers=2)
            print(f"built {result.stored} articles in {time.perf_counter() - started:.0f} s")
        with Store(db) as store:
            g = from_store(store)
        report(g)
    sys.exit(0)


if __name__ == "__main__":
    main()
