"""The analyst queries of cypher/browser/ run on a real Bolt server (FalkorDB) over a small graph written by the
Neo4j store, and answer what the README says they do: sides rolled up to their state, structural relations
no events, symmetric relations found either way round, rejected relations left out, reports counted once per
article. (That they are valid Neo4j Cypher is checked by the linter, tests/cypher/test_cypher.py.)"""

from __future__ import annotations

import pytest

import cypher
from graph import curation
from graph.model import Actor
from tests.conftest import make_extraction

HEYDARI = Actor("officer:irn:kioumars-heydari", "Officer", "Kioumars Heydari", state="IRN")
MFA = Actor("ministry:aze:foreign-affairs", "Ministry", "Azerbaijani Foreign Ministry", state="AZE")
NATO = Actor("organization:nato", "Organization", "NATO")


@pytest.fixture(scope="module")
def graph(bolt_server):
    """The graph, written once through the store; rows(name, **params) runs a Browser query as it is written
    and gives its rows (paths as the driver's Path objects)."""
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    bolt_server.wipe()
    actors = [HEYDARI, MFA, NATO]
    with Neo4jStore(bolt_server.uri, database="tensiongraph") as store:
        # a1 repeats Iran's accusation in its headline and its lead: one report of two sentences
        a1 = make_extraction("a1", "2024-01-15", [("IRN", "ACCUSES", "AZE", 0.9), (HEYDARI.key, "THREATENS", "AZE", 0.7),
                                                  (HEYDARI.key, "SERVES", "IRN", 0.9), (MFA.key, "PART_OF", "AZE", 0.9)],
                             actors=actors)
        a1.relations[0].evidence.append(type(a1.relations[0].evidence[0])("a1", "Iran accuses Azerbaijan (lead)", 0.8))
        store.upsert(a1)
        store.upsert(make_extraction("a2", "2024-01-20", [(MFA.key, "DENIES", "IRN", 0.8)], actors=actors))
        store.upsert(make_extraction("a3", "2024-02-01", [("IRN", "ACCUSES", "TUR", 0.6)]))
        store.upsert(make_extraction("a4", "2024-03-05", [("IRN", "COOPERATES_WITH", "AZE", 0.7)]))  # stored AZE–IRN
        store.upsert(make_extraction("a5", "2024-03-10", [("TUR", "ALLIED_WITH", "AZE", 0.8), ("TUR", "ARMS", "AZE", 0.6),
                                                          ("TUR", "MEMBER_OF", NATO.key, 0.9)], actors=actors))
        store.upsert(make_extraction("a6", "2024-03-12", [("IRN", "ATTACKS", "AZE", 0.5), ("GEO", "ACCUSES", "ARM", 0.5),
                                                          ("GEO", "ARMS", "ARM", 0.5)]))
        for rel in ("IRN|ATTACKS|AZE", "GEO|ACCUSES|ARM", "GEO|ARMS|ARM"):
            store.curate(curation.reject_relation, rel, "ana", "misread")
    driver = GraphDatabase.driver(bolt_server.uri, auth=("neo4j", ""))

    def rows(name: str, **params) -> list[dict]:
        return [dict(r.items()) for r in driver.execute_query(cypher.text(f"browser/{name}"), params,
                                                       database_="tensiongraph").records]

    yield rows
    driver.close()


def _paths(rows: list[dict]) -> list[list[str]]:
    """Each returned path as the keys of its nodes."""
    return [[n["key"] for n in r["p"].nodes] for r in rows]


def test_dyad_events_count_one_side_against_the_other(graph):
    expected = [
        {"month": "2024-01", "type": "ACCUSES", "events": 1, "sentences": 2},  # one article, two sentences
        {"month": "2024-01", "type": "DENIES", "events": 1, "sentences": 1},  # Azerbaijan's ministry counts for AZE
        {"month": "2024-01", "type": "THREATENS", "events": 1, "sentences": 1},  # Iran's commander counts for IRN
        {"month": "2024-03", "type": "COOPERATES_WITH", "events": 1, "sentences": 1},
    ]
    got = [{k: r[k] for k in ("month", "type", "events", "sentences")} for r in graph("dyad_events_over_time",
                                                                                    a="IRN", b="AZE")]
    # No SERVES or PART_OF (an officer or ministry inside its own state), no rejected ATTACKS, nothing with Turkey.
    assert got == expected
    swapped = [{k: r[k] for k in ("month", "type", "events", "sentences")} for r in graph("dyad_events_over_time",
                                                                                        a="AZE", b="IRN")]
    assert swapped == expected


