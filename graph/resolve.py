"""Match names: new actors against the graph's known actors, and search queries against names.

An Officer, Ministry or Organization read from a new article is the same actor as a stored one of the
same kind and the same state (or organization) when their names agree after normalisation, or are
close under rapidfuzz's ``ratio`` (spelling variants: "Kanaani", "Kana'ani", "Kanani"), or when one is
the other's surname, or (officers) when every word of the shorter of two names of two words or more is
in the longer one ("Padrino Lopez", "Vladimir Padrino" and "Vladimir Padrino López"). States need no
matching: their key is the ISO code.

An officer whose article gave no state or organization ("Defence Minister Padrino Lopez said ...") is
matched against the officers of every state: it is the one it matches when exactly one does, and stays a
new actor when none or several do (two people who share a surname are never merged on the surname alone).

The known names live in a :class:`KnownNames` index that a store keeps up to date as it writes, so that the
cost of matching a new actor does not grow with the number of actors the graph knows (see the class).

>>> known = KnownNames()
>>> known.add("officer:irn:nasser-kanaani", "Officer", "IRN", ["Nasser Kanaani"])
>>> match_known_actors([Actor("officer:irn:nasser-kanani", "Officer", "Nasser Kanani", state="IRN")], known)
{'officer:irn:nasser-kanani': 'officer:irn:nasser-kanaani'}
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from graph.identity import TITLES
from graph.model import Actor, ActorKind

# A new name this close (0-100, rapidfuzz ratio on normalised names) to a known one is the same actor.
SAME_NAME_SCORE = 88.0
# Search results below this score (0-100) are dropped.
SEARCH_CUTOFF = 70.0


_LEADING = TITLES | {"the"}


def norm_name(text: str) -> str:
    """Lower-case ASCII words without punctuation, apostrophes or leading titles."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1 and words[0] in _LEADING:
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
                short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
                # "Padrino Lopez" / "Vladimir Padrino Lopez": the shorter name's words all in the longer one
                if len(short) >= 2 and set(short) <= set(long):
                    score = max(score, 95.0)
                # "Heydari" against "Kioumars Heydari": same surname, one side has it alone
                if (len(wa) == 1 or len(wb) == 1) and len(wa[-1]) >= 4 and fuzz.ratio(wa[-1], wb[-1]) >= SAME_NAME_SCORE:
                    score = max(score, 95.0)
                # "K. Heydari" / "Kioumars Heydari": initials agree and surnames agree
                elif wa[-1] == wb[-1] and wa[0][0] == wb[0][0]:
                    score = max(score, 95.0)
            best = max(best, score)
    return best


def match_known_actors(actors: list[Actor], known: KnownNames) -> dict[str, str]:
    """New actor key → key of the stored actor it is, for each actor that matches a different stored one.
    Only the few candidates the index proposes are scored (:meth:`KnownNames.candidates`)."""
    renames: dict[str, str] = {}
    for actor in actors:
        if actor.kind is ActorKind.STATE:
            continue
        kind, scope = actor.kind.value, actor.state or actor.organization
        names = {norm_name(n) for n in (actor.name, *actor.aliases)} - {""}
        officer = actor.kind is ActorKind.OFFICER
        if officer and scope is None:  # no state said: the one officer of a state it can only be
            found = {key for other in known.scopes(kind) if other is not None
                     for key in known.candidates(kind, other, names, officer)
                     if _same(names, known.names(key), officer) >= SAME_NAME_SCORE}
            if len(found) == 1:
                renames[actor.key] = found.pop()
                continue
        if known.knows(kind, scope, actor.key):
            continue
        best_key, best = None, 0.0
        scores = {key: _same(names, known.names(key), officer) for key in known.candidates(kind, scope, names, officer)}
        for key, score in scores.items():
            if score > best:
                best_key, best = key, score
        if officer and all(len(n.split()) == 1 for n in names) and sum(s == best for s in scores.values()) > 1:
            continue  # a surname alone that two known people hold: neither of them
        if best_key and best >= SAME_NAME_SCORE:
            renames[actor.key] = best_key
    return renames


