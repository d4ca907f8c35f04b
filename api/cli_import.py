"""``tensiongraph import gdelt|acled|polecat|icews FILE...``: coded event data straight into the graph."""

from __future__ import annotations

import time
from collections import Counter
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from api.cli import Paths, _settings, app, err
from api.cli_options import DbOption, StoreOption, help_text
from api.settings import open_store
from graph.errors import TensionGraphError

FORMATS = ("gdelt", "acled", "polecat", "icews")
# events per store call. The embedded store writes a call in one transaction, and at 1M rows its cost is the
# B-tree pages the transaction dirties (written to the WAL, then checkpointed): the evidence of 5,000 events
# lands on about 5,000 pages spread over the whole evidence index, while 50,000 events share pages, so
# fewer pages are written per event (GDELT import at 1M rows: 11,973 rows/s at 5,000, 21,298 at 50,000;
# bench/README.md). The Neo4j store sends a call as one transaction too: kept small there.
BATCH = {"embedded": 50_000, "neo4j": 5_000}
EVERY = 10.0  # seconds: a batch is also written once its first event has waited this long (slow streams)


def _reader(fmt: str, confidence: float | None):
    from loaders import acled, gdelt, polecat

    read = {"gdelt": gdelt.read, "acled": acled.read, "polecat": polecat.read_polecat,
            "icews": polecat.read_icews}[fmt]
    return lambda name, stream: read(name, stream, confidence)


@app.command("import")
def import_events(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="gdelt, acled, polecat or icews")],
    paths: Paths,
    db: DbOption = None,
    store: StoreOption = None,
    confidence: Annotated[float | None, typer.Option(
        min=0.0, max=1.0,
        help=help_text("confidence of each event [default: gdelt 0.5, icews and polecat 0.6, acled 0.9]"))] = None,
    batch: Annotated[int | None, typer.Option(
        min=1, max=100_000, help=help_text("events per store transaction [default: 50,000 embedded, 5,000 neo4j]"))] = None,
    every: Annotated[float, typer.Option(
        min=0.0, help="seconds: write the events read so far once the first of them has waited this long "
                      "(checked as rows arrive)")] = EVERY,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="progress on stderr")] = True,
) -> None:
    """Import coded event files (plain, .gz, .zip, folders, - for stdin) as actors, relations and evidence.

    Each event is stored once under its own id (gdelt:GLOBALEVENTID, acled:event_id_cnty, ...): importing a
    file again changes nothing. Rows whose codes or actors map to nothing are counted; bad rows are named
    on stderr (file:line: reason) and the rest goes on.

    Example: tensiongraph import gdelt 20240115.export.CSV.zip --db news.db
    """
    from graph.snapshot import gc_paused
    from loaders.coded import BadRow, Unmapped, read_events

    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        err.print(f"[red]error:[/red] format {fmt!r}: expected one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    settings = _settings(db, store)
    try:
        graph = open_store(settings, for_import=True)
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    from graph.coded import ImportResult

    batch = batch or BATCH[settings.store]
    total, rows, bad = ImportResult(), 0, 0
    unmapped: Counter[str] = Counter()  # why events mapped to nothing, counted
    pending: list = []
    started = waited = time.perf_counter()  # waited: when the first pending event was read

    def flush() -> None:
        if pending:
            total.add(graph.import_events(pending))
            pending.clear()

    try:
        # the collector paused for the whole run, not only per batch: the events read for the next batch
        # otherwise set off full collections that walk the whole loaded projection (a quarter of the import's
        # time at 1M rows, more as the graph grows: bench/README.md); an import leaves no cyclic garbage
        # (tests/graph/test_import.py), so reference counting frees what it drops
        with gc_paused(), Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                   console=err, transient=True, disable=not progress) as bar:
            task = bar.add_task(f"importing {fmt}")
            for item in read_events(paths, _reader(fmt, confidence)):
                rows += 1
                if isinstance(item, BadRow):
                    bad += 1
                    err.print(f"[red]bad row:[/red] {item}", highlight=False)
                elif isinstance(item, Unmapped):
                    unmapped[item.reason.split(" ")[0]] += 1
                else:
                    if not pending:
                        waited = time.perf_counter()
                    pending.append(item)
                    if len(pending) >= batch or time.perf_counter() - waited >= every:
                        flush()
                if rows % 10_000 == 0:
                    bar.update(task, description=f"importing {fmt}: {rows:,} rows, "
                                                 f"{rows / (time.perf_counter() - started):,.0f} rows/s")
            flush()
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    finally:
        graph.close()
    seconds = time.perf_counter() - started
    nothing = sum(unmapped.values())
    why = ", ".join(f"{n:,} {reason}" for reason, n in unmapped.most_common())
    err.print(f"{fmt}: {rows:,} rows: {total.stored:,} events stored, {total.skipped:,} already stored, "
              f"{nothing:,} mapped to nothing{f' ({why})' if why else ''}, {bad:,} bad; "
              f"new actors: {total.new_actors:,}; new relations: {total.new_relations:,} "
              f"({seconds:.1f} s, {rows / seconds if seconds else 0:,.0f} rows/s)", highlight=False)
    if bad:
        raise typer.Exit(1)
