"""POLECAT and ICEWS event files: tab-separated, one header line, columns found by their published names.

- POLECAT (weekly files on Harvard Dataverse, doi:10.7910/DVN/AJGVIT; Halterman et al. 2023): Event ID, Event
  Date, Event Type, Event Mode, Intensity (or Event Intensity), Quad Code, Contexts, Actor Name, Actor Country,
  Actor COW, Primary Actor Sector, Actor Sectors, Actor Title, Actor Name Raw, Wikipedia Actor ID, the same nine
  for the Recipient, Placename, City, District, Province, Country, Latitude, Longitude, GeoNames ID, Raw
  Placename, Feature Type, Source, Publication Date, Story People, Story Organizations, Story Locations,
  Language, Version. Event types are PLOVER's (crosswalk_plover.tsv).
- ICEWS Coded Event Data (Harvard Dataverse, doi:10.7910/DVN/28075; Boschee et al. 2015): Event ID, Event Date,
  Source Name, Source Sectors, Source Country, Event Text, CAMEO Code, Intensity, Target Name, Target Sectors,
  Target Country, Story ID, Sentence Number, Publisher, City, District, Province, Country, Latitude,
  Longitude. Event codes are CAMEO's (crosswalk_cameo.tsv).

Actors: a name that is a state's name is that State; a name the gazetteer knows as an organization ("NATO",
"Hamas") is that Organization; a generic name "Military (Iran)", or a sector list, says a role (government →
the state itself, military → its Armed Forces, police, intelligence, judiciary, parliament); a named person
of a state with a governmental or military role is an Officer of that state (POLECAT: with an Actor Title).
Everyone else (citizens, businesses, media, unnamed groups) maps to nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import IO

from graph.coded import CodedEvent
from graph.model import Actor
from loaders import crosswalk
from loaders.coded import DEFAULT_CONFIDENCE, BadRow, Item, Unmapped, links, number

POLECAT_REQUIRED = ("Event ID", "Event Date", "Event Type", "Actor Name", "Recipient Name")
ICEWS_REQUIRED = ("Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name")
GENERIC = re.compile(r"^(.+?)\s*\(([^)]+)\)$")  # "Military (Iran)"


def _rows(name: str, stream: IO[str], required: tuple[str, ...], what: str) -> Iterator[tuple[str, dict] | BadRow]:
    rows = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if header is None:
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        yield BadRow(f"{name}:1", f"not a {what} file: no column {', '.join(missing)}")
        return
    for row in rows:
        where = f"{name}:{rows.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield BadRow(where, f"{len(row)} tab-separated fields, the header has {len(header)}")
            continue
        yield where, {h: c.strip() for h, c in zip(header, row, strict=True)}


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{what} {text!r} is not an ISO date (2024-01-15)") from None


def _actor(name: str, country: str, sectors: str, person: bool) -> Actor | None:
    """The actor of a POLECAT or ICEWS name (see the module's doc)."""
    actors = crosswalk.actors()
    if not name or name.lower() in ("none", "null"):
        return None
    if (state := actors.state_named(name)) is not None:
        return state
    if (org := actors.known_organization(name)) is not None:
        return org
    state = actors.state_named(country)
    generic = GENERIC.match(name)
    if generic:  # "Government (Iran)": the role word, the country in brackets
        state = actors.state_named(generic.group(2)) or state
        role = crosswalk.role_of_words(generic.group(1))
        return actors.role(state, role) if state and role else None
    role = crosswalk.role_of_words(sectors)
    if state is None or not role:
        return None
    if person:
        return actors.officer(name, state)
    return actors.role(state, role)


def read_polecat(name: str, stream: IO[str], confidence: float | None = None) -> Iterator[Item]:
    conf = DEFAULT_CONFIDENCE["polecat"] if confidence is None else confidence
    return _events(_rows(name, stream, POLECAT_REQUIRED, "POLECAT"), _polecat, conf)


def _events(rows: Iterator, parse: Callable[[dict[str, str], str, float], Item], conf: float) -> Iterator[Item]:
    """Each row parsed into an event; a row that cannot be is a BadRow naming its line and why."""
    for item in rows:
        if isinstance(item, BadRow):
            yield item
            continue
        where, r = item
        try:
            yield parse(r, where, conf)
        except ValueError as exc:
            yield BadRow(where, str(exc))


def _polecat(r: dict[str, str], where: str, conf: float) -> CodedEvent | Unmapped:
    event_id = r["Event ID"]
    if not event_id:
        raise ValueError("Event ID is empty")
    day = _date(r["Event Date"], "Event Date")
    kind, mode = r["Event Type"], r.get("Event Mode", "")
    intensity = number(r.get("Intensity") or r.get("Event Intensity") or "", "Intensity")
    mapping = crosswalk.plover(kind, mode)
    if mapping is None:
        raise ValueError(f"Event Type {kind!r} is not a PLOVER event type")
    if mapping.type is None:
        return Unmapped(f"event type {kind.upper()}")
    sides = []
    for side in ("Actor", "Recipient"):
        sectors = ",".join(x for x in (r.get(f"Primary {side} Sector", ""), r.get(f"{side} Sectors", "")) if x)
        sides.append(_actor(r[f"{side} Name"], r.get(f"{side} Country", ""), sectors,
                            person=bool(r.get(f"{side} Title"))))
    a, b = sides
    found = links(mapping, a, b)
    if isinstance(found, Unmapped):
        return found
    text = (f"POLECAT event {event_id} on {day.isoformat()}: {r['Actor Name']} {kind.upper()}"
            f"{f' ({mode})' if mode else ''} {r['Recipient Name']}")
    attributes = {"event_type": kind.upper(), "event_mode": mode or None, "intensity": intensity,
                  "quad_code": r.get("Quad Code") or None, "contexts": (r.get("Contexts") or "")[:200] or None,
                  "publisher": r.get("Source") or None, "language": r.get("Language") or None}
    return CodedEvent(f"polecat:{event_id}", day, text, found, "polecat", conf, source=where,
                      attributes={k: v for k, v in attributes.items() if v is not None})


def read_icews(name: str, stream: IO[str], confidence: float | None = None) -> Iterator[Item]:
    conf = DEFAULT_CONFIDENCE["icews"] if confidence is None else confidence
    return _events(_rows(name, stream, ICEWS_REQUIRED, "ICEWS"), _icews, conf)


def _icews(r: dict[str, str], where: str, conf: float) -> CodedEvent | Unmapped:
    event_id = r["Event ID"]
    if not event_id:
        raise ValueError("Event ID is empty")
    day = _date(r["Event Date"], "Event Date")
    code = r["CAMEO Code"]
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise ValueError(f"CAMEO Code {code!r} is not a CAMEO code")
    intensity = number(r.get("Intensity", ""), "Intensity")
    mapping = crosswalk.cameo(code)
    if mapping is None or mapping.type is None:
        return Unmapped(f"event code {code[:3]}")
    sides = []
    for side in ("Source", "Target"):
        sectors = r.get(f"{side} Sectors", "")
        named_person = not GENERIC.match(r[f"{side} Name"]) and bool(crosswalk.role_of_words(sectors))
        sides.append(_actor(r[f"{side} Name"], r.get(f"{side} Country", ""), sectors, person=named_person))
    a, b = sides
    found = links(mapping, a, b)
    if isinstance(found, Unmapped):
        return found
    # ICEWS repeats an Event ID across some records: the story and sentence make the id unique
    parts = [event_id, r.get("Story ID", ""), r.get("Sentence Number", "")]
    text = (f"ICEWS event {event_id} on {day.isoformat()}: {r['Source Name']} "
            f"{r.get('Event Text') or mapping.label} [CAMEO {code}] {r['Target Name']}")
    attributes = {"event_code": code, "intensity": intensity, "publisher": r.get("Publisher") or None,
                  "story_id": r.get("Story ID") or None}
    return CodedEvent("icews:" + "-".join(p for p in parts if p), day, text, found, "icews", conf, source=where,
                      attributes={k: v for k, v in attributes.items() if v is not None})

