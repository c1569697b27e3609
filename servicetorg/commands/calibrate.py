"""`servicetorg calibrate FILE.jsonl`: fit the index's confidence to how often it is right.

Fits on one half of a labelled set (--split even: the lines with even numbers in their id) and
reports on the other half, so the figures say how the calibration does on questions it was not
fitted to. Writes catalog_index/calibration.json unless --dry-run.
"""
from __future__ import annotations

import sys
from pathlib import Path

from servicetorg import settings

HELP = "Fit the index's confidence (logistic calibration) on half of a labelled set."


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="labelled questions (expected_service)")
    parser.add_argument("--split", choices=("even", "odd", "all"), default="even", help="which ids to fit on")
    parser.add_argument("--dry-run", action="store_true", help="report, but do not write calibration.json")
    parser.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")


def _samples(index, questions):
    samples = []
    for question in questions:
        result = index.search(question["text"])
        if not result.hits:
            continue  # nothing matched: abstains whatever the calibration says
        label = int(result.hits[0].service_id == question.get("expected_service"))
        samples.append((result.hits[0].features, label))
    return samples


def _report(name: str, calibration, samples) -> str:
    if not samples:
        return f"{name}: no samples"
    bins: dict[int, list[tuple[float, int]]] = {}
    for features, label in samples:
        p = calibration.probability(features)
        bins.setdefault(min(int(p * 5), 4), []).append((p, label))
    ece = sum(abs(sum(p for p, _ in b) - sum(l for _, l in b)) for b in bins.values()) / len(samples)
    accepted = [(p, l) for f, l in samples for p in [calibration.probability(f)] if p >= 0.5]
    precision = sum(l for _, l in accepted) / len(accepted) if accepted else 0.0
    return (f"{name}: {len(samples)} questions, expected calibration error {ece:.3f}, "
            f"precision of answered {precision:.3f} ({len(accepted)} answered)")


def run(args) -> int:
    from catalog_index import load_catalog
    from catalog_index.calibration import DEFAULT_PATH, fit
    from catalog_index.index import SearchIndex
    from servicetorg.commands.evaluate import in_split, read_questions

    questions = [q for q in read_questions(args.file) if "expected_service" in q]
    index = SearchIndex(load_catalog(args.catalog or settings.catalog_path()))
    fit_on = [q for q in questions if in_split(q["id"], args.split)]
    held_out = [q for q in questions if not in_split(q["id"], args.split)]
    fit_samples = _samples(index, fit_on)
    calibration = fit(fit_samples)
    print(f"weights {calibration.weights}, bias {calibration.bias}", file=sys.stderr)
    print(_report(f"fitted on ({args.split})", calibration, fit_samples), file=sys.stderr)
    if held_out:
        print(_report("held out", calibration, _samples(index, held_out)), file=sys.stderr)
    if not args.dry_run:
        calibration.save(DEFAULT_PATH, note=f"fitted by servicetorg calibrate {args.file.name} --split {args.split}")
        print(f"wrote {DEFAULT_PATH}", file=sys.stderr)
    return 0
