"""Training the relation model from gold files: examples, topic-grouped cross-validation, thresholds, the model.

``tensiongraph train --corpus DIR`` runs :func:`train`. Every gold file is read as the extractor reads an
article (same reader, same parse, same actor finding and rules); each candidate pair gets the labels of the
gold relations between its two dyad sides whose gold ``evidence`` its sentence holds. A candidate of a gold
dyad whose sentence does not hold that relation's evidence is left out of that label's training (it may or
may not say it), every other candidate is a negative.

Cross-validation keeps each ``topic`` on one side of a fold and scores the merged output (rules and model)
the way the shared scorer does, at the dyad and actor level. The threshold of each type is the one that
gives that type the best cross-validated F1; types with too few gold relations keep 0.5.

scikit-learn is needed here only (``pip install -e ".[train]"``); the trained model runs on numpy alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graph.errors import InvalidInput
from loaders.model.candidates import candidates, dyad_side
from loaders.model.encoder import Segment, segments, worth_encoding
from loaders.model.features import featurise_all, rules_by_sentence
from loaders.model.gold import GoldArticle, align, holds, order, read_gold, same_actor
from loaders.model.relmodel import LABELS, SYMMETRIC, TYPE_ORDER, RelationModel, oriented

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
MIN_GOLD_FOR_THRESHOLD = 20
DEFAULT_C = 0.5


@dataclass(slots=True)
class Example:
    """One gold article as the extractor sees it: its candidates' features and labels, and the rules' output."""

    gold: GoldArticle
    features: list[list[str]] = field(default_factory=list)
    labels: list[set[str]] = field(default_factory=list)  # labels whose evidence the candidate's sentence holds
    unsure: list[set[str]] = field(default_factory=list)  # labels of its dyad whose evidence is elsewhere
    pairs: list[tuple[str, str]] = field(default_factory=list)  # the candidates' actor keys
    sentences: list[str] = field(default_factory=list)
    side: dict[str, str] = field(default_factory=dict)  # actor key -> dyad side
    actors: dict[str, dict] = field(default_factory=dict)  # actor key -> {kind, name, aliases, state, ...}
    rules: set[tuple[str, str, str]] = field(default_factory=set)  # actor-level (source, type, target)
    side_to_gold: dict[str, str] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)  # what the encoder reads (loaders.model.encoder)


def read_corpus(folder: Path, fail: Callable[[str], None]) -> list[GoldArticle]:
    """Every gold file of a folder; a file that cannot be read is named through ``fail`` and skipped."""
    files = sorted(Path(folder).glob("*.json"))
    if not files:
        raise InvalidInput(f"{folder}: no gold files (*.json) found")
    golds = []
    for path in files:
        try:
            golds.append(read_gold(path))
        except InvalidInput as exc:
            fail(str(exc))
    return golds


def examples(golds: Sequence[GoldArticle], extractor, fail: Callable[[str], None] | None = None) -> list[Example]:
    """The training examples of gold articles, read by ``extractor`` (a :class:`loaders.extract.Extractor`)."""
    out = []
    texts = ((g.article.text, g) for g in golds)
    for doc, gold in extractor.nlp.pipe(texts, as_tuples=True, batch_size=16):
        try:
            found, rules = extractor.read_actors_and_rules(doc)
            out.append(_example(gold, doc, found, rules))
        except Exception as exc:  # one bad article never stops training
            if fail is None:
                raise
            fail(f"{gold.article.source}: skipped ({type(exc).__name__}: {exc})")
    return out


def _example(gold: GoldArticle, doc, found, rules) -> Example:
    ex = Example(gold)
    ex.side = {key: dyad_side(actor) for key, actor in found.actors.items()}
    ex.actors = {key: {"kind": a.kind.value, "name": a.name, "aliases": sorted(a.aliases), "state": a.state,
                       "organization": a.organization} for key, a in found.actors.items()}
    names: dict[str, tuple[str, set[str]]] = {}
    for key, actor in found.actors.items():
        names.setdefault(ex.side[key], (actor.kind.value, set()))[1].update({actor.name, *actor.aliases})
    ex.side_to_gold = align(gold, names)
    ex.rules = {(f.source, f.type.value, f.target) for f in rules if f.type.value in TYPE_ORDER}
    by_sentence = rules_by_sentence(rules, ex.side)
    cands = candidates(doc, found)
    for cand, features in zip(cands, featurise_all(doc, found, cands, by_sentence, ex.side), strict=True):
        ga, gb = ex.side_to_gold.get(ex.side[cand.a.key]), ex.side_to_gold.get(ex.side[cand.b.key])
        sure: set[str] = set()
        unsure: set[str] = set()
        texts = {cand.sent.text, doc[cand.a.start].sent.text}
        for src, rtype, dst, evidence in gold.relations if ga and gb else ():
            label = _label(ga, gb, src, rtype, dst)
            if label:
                (sure if any(holds(t, evidence) for t in texts) else unsure).add(label)
        ex.features.append(features)
        ex.labels.append(sure)
        ex.unsure.append(unsure - sure)
        ex.pairs.append((cand.a.key, cand.b.key))
        ex.sentences.append(cand.sent.text.strip())
    ex.segments = segments(doc, cands)
    return ex


def _label(a: str | None, b: str | None, src: str, rtype: str, dst: str) -> str | None:
    if rtype in SYMMETRIC:
        return rtype if {a, b} == {src, dst} else None
    if (src, dst) == (a, b):
        return rtype + ">"
    if (src, dst) == (b, a):
        return rtype + "<"
    return None


# ------------------------------------------------------------------------------------------- fitting

def fit(exs: Sequence[Example], C: float = DEFAULT_C, seed: int = 0) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Vocabulary, weights (features x labels) and biases of one logistic regression per label."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [f for ex in exs for f in ex.features]
    sure = [s for ex in exs for s in ex.labels]
    unsure = [u for ex in exs for u in ex.unsure]
    vec = CountVectorizer(analyzer=_identity, min_df=2, binary=True)
    X = vec.fit_transform(feats) if feats else None
    vocabulary = {str(f): int(i) for f, i in vec.vocabulary_.items()} if X is not None else {}
    weights = np.zeros((len(vocabulary), len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -8.0, dtype=np.float32)  # a label never seen in training is never predicted
    for j, label in enumerate(LABELS):
        keep = [i for i in range(len(feats)) if label not in unsure[i]]
        y = np.array([label in sure[i] for i in keep])
        if X is None or y.sum() < 2 or y.all():
            continue
        model = LogisticRegression(C=C, max_iter=3000, solver="liblinear", random_state=seed).fit(X[keep], y)
        weights[:, j], bias[j] = model.coef_[0], model.intercept_[0]
    return vocabulary, weights, bias


def _identity(features: list[str]) -> list[str]:
    return features


def build_model(exs: Sequence[Example], version: str, thresholds: dict[str, float], meta: dict,
                C: float = DEFAULT_C, seed: int = 0) -> RelationModel:
    vocabulary, weights, bias = fit(exs, C, seed)
    return RelationModel(version, vocabulary, weights, bias, thresholds, meta)


# ------------------------------------------------------------------------------------------- evaluation

def folds(exs: Sequence[Example], k: int, seed: int) -> list[list[int]]:
    """Topic-grouped folds: the examples of one topic are all in one fold, topics shuffled by ``seed``."""
    topics = sorted({ex.gold.topic for ex in exs})
    random.Random(seed).shuffle(topics)
    fold_of = {t: i % k for i, t in enumerate(topics)}
    out: list[list[int]] = [[] for _ in range(k)]
    for n, ex in enumerate(exs):
        out[fold_of[ex.gold.topic]].append(n)
    return [f for f in out if f]


def out_of_fold(exs: Sequence[Example], k: int, seed: int, C: float = DEFAULT_C,
                progress: Callable[[int, int], None] | None = None) -> list[dict[tuple[str, str, str, str], float]]:
    """For each example, the cross-validated probability of each (source, type, target, sentence)."""
    return [_relation_probs(ex, rows) for ex, rows in zip(exs, out_of_fold_rows(exs, k, seed, C, progress),
                                                           strict=True)]


def out_of_fold_rows(exs: Sequence[Example], k: int, seed: int, C: float = DEFAULT_C,
                     progress: Callable[[int, int], None] | None = None) -> list[np.ndarray]:
    """For each example, the cross-validated (candidates, labels) probabilities of the linear model."""
    rows: list[np.ndarray] = [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in exs]
    parts = folds(exs, k, seed)
    for n, test in enumerate(parts):
        train_set = [exs[i] for i in range(len(exs)) if i not in set(test)]
        vocabulary, weights, bias = fit(train_set, C, seed)
        model = RelationModel("cv", vocabulary, weights, bias, {}, {})
        for i in test:
            rows[i] = model.probabilities(exs[i].features)
        if progress:
            progress(n + 1, len(parts))
    return rows


def mixed_rows(ex: Example, linear: np.ndarray, encoded: np.ndarray, mix: float, floor: float) -> np.ndarray:
    """The linear probabilities with the encoder's mixed in, for the segments the floor lets through (as
    :meth:`RelationModel.read` does at run time)."""
    out = linear.copy()
    for seg in worth_encoding(ex.segments, linear, floor):
        rows = [n for n, _, _ in seg.pairs]
        out[rows] = mix * encoded[rows] + (1.0 - mix) * linear[rows]
    return out


def _relation_probs(ex: Example, p: np.ndarray) -> dict[tuple[str, str, str, str], float]:
    out: dict[tuple[str, str, str, str], float] = {}
    for (a, b), sentence, row in zip(ex.pairs, ex.sentences, p, strict=True):
        for j, label in enumerate(LABELS):
            key = (*oriented(a, label, b), sentence)
            out[key] = max(out.get(key, 0.0), float(row[j]))
    return out


def predictions(exs: Sequence[Example], probs: Sequence[dict], thresholds: dict[str, float], use_rules: bool = True,
                use_model: bool = True) -> list[set[tuple[str, str, str]]]:
    """Actor-level relations of each example: the model's over their type's threshold, and the rules'."""
    out = []
    for ex, p in zip(exs, probs, strict=True):
        found = {(s, t, o) for (s, t, o, _), v in p.items() if v >= thresholds.get(t, 0.5)} if use_model else set()
        out.append(found | (ex.rules if use_rules else set()))
    return out


