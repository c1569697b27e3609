"""`servicetorg bench`: how fast the index answers and builds.

Prints query latency (median, p95) on the demo catalog, and on a seeded synthetic catalog of
2,000 services, and the build time of both indexes. Figures, not assertions: run it on the
machine you care about.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from servicetorg import settings

HELP = "Measure query latency and index build time (demo catalog and 2,000 synthetic services)."

DEV_SET = settings.REPO_ROOT / "data" / "eval" / "dev.jsonl"


def add_arguments(parser) -> None:
    parser.add_argument("--services", type=int, default=2000, help="size of the synthetic catalog")
    parser.add_argument("--queries", type=int, default=1000, help="queries timed per catalog")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")


def synthetic_catalog(base: list, size: int, seed: int) -> list:
    """`size` services made from the demo ones: new ids, titles and keywords from a seeded mix,
    so the vocabulary and posting lists grow as a real, larger catalog's would."""
    rng = random.Random(seed)
    words = sorted({w for s in base for w in s.description.nb.split() if w.isalpha() and len(w) > 4})
    services = []
    for n in range(size):
        model = base[n % len(base)]
        extra = rng.sample(words, 6)
        title = replace(model.title, nb=f"{model.title.nb} {extra[0]} {n}", nn=None)
        description = replace(model.description, nb=f"{model.description.nb} {' '.join(extra)}", nn=None)
        services.append(
            replace(model, id=f"{model.id}-{n}", title=title, description=description,
                    keywords=tuple(model.keywords) + (f"{extra[1]}{extra[2]}".lower(),), related=())
        )
    return services


def _questions(limit: int, seed: int) -> list[str]:
    texts = []
    if DEV_SET.exists():
        with DEV_SET.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
    if not texts:
        texts = ["hva koster barnehageplass", "når tømmes søppelet", "korleis søkjer eg sjukeheim"]
    rng = random.Random(seed)
    return [rng.choice(texts) for _ in range(limit)]


def _time_queries(index, questions: list[str]) -> tuple[float, float]:
    timings = []
    for text in questions:
        # Cold: forget earlier spelling corrections, so repeated questions are not flattered.
        index._fuzzy_cache.clear()
        started = time.perf_counter()
        index.search(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def _time_build(services) -> tuple[object, float]:
    from catalog_index.index import SearchIndex

    started = time.perf_counter()
    index = SearchIndex(services)
    return index, (time.perf_counter() - started) * 1000


def run(args) -> int:
    from catalog_index import load_catalog

    catalog = load_catalog(args.catalog or settings.catalog_path())
    demo = list(catalog)
    questions = _questions(args.queries, args.seed)

    index, build_ms = _time_build(demo)
    median, p95 = _time_queries(index, questions)
    print(f"demo catalog: {len(demo)} services")
    print(f"  index build: {build_ms:.0f} ms")
    print(f"  query latency: median {median:.2f} ms, p95 {p95:.2f} ms ({len(questions)} queries)")

    big = synthetic_catalog(demo, args.services, args.seed)
    index, build_ms = _time_build(big)
    median, p95 = _time_queries(index, questions)
    print(f"synthetic catalog: {len(big)} services (seed {args.seed})")
    print(f"  index build: {build_ms:.0f} ms")
    print(f"  query latency: median {median:.2f} ms, p95 {p95:.2f} ms ({len(questions)} queries)")
    return 0
