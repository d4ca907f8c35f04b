"""Injection strings through every parameter of every route, on both stores: the graph is unchanged and
the answer is a 4xx or an empty result. Labels and relationship types only ever come from the closed sets
(cypher/__init__.py); every other value travels as a query parameter, never as query text."""

from __future__ import annotations

from urllib.parse import quote

from tests.contents import snapshot

INJECTIONS = ["'", '"', "}", "//", ";", "MATCH (n) DETACH DELETE n", "' OR 1=1 --",
              "x'}) MATCH (n) DETACH DELETE n //", '") DETACH DELETE n; //', "IRN' OR '1'='1",
              "1; DROP TABLE actors; --", "\\' OR 1=1 --", "`) DETACH DELETE n //", "IRN\x00"]

# a valid value for every parameter, so that each request differs from a good one in one parameter only
VALID = {"from": "IRN", "to": "ISR", "a": "IRN", "b": "AZE", "actor": "AZE", "key": "IRN", "center": "AZE",
         "article_id": "caspian-accusation"}


def _fingerprint(store) -> tuple:
    snap = snapshot(store)
    return (tuple((a.key, a.name, tuple(sorted(a.aliases))) for a in snap.actors),
            tuple(sorted(a.id for a in snap.articles)),
            tuple(sorted((r.source, str(r.type), r.target, r.count, round(r.confidence, 6)) for r in snap.relations)))


def _get_routes(client) -> list[tuple[str, list[dict]]]:
    spec = client.get("/openapi.json").json()
    return [(path, op.get("parameters", [])) for path, ops in spec["paths"].items()
            for method, op in ops.items() if method == "get" and path not in ("/health", "/docs")]


def _is_empty(body) -> bool:
    if isinstance(body, dict) and "items" in body:
        return body["items"] == [] or body["total"] == 0
    return False


def test_injection_through_every_read_parameter(client, example_store):
    before = _fingerprint(example_store)
    tried = 0
    for path, params in _get_routes(client):
        names = [p["name"] for p in params if p["in"] in ("query", "path") and p["name"] not in ("limit", "offset")]
        for name in names:
            for bad in INJECTIONS:
                if "/" in bad and any(p["name"] == name and p["in"] == "path" for p in params):
                    continue  # a slash in a path segment is routing (another URL), not a value
                query = {p["name"]: VALID[p["name"]] for p in params
                         if p["in"] == "query" and p.get("required") and p["name"] in VALID}
                url = path
                for p in params:
                    if p["in"] == "path":
                        value = bad if p["name"] == name else VALID[p["name"]]
                        url = url.replace("{" + p["name"] + "}", quote(value, safe=""))
                if any(p["name"] == name and p["in"] == "query" for p in params):
                    query[name] = bad
                r = client.get(url, params=query)
                tried += 1
                assert r.status_code < 500, f"{url} {query}: {r.status_code} {r.text[:200]}"
                if r.status_code == 200:
                    body = r.json() if r.headers["content-type"].startswith("application/json") else None
                    assert _is_empty(body), f"{url} {query}: {r.text[:300]}"
    assert tried > 300
    assert _fingerprint(example_store) == before


def test_injection_through_an_article_is_stored_verbatim(client, example_store):
    before = _fingerprint(example_store)
    for i, bad in enumerate(INJECTIONS[:-1]):  # a NUL is not valid in an id
        article_id = f"inj-{i}-{bad}"
        article = {"id": article_id, "title": bad, "url": f"https://news.example.org/{i}?q={bad}",
                   "text": f"Ruritania accused Borduria of {bad} on Monday. {bad}", "published": "2024-06-01"}
        r = client.post("/articles", json=article, headers={"X-API-Key": "s3cret"})
        assert r.status_code == 200, r.text
        got = client.get(f"/articles/{quote(article_id, safe='/')}")  # an id with '/' is reachable as it is
        assert got.status_code == 200 and got.json()["title"] == bad and bad in got.json()["text"]
    after = _fingerprint(example_store)
    assert set(before[0]) <= set(after[0])  # every actor still there
    assert set(before[2]) <= set(after[2]) or _only_grew(before[2], after[2])
    assert set(before[1]) <= set(after[1]) and len(after[1]) == len(before[1]) + len(INJECTIONS) - 1


def _only_grew(old, new) -> bool:
    """New evidence may add to an existing edge: its count and confidence may only grow."""
    now = {(s, t, o): (c, conf) for s, t, o, c, conf in new}
    return all((s, t, o) in now and now[(s, t, o)][0] >= c and now[(s, t, o)][1] >= conf - 1e-9
               for s, t, o, c, conf in old)
