"""diplomatic.move: embassies and envoys withdrawn (SANCTIONS) or opened (COOPERATES_WITH), ties severed."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Morocco recalled its ambassador from Algiers.", {("MAR", "SANCTIONS", "DZA", "diplomatic.move")}),
    ("Kenya severed ties with Somalia.", {("KEN", "SANCTIONS", "SOM", "diplomatic.move")}),
    ("Bahrain announced the opening of an embassy in Tel Aviv.",
     {("BHR", "COOPERATES_WITH", "ISR", "diplomatic.move")}),
])
def test_diplomatic_moves(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize("text", [
    "Kenya did not sever ties with Somalia.",
    "Morocco opened a school in Algiers.",  # not a diplomatic object
    "Morocco closed its border with Algeria.",
])
def test_no_diplomatic_move(rel_set, text):
    assert rel_set(text) == set()
