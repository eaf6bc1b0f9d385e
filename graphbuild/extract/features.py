"""Features of a relation candidate, for the classifier: what the sentence says between two
actors and how its parse joins them.

Sparse string features (a value of 1): the actor types and how each is named, the words
between and around them, the dependency path from one to the other through their lowest
common head (with and without its words), the verbs and nouns on it, each person's title,
negation and quotation cues. The same function serves training and prediction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from graphbuild.extract import gazetteer
from graphbuild.extract.candidates import Candidate
from graphbuild.extract.context import DocContext
from graphbuild.extract.patterns import load_patterns

MAX_BETWEEN = 15  # words between the arguments read one by one
MAX_LEXICAL_PATH = 6  # longer paths keep only their dependency labels
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}
QUOTES = "\"“”"
CONTENT = ("VERB", "NOUN", "ADJ", "PROPN")


@lru_cache(maxsize=1)
def valence() -> dict[str, float]:
    """Word -> sentiment valence (-4..4), from VADER's lexicon (the vaderSentiment package):
    what a quote says of someone when no stance word does ("disastrous", "unfit")."""
    text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    return {word: float(value) for word, value, *_ in (line.split("\t") for line in
                                                        text.splitlines() if "\t" in line)}


@lru_cache(maxsize=1)
def stance_cues() -> dict[str, str]:
    """Lemma -> the stance relation it states: the BACKS and OPPOSES patterns' trigger words,
    and `data/stance.yaml`."""
    cues: dict[str, str] = {}
    for p in load_patterns():
        if p.relation in ("BACKS", "OPPOSES") and p.kind == "dep":
            for node in p.pattern:
                if node["RIGHT_ID"] == "trigger":
                    lemmas = node["RIGHT_ATTRS"].get("LEMMA", {})
                    for lemma in lemmas.get("IN", []) if isinstance(lemmas, dict) else [lemmas]:
                        cues.setdefault(lemma, p.relation)
    for relation, words in gazetteer.load_yaml("stance.yaml").items():
        for word in words:
            cues.setdefault(word, relation)
    return cues


@dataclass(frozen=True)
class Sentence:
    """What every pair of a sentence shares: its stance words, valence, negation and quote
    features, where its quotation marks are, and its verbs (for pairs without a path)."""

    features: dict[str, float]
    quotes: list[int]
    verbs: dict[str, float]


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 4, 8, 15, 30):
        if n <= limit:
            return str(limit)
    return "more"


def _word(t: Token) -> str:
    if t.is_space:
        return "<br>"
    return t.lemma_.lower() if t.pos_ != "PROPN" else "<name>"


def path(doc: Doc, a: int, b: int) -> tuple[list[Token], list[Token]]:
    """The tokens from a up to the lowest common head (included), and from there down to b
    (without it): two lists of heads."""
    up = [doc[a]]
    while up[-1].head.i != up[-1].i:
        up.append(up[-1].head)
    index = {t.i: k for k, t in enumerate(up)}
    down = [doc[b]]
    while down[-1].i not in index and down[-1].head.i != down[-1].i:
        down.append(down[-1].head)
    if down[-1].i not in index:  # different sentences of a joined parse: no common head
        return up, down
    lca = index[down[-1].i]
    return up[: lca + 1], down[:-1]


def features(ctx: DocContext, cands: list[Candidate]) -> list[dict[str, float]]:
    """The features of each candidate of one document (what the sentence says as a whole is
    read once per sentence)."""
    by_sentence: dict[int, Sentence] = {}
    out = []
    for c in cands:
        if c.sentence.start not in by_sentence:
            by_sentence[c.sentence.start] = _sentence_features(c.sentence)
        out.append(_pair_features(ctx, c, by_sentence[c.sentence.start]))
    return out


def _sentence_features(sent: Span) -> Sentence:
    f = _lexicon_features("sent", sent)
    if any(t.lower_ in NEGATIONS for t in sent):
        f["negation"] = 1.0
    quotes = [t.i for t in sent if t.text in QUOTES]
    if quotes:
        f["quote"] = 1.0
    # No path for an implied owner or a speaker: the sentence's verbs stand in for it.
    verbs = {f"sv={t.lemma_.lower()}": 1.0 for t in sent if t.pos_ == "VERB"}
    return Sentence(f, quotes, verbs)


def _pair_features(ctx: DocContext, c: Candidate, shared: Sentence) -> dict[str, float]:
    doc, sent, a, b = ctx.doc, c.sentence, c.a, c.b
    f: dict[str, float] = {
        **shared.features,
        f"types={a.actor.type}>{b.actor.type}": 1.0,
        f"kinds={a.kind}>{b.kind}": 1.0,
        f"gap={_bucket(b.start - a.end)}": 1.0,
    }
    for name, arg in (("a", a), ("b", b)):
        if arg.role:
            f[f"{name}title={arg.role}"] = 1.0
            f[f"{name}title_kind={arg.kind}"] = 1.0
        if arg.in_parse:
            f[f"{name}dep={doc[arg.head].dep_}"] = 1.0
    between = doc[a.end : b.start]
    if len(between) <= MAX_BETWEEN:
        for t in between:
            if not (t.is_punct or t.is_space):
                f[f"bw={_word(t)}"] = 1.0
        if len(between) <= 3:
            f["bws=" + " ".join(_word(t) for t in between)] = 1.0
    else:
        f["bw_long"] = 1.0
    for t in doc[max(sent.start, a.start - 2) : a.start]:
        f[f"before={_word(t)}"] = 1.0
    for t in doc[b.end : min(sent.end, b.end + 2)]:
        f[f"after={_word(t)}"] = 1.0
    if a.in_parse and b.in_parse:
        f.update(_path_features(doc, a.head, b.head, {*range(a.start, a.end),
                                                      *range(b.start, b.end)}))
    else:
        f.update(shared.verbs)
    f.update(_lexicon_features("bw", between))
    if shared.quotes:
        inside = (_inside_quote(shared.quotes, a.start), _inside_quote(shared.quotes, b.start))
        f["quote_inside={}>{}".format(*inside)] = 1.0
    return f


def _lexicon_features(where: str, tokens: Span | list[Token]) -> dict[str, float]:
    """Stance words and the sentiment of the words in `tokens`."""
    f: dict[str, float] = {}
    cues, scores = stance_cues(), valence()
    total = 0.0
    for t in tokens:
        cue = cues.get(t.lemma_.lower())
        if cue:
            f[f"{where}_cue={cue}"] = 1.0
        total += scores.get(t.lower_, 0.0)
    if total:
        f[f"{where}_valence={'neg' if total < 0 else 'pos'}{_bucket(round(abs(total)))}"] = 1.0
    return f


def _path_features(doc: Doc, a: int, b: int, args: set[int]) -> dict[str, float]:
    up, down = path(doc, a, b)
    f: dict[str, float] = {}
    deps = [f"{t.dep_}^" for t in up[:-1]] + [f"{t.dep_}v" for t in reversed(down)]
    lca = up[-1]
    f["path=" + " ".join(deps)] = 1.0
    f[f"lca={_word(lca)}"] = 1.0
    f[f"lca_pos={lca.pos_}"] = 1.0
    inner = [t for t in up[1:] + list(reversed(down[1:])) if t.i not in args]
    if len(deps) <= MAX_LEXICAL_PATH:
        f["lexpath=" + " ".join([*deps[: len(up) - 1], _word(lca), *deps[len(up) - 1 :]])] = 1.0
    f.update(_lexicon_features("path", [lca, *inner]))
    for t in inner:
        if t.pos_ in CONTENT:
            f[f"pw={_word(t)}"] = 1.0
        if any(c.dep_ == "neg" for c in t.children):
            f["path_negated"] = 1.0
    f[f"path_len={_bucket(len(deps))}"] = 1.0
    return f


def trigger(ctx: DocContext, c: Candidate) -> int | None:
    """The word that carries a candidate's relation, for negation and modality: the lowest
    common head of the two arguments, when it is a word of its own."""
    if not (c.a.in_parse and c.b.in_parse):
        return None
    lca = path(ctx.doc, c.a.head, c.b.head)[0][-1]
    own = {*range(c.a.start, c.a.end), *range(c.b.start, c.b.end)}
    return lca.i if lca.i not in own and lca.pos_ in ("VERB", "NOUN", "ADJ") else None


def _inside_quote(quotes: list[int], i: int) -> str:
    """Whether token i stands inside quotation marks opened earlier in its sentence."""
    return "in" if sum(1 for q in quotes if q < i) % 2 else "out"