def score(exs: Sequence[Example], predicted: Sequence[set[tuple[str, str, str]]],
          actors: bool = True) -> dict[str, dict[str, Counter]]:
    """tp/fp/fn per type at the dyad and (with ``actors``) the actor level, as the shared scorer counts them."""
    counts: dict[str, dict[str, Counter]] = {"dyad": defaultdict(Counter), "actor": defaultdict(Counter)}
    for ex, found in zip(exs, predicted, strict=True):
        gold_dyads = ex.gold.dyad_triples()
        mine = {order(ex.side_to_gold.get(ex.side[s], "x:" + s), t, ex.side_to_gold.get(ex.side[o], "x:" + o))
                for s, t, o in found if s in ex.side and o in ex.side}
        _count(counts["dyad"], mine, gold_dyads)
        if not actors:
            continue
        refs = {key: _gold_ref(ex, key) for key in ex.actors}
        gold_actor = {order(s["ref"], t, o["ref"]) for s, t, o in ex.gold.actor_relations}
        mine_actor = {order(refs[s] or "x:" + s, t, refs[o] or "x:" + o) for s, t, o in found
                      if s in refs and o in refs}
        _count(counts["actor"], mine_actor, gold_actor)
    return counts


def _gold_ref(ex: Example, key: str) -> str | None:
    actor = {**ex.actors[key], "key": key}
    return next((g["ref"] for g in ex.gold.actors if same_actor(actor, g)), None)


