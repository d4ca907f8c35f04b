"""The relation model's parts: candidate pairs, features, the decision, and the shipped model's behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from graph.model import EVENT_TYPES, Article
from loaders.mentions import find_actors
from loaders.model.candidates import candidates
from loaders.model.features import featurise_all, rules_by_sentence
from loaders.model.relmodel import DEFAULT_MODEL, LABELS, RelationModel
from loaders.rules import apply_rules


def parse(extractor, text: str):
    doc = extractor.nlp(text)
    return doc, find_actors(doc, extractor.gaz)


def pairs(extractor, text: str) -> set[tuple[str, str, str]]:
    doc, found = parse(extractor, text)
    return {(c.a.key, c.b.key, c.link) for c in candidates(doc, found)}


def test_candidates_pair_the_actors_of_a_sentence_in_text_order(extractor):
    assert pairs(extractor, "Iran accused Azerbaijan and Israel of plotting against it.") == {
        ("IRN", "AZE", "same"), ("IRN", "ISR", "same"), ("AZE", "ISR", "same")}


def test_no_candidate_between_an_officer_and_his_own_state(extractor):
    found = pairs(extractor, "Iranian Foreign Minister Hossein Amir-Abdollahian visited Iran's border with Iraq.")
    assert found and all({"IRN", "IRQ"} & {a.split(":")[1].upper() if ":" in a else a, b} for a, b, _ in found)
    assert not any(a.startswith("officer:irn") and b == "IRN" for a, b, _ in found)


def test_a_quote_is_paired_with_the_speaker_of_the_next_sentence(extractor):
    text = ("\"We will never accept the occupation of our land by Armenia,\" the statement said.\n"
            "Azerbaijan said the talks had failed.")
    assert ("AZE", "ARM", "quote") in pairs(extractor, text)


def test_headline_actors_are_paired_with_the_lead(extractor):
    text = "Turkey warns Greece\nThe foreign ministry in Ankara summoned Athens's ambassador on Monday."
    assert ("TUR", "GRC", "lead") in pairs(extractor, text) or ("TUR", "GRC", "same") in pairs(extractor, text)


def test_features_name_the_governing_word_and_the_roles(extractor):
    doc, found = parse(extractor, "Iran accused Azerbaijan of hosting foreign troops.")
    cands = candidates(doc, found)
    rules = apply_rules(doc, found)
    side = {k: k for k in found.actors}
    (feats,) = featurise_all(doc, found, cands, rules_by_sentence(rules, side), side)
    assert "lcaroles=accuse|nsubj|dobj" in feats and "rule=ACCUSES>" in feats and "meets=1" in feats
    assert all("\n" not in f for f in feats)


def test_the_decision_keeps_what_reaches_the_threshold_in_the_right_direction(extractor):
    doc, found = parse(extractor, "Canada imposed sanctions on Belarus.")
    cands = candidates(doc, found)
    probs = np.zeros((len(cands), len(LABELS)), dtype=np.float32)
    probs[0, LABELS.index("SANCTIONS>")] = 0.8
    probs[0, LABELS.index("ACCUSES<")] = 0.3  # under the threshold
    model = RelationModel("t", {}, np.zeros((0, len(LABELS))), np.zeros(len(LABELS)), {"SANCTIONS": 0.5,
                                                                                       "ACCUSES": 0.5}, {})
    (found_one,) = model.decide(cands, probs)
    assert (found_one.source, found_one.type.value, found_one.target) == ("CAN", "SANCTIONS", "BLR")
    assert found_one.confidence == pytest.approx(0.8) and found_one.rule == "model:t"


NOTHING_SAID = [  # sentences that name states and say no relation between them
    "Iran and Iraq played a friendly football match in Baghdad on Sunday.",
    "Heavy rain fell on Tokyo and Seoul, the weather agencies of Japan and South Korea said.",
    "Chile's central bank kept interest rates unchanged, as did Peru's.",
]


@pytest.fixture(scope="module")
def shipped():
    return RelationModel.load(DEFAULT_MODEL)


def test_the_shipped_model_is_small_and_documented(shipped):
    assert DEFAULT_MODEL.stat().st_size < 25 * 2**20
    assert shipped.meta["corpus"]["articles"] >= 200 and shipped.version.startswith("rel-")
    card = DEFAULT_MODEL.with_name("MODEL_CARD.md").read_text()
    assert shipped.version in card and "dev" in card.lower()
    assert shipped.encoder is not None and "## The encoder" in card
    encoder = DEFAULT_MODEL.with_name(shipped.meta["encoder"]["file"])
    assert encoder.stat().st_size < 25 * 2**20  # int8: what git can carry


@pytest.fixture(scope="module")
def full(extractor):
    """The extractor as shipped: rules, linear model and encoder."""
    from loaders.extract import Extractor

    return Extractor(nlp=extractor.nlp, gazetteer=extractor.gaz)


def test_the_shipped_encoder_is_mixed_into_the_probability(full):
    """Where the linear half is unsure enough to ask the encoder, the relation's confidence is the mean of the
    two halves' probabilities, not the linear one."""
    import dataclasses

    from loaders.extract import Extractor

    text = "Russia launched a missile strike on Ukraine's power grid on Sunday."
    linear_only = Extractor(nlp=full.nlp, gazetteer=full.gaz, model=dataclasses.replace(full.model, encoder=None))

    def confidence(extractor) -> float:
        found = extractor.extract(Article(id="m", text=text))
        return next(r.confidence for r in found.relations if (r.source, r.type.value, r.target) == ("RUS", "ATTACKS", "UKR"))

    assert confidence(full) != confidence(linear_only)


@pytest.mark.parametrize("text", NOTHING_SAID)
def test_the_shipped_model_finds_no_relation_where_none_is_said(full, text):
    assert relations(full, text) == set()


def relations(extractor, text: str) -> set[tuple[str, str, str]]:
    found = extractor.extract(Article(id="m", text=text))
    return {(r.source, r.type.value, r.target) for r in found.relations if r.type in EVENT_TYPES}


@pytest.mark.parametrize("text", NOTHING_SAID)
def test_no_relation_where_none_is_said(extractor, text):
    assert relations(extractor, text) == set()
