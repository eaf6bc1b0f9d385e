"""Post titles ("Prime Minister", "Sen.", "NATO chief") from `data/roles.yaml`."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from graphbuild.extract.gazetteer import load_yaml

# Honorifics that are not posts but still are not part of a name.
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady",
              "princess", "prince", "ambassador", "judge", "general", "gen.", "member"}


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Lower-cased surface form -> canonical title."""
    data = load_yaml("roles.yaml")
    table = {form: title for title, forms in data["titles"].items() for form in forms}
    # Plurals name each of several holders: "Sens. Markey and Wyden", "Justices Alito and ..."
    table |= {_plural(f): t for f, t in list(table.items()) if f[-1].isalpha()
              and not f.endswith("s")}
    # The tokenizer splits hyphens off: "Vice-President" is matched as "vice - president";
    # and sometimes a final period: "Sens." as "sens .".
    table |= {f.replace("-", " - "): t for f, t in table.items() if "-" in f}
    table |= {f[:-1] + " .": t for f, t in table.items() if f.endswith(".") and len(f) > 2}
    for form in data["informal"]:
        table.setdefault(form, form.title())
    return table


def _plural(form: str) -> str:
    if form.endswith("y") and not form.endswith(("ay", "ey", "oy")):
        return form[:-1] + "ies"
    return form + "s"


@lru_cache(maxsize=1)
def informal() -> frozenset[str]:
    return frozenset(load_yaml("roles.yaml")["informal"])


@lru_cache(maxsize=1)
def status_words() -> dict[str, str]:
    data = load_yaml("roles.yaml")["status"]
    return {w: status for status, words in data.items() for w in words}


@lru_cache(maxsize=1)
def legislature_titles() -> frozenset[str]:
    return frozenset(load_yaml("roles.yaml")["legislature"])


@lru_cache(maxsize=1)
def _owner_limits() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml("roles.yaml")
    return frozenset(data["chambers"]), frozenset(data["sub_national"])


def post_fits(role: str | None, owner_name: str, owner_type: str, stated: bool) -> bool:
    """Whether a body can own the post: a chamber only a seat or its leadership, a country no
    post below the state unless the title's own words name it (`stated`: "Puerto Rico's
    governor", a territory the gold files type as a country)."""
    chambers, sub_national = _owner_limits()
    if role is None:
        return True
    if owner_type == "COUNTRY":
        return stated or role not in sub_national
    for prefix in ("United States ", "U.S. ", "US "):
        owner_name = owner_name.removeprefix(prefix)
    if owner_name in chambers or owner_name.endswith(" Parliament") \
            or owner_name.startswith("Parliament of"):
        return role in legislature_titles() or role.endswith("Leader")
    return True


@lru_cache(maxsize=1)
def local_titles() -> frozenset[str]:
    """Titles whose body is never guessed from the article's main country ("Mayor")."""
    return frozenset(load_yaml("roles.yaml").get("local", []))


@lru_cache(maxsize=1)
def implied_owners() -> dict[str, str]:
    """Canonical title -> the body it implies for a US actor when the text names no owner."""
    return dict(load_yaml("roles.yaml").get("implied", {}))


@lru_cache(maxsize=1)
def us_forms() -> frozenset[str]:
    """Surface forms of titles that only US news writes ("sen.", "rep.")."""
    return frozenset(load_yaml("roles.yaml").get("us_forms", []))


@lru_cache(maxsize=1)
def _max_words() -> int:
    return max(len(form.split()) for form in titles())


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(form.split()[0] for form in titles())


def title_at(tokens: Span | list, i: int) -> int:
    """Length in tokens of the longest title starting at index i of tokens, or 0."""
    # Called for every token of every article: most words start no title, so say so at once.
    if tokens[i].lower_ not in _first_words():
        return 0
    for n in range(min(_max_words(), len(tokens) - i), 0, -1):
        words = " ".join(t.lower_ for t in tokens[i : i + n])
        if words in titles():
            return n
    return 0


