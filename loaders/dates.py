"""Where an article's date comes from when its source gives none: a dateline, YAML front matter, or a
first ``Date:`` line.

A wire story opens with a dateline: the place it was filed, the day, the agency, a dash:

>>> d = dateline("GEORGETOWN, March 3 (Wire) - Guyana accused Venezuela of massing troops.",
...              reference=dt.date(2024, 5, 1))
>>> d.place, d.date, d.text
('GEORGETOWN', datetime.date(2024, 3, 3), 'GEORGETOWN, March 3 (Wire) -')

The year, when the dateline has none, is the one that puts the day on or before the reference date (the
article's publication date if known, else the day it is read). The dateline stays in the article's text:
only its date and place are read from it.

>>> front_matter("---\\ntitle: Border talks\\ndate: 2024-03-03\\n---\\nThe talks failed.")
({'title': 'Border talks', 'date': '2024-03-03'}, 'The talks failed.')
>>> front_matter("Date: 3 March 2024\\nThe talks failed.")
({'date': '3 March 2024'}, 'The talks failed.')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from graph.errors import InvalidInput

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# PLACE[, Region], Month Day[, Year] [(Agency)] dash   — or the day before the month ("3 March")
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?)\s*,\s*"
    rf"(?P<day>(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})(?:,?\s+\d{{4}})?)"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*[-–—]+")
# The dateline that opens a wire story, dated or not: "WASHINGTON (AFP) - ", "THE HAGUE, March 3 (Reuters) — ",
# "BELGRADE -- ". The place is in capitals; what follows the dash is the lead sentence (loaders/extract.py).
OPENING = re.compile(
    r"[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?"
    rf"(?:\s*,\s*(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})(?:,?\s+\d{{4}})?)?"
    r"\s*,?\s*(?:\([^()\n]{1,40}\))?\s*(?:-{1,2}|[–—])[ \t]+(?=\S)")
FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
DATE_LINE = re.compile(r"\A\ufeff?\s*Date:[ \t]*(?P<date>[^\n]+)\n", re.I)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str  # as written: "GEORGETOWN", "NEW YORK"
    date: dt.date
    text: str  # the whole dateline, dash included
    agency: str | None = None


def _parse_day(text: str, reference: dt.date) -> dt.date | None:
    import dateparser  # a second to import: only when a dateline or Date: line is there

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "STRICT_PARSING": False,
                "RELATIVE_BASE": dt.datetime.combine(reference, dt.time())}
    found = dateparser.parse(text, languages=["en"], settings=settings)
    if found is None:
        return None
    day = found.date()
    if not re.search(r"\d{4}", text) and day > reference:  # no year: the last such day up to the reference
        day = day.replace(year=day.year - 1)
    return day


def dateline(text: str, reference: dt.date | None = None) -> Dateline | None:
    """The dateline that opens ``text`` or the paragraph after its title line, or None."""
    lines = [line for line in text[:600].splitlines() if line.strip()][:2]
    m = next((m for m in map(DATELINE.match, lines) if m), None)
    if not m:
        return None
    day = _parse_day(m.group("day"), reference or dt.date.today())
    if day is None:
        return None
    place = " ".join(m.group("place").split())
    return Dateline(place, day, m.group(0).strip(), m.group("agency"))


def front_matter(text: str) -> tuple[dict, str]:
    """The metadata that opens a text or Markdown article (YAML front matter between ``---`` lines, or a
    first ``Date:`` line) and the text after it. InvalidInput naming the problem when the front matter is not
    YAML mapping names to values."""
    m = FRONT.match(text)
    if m:
        try:
            meta = yaml.safe_load(m.group("yaml")) or {}
        except yaml.YAMLError as exc:
            raise InvalidInput(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
        if not isinstance(meta, dict):
            raise InvalidInput("front matter must be YAML 'name: value' lines")
        return {str(k).lower(): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in meta.items()}, \
            text[m.end():]
    m = DATE_LINE.match(text)
    if m:
        return {"date": m.group("date").strip()}, text[m.end():]
    return {}, text


def parse_date(value: object, reference: dt.date | None = None) -> dt.date:
    """A date written by a person: ISO (``2024-03-03``), ``3 March 2024``, ``March 3, 2024``, RFC 2822;
    InvalidInput naming the value when it is none of them."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    day = _parse_day(text, reference or dt.date.today()) if text else None
    if day is None:
        raise InvalidInput(f"date {text!r} is not a date (e.g. 2024-03-03 or 3 March 2024)")
    return day
