"""The actor gazetteer: states, organizations and named institutions, found in text by name.

States come from pycountry (ISO 3166-1 names and official names) plus ``data/states.tsv`` (short
names, demonyms, capitals and seats of government used as metonyms, epithets). Organizations and
institutions come from ``data/organizations.tsv`` and ``data/institutions.tsv``. Geographic names that
contain a state's name but are not actors ("the Sea of Japan", "Latin America") block matches.

>>> gaz = load()
>>> [(m.text, m.entry.key, m.entry.form) for m in gaz.find("Tehran said the Iranian side and the IRGC reject NATO claims.")]
[('Tehran', 'IRN', 'capital'), ('Iranian', 'IRN', 'demonym'), ('IRGC', 'ministry:irn:islamic-revolutionary-guard-corps', 'name'), ('NATO', 'organization:north-atlantic-treaty-organization', 'name')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from graph.identity import actor_key
from graph.model import ActorKind

DATA = Path(__file__).parent / "data"

# Places whose names contain a state's name but which are not actors.
NON_ACTORS = (
    "South America", "Latin America", "Central America", "North America", "Sea of Japan", "East Sea",
    "Gulf of Mexico", "Gulf of Oman", "South China Sea", "East China Sea", "Korean Peninsula", "Indian Ocean",
    "Arabian Sea", "Persian Gulf", "Arabian Peninsula", "Gulf of Aden", "Turkish Straits", "New Mexico",
    "Washington Post", "Washington Times", "Jordan River", "Georgia State", "Indian Ocean", "Iranian Plateau",
    "Congo River", "Nagorno-Karabakh", "Karabakh", "Times of India", "Jerusalem Post", "Tehran Times",
)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: ActorKind
    key: str  # stable actor key (graph.identity)
    name: str  # canonical name
    state: str | None = None  # ISO3: the state itself, or the state an institution belongs to
    country: str | None = None  # an organization's home base
    form: str = "name"  # name | demonym | capital | block


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    text: str
    entry: Entry


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


class Gazetteer:
    """Names → entries, and a single regular expression that finds them (longest name first)."""

    def __init__(self) -> None:
        self.forms: dict[str, Entry] = {}
        self.states: dict[str, Entry] = {}
        extra = {row[0]: row for row in _rows("states.tsv")}
        for country in pycountry.countries:
            code = country.alpha_3
            row = extra.get(code)
            name = _split(row[1])[0] if row and len(row) > 1 and row[1] else getattr(country, "common_name", country.name)
            self._add_state(code, name, [country.name, getattr(country, "official_name", ""),
                                         getattr(country, "common_name", "")], row)
        for code, row in extra.items():
            if code not in self.states:  # codes outside ISO 3166-1 proper (XKX)
                self._add_state(code, _split(row[1])[0], [], row)
        for row in _rows("organizations.tsv"):
            name = row[0]
            home = row[2] if len(row) > 2 and row[2] else None
            entry = Entry(ActorKind.ORGANIZATION, actor_key(ActorKind.ORGANIZATION, name), name, country=home)
            for form in [name, *(_split(row[1]) if len(row) > 1 else [])]:
                self._put(form, entry)
        for row in _rows("institutions.tsv"):
            name, state = row[0], (row[2] if len(row) > 2 and row[2] else None)
            entry = Entry(ActorKind.MINISTRY, actor_key(ActorKind.MINISTRY, name, state=state), name, state=state)
            for form in [name, *(_split(row[1]) if len(row) > 1 else [])]:
                self._put(form, entry)
        block = Entry(ActorKind.STATE, "", "", form="block")
        for place in NON_ACTORS:
            self.forms[place] = block
        names = sorted(self.forms, key=len, reverse=True)
        alternation = "|".join(re.escape(n) for n in names)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")

    def _add_state(self, code: str, name: str, names: list[str], row: list[str] | None) -> None:
        entry = Entry(ActorKind.STATE, code, name, state=code)
        self.states[code] = entry
        forms = [name, *names]
        if row:
            forms += _split(row[1]) if len(row) > 1 else []
        for form in forms:
            if form and "," not in form and "(" not in form:
                self._put(form, entry)
                if form.startswith("the "):
                    self._put(form[4:], entry)
        if row:
            for demonym in _split(row[2]) if len(row) > 2 else []:
                self._put(demonym, Entry(ActorKind.STATE, code, name, state=code, form="demonym"))
                self._put(demonym + "s", Entry(ActorKind.STATE, code, name, state=code, form="demonym"))
            for capital in _split(row[3]) if len(row) > 3 else []:
                self._put(capital, Entry(ActorKind.STATE, code, name, state=code, form="capital"))

    def _put(self, form: str, entry: Entry) -> None:
        form = form.strip()
        if len(form) >= 2 and form not in self.forms:
            self.forms[form] = entry

    def find(self, text: str) -> list[Match]:
        """Every gazetteer name in ``text``, left to right, longest first, places that are not actors skipped."""
        found = []
        for m in self.pattern.finditer(text):
            entry = self.forms[m.group(0)]
            if text[max(0, m.start() - 3):m.start()].lower() in ("al-", "el-") or text[max(0, m.start() - 4):m.start()].lower() == "bin ":
                continue  # part of a person's name: "Mohammed Ali al-Houthi"
            if entry.form != "block":
                found.append(Match(m.start(), m.end(), m.group(0), entry))
        return found

    def state(self, code: str) -> Entry:
        return self.states[code]


@lru_cache(maxsize=8)
def organizations_of_kind(*kinds: str) -> frozenset[str]:
    """Keys of the organisations whose kind (the fourth column of ``data/organizations.tsv``) is one of ``kinds``.

    >>> "organization:north-atlantic-treaty-organization" in organizations_of_kind("alliance")
    True
    """
    return frozenset(actor_key(ActorKind.ORGANIZATION, row[0]) for row in _rows("organizations.tsv")
                     if len(row) > 3 and row[3] in kinds)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built once per process (about 0.1 s)."""
    return Gazetteer()
