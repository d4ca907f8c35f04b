"""Speakers of quotes and reported clauses: no loop between a pronoun and the speaker it stands for
(issue 15 part 6: "They said …", a quote attributed after the quote near another quote)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    # "they" is the subject of the speech verb whose speaker it would stand for
    ("They said Iran attacked Iraq.", {("IRN", "ATTACKS", "IRQ", "verbs.relation")}),
    ('"We protested," Marcos said. "We are awaiting their reply," Marcos told reporters on Monday, adding that '
     'they had warned China.', set()),
    ('Manila protested to Beijing on Sunday. "The ship was rammed twice," the coast guard said. "We are awaiting '
     'their reply," Marcos told reporters on Monday.', set()),
])
def test_pronoun_speakers_resolve_without_a_loop(rule_set, text, expected):
    assert rule_set(text) == expected


def test_first_person_in_a_quote_is_the_speaker_named_after_it(rel_set):
    text = '"We will strike Israel," the Houthis said on Sunday.'
    assert rel_set(text) == {("Houthis", "THREATENS", "ISR")}
