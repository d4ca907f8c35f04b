"""A graph with one hub actor and ``n`` neighbours: the large neighbourhood of the explorer's cap test and
render benchmark (bench/explorer.py). Every neighbour is reported with the hub by a typed relation; one in
five also with the next neighbour, so the drawing has edges that do not touch the hub.

>>> arts = list(hub_extractions(25))
>>> len({a.key for x in arts for a in x.actors})
26
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from graph.model import Actor, ActorKind, Article, Evidence, Extraction, Relation

TYPES = ["ACCUSES", "THREATENS", "SANCTIONS", "ARMS", "ALLIED_WITH", "COOPERATES_WITH", "SUPPORTS", "OPPOSES"]
HUB = Actor(key="HUB", kind=ActorKind.STATE, name="Hubland")


def _neighbour(i: int) -> Actor:
    """States, and every fourth an organisation (officers and ministries with made-up names would be merged by
    the store's name resolution)."""
    if i % 4 == 3:  # a name unlike the others' (close names of one kind are taken for one actor)
        return Actor(key=f"N{i:04d}", kind=ActorKind.ORGANIZATION, name=hashlib.sha1(str(i).encode()).hexdigest()[:12])
    return Actor(key=f"N{i:04d}", kind=ActorKind.STATE, name=f"Neighbour {i:04d}")


def hub_extractions(n: int, per_article: int = 10) -> Iterator[Extraction]:
    """Articles that give HUB ``n`` neighbours, ``per_article`` of them per article."""
    for start in range(0, n, per_article):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=start % 300)
        article = Article(id=f"hub-{start:05d}", text=f"Synthetic report {start} about Hubland and its neighbours.",
                          url=f"https://news.example.org/hub-{start:05d}", title=f"Hub report {start}", published=day)
        actors, relations = [HUB], []
        for i in range(start, min(start + per_article, n)):
            other = _neighbour(i)
            actors.append(other)
            sentence = f"Hubland and Neighbour {i:04d} were reported together (report {start})."
            relations.append(Relation("HUB", TYPES[i % len(TYPES)], other.key, [Evidence(article.id, sentence, 0.8)]))
            if i % 5 == 0 and i + 1 < min(start + per_article, n):
                relations.append(Relation(other.key, "ACCUSES", f"N{i + 1:04d}", [Evidence(article.id, sentence, 0.6)]))
        yield Extraction(article=article, actors=actors, relations=relations, extractor_version="bench-hub")
