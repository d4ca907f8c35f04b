"""The model card written beside a trained model: its data, its cross-validated figures, its thresholds."""

from __future__ import annotations

from pathlib import Path

CARD_NAME = "MODEL_CARD.md"


def card(version: str, facts: dict, cv: dict, thresholds: dict[str, float], reliability: list, size: int) -> str:
    lines = [
        f"# Relation model `{version}`", "",
        "A linear classifier (one logistic regression per relation type and direction) over sparse features of",
        "candidate actor pairs: the words between and around the two mentions, the dependency path between them",
        "(the governing word and each mention's role under it), the trigger lexicon's types on that path, the",
        "words each mention hangs from, negation, quotation, the actors' kinds, how often the pair meets in the",
        "article, and what the rules found for the pair. This linear half runs on numpy alone (an encoder, when",
        "the model has one, is described below); the model is merged with the rules",
        "(`loaders/rules/`): a relation is kept when the rules read it or the model's probability reaches its",
        "type's threshold. Evidence it produced says `model:" + version + "`.", "",
        "## Training data", "",
        f"- {facts['articles']} gold articles, {facts['topics']} topics, {facts['negatives']} with no relation "
        f"(published {facts['first_date']} to {facts['last_date']}); {facts['candidates']} candidate pairs.",
        f"- Candidate ceiling: {facts.get('ceiling', 0):.1%} of the gold dyad relations have both sides paired by some"
        " candidate (the rest name an actor the actor finding misses, or link sentences no candidate links).",
        "- Gold relations by type: " + ", ".join(f"{t} {n}" for t, n in facts["relations_by_type"].items()) + ".",
        *_where(facts),
        f"- Trained {facts['trained']}, C = {facts['C']}, seed {facts['seed']}; model file {size / 1e6:.1f} MB.",
        "",
        f"## Cross-validation ({facts['folds']} folds grouped by topic, the shared scorer's definitions)", "",
    ]
    for level in ("dyad", "actor"):
        lines += [f"{level} level (P / R / F1):", "",
                  "| type | gold | rules | model | rules+model | threshold |", "|---|---|---|---|---|---|"]
        for rtype, row in cv["rules+model"][level].items():
            cells = []
            for combination in ("rules", "model", "rules+model"):
                f = cv[combination][level].get(rtype, {"P": 0, "R": 0, "F1": 0})
                cells.append(f"{f['P']:.2f} / {f['R']:.2f} / **{f['F1']:.2f}**")
            lines.append(f"| {rtype} | {row['gold']} | " + " | ".join(cells) + f" | {thresholds.get(rtype, '')} |")
        lines.append("")
    if "rules+model+encoder" in cv:
        lines += _encoder_section(facts, cv)
    lines += ["## Reliability of the probabilities (cross-validated, dyad level)", "",
              "| mean probability | share correct | relations |", "|---|---|---|"]
    lines += [f"| {mean:.2f} | {share:.2f} | {count} |" for mean, share, count in reliability]
    return "\n".join(lines) + "\n"


def write_card(model_path: Path, text: str, notes: str = "") -> Path:
    path = Path(model_path).with_name(CARD_NAME)
    path.write_text(text + (("\n" + notes.strip() + "\n") if notes.strip() else ""), encoding="utf-8")
    return path


def _where(facts: dict) -> list[str]:
    """Where the articles are about: articles naming a state of each continent, and the states most named."""
    if not facts.get("regions"):
        return []
    return ["- Articles naming a state of each continent (by its time zones): "
            + ", ".join(f"{r} {n}" for r, n in facts["regions"].items()) + "; the states named in most articles: "
            + ", ".join(f"{s} {n}" for s, n in facts["states"].items()) + "."]


def _encoder_section(facts: dict, cv: dict) -> list[str]:
    options = facts.get("encoder", {})
    folds = options.get("cv_folds", 1)
    which = f"all {folds}" if folds == facts["folds"] else f"the first {folds} of the {facts['folds']}"
    lines = [
        "## The encoder (the neural half)", "",
        "all-MiniLM-L6-v2, fine-tuned to read each candidate pair in its sentence (or a quote's or the lead's two",
        "sentences), exported to ONNX and quantised to int8; onnxruntime and tokenizers run it, without torch.",
        f"A candidate's probability is {options.get('mix', 0.5)} × the encoder's + the rest × the linear model's,",
        f"for the segments where some linear probability reaches {options.get('floor', 0.1)} (the others are not",
        f"encoded); the thresholds are the linear model's. Fine-tuned {options.get('epochs')} epochs, learning "
        f"rate {options.get('lr')}.", "",
        f"Cross-validated on {which} topic-grouped folds (each fold costs one fine-tuning), against the linear",
        "model on the same articles:", "",
        "| level | type | gold | rules+model | rules+model+encoder |", "|---|---|---|---|---|"]
    for level in ("dyad", "actor"):
        for rtype, row in cv["rules+model+encoder"][level].items():
            cells = []
            for combination in ("rules+model, encoder folds", "rules+model+encoder"):
                f = cv[combination][level].get(rtype, {"P": 0, "R": 0, "F1": 0})
                cells.append(f"{f['P']:.2f} / {f['R']:.2f} / **{f['F1']:.2f}**")
            lines.append(f"| {level} | {rtype} | {row['gold']} | " + " | ".join(cells) + " |")
    return lines + [""]
