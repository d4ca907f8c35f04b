"""graph.paths.ordered_paths against every simple path enumerated by networkx: the same first k paths, by hops
then by keys, on random graphs with hubs (the breadth-first rings are only as deep as the walk needs)."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.paths import ordered_paths


def _every_path(g: nx.Graph, source: str, target: str, k: int, max_hops: int) -> list[list[str]]:
    found = nx.all_simple_paths(g, source, target, cutoff=max_hops) if source != target else []
    return sorted(found, key=lambda p: (len(p), p))[:k]


@pytest.mark.parametrize("directed", [False, True])
def test_ordered_paths_are_the_first_k_simple_paths_by_hops_then_keys(directed):
    rng = random.Random(11)
    for _ in range(40):
        g = nx.DiGraph() if directed else nx.Graph()
        nodes = [f"N{i:02d}" for i in range(rng.randint(5, 25))]
        g.add_nodes_from(nodes)
        hubs = rng.sample(nodes, 2)
        for _ in range(rng.randint(4, 60)):  # about a third of the edges touch a hub
            a = rng.choice(hubs) if rng.random() < 0.3 else rng.choice(nodes)
            b = rng.choice(nodes)
            if a != b:
                g.add_edge(*((a, b) if rng.random() < 0.5 else (b, a)))
        for _ in range(10):
            source, target = rng.sample(nodes, 2)
            k, max_hops = rng.randint(1, 6), rng.randint(1, 5)
            assert ordered_paths(g, source, target, k, max_hops) == _every_path(g, source, target, k, max_hops)
