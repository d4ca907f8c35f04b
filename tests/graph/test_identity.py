"""Identity across articles: spellings of one person from many articles are one actor with the right state;
two people who share a surname stay two (a resolution test set, both stores)."""

from __future__ import annotations

import pytest

from graph.model import Actor
from graph.resolve import KnownNames, match_known_actors
from graph.store import ActorQuery, RelationFilter
from tests.conftest import make_extraction


def _officer(name: str, state: str | None = None, slug: str | None = None) -> Actor:
    from graph.identity import actor_key

    return Actor(actor_key("Officer", name, state=state), "Officer", name, state=state)


# (article's spelling, state the article gave or None) -> the person it is; each group is one person
SPELLINGS = [
    ("padrino", [("Vladimir Padrino López", "VEN"), ("Padrino Lopez", None), ("Vladimir Padrino", None),
                 ("Defence Minister Vladimir Padrino Lopez", "VEN"), ("Padrino López", "VEN")]),
    ("erdogan", [("Recep Tayyip Erdogan", "TUR"), ("President Recep Tayyip Erdogan", None),
                 ("Recep Tayyip Erdoğan", None), ("Tayyip Erdogan", None)]),
    ("kanaani", [("Nasser Kanaani", "IRN"), ("Nasser Kana'ani", None), ("Nasser Kanani", "IRN")]),
    ("delcy", [("Delcy Rodríguez", "VEN"), ("Delcy Rodriguez", None)]),
    ("jorge", [("Jorge Rodríguez", "VEN"), ("Jorge Rodriguez", None)]),
    ("ali", [("Ali Khamenei", "IRN")]),
    ("mojtaba", [("Mojtaba Khamenei", "IRN"), ("Mojtaba Khamenei", None)]),
]


def test_resolution_set_one_actor_per_person_with_its_state(store):
    n = 0
    for person, spellings in SPELLINGS:
        for name, state in spellings:
            n += 1
            officer = _officer(name, state)
            target = "GUY" if person in ("padrino", "delcy", "jorge") else "ISR"
            store.upsert(make_extraction(f"{person}-{n}", f"2024-03-{n:02d}", [(officer.key, "ACCUSES", target, 0.8)],
                                         actors=[officer], text=f"{name} spoke ({n})."))
    officers = store.search_actors(ActorQuery(kind="Officer"), limit=100).items
    by_name = {o.name: o for o in officers}
    assert len(officers) == len(SPELLINGS), sorted(o.key for o in officers)
    assert {o.state for o in officers} == {"VEN", "TUR", "IRN"}
    padrino = by_name["Vladimir Padrino López"]
    assert padrino.state == "VEN" and {"Padrino Lopez", "Vladimir Padrino"} <= set(padrino.aliases)
    assert store.relations(RelationFilter(source=padrino.key)).items[0].count == 5
    assert by_name["Recep Tayyip Erdogan"].state == "TUR"
    # two Rodríguezes and two Khameneis: a shared surname is no reason to merge
    assert {"Delcy Rodríguez", "Jorge Rodríguez", "Ali Khamenei", "Mojtaba Khamenei"} <= set(by_name)


def test_a_surname_alone_is_not_matched_across_states_when_two_people_hold_it():
    known = KnownNames()
    known.add("officer:ven:delcy-rodriguez", "Officer", "VEN", ["Delcy Rodríguez"])
    known.add("officer:ven:jorge-rodriguez", "Officer", "VEN", ["Jorge Rodríguez"])
    known.add("officer:tur:recep-tayyip-erdogan", "Officer", "TUR", ["Recep Tayyip Erdogan"])
    found = match_known_actors([_officer("Rodriguez"), _officer("Erdogan"), _officer("Jorge Rodriguez")], known)
    assert found == {"officer:erdogan": "officer:tur:recep-tayyip-erdogan",
                     "officer:jorge-rodriguez": "officer:ven:jorge-rodriguez"}


@pytest.mark.parametrize("a, b", [("Ali Khamenei", "Mojtaba Khamenei"), ("Delcy Rodríguez", "Jorge Rodríguez")])
def test_two_people_sharing_a_surname_in_one_state_stay_two(a, b):
    known = KnownNames()
    first = _officer(a, "IRN")
    known.add(first.key, "Officer", "IRN", [a])
    assert match_known_actors([_officer(b, "IRN")], known) == {}


def test_a_surname_alone_that_two_people_hold_in_one_state_is_neither():
    known = KnownNames()
    for name in ("Ali Khamenei", "Mojtaba Khamenei"):
        known.add(_officer(name, "IRN").key, "Officer", "IRN", [name])
    assert match_known_actors([_officer("Khamenei", "IRN")], known) == {}