def stateless_namesakes(key: str, names: Iterable[str], known: KnownNames) -> list[str]:
    """Officers the graph keeps without a state who are the officer ``key`` of a state, named ``names`` (as
    written) in a later article: each stateless officer whose names match these, whose names are not a surname
    alone (which may be anyone's), and who matches no officer of another state (two namesakes in two states:
    neither). The store merges them into ``key``, so that what it knew of the man follows him to his state.

    >>> known = KnownNames()
    >>> known.add("officer:padrino-lopez", "Officer", None, ["Padrino Lopez"])
    >>> known.add("officer:rodriguez", "Officer", None, ["Rodriguez"])
    >>> stateless_namesakes("officer:ven:vladimir-padrino-lopez", ["Vladimir Padrino López"], known)
    ['officer:padrino-lopez']
    """
    kind = ActorKind.OFFICER.value
    mine = {norm_name(n) for n in names} - {""}
    found = []
    for old in known.candidates(kind, None, mine, officer=True):
        theirs = known.names(old)
        if old == key or all(len(n.split()) == 1 for n in theirs) or _same(mine, theirs, True) < SAME_NAME_SCORE:
            continue
        holders = {other for scope in known.scopes(kind) if scope is not None
                   for other in known.candidates(kind, scope, theirs, officer=True)
                   if _same(theirs, known.names(other), True) >= SAME_NAME_SCORE}
        if holders <= {key}:
            found.append(old)
    return found


def rank_names(query: str, names: dict[str, set[str]], cutoff: float = SEARCH_CUTOFF) -> list[tuple[str, float]]:
    """Keys whose names match ``query``, best first: exact, then prefix, then fuzzy (rapidfuzz QRatio
    against whole names and single words).

    >>> rank_names("azer", {"AZE": {"Azerbaijan", "Azeri"}, "IRN": {"Iran"}})
    [('AZE', 100.0)]
    """
    return NameIndex(names).rank(query, cutoff)


