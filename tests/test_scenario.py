"""The five-story scenario of issue 12, written anew (tests/data/essequibo/): five wire stories about one
crisis, in five formats, each dated a different way, naming the same people in different spellings and with
or without their state. Ingested through the shared pipeline into each store, they give one actor per
person with the right state, the right dates, stored keys in the ingest answer, and names inline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import ActorQuery, RelationFilter
from loaders.pipeline import ingest
from loaders.readers import ReadOptions, read_sources

STORIES = Path(__file__).resolve().parent / "data" / "essequibo"


def _last(month: int, day: int) -> dt.date:
    """The last such day on or before today (a dateline without a year)."""
    today = dt.date.today()
    this_year = dt.date(today.year, month, day)
    return this_year if this_year <= today else this_year.replace(year=today.year - 1)


def _ingest(store, extractor) -> dict:
    files = [str(STORIES / n) for n in ("1-troops.txt", "2-claim.md", "3-denial.txt", "4-ankara.json")]
    inputs = [*read_sources(files, ReadOptions(fetch=False)),
              *read_sources([str(STORIES / "5-stdin.txt")], ReadOptions(fetch=False, published=dt.date(2024, 3, 9)))]
    outcomes = list(ingest(inputs, store, extractor))
    assert [o.error for o in outcomes] == [None] * 5
    return {o.result.article_id: o for o in outcomes}


def test_five_stories_give_one_actor_per_person_with_state_and_dates(store, extractor):
    outcomes = _ingest(store, extractor)
    officers = {o.name: o for o in store.search_actors(ActorQuery(kind="Officer"), limit=50).items}
    assert sorted((o.key, o.state) for o in officers.values()) == [
        ("officer:tur:recep-tayyip-erdogan", "TUR"), ("officer:ven:delcy-rodriguez", "VEN"),
        ("officer:ven:jorge-rodriguez", "VEN"), ("officer:ven:vladimir-padrino-lopez", "VEN")]
    assert {"Padrino Lopez", "Vladimir Padrino"} <= set(officers["Vladimir Padrino López"].aliases)
    dates = {a: (store.get_article(a).published, store.get_article(a).date_source) for a in outcomes}
    assert dates == {"1-troops": (_last(3, 3), "dateline"), "2-claim": (dt.date(2024, 3, 5), "published"),
                     "3-denial": (dt.date(2024, 3, 6), "published"), "ankara-talks": (dt.date(2024, 3, 8), "published"),
                     "5-stdin": (dt.date(2024, 3, 9), "published")}
    assert store.get_article("1-troops").text.startswith("Guyana says Venezuelan troops massed at the border")
    assert "GEORGETOWN, March 3 (Wire) - Guyana accused" in store.get_article("1-troops").text
    for rel in store.relations(RelationFilter(), limit=100).items:
        for ev in rel.evidence:
            assert (ev.published, ev.date_source) == dates[ev.article_id]
    # Guyana accuses Venezuela in two stories (once repeated inside one): two reports
    assert store.relations(RelationFilter(source="GUY", target="VEN", types={"ACCUSES"})).items[0].count == 2
    # the ingest answer names the stored actor, not the article's own spelling of him
    denial = outcomes["3-denial"].extraction
    assert "officer:ven:vladimir-padrino-lopez" in {a.key for a in denial.actors}
    assert "officer:vladimir-padrino" not in {a.key for a in denial.actors}


def test_answers_listing_actor_keys_give_names_and_kinds(store, extractor):
    _ingest(store, extractor)
    app = create_app(Settings(api_key="k"), store=store, extractor=extractor)
    with TestClient(app) as client:
        top = client.get("/tension/top", params={"until": "2024-12-31"}).json()["items"]
        assert top[0]["nodes"][0]["key"] == top[0]["a"] and top[0]["nodes"][1]["name"]
        names = {n["key"]: (n["name"], n["kind"]) for t in top for n in t["nodes"]}
        assert names["VEN"] == ("Venezuela", "State")
        path = client.get("/paths", params={"from": "TUR", "to": "GUY"}).json()["items"][0]
        assert [n["key"] for n in path["nodes"]] == path["actors"] and all(n["name"] for n in path["nodes"])
        dyad = client.get("/tension", params={"a": "GUY", "b": "VEN", "as_of": "2024-03-07"}).json()
        assert [n["name"] for n in dyad["nodes"]] == ["Guyana", "Venezuela"]
        assert dyad["points"][-1]["level"] == dyad["score"] and dyad["points"][-1]["end"] == "2024-03-07"
        answer = client.post("/articles", headers={"X-API-Key": "k"}, json={
            "id": "late", "published": "2024-03-10",
            "text": "Defence Minister Padrino Lopez accused Guyana of staging provocations."}).json()
        keys = {a["key"] for a in answer["results"][0]["actors"]}
        assert "officer:ven:vladimir-padrino-lopez" in keys, answer
