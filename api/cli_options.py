"""Options that several ``tensiongraph`` commands share. Help texts go through rich markup, where "[env ...]"
would be taken for a tag and vanish: :func:`help_text` escapes them (tests/api/test_newcomer.py checks every
command's help for lost brackets)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape


def help_text(text: str) -> str:
    """``text`` as rich prints it: square brackets kept."""
    return escape(text)


DbOption = Annotated[str | None, typer.Option(
    "--db", help=help_text("SQLite file of the embedded store [env TENSIONGRAPH_DB; default ./tensiongraph.db]"))]
StoreOption = Annotated[str | None, typer.Option(
    "--store", help=help_text("embedded or neo4j [env TENSIONGRAPH_STORE; default embedded]"))]
