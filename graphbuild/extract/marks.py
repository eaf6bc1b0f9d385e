"""Token marks: which actor type a token belongs to, and whether it is a post title or a
status word ("former", "acting").

Patterns and code name them as extension attributes: `{"_": {"gb_type": "PERSON"}}`,
`token._.gb_role`, `token._.gb_status`. spaCy's Matcher reads an extension attribute through
Python for every token on every call, which once cost more than the rest of the extraction,
so the marks live in two native token attributes the English pipelines leave empty:
ENT_ID holds the actor type, ENT_KB_ID holds "TITLE" on a post title and the status
("former", "current", "prospective") on a status word. `native` rewrites a pattern token's
`_` constraints into them when the patterns are loaded; the extensions read them back.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.model import ACTOR_TYPES

TITLE = "TITLE"
STATUSES = ("former", "current", "prospective")
# Each mark: the native attribute holding it, and every value that attribute can take.
TYPE_VALUES = ("", *ACTOR_TYPES)
ROLE_VALUES = ("", TITLE, *STATUSES)

for _name, _getter in (
    ("gb_type", lambda t: t.ent_id_),
    ("gb_role", lambda t: t.ent_kb_id_ == TITLE),
    ("gb_status", lambda t: "" if t.ent_kb_id_ == TITLE else t.ent_kb_id_),
):
    if not Token.has_extension(_name):
        Token.set_extension(_name, getter=_getter)


def mark_type(token: Token, kind: str) -> None:
    token.ent_id_ = kind


def mark_title(token: Token) -> None:
    token.ent_kb_id_ = TITLE


def mark_status(token: Token, status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    token.ent_kb_id_ = status


def native(attrs: dict) -> dict:
    """A pattern token's attributes with its `_` marks rewritten into ENT_ID / ENT_KB_ID.

    Each constraint becomes the set of values it allows; the constraints on one attribute are
    intersected, so {"gb_role": false, "gb_status": ""} allows only an unmarked token."""
    if "_" not in attrs:
        return attrs
    marks = dict(attrs["_"])
    allowed = {"ENT_ID": set(TYPE_VALUES), "ENT_KB_ID": set(ROLE_VALUES)}
    if "gb_type" in marks:
        allowed["ENT_ID"] &= _values(marks.pop("gb_type"), TYPE_VALUES)
    if "gb_role" in marks:
        role = marks.pop("gb_role")
        if not isinstance(role, bool):
            raise ValueError(f"gb_role takes true or false, not {role!r}")
        allowed["ENT_KB_ID"] &= {TITLE} if role else set(ROLE_VALUES) - {TITLE}
    if "gb_status" in marks:
        status = _values(marks.pop("gb_status"), ("", *STATUSES))
        # A title has no status word: gb_status "" holds on it too.
        allowed["ENT_KB_ID"] &= status | ({TITLE} if "" in status else set())
    if marks:
        raise ValueError(f"unknown token marks {sorted(marks)}")
    out = {k: v for k, v in attrs.items() if k != "_"}
    for attr, universe in (("ENT_ID", TYPE_VALUES), ("ENT_KB_ID", ROLE_VALUES)):
        if allowed[attr] != set(universe):
            out[attr] = {"IN": sorted(allowed[attr])}
    return out


def _values(constraint, universe: tuple[str, ...]) -> set[str]:
    """The values a constraint ("PERSON", {"IN": [...]}, {"NOT_IN": [...]}) allows."""
    if isinstance(constraint, str):
        values = {constraint}
    elif isinstance(constraint, dict) and set(constraint) == {"IN"}:
        values = set(constraint["IN"])
    elif isinstance(constraint, dict) and set(constraint) == {"NOT_IN"}:
        values = set(universe) - set(constraint["NOT_IN"])
    else:
        raise ValueError(f"unsupported mark constraint {constraint!r}")
    unknown = values - set(universe)
    if unknown:
        raise ValueError(f"unknown mark values {sorted(unknown)}")
    return values
