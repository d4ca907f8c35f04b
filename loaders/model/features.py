"""Sparse features of a candidate pair, as strings: what a linear relation classifier reads.

The features are general, not phrases: the lemmas between and around the two mentions, the dependency
path between them (the word that governs both, and the role each mention plays under it: subject, object,
the preposition it hangs from), the trigger lexicon's type of the words on that path, negation, quotation,
the actors' kinds, and what the precise rules found for this pair in this sentence. The ``a``/``b`` sides
of each feature are the candidate's earlier and later mention, so one classifier reads both directions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from loaders.mentions import ArticleActors
from loaders.model.candidates import Candidate
from loaders.rules import Found
from loaders.rules.lexicon import lexicon

MAX_BETWEEN = 14  # tokens between the mentions read word by word; further apart only the path counts
WINDOW = 3


@dataclass(slots=True)
class _Sentence:
    """What every candidate of one sentence reads of it, worked out once (spaCy rebuilds a span's text on
    each access)."""

    text: str
    lex: set[str]


def featurise(doc: Doc, found: ArticleActors, cand: Candidate, rules: dict[str, set[tuple[str, str, str]]],
              side: dict[str, str], sentences: dict[int, _Sentence] | None = None) -> list[str]:
    """The features of one candidate. ``rules`` maps a sentence's text to the (source side, type, target
    side) the rules found in it; ``side`` maps actor keys to their dyad sides; ``sentences`` keeps what was
    worked out of each sentence for the article's other candidates."""
    lex = lexicon()
    sentences = {} if sentences is None else sentences
    sent = sentences.get(cand.sent.start)
    if sent is None:
        sent = sentences[cand.sent.start] = _Sentence(cand.sent.text, _lex_types(cand.sent, lex))
    a_span, b_span = doc[cand.a.start:cand.a.end], doc[cand.b.start:cand.b.end]
    ka, kb = found.actors[cand.a.key].kind.value, found.actors[cand.b.key].kind.value
    out = [f"link={cand.link}", f"ka={ka}", f"kb={kb}", f"kab={ka}|{kb}", f"fa={cand.a.form}", f"fb={cand.b.form}"]
    if cand.link == "same":
        out += _between(doc, a_span, b_span)
        out += _path(a_span.root, b_span.root, lex)
    else:
        out += [f"{cand.link}:role_a={a_span.root.dep_}", f"{cand.link}:head_a={a_span.root.head.lemma_.lower()}"]
        out += [f"{cand.link}:w={t.lemma_.lower()}" for t in cand.sent if _content(t)]
        root = cand.sent.root
        out += [f"{cand.link}:root={root.lemma_.lower()}", f"{cand.link}:role_b={b_span.root.dep_}"]
        out += [f"{cand.link}:lex={t}" for t in sent.lex]
    out += [f"ha={_governor(a_span.root)}", f"hb={_governor(b_span.root)}"]
    out += [f"pre:{t.lemma_.lower()}" for t in doc[max(cand.a.start - WINDOW, cand.sent.start):cand.a.start]]
    out += [f"post:{t.lemma_.lower()}" for t in doc[cand.b.end:min(cand.b.end + WINDOW, cand.sent.end)]]
    out += [f"sentlex={t}" for t in sent.lex]
    if any(ch in sent.text for ch in "\"“”"):
        out.append("quoted")
    sa, sb = side[cand.a.key], side[cand.b.key]
    for src, rtype, dst in rules.get(sent.text.strip(), ()):
        if (src, dst) == (sa, sb):
            out.append(f"rule={rtype}>")
        elif (src, dst) == (sb, sa):
            out.append(f"rule={rtype}<")
    return [" ".join(f.split()) for f in out]  # one line each: the model file keeps one feature per line


def featurise_all(doc: Doc, found: ArticleActors, cands: Sequence[Candidate],
                  rules: dict[str, set[tuple[str, str, str]]], side: dict[str, str]) -> list[list[str]]:
    """The features of an article's candidates, with what the article as a whole says of each pair: in how
    many sentences the two sides meet, and whether the headline names both."""
    meets = Counter(frozenset((side[c.a.key], side[c.b.key])) for c in cands if c.link == "same")
    headline = {side[c.a.key] for c in cands if c.link == "lead"}
    out = []
    sentences: dict[int, _Sentence] = {}
    for cand in cands:
        pair = frozenset((side[cand.a.key], side[cand.b.key]))
        feats = featurise(doc, found, cand, rules, side, sentences)
        feats.append(f"meets={min(meets[pair], 4)}")
        if pair <= headline:
            feats.append("both_in_headline")
        out.append(feats)
    return out


