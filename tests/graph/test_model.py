from __future__ import annotations

import pytest

from graph.errors import InvalidInput
from graph.identity import actor_key
from graph.model import Actor, Article, Evidence, Relation, RelationType, actor_kind, relation_type


def test_unknown_relation_type_is_refused_by_name():
    with pytest.raises(InvalidInput, match="unknown relation type 'BEFRIENDS'"):
        Relation("IRN", "BEFRIENDS", "AZE")
    with pytest.raises(InvalidInput, match="'LIKES'"):
        relation_type("LIKES")


def test_unknown_actor_kind_is_refused_by_name():
    with pytest.raises(InvalidInput, match="unknown actor kind 'Province'"):
        Actor("x", "Province", "Nakhchivan")
    assert actor_kind("officer").value == "Officer"


def test_every_ontology_type_is_accepted():
    names = {"ACCUSES", "DENIES", "ARMS", "ALLIED_WITH", "THREATENS", "ATTACKS", "SUPPORTS", "OPPOSES", "OCCUPIES",
             "SANCTIONS", "COOPERATES_WITH", "SERVES", "PART_OF", "MEMBER_OF"}
    assert {t.value for t in RelationType} == names
    assert {relation_type(n.lower()).value for n in names} == names


def test_symmetric_relations_order_their_pair():
    assert Relation("TUR", "ALLIED_WITH", "AZE").key == ("AZE", "ALLIED_WITH", "TUR")
    assert Relation("TUR", "ARMS", "AZE").key == ("TUR", "ARMS", "AZE")


def test_relation_to_itself_and_bad_confidence_are_refused():
    with pytest.raises(InvalidInput, match="to itself"):
        Relation("IRN", "ACCUSES", "IRN")
    with pytest.raises(InvalidInput, match=r"not in \[0, 1\]"):
        Evidence("a1", "s", 1.5)


def test_article_needs_id_and_iso_date():
    with pytest.raises(InvalidInput, match="no id"):
        Article(id=" ", text="x", source="feed.xml")
    with pytest.raises(InvalidInput, match="'31/03/2023' is not an ISO date"):
        Article(id="a", text="x", published="31/03/2023")


def test_keys_are_stable_and_scoped():
    assert actor_key("Officer", "Brigadier General Kioumars Heydari", state="IRN") == "officer:irn:kioumars-heydari"
    assert actor_key("Officer", "Kioumars Heydari", state="irn") == "officer:irn:kioumars-heydari"
    assert actor_key("Ministry", "Ministry of Defense", state="AZE") != actor_key("Ministry", "Ministry of Defense",
                                                                                 state="IRN")
    assert actor_key("Organization", "Hezbollah") == "organization:hezbollah"
    with pytest.raises(InvalidInput, match="ISO 3166-1 alpha-3"):
        actor_key("State", "Ruritania")