def test_dyad_events_of_a_state_and_an_organisation_or_nobody(graph):
    assert graph("dyad_events_over_time", a="IRN", b="TUR")[0]["type"] == "ACCUSES"
    assert graph("dyad_events_over_time", a="TUR", b="organization:nato") == []  # membership is no event
    assert graph("dyad_events_over_time", a="GEO", b="ARM") == []  # both relations rejected


def test_tensest_dyads_pair_states_whatever_acted_for_them(graph):
    got = [(r["a"], r["b"], r["events"]) for r in graph("tensest_dyads")]
    # ACCUSES (one report of two sentences), the commander's threat, the ministry's denial; the rejected
    # ATTACKS and GEO–ARM left out; no officer or ministry key of its own.
    assert got == [("AZE", "IRN", 3), ("IRN", "TUR", 1)]


def test_evidence_of_a_symmetric_edge_either_way_round(graph):
    for source, target in (("TUR", "AZE"), ("AZE", "TUR")):
        rows = graph("evidence_of_edge", source=source, type="ALLIED_WITH", target=target)
        assert [(r["article"], r["rejected"]) for r in rows] == [("a5", False)]
    assert [r["article"] for r in graph("evidence_of_edge", source="TUR", type="ARMS", target="AZE")] == ["a5"]
    assert graph("evidence_of_edge", source="AZE", type="ARMS", target="TUR") == []  # ARMS has a direction
    assert [r["rejected"] for r in graph("evidence_of_edge", source="GEO", type="ARMS", target="ARM")] == [True]


def test_alliance_blocs_show_each_alliance_and_membership_once(graph):
    got = sorted(tuple(p) for p in _paths(graph("alliance_blocs")))
    assert got == [("AZE", "TUR"), ("TUR", "organization:nato")]


def test_neighbourhood_follows_relations_either_way(graph):
    reached = {key for path in _paths(graph("neighbourhood", key="TUR")) for key in path}
    # AZE through the alliance stored AZE–TUR and through ARMS; IRN in one hop (it accuses TUR); NATO;
    # AZE's ministry and Iran's commander in two. ARM and GEO share only rejected relations with nobody here.
    assert reached == {"TUR", "AZE", "IRN", "organization:nato", MFA.key, HEYDARI.key}
    assert "ARM" not in {k for p in _paths(graph("neighbourhood", key="GEO")) for k in p}


def test_paths_between_states_cross_symmetric_edges_backwards(graph):
    rows = graph("paths_between_states", **{"from": "TUR", "to": MFA.key})
    paths = sorted((tuple(n["key"] for n in r["p"].nodes), tuple(x.type for x in r["p"].relationships)) for r in rows)
    assert paths == [(("TUR", "AZE", MFA.key), ("ALLIED_WITH", "PART_OF")),  # the alliance is stored AZE–TUR
                     (("TUR", "AZE", MFA.key), ("ARMS", "PART_OF")),
                     (("TUR", "IRN", MFA.key), ("ACCUSES", "DENIES"))]
    assert graph("paths_between_states", **{"from": "GEO", "to": "ARM"}) == []  # only rejected relations


def test_who_arms_whom_and_accusations_leave_rejected_out(graph):
    arms = graph("who_arms_whom")
    assert [(r["supplier"], r["recipient"], r["reports"]) for r in arms] == [("Tur", "Aze", 1)]
    accusations = {(r["accuser"], r["accused"]): (r["accusations"], r["deniers"]) for r in graph("accusations_and_denials")}
    assert accusations == {("Irn", "Aze"): (1, ["Azerbaijani Foreign Ministry"]), ("Irn", "Tur"): (1, [])}