class NameIndex:
    """The names of many actors normalised once, for repeated searches (stores keep one per generation of
    their projection, extended by each write that names actors anew). Exact and prefix matches are looked up
    (every name sits in one string, where ``str.find`` finds the names holding a word that starts with the query,
    in C); fuzzy scoring runs in rapidfuzz's C loop over each distinct name and word once (actors share words:
    "ministry", "of", "foreign"), the keys holding it looked up after."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        self.keys: list[str] = []  # one per name, in the order of the blob
        # lower-cased key, distinct normalised name, distinct word -> the keys holding it: tuples of strings, which
        # copies of the index share and Python's cyclic collector stops tracking (a frozenset each stayed in every
        # full collection's walk: 130k of them at 40k actors)
        self._lower_keys: dict[str, tuple[str, ...]] = {}
        self._name_keys: dict[str, tuple[str, ...]] = {}
        self._word_keys: dict[str, tuple[str, ...]] = {}
        self._blob: list[str] = ["\n"]  # the names, each after a newline (they hold none: norm_name), in parts
        self._starts: list[int] = []  # where names[i] begins in the joined blob
        self._size = 1
        self._add((key, alias) for key, aliases in names.items() for alias in aliases)

    def _add(self, named: Iterable[tuple[str, str]]) -> None:
        lower: dict[str, list[str]] = {}
        names: dict[str, list[str]] = {}
        words: dict[str, list[str]] = {}
        for key, alias in named:
            name = norm_name(alias)
            self.keys.append(key)
            lower.setdefault(key.lower(), []).append(key)
            names.setdefault(name, []).append(key)
            for word in name.split():
                words.setdefault(word, []).append(key)
            self._starts.append(self._size)
            self._blob.append(name + "\n")
            self._size += len(name) + 1
        for index, new in ((self._lower_keys, lower), (self._name_keys, names), (self._word_keys, words)):
            _file(index, new)
        self._joined: str | None = None
        self._choices: tuple[list[str], list[str]] | None = None

    def extended(self, named: Iterable[tuple[str, str]]) -> NameIndex:
        """A copy with more (key, name) pairs: what a store's next snapshot gets after a write named actors
        anew (lists and dicts copied in C, only the new names normalised and filed)."""
        out = NameIndex({})
        out.keys = list(self.keys)
        out._lower_keys, out._name_keys, out._word_keys = (dict(self._lower_keys), dict(self._name_keys),
                                                           dict(self._word_keys))
        out._blob, out._starts, out._size = [self._text()], list(self._starts), self._size
        out._add(named)
        return out

    def _text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self._blob)
            self._blob = [self._joined]
        return self._joined

    def rank(self, query: str, cutoff: float = SEARCH_CUTOFF, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        q = norm_name(query)
        if not q:
            return []
        best = dict.fromkeys((*self._name_keys.get(q, ()), *self._lower_keys.get(q, ())), 101.0)
        text = self._text()
        for needle in ("\n" + q, " " + q):  # a name, or a word of it, starting with the query
            at = text.find(needle)
            while at >= 0:
                best.setdefault(self.keys[bisect.bisect_right(self._starts, at + 1) - 1], 100.0)
                at = text.find(needle, at + len(needle))
        if self._choices is None:
            self._choices = list(self._name_keys), list(self._word_keys)
        fuzzy: dict[str, float] = {}
        for owners, choices, penalty in ((self._name_keys, self._choices[0], 0.0),
                                         (self._word_keys, self._choices[1], 5.0)):
            for choice, score, _ in process.extract(q, choices, scorer=fuzz.QRatio, score_cutoff=cutoff + penalty,
                                                    limit=None):
                for key in owners[choice]:
                    fuzzy[key] = max(fuzzy.get(key, 0.0), float(score) - penalty)
        for key, score in fuzzy.items():
            best.setdefault(key, score)
        ranked = sorted(((k, v) for k, v in best.items() if allowed is None or k in allowed),
                        key=lambda kv: (-kv[1], kv[0]))
        return [(k, min(v, 100.0)) for k, v in ranked]


def _file(index: dict[str, tuple[str, ...]], new: dict[str, list[str]]) -> None:
    """File the keys of each name under it, once each (a new tuple: copies of the index share the old one).

    >>> index = {"of": ("A",)}
    >>> _file(index, {"of": ["B", "A", "B"], "iran": ["C"]})
    >>> index
    {'of': ('A', 'B'), 'iran': ('C',)}
    """
    for name, keys in new.items():
        held = index.get(name, ())
        seen = set(held)
        index[name] = held + tuple(k for k in dict.fromkeys(keys) if k not in seen)


# A block holding more names than this is a common word's ("party", "front", "of"): a name with a rarer
# block is not compared with its names (bench/ingest_actors.py measures the effect on the ingest rate).
BLOCK_CAP = 256


def blocking_keys(name: str) -> set[str]:
    """The blocks a normalised name is filed under: each of its words, and its first two and last two
    letters. A spelling variant close enough to match almost always keeps one word intact ("nasser kanani")
    or agrees at one end ("hizbollah" / "hezbollah", "guards corps" / "guard corps").

    >>> sorted(blocking_keys("nasser kanaani"))
    ['<na', 'kanaani', 'nasser', 'ni>']
    """
    return {*name.split(), "<" + name[:2], name[-2:] + ">"}


def _ends(word: str) -> tuple[str, str]:
    return "<" + word[:2], word[-2:] + ">"


class _Block:
    """Names of one block, in lists as rapidfuzz takes them, with the key of each."""

    __slots__ = ("keys", "names")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.names: list[str] = []


class _Scope:
    """The known names of one kind acting for one state or organization."""

    __slots__ = ("blocks", "exact", "keys", "surname_blocks", "surnames")

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.exact: dict[str, str] = {}  # normalised name → the first key that had it
        self.blocks: dict[str, _Block] = {}  # blocking key → names filed under it
        self.surnames: dict[str, set[str]] = {}  # officers: last word → keys
        self.surname_blocks: dict[str, list[str]] = {}  # officers: ends of a last word → distinct last words

    def add(self, key: str, name: str) -> None:
        self.exact.setdefault(name, key)
        for block in blocking_keys(name):
            b = self.blocks.get(block) or self.blocks.setdefault(block, _Block())
            b.keys.append(key)
            b.names.append(name)
        last = name.rsplit(" ", 1)[-1]
        holders = self.surnames.get(last)
        if holders is None:
            holders = self.surnames[last] = set()
            for block in _ends(last):
                self.surname_blocks.setdefault(block, []).append(last)
        holders.add(key)

    def close_names(self, name: str) -> list[str]:
        """Keys of the names of ``name``'s blocks (the common words' skipped) that rapidfuzz finds close."""
        blocks = [b for b in map(self.blocks.get, blocking_keys(name)) if b is not None]
        if not blocks:
            return []
        chosen = [b for b in blocks if len(b.names) <= BLOCK_CAP] or [min(blocks, key=lambda b: len(b.names))]
        names = [n for b in chosen for n in b.names]
        keys = [k for b in chosen for k in b.keys]
        return [keys[i] for _, _, i in process.extract(name, names, scorer=fuzz.ratio, score_cutoff=SAME_NAME_SCORE,
                                                       limit=None)]

    def word_holders(self, name: str) -> list[str]:
        """Officers: keys of the names that hold every word of ``name`` (two words or more), or whose every
        word ``name`` holds, found through the rarest word's block."""
        words = name.split()
        blocks = [b for b in map(self.blocks.get, words) if b is not None and len(b.names) <= BLOCK_CAP]
        if len(words) < 2 or not blocks:
            return []
        mine = set(words)
        return [key for b in blocks for key, other in zip(b.keys, b.names, strict=True)
                if len(other.split()) >= 2 and (mine <= set(other.split()) or set(other.split()) <= mine)]

    def surname_holders(self, name: str) -> list[str]:
        """Officers: keys of the officers whose surname is ``name``'s, or close to it."""
        last = name.rsplit(" ", 1)[-1]
        lasts = {last}
        for block in _ends(last):
            lasts.update(other for other, _, _ in process.extract(
                last, self.surname_blocks.get(block, ()), scorer=fuzz.ratio, score_cutoff=SAME_NAME_SCORE, limit=None))
        return [key for other in sorted(lasts) for key in sorted(self.surnames.get(other, ()))]


