"""The relation model against the rules alone, in one run: dev scores and extraction speed and memory.

    python bench/extraction_model.py [--articles 300] [--model PATH] [--ceiling]

1. Dev quality: `tensiongraph extract` over ../shared/corpus/dev with the rules alone
   (TENSIONGRAPH_RELATION_MODEL=none) and with rules and model, each scored by the shared scorer (all types).
2. Speed: the same texts (up to --articles of ../shared/corpus/{train,dev}, read at run time; the project's
   own examples recombined when that folder is absent) through bare `nlp.pipe` of en_core_web_sm and through
   the extractor with and without the model, one process; ratios to bare spaCy.
3. Memory: peak RSS of a `tensiongraph extract --json` process over those articles.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def dev_scores(model: str) -> dict[str, str]:
    dev, scorer = SHARED / "corpus" / "dev", SHARED / "tools" / "score_extraction.py"
    if not dev.is_dir() or not scorer.is_file():
        return {}
    exe = str(Path(sys.executable).with_name("tensiongraph"))
    out = {}
    for name, choice in (("rules", "none"), ("rules+model", model)):
        with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as pred:
            subprocess.run([exe, "extract", *sorted(map(str, dev.glob("*.json"))), "--json"], stdout=pred, check=True,
                           env={**os.environ, "TENSIONGRAPH_RELATION_MODEL": choice})
            report = subprocess.run([sys.executable, str(scorer), "--gold", str(dev), "--pred", pred.name, "--types",
                                     "all"], capture_output=True, text=True, check=True).stdout
        out[name] = "\n".join(line for line in report.splitlines() if "level all" in line or line.startswith("dyad "))
    return out


def ceilings() -> dict[str, float]:
    """The candidate ceiling (share of gold dyad relations some candidate pairs) of train and dev."""
    from loaders.extract import Extractor
    from loaders.model.train import ceiling, examples, read_corpus

    extractor = Extractor(model=None)
    out = {}
    for split in ("train", "dev"):
        folder = SHARED / "corpus" / split
        if folder.is_dir():
            out[split] = ceiling(examples(read_corpus(folder, print), extractor, print))
    return out


def texts(n: int) -> list:
    from graph.model import Article
    from loaders.readers import article_from_dict

    files = sorted((SHARED / "corpus").glob("*/*.json"))[:n]
    if files:
        return [article_from_dict(json.loads(p.read_text()), str(p)) for p in files]
    sys.path.insert(0, str(ROOT / "bench"))
    from run import corpus

    return [Article(id=a.id, text=a.text) for a in corpus(n)]


def speed(arts: list, model: str) -> dict:
    from loaders.extract import Extractor, load_nlp

    nlp = load_nlp()
    words = sum(len(a.text.split()) for a in arts)
    list(nlp.pipe([a.text for a in arts[:8]]))
    t = time.perf_counter()
    for _ in nlp.pipe([a.text for a in arts], batch_size=16):
        pass
    bare = time.perf_counter() - t
    out = {"articles": len(arts), "words": words, "bare_s": bare}
    for name, choice in (("rules", None), ("rules+model", model)):
        extractor = Extractor(nlp, model=choice)
        t = time.perf_counter()
        done = list(extractor.extract_many(arts, batch_size=16))
        took = time.perf_counter() - t
        out[name] = {"s": took, "ratio": bare / took, "relations": sum(len(getattr(x, "relations", [])) for x in done)}
    return out


def peak_rss(arts: list) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in arts))
        exe = str(Path(sys.executable).with_name("tensiongraph"))
        subprocess.run([exe, "extract", str(path), "--json"], stdout=subprocess.DEVNULL, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20  # KiB -> GiB


def main() -> int:
    from loaders.model.relmodel import DEFAULT_MODEL

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--ceiling", action="store_true", help="also the candidate ceiling on train and dev (slow)")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, report in dev_scores(args.model).items():
        print(f"\n== dev, {name}\n{report}")
    if args.ceiling:
        for split, share in ceilings().items():
            print(f"candidate ceiling, {split}: {share:.1%} of the gold dyad relations")
    arts = texts(args.articles)
    s = speed(arts, args.model)
    print(f"\n{s['articles']} articles, {s['words']:,} words; bare nlp.pipe {s['bare_s']:.1f} s")
    for name in ("rules", "rules+model"):
        r = s[name]
        print(f"extract, {name}: {r['s']:.1f} s, {r['ratio']:.2f}x bare spaCy, {r['relations']} relations")
    print(f"peak RSS of `tensiongraph extract` over them: {peak_rss(arts):.2f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
