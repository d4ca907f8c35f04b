"""speech.blaming and speech.threat_phrase: reported speech that blames, set phrases of threat."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Pakistan said that India sponsors terrorism in the region.", {("PAK", "ACCUSES", "IND", "speech.blaming")}),
    ("Iran said it will retaliate against Israel.", {("IRN", "THREATENS", "ISR", "speech.threat_phrase")}),
    ("Turkey will strike Syria if its soldiers are harmed.",
     {("TUR", "THREATENS", "SYR", "speech.threat_phrase"), ("TUR", "THREATENS", "SYR", "verbs.relation")}),
])
def test_speech(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Pakistan said that India hosted a cricket match.", set()),  # no blame in what was said
    ("Pakistan said that the Pakistani army had lied.", {("Army", "PART_OF", "PAK")}),  # never one's own state
])
def test_speech_that_blames_nobody_else(rel_set, text, expected):
    assert rel_set(text) == expected


def test_reported_speech_makes_the_speaker_the_source(rel_set):
    assert rel_set("The Houthis said on Sunday that they would strike American ships.") == {
        ("Houthis", "THREATENS", "USA")}


@pytest.mark.parametrize("text", [
    # issue 16 part 4: responding to aggression is not aggression; the minister accuses nobody
    "Defence Minister Vladimir Padrino Lopez said on state television that the armed forces of Venezuela would "
    "respond to any aggression.",
    "Pakistan said that India would fight terrorism.",
    "Chile said that Peru would defend itself against any provocation.",
])
def test_reacting_to_what_is_blamed_is_not_blamed(rule_set, text):
    assert {r for r in rule_set(text) if r[3] == "speech.blaming"} == set()
    assert not {r for r in rule_set(text) if r[1] == "ACCUSES"}


def test_rejecting_lies_still_blames_the_liar(rule_set):
    assert rule_set("Serbia said it rejects the lies spread by Kosovo's leadership.") == {
        ("SRB", "ACCUSES", "XKX", "speech.blaming"), ("SRB", "DENIES", "XKX", "denials.rejected_claims")}