def title_starts(doc: Doc) -> dict[int, int]:
    """Every token index of a doc where a title starts -> its length in tokens (title_at).
    Only tokens whose lower-case form can start a title are looked at, found in one pass."""
    lowers = doc.to_array("LOWER")
    starts = np.flatnonzero(np.isin(lowers, _first_word_ids()))
    found = {i: n for i in starts.tolist() if (n := title_at(doc, i))}
    for i, n in list(found.items()):
        if n == 1 and doc[i].lower_ in PORTFOLIO_HEADS:
            first = _portfolio_start(doc, i)
            if first < i and first not in found:
                del found[i]
                found[first] = i + 1 - first
    return found


# Titles a portfolio's name comes before: "Transportation Secretary", "Health Minister".
PORTFOLIO_HEADS = {"secretary", "minister"}
NOT_PORTFOLIO = ("PERSON", "GPE", "NORP", "DATE", "CARDINAL")


def _portfolio_start(doc: Doc, i: int) -> int:
    """Where the name of a portfolio before a title starts ("Homeland Security Secretary"):
    up to three capitalised words, "and" between them, that name no person, place or
    nationality."""
    taken = {t for span in doc.spans.get("gazetteer", []) for t in range(span.start, span.end)}
    first = i
    while first > 0 and i - first < 4:
        tok = doc[first - 1]
        inner_and = tok.lower_ == "and" and first < i and first > 1 and doc[first - 2].is_title
        if not (tok.is_title or inner_and) or tok.i in taken or tok.ent_type_ in NOT_PORTFOLIO \
                or (tok.is_stop and not inner_and) or tok.lower_ in HONORIFICS \
                or title_at(doc, tok.i):
            break
        first -= 1
    return first if doc[first].lower_ != "and" else first + 1


def status_positions(doc: Doc) -> list[int]:
    """Token indexes of the status words ("former", "acting") of a doc, found in one pass."""
    return np.flatnonzero(np.isin(doc.to_array("LOWER"), _status_ids())).tolist()


@lru_cache(maxsize=1)
def _status_ids() -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in status_words()), dtype=np.uint64)


@lru_cache(maxsize=1)
def _first_word_ids() -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in _first_words()), dtype=np.uint64)


def title_prefix_length(span: Span) -> int:
    """How many leading tokens of a name span are titles or honorifics ("PM", "President")."""
    i = 0
    while i < len(span) - 1:
        if span[i].lower_ in HONORIFICS or span[i].lower_ in status_words():
            i += 1
            continue
        n = title_at(span, i)
        if not n or i + n >= len(span):
            break
        i += n
    return i


def title_span(doc: Doc, first: int, last: int | None = None) -> tuple[int, int]:
    """The whole title around marked title tokens first..last: (its first, its last token)."""
    last = first if last is None else last
    while first > 0 and doc[first - 1]._.gb_role:
        first -= 1
    while last + 1 < len(doc) and doc[last + 1]._.gb_role:
        last += 1
    return first, last


def status_before(doc: Doc, first: int) -> tuple[str, str | None]:
    """(status, modality) the two words before a title give it: "former", "then-" -> former;
    "incoming", "would-be" -> a prospective post."""
    status, modality = "current", None
    for tok in doc[max(0, first - 2) : first]:
        word = status_words().get(tok.lower_) or status_words().get(tok.lower_.rstrip("-"))
        if word == "former":
            status = "former"
        elif word == "prospective":
            modality = "prospective"
    return status, modality


def canonical_title(text: str) -> str:
    """The canonical title of a written one ("PM" -> "Prime Minister"); else as written."""
    words = text.lower().split()
    # The longest known title at the end of the phrase names the post: "trade commissioner".
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if tail in titles():
            if k == 0:
                return titles()[tail]
            prefix = (w if w in ("and", "of", "the") else w.capitalize() for w in words[:k])
            return " ".join(prefix) + " " + titles()[tail]
    return text.title()
