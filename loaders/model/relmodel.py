"""The trained relation model: per candidate pair, a probability for each relation type and direction.

A linear classifier (one logistic regression per label, trained by ``tensiongraph train``) over the sparse
features of :mod:`loaders.model.features`, and, when the model has one, a fine-tuned MiniLM encoder
(:mod:`loaders.model.encoder`) whose probabilities are mixed with the linear ones. Labels are ``TYPE>`` (the
earlier mention acts on the later one), ``TYPE<`` (the later acts on the earlier) and, for the symmetric
types, ``TYPE``. Inference needs numpy
(and onnxruntime and tokenizers for the encoder): the weights and the feature vocabulary are one ``.npz``
file, the thresholds, the training figures and the encoder's file names a ``.json`` file beside it (see
``MODEL_CARD.md`` there).

An article's relation ``(source actor, type, target actor)`` gets the highest probability of any of its
candidates; it is kept when that probability reaches the type's threshold, with the sentences of every
candidate over the threshold as evidence and the probability as confidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from graph.errors import InvalidInput
from graph.model import EVENT_TYPES, SYMMETRIC_TYPES, RelationType
from loaders.mentions import ArticleActors
from loaders.model.candidates import Candidate, candidates, dyad_side
from loaders.model.encoder import Encoder, segments, worth_encoding
from loaders.model.features import featurise_all, rules_by_sentence
from loaders.rules import Found

MODEL_DIR = Path(__file__).parent / "data"
DEFAULT_MODEL = MODEL_DIR / "relation_model.npz"
TYPE_ORDER = (  # the label order of a model file
    "ACCUSES", "DENIES", "ARMS", "ALLIED_WITH", "THREATENS", "ATTACKS", "SUPPORTS", "OPPOSES", "OCCUPIES",
    "SANCTIONS", "COOPERATES_WITH",
)
SYMMETRIC = frozenset(t.value for t in SYMMETRIC_TYPES)
LABELS = tuple(label for t in TYPE_ORDER for label in ((t,) if t in SYMMETRIC else (t + ">", t + "<")))
assert {lab.rstrip("<>") for lab in LABELS} == {t.value for t in EVENT_TYPES}


def oriented(a: str, label: str, b: str) -> tuple[str, str, str]:
    """The relation a label gives between a candidate's earlier actor ``a`` and later actor ``b``.

    >>> oriented("IRN", "ACCUSES<", "AZE")
    ('AZE', 'ACCUSES', 'IRN')
    >>> oriented("TUR", "ALLIED_WITH", "AZE")
    ('AZE', 'ALLIED_WITH', 'TUR')
    """
    rtype = label.rstrip("<>")
    if label.endswith("<"):
        a, b = b, a
    if rtype in SYMMETRIC and b < a:
        a, b = b, a
    return a, rtype, b


@dataclass(frozen=True, slots=True)
class RelationModel:
    version: str
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    thresholds: dict[str, float]  # per type
    meta: dict
    encoder: Encoder | None = None  # the neural half; its probabilities are mixed with the linear ones
    mix: float = 0.0  # the encoder's share of a candidate's probability
    floor: float = 0.0  # a segment whose linear probabilities all stay under this is not encoded

    @property
    def extractor(self) -> str:
        return f"model:{self.version}"

    @classmethod
    def load(cls, path: Path | str = DEFAULT_MODEL, thresholds: dict[str, float] | None = None) -> RelationModel:
        """A model file written by :meth:`save`; ``thresholds`` override the trained ones per type."""
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                names = bytes(data["vocabulary"]).decode("utf-8").split("\n")
                weights, bias = data["weights"].astype(np.float32), data["bias"].astype(np.float32)
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidInput(f"relation model {path}: cannot be read ({type(exc).__name__}: {exc})") from exc
        if tuple(meta.get("labels", ())) != LABELS or weights.shape != (len(names), len(LABELS)):
            raise InvalidInput(f"relation model {path}: labels or shapes do not match this version of tensiongraph")
        merged = {**meta["thresholds"], **(thresholds or {})}
        unknown = set(merged) - set(TYPE_ORDER)
        if unknown:
            raise InvalidInput(f"relation model thresholds: unknown types {sorted(unknown)}")
        encoder, mix, floor = None, 0.0, 0.0
        if meta.get("encoder"):
            spec = meta["encoder"]
            encoder = Encoder(path.with_name(spec["file"]), path.with_name(spec["tokenizer"]), spec["max_tokens"])
            mix, floor = float(spec["mix"]), float(spec["floor"])
        return cls(meta["version"], {n: i for i, n in enumerate(names)}, weights, bias, merged, meta, encoder, mix,
                   floor)

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(path, vocabulary=np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
                            weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32))
        meta = {**self.meta, "version": self.version, "labels": list(LABELS), "thresholds": self.thresholds}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return path

    def probabilities(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """(candidates, labels) probabilities for candidates given by their feature lists."""
        scores = np.tile(self.bias, (len(rows), 1))
        for n, feats in enumerate(rows):
            idx = [i for i in (self.vocabulary.get(f) for f in set(feats)) if i is not None]
            if idx:
                scores[n] += self.weights[idx].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-scores))

    def read(self, doc: Doc, found: ArticleActors, rules: Iterable[Found]) -> list[Found]:
        """The relations this model finds in one parsed article (``rules``: what the rules found in it)."""
        cands = candidates(doc, found)
        if not cands:
            return []
        side = {key: dyad_side(actor) for key, actor in found.actors.items()}
        by_sentence = rules_by_sentence(rules, side)
        probs = self.probabilities(featurise_all(doc, found, cands, by_sentence, side))
        if self.encoder is not None:
            keen = worth_encoding(segments(doc, cands), probs, self.floor)
            probs = self.mixed(probs, self.encoder.probabilities(keen, len(LABELS)))
        return self.decide(cands, probs)

    def mixed(self, probs: np.ndarray, encoded: dict[int, np.ndarray]) -> np.ndarray:
        """The linear probabilities with the encoder's mixed in where it read the candidate."""
        out = probs.copy()
        for n, row in encoded.items():
            out[n] = self.mix * row + (1.0 - self.mix) * probs[n]
        return out

    def decide(self, cands: Sequence[Candidate], probs: np.ndarray) -> list[Found]:
        """Each relation over its type's threshold, once per sentence, with that sentence's probability."""
        best: dict[tuple[str, str, str, str], float] = {}
        cut = self._cut
        for cand, row in zip(cands, probs, strict=True):
            for j in np.flatnonzero(row >= cut):
                key = (*oriented(cand.a.key, LABELS[j], cand.b.key), cand.sent.text.strip())
                best[key] = max(best.get(key, 0.0), float(row[j]))
        return [Found(s, RelationType(t), o, sentence, round(p, 3), self.extractor)
                for (s, t, o, sentence), p in best.items()]

    @property
    def _cut(self) -> np.ndarray:
        return np.array([self.thresholds.get(lab.rstrip("<>"), 0.5) for lab in LABELS], dtype=np.float32)
