"""A synthetic graph of realistic shape that keeps growing, written through the store's own ingest path.

Shape:
- **States**: every ISO 3166 state (pycountry, ~250), drawn with power-law (Zipf, s = 1.1) weights whose
  top ranks go to the states most in the news (``BUSIEST_STATES``), so a few states are in most articles.
- **Everyone else keeps arriving**: about one relation end in ``new_actor_every`` rows is an actor the graph
  has never seen: an organisation (70%), an officer (25%) or a ministry (5%) of a Zipf-drawn state, each
  with an invented name that no earlier actor's name resembles (checked with the matcher's own index, so
  the store cannot merge them: ``new_actor_every=50`` gives about 20k distinct actors at 1M rows). Known
  actors are drawn by preferential attachment (a uniform pick among earlier relation ends), so their degrees
  follow a power law and the busiest ones gather thousands of partners and events over the years; the
  well-known organisations (``BUSIEST_ORGANISATIONS``: the UN, NATO, the EU, ...) start with a head start,
  so they, not the first invented name, are the busiest.
- **Officers** are named in full with their title and by surname alone (an alias, as articles do), and
  SERVE their state; ministries are PART_OF theirs, as the extractor emits them.
- every relation type, weighted roughly as news reports them; evidence dated uniformly over 2015-2024.

Each synthetic article carries ``per_article`` typed relations plus the SERVES / PART_OF rows of its
officers and ministries; ``relations`` counts all evidence rows, the issue's unit.

The same module writes **GDELT 2.0-shaped event files** (:func:`gdelt_lines`, :func:`write_gdelt`: the 61
tab-separated columns, invented events, no download): actors drawn with Zipf weights over the ISO states, a
fifth of them with a role code (GOV, MIL, COP, OPP, ...), a few known groups (NATO, the UN, Hamas, ...), event
codes drawn from a spread over all twenty CAMEO roots, as GDELT's own mix (about a third statements and
consultations, so about 58% of rows map to a relation of the ontology).

>>> arts = list(articles(2000, seed=1, new_actor_every=10))
>>> 2000 <= sum(len(a.relations) for a in arts) < 2000 + 12
True
>>> all(r.source != r.target for a in arts for r in a.relations)
True
>>> 100 < len({x.key for a in arts for x in a.actors if x.kind == "Organization"}) < 200
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pycountry

from graph.identity import actor_key
from graph.model import Actor, ActorKind, Article, Evidence, Extraction, Relation, RelationType
from graph.resolve import KnownNames, match_known_actors

# how often each type is reported, roughly (hostile news dominates)
TYPE_WEIGHTS = {"ACCUSES": 20, "DENIES": 8, "THREATENS": 10, "ATTACKS": 8, "OPPOSES": 8, "SANCTIONS": 6,
                "OCCUPIES": 2, "ARMS": 6, "SUPPORTS": 12, "ALLIED_WITH": 5, "COOPERATES_WITH": 15}
START, DAYS = dt.date(2015, 1, 1), 3652
# the top Zipf ranks, in order (the rest of the states follow in a seeded shuffle)
BUSIEST_STATES = ["USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "IND", "PAK", "SAU",
                  "SYR", "PRK", "KOR", "JPN", "TWN", "AZE", "ARM", "EGY", "IRQ", "AFG", "VEN", "SDN"]
# the busiest organisations, in order: they start the preferential attachment with a head start
BUSIEST_ORGANISATIONS = ["United Nations", "NATO", "European Union", "Hamas", "Hezbollah", "African Union",
                         "International Atomic Energy Agency", "Houthis", "Taliban", "OPEC", "Wagner Group", "ASEAN",
                         "Arab League", "International Criminal Court", "Rapid Support Forces", "M23"]
HEAD_START = 40  # relation ends credited to the busiest organisation (the n-th gets HEAD_START / n)
STATE_SHARE = 0.55  # share of relation ends that are states
SYLLABLES = ("ka ro van mir to sel ur an dis bel ko ra ni zet pol ar ex um qua lin ha del sa fi mo tu re gan "
             "vi dor es ba lu nor te sha om pi chu ya len gor is na be ost im fa ru sen").split()
ORG_SHAPES = ("{a} {b} Front", "{a} Petroleum Company", "Movement for {a} {b}", "{a} {b} Brigades",
              "{a} Liberation Army", "{a} {b} Party", "Council of {a} {b}", "{a} {b} Holdings", "The {a} Times",
              "{a} {b} Alliance", "{a} Defence Industries", "Union of {a} {b}")
OFFICER_TITLES = ("Foreign Minister", "General", "President", "Defence Minister", "Spokesman", "Ambassador")
MINISTRY_SHAPES = ("Ministry of {a}", "{a} Agency", "{a} {b} Command", "{a} Guard")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()


class _Cast:
    """The actors so far: states with their Zipf weights, and every other actor as it arrives."""

    def __init__(self, rng: random.Random, new_actor_every: float) -> None:
        self.rng = rng
        self.p_new = min(1.0, 1.0 / (2 * (1 - STATE_SHARE) * new_actor_every))  # per non-state relation end
        codes = {c.alpha_3: c.name for c in pycountry.countries}
        rest = sorted(set(codes) - set(BUSIEST_STATES))
        rng.shuffle(rest)
        self.states = [Actor(key=k, kind=ActorKind.STATE, name=codes[k]) for k in BUSIEST_STATES + rest]
        self.state_weights = [1.0 / r ** 1.1 for r in range(1, len(self.states) + 1)]
        self.by_key: dict[str, Actor] = {a.key: a for a in self.states}
        self.ends: list[Actor] = []  # non-state relation ends so far (a uniform pick is preferential)
        self.known = KnownNames()
        for rank, name in enumerate(BUSIEST_ORGANISATIONS, 1):
            org = Actor(key=actor_key("Organization", name), kind=ActorKind.ORGANIZATION, name=name)
            self.by_key[org.key] = org
            self.known.add(org.key, org.kind.value, None, [name])
            self.ends += [org] * max(1, HEAD_START // rank)

    def state(self) -> Actor:
        return self.rng.choices(self.states, self.state_weights)[0]

    def pick(self) -> Actor:
        if self.rng.random() < STATE_SHARE:
            return self.state()
        if not self.ends or self.rng.random() < self.p_new:
            actor = self.new()
        else:
            actor = self.rng.choice(self.ends)
        self.ends.append(actor)
        return actor

    def new(self) -> Actor:
        """An actor whose name nothing known resembles."""
        rng = self.rng
        while True:
            a, b = _word(rng), _word(rng)
            roll = rng.random()
            if roll < 0.70:
                name = rng.choice(ORG_SHAPES).format(a=a, b=b)
                actor = Actor(key=actor_key("Organization", name), kind=ActorKind.ORGANIZATION, name=name)
            elif roll < 0.95:
                state = self.state().key
                full = f"{rng.choice(OFFICER_TITLES)} {a} {b}"
                actor = Actor(key=actor_key("Officer", full, state=state), kind=ActorKind.OFFICER, name=full,
                              aliases=[b], state=state)
            else:
                state = self.state().key
                name = rng.choice(MINISTRY_SHAPES).format(a=a, b=b)
                actor = Actor(key=actor_key("Ministry", name, state=state), kind=ActorKind.MINISTRY, name=name,
                              state=state)
            scope = actor.state or actor.organization
            if (actor.key not in self.by_key and not self.known.knows(actor.kind.value, scope, actor.key)
                    and not match_known_actors([actor], self.known)):
                self.known.add(actor.key, actor.kind.value, scope, [actor.name, *actor.aliases])
                self.by_key[actor.key] = actor
                return actor


def articles(relations: int, per_article: int = 5, seed: int = 7, new_actor_every: float = 50.0) -> Iterator[Extraction]:
    """Extractions holding ``relations`` evidence rows in all; about one new actor per ``new_actor_every``
    rows."""
    rng = random.Random(seed)
    cast = _Cast(rng, new_actor_every)
    types, type_w = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    made = 0
    n = 0
    while made < relations:
        k = max(1, min(per_article, relations - made))
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        article_id = f"syn-{seed}-{n}"
        rels, seen = [], set()
        while len(rels) < k:
            a, b = cast.pick(), cast.pick()
            rtype = rng.choices(types, type_w)[0]
            if a.key == b.key or (a.key, rtype, b.key) in seen:
                continue
            seen.add((a.key, rtype, b.key))
            sentence = f"{a.name} {rtype.lower().replace('_', ' ')} {b.name} ({article_id}, {len(rels)})."
            rels.append(Relation(a.key, RelationType(rtype), b.key,
                                 [Evidence(article_id, sentence, round(rng.uniform(0.5, 0.99), 2))]))
        keys = {r.source for r in rels} | {r.target for r in rels}
        members = [cast.by_key[key] for key in sorted(keys)]
        states = {m.state for m in members if m.state}
        members += [cast.by_key[s] for s in sorted(states - keys)]
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


# CAMEO roots weighted roughly as GDELT's events are (statements, appeals, consultations and cooperation
# dominate; fights and mass violence are rare)
ROOT_WEIGHTS = {"01": 18, "02": 6, "03": 8, "04": 20, "05": 8, "06": 3, "07": 3, "08": 3, "09": 2, "10": 3,
                "11": 6, "12": 2, "13": 2, "14": 2, "15": 1, "16": 2, "17": 5, "18": 3, "19": 4, "20": 0.2}
CODES = {"01": ["010", "012", "016", "019"], "02": ["020", "023"], "03": ["030", "036", "0312"],
         "04": ["040", "042", "043", "046"], "05": ["051", "057"], "06": ["061", "062"], "07": ["071", "072"],
         "08": ["080", "0874"], "09": ["090"], "10": ["100"], "11": ["111", "112", "1121"], "12": ["120", "128"],
         "13": ["130", "138"], "14": ["141"], "15": ["150"], "16": ["163", "166"], "17": ["173", "175"],
         "18": ["180", "183"], "19": ["190", "193", "195"], "20": ["202"]}
ROLES = ["GOV", "GOV", "MIL", "COP", "OPP", "JUD", "BUS", "CVL", "MED", "LEG"]
GROUPS = [("IGOWSTNAT", "NAT"), ("IGOUNO", "UNO"), ("PSEREBHMS", "HMS"), ("IGOEUREEC", "EEC"), ("LBNREBHEZ", "HEZ")]
GDELT_FIRST_ID = 900_000_000


def gdelt_lines(rows: int, seed: int = 3, first_id: int = GDELT_FIRST_ID) -> Iterator[str]:
    """``rows`` lines of a GDELT 2.0 events file (61 tab-separated fields, newline-terminated), GLOBALEVENTIDs
    counting from ``first_id`` (another ``first_id`` gives events no earlier file holds).

    >>> lines = list(gdelt_lines(3))
    >>> [len(line.rstrip("\\n").split("\\t")) for line in lines], lines[0].split("\\t")[0]
    ([61, 61, 61], '900000000')
    """
    rng = random.Random(seed)
    states = [c.alpha_3 for c in pycountry.countries]
    rng.shuffle(states)
    weights = [1 / r ** 1.1 for r in range(1, len(states) + 1)]
    roots, root_w = list(ROOT_WEIGHTS), list(ROOT_WEIGHTS.values())

    def actor() -> list[str]:
        roll = rng.random()
        if roll < 0.04:
            code, group = rng.choice(GROUPS)
            return [code, code, "", group, "", "", "", "", "", ""]
        state = rng.choices(states, weights)[0]
        role = rng.choice(ROLES) if roll < 0.25 else ""
        return [state + role, state, state, "", "", "", "", role, "", ""]

    for i in range(rows):
        day = f"20{rng.randint(15, 24)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        code = rng.choice(CODES[rng.choices(roots, root_w)[0]])
        row = [str(first_id + i), day, day[:6], day[:4], day[:4] + ".5", *actor(), *actor(), "1", code,
               code[:3], code[:2], str(rng.randint(1, 4)), f"{rng.uniform(-10, 10):.1f}", str(rng.randint(1, 40)),
               str(rng.randint(1, 8)), str(rng.randint(1, 40)), f"{rng.uniform(-10, 5):.2f}"]
        row += ["1", "Somewhere", "XX", "XX01", "XX01a", "10.0", "20.0", "-1"] * 3
        row += [day + "120000", f"https://news.example.org/{i % 50_000}"]
        yield "\t".join(row) + "\n"


def write_gdelt(path: Path, rows: int, seed: int = 3, first_id: int = GDELT_FIRST_ID) -> Path:
    """Write :func:`gdelt_lines` to ``path`` (through a temporary name, so that a file of that name is always
    whole: callers keep it and reuse it)."""
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8") as f:
        f.writelines(gdelt_lines(rows, seed, first_id))
    part.replace(path)
    return path
