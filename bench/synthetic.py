"""A synthetic graph of realistic shape, written through the store's own ingest path.

Shape: every ISO 3166 state (pycountry, ~250), two officers and two ministries per state (they SERVE /
are PART_OF it), 60 organisations; actors are drawn with power-law (Zipf, s = 1.1) weights, so a few
states are in most of the news; every relation type, weighted roughly as news reports them; evidence
dated uniformly over the ten years 2015-2024. Each synthetic article carries ``per_article`` relations
typed relations plus the SERVES / PART_OF rows of its officers and ministries; ``relations`` counts
all evidence rows, the issue's unit.

>>> arts = list(articles(50, seed=1))
>>> 50 <= sum(len(a.relations) for a in arts) < 50 + 12
>>> all(r.source != r.target for a in arts for r in a.relations)
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pycountry

from graph.identity import actor_key
from graph.model import Actor, ActorKind, Article, Evidence, Extraction, Relation, RelationType

# how often each type is reported, roughly (hostile news dominates)
TYPE_WEIGHTS = {"ACCUSES": 20, "DENIES": 8, "THREATENS": 10, "ATTACKS": 8, "OPPOSES": 8, "SANCTIONS": 6,
                "OCCUPIES": 2, "ARMS": 6, "SUPPORTS": 12, "ALLIED_WITH": 5, "COOPERATES_WITH": 15}
START, DAYS = dt.date(2015, 1, 1), 3652


def actors(n_orgs: int = 60) -> list[Actor]:
    states = [Actor(key=c.alpha_3, kind=ActorKind.STATE, name=c.name) for c in pycountry.countries]
    out = list(states)
    for s in states:
        for title, name in (("minister", "Foreign Minister"), ("general", "Army Chief")):
            person = f"{name} of {s.name} {title}"
            out.append(Actor(key=actor_key("Officer", person, state=s.key), kind=ActorKind.OFFICER, name=person,
                             state=s.key))
        for ministry in ("Ministry of Foreign Affairs", "Ministry of Defence"):
            out.append(Actor(key=actor_key("Ministry", ministry, state=s.key), kind=ActorKind.MINISTRY,
                             name=ministry, state=s.key))
    for i in range(n_orgs):
        name = f"Organisation {i:03d}"
        out.append(Actor(key=actor_key("Organization", name), kind=ActorKind.ORGANIZATION, name=name))
    return out


def articles(relations: int, per_article: int = 5, seed: int = 7) -> Iterator[Extraction]:
    """Extractions holding ``relations`` evidence rows in all."""
    rng = random.Random(seed)
    pool = actors()
    ranks = list(range(1, len(pool) + 1))
    rng.shuffle(ranks)
    weights = [1.0 / r ** 1.1 for r in ranks]
    types, type_w = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    by_key = {a.key: a for a in pool}
    made = 0
    n = 0
    while made < relations:
        k = max(1, min(per_article, relations - made))
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        article_id = f"syn-{seed}-{n}"
        rels, seen = [], set()
        while len(rels) < k:
            a, b = rng.choices(pool, weights, k=2)
            rtype = rng.choices(types, type_w)[0]
            if a.key == b.key or (a.key, rtype, b.key) in seen:
                continue
            seen.add((a.key, rtype, b.key))
            sentence = f"{a.name} {rtype.lower().replace('_', ' ')} {b.name} ({article_id}, {len(rels)})."
            rels.append(Relation(a.key, RelationType(rtype), b.key,
                                 [Evidence(article_id, sentence, round(rng.uniform(0.5, 0.99), 2))]))
        keys = {r.source for r in rels} | {r.target for r in rels}
        members = [by_key[key] for key in sorted(keys)]
        states = {m.state for m in members if m.state}
        members += [by_key[s] for s in sorted(states - keys)]
        for m in list(members):  # who serves whom, as the extractor emits it
            if m.kind in (ActorKind.OFFICER, ActorKind.MINISTRY) and m.state:
                rtype = RelationType.SERVES if m.kind is ActorKind.OFFICER else RelationType.PART_OF
                rels.append(Relation(m.key, rtype, m.state, [Evidence(article_id, f"{m.name} of {m.state}.", 0.9)]))
        text = " ".join(r.evidence[0].sentence for r in rels)
        yield Extraction(article=Article(id=article_id, text=text, published=day,
                                         url=f"https://synthetic.example.org/{article_id}"),
                         actors=members, relations=rels, extractor_version="synthetic")
        made += len(rels)
        n += 1