class KnownNames:
    """The names and aliases of the graph's actors, normalised once and indexed per kind and scope (the state
    or organization they act for), for :func:`match_known_actors`.

    A new name is looked up in constant time for the exact match, then with one rapidfuzz pass
    (``ratio`` ≥ :data:`SAME_NAME_SCORE`) over the names of its blocks (:func:`blocking_keys`; blocks
    larger than :data:`BLOCK_CAP`, a common word's, are left out while a smaller one exists), and for an
    officer among the holders of its surname (exactly, or fuzzily among the surnames sharing its first or last
    two letters): the cost depends on the size of a block, not on the number of known actors. The price: a
    spelling that changes every rare word of a known name and both its ends is not compared with it.

    >>> known = KnownNames()
    >>> known.add("organization:hezbollah", "Organization", None, ["Hezbollah", "Hizbullah"])
    >>> known.candidates("Organization", None, {"hizbollah"}, officer=False)
    ['organization:hezbollah']
    >>> known.candidates("Organization", None, {"hamas"}, officer=False)
    []
    """

    def __init__(self) -> None:
        self._scopes: dict[tuple[str, str | None], _Scope] = {}
        self._where: dict[str, tuple[str, str | None]] = {}  # key → (kind, scope)
        self._names: dict[str, set[str]] = {}  # key → its normalised names
        self._raw: dict[str, set[str]] = {}  # key → its names as written (to normalise each only once)

    def add(self, key: str, kind: str, scope: str | None, names: Iterable[str]) -> None:
        """File ``key`` (an actor of ``kind`` acting for ``scope``) under ``names`` (as written; normalised
        here). A key already known keeps its kind and scope and gains the new names."""
        where = self._where.setdefault(key, (kind, scope))
        s = self._scopes.get(where) or self._scopes.setdefault(where, _Scope())
        s.keys.add(key)
        mine = self._names.setdefault(key, set())
        raws = self._raw.setdefault(key, set())
        for raw in names:
            if not raw or raw in raws:
                continue
            raws.add(raw)
            name = norm_name(raw)
            if name and name not in mine:
                mine.add(name)
                s.add(key, name)

    def scopes(self, kind: str) -> list[str | None]:
        """Every scope that holds actors of ``kind``."""
        return [scope for k, scope in self._scopes if k == kind]

    def knows(self, kind: str, scope: str | None, key: str) -> bool:
        s = self._scopes.get((kind, scope))
        return s is not None and key in s.keys

    def names(self, key: str) -> set[str]:
        """The normalised names of ``key`` (empty for an unknown key)."""
        return self._names.get(key, set())

    def candidates(self, kind: str, scope: str | None, names: set[str], officer: bool) -> list[str]:
        """Keys that may be the actor called ``names`` (normalised): the exact match alone when there is one,
        else the keys of the close names in the names' blocks and, for an officer, of its surname."""
        s = self._scopes.get((kind, scope))
        if s is None:
            return []
        for name in names:
            if name in s.exact:
                return [s.exact[name]]
        found: dict[str, None] = {}
        for name in names:
            found.update(dict.fromkeys(s.close_names(name)))
            if officer:
                found.update(dict.fromkeys(s.surname_holders(name)))
                found.update(dict.fromkeys(s.word_holders(name)))
        return list(found)
