"""Actor mentions in one document: from NER and the gazetteer, trimmed to the name, typed by
document-level vote, and passed through the junk filter (junk.py).

The output is a list of typed mention spans; `resolve.py` groups them into actors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from graphbuild.extract import gazetteer
from graphbuild.extract.junk import junk_reason, org_heads, ranks
from graphbuild.extract.nlp import GAZETTEER_KEY
from graphbuild.extract.person_names import any_surname, first_names
from graphbuild.extract.roles import (
    HONORIFICS,
    canonical_title,
    title_at,
    title_prefix_length,
)

NER_TYPES = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "COUNTRY", "NORP": "PARTY"}
# Names the NER takes for actors that never are: events, policies.
NOT_ACTORS = frozenset(gazetteer.load_yaml("organizations.yaml").get("NOT_ACTORS", []))
REGNAL = {"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIV", "XVI"}
# Last words of a body's name: "Trump Administration" after a title is no person.
ORG_HEADS = {"Administration", "Government", "Cabinet", "Office", "Party", "Council", "Committee",
             "Ministry", "Department", "House", "Senate", "Court", "Union", "Commission"}
# A person's name before these words names a body (FORMAT.md: campaigns are organisations,
# "the X administration" the government).
PERSONS_BODIES = {"administration", "campaign"}
# Words a name never starts with (unless a first name: "Will Hurd"): "Has Bernie Sanders",
# "Though Sanders", "Corrupt Joe Biden".
NOT_NAME = {"VERB", "AUX", "ADJ", "ADV", "DET", "PRON", "ADP", "SCONJ", "CCONJ"}
# Tokens that never end or start a name: the statistical NER sometimes takes them in.
EDGE_JUNK = {"the", "The", "of", "(", ")", "[", "]", "'s", "’s", "'", ",", "-", "and", "&", "—",
             "–", '"'}


@dataclass
class MentionSpan:
    """A typed span before identity resolution. `key` is the canonical name when known."""

    start: int  # token offsets
    end: int
    type: str
    text: str
    key: str | None = None  # gazetteer canonical name
    source: str = "ner"
    title: str | None = None  # the title or honorific written right before it


@dataclass(frozen=True)
class Rejected:
    """A name that did not become an actor, and the junk filter's reason."""

    text: str
    type: str
    reason: str


@lru_cache(maxsize=1)
def _leading_noise() -> frozenset[str]:
    return frozenset(gazetteer.load_yaml("names.yaml")["leading_noise"])


def _strip_leading(doc: Doc, start: int, end: int, person: bool) -> int:
    """Skip words a name never starts with ("Meanwhile Trump", "Related Joe Biden") and, for a
    person, ranks and words of address ("Officer Christopher Walsh")."""
    while end - start > 1 and (doc[start].text in _leading_noise() or doc[start].text in EDGE_JUNK
                               or (person and doc[start].lower_.rstrip(".") in ranks())
                               or ((doc[start].pos_ in NOT_NAME or doc[start].is_stop)
                                   and doc[start + 1].pos_ == "PROPN"
                                   and doc[start].text not in first_names())):
        start += 1
    return start


@lru_cache(maxsize=1)
def _descriptors() -> frozenset[str]:
    return frozenset(gazetteer.load_yaml("names.yaml")["descriptors"])


def _full_name_start(doc: Doc, start: int, end: int) -> int:
    """Where a person's full name starts after a word that describes them ("Barber [Tommy
    Thomas]") or a possessive ("Politico's [Dan Diamond]"): at a first name followed by more
    of the name."""
    for i in range(start + 1, end - 1):
        before = doc[i - 1]
        if doc[i].text in first_names() and doc[i + 1].is_title and (
                before.tag_ == "POS" or (i == start + 1 and before.text not in first_names()
                                         and before.lower_.rstrip(".") in _descriptors())):
            return i
    return start


def _given_name_start(doc: Doc, start: int, end: int, lower_words: frozenset[str]) -> int:
    """Where a person's name starts after ordinary words the NER took in ("[National
    Intelligence] Dan Coats" of a title it does not know): at a first name followed by more of
    the name, when every word before it is one the article also writes in lower case and no
    census list has as a name."""
    for i in range(start + 1, end - 1):
        if doc[i].text in first_names():
            before = doc[start:i]
            if all(t.lower_ in lower_words and t.text not in first_names()
                   and t.text not in any_surname() for t in before):
                return i
            break
    return start


