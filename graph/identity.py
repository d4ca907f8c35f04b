"""Stable keys for actors, relations and articles (DESIGN.md "Identity").

A State's key is its ISO 3166-1 alpha-3 code. Officers, Ministries and Organizations get a slug of
their canonical name, scoped by the state (or organization) they act for, so keys are the same across
runs and stores:

>>> actor_key("Officer", "Brigadier General Kioumars Heydari", state="IRN")
'officer:irn:kioumars-heydari'
>>> actor_key("Ministry", "Ministry of Defense", state="aze")
'ministry:aze:ministry-of-defense'
>>> actor_key("Organization", "Hezbollah")
'organization:hezbollah'
>>> actor_key("State", "Iran", state="irn")
'IRN'
>>> text_fingerprint("  Iran   ACCUSED\\nBaku. ") == text_fingerprint("iran accused baku.")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from graph.errors import InvalidInput
from graph.model import ActorKind, actor_kind

# Honorifics and ranks dropped from an officer's key (not from the displayed name).
TITLES = frozenset(
    """mr mrs ms dr prof president vice prime minister general brigadier gen lt lieutenant colonel col major
    maj admiral adm commander spokesman spokeswoman spokesperson ambassador envoy king queen crown prince
    sheikh emir secretary chancellor senator deputy chief foreign defense defence sir his her excellency
    marshal captain capt sergeant""".split()
)


def slug(text: str) -> str:
    """ASCII, lower case, words joined by hyphens; apostrophes vanish ("Kana'ani" → "kanaani")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    return "-".join(re.findall(r"[a-z0-9]+", text))


def person_slug(name: str) -> str:
    """Slug of a person's name without leading titles and ranks."""
    words = slug(name).split("-")
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    return "-".join(words)


def actor_key(kind: str | ActorKind, name: str, state: str | None = None, organization: str | None = None) -> str:
    """The stable key of an actor of ``kind`` called ``name`` acting for ``state`` (or ``organization``)."""
    kind = actor_kind(kind)
    if kind is ActorKind.STATE:
        code = (state or name or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise InvalidInput(f"state {name!r} needs an ISO 3166-1 alpha-3 code, got {code!r}")
        return code
    base = person_slug(name) if kind is ActorKind.OFFICER else slug(name)
    if not base and any(ch.isalnum() for ch in name):  # letters of another script only: a stable hashed key
        base = "u" + text_fingerprint(name)[:12]
    if not base:
        raise InvalidInput(f"{kind.value} name {name!r} has no letters or digits to make a key of")
    scope = (state or "").lower() or (organization or "").split(":")[-1]
    prefix = kind.value.lower()
    if kind is ActorKind.ORGANIZATION or not scope:
        return f"{prefix}:{base}"
    return f"{prefix}:{scope}:{base}"


def normalise_text(text: str) -> str:
    """Text as compared for duplicate articles: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: two articles with the same fingerprint are the same article."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
