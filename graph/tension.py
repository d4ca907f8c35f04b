"""Tension between actors: a signed, decayed sum of their evidence, as a score, a time series or a ranking.

The formula (also in the README). For two actors A and B, a window [since, until] and a reference date ``as_of`` (default:
``until``, else the date of the newest evidence in the graph, :func:`reference_date`):

    tension(A, B) = Σ  −goldstein(type) · confidence · 2 ^ (−(as_of − date) / half_life)

over every piece of evidence dated in the window of a relation between A and B, in either direction,
after officers and ministries are rolled up to their state (and officers of an organisation to the
organisation). Hostile types have negative Goldstein values, so they raise tension; cooperative types
(ALLIED_WITH, COOPERATES_WITH, SUPPORTS, ARMS between the two) have positive values and lower it.
Structural types (SERVES, PART_OF, MEMBER_OF) weigh nothing: each relation type has a value here, zero
said explicitly. A time series gives, per bucket, the undecayed sum of
the bucket's own evidence (``score``) and the decayed tension as of the bucket's last day (``level``).

>>> import datetime as dt, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("officer:irn:x", kind="Officer", state="IRN")
>>> _ = g.add_edge("officer:irn:x", "AZE", key="THREATENS", events=[(dt.date(2024, 1, 1), 1.0)])
>>> dyad_tension(g, "IRN", "AZE", as_of=dt.date(2024, 1, 1)).score
4.4
>>> round(dyad_tension(g, "IRN", "AZE", as_of=dt.date(2024, 6, 29), half_life_days=180).score, 2)
2.2
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from graph.budget import UNLIMITED, Budget
from graph.errors import InvalidInput, LimitExceeded, NotFound
from graph.model import RelationType
from graph.snapshot import Change, carried, per_generation

Bucket = Literal["day", "week", "month", "year"]
BUCKETS = frozenset({"day", "week", "month", "year"})

# Goldstein (1992) conflict–cooperation scale values of the CAMEO event codes that match each relation
# type (ONTOLOGY.md names the codes). Values as in the GDELT lookup table CAMEO.goldsteinscale.txt
# (https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt), from the CAMEO codebook
# (Schrodt, Conflict and Mediation Event Observations, v1.1b3, 2012).
GOLDSTEIN: dict[RelationType, tuple[str, float]] = {
    RelationType.ACCUSES: ("112", -2.0),  # Accuse
    RelationType.DENIES: ("016", -2.0),  # Deny responsibility
    RelationType.ARMS: ("072", 8.3),  # Provide military aid
    RelationType.ALLIED_WITH: ("057", 8.0),  # Sign formal agreement
    RelationType.THREATENS: ("130", -4.4),  # Threaten, not specified below
    RelationType.ATTACKS: ("190", -10.0),  # Use conventional military force
    RelationType.SUPPORTS: ("070", 7.0),  # Provide aid, not specified below
    RelationType.OPPOSES: ("120", -4.0),  # Reject, not specified below
    RelationType.OCCUPIES: ("192", -9.5),  # Occupy territory
    RelationType.SANCTIONS: ("163", -8.0),  # Impose embargo, boycott, or sanctions
    RelationType.COOPERATES_WITH: ("050", 3.5),  # Engage in diplomatic cooperation
    RelationType.SERVES: ("", 0.0),  # structural: no event
    RelationType.PART_OF: ("", 0.0),
    RelationType.MEMBER_OF: ("", 0.0),  # membership of an alliance or bloc: counted by graph.alliances instead
}
WEIGHT: dict[str, float] = {t.value: -value for t, (_, value) in GOLDSTEIN.items()}  # tension per event
HOSTILE: frozenset[str] = frozenset(t for t, w in WEIGHT.items() if w > 0)


def rollup(g: nx.MultiDiGraph, node: str) -> str:
    """The actor ``node`` counts as in tension scores: an officer's or ministry's state, else itself."""
    data = g.nodes[node] if node in g else {}
    if data.get("kind") in ("Officer", "Ministry"):
        return data.get("state") or data.get("organization") or node
    return node


def members(g: nx.MultiDiGraph, actor: str) -> set[str]:
    """``actor`` and every officer and ministry that rolls up to it.

    The index behind it is rebuilt only when the graph gained nodes: an actor's kind and state are part
    of its key, so they never change, and stores never remove actors."""
    cached = g.graph.get("_rollup_members")
    if cached is None or cached[0] != len(g):
        index: dict[str, set[str]] = defaultdict(set)
        for node in g:
            up = rollup(g, node)
            if up != node:
                index[up].add(node)
        cached = (len(g), dict(index))
        g.graph["_rollup_members"] = cached
    if actor not in g and actor not in cached[1]:
        raise NotFound(f"no actor with key {actor!r}")
    return {actor} | cached[1].get(actor, set())


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    type: str
    source: str  # the stored edge's ends, before rollup
    target: str
    confidence: float

    @property
    def weight(self) -> float:
        return WEIGHT[self.type] * self.confidence


@dataclass(slots=True)
class Tension:
    a: str
    b: str
    score: float
    as_of: dt.date
    events: int = 0
    hostility: float = 0.0  # the decayed sum of the hostile events alone
    cooperation: float = 0.0  # the decayed sum of the cooperative events alone (as a positive number)
    by_type: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Point:
    start: dt.date
    end: dt.date
    score: float  # undecayed sum of the bucket's own events
    level: float  # decayed tension of the window's events up to ``end``, as of ``end``
    events: int


def decay(age_days: int, half_life_days: float) -> float:
    """2 ** (−age / half_life). Evidence from after the reference date is never scored (see _upto)."""
    return 0.5 ** (max(age_days, 0) / half_life_days)


def check_window(half_life_days: float, since: dt.date | None, until: dt.date | None) -> None:
    """InvalidInput for a half-life that is not positive or a window that ends before it starts."""
    if not half_life_days > 0:
        raise InvalidInput(f"half_life_days must be positive, got {half_life_days!r}")
    if since and until and since > until:
        raise InvalidInput(f"since {since} is after until {until}")


def dyad_events(g: nx.MultiDiGraph, a: str, b: str, since: dt.date | None = None,
                until: dt.date | None = None) -> list[Event]:
    """Every dated piece of evidence between ``a`` and ``b`` (either direction, rolled up), oldest first."""
    side_a, side_b = members(g, a), members(g, b)  # NotFound first: an unknown actor is the bigger mistake
    if a == b:
        raise InvalidInput(f"a dyad needs two different actors, got {a!r} twice")
    found: list[Event] = []
    for u in side_a:  # each side is an actor and its officers and ministries: a handful of lookups
        for v in side_b:
            for src, dst in ((u, v), (v, u)):
                keyed = g.succ[src].get(dst) if src in g else None
                for rtype, data in (keyed or {}).items():
                    if WEIGHT.get(rtype, 0.0) == 0.0:
                        continue
                    found.extend(Event(day, rtype, src, dst, conf) for day, conf in data.get("events", ())
                                 if (since is None or day >= since) and (until is None or day <= until))
    found.sort(key=lambda e: (e.date, e.type, e.source))
    return found


def _score(a: str, b: str, events: Iterable[Event], as_of: dt.date, half_life_days: float) -> Tension:
    t = Tension(a, b, 0.0, as_of)
    by_type: dict[str, float] = defaultdict(float)
    for e in events:
        value = e.weight * decay((as_of - e.date).days, half_life_days)
        t.events += 1
        t.score += value
        by_type[e.type] += value
        if value > 0:
            t.hostility += value
        else:
            t.cooperation -= value
    t.by_type = dict(by_type)
    return t


def _upto(until: dt.date | None, as_of: dt.date) -> dt.date:
    """The window's last day: ``until``, but never after ``as_of`` (what was reported later is not known yet)."""
    return as_of if until is None else min(until, as_of)


