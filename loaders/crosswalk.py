"""What coded event data becomes in the graph: event codes to relation types, actor codes to actors.

The tables are data files (``data/crosswalk_cameo.tsv``, ``crosswalk_plover.tsv``, ``crosswalk_acled.tsv``,
``cameo_actors.tsv``), documented as tables in the README; this module only reads them.

>>> cameo("1121")  # "Accuse of crime, corruption": the row of its base code 112
Mapping(type=<RelationType.ACCUSES: 'ACCUSES'>, direction='forward', label='Accuse')
>>> cameo("0874") is None or cameo("0874").type is None  # Yield: maps to nothing
True
>>> plover("AID", "military").type, plover("aid", "economic").type
(<RelationType.ARMS: 'ARMS'>, <RelationType.SUPPORTS: 'SUPPORTS'>)
>>> actors().cameo(country="IRN", role="MIL").key
'ministry:irn:armed-forces'
>>> actors().cameo(country="USA", group="NAT").key, actors().cameo(country="IRN", role="OPP")
('organization:north-atlantic-treaty-organization', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.identity import actor_key
from graph.model import Actor, ActorKind, RelationType
from loaders import gazetteer

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Mapping:
    """One crosswalk row: the relation type (None: the code maps to nothing), its direction and a label."""

    type: RelationType | None
    direction: str  # forward | reverse | both
    label: str = ""


def _rows(name: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("\t")]
            for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _mapping(relation: str, direction: str, label: str = "") -> Mapping:
    if direction not in ("forward", "reverse", "both"):
        raise ValueError(f"crosswalk direction {direction!r}: expected forward, reverse or both")
    return Mapping(None if relation == "-" else RelationType(relation), direction, label)


@lru_cache(maxsize=1)
def _cameo() -> dict[str, Mapping]:
    return {code: _mapping(rel, direction, label) for code, rel, direction, label in _rows("crosswalk_cameo.tsv")}


@lru_cache(maxsize=4096)
def cameo(code: str) -> Mapping | None:
    """The row of the most specific prefix of a CAMEO event code (4, 3, then 2 digits); None if none."""
    table = _cameo()
    code = code.strip()
    for n in (4, 3, 2):
        hit = table.get(code[:n]) if len(code) >= n else None
        if hit is not None:
            return hit
    return None


@lru_cache(maxsize=1)
def _plover() -> dict[tuple[str, str], Mapping]:
    return {(kind.upper(), mode.lower()): _mapping(rel, direction) for kind, mode, rel, direction
            in _rows("crosswalk_plover.tsv")}


@lru_cache(maxsize=1024)
def plover(event_type: str, mode: str = "") -> Mapping | None:
    """The row of a PLOVER event type and mode (the type's ``*`` row when the mode has none)."""
    table = _plover()
    kind = event_type.strip().upper()
    return table.get((kind, mode.strip().lower())) or table.get((kind, "*"))


@lru_cache(maxsize=1)
def _acled() -> dict[tuple[str, str], Mapping]:
    return {(kind.lower(), sub.lower()): _mapping(rel, direction) for kind, sub, rel, direction
            in _rows("crosswalk_acled.tsv")}


@lru_cache(maxsize=1024)
def acled(event_type: str, sub_event_type: str = "") -> Mapping | None:
    table = _acled()
    kind = event_type.strip().lower()
    return table.get((kind, sub_event_type.strip().lower())) or table.get((kind, "*"))


# words of an ICEWS/POLECAT sector or generic actor name -> role code of cameo_actors.tsv
ROLE_WORDS = {"government": "GOV", "executive": "GOV", "cabinet": "GOV", "head of state": "GOV",
              "head of government": "GOV", "foreign ministry": "GOV", "ministry": "GOV", "diplomat": "GOV",
              "military": "MIL", "armed forces": "MIL", "army": "MIL", "navy": "MIL", "air force": "MIL",
              "police": "COP", "law enforcement": "COP", "intelligence": "SPY", "judiciary": "JUD",
              "court": "JUD", "legislature": "LEG", "parliament": "LEG", "legislative": "LEG"}


class Actors:
    """Actors of coded data, each built once: states by ISO code, organizations, a state's ministries."""

    def __init__(self) -> None:
        self.gaz = gazetteer.load()
        self.groups: dict[str, str] = {}
        self.countries: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        for table, code, value in _rows("cameo_actors.tsv"):
            {"group": self.groups, "country": self.countries, "role": self.roles}[table][code.upper()] = value
        self._made: dict[tuple, Actor | None] = {}
        self._states: dict[str, Actor | None] = {}
        self._cameo: dict[tuple[str, str, str], Actor | None] = {}

    def state(self, code: str) -> Actor | None:
        """The State of an ISO 3166-1 alpha-3 (or CAMEO country) code; None for regions and unknown codes."""
        try:
            return self._states[code]
        except KeyError:
            hit = self._states[code] = self._state(code)
            return hit

    def _state(self, code: str) -> Actor | None:
        code = code.strip().upper()
        code = self.countries.get(code, code)
        entry = self.gaz.states.get(code)
        if entry is None:
            return None
        return self._once(("state", code), lambda: Actor(key=code, kind=ActorKind.STATE, name=entry.name))

    def state_named(self, name: str) -> Actor | None:
        """The State a country name (or code) stands for, as the gazetteer knows it."""
        name = name.strip()
        if not name:
            return None
        if re.fullmatch(r"[A-Za-z]{3}", name) and (hit := self.state(name)) is not None:
            return hit
        entry = self.gaz.forms.get(name)
        if entry is None or entry.kind is not ActorKind.STATE or not entry.key:
            return None
        return self.state(entry.key)

    def organization(self, name: str) -> Actor:
        entry = self.gaz.forms.get(name)
        if entry is not None and entry.kind is ActorKind.ORGANIZATION:
            name = entry.name
        return self._once(("org", name), lambda: Actor(key=actor_key("Organization", name),
                                                      kind=ActorKind.ORGANIZATION, name=name))

    def known_organization(self, name: str) -> Actor | None:
        """The Organization the gazetteer knows by this name ("NATO", "Hamas"), else None."""
        entry = self.gaz.forms.get(name.strip())
        if entry is None or entry.kind is not ActorKind.ORGANIZATION:
            return None
        return self.organization(entry.name)

    def role(self, state: Actor, role: str) -> Actor | None:
        """The state itself, one of its ministries, or None, as ``role`` (a CAMEO role code) says."""
        value = self.roles.get(role.strip().upper())
        if value is None or value == "-":
            return None
        if value == "state":
            return state
        return self._once(("ministry", state.key, value), lambda: Actor(
            key=actor_key("Ministry", value, state=state.key), kind=ActorKind.MINISTRY, name=value, state=state.key))

    def officer(self, name: str, state: Actor) -> Actor:
        return self._once(("officer", state.key, name), lambda: Actor(
            key=actor_key("Officer", name, state=state.key), kind=ActorKind.OFFICER, name=name, state=state.key))

    def cameo(self, country: str = "", group: str = "", role: str = "") -> Actor | None:
        """A CAMEO actor: its known group's Organization, else its country's State or ministry by role code
        (no role code: the state itself; a role of no state actor, such as OPP or CVL: None)."""
        key = (country, group, role)
        try:
            return self._cameo[key]
        except KeyError:
            hit = self._cameo[key] = self._cameo_actor(country, group, role)
            return hit

    def _cameo_actor(self, country: str, group: str, role: str) -> Actor | None:
        if group and group.upper() in self.groups:
            return self.organization(self.groups[group.upper()])
        state = self.state(country) if country else None
        if state is None:
            return None
        return self.role(state, role) if role else state

    def _once(self, key: tuple, make) -> Actor:
        hit = self._made.get(key)
        if hit is None:
            hit = self._made[key] = make()
        return hit


@lru_cache(maxsize=1)
def actors() -> Actors:
    return Actors()


def role_of_words(text: str) -> str:
    """The CAMEO role code that words of a sector list or generic name stand for ("" for none).

    >>> role_of_words("Military,Army"), role_of_words("Government"), role_of_words("Citizen")
    ('MIL', 'GOV', '')
    """
    low = text.lower()
    for part in re.split(r"[,;|]", low):
        part = part.strip()
        if part in ROLE_WORDS:
            return ROLE_WORDS[part]
        if part.upper() in ("GOV", "MIL", "COP", "SPY", "JUD", "LEG"):
            return part.upper()
    return ""
