"""The neural half of the relation model: a fine-tuned MiniLM that reads each candidate pair in its sentence.

A *segment* is the text a candidate is read in: its sentence, or for a ``quote`` or ``lead`` pair the two
sentences in text order joined by " | ". Each segment is encoded once (all-MiniLM-L6-v2, fine-tuned by
``tensiongraph train --encoder``, exported to ONNX and quantised to int8); every candidate of the segment is
then classified from the encoder's first token and the mean of each mention's tokens (``[cls; a; b; a*b]``,
then a two-layer head), one probability per label of :data:`loaders.model.relmodel.LABELS`.

At run time only onnxruntime, tokenizers and numpy are needed: no torch, no download. The linear model's
probabilities decide which segments are worth encoding: a segment none of whose candidates reaches
``floor`` for any label keeps the linear probabilities (with the shipped floor of 0.3, on the encoder's
cross-validated fold: 56 % of the segments skipped, dyad F1 0.003 lower than encoding them all; extraction
stays above half the speed of bare spaCy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from graph.errors import InvalidInput
from loaders.model.candidates import Candidate

SEPARATOR = " | "
BATCH = 16


@dataclass(slots=True)
class Segment:
    text: str
    pairs: list[tuple[int, tuple[int, int], tuple[int, int]]]  # (candidate index, a's chars, b's chars)


def segments(doc: Doc, cands: Sequence[Candidate]) -> list[Segment]:
    """The segments of an article's candidates, with each mention's character span inside its segment's text."""
    out: dict[tuple, tuple[Segment, dict[tuple[int, int], int]]] = {}
    text = doc.text  # spaCy joins every token's text on each access
    for n, cand in enumerate(cands):
        sa, sb = doc[cand.a.start].sent, cand.sent
        a_sent, b_sent = (sa.start_char, sa.end_char), (sb.start_char, sb.end_char)
        parts = (a_sent,) if a_sent == b_sent else tuple(sorted([a_sent, b_sent]))
        if parts not in out:
            shift, position = {}, 0
            for s, e in parts:  # where each sentence starts in the segment's text
                shift[(s, e)] = position - s
                position += e - s + len(SEPARATOR)
            out[parts] = (Segment(SEPARATOR.join(text[s:e] for s, e in parts).replace("\n", " "), []), shift)
        seg, shift = out[parts]
        a, b = doc[cand.a.start:cand.a.end], doc[cand.b.start:cand.b.end]
        seg.pairs.append((n, (a.start_char + shift[a_sent], a.end_char + shift[a_sent]),
                          (b.start_char + shift[b_sent], b.end_char + shift[b_sent])))
    return [seg for seg, _ in out.values()]


def worth_encoding(segs: Sequence[Segment], linear: np.ndarray, floor: float) -> list[Segment]:
    """The segments some candidate of which reaches ``floor`` for some label in the linear probabilities
    ``linear`` (candidates, labels): the only ones the encoder reads, at run time and in cross-validation."""
    return [seg for seg in segs if linear[[n for n, _, _ in seg.pairs]].max() >= floor]


def pooling(offsets: Sequence[Sequence[tuple[int, int]]], length: int,
            segs: Sequence[Segment]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The inputs that tell the network which tokens are each pair's mentions: the pair's row in the batch and
    the averaging weights over tokens of its two mentions (a mention cut off by truncation falls back to the
    first token)."""
    seg_of: list[int] = []
    wa: list[np.ndarray] = []
    wb: list[np.ndarray] = []
    for row, seg in enumerate(segs):
        spans = np.array([(s, e) if e > s else (-1, -1) for s, e in offsets[row]], dtype=np.int64).reshape(-1, 2)
        for _, (a0, a1), (b0, b1) in seg.pairs:
            for target, (lo, hi) in ((wa, (a0, a1)), (wb, (b0, b1))):
                weights = np.zeros(length, dtype=np.float32)
                hit = (spans[:, 1] > lo) & (spans[:, 0] < hi) & (spans[:, 1] > spans[:, 0])
                weights[:len(hit)][hit] = 1.0
                if not weights.any():
                    weights[0] = 1.0
                target.append(weights / weights.sum())
            seg_of.append(row)
    return np.array(seg_of, dtype=np.int64), np.stack(wa), np.stack(wb)


class Encoder:
    """An exported encoder (``.onnx``) and its tokenizer (``tokenizer.json``), as written by training."""

    def __init__(self, model: Path, tokenizer: Path, max_tokens: int = 160) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:  # an environment installed before the encoder shipped
            raise InvalidInput(f"relation encoder {model}: needs {exc.name}; reinstall tensiongraph "
                               "(pip install -e .) or set TENSIONGRAPH_RELATION_MODEL=none") from None
        try:
            self.tokenizer = Tokenizer.from_file(str(tokenizer))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1  # one core, like spaCy: parallelism is by process
            options.inter_op_num_threads = 1
            self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise InvalidInput(f"relation encoder {model}: cannot be loaded ({type(exc).__name__}: {exc})") from exc
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")

    def probabilities(self, segs: Sequence[Segment], labels: int) -> dict[int, np.ndarray]:
        """Candidate index -> its probability per label, for the candidates of ``segs``."""
        out: dict[int, np.ndarray] = {}
        order = sorted(range(len(segs)), key=lambda i: len(segs[i].text))
        for k in range(0, len(order), BATCH):
            batch = [segs[i] for i in order[k:k + BATCH]]
            encodings = self.tokenizer.encode_batch([s.text for s in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            seg_of, wa, wb = pooling([e.offsets for e in encodings], ids.shape[1], batch)
            (logits,) = self.session.run(None, {"ids": ids, "mask": mask, "seg_of": seg_of, "wa": wa, "wb": wb})
            probs = 1.0 / (1.0 + np.exp(-logits[:, :labels]))
            pairs = [n for seg in batch for n, _, _ in seg.pairs]
            for n, row in zip(pairs, probs, strict=True):
                out[n] = row
        return out
