"""Fuzzing. Hypothesis: readers never raise on arbitrary bytes (they yield articles or errors naming the
input) and extraction never raises and is deterministic. Schemathesis: every operation of the OpenAPI
schema, with generated valid and invalid requests — no 5xx, and every response matches the schema."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput
from graph.model import Article
from loaders.extract import to_json
from loaders.readers import ReadError, ReadOptions, decode, read_sources
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.slow

# Every run explores the same examples (derandomize): CI stays reproducible, and a failure found on one machine
# is found on every machine. To explore further, run with `--hypothesis-seed=N` and without derandomize.

SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".dat", ""]

# bytes that look like the formats, not just noise: fragments of markup, JSON and feeds, mixed with anything
FRAGMENTS = [b"<html>", b"<body>", b"<p>", b"</p>", b"<script>", b"<?xml version='1.0'?>", b"<rss>", b"<item>",
             b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>", b"{", b"}", b"[", b"]", b'"text": ',
             b'"id": ', b'"published": "2024-02-30"', b"\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x93",
             b"Azerbaijan accused Iran of spying. ", "Türkiye".encode(), b"&amp;", b"<![CDATA["]
LOOKALIKE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40)), max_size=40).map(b"".join)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=3000), LOOKALIKE), suffix=st.sampled_from(SUFFIXES))
@example(data=b"[]", suffix=".json")  # found by this test: an empty list gave neither an article nor an error
@example(data=b"\n \n", suffix=".jsonl")
def test_readers_never_raise(data, suffix):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_sources([str(path)], ReadOptions(fetch=False)))
    assert items, "every input gives an article or an error"
    for item in items:
        assert isinstance(item, Article | ReadError)
        if isinstance(item, ReadError):
            assert item.source.startswith(str(path)) and item.reason
        else:
            assert item.text.strip() and item.id


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_clear_error(data):
    try:
        text = decode(data, "fuzz")
    except InvalidInput as exc:
        assert "binary" in str(exc) or "neither UTF-8 nor cp1252" in str(exc)
    else:
        assert isinstance(text, str)


NAMES = ["Iran", "Azerbaijan", "Baku", "Tehran", "the Kremlin", "Israel", "NATO", "the IRGC", "Turkey's Ministry of "
         "Defense", "Brigadier General Kioumars Heydari", "Heydari", "the ministry", "Hezbollah", "the Houthis"]
VERBS = ["accused", "denied", "armed", "threatened", "attacked", "sanctioned", "backed", "opposed", "is allied with",
         "did not accuse", "may sanction", "was accused by", "rejected claims by", "said that", "cooperates with"]
SENTENCE = st.builds(lambda a, v, b, tail: f"{a} {v} {b}{tail}", st.sampled_from(NAMES), st.sampled_from(VERBS),
                     st.sampled_from(NAMES), st.sampled_from([".", " of spying.", ", officials said.", "", "!", ";"]))
TEXT = st.one_of(st.text(max_size=400), st.lists(st.one_of(SENTENCE, st.text(max_size=30)), max_size=12).map(" ".join))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=TEXT)
@example(text="Foreign Minister Ð\U000a1d2e Ð accused Iran of spying.")  # found by this test: no ASCII letters
@example(text="Brigadier General Сергей Лавров threatened Ukraine.")
def test_extraction_never_raises_and_is_deterministic(extractor, text):
    if not text.strip():
        return
    article = Article(id="fuzz", text=text)
    first, second = extractor.extract(article), extractor.extract(article)
    assert to_json(first) == to_json(second)
    keys = {a.key for a in first.actors}
    for rel in first.relations:
        assert rel.source in keys and rel.target in keys and rel.source != rel.target
        assert 0.0 <= rel.confidence <= 1.0 and rel.evidence and rel.evidence[0].sentence


# The schema is built when the module is imported (schemathesis' from_fixture does not work with pytest 9);
# the store behind the app is filled with the examples before the first case runs.
_DIR = tempfile.TemporaryDirectory(prefix="tensiongraph-fuzz-")
_STORE = EmbeddedStore(Path(_DIR.name) / "examples.db")
_SETTINGS = Settings(api_key="k", fetch_urls=False, max_page=100)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_SETTINGS, store=_STORE))


@pytest.fixture(scope="module", autouse=True)
def examples_in_the_store(extractor):
    schema.app.state.extractor = extractor
    for item in extractor.extract_many(read_sources([str(EXAMPLES)])):
        _STORE.upsert(item)
    yield
    _STORE.close()
    _DIR.cleanup()


@schema.hook
def filter_query(ctx, query):
    """A window with since after until is refused with 400 on purpose (a likely typo gets a clear error);
    JSON Schema cannot say that one parameter must not pass another, so such cases are not generated."""
    if not query or not query.get("since") or not query.get("until"):
        return True
    return str(query["since"]) <= str(query["until"])


@schema.hook
def filter_body(ctx, body):
    """An article dated more than two days ahead is refused with 400 on purpose (it would outweigh every other
    date in the tension scores); JSON Schema cannot say "not after today", so such bodies are not generated."""
    items = body.get("articles", [body]) if isinstance(body, dict) else body if isinstance(body, list) else []
    limit = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    return not any(isinstance(item, dict) and isinstance(item.get("published"), str)
                   and item["published"][:10] > limit for item in items)


# Two checks are left out, on purpose:
# - negative_data_rejection: the API is lenient where that is harmless (a date given as a number of seconds,
#   as pydantic reads it), and a batch with a malformed item is answered 200 with the item listed in
#   `failures`, so that the rest of the batch is stored (the hardening issue asks for exactly that);
# - allow_header_conformance: OPTIONS on /articles (two routes, GET and POST) answers 405 with the Allow
#   header of the first route only, which is Starlette's routing; CORS preflights go to CORSMiddleware.
EXCLUDED = [schemathesis.checks.negative_data_rejection, schemathesis.checks.allow_header_conformance]


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(headers={"X-API-Key": "k"}, excluded_checks=EXCLUDED)
