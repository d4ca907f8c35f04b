"""GDELT event files: the 61 tab-separated columns of GDELT 2.0 (``*.export.CSV``), and the 57 (before April
2013) or 58 columns (with SOURCEURL) of GDELT 1.0's daily files. No header line; one event per line.

Layouts from the GDELT Event Codebook V2.0 (data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf)
and the GDELT 1.0 Event Database codebook: GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate, then ten
fields per actor (Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
Type1Code, Type2Code, Type3Code), IsRootEvent, EventCode, EventBaseCode, EventRootCode, QuadClass,
GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, three geography blocks (8 fields each in 2.0,
with ADM2Code; 7 in 1.0), DATEADDED and (2.0, late 1.0) SOURCEURL.

>>> import io
>>> row = ["1200000001", "20240115", "202401", "2024", "2024.0384", "IRNGOV", "IRAN", "IRN", "", "", "", "",
...        "GOV", "", "", "ISR", "ISRAEL", "ISR"] + [""] * 7 + ["1", "112", "112", "11", "3", "-2.0", "4", "1", "4",
...        "-5.2"] + [""] * 24 + ["20240115120000", "https://news.example.org/a"]
>>> [e] = read("f.csv", io.StringIO("\\t".join(row) + "\\n"))
>>> e.id, [(a.key, t.value, b.key) for a, t, b in e.links], e.attributes["goldstein"]
('gdelt:1200000001', [('IRN', 'ACCUSES', 'ISR')], -2.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO

from graph.coded import CodedEvent
from loaders import crosswalk
from loaders.coded import DEFAULT_CONFIDENCE, BadRow, Item, Unmapped, links, number

# column positions shared by both layouts (0-based)
ID, DAY = 0, 1
A1_CODE, A1_NAME, A1_COUNTRY, A1_GROUP, A1_TYPE = 5, 6, 7, 8, 12
A2_CODE, A2_NAME, A2_COUNTRY, A2_GROUP, A2_TYPE = 15, 16, 17, 18, 22
IS_ROOT, CODE, QUAD, GOLDSTEIN, MENTIONS, SOURCES, ARTICLES, TONE = 25, 26, 29, 30, 31, 32, 33, 34
# fields per layout -> (DATEADDED, SOURCEURL or None)
LAYOUTS = {61: (59, 60), 58: (56, 57), 57: (56, None)}


def read(name: str, stream: IO[str], confidence: float | None = None) -> Iterator[Item]:
    conf = DEFAULT_CONFIDENCE["gdelt"] if confidence is None else confidence
    actors = crosswalk.actors()
    for n, line in enumerate(stream, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        f = line.split("\t")
        where = f"{name}:{n}"
        layout = LAYOUTS.get(len(f))
        if layout is None:
            if n == 1 and f[0].strip().upper() == "GLOBALEVENTID":
                continue  # a header line some tools add
            yield BadRow(where, f"{len(f)} tab-separated fields; a GDELT 2.0 event has 61, a 1.0 event 57 or 58")
            continue
        try:
            yield _event(f, layout, where, conf, actors)
        except ValueError as exc:
            yield BadRow(where, str(exc))


def _event(f: list[str], layout: tuple[int, int | None], where: str, conf: float,
           actors: crosswalk.Actors) -> CodedEvent | Unmapped:
    event_id = f[ID].strip()
    if not event_id.isdigit():
        raise ValueError(f"GLOBALEVENTID {event_id!r} is not a number")
    day_text = f[DAY].strip()
    try:
        day = dt.date(int(day_text[:4]), int(day_text[4:6]), int(day_text[6:8]))
    except ValueError:
        raise ValueError(f"SQLDATE {day_text!r} is not a date (YYYYMMDD)") from None
    if len(day_text) != 8:
        raise ValueError(f"SQLDATE {day_text!r} is not a date (YYYYMMDD)")
    code = f[CODE].strip()
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise ValueError(f"EventCode {code!r} is not a CAMEO code")
    goldstein = number(f[GOLDSTEIN], "GoldsteinScale")
    quad = number(f[QUAD], "QuadClass", int)
    if goldstein is not None and not -10.0 <= goldstein <= 10.0:
        raise ValueError(f"GoldsteinScale {goldstein} is outside -10..10")
    mapping = crosswalk.cameo(code)
    if mapping is None or mapping.type is None:
        return Unmapped(f"event code {code[:3]}")
    a = actors.cameo(f[A1_COUNTRY], f[A1_GROUP], f[A1_TYPE])
    b = actors.cameo(f[A2_COUNTRY], f[A2_GROUP], f[A2_TYPE])
    if a is None or b is None:  # their names are the event's text below
        return Unmapped("actor")
    found = links(mapping, a, b)
    if isinstance(found, Unmapped):
        return found
    added, url_at = layout
    url = f[url_at].strip() if url_at is not None else ""
    attributes = {"event_code": code, "goldstein": goldstein, "quad_class": quad,
                  "num_mentions": number(f[MENTIONS], "NumMentions", int),
                  "num_sources": number(f[SOURCES], "NumSources", int),
                  "num_articles": number(f[ARTICLES], "NumArticles", int),
                  "avg_tone": number(f[TONE], "AvgTone"), "is_root": f[IS_ROOT].strip() == "1",
                  "date_added": f[added].strip()}
    name1, name2 = f[A1_NAME].strip() or a.name, f[A2_NAME].strip() or b.name
    text = (f"GDELT event {event_id} on {day.isoformat()}: {name1} ({f[A1_CODE].strip() or '-'}) "
            f"{mapping.label.lower()} [CAMEO {code}] {name2} ({f[A2_CODE].strip() or '-'})")
    return CodedEvent(f"gdelt:{event_id}", day, text, found, "gdelt", conf, url=url or None, source=where,
                      attributes={k: v for k, v in attributes.items() if v is not None})