def _trim(span: Span) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and (span.doc[start].text in EDGE_JUNK or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].text in EDGE_JUNK or span.doc[end - 1].is_space):
        end -= 1
    # "Akerlof et al.": a citation names its first author ("al." may be two tokens).
    words = [t.lower_ for t in span.doc[max(start, end - 3) : end]]
    for tail in (["et", "al."], ["et", "al"], ["et", "al", "."]):
        if end - start > len(tail) and words[-len(tail):] == tail:
            end -= len(tail)
            break
    return start, end


def _name_word(tok: Token, allow_org: bool = False) -> bool:
    """A capitalised proper noun outside any other entity, title or gazetteer name, and no
    function word the tagger took for a name ("Though" at a sentence's start)."""
    kinds = ("", "PERSON", "ORG") if allow_org else ("", "PERSON")
    return (
        tok.pos_ == "PROPN" and (tok.is_title or tok.text in REGNAL) and tok.ent_type_ in kinds
        and tok.text not in gazetteer.lookup() and title_at([tok], 0) == 0
        and tok.lower_ not in HONORIFICS and (not tok.is_stop or tok.text in first_names())
    )


def _after_title(doc: Doc, start: int, end: int) -> int:
    """Where a name starts that the NER began inside a title: "National Security [Adviser
    Susan Rice]" -> "Susan Rice"."""
    for i in range(max(0, start - 3), start):
        n = title_at(doc, i)
        if n and start < i + n < end:
            return i + n
    return start


def _inside_title(titles: dict[int, int], start: int, end: int) -> bool:
    """Whether tokens start..end lie inside a title phrase ("Secretary of State", "Homeland
    Security Secretary")."""
    return any(i <= start and i + titles[i] >= end for i in range(max(0, start - 6), start + 1)
               if i in titles)


