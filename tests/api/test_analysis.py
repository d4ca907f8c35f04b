"""Alliances, tension and graph export through HTTP, on the graph of examples/, checked against answers
worked out by hand from the example articles.

The hand-worked answers rest on these relations of the examples (each test first checks the ones it uses,
so a change in extraction shows up as a clear precondition failure rather than a wrong number):
- pacific-pact (2024-12-02): JPN–PHL and AUS–JPN alliances, PHL "a treaty ally of" USA;
- ankara-baku-summit (2024-03-10): AZE–TUR and ARM–FRA alliances, FRA ARMS ARM;
- caspian-accusation (2024-01-15): IRN ACCUSES AZE (twice), Azerbaijan's ministry DENIES IRN, an Iranian
  commander THREATENS AZE; caspian-thaw (2024-11-20): AZE and IRN (and Iran's foreign minister) cooperate;
- balkan-dispute (2024-08-19): Kosovo and Serbia, the tensest pair.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

HALF_LIFE = 180.0


def _evidence(client, source, rtype, target):
    """(date, confidence) of every piece of evidence of one stored relation."""
    page = client.get("/relations", params={"source": source, "target": target, "type": rtype}).json()
    assert page["total"] == 1, f"precondition: the examples give {source} {rtype} {target}"
    return [(e["published"], e["confidence"]) for e in page["items"][0]["evidence"]]


def _confidence(client, source, rtype, target):
    page = client.get("/relations", params={"source": source, "target": target, "type": rtype}).json()
    assert page["total"] == 1, f"precondition: the examples give {source} {rtype} {target}"
    return page["items"][0]["confidence"]


# ---------------------------------------------------------------- alliances

def test_allies_with_depth(client):
    jpn_phl = _confidence(client, "JPN", "ALLIED_WITH", "PHL")
    phl_usa = _confidence(client, "PHL", "ALLIED_WITH", "USA")
    aus_jpn = _confidence(client, "AUS", "ALLIED_WITH", "JPN")
    direct = client.get("/alliances", params={"actor": "JPN"}).json()
    assert {a["key"] for a in direct["items"]} == {"AUS", "PHL"} and direct["total"] == 2
    assert all(a["depth"] == 1 and a["via"] == [] for a in direct["items"])
    deeper = client.get("/alliances", params={"actor": "JPN", "depth": 2}).json()["items"]
    usa = next(a for a in deeper if a["key"] == "USA")
    assert usa["depth"] == 2 and usa["via"] == ["PHL"] and usa["name"] == "United States"
    assert usa["confidence"] == pytest.approx(jpn_phl * phl_usa, abs=1e-4)
    # Allies of allies of AUS: JPN at 1, PHL at 2, USA at 3 (only with depth 3).
    assert [(a["key"], a["depth"]) for a in client.get("/alliances", params={"actor": "AUS", "depth": 3}).json()["items"]] \
        == [("JPN", 1), ("PHL", 2), ("USA", 3)]
    assert aus_jpn > 0
    assert client.get("/alliances", params={"actor": "AZE", "depth": 3}).json()["items"][0]["key"] == "TUR"
    assert client.get("/alliances", params={"actor": "RUS"}).json() == {
        "items": [], "total": 0, "offset": 0, "limit": 50, "next_offset": None}


def test_alliance_blocs(client):
    blocs = client.get("/alliances/blocs").json()
    # Finland and Sweden are both members of NATO (MEMBER_OF): one bloc of three, linked through NATO.
    nato = "organization:north-atlantic-treaty-organization"
    assert [b["members"] for b in blocs["items"]] == [
        ["AUS", "JPN", "PHL", "USA"], ["FIN", "SWE", nato], ["ARM", "FRA"], ["AZE", "TUR"]]
    assert blocs["items"][0]["names"] == ["Australia", "Japan", "Philippines", "United States"]
    cliques = client.get("/alliances/blocs", params={"method": "cliques", "min_size": 2}).json()
    # Every alliance or membership of the examples is a pair: JPN is allied with AUS and PHL, but they are not
    # allied; Finland and Sweden are each a member of NATO.
    assert cliques["total"] == 7 and all(b["size"] == 2 for b in cliques["items"])
    assert client.get("/alliances/blocs", params={"min_size": 3}).json()["total"] == 2
    page = client.get("/alliances/blocs", params={"limit": 1, "offset": 2}).json()
    assert page["items"][0]["members"] == ["ARM", "FRA"] and page["next_offset"] == 3


def test_enemy_of_my_enemy(client):
    assert _evidence(client, "FIN", "ACCUSES", "RUS") and _evidence(client, "UKR", "ACCUSES", "RUS")
    triads = client.get("/alliances/common-enemies").json()["items"]
    found = {(t["a"], t["b"], t["enemy"]) for t in triads}
    # Hostile to RUS: Finland and Ukraine (both accuse it). Hostile to USA: China (accuses, sanctions) and
    # the Houthis (threaten). No other actor has two foes in the examples.
    assert found == {("FIN", "UKR", "RUS"), ("CHN", "organization:houthis", "USA")}
    chn = next(t for t in triads if t["enemy"] == "USA")
    assert chn["a_types"] == ["ACCUSES", "SANCTIONS"] and chn["b_types"] == ["THREATENS"]
    assert not chn["friendly"] and not chn["hostile"]
    only_fin = client.get("/alliances/common-enemies", params={"actor": "FIN"}).json()
    assert only_fin["total"] == 1 and only_fin["items"][0]["b"] == "UKR"


# ---------------------------------------------------------------- tension

def test_dyad_tension_worked_by_hand(client):
    # Inputs, from the examples (confidence of each piece of evidence):
    assert _evidence(client, "IRN", "ACCUSES", "AZE") == [("2024-01-15", 0.85), ("2024-01-15", 0.85)]
    assert _evidence(client, "ministry:aze:ministry-of-defense", "DENIES", "IRN") == [("2024-01-15", 0.765)]
    assert _evidence(client, "officer:irn:reza-karimi", "THREATENS", "AZE") == [("2024-01-15", 0.85)]
    assert _evidence(client, "AZE", "COOPERATES_WITH", "IRN") == [("2024-11-20", 0.765), ("2024-11-20", 0.765)]
    assert _evidence(client, "AZE", "COOPERATES_WITH", "officer:irn:abbas-araghchi") == [("2024-11-20", 0.85)]
    # The ministry and both officers roll up to their states. Goldstein weights: ACCUSES −2.0, DENIES −2.0,
    # THREATENS −4.4, COOPERATES_WITH +3.5; tension counts them with the opposite sign. The two sentences of
    # one article that say IRN ACCUSES AZE are one report (and so are the two of AZE COOPERATES_WITH IRN).
    january = 2.0 * 0.85 + 2.0 * 0.765 + 4.4 * 0.85  # 6.97
    november = -3.5 * (0.765 + 0.85)  # −5.65
    age = 310  # days from 2024-01-15 to 2024-11-20
    expected = january * 0.5 ** (age / HALF_LIFE) + november
    r = client.get("/tension", params={"a": "IRN", "b": "AZE", "since": "2024-01-01", "until": "2024-11-30",
                                       "as_of": "2024-11-20", "half_life_days": HALF_LIFE})
    body = r.json()
    assert r.status_code == 200 and body["events"] == 5
    assert body["score"] == pytest.approx(expected, abs=1e-3) and body["score"] < 0  # the thaw outweighs
    assert body["hostility"] == pytest.approx(january * 0.5 ** (age / HALF_LIFE), abs=1e-3)
    assert body["cooperation"] == pytest.approx(-november, abs=1e-3)
    points = body["points"]
    assert [p["start"] for p in points][:2] == ["2024-01-01", "2024-02-01"] and len(points) == 11
    assert points[0]["score"] == pytest.approx(january, abs=1e-3) and points[0]["events"] == 3
    assert points[-1]["score"] == pytest.approx(november, abs=1e-3) and points[-1]["events"] == 2
    assert all(p["score"] == 0 and p["events"] == 0 for p in points[1:-1])
    # The level decays month by month: at the end of January the accusations are 16 days old.
    assert points[0]["level"] == pytest.approx(january * 0.5 ** (16 / HALF_LIFE), abs=1e-3)
    assert points[1]["level"] < points[0]["level"]
    # The dyad reads the same both ways, and by quarter the two events fall in Q1 and Q4.
    flipped = client.get("/tension", params={"a": "AZE", "b": "IRN", "until": "2024-11-30",
                                             "as_of": "2024-11-20"}).json()
    assert flipped["score"] == pytest.approx(body["score"], abs=1e-4)
    weekly = client.get("/tension", params={"a": "IRN", "b": "AZE", "bucket": "week", "as_of": "2024-11-20"}).json()["points"]
    assert weekly[0]["start"] == "2024-01-15" and weekly[-1]["start"] == "2024-11-18"  # Mondays


def test_tension_top_worked_by_hand(client):
    # Serbia and Kosovo, 2024-08-19: Kosovo accuses Serbia (one article, two sentences: one report of 0.85);
    # Serbia denies (one report: the best of 0.68 and 0.765) and so does its president (0.765), opposes (0.85)
    # and sanctions (0.85). Decayed over 134 days to 2024-12-31.
    raw = 2.0 * 0.85 + 2.0 * 0.765 + 2.0 * 0.765 + 4.0 * 0.85 + 8.0 * 0.85
    assert _evidence(client, "SRB", "SANCTIONS", "XKX") == [("2024-08-19", 0.85)]
    top = client.get("/tension/top", params={"until": "2024-12-31", "limit": 3}).json()
    first = top["items"][0]
    assert (first["a"], first["b"]) == ("SRB", "XKX")
    assert first["score"] == pytest.approx(raw * 0.5 ** (134 / HALF_LIFE), abs=1e-3)
    scores = [t["score"] for t in top["items"]]
    assert scores == sorted(scores, reverse=True) and top["next_offset"] == 3 and top["total"] > 3
    # Before August the Balkan dispute is not in the window; with an actor only its dyads are ranked.
    early = client.get("/tension/top", params={"until": "2024-07-31"}).json()["items"]
    assert ("SRB", "XKX") not in {(t["a"], t["b"]) for t in early}
    irn = client.get("/tension/top", params={"actor": "IRN", "until": "2024-12-31"}).json()["items"]
    assert irn and all("IRN" in (t["a"], t["b"]) for t in irn)


def test_tension_without_a_date_is_as_of_the_newest_evidence(client):
    # The examples' newest evidence is pacific-pact's (2024-12-02). Without until or as_of a dyad is scored as
    # of that day, not today (which would decay a past crisis to nothing and run the series on through empty
    # months); the series ends there, its last level is the headline score, and /tension/top agrees.
    assert _evidence(client, "JPN", "ALLIED_WITH", "PHL")[0][0] == "2024-12-02"
    body = client.get("/tension", params={"a": "IRN", "b": "AZE"}).json()
    assert body["as_of"] == "2024-12-02"
    assert body["points"][-1]["end"] == "2024-12-02" and body["points"][-1]["start"] == "2024-12-01"
    assert body["points"][-1]["level"] == pytest.approx(body["score"], abs=1e-3)
    dated = client.get("/tension", params={"a": "IRN", "b": "AZE", "as_of": "2024-12-02"}).json()
    assert dated["score"] == body["score"]
    top = client.get("/tension/top", params={"actor": "IRN"}).json()["items"]
    pair = next(t for t in top if {t["a"], t["b"]} == {"IRN", "AZE"})
    assert pair["as_of"] == "2024-12-02" and pair["score"] == pytest.approx(body["score"], abs=1e-3)


# ---------------------------------------------------------------- graph export

def test_graph_export_in_three_formats(client):
    assert _evidence(client, "FRA", "ARMS", "ARM") == [("2024-03-10", 0.85)]
    nl = client.get("/graph", params={"center": "ARM"}).json()
    assert {n["id"] for n in nl["nodes"]} == {"ARM", "FRA"}
    assert {(e["source"], e["type"], e["target"]) for e in nl["edges"]} == {
        ("ARM", "ALLIED_WITH", "FRA"), ("FRA", "ARMS", "ARM")}
    assert nx.node_link_graph(nl, edges="edges").number_of_edges() == 2  # readable by networkx again
    # An alliance has no direction, and every format says so, as /relations does.
    assert {e["type"]: e["symmetric"] for e in nl["edges"]} == {"ALLIED_WITH": True, "ARMS": False}
    # Depth 2 reaches Azerbaijan, which accuses France.
    assert "AZE" in {n["id"] for n in client.get("/graph", params={"center": "ARM", "depth": 2}).json()["nodes"]}
    cy = client.get("/graph", params={"center": "ARM", "format": "cytoscape"}).json()
    assert {e["data"]["id"] for e in cy["elements"]["edges"]} == {"ARM|ALLIED_WITH|FRA", "FRA|ARMS|ARM"}
    assert {n["data"]["name"] for n in cy["elements"]["nodes"]} == {"Armenia", "France"}
    assert {e["data"]["id"]: e["data"]["symmetric"] for e in cy["elements"]["edges"]} == {
        "ARM|ALLIED_WITH|FRA": True, "FRA|ARMS|ARM": False}
    r = client.get("/graph", params={"center": "ARM", "format": "graphml"})
    assert r.headers["content-type"].startswith("application/graphml+xml")
    ET.fromstring(r.text)  # well-formed XML
    g = nx.parse_graphml(r.text)
    assert g.nodes["FRA"]["name"] == "France" and g.number_of_edges() == 2
    assert {(u, d["type"], v): d["symmetric"] for u, v, d in g.edges(data=True)} == {
        ("ARM", "ALLIED_WITH", "FRA"): True, ("FRA", "ARMS", "ARM"): False}  # a GraphML boolean, read back as bool
    # Types and dates filter the edges: only ARMS; nothing after June.
    arms = client.get("/graph", params={"center": "ARM", "types": "ARMS"}).json()
    assert [e["type"] for e in arms["edges"]] == ["ARMS"]
    assert client.get("/graph", params={"center": "ARM", "since": "2024-06-01"}).json()["edges"] == []
    whole = client.get("/graph").json()
    assert len(whole["nodes"]) == sum(client.get("/stats").json()["actors"].values())


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("url, params, status, words", [
    ("/alliances", {"actor": "XYZ"}, 404, "'XYZ'"),
    ("/alliances", {"actor": "AZE", "depth": 0}, 422, "depth"),
    ("/alliances/blocs", {"method": "stars"}, 422, "method"),
    ("/alliances/common-enemies", {"actor": "NOPE"}, 404, "'NOPE'"),
    ("/tension", {"a": "IRN", "b": "XYZ"}, 404, "'XYZ'"),
    ("/tension", {"a": "IRN", "b": "IRN"}, 400, "two different actors"),
    ("/tension", {"a": "IRN", "b": "AZE", "since": "2024-05-01", "until": "2024-01-01"}, 400, "after until"),
    ("/tension", {"a": "IRN", "b": "AZE", "bucket": "fortnight"}, 422, "bucket"),
    ("/tension", {"a": "IRN", "b": "AZE", "half_life_days": 0}, 422, "half_life_days"),
    ("/tension", {"a": "IRN", "b": "AZE", "since": "2024-13-01"}, 422, "since"),
    ("/tension/top", {"actor": "XYZ"}, 404, "'XYZ'"),
    ("/tension/top", {"limit": 101}, 422, "limit 101 exceeds the maximum page size of 100"),
    ("/graph", {"center": "XYZ"}, 404, "'XYZ'"),
    ("/graph", {"center": "IRN", "types": "LIKES"}, 400, "LIKES"),
    ("/graph", {"center": "IRN", "format": "dot"}, 422, "format"),
    ("/graph", {"center": "IRN", "depth": 7}, 422, "depth"),
])
def test_analysis_errors_name_the_input(client, url, params, status, words):
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    assert words in str(r.json()["detail"])


def test_tension_series_bucket_limit(example_store):
    app = create_app(Settings(max_points=10), store=example_store)
    with TestClient(app) as c:
        r = c.get("/tension", params={"a": "IRN", "b": "AZE", "bucket": "day"})
        assert r.status_code == 422 and "exceeds the limit of 10" in r.json()["detail"]


def test_graph_size_limit(example_store):
    app = create_app(Settings(max_graph_nodes=3), store=example_store)
    with TestClient(app) as c:
        r = c.get("/graph")
        assert r.status_code == 422 and "graph nodes exceeds the limit of 3" in r.json()["detail"]
        assert c.get("/graph", params={"center": "ARM"}).status_code == 200
    app = create_app(Settings(max_graph_edges=1), store=example_store)
    with TestClient(app) as c:
        r = c.get("/graph", params={"center": "AZE"})
        assert r.status_code == 422 and "graph edges exceeds the limit of 1" in r.json()["detail"]
