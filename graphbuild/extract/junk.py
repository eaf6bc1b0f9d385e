"""The junk filter: a name the NER or the gazetteer offers becomes an actor only if it looks
like one.

Each rule is a kind of non-actor, and its name is the reason recorded for what it rejects
(`graphbuild actors --rejected` lists them): web addresses and handles, page furniture,
common words capitalised at a sentence's start, places, two names fused into one, legal case
names, nationalities, laws and policies, and names too long or too odd to be a person's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from graphbuild import reference
from graphbuild.extract import gazetteer
from graphbuild.extract.person_names import any_surname, common_surnames, first_names

# A verb that makes a clause, or a last word that leaves a phrase open: a headline, not a name.
FINITE = {"VBZ", "VBP", "VBD", "MD"}
FUNCTION_WORDS = {"of", "to", "for", "on", "and", "the", "a", "an", "in", "with", "at", "by",
                  "from", "or"}
# Lower-case words inside names: "Ludwig van Beethoven", "Mohammed bin Salman".
NAME_PARTICLES = {"von", "van", "der", "den", "del", "della", "des", "bin", "ibn", "binti", "ben",
                  "dos", "das", "und", "from", "with", "without", "into", "over", "under"}
MAX_WORDS = {"PERSON": 4, "ORGANIZATION": 12, "COUNTRY": 6, "PARTY": 8}
_WEB = re.compile(r"https?:|www\.|\.(?:com|org|net|gov)\b|@|/|pic\.twitter", re.IGNORECASE)
_FURNITURE = re.compile(r"\b(?:MORE|Getty|Images|Photo|Replay|Videos?|Click|Subscribe|"
                        r"Newsletter|Advertisement|ADVERTISEMENT)\b")
# "Gobert and/or Mitchell", "Halper, Reade": two people in one name.
_FUSED = re.compile(r",|\band\b|&|\bor\b|;|\s-\s|\n")
_DASHED = re.compile(r"\s[-–—]\s")
COMPANY_SUFFIXES = {"Corp.", "Corp", "Inc.", "Inc", "LLC", "Co.", "Ltd.", "Ltd", "PLC", "LP"}
# "Espinoza v.", "Roe v. Wade": a court case is no actor.
_CASE = re.compile(r"\bv\.?(?:\s|$)|\bvs\.?(?:\s|$)")
# A word glued from two ("FeeltheBern", "BidenFox"): lower case then upper case inside it,
# other than after the name prefixes that do this ("McConnell", "DeSantis", "LaHood").
# "TMUBMUSD10Y": a ticker or a code, letters and digits run together.
_CODE = re.compile(r"(?=\S*\d)(?=\S*[A-Z])[A-Z0-9]{6,}")
_GLUED = re.compile(r"[a-z](?<!^Mc)(?<!^Mac)(?<!^De)(?<!^La)(?<!^Le)(?<!^Di)(?<!^Du)(?<!^Van)"
                    r"(?<!^Von)[A-Z]")


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    return frozenset(gazetteer.load_yaml("names.yaml")["place_words"])


@lru_cache(maxsize=1)
def org_heads() -> frozenset[str]:
    """Last words of a body's name ("Restaurant", "Campaign")."""
    return frozenset(gazetteer.load_yaml("names.yaml")["org_heads"])


@lru_cache(maxsize=1)
def policy_heads() -> frozenset[str]:
    """Last words of a law's, policy's or pact's name ("Act", "Deal", "Agreement")."""
    return frozenset(gazetteer.load_yaml("names.yaml")["policy_heads"])


@lru_cache(maxsize=1)
def us_states() -> frozenset[str]:
    """US states and territories by name and postal code (the `us` package)."""
    import us

    return frozenset(n for s in us.states.STATES_AND_TERRITORIES for n in (s.name, s.abbr))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Countries by every name the gazetteer knows, and US states."""
    return frozenset({p["pattern"] for p in gazetteer.patterns() if p["label"] == "COUNTRY"}
                     | us_states())


@lru_cache(maxsize=1)
def ranks() -> frozenset[str]:
    """Ranks and words of address, without their period ("sgt", "captain")."""
    return frozenset(w.rstrip(".") for w in gazetteer.load_yaml("names.yaml")["ranks"])


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Nationality words and their plurals ("Ukrainian", "Hong Kongers"): no actors."""
    words = {p["pattern"] for p in gazetteer.patterns() if p["label"] == gazetteer.DEMONYM}
    places = {p["pattern"] for p in gazetteer.patterns() if p["label"] == "COUNTRY"}
    return frozenset(words | {w + "s" for w in words} | {p + "ers" for p in places})