def _count(counts: dict[str, Counter], mine: set, gold: set) -> None:
    for triple in mine:
        counts[triple[1]]["tp" if triple in gold else "fp"] += 1
    for triple in gold - mine:
        counts[triple[1]]["fn"] += 1


def prf(c: Counter) -> tuple[float, float, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def overall(per_type: dict[str, Counter]) -> Counter:
    total: Counter = Counter()
    for c in per_type.values():
        total.update(c)
    return total


def choose_thresholds(exs: Sequence[Example], probs: Sequence[dict]) -> dict[str, float]:
    """Per type, the threshold with the best cross-validated dyad F1 of the merged output."""
    gold_count = Counter(t for ex in exs for _, t, _ in ex.gold.dyad_triples())
    chosen = {}
    for rtype in TYPE_ORDER:
        if gold_count[rtype] < MIN_GOLD_FOR_THRESHOLD:
            chosen[rtype] = 0.5
            continue
        best = max(THRESHOLDS, key=lambda t: (prf(score(exs, predictions(exs, probs, {rtype: t, **{
            o: 2.0 for o in TYPE_ORDER if o != rtype}}), actors=False)["dyad"][rtype])[2], -abs(t - 0.5)))
        chosen[rtype] = best
    return chosen


def reliability(exs: Sequence[Example], probs: Sequence[dict], bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted probability, share correct at the dyad level, count) per probability bin, over the
    article-level relations the model proposes (its best sentence each)."""
    rows: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for ex, p in zip(exs, probs, strict=True):
        best: dict[tuple[str, str, str], float] = {}
        for (s, t, o, _), v in p.items():
            best[(s, t, o)] = max(best.get((s, t, o), 0.0), v)
        gold = ex.gold.dyad_triples()
        for (s, t, o), v in best.items():
            if v < 0.05:
                continue
            key = order(ex.side_to_gold.get(ex.side[s], "x:" + s), t, ex.side_to_gold.get(ex.side[o], "x:" + o))
            rows[min(int(v * bins), bins - 1)].append((v, key in gold))
    return [(sum(v for v, _ in r) / len(r), sum(ok for _, ok in r) / len(r), len(r)) for r in rows if r]


def ceiling(exs: Sequence[Example]) -> float:
    """The candidate ceiling: the share of gold dyad relations whose two sides some candidate pairs."""
    covered = total = 0
    for ex in exs:
        met = {frozenset(ex.side_to_gold.get(ex.side[k], "x:" + k) for k in pair) for pair in ex.pairs}
        for src, _, dst in ex.gold.dyad_triples():
            total += 1
            covered += frozenset((src, dst)) in met
    return covered / total if total else 0.0


def corpus_facts(golds: Iterable[GoldArticle]) -> dict:
    golds = list(golds)
    dates = sorted(g.article.published for g in golds if g.article.published)
    types = Counter(t for g in golds for _, t, _, _ in g.relations)
    states = Counter(code for g in golds for code in {a.get("ref") or a.get("state") for a in g.actors
                                                      if a.get("kind") == "State"} if code)
    regions = Counter(region for g in golds for region in {_continent(a.get("ref") or a.get("state"))
                                                           for a in g.actors if a.get("kind") == "State"} if region)
    return {"articles": len(golds), "topics": len({g.topic for g in golds}),
            "negatives": sum(not g.relations for g in golds), "relations_by_type": dict(sorted(types.items())),
            "regions": dict(regions.most_common()), "states": dict(states.most_common(15)),
            "first_date": dates[0].isoformat() if dates else None, "last_date": dates[-1].isoformat() if dates else None,
            "trained": dt.date.today().isoformat()}


# time zone prefixes (the IANA tz database's areas) that are not a continent's name
CONTINENTS = {"America": "Americas", "Australia": "Oceania", "Pacific": "Oceania", "Indian": "Indian Ocean",
              "Atlantic": "Atlantic islands"}


def _continent(iso3: str | None) -> str | None:
    """The continent of a state, by the time zones CLDR gives its territory (babel's data, installed with
    trafilatura): the prefix most of them share ("Europe/Moscow" and "Asia/Omsk": the count decides; the Middle
    East is Asia; Australia and the Pacific are Oceania)."""
    import pycountry
    from babel.core import get_global

    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    zones = get_global("territory_zones").get(country.alpha_2, []) if country else []
    names = Counter(CONTINENTS.get(z.split("/")[0], z.split("/")[0]) for z in zones)
    return names.most_common(1)[0][0] if names else None


# ------------------------------------------------------------------------------------------- the command

@dataclass(slots=True)
class Report:
    facts: dict
    thresholds: dict[str, float]
    cv: dict[str, dict[str, dict[str, dict[str, float]]]]  # combination -> level -> type or "all" -> P/R/F1/support
    reliability: list[tuple[float, float, int]]
    model: RelationModel | None = None
    encoder: tuple | None = None  # (network, tokenizer) fine-tuned on every article, to export


@dataclass(frozen=True, slots=True)
class EncoderOptions:
    """The neural half (training extra): each cross-validated fold costs one fine-tuning (about 15
    CPU-minutes per fold of the train corpus on 2 cores), so only the first ``folds`` folds cross-validate it."""

    folds: int = 1
    epochs: int = 6
    lr: float = 1e-4
    mix: float = 0.5
    floor: float = 0.3


def figures(counts: dict[str, dict[str, Counter]]) -> dict[str, dict[str, dict[str, float]]]:
    out: dict[str, dict[str, dict[str, float]]] = {}
    for level, per_type in counts.items():
        rows = {t: per_type[t] for t in TYPE_ORDER if sum(per_type[t].values())}
        rows["all"] = overall(per_type)
        out[level] = {t: dict(zip(("P", "R", "F1"), (round(x, 3) for x in prf(c)), strict=True))
                      | {"gold": c["tp"] + c["fn"]} for t, c in rows.items()}
    return out


def train(corpus: Path, extractor, version: str, k: int = 5, seed: int = 0, C: float = DEFAULT_C,
          fail: Callable[[str], None] = lambda message: None,
          progress: Callable[[str], None] = lambda message: None, encoder: EncoderOptions | None = None) -> Report:
    """Cross-validate on ``corpus`` (topic-grouped, ``k`` folds), choose thresholds, fit on all of it; with
    ``encoder``, also fine-tune the neural half (cross-validated on its first folds) and mix it in."""
    golds = read_corpus(corpus, fail)
    progress(f"reading {len(golds)} gold articles")
    exs = examples(golds, extractor, fail)
    if not any(any(labels) for ex in exs for labels in ex.labels):
        raise InvalidInput(f"{corpus}: no gold relation is held by a candidate sentence; nothing to learn")
    k = max(2, min(k, len({ex.gold.topic for ex in exs})))
    rows = out_of_fold_rows(exs, k, seed, C, lambda n, total: progress(f"cross-validation fold {n}/{total}"))
    probs = [_relation_probs(ex, r) for ex, r in zip(exs, rows, strict=True)]
    thresholds = choose_thresholds(exs, probs)
    cv = {
        "rules": figures(score(exs, predictions(exs, probs, thresholds, use_model=False))),
        "model": figures(score(exs, predictions(exs, probs, thresholds, use_rules=False))),
        "rules+model": figures(score(exs, predictions(exs, probs, thresholds))),
    }
    facts = corpus_facts(g.gold for g in exs) | {"folds": k, "seed": seed, "C": C, "ceiling": round(ceiling(exs), 3),
                                                   "candidates": sum(len(ex.pairs) for ex in exs)}
    table = reliability(exs, probs)
    meta: dict = {"corpus": facts, "cv": cv, "reliability": table}
    trained = None
    if encoder is not None:
        cv.update(_encoder_cv(exs, rows, thresholds, k, seed, encoder, progress))
        facts["encoder"] = {"cv_folds": min(encoder.folds, k), "epochs": encoder.epochs, "lr": encoder.lr,
                            "mix": encoder.mix, "floor": encoder.floor}
        progress("fine-tuning the encoder on every article")
        trained = fit_encoder(exs, encoder.epochs, encoder.lr, seed, log=progress)
    progress("fitting the linear model on every article")
    return Report(facts, thresholds, cv, table, build_model(exs, version, thresholds, meta, C, seed), trained)


def _encoder_cv(exs: Sequence[Example], rows: Sequence[np.ndarray], thresholds: dict[str, float], k: int, seed: int,
                options: EncoderOptions, progress: Callable[[str], None]) -> dict:
    """Figures of the mixed model on the articles of the encoder's cross-validated folds, beside the linear
    model's on the same articles (the thresholds are the linear model's)."""
    from loaders.model.encoder_train import fit as fit_net
    from loaders.model.encoder_train import predict

    tested: list[int] = []
    mixed: dict[int, np.ndarray] = {}
    for n, test in enumerate(folds(exs, k, seed)[:options.folds]):
        progress(f"encoder cross-validation fold {n + 1}/{min(options.folds, k)}")
        held = set(test)
        net, tokenizer = fit_net([exs[i] for i in range(len(exs)) if i not in held], options.epochs, options.lr,
                                 seed, log=progress)
        for i, encoded in zip(test, predict(net, tokenizer, [exs[i] for i in test]), strict=True):
            mixed[i] = mixed_rows(exs[i], rows[i], encoded, options.mix, options.floor)
        tested += test
    subset = [exs[i] for i in tested]
    linear = [_relation_probs(exs[i], rows[i]) for i in tested]
    both = [_relation_probs(exs[i], mixed[i]) for i in tested]
    return {"rules+model, encoder folds": figures(score(subset, predictions(subset, linear, thresholds))),
            "rules+model+encoder": figures(score(subset, predictions(subset, both, thresholds)))}


def fit_encoder(exs: Sequence[Example], epochs: int, lr: float, seed: int, log: Callable[[str], None]):
    from loaders.model.encoder_train import fit as fit_net

    return fit_net(exs, epochs, lr, seed, log=log)
