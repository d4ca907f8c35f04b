"""Every Cypher statement the Neo4j store sends, one purpose per file, loaded by name.

Statements are always parameterised. Labels and relationship types cannot be parameters in Cypher, so
the few statements that need one carry a placeholder (``__LABEL__``, ``__TYPE__``) that only a member
of the ontology's closed sets (:class:`graph.model.ActorKind`, :class:`graph.model.RelationType`) can
fill; no user string ever reaches the text of a statement.

>>> "MERGE (a)-[r:ARMS]->(b)" in statement("relations_merge", type=RelationType.ARMS)
True
>>> statement("../secrets")
Traceback (most recent call last):
...
KeyError: "no Cypher statement named '../secrets'"
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from graph.model import ActorKind, RelationType

NAME = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)?")


@cache
def text(name: str) -> str:
    """The text of ``cypher/<name>.cypher`` (``browser/<name>`` for the analyst queries)."""
    if not NAME.fullmatch(name):
        raise KeyError(f"no Cypher statement named {name!r}")
    path = files(__package__).joinpath(f"{name}.cypher")
    if not path.is_file():
        raise KeyError(f"no Cypher statement named {name!r}")
    return path.read_text(encoding="utf-8")


def names(folder: str = "") -> list[str]:
    """Names of the statements in ``cypher/`` (or its ``browser/`` folder)."""
    base = files(__package__).joinpath(folder) if folder else files(__package__)
    prefix = f"{folder}/" if folder else ""
    return sorted(prefix + p.name[:-len(".cypher")] for p in base.iterdir() if p.name.endswith(".cypher"))


MAX_HOPS = 12  # the longest path a statement's __HOPS__ can ask for


def statement(name: str, *, label: ActorKind | None = None, type: RelationType | None = None,
              hops: int | None = None) -> str:
    """The statement ``name`` with its placeholders filled from the closed sets (``__HOPS__``, the length of a
    variable-length pattern, which Cypher takes only as a literal: a whole number from 1 to MAX_HOPS)."""
    query = text(name)
    if "__HOPS__" in query:
        if not isinstance(hops, int) or isinstance(hops, bool) or not 1 <= hops <= MAX_HOPS:
            raise ValueError(f"statement {name!r} needs a number of hops from 1 to {MAX_HOPS}, got {hops!r}")
        query = query.replace("__HOPS__", str(hops))
    for marker, value, closed in (("__LABEL__", label, ActorKind), ("__TYPE__", type, RelationType)):
        if marker in query:
            if not isinstance(value, closed):
                raise ValueError(f"statement {name!r} needs a {closed.__name__}, got {value!r}")
            query = query.replace(marker, value.value)
    return query