def newest_evidence(g: nx.MultiDiGraph) -> dt.date | None:
    """The date of the newest piece of evidence in the graph (None: no dated evidence), kept per generation."""
    def build() -> dt.date | None:
        return max((data["events"][-1][0] for _, _, data in g.edges(data=True) if data.get("events")), default=None)

    return per_generation(g, "_newest_evidence", build)


def reference_date(g: nx.MultiDiGraph, until: dt.date | None, as_of: dt.date | None) -> dt.date:
    """The day scores are decayed to: ``as_of``, else ``until``, else the date of the graph's newest evidence
    (today for an empty graph). Not today: a graph of past events (an archive, a coded data set) would score
    every dyad near zero and run every series on through empty months, and on a graph fed daily the newest
    evidence is today's anyway. Every dyad of one graph shares it, so /tension and /tension/top agree."""
    return as_of or until or newest_evidence(g) or dt.date.today()


def dyad_tension(g: nx.MultiDiGraph, a: str, b: str, *, since: dt.date | None = None, until: dt.date | None = None,
                 as_of: dt.date | None = None, half_life_days: float = 180.0) -> Tension:
    """The tension between ``a`` and ``b`` over the window, decayed to ``as_of`` (default: until, else the
    graph's newest evidence, see :func:`reference_date`); evidence dated after ``as_of`` is left out."""
    check_window(half_life_days, since, until)
    as_of = reference_date(g, until, as_of)
    return _score(a, b, dyad_events(g, a, b, since, _upto(until, as_of)), as_of, half_life_days)


