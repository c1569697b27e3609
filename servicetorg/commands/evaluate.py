"""`servicetorg eval FILE.jsonl`: answer each question as a fresh conversation.

Input, one JSON object a line: {"id", "text", "channel": "web"|"sms"}; lines may also carry
expected_service, expected_aspect, expected_handover and category, which the summary uses.
Output, one a line on stdout: id, service_id, aspect, handover, reply, confidence, latency_ms.
Summary on stderr: service top-1/top-3, aspect accuracy, abstention precision/recall, handover,
and the same per category.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HELP = "Answer every question of a JSONL file and print accuracy figures."


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="questions, one JSON object a line")
    parser.add_argument(
        "--split", choices=("all", "even", "odd"), default="all",
        help="only the questions with even or odd numbers in their id (tune on even, report odd)",
    )
    add_engine_arguments(parser)


def add_engine_arguments(parser) -> None:
    parser.add_argument(
        "--engine", choices=("rasa", "index"), default="rasa",
        help="rasa: the served path (Rasa and its actions; started and stopped here); index: the search index alone",
    )
    parser.add_argument("--rasa-url", help="use a Rasa server already running here instead of starting one")
    parser.add_argument("--catalog", type=Path, help="the catalog folder, for --engine index (default: the demo catalog)")


def read_questions(path: Path) -> list[dict]:
    questions = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise SystemExit(f"{path}:{number}: not valid JSON: {err.msg}")
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "id" not in item:
                raise SystemExit(f"{path}:{number}: each line needs an \"id\" and a \"text\"")
            questions.append(item)
    return questions


def in_split(question_id: str, split: str) -> bool:
    """Whether a question is in the half asked for: the last number in its id, even or odd."""
    digits = re.findall(r"\d+", str(question_id))
    number = int(digits[-1]) if digits else 0
    return split == "all" or (number % 2 == 0) == (split == "even")


def open_engine(args):
    from servicetorg.engines import engine

    return engine(args.engine, catalog_path=args.catalog, url=args.rasa_url)


def run(args) -> int:
    questions = [q for q in read_questions(args.file) if in_split(q["id"], args.split)]
    rows = []
    with open_engine(args) as answering:
        for problem in answering.problems:
            print(f"catalog: {problem}", file=sys.stderr)
        for question in questions:
            channel = question.get("channel", "web")
            started = time.perf_counter()
            outcome = answering.respond(question["text"], channel=channel)
            latency = (time.perf_counter() - started) * 1000
            row = {
                "id": question["id"],
                "service_id": outcome.service_id,
                "aspect": outcome.aspect,
                "handover": outcome.handover,
                "reply": outcome.reply,
                "confidence": round(outcome.confidence, 4),
                "latency_ms": round(latency, 3),
            }
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append((question, row, outcome.candidates))
    print(f"engine: {args.engine}", file=sys.stderr)
    for line in summarize(rows):
        print(line, file=sys.stderr)
    return 0


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def summarize(rows) -> list[str]:
    """Accuracy figures over the questions that carry expectations."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def count(key: str, ok: bool) -> None:
        counts[key][0] += int(ok)
        counts[key][1] += 1

    latencies = sorted(row["latency_ms"] for _, row, _ in rows)
    for question, row, candidates in rows:
        category = question.get("category", "all")
        expected = question.get("expected_service")
        if "expected_service" in question and expected is not None:
            count("top1", row["service_id"] == expected)
            count("ranked1", candidates[:1] == (expected,))
            count("top3", expected in candidates[:3])
            count(f"top1:{category}", row["service_id"] == expected)
        if question.get("expected_aspect"):
            count("aspect", row["aspect"] == question["expected_aspect"])
            if row["service_id"] == expected:
                count("aspect_given_service", row["aspect"] == question["expected_aspect"])
        if "expected_handover" in question:
            if question["expected_handover"]:
                count("handover_recall", row["handover"])
            else:
                count("no_false_handover", not row["handover"])
        if "expected_service" in question:
            out_of_scope = expected is None and not question.get("expected_handover", False)
            abstained = row["service_id"] is None and not row["handover"]
            if out_of_scope:
                count("abstain_recall", abstained)
                count(f"abstain:{category}", abstained)
            if abstained:
                count("abstain_precision", out_of_scope)
    lines = [
        f"questions: {len(rows)}",
        f"service top-1 (first-ranked service): {_ratio(*counts['ranked1'])}",
        f"service top-3: {_ratio(*counts['top3'])}",
        f"service top-1 (answered with it, not abstained or clarified): {_ratio(*counts['top1'])}",
        f"aspect accuracy: {_ratio(*counts['aspect'])}",
        f"aspect accuracy where the service was right: {_ratio(*counts['aspect_given_service'])}",
        f"abstention precision: {_ratio(*counts['abstain_precision'])}",
        f"abstention recall (out of scope abstained): {_ratio(*counts['abstain_recall'])}",
        f"handover when expected: {_ratio(*counts['handover_recall'])}",
        f"no handover when not expected: {_ratio(*counts['no_false_handover'])}",
    ]
    for key in sorted(k for k in counts if ":" in k):
        lines.append(f"  {key}: {_ratio(*counts[key])}")
    if latencies:
        median = latencies[len(latencies) // 2]
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        lines.append(f"latency: median {median:.2f} ms, p95 {p95:.2f} ms")
    return lines