def junk_reason(span: Span, kind: str, name_words: frozenset[str] = frozenset(),
                full_names: frozenset[str] = frozenset(),
                lower_words: frozenset[str] = frozenset()) -> str | None:
    """Why a typed name span is not an actor, or None when it looks like one. `name_words`:
    the words of the document's longer names ("Starmer" of "Keir Starmer" is a name wherever
    the tagger reads it); `full_names`: its people's names that begin with a first name;
    `lower_words`: the words it writes in lower case."""
    text = span.text
    words = text.split()
    if _WEB.search(text):
        return "web"
    if _FURNITURE.search(text):
        return "furniture"
    if kind == "PERSON" and (_FUSED.search(text) or any(_GLUED.search(w) for w in words)
                             or _two_surnames(text, words, full_names)):
        return "fused_names"
    if kind == "ORGANIZATION" and "," in text and all(
            len(part.split()) == 1 for part in text.split(",")):
        return "fused_names"  # "Biden, Comey": surnames in a list, typed as a body
    if _CASE.search(text) or (span.start > 0 and span.doc[span.start - 1].lower_ in ("v.", "vs.")):
        return "legal_case"
    if text in demonyms() or text.lower().startswith(("pro-", "anti-")):
        return "nationality"
    if text.count("(") != text.count(")") or _DASHED.search(text) or text in COMPANY_SUFFIXES \
            or _CODE.fullmatch(text):
        return "not_a_name"  # "Austin (University of Texas", "GRAPHIC - Tracking", "Corp."
    if "-" in text and all(part in places() for part in text.split("-")):
        return "place"  # "the U.S.-Mexico border", "U.S.-China trade": two places, no actor
    if len(words) > MAX_WORDS[kind]:
        return "too_long"
    if kind != "PERSON" and len(words) > 1 and words[-1] in policy_heads():
        return "policy"  # "Green New Deal", "Affordable Care Act"
    state = text in us_states() and (len(text) == 2 or (len(words) > 1 and kind == "PERSON"))
    if state or words[-1] in place_words():
        return "place"  # "Lake", "NH" in "(NH)", "New York" typed as a person
    if kind == "PERSON" and (any(c.isdigit() for c in text) or any(c in text for c in ":()\"“”")
                             or any(t.pos_ == "VERB" or _ordinary(t, lower_words)
                                    for t in span[1:])):
        return "not_a_name"  # "Brennan Submitted Flynn": words of a headline
    if kind == "PERSON" and words[-1].lower().rstrip(".") in ranks() and \
            words[-1] not in any_surname():
        return "not_a_name"  # "Master Sgt", "Cmdr": a rank without its name
    if kind in ("PERSON", "ORGANIZATION") and any(
            w.isalpha() and w.islower() and len(w) > 3 and w not in NAME_PARTICLES
            and w.capitalize() not in org_heads() for w in words):
        # "COVID-19 on Black communities": a phrase, not a name ("the Trump campaign" is one)
        return "not_a_name"
    if kind in ("PERSON", "ORGANIZATION") and (
            any(t.tag_ in FINITE or t.pos_ == "AUX" for t in span[1:])
            or span[-1].lower_ in FUNCTION_WORDS):
        return "headline"  # "Remains Mute on Assault Accusation", "Senate Impeachment Trial Of"
    if text not in name_words and _common_word(span, lower_words):
        return "common_word"
    if kind == "PERSON" and (not words[0][:1].isupper() or _first_name_only(words, name_words)
                             or (len(words) == 2 and re.fullmatch(r"[A-Z]\.", words[1]))):
        return "not_a_name"  # "airs anti-Biden"; "Andrew" alone; "Max H." (a credit)
    return None


# Words that make "Democrats" a group of them, not the party (FORMAT.md: "some Democrats",
# "Democratic lawmakers" are no actors): "several prominent Democrats", "59 Democrats".
SUBSET_WORDS = {"some", "many", "several", "few", "most", "other", "both", "these", "those",
                "more", "prominent", "moderate", "progressive", "vulnerable", "younger", "older",
                "senior", "junior", "leading", "top", "key", "centrist", "conservative",
                "liberal", "rank-and-file", "freshman", "individual", "fellow"}


def party_subset(span: Span) -> bool:
    """A plural party name that counts, qualifies or restricts its members ("several prominent
    Democrats", "59 Republicans", "the Democrats who want him impeached"): some of the party,
    not the party acting as one."""
    head = span[-1]
    if head.tag_ not in ("NNPS", "NNS") or not head.text.endswith("s"):
        return False
    for c in head.children:
        if c.dep_ == "nummod" or (c.dep_ in ("det", "amod", "predet") and
                                  c.lower_ in SUBSET_WORDS):
            return True
        if c.dep_ == "relcl" and c.i > head.i and c.doc[head.i + 1].text != ",":
            return True
    return False


def _ordinary(tok, lower_words: frozenset[str]) -> bool:
    """A word the article also writes in lower case that no census list has as a name."""
    return tok.is_title and tok.lower_ in lower_words and tok.text not in first_names() \
        and tok.text not in any_surname()


def _two_surnames(text: str, words: list[str], full_names: frozenset[str]) -> bool:
    """"Barr Trump", "Giuliani Trump": two people's surnames run together: the first word is
    no first name but another full name's surname in the article, and the pair is not the
    end of one ("Escobar Mejia" of "Carlos Escobar Mejia")."""
    if len(words) != 2 or words[0].capitalize() in first_names():
        return False
    surnames = {name.split()[-1] for name in full_names}
    return words[0] in surnames and not any(name.endswith(" " + text) for name in full_names)


def _first_name_only(words: list[str], name_words: frozenset[str]) -> bool:
    """A first name alone that no full name of the article explains (the resolver links one
    that does): no actor anyone can tell. A word that is also a common surname or a reference
    person's is kept ("Warren", "Kim")."""
    return len(words) == 1 and words[0] in first_names() and words[0] not in name_words \
        and words[0] not in common_surnames() and not reference.load().by_surname(words[0])


def _common_word(span: Span, lower_words: frozenset[str]) -> bool:
    """A one-word name that is an ordinary word: the tagger reads it as a common noun, verb or
    adjective (and no census list has it as a name), or the article writes it in lower case
    too ("Marijuana", "Acquittal")."""
    if len(span) != 1:
        return False
    tok = span[0]
    name = tok.text in any_surname() or tok.text in first_names()
    if tok.pos_ in ("NOUN", "VERB", "ADJ", "ADV") and not tok.is_upper and not name:
        return True
    return tok.is_title and tok.lower_ in lower_words
