"""Match names: new actors against the graph's known actors, and search queries against names.

An Officer, Ministry or Organization read from a new article is the same actor as a stored one of the
same kind and the same state (or organization) when their names agree after normalisation, or are
close under rapidfuzz's ``ratio`` (spelling variants: "Kanaani", "Kana'ani", "Kanani"), or when one is
the other's surname. States need no matching: their key is the ISO code.

>>> match_known_actors([Actor("officer:irn:nasser-kanani", "Officer", "Nasser Kanani", state="IRN")],
...                    lambda kind, scope: {"officer:irn:nasser-kanaani": {"Nasser Kanaani"}})
{'officer:irn:nasser-kanani': 'officer:irn:nasser-kanaani'}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from rapidfuzz import fuzz, process

from graph.identity import TITLES
from graph.model import Actor, ActorKind

# A new name this close (0-100, rapidfuzz ratio on normalised names) to a known one is the same actor.
SAME_NAME_SCORE = 88.0
# Search results below this score (0-100) are dropped.
SEARCH_CUTOFF = 70.0

KnownNames = Callable[[ActorKind, str | None], dict[str, set[str]]]


def norm_name(text: str) -> str:
    """Lower-case ASCII words without punctuation, apostrophes or leading titles."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1 and words[0] in TITLES | {"the"}:
        words.pop(0)
    return " ".join(words)


def _same(new: set[str], known: set[str], officer: bool) -> float:
    best = 0.0
    for a in new:
        for b in known:
            if a == b:
                return 100.0
            score = fuzz.ratio(a, b)
            if officer:
                wa, wb = a.split(), b.split()
                # "Heydari" against "Kioumars Heydari": same surname, one side has it alone
                if (len(wa) == 1 or len(wb) == 1) and len(wa[-1]) >= 4 and fuzz.ratio(wa[-1], wb[-1]) >= SAME_NAME_SCORE:
                    score = max(score, 95.0)
                # "K. Heydari" / "Kioumars Heydari": initials agree and surnames agree
                elif wa[-1] == wb[-1] and wa[0][0] == wb[0][0]:
                    score = max(score, 95.0)
            best = max(best, score)
    return best


def match_known_actors(actors: list[Actor], known: KnownNames) -> dict[str, str]:
    """New actor key → key of the stored actor it is, for each actor that matches a different stored one."""
    renames: dict[str, str] = {}
    for actor in actors:
        if actor.kind is ActorKind.STATE:
            continue
        scope = actor.state or actor.organization
        candidates = known(actor.kind, scope)
        if actor.key in candidates:
            continue
        names = {norm_name(n) for n in (actor.name, *actor.aliases)} - {""}
        officer = actor.kind is ActorKind.OFFICER
        best_key, best = None, 0.0
        for key, known_names in candidates.items():
            score = _same(names, {norm_name(n) for n in known_names}, officer)
            if score > best:
                best_key, best = key, score
        if best_key and best >= SAME_NAME_SCORE:
            renames[actor.key] = best_key
    return renames


def rank_names(query: str, names: dict[str, set[str]], cutoff: float = SEARCH_CUTOFF) -> list[tuple[str, float]]:
    """Keys whose names match ``query``, best first: exact, then prefix, then fuzzy (rapidfuzz QRatio
    against whole names and single words).

    >>> rank_names("azer", {"AZE": {"Azerbaijan", "Azeri"}, "IRN": {"Iran"}})
    [('AZE', 100.0)]
    """
    return NameIndex(names).rank(query, cutoff)


class NameIndex:
    """The names of many actors normalised once, for repeated searches (stores keep one per generation of
    their projection); fuzzy scoring runs in rapidfuzz's C loop over the whole list."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        self.keys: list[str] = []
        self.names: list[str] = []
        self.word_keys: list[str] = []
        self.words: list[str] = []
        for key, aliases in names.items():
            for alias in aliases:
                name = norm_name(alias)
                self.keys.append(key)
                self.names.append(name)
                for word in name.split():
                    self.word_keys.append(key)
                    self.words.append(word)

    def rank(self, query: str, cutoff: float = SEARCH_CUTOFF, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        q = norm_name(query)
        if not q:
            return []
        best: dict[str, float] = {}
        spaced = " " + q
        for key, name in zip(self.keys, self.names, strict=True):
            if name == q or key.lower() == q:
                best[key] = 101.0
            elif key not in best and (name.startswith(q) or spaced in name):
                best[key] = 100.0
        fuzzy: dict[str, float] = {}
        for keys, choices, penalty in ((self.keys, self.names, 0.0), (self.word_keys, self.words, 5.0)):
            for _, score, i in process.extract(q, choices, scorer=fuzz.QRatio, score_cutoff=cutoff + penalty,
                                               limit=None):
                key = keys[i]
                if key not in best:
                    fuzzy[key] = max(fuzzy.get(key, 0.0), float(score) - penalty)
        best.update(fuzzy)
        ranked = sorted(((k, v) for k, v in best.items() if allowed is None or k in allowed),
                        key=lambda kv: (-kv[1], kv[0]))
        return [(k, min(v, 100.0)) for k, v in ranked]
