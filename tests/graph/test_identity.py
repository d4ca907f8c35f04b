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


# ---------------------------------------------------------------- a state learned later

def test_an_officer_stored_without_a_state_moves_to_it_when_a_later_article_tells_it(store):
    from graph import tension

    bare = _officer("Padrino Lopez")  # "Defence Minister Padrino Lopez said ...": no state in the first article
    store.upsert(make_extraction("a1", "2024-03-03", [(bare.key, "THREATENS", "GUY", 0.8)], actors=[bare]))
    assert tension.rollup(store.projection(), bare.key) == bare.key  # he counted for no state
    full = _officer("Vladimir Padrino López", "VEN")
    store.upsert(make_extraction("a2", "2024-03-05", [(full.key, "ACCUSES", "GUY", 0.7)], actors=[full]))
    officers = store.search_actors(ActorQuery(kind="Officer")).items
    assert [(o.key, o.state) for o in officers] == [(full.key, "VEN")]
    assert "Padrino Lopez" in officers[0].aliases
    # His relations follow him, so they count for Venezuela now; the old key redirects.
    rels = {r.key for r in store.relations(RelationFilter()).items}
    assert rels == {(full.key, "THREATENS", "GUY"), (full.key, "ACCUSES", "GUY")}
    assert set(tension.dyad_tension(store.projection(), "VEN", "GUY").by_type) == {"THREATENS", "ACCUSES"}
    assert store.redirect(bare.key) == full.key
    # A later article under the old spelling lands on him too.
    store.upsert(make_extraction("a3", "2024-03-07", [(bare.key, "THREATENS", "GUY", 0.6)], actors=[bare]))
    assert store.relations(RelationFilter(source=full.key, types={"THREATENS"})).items[0].count == 2
    # The store says what it did, as a merge an analyst can read in the audit log and undo.
    entry = store.audit_log().items[0]
    assert (entry.who, entry.action, entry.target) == ("tensiongraph", "merge-actor", f"{bare.key} -> {full.key}")
    assert "'a2'" in entry.reason and "VEN" in entry.reason


@pytest.mark.parametrize(("stored", "later", "others"), [
    ("Rodriguez", "Delcy Rodríguez", []),  # a surname alone may be anyone's
    ("Jorge Rodriguez", "Delcy Rodríguez", []),  # another person
    # namesakes in two states: which of them he is, nobody can say
    ("Ali Khan", "Ali Khan", [("Ali Khan", "PAK"), ("Ali Khan", "IND")]),
])
def test_a_stateless_officer_who_may_be_someone_else_stays(store, stored, later, others):
    for i, (name, state) in enumerate(others):
        other = _officer(name, state)
        store.upsert(make_extraction(f"o{i}", "2024-03-01", [(other.key, "ACCUSES", "GUY", 0.8)], actors=[other]))
    bare = _officer(stored)
    store.upsert(make_extraction("a1", "2024-03-03", [(bare.key, "ACCUSES", "GUY", 0.8)], actors=[bare]))
    full = _officer(later, "IND" if others else "VEN")
    store.upsert(make_extraction("a2", "2024-03-05", [(full.key, "ACCUSES", "GUY", 0.7)], actors=[full]))
    assert bare.key in {o.key for o in store.search_actors(ActorQuery(kind="Officer")).items}
    assert store.redirect(bare.key) is None and store.audit_log().total == 0