def bucket_start(day: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "day":
        return day
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    raise InvalidInput(f"bucket {bucket!r}; expected day, week, month or year")


def _next_start(start: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "day":
        return start + dt.timedelta(days=1)
    if bucket == "week":
        return start + dt.timedelta(days=7)
    if bucket == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def buckets(first: dt.date, last: dt.date, bucket: Bucket) -> Iterator[tuple[dt.date, dt.date]]:
    """(start, end) of every bucket from the one holding ``first`` to the one holding ``last``; the last
    bucket of the calendar ends on 9999-12-31.

    >>> list(buckets(dt.date(9999, 12, 30), dt.date(9999, 12, 31), "week"))
    [(datetime.date(9999, 12, 27), datetime.date(9999, 12, 31))]
    """
    start = bucket_start(first, bucket)
    while start <= last:
        try:
            nxt = _next_start(start, bucket)
        except (OverflowError, ValueError):  # past year 9999
            yield start, dt.date.max
            return
        yield start, nxt - dt.timedelta(days=1)
        start = nxt


def tension_series(g: nx.MultiDiGraph, a: str, b: str, *, since: dt.date | None = None, until: dt.date | None = None,
                   as_of: dt.date | None = None, bucket: Bucket = "month", half_life_days: float = 180.0,
                   max_points: int = 5000) -> list[Point]:
    """One Point per bucket from ``since`` (default: the first event) to ``as_of`` (default: until, else the
    last event). The last point ends on ``as_of`` itself, so its level is :func:`dyad_tension`'s score for
    the same window and ``as_of``; evidence after ``as_of`` is left out."""
    check_window(half_life_days, since, until)
    if bucket not in BUCKETS:
        raise InvalidInput(f"bucket {bucket!r}; expected day, week, month or year")
    events = dyad_events(g, a, b, since, until if as_of is None else _upto(until, as_of))
    if not events and not (since and (until or as_of)):
        return []
    first = since or events[0].date
    last = as_of or until or events[-1].date
    spans = []
    for span in buckets(first, last, bucket):
        spans.append(span)
        if len(spans) > max_points:
            raise LimitExceeded(f"{bucket} buckets from {first} to {last} (use a larger bucket or a shorter "
                                f"window); the number of points", max_points)
    points, i, level, prev_end = [], 0, 0.0, None
    for start, end in spans:
        end = min(end, last)
        own = []
        while i < len(events) and events[i].date <= end:
            own.append(events[i])
            i += 1
        # Decay composes: the level at this bucket's end is the previous level decayed over the gap,
        # plus this bucket's own events decayed to its end (one pass over the events in all).
        if prev_end is not None:
            level *= decay((end - prev_end).days, half_life_days)
        level += _score(a, b, own, end, half_life_days).score
        prev_end = end
        points.append(Point(start, end, sum(e.weight for e in own), level, len(own)))
    return points


def score_and_series(g: nx.MultiDiGraph, a: str, b: str, *, since: dt.date | None = None,
                     until: dt.date | None = None, as_of: dt.date | None = None, half_life_days: float = 180.0,
                     bucket: Bucket = "month", max_points: int = 5000) -> tuple[Tension, list[Point]]:
    """:func:`dyad_tension` and the :func:`tension_series` that ends on its ``as_of`` (what /tension answers)."""
    total = dyad_tension(g, a, b, since=since, until=until, as_of=as_of, half_life_days=half_life_days)
    points = tension_series(g, a, b, since=since, until=until, as_of=total.as_of, bucket=bucket,
                            half_life_days=half_life_days, max_points=max_points)
    return total, points


def top_dyads(g: nx.MultiDiGraph, *, since: dt.date | None = None, until: dt.date | None = None,
              as_of: dt.date | None = None, half_life_days: float = 180.0, limit: int | None = 20,
              actor: str | None = None, hostile_only: bool = True, budget: Budget = UNLIMITED) -> list[Tension]:
    """The ``limit`` tensest rolled-up dyads, highest score first; ``actor`` keeps dyads that include it.
    With ``hostile_only`` a dyad needs at least one hostile event in the window to be ranked."""
    return rank_dyads(g, since=since, until=until, as_of=as_of, half_life_days=half_life_days, limit=limit,
                      actor=actor, hostile_only=hostile_only, budget=budget)[0]


def rank_dyads(g: nx.MultiDiGraph, *, since: dt.date | None = None, until: dt.date | None = None,
               as_of: dt.date | None = None, half_life_days: float = 180.0, offset: int = 0, limit: int | None = 20,
               actor: str | None = None, hostile_only: bool = True,
               budget: Budget = UNLIMITED) -> tuple[list[Tension], int]:
    """One page of the ranking of :func:`top_dyads`, and how many dyads are ranked in all.

    Without a window (no since/until, as_of after the last event) the ranking comes from an index kept on
    the snapshot and carried to the next by each write: every pair's all-time score as of one day (the
    anchor), whose order is the order at any later as_of, since decay scales every score by the same factor.
    Only the page's dyads are then scored in full. With a window, every edge is scanned (cost: all events)."""
    check_window(half_life_days, since, until)
    budget.check()
    if actor is not None:
        members(g, actor)  # NotFound when unknown
    as_of = reference_date(g, until, as_of)
    end = None if limit is None else offset + limit
    index = _ranking(g, half_life_days, budget) if since is None and until is None else None
    until = _upto(until, as_of)  # the window scan leaves out what was reported after as_of
    # the index, unless a window or an as_of before the last event asks for the window scan
    if index is not None and index.latest is not None and index.anchor is not None and as_of >= index.latest:
        entries = index.order if actor is None else index.of(actor)
        chosen = index.hostile() if hostile_only and actor is None else \
            [entry for entry in entries if entry[3] or not hostile_only]
        factor = decay((as_of - index.anchor).days, half_life_days)  # the same for every pair
        page = [index.tension(a, b, as_of, factor) for _, a, b, _ in chosen[offset:end]]
        return page, len(chosen)
    ranked = [t for t in _scan(g, since, until, as_of, half_life_days, actor, budget)
              if not hostile_only or any(k in HOSTILE for k in t.by_type)]
    ranked.sort(key=lambda t: (-t.score, t.a, t.b))
    return ranked[offset:end], len(ranked)


def _scan(g: nx.MultiDiGraph, since: dt.date | None, until: dt.date, as_of: dt.date, half_life_days: float,
          actor: str | None, budget: Budget) -> list[Tension]:
    """Every rolled-up pair a < b (officers and ministries count for their state; edges within one actor left
    out; only the pairs with ``actor`` when given) scored on its events in [since, until], as _score scores
    them (the same arithmetic in the same order). An edge's events are in date order: the window is found by
    bisection and only its own events are read (a window of the last weeks no longer reads every event of the
    graph: 10 s at 10M evidence rows, past the query budget)."""
    totals: dict[tuple[str, str], Tension] = {}
    low = (since,) if since is not None else None
    high = (until, math.inf)
    up = {node: rollup(g, node) for node in g}  # each actor's rollup once, not once per edge end
    for n, (u, successors) in enumerate(g._adj.items()):  # the adjacency itself: no edge view per edge
        if n % 256 == 0:
            budget.check()
        ru = up[u]
        for v, keyed in successors.items():
            rv = up[v]
            if ru == rv:
                continue
            pair = (ru, rv) if ru < rv else (rv, ru)
            if actor is not None and actor not in pair:
                continue
            for rtype, data in keyed.items():
                weight = WEIGHT.get(rtype, 0.0)
                events = data.get("events", ())
                if weight == 0.0 or not events or (low is not None and events[-1] < low):
                    continue
                first = 0 if low is None else bisect.bisect_left(events, low)
                end = bisect.bisect_right(events, high)
                if first >= end:
                    continue
                t = totals.get(pair)
                if t is None:
                    t = totals[pair] = Tension(pair[0], pair[1], 0.0, as_of)
                for i in range(first, end):
                    day, confidence = events[i]
                    _fold(t, rtype, weight * confidence * decay((as_of - day).days, half_life_days))
    return list(totals.values())


def _fold(t: Tension, rtype: str, value: float) -> None:
    """One event's decayed value into a pair's figures."""
    t.events += 1
    t.score += value
    t.by_type[rtype] = t.by_type.get(rtype, 0.0) + value
    if value > 0:
        t.hostility += value
    else:
        t.cooperation -= value


# A pair's figures in the ranking as a tuple of atoms (score, events, hostility, cooperation, by_type items), not
# a Tension: tens of thousands of tuples that Python's cyclic collector stops tracking, where Tensions stayed in
# every full collection's walk
Kept = tuple[float, int, float, float, tuple[tuple[str, float], ...]]


def _kept(t: Tension) -> Kept:
    return t.score, t.events, t.hostility, t.cooperation, tuple(t.by_type.items())


def _unkept(pair: tuple[str, str], kept: Kept, anchor: dt.date) -> Tension:
    score, events, hostility, cooperation, by_type = kept
    return Tension(pair[0], pair[1], score, anchor, events, hostility, cooperation, dict(by_type))


@dataclass(slots=True)
class _Ranking:
    latest: dt.date | None  # the last event in the graph
    anchor: dt.date | None  # the day the scores are as of: latest when built; a later write may pass it
    order: list[tuple[float, str, str, bool]]  # (-score as of anchor, a, b, has a hostile event), best first
    totals: dict[tuple[str, str], Kept] = field(default_factory=dict)  # each pair as of anchor (_kept)
    # the entries of order with a hostile event, and order split by actor: made by their first reader, then
    # carried by each write with the entries it moves (rebuilt by the first query after each write, they took
    # 264-497 ms at 10M rows, past the 200 ms target)
    hostile_entries: list[tuple[float, str, str, bool]] | None = None
    by_actor: dict[str, list[tuple[float, str, str, bool]]] | None = None

    def tension(self, a: str, b: str, as_of: dt.date, factor: float) -> Tension:
        """A pair's Tension as of ``as_of``: its figures as of the anchor, scaled by the decay in between."""
        score, events, hostility, cooperation, by_type = self.totals[(a, b)]
        return Tension(a, b, score * factor, as_of, events, hostility * factor, cooperation * factor,
                       {k: v * factor for k, v in by_type})

    def hostile(self) -> list[tuple[float, str, str, bool]]:
        """The entries of the order with a hostile event."""
        if self.hostile_entries is None:
            self.hostile_entries = [entry for entry in self.order if entry[3]]
        return self.hostile_entries

    def of(self, actor: str) -> list[tuple[float, str, str, bool]]:
        """The entries of the order with ``actor``."""
        if self.by_actor is None:
            by_actor: dict[str, list[tuple[float, str, str, bool]]] = defaultdict(list)
            for entry in self.order:
                by_actor[entry[1]].append(entry)
                by_actor[entry[2]].append(entry)
            self.by_actor = dict(by_actor)
        return self.by_actor.get(actor, [])


def _ranking(g: nx.MultiDiGraph, half_life_days: float, budget: Budget) -> _Ranking:
    """The all-time ranking of every rolled-up pair, kept on the snapshot per half-life (and carried to the
    next snapshot by each write: _carry_ranking)."""
    return per_generation(g, ("_ranking", half_life_days), lambda: _build_ranking(g, half_life_days, budget))


def _ranked_events(g: nx.MultiDiGraph, u: str, v: str, rtype: str, events: Iterable[tuple[dt.date, float]]
                   ) -> tuple[str, str, list[tuple[dt.date, str, float]]] | None:
    """The rolled-up pair (a < b) an edge's events count for in the ranking, and each event as (day, type,
    weight x confidence); None when the edge does not count (no weight, or within one actor)."""
    weight = WEIGHT.get(rtype, 0.0)
    ru, rv = rollup(g, u), rollup(g, v)
    if weight == 0.0 or ru == rv:
        return None
    a, b = (ru, rv) if ru < rv else (rv, ru)
    return a, b, [(day, rtype, weight * conf) for day, conf in events]


def _add(t: Tension, events: list[tuple[dt.date, str, float]], anchor: dt.date, half_life_days: float) -> None:
    """Fold events into a pair's figures as of ``anchor`` (an event after it weighs more than its value: the
    decay runs backwards; the scale is the same for every pair, so the order holds)."""
    for day, rtype, value in events:
        _fold(t, rtype, value * 0.5 ** ((anchor - day).days / half_life_days))


def _entry(t: Tension) -> tuple[float, str, str, bool]:
    return -t.score, t.a, t.b, any(k in HOSTILE for k in t.by_type)


def _build_ranking(g: nx.MultiDiGraph, half_life_days: float, budget: Budget) -> _Ranking:
    # The arithmetic of _score over plain tuples: building an Event per event (as the window scan once did) made
    # this rebuild 2.5 times slower (136 -> 346 ms at 100k rows); writes no longer pay it (_carry_ranking).
    per_pair: dict[tuple[str, str], list[tuple[dt.date, str, float]]] = defaultdict(list)
    for n, (u, v, rtype, data) in enumerate(g.edges(keys=True, data=True)):
        if n % 4096 == 0:
            budget.check()
        found = _ranked_events(g, u, v, rtype, data.get("events", ()))
        if found is not None:
            per_pair[found[:2]] += found[2]
    latest = max((e[0] for events in per_pair.values() for e in events), default=None)
    totals: dict[tuple[str, str], Tension] = {}
    if latest is not None:
        for (a, b), events in per_pair.items():
            if events:
                t = totals[(a, b)] = Tension(a, b, 0.0, latest)
                _add(t, events, latest, half_life_days)
    return _Ranking(latest, latest, sorted(_entry(t) for t in totals.values()),
                    {pair: _kept(t) for pair, t in totals.items()})


MAX_ANCHOR_HALF_LIVES = 30  # past this many half-lives between anchor and latest, the ranking is built afresh


@carried("_ranking")
def _carry_ranking(old: _Ranking, name: tuple, g: nx.MultiDiGraph, change: Change) -> _Ranking | None:
    """The ranking of the last snapshot, for the snapshot ``g`` after ``change``: the events a write appended
    are folded into their pairs, whose entries move in the order (cost: the pairs touched, and one copy of the
    order and totals, which readers of the last snapshot keep). A whole new projection, or one whose newest
    event ran far past the anchor, is ranked afresh."""
    half_life_days = name[1]
    if change.whole or old.anchor is None:
        return _build_ranking(g, half_life_days, UNLIMITED)
    touched: dict[tuple[str, str], list[tuple[dt.date, str, float]]] = defaultdict(list)
    for (u, v, rtype), events in change.appended.items():
        found = _ranked_events(g, u, v, rtype, events)
        if found is not None:
            touched[found[:2]] += found[2]
    if not touched:
        return old
    latest = max(old.latest or old.anchor, max(e[0] for events in touched.values() for e in events))
    if (latest - old.anchor).days > MAX_ANCHOR_HALF_LIVES * half_life_days:
        return _build_ranking(g, half_life_days, UNLIMITED)
    totals, order = dict(old.totals), list(old.order)
    # the lists readers made on the old snapshot are carried too: copied (a list per actor the write touched)
    hostile = None if old.hostile_entries is None else list(old.hostile_entries)
    by_actor = None if old.by_actor is None else dict(old.by_actor)
    copied: set[str] = set()

    def lists(entry: tuple[float, str, str, bool]) -> list[list[tuple[float, str, str, bool]]]:
        """The sorted lists that hold ``entry``: the order, the hostile entries, each of its actors' entries."""
        found = [order]
        if hostile is not None and entry[3]:
            found.append(hostile)
        if by_actor is not None:
            for actor in entry[1:3]:
                if actor not in copied:
                    copied.add(actor)
                    by_actor[actor] = list(by_actor.get(actor, ()))
                found.append(by_actor[actor])
        return found

    for pair, events in touched.items():
        kept = totals.get(pair)
        if kept is not None:
            t = _unkept(pair, kept, old.anchor)
            before = _entry(t)
            for entries in lists(before):
                del entries[bisect.bisect_left(entries, before)]
        else:
            t = Tension(*pair, 0.0, old.anchor)
        _add(t, events, old.anchor, half_life_days)
        totals[pair] = _kept(t)
        after = _entry(t)
        for entries in lists(after):
            bisect.insort(entries, after)
    return _Ranking(latest, old.anchor, order, totals, hostile, by_actor)


@carried("_newest_evidence")
def _carry_newest(old: dt.date | None, name: str, g: nx.MultiDiGraph, change: Change) -> dt.date | None:
    if change.whole:
        return None  # found again by its next reader
    days = [day for events in change.appended.values() for day, _ in events]
    return max([old, *days] if old is not None else days, default=None)
