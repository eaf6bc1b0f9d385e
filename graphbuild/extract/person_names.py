"""First names and their gender, and common surnames, from the US Census lists the `names`
package ships (public domain data, MIT-licensed package): pronoun agreement in coreference,
what a name's words can be in the junk filter, "Mr."/"Ms." in identity.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """First name (capitalised) -> "M" or "F" when the census lists make it one gender (a name
    in both takes the gender at least four times as frequent), else "" (either)."""
    freq: dict[str, dict[str, float]] = {}
    for gender, file in (("M", "dist.male.first"), ("F", "dist.female.first")):
        text = (resources.files("names") / file).read_text(encoding="ascii")
        for line in text.splitlines():
            name, share, *_ = line.split()
            freq.setdefault(name.capitalize(), {})[gender] = float(share)
    out = {}
    for name, shares in freq.items():
        male, female = shares.get("M", 0.0), shares.get("F", 0.0)
        if male >= 4 * female:
            out[name] = "M"
        elif female >= 4 * male:
            out[name] = "F"
        else:
            out[name] = ""
    return out


COMMON_SURNAMES = 2000  # a word among this many most frequent surnames may be one


@lru_cache(maxsize=1)
def surnames() -> tuple[str, ...]:
    """US surnames (capitalised), most frequent first, from the same census lists."""
    text = (resources.files("names") / "dist.all.last").read_text(encoding="ascii")
    return tuple(line.split()[0].capitalize() for line in text.splitlines())


@lru_cache(maxsize=1)
def common_surnames() -> frozenset[str]:
    return frozenset(surnames()[:COMMON_SURNAMES])


@lru_cache(maxsize=1)
def any_surname() -> frozenset[str]:
    return frozenset(surnames())