def _widen_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The NER often cuts a long name short: "Carmen [Yulín Cruz]", "[Wanda Vázquez] Garced"."""
    while start > 0 and _name_word(doc[start - 1]) and not doc[start - 1].is_sent_start:
        start -= 1
    if start > 0 and doc[start - 1].is_sent_start and _name_word(doc[start - 1]):
        start -= 1
    while end < len(doc) and _name_word(doc[end]):
        end += 1
    return start, end


def _gazetteer_spans(doc: Doc) -> list[MentionSpan]:
    found = [
        MentionSpan(s.start, s.end, s.label_, s.text, s.id_, "gazetteer")
        for s in doc.spans.get(GAZETTEER_KEY, [])
    ]
    # Longest first, so "United States Senate" wins over "United States".
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[MentionSpan] = []
    last_end = -1
    for m in found:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _proper_name(span_tokens) -> bool:
    return all(t.is_title or t.is_upper or not t.is_alpha for t in span_tokens)


def _own_qualifier(doc: Doc, m: MentionSpan, inner: list[MentionSpan],
                   titles: dict[int, int]) -> bool:
    """Whether a body's name has a capitalised word of its own beside the gazetteer names it
    holds, none of which is a country, and outside any title ("Special Counsel")."""
    taken = {i for g in inner for i in range(g.start, g.end)}
    taken |= {i for first, n in titles.items() for i in range(first, first + n)}
    return all(g.type != "COUNTRY" for g in inner) and any(
        i not in taken and doc[i].is_title for i in range(m.start, m.end))


def find_mentions(doc: Doc, titles: dict[int, int],
                  ) -> tuple[list[MentionSpan], list[MentionSpan], list[Rejected]]:
    """Actor mentions (typed, non-overlapping), demonym markers and the names that did not
    become actors (with the reason), of one document. `titles`: `roles.title_starts(doc)`."""
    gaz = _gazetteer_spans(doc)
    demonyms = [m for m in gaz if m.type == gazetteer.DEMONYM]
    gaz = [m for m in gaz if m.type != gazetteer.DEMONYM]
    taken = [False] * len(doc)
    mentions: list[MentionSpan] = []
    rejected: list[Rejected] = []
    lower_words = lower_words_of(doc)

    ner: list[MentionSpan] = []
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES:
            continue
        start, end = _trim(ent)
        if start >= end:
            continue
        text, kind = doc[start:end].text, NER_TYPES[ent.label_]
        if not any(c.isupper() for c in text):
            rejected.append(Rejected(text, kind, "common_word"))  # "state", "the party"
            continue
        if text in NOT_ACTORS:
            rejected.append(Rejected(text, kind, "not_actor"))  # events, policies: "Brexit"
            continue
        if ent.label_ != "PERSON" and _inside_title(titles, start, end):
            continue  # "Secretary of [State]"
        # A name does not run over a line break ("Twitter\n\nDonald Trump"): keep its last line.
        start = max([t.i + 1 for t in doc[start:end] if "\n" in t.text], default=start)
        start = _strip_leading(doc, start, end, ent.label_ == "PERSON")
        if ent.label_ == "PERSON":
            cut = [t.i + 1 for t in doc[start:end] if t.text in ("[", "]")]
            start = max(cut, default=start)  # "[Prime Minister Narendra] Modi"
            start, end = _widen_name(doc, start, end)
            start = _after_title(doc, start, end)
            # Titles are roles, not names: "PM Rutte" -> "Rutte".
            start += title_prefix_length(doc[start:end])
            start = _strip_leading(doc, start, end, True)
            start = _given_name_start(doc, start, end, lower_words)
            if start >= end:
                continue
        kind = NER_TYPES[ent.label_]
        if (named := _full_name_start(doc, start, end)) != start:
            start, kind = named, "PERSON"
        if kind != "PERSON" and end - start == 1 and start > 0 and _name_word(doc[start - 1]) \
                and doc[start].text in any_surname() and doc[start].text not in gazetteer.lookup():
            start, kind = start - 1, "PERSON"  # "Ivanka [Trump]" typed as a body
        if kind == "PERSON" and end - start > 1 and doc[end - 1].text in org_heads():
            kind = "ORGANIZATION"  # "Gandhi Mahal Restaurant"
        if end < len(doc) and doc[end].lower_ in PERSONS_BODIES and kind != "COUNTRY":
            end, kind = end + 1, "ORGANIZATION"  # "the Trump administration" is no person
        ner.append(MentionSpan(start, end, kind, doc[start:end].text))
    ner = _titled_names(doc, ner, titles)
    _coordinated_people(doc, ner)
    _people_by_name(ner)
    ner = _bare_surnames(doc, ner, gaz)

    # A multi-word person, place or proper-named body that contains a gazetteer name keeps its
    # own name ("Michael Jordan", "Puerto Rico Senate"), and so does a body named for a place
    # no gazetteer knows ("Colorado Department of Labor and Employment" is no federal
    # department; "U.S. Department of Labor" is); elsewhere the gazetteer is right.
    for m in ner:
        inner = [g for g in gaz if g.start >= m.start and g.end <= m.end]
        if not inner or not (m.end - m.start) > max(g.end - g.start for g in inner):
            continue
        # A place whose name ends in a country's is not that country: "New Mexico".
        place = m.type == "COUNTRY" and all(g.start > m.start for g in inner)
        if place or m.type == "PERSON" or (
            m.type == "ORGANIZATION" and (_proper_name(doc[m.start : m.end])
                                          or _own_qualifier(doc, m, inner, titles))
        ):
            for g in inner:
                gaz.remove(g)

    for m in gaz:
        mentions.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    lookup = gazetteer.lookup()
    for m in ner:
        if any(taken[i] for i in range(m.start, m.end)):
            continue
        known = lookup.get(m.text)
        if m.type in ("COUNTRY", "PARTY") and not known:
            # Sub-national places ("California") and nationalities are not actors.
            reason = "place" if m.type == "COUNTRY" else "nationality"
            rejected.append(Rejected(m.text, m.type, reason))
            continue
        if known and known[0] == gazetteer.DEMONYM:
            rejected.append(Rejected(m.text, m.type, "nationality"))
            continue
        if known:
            m.type, m.key, m.source = known[0], known[1], "gazetteer"
        elif m.type == "ORGANIZATION" and m.text.split()[-1] in ("Party", "party"):
            m.type = "PARTY"
        mentions.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    mentions.sort(key=lambda m: m.start)
    _vote_types(mentions)
    kept = []
    name_words = frozenset(w for m in mentions if " " in m.text for w in m.text.split())
    full_names = frozenset(m.text for m in mentions if m.type == "PERSON"
                           and len(m.text.split()) > 1 and m.text.split()[0] in first_names())
    for m in mentions:
        reason = None if m.source == "gazetteer" else \
            junk_reason(doc[m.start : m.end], m.type, name_words, full_names, lower_words)
        if reason:
            rejected.append(Rejected(m.text, m.type, reason))
        else:
            m.title = _title_before(doc, m.start, titles)
            kept.append(m)
    return kept, demonyms, rejected


def lower_words_of(doc: Doc) -> frozenset[str]:
    """The words a document writes in lower case (read from arrays: no Token objects)."""
    table = doc.to_array(["IS_LOWER", "ORTH"])
    return frozenset(doc.vocab.strings[int(h)] for h in set(table[table[:, 0] == 1, 1]))


def _title_before(doc: Doc, start: int, titles: dict[int, int]) -> str | None:
    """The title ("Sen.", "President") or honorific ("Mr.") written right before a name."""
    for i in range(max(0, start - 6), start):
        if titles.get(i, 0) and i + titles[i] == start:
            return canonical_title(doc[i:start].text)
    if start and doc[start - 1].lower_ in HONORIFICS:
        return doc[start - 1].text
    return None


def _titled_names(doc: Doc, ner: list[MentionSpan], starts: dict[int, int]) -> list[MentionSpan]:
    """Two or more name words right after a title are a person, whatever the NER said:
    "Presidents [Muhammadu Buhari] of Nigeria and [Patrice Talon] of Benin"."""
    i = 0
    while i < len(doc):
        n = starts.get(i, 0)
        j = end = i + max(n, 1)
        while n and end < len(doc) and _name_word(doc[end], allow_org=True):
            end += 1
        if n and end - j >= 2 and doc[end - 1].text not in ORG_HEADS:
            covering = [m for m in ner if m.start < end and m.end > j]
            if not any(m.type == "PERSON" for m in covering):
                ner = [m for m in ner if m not in covering]
                ner.append(MentionSpan(j, end, "PERSON", doc[j:end].text))
        i = end
    return sorted(ner, key=lambda m: m.start)


def _coordinated_people(doc: Doc, ner: list[MentionSpan]) -> None:
    """A two- or three-word name coordinated with a person is a person ("Muhammadu Buhari of
    Nigeria and [Patrice Talon] of Benin"), unless it ends like a body's name."""
    person_at = {i for m in ner if m.type == "PERSON" for i in range(m.start, m.end)}
    for m in ner:
        words = doc[m.start : m.end]
        if m.type == "PERSON" or not 2 <= len(words) <= 3 or words[-1].text in ORG_HEADS:
            continue
        if m.text in gazetteer.lookup() or not all(t.pos_ == "PROPN" and t.is_title for t in words):
            continue
        root = words.root
        if root.dep_ == "conj" and root.head.i in person_at:
            m.type = "PERSON"


def _people_by_name(ner: list[MentionSpan]) -> None:
    """A name the NER once took for a full person's name, or its surname alone, is that
    person wherever else it is typed as a place or body ("Stoltenberg" GPE after "Jens
    Stoltenberg"), unless the gazetteer knows the form."""
    full = {m.text for m in ner if m.type == "PERSON" and len(m.text.split()) > 1}
    surnames = {name.split()[-1] for name in full}
    single = {m.text for m in ner if m.type == "PERSON" and " " not in m.text}
    known = gazetteer.lookup()
    for m in ner:
        if m.type == "PERSON" or m.text in known:
            continue
        words = m.text.split()
        # "Ricardo Rosselló Nevares" (ORG) after "Rosselló" (PERSON): a fuller name of them.
        fuller = (1 < len(words) <= 4 and single & set(words[1:]) and not ORG_HEADS & set(words)
                  and not any(name in m.text for name in full))
        if m.text in full or m.text in surnames or fuller:
            m.type = "PERSON"


def _bare_surnames(doc: Doc, ner: list[MentionSpan], gaz: list[MentionSpan]) -> list[MentionSpan]:
    """The surname of a person named in full is that person where the NER missed it or
    took it into some other name ("making [Ferraro] the Democratic Party's candidate")."""
    surnames = {m.text.split()[-1] for m in ner if m.type == "PERSON" and len(m.text.split()) > 1}
    people = [m for m in ner if m.type == "PERSON"]
    covered = {i for m in (*people, *gaz) for i in range(m.start, m.end)}
    extra = [
        MentionSpan(t.i, t.i + 1, "PERSON", t.text)
        for t in doc
        if t.text in surnames and t.i not in covered and t.pos_ == "PROPN"
    ]
    hit = {m.start for m in extra}
    kept = [m for m in ner if not any(m.start <= i < m.end for i in hit)]
    return sorted(kept + extra, key=lambda m: m.start)


def _vote_types(mentions: list[MentionSpan]) -> None:
    """Repair NER slips by document-level vote: one name, one type.

    A surname alone takes the type of the full name it ends ("Stoltenberg" after "Jens
    Stoltenberg" is a PERSON); otherwise each name takes its most frequent type.
    """
    votes: dict[str, Counter] = {}
    surnames: dict[str, Counter] = {}
    for m in mentions:
        if m.source == "gazetteer":
            continue
        votes.setdefault(m.text, Counter())[m.type] += 1
        words = m.text.split()
        if m.type == "PERSON" and len(words) > 1:
            surnames.setdefault(words[-1], Counter())["PERSON"] += 1
    for m in mentions:
        if m.source == "gazetteer":
            continue
        if len(m.text.split()) == 1 and m.text in surnames:
            m.type = "PERSON"
            continue
        best, count = votes[m.text].most_common(1)[0]
        if count > 1 or best == "PERSON":
            m.type = best
