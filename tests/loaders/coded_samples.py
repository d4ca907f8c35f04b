"""Coded event files in each published layout, written by the tests with invented events (no downloads)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

Actor = tuple[str, str, str, str, str]  # CAMEO code, name, country code, known group code, type1 code
IRN_GOV: Actor = ("IRNGOV", "IRAN", "IRN", "", "GOV")
ISR: Actor = ("ISR", "ISRAEL", "ISR", "", "")
USA_MIL: Actor = ("USAMIL", "UNITED STATES", "USA", "", "MIL")
NATO: Actor = ("IGOWSTNAT", "NATO", "", "NAT", "")
IRN_OPP: Actor = ("IRNOPP", "IRAN", "IRN", "", "OPP")
UKR: Actor = ("UKR", "UKRAINE", "UKR", "", "")


def _actor_fields(a: Actor) -> list[str]:
    code, name, country, group, type1 = a
    return [code, name, country, group, "", "", "", type1, "", ""]


def gdelt_row(event_id: str, day: str, a: Actor, b: Actor, code: str, goldstein: str = "-2.0", quad: str = "3",
              url: str = "https://news.example.org/story", fields: int = 61) -> str:
    """One GDELT event line: 61 fields (2.0), 58 (1.0 with SOURCEURL) or 57 (1.0)."""
    row = [event_id, day, day[:6], day[:4], f"{day[:4]}.0411", *_actor_fields(a), *_actor_fields(b),
           "1", code, code[:3], code[:2], quad, goldstein, "6", "2", "6", "-3.5"]
    geo = 8 if fields == 61 else 7
    row += ["1", "Somewhere", "XX", "XX01", *(["XX01a"] if geo == 8 else []), "35.7", "51.4", "-1"] * 3
    row.append(day + "093000" if fields == 61 else day)
    if fields in (61, 58):
        row.append(url)
    assert len(row) == fields, len(row)
    return "\t".join(row)


def gdelt_file(path: Path) -> Path:
    """Four good events (two mapped to nothing), three bad rows, in the 2.0 layout."""
    lines = [
        gdelt_row("1100000001", "20240115", IRN_GOV, ISR, "112"),  # IRN ACCUSES ISR
        gdelt_row("1100000002", "20240116", USA_MIL, UKR, "072", "8.3", "2"),  # USA armed forces ARMS UKR
        gdelt_row("1100000003", "20240117", NATO, ("RUS", "RUSSIA", "RUS", "", ""), "138"),  # NATO THREATENS RUS
        gdelt_row("1100000004", "20240118", IRN_OPP, ISR, "112"),  # opposition: no actor
        gdelt_row("1100000005", "20240119", IRN_GOV, ISR, "042"),  # make a visit: consult -> COOPERATES_WITH
        gdelt_row("1100000006", "20240120", IRN_GOV, ISR, "0874"),  # yield: maps to nothing
        "1100000007\t20240121\ttoo\tfew\tfields",  # bad: field count
        gdelt_row("1100000008", "2024x122", IRN_GOV, ISR, "112"),  # bad: date
        gdelt_row("1100000009", "20240123", IRN_GOV, ISR, "112", goldstein="strong"),  # bad: Goldstein
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                "fatalities", "tags", "timestamp"]


def acled_row(event_id: str, date: str, event_type: str, sub: str, actor1: str, inter1: str, actor2: str,
              inter2: str, fatalities: str = "0", country: str = "Sudan") -> list[str]:
    values = {"event_id_cnty": event_id, "event_date": date, "year": date[-4:] if " " in date else date[:4],
              "time_precision": "1", "disorder_type": "Political violence", "event_type": event_type,
              "sub_event_type": sub, "actor1": actor1, "inter1": inter1, "actor2": actor2, "inter2": inter2,
              "country": country, "location": "Invented Town", "source": "Invented Daily",
              "notes": "An invented event, with a comma, for the tests.", "fatalities": fatalities}
    return [values.get(h, "") for h in ACLED_HEADER]


def acled_file(path: Path) -> Path:
    rows = [
        acled_row("SDN90001", "2024-02-01", "Battles", "Armed clash", "Military Forces of Sudan (2019-)", "1",
                  "Rapid Support Forces", "2", "12"),  # SDN ATTACKS rsf, rsf ATTACKS SDN
        acled_row("SDN90002", "03 February 2024", "Explosions/Remote violence", "Air/drone strike",
                  "Military Forces of Sudan (2019-)", "State forces", "Rapid Support Forces", "Rebel group", "3"),
        acled_row("SDN90003", "2024-02-04", "Protests", "Peaceful protest", "Protesters (Sudan)", "6", "", "", "0"),
        acled_row("SDN90004", "2024-02-05", "Violence against civilians", "Attack", "Rapid Support Forces", "2",
                  "Civilians (Sudan)", "7", "5"),  # civilians: no actor
        acled_row("SDN90005", "2024-13-45", "Battles", "Armed clash", "A", "1", "B", "2"),  # bad date
        acled_row("SDN90006", "2024-02-06", "Battles", "Armed clash", "A", "1", "B", "2", fatalities="many"),
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACLED_HEADER)
    writer.writerows(rows)
    path.write_text(out.getvalue() + "SDN90007,2024-02-07,short row\n", encoding="utf-8")
    return path


POLECAT_HEADER = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
                  "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
                  "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
                  "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
                  "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude",
                  "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
                  "Story People", "Story Organizations", "Story Locations", "Language", "Version"]


def polecat_row(event_id: str, date: str, kind: str, mode: str, actor: tuple[str, str, str, str],
                recipient: tuple[str, str, str, str]) -> str:
    """actor / recipient: (name, country, primary sector, title)."""
    v = {"Event ID": event_id, "Event Date": date, "Event Type": kind, "Event Mode": mode, "Intensity": "-5.0",
         "Quad Code": "VERBAL CONFLICT", "Actor Name": actor[0], "Actor Country": actor[1],
         "Primary Actor Sector": actor[2], "Actor Title": actor[3], "Recipient Name": recipient[0],
         "Recipient Country": recipient[1], "Primary Recipient Sector": recipient[2],
         "Recipient Title": recipient[3], "Source": "Invented Wire", "Language": "en", "Version": "1.0"}
    return "\t".join(v.get(h, "") for h in POLECAT_HEADER)


def polecat_file(path: Path) -> Path:
    lines = ["\t".join(POLECAT_HEADER),
             polecat_row("pc-0001", "2024-03-01", "ACCUSE", "", ("Kavan Delmiro", "IRN", "Government", "Minister"),
                         ("Israel", "ISR", "", "")),  # an officer of IRN ACCUSES ISR
             polecat_row("pc-0002", "2024-03-02", "AID", "military", ("United States", "USA", "", ""),
                         ("Ukraine", "UKR", "", "")),  # ARMS
             polecat_row("pc-0003", "2024-03-03", "REQUEST", "", ("Russia", "RUS", "", ""), ("NATO", "", "", "")),
             polecat_row("pc-0004", "2024-03-04", "ASSAULT", "aerial", ("Hamas", "PSE", "", ""),
                         ("Israel", "ISR", "", "")),  # Hamas ATTACKS ISR
             polecat_row("pc-0005", "2024-03-05", "GOSSIP", "", ("Russia", "RUS", "", ""), ("Israel", "ISR", "", "")),
             polecat_row("pc-0006", "March 6", "ACCUSE", "", ("Russia", "RUS", "", ""), ("Israel", "ISR", "", ""))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ICEWS_HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"]


def icews_file(path: Path) -> Path:
    def row(eid, date, src, src_sec, src_c, text, code, tgt, tgt_sec, tgt_c):
        return "\t".join([eid, date, src, src_sec, src_c, text, code, "-4.0", tgt, tgt_sec, tgt_c, "99001", "1",
                          "Invented Press", "", "", "", src_c, "", ""])
    lines = ["\t".join(ICEWS_HEADER),
             row("930001", "2015-06-01", "Military (Russian Federation)", "Military", "Russian Federation",
                 "Threaten with military force", "138", "Ukraine", "", "Ukraine"),
             row("930002", "2015-06-02", "Government (Iran)", "Government", "Iran", "Reject", "120",
                 "United Nations", "", ""),
             row("930003", "2015-06-03", "Citizen (India)", "Civilian", "India", "Protest", "140",
                 "Government (India)", "Government", "India"),
             row("930004", "2015-06-04", "Iran", "", "Iran", "Accuse", "ABC", "Israel", "", "Israel")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
