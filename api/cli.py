"""The ``tensiongraph`` command: ingest, extract, stats, serve, export; delete, reject, merge, undo, audit."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api import cli_curation
from api.cli_options import DbOption, StoreOption
from api.settings import Settings, extractor_options, open_store, read_options
from graph.errors import TensionGraphError
from graph.model import PROVENANCES

app = typer.Typer(
    name="tensiongraph",
    help="A diplomatic tension knowledge graph: read news, keep one graph of who accuses, denies, arms, "
    "threatens, attacks, sanctions, backs or allies with whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)

OPEN_SECONDS = 5.0  # how long serve and the read commands wait for another process's lock when opening a store
Paths = Annotated[list[str], typer.Argument(help="files, folders, URLs, or - for stdin")]
Published = Annotated[dt.datetime | None, typer.Option(
    "--published", formats=["%Y-%m-%d"], help="publication date (YYYY-MM-DD) of the articles whose source gives "
    "none (stdin, .txt, .md without a date line); a dateline in the text is used otherwise")]
Processes = Annotated[int, typer.Option("--processes", min=1, max=64,
                                        help="worker processes for extraction (one per core is about right)")]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _settings(db: str | None = None, store: str | None = None, **extra) -> Settings:
    values = {k: v for k, v in {"db": db, "store": store, **extra}.items() if v is not None}
    try:
        return Settings(**values)
    except ValueError as exc:
        err.print(f"[red]error:[/red] bad setting: {exc}")
        raise typer.Exit(2) from None


def _fail(errors: list, item) -> None:
    """Record a failed input and name it on stderr as it happens."""
    errors.append(item)
    err.print(f"[red]failed:[/red] {item}", highlight=False)


def _articles(paths: Iterable[str], errors: list, settings: Settings, fetch: bool,
              published: dt.date | None = None) -> Iterator:
    """Articles from the paths; read errors are printed as they come and collected."""
    from loaders.readers import ReadError, read_sources

    for item in read_sources(paths, replace(read_options(settings, fetch), published=published)):
        if isinstance(item, ReadError):
            _fail(errors, item)
        else:
            yield item


def _progress(enabled: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not enabled)


@app.command()
def ingest(
    paths: Paths,
    db: DbOption = None,
    store: StoreOption = None,
    fetch: Annotated[bool, typer.Option("--fetch/--no-fetch", help="fetch URLs and the pages feeds link to")] = True,
    json_lines: Annotated[bool, typer.Option("--json", help="one JSON line per article on stdout as it is stored")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="progress bar on stderr")] = True,
    processes: Processes = 1,
    published: Published = None,
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks", help="in folders, also read symlinks that lead out of the folder")] = False,
) -> None:
    """Read articles, extract actors and relations, and store them.

    Example: tensiongraph ingest examples/ --db news.db
    Example: pbpaste | tensiongraph ingest - --published 2024-03-03
    """
    from loaders.pipeline import Tally
    from loaders.pipeline import ingest as run_pipeline
    from loaders.readers import read_sources

    settings = _settings(db, store, follow_symlinks=follow_symlinks or None)
    tally = Tally()
    paths = _existing_inputs(paths, tally, json_lines)
    if not paths:  # nothing to read: say so now, without loading spaCy or creating a store
        err.print(tally.summary(), highlight=False)
        raise typer.Exit(1)
    from loaders.extract import Extractor  # imports spaCy: seconds, so only once there is something to read

    try:
        graph = open_store(settings)
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        with _progress(progress) as bar:
            task = bar.add_task("ingesting", total=None)
            inputs = read_sources(paths, replace(read_options(settings, fetch), published=_day(published)))
            for outcome in run_pipeline(inputs, graph, Extractor(**extractor_options(settings)), n_process=processes):
                tally.add(outcome)
                if outcome.error is not None:
                    err.print(f"[red]failed:[/red] {outcome}", highlight=False)
                if json_lines:
                    print(json.dumps(outcome.as_json()), flush=True)
                bar.advance(task)
    finally:
        graph.close()
    err.print(tally.summary(), highlight=False)
    if tally.failed:
        raise typer.Exit(1)


def _existing_inputs(paths: list[str], tally, json_lines: bool) -> list[str]:
    """The paths that exist (and stdin, URLs); each missing one is reported at once as a failed input."""
    from loaders.pipeline import failed
    from loaders.readers import ReadError

    kept = []
    for path in paths:
        if path == "-" or "://" in path or Path(path).exists():
            kept.append(path)
            continue
        outcome = tally.add(failed(ReadError(path, "no such file, folder or URL"), "no such file, folder or URL"))
        err.print(f"[red]failed:[/red] {outcome}", highlight=False)
        if json_lines:
            print(json.dumps(outcome.as_json()), flush=True)
    return kept


@app.command()
def extract(
    paths: Paths,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one object per article")] = False,
    fetch: Annotated[bool, typer.Option("--fetch/--no-fetch", help="fetch URLs and the pages feeds link to")] = True,
    processes: Processes = 1,
    published: Published = None,
) -> None:
    """Extract actors and relations without storing anything.

    Example: tensiongraph extract article.json --json | python score_extraction.py --gold gold/
    """
    from loaders.extract import Extractor, to_json
    from loaders.readers import ReadError

    errors: list = []
    settings = _settings()
    extractor = Extractor(**extractor_options(settings))
    for item in extractor.extract_many(_articles(paths, errors, settings, fetch, _day(published)),
                                       n_process=processes):
        if isinstance(item, ReadError):
            _fail(errors, item)
            continue
        if as_json:
            print(json.dumps(to_json(item), ensure_ascii=False), flush=True)
        else:
            names = {a.key: a.name for a in item.actors}
            print(f"# {item.article.id}: {len(item.actors)} actors, {len(item.relations)} relations")
            for rel in item.relations:
                print(f"  {names[rel.source]} {rel.type.value} {names[rel.target]}  ({rel.confidence:.2f})")
    if errors:
        raise typer.Exit(1)


def _existing_store(db: str | None, store: str | None):
    """The configured store for reading, opened read-only (nothing is written to the file, so a read-only copy
    works); exit 2 naming the file when the embedded one does not exist (a mistyped --db creates nothing)."""
    settings = _settings(db, store)
    if settings.store == "embedded" and not Path(settings.db).exists():
        err.print(f"[red]error:[/red] no store at {settings.db}; run `tensiongraph ingest` first or pass --db")
        raise typer.Exit(2)
    return open_store(settings, read_only=True, open_timeout=OPEN_SECONDS)


@app.command()
def stats(
    db: DbOption = None,
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the counts as JSON")] = False,
) -> None:
    """Counts of articles, actors per kind and relations per type.

    Example: tensiongraph stats --json
    """
    try:
        with _existing_store(db, store) as graph:
            counts = graph.stats().as_dict()
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(counts, indent=2))
        return
    print(f"articles  {counts['articles']}")
    print(f"evidence  {counts['evidence']}")
    for kind, n in counts["actors"].items():
        print(f"actors    {kind:16} {n}")
    for rtype, n in counts["relations"].items():
        print(f"relations {rtype:16} {n}")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="cypher (a script for cypher-shell) or neo4j-csv "
                                                         "(files for neo4j-admin database import)")] = "cypher",
    out: Annotated[Path | None, typer.Option("--out", help="file (cypher; default stdout) or folder (neo4j-csv)")] = None,
    provenance: Annotated[str | None, typer.Option("--provenance", help="only the evidence of this provenance: "
                                                                        + ", ".join(PROVENANCES))] = None,
    db: DbOption = None,
    store: StoreOption = None,
) -> None:
    """Export the whole graph for Neo4j: to move from the embedded store to a Neo4j server.

    Example: tensiongraph export --format cypher --out graph.cypher && cypher-shell -f graph.cypher
    Example: tensiongraph export --format neo4j-csv --out import/ && sh import/import.sh
    Example: tensiongraph export --provenance gdelt --out gdelt.cypher
    """
    from graph import dump

    if format not in ("cypher", "neo4j-csv"):
        err.print(f"[red]error:[/red] --format {format!r}: expected cypher or neo4j-csv")
        raise typer.Exit(2)
    folder = out if format == "neo4j-csv" else None  # where the CSV files go
    if format == "neo4j-csv" and folder is None:
        err.print("[red]error:[/red] --format neo4j-csv needs --out FOLDER")
        raise typer.Exit(2)
    if provenance is not None and provenance not in PROVENANCES:
        err.print(f"[red]error:[/red] --provenance {provenance!r}: expected one of {', '.join(PROVENANCES)}",
                  highlight=False)
        raise typer.Exit(2)
    problem = _out_problem(format, out)
    if problem:
        err.print(f"[red]error:[/red] --out {out}: {problem}", highlight=False)
        raise typer.Exit(2)
    try:
        with _existing_store(db, store) as graph:
            if folder is not None:
                files, counts = dump.neo4j_csv(graph, folder, provenance)
                err.print(f"wrote {len(files)} files to {out}: {counts.actors} actors, {counts.relations} relations, "
                          f"{counts.evidence} evidence, {counts.articles} articles")
                return
            if out is None:
                for statement in dump.cypher_script(graph, provenance):
                    sys.stdout.write(statement + "\n")
                return
            partial = out.with_name(out.name + ".partial")  # --out appears only once the script is whole
            try:
                with partial.open("w", encoding="utf-8") as target:
                    for statement in dump.cypher_script(graph, provenance):
                        target.write(statement + "\n")
                partial.replace(out)
            finally:
                partial.unlink(missing_ok=True)
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except OSError as exc:
        err.print(f"[red]error:[/red] --out {out}: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(2) from None


def _out_problem(format: str, out: Path | None) -> str | None:
    """Why ``--out`` cannot take this export, or None (an existing cypher file is replaced)."""
    if out is None:
        return None
    if format == "neo4j-csv":
        return "is a file; --format neo4j-csv writes a folder of CSV files" if out.exists() and not out.is_dir() else None
    if out.is_dir():
        return "is a folder; give a file name for the Cypher script (or use --format neo4j-csv for a folder)"
    if not out.parent.is_dir():
        return f"folder {out.parent} does not exist"
    return None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    db: DbOption = None,
    store: StoreOption = None,
    allow_anonymous_writes: Annotated[bool, typer.Option(
        "--allow-anonymous-writes", help="accept POST /articles without an API key when none is configured")] = False,
) -> None:
    """Serve the REST API (OpenAPI docs at /docs).

    Example: tensiongraph serve --port 8000 --db news.db
    """
    import uvicorn

    from api.app import create_app
    from api.server import server_config

    settings = _settings(db, store, allow_anonymous_writes=allow_anonymous_writes or None)
    if settings.store == "embedded" and not Path(settings.db).exists():
        err.print(f"note: no store at {settings.db} yet: serving a new, empty graph (check --db, or ingest into it)",
                  highlight=False)
    try:
        graph = open_store(settings, open_timeout=OPEN_SECONDS, serving=True)
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    try:
        uvicorn.Server(server_config(create_app(settings, store=graph), settings, host, port)).run()
    finally:
        graph.close()


def _store_to_curate(db: str | None, store: str | None):
    """The configured store opened for writing (curation); exit 2 naming the file when the embedded one does
    not exist."""
    settings = _settings(db, store)
    if settings.store == "embedded" and not Path(settings.db).exists():
        err.print(f"[red]error:[/red] no store at {settings.db}; run `tensiongraph ingest` first or pass --db")
        raise typer.Exit(2)
    return open_store(settings)


cli_curation.register(app, _store_to_curate, err)

from api import cli_import  # noqa: E402, F401  (registers `tensiongraph import`)


def main() -> None:
    import api.train_command  # noqa: F401  (registers `train`)

    try:
        app()
    except TensionGraphError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
