"""Everything a store holds, gathered from graph.dump.pages: what tests compare before and after an input."""

from __future__ import annotations

from graph.dump import Part, pages
from graph.store import GraphStore


def snapshot(store: GraphStore, provenance: str | None = None) -> Part:
    """The store's actors, articles and relations (each with all its evidence), in the order dump reads them."""
    whole = Part()
    for part in pages(store, provenance):
        whole.actors += part.actors
        whole.articles += part.articles
        whole.relations += part.relations
    return whole
