"""ACLED export files: comma-separated, one header line with ACLED's published column names (the ACLED
Codebook, "ACLED Data Columns at a Glance": event_id_cnty, event_date, year, time_precision, disorder_type,
event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
civilian_targeting, iso, region, country, admin1, admin2, admin3, location, latitude, longitude,
geo_precision, source, source_scale, notes, fatalities, tags, timestamp). Columns are found by name, so
older and newer exports (numeric or worded ``inter`` codes, ``event_date`` as 2024-01-15 or 15 January 2024)
read alike.

Actors: state forces and external forces ("Military Forces of Sudan (2019-)", inter code 1 or 8) are the
state named after "of" (else the event's country); rebels and militias (2, 3, 4) are Organizations, known
ones by their gazetteer name; rioters, protesters, civilians (5, 6, 7) and unidentified groups map to
nothing. ACLED's actor order does not say who acted on whom; the crosswalk reads actor1 as the doer, and a
battle both ways.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from typing import IO

from graph.coded import CodedEvent
from graph.model import Actor
from loaders import crosswalk
from loaders.coded import DEFAULT_CONFIDENCE, BadRow, Item, Unmapped, links, number

REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2")
INTER_WORDS = {"state forces": 1, "rebel group": 2, "political militia": 3, "identity militia": 4, "rioters": 5,
               "protesters": 6, "civilians": 7, "external/other forces": 8}
STATE_FORCES = re.compile(r"\bof (?:the )?([A-Z][A-Za-z .'-]+?)\s*(?:\(|$)")


def read(name: str, stream: IO[str], confidence: float | None = None) -> Iterator[Item]:
    conf = DEFAULT_CONFIDENCE["acled"] if confidence is None else confidence
    rows = csv.reader(stream)
    header = next(rows, None)
    if header is None:
        return
    col = {h.strip().lower(): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c not in col]
    if missing:
        yield BadRow(f"{name}:1", f"not an ACLED export: no column {', '.join(missing)}")
        return
    for row in rows:
        where = f"{name}:{rows.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield BadRow(where, f"{len(row)} fields, the header has {len(header)}")
            continue
        try:
            yield _event({k: row[i].strip() for k, i in col.items()}, where, conf)
        except ValueError as exc:
            yield BadRow(where, str(exc))


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"event_date {text!r} is not a date (2024-01-15 or 15 January 2024)")


def _inter(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    return INTER_WORDS.get(value)


def _actor(name: str, inter: int | None, country: str) -> Actor | None:
    actors = crosswalk.actors()
    if not name or name.lower().startswith(("unidentified", "civilians", "protesters", "rioters")):
        return None
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    if (known := actors.known_organization(bare)) is not None:
        return known
    if inter in (1, 8):
        m = STATE_FORCES.search(name)
        state = actors.state_named(m.group(1).strip()) if m else None
        return state or actors.state_named(country)
    if inter in (2, 3, 4):
        return actors.organization(bare)
    return None


def _event(r: dict[str, str], where: str, conf: float) -> CodedEvent | Unmapped:
    event_id = r["event_id_cnty"]
    if not event_id:
        raise ValueError("event_id_cnty is empty")
    day = _date(r["event_date"])
    fatalities = number(r.get("fatalities", ""), "fatalities", int)
    mapping = crosswalk.acled(r["event_type"], r["sub_event_type"])
    if mapping is None:
        raise ValueError(f"event_type {r['event_type']!r} / sub_event_type {r['sub_event_type']!r} is not ACLED's")
    if mapping.type is None:
        return Unmapped(f"event type {r['event_type']}")
    country = r.get("country", "")
    a = _actor(r["actor1"], _inter(r.get("inter1", "")), country)
    b = _actor(r["actor2"], _inter(r.get("inter2", "")), country)
    found = links(mapping, a, b)
    if isinstance(found, Unmapped):
        return found
    place = ", ".join(p for p in (r.get("location", ""), country) if p)
    text = (f"ACLED event {event_id} on {day.isoformat()}{' in ' + place if place else ''}: {r['event_type']}"
            f" ({r['sub_event_type']}), {r['actor1']} against {r['actor2']}"
            f"{f', {fatalities} fatalities' if fatalities is not None else ''}")
    attributes = {"fatalities": fatalities, "event_type": r["event_type"], "sub_event_type": r["sub_event_type"],
                  "disorder_type": r.get("disorder_type") or None, "country": country or None,
                  "location": r.get("location") or None, "sources": (r.get("source") or "")[:200] or None}
    return CodedEvent(f"acled:{event_id}", day, text, found, "acled", conf, source=where,
                      attributes={k: v for k, v in attributes.items() if v is not None})
