"""Structural relations read with the actors (``loaders.mentions``): an officer SERVES the ministry,
organisation or state named in their title or apposition; a ministry is PART_OF its state."""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import RelationType
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule


@rule("structural.affiliation", version=1)
def affiliation(ctx: Context) -> Iterator[Found]:
    """"Brigadier General K. Heydari, commander of Iran's Ground Force": SERVES; "Iran's Ground Force": PART_OF."""
    for source, rtype, target, sent in ctx.actors.structural:
        yield Found(source, RelationType(rtype), target, sent.text.strip(), 0.9, at=sent.start)
