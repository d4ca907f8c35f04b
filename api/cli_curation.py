"""The curation commands of ``tensiongraph``: delete, reject, merge, undo, audit (see graph/curation.py)."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from api.cli_options import DbOption, StoreOption, help_text
from graph import curation
from graph.errors import TensionGraphError

Who = Annotated[str | None, typer.Option("--who", help=help_text("who does it [default: your user name]"))]
Reason = Annotated[str, typer.Option("--reason", help="why (kept in the audit log)")]



def register(app: typer.Typer, existing_store, err) -> None:
    """Add the commands to the ``tensiongraph`` app (api/cli.py passes its store opener and console)."""

    def run(step, args: tuple, db: str | None, store: str | None, who: str | None, reason: str) -> None:
        try:
            with existing_store(db, store) as graph:
                entry = graph.curate(step, *args, who or getpass.getuser(), reason)
        except TensionGraphError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        print(f"audit entry {entry.id}: {entry.action} {entry.target} by {entry.who} at {entry.at.isoformat()}")

    @app.command()
    def delete(article_id: Annotated[str, typer.Argument(help="the article's id")], reason: Reason,
               who: Who = None, db: DbOption = None, store: StoreOption = None) -> None:
        """Delete an article: its evidence goes and the relations it supported are recomputed.

        Example: tensiongraph delete test-1 --reason "a test article"
        """
        run(curation.delete_article, (article_id,), db, store, who, reason)

    @app.command()
    def reject(relation_id: Annotated[str, typer.Argument(help="source|TYPE|target, e.g. 'IRN|ACCUSES|AZE'")],
               reason: Reason, who: Who = None, db: DbOption = None, store: StoreOption = None) -> None:
        """Mark a relation as wrong: hidden from answers and tension, kept for the audit.

        Example: tensiongraph reject 'VEN|THREATENS|GUY' --reason "a quoted threat, not a threat"
        """
        run(curation.reject_relation, (relation_id,), db, store, who, reason)

    @app.command()
    def merge(old: Annotated[str, typer.Argument(help="the key that goes")],
              into: Annotated[str, typer.Argument(help="the key that stays")], reason: Reason, who: Who = None,
              db: DbOption = None, store: StoreOption = None) -> None:
        """Merge one actor into another (its key then redirects there); undo with `tensiongraph undo`.

        Example: tensiongraph merge officer:padrino-lopez officer:ven:vladimir-padrino --reason "same man"
        """
        run(curation.merge_actor, (old, into), db, store, who, reason)

    @app.command()
    def undo(audit_id: Annotated[int, typer.Argument(help="the audit entry of the merge or rejection")],
             reason: Reason, who: Who = None, db: DbOption = None, store: StoreOption = None) -> None:
        """Undo a merge or a rejection.

        Example: tensiongraph undo 3 --reason "two different people"
        """
        run(curation.undo, (audit_id,), db, store, who, reason)

    @app.command()
    def audit(db: DbOption = None, store: StoreOption = None,
              limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
              as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, with each entry's detail")] = False,
              ) -> None:
        """The audit log of curations, newest first."""
        try:
            with existing_store(db, store) as graph:
                entries = graph.audit_log(limit=limit).items
        except TensionGraphError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        for e in entries:
            if as_json:
                print(json.dumps({"id": e.id, "at": e.at.isoformat(), "who": e.who, "action": e.action,
                                  "target": e.target, "reason": e.reason, "undone_by": e.undone_by,
                                  "detail": e.detail}, ensure_ascii=False, default=str))
            else:
                undone = f" (undone by {e.undone_by})" if e.undone_by else ""
                print(f"{e.id:>5} {e.at.isoformat()} {e.who:12} {e.action:16} {e.target}  -- {e.reason}{undone}")