def rules_by_sentence(findings: Iterable[Found], side: dict[str, str]) -> dict[str, set[tuple[str, str, str]]]:
    out: dict[str, set[tuple[str, str, str]]] = {}
    for f in findings:
        if f.source in side and f.target in side:
            out.setdefault(f.sentence, set()).add((side[f.source], f.type.value, side[f.target]))
    return out


def _governor(token: Token) -> str:
    """The word a mention hangs from and how: "accuse|dobj", "protest|prep:against"."""
    head = token.head
    if token.dep_ == "pobj" and head.head.i != head.i:
        return f"{head.head.lemma_.lower()}|prep:{head.lower_}"
    if token.dep_ == "poss":
        return f"{head.lemma_.lower()}|poss"
    return f"{head.lemma_.lower()}|{token.dep_}"


def _content(t: Token) -> bool:
    return not (t.is_punct or t.is_space or t.is_stop and t.pos_ not in ("ADP", "PART", "VERB"))


def _between(doc: Doc, a: Span, b: Span) -> list[str]:
    gap = doc[a.end:b.start]
    n = len(gap)
    out = [f"dist={min(n, 10) if n < 10 else (20 if n < 20 else 40)}"]
    if n > MAX_BETWEEN:
        return out + ["far"]
    lemmas = [t.lemma_.lower() for t in gap if not t.is_space]
    out += [f"bw:{w}" for w in lemmas if w.isalpha()]
    out += [f"bb:{x}_{y}" for x, y in zip(lemmas, lemmas[1:], strict=False)]
    if n <= 4:
        out.append("bseq:" + "_".join(lemmas))
    return out


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < 30:
        chain.append(chain[-1].head)
    return chain


def _path(a: Token, b: Token, lex) -> list[str]:
    up_a, up_b = _ancestors(a), _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    lca_at = next((n for n, t in enumerate(up_a) if t.i in index_b), None)
    if lca_at is None:
        return ["nopath"]
    lca = up_a[lca_at]
    side_a, side_b = up_a[:lca_at], up_b[:index_b[lca.i]]
    role_a = _role(side_a, lca)
    role_b = _role(side_b, lca)
    lemma = lca.lemma_.lower()
    out = [f"lca={lemma}", f"lcapos={lca.pos_}", f"roles={role_a}|{role_b}", f"lcaroles={lemma}|{role_a}|{role_b}",
           f"plen={min(len(side_a) + len(side_b), 8)}"]
    deps = [f"{t.dep_}^" for t in side_a] + [f"v{t.dep_}" for t in reversed(side_b)]
    if len(deps) <= 6:
        out.append("path=" + " ".join(deps))
    words = [t for t in side_a[1:] + side_b[1:] + [lca]]
    for t in words:
        low = t.lemma_.lower()
        out.append(f"pw={low}")
        for rtype in _types_of(t, lex):
            out.append(f"plex={rtype}")
            out.append(f"plexroles={rtype}|{role_a}|{role_b}")
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for t in words for c in t.children):
        out.append("neg")
    return out


def _role(chain: list[Token], lca: Token) -> str:
    """How a mention hangs from the governing word: its dependency, with the preposition's word."""
    if not chain:
        return "self"
    top = chain[-1]
    if top.dep_ == "prep" or top.dep_ == "agent":
        return f"{top.dep_}:{top.lower_}"
    if len(chain) >= 2 and chain[-2].dep_ == "pobj" and top.pos_ == "ADP":
        return f"prep:{top.lower_}"
    return top.dep_


def _types_of(t: Token, lex) -> list[str]:
    lemma = t.lemma_.lower()
    out = []
    if lemma in lex.verbs:
        out.append(lex.verbs[lemma][0].value)
    if lemma in lex.nouns:
        out.append(lex.nouns[lemma].value)
    if lemma in lex.arms_verbs or lemma in lex.weapons or lemma in lex.arms_nouns:
        out.append("ARMS")
    if lemma in lex.speech_verbs:
        out.append("SPEECH")
    return out


def _lex_types(sent: Span, lex) -> set[str]:
    return {rtype for t in sent for rtype in _types_of(t, lex)}
