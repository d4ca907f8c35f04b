"""Common enemies of one actor are the triads of every actor that it is part of (graph.alliances.triads reads
only that actor's pairs, not every pair of every enemy's foes)."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.alliances import common_enemies, triads

ACTORS = ["IRN", "ISR", "USA", "RUS", "UKR", "AZE", "ARM"]
TYPES = ["ACCUSES", "THREATENS", "ATTACKS", "SANCTIONS", "ALLIED_WITH", "COOPERATES_WITH", "SUPPORTS", "DENIES"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(TYPES), st.sampled_from(ACTORS)), max_size=40),
       st.sampled_from(ACTORS))
def test_an_actors_triads_are_its_share_of_all_triads(ties, actor):
    every = triads(ties)
    assert triads(ties, actor) == [t for t in every if actor in (t.a, t.b)]


def test_a_hub_enemy_with_many_foes_gives_one_triad_per_other_foe():
    ties = [(f"K{n:04d}", "ACCUSES", "USA") for n in range(3000)]
    mine = triads(ties, "K0007")
    assert len(mine) == 2999 and {t.enemy for t in mine} == {"USA"}
    assert all("K0007" in (t.a, t.b) and t.a < t.b for t in mine)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ACTORS + ["officer:irn:a", "ministry:usa:b", "K1"]),
                          st.sampled_from(TYPES),
                          st.sampled_from(ACTORS + ["officer:irn:a", "ministry:usa:b", "K1"])), max_size=40),
       st.sampled_from(ACTORS + ["officer:irn:a"]))
def test_an_actors_common_enemies_read_from_its_neighbourhood_are_its_share_of_all(ties, actor):
    """common_enemies(g, actor) reads only the relations around the actor and its enemies: the same triads as
    the ones of every relation that name it (officers and ministries rolled up to their state)."""
    g = nx.MultiDiGraph()
    for key in ACTORS + ["K1"]:
        g.add_node(key, kind="State")
    g.add_node("officer:irn:a", kind="Officer", state="IRN")
    g.add_node("ministry:usa:b", kind="Ministry", state="USA")
    for u, k, v in ties:
        g.add_edge(u, v, key=k)
    assert common_enemies(g, actor) == [t for t in common_enemies(g) if actor in (t.a, t.b)]
