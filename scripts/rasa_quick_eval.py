#!/usr/bin/env python3
"""A quick in-process check of the trained Rasa model + the actions on a JSONL eval file.

    .venv-rasa/bin/python scripts/rasa_quick_eval.py [data/eval/dev.jsonl] [--model models/servicetorg.tar.gz]

Each line is a fresh one-message conversation: the model parses the text, the rule the domain
would apply picks the action, and bot.actions.brain decides the reply. This is a development
aid (no HTTP, no action server); `servicetorg eval` is the official path.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def decide(brain, turn):
    intent = turn.intent
    if intent and intent.startswith("ask_"):
        return brain.answer(turn)
    if intent in ("request_human", "own_case", "complaint"):
        return brain.handover_for_intent(turn)
    if intent == "out_of_scope":
        return brain.out_of_scope(turn)
    if intent == "choose_service":
        return brain.choose(turn)
    if intent == "nlu_fallback":
        return brain.fallback(turn)
    return None  # greet, thanks, ... : a fixed response, no service


async def main_async(args) -> int:
    from rasa.core.agent import Agent
    from rasa.utils.tensorflow.environment import setup_tf_environment

    from bot.actions.brain import Turn, get_brain

    setup_tf_environment()
    agent = Agent.load(args.model)
    brain = get_brain()
    rows = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    stats: dict[str, Counter] = defaultdict(Counter)
    intents = Counter()
    latencies = []
    for row in rows:
        start = time.perf_counter()
        parsed = await agent.parse_message(row["text"])
        entities = [e["value"] for e in parsed.get("entities", []) if e.get("entity") == "service"]
        turn = Turn(text=row["text"], intent=parsed["intent"]["name"], confidence=parsed["intent"]["confidence"],
                    entities=entities, channel=row.get("channel", "web"))
        decision = decide(brain, turn)
        latencies.append((time.perf_counter() - start) * 1000)
        intents[turn.intent] += 1
        service = decision.service_id if decision and decision.kind == "answer" else None
        handover = bool(decision and decision.handover)
        if decision and decision.kind == "handover" and decision.aspect:  # tjenestetrapp: answered too
            service = decision.service_id
        aspect = decision.aspect if decision and decision.kind == "answer" else None
        cat = row.get("category", "all")
        for key in (cat, "all"):
            s = stats[key]
            s["n"] += 1
            if row.get("expected_handover"):
                s["handover_n"] += 1
                s["handover_ok"] += handover
                continue
            if row.get("expected_service") is None:
                s["abstain_n"] += 1
                s["abstain_ok"] += (service is None and not handover)
                continue
            s["service_n"] += 1
            s["service_ok"] += service == row["expected_service"]
            s["aspect_n"] += 1
            s["aspect_ok"] += (service == row["expected_service"] and aspect == row.get("expected_aspect"))
        if args.verbose and not row.get("expected_handover") and service != row.get("expected_service"):
            print(f"{row['id']} {row['text']!r} intent={turn.intent}:{turn.confidence:.2f} ents={entities} "
                  f"-> {decision.kind if decision else None}:{service} (want {row.get('expected_service')})")
        elif args.verbose and service and service == row.get("expected_service") and aspect != row.get("expected_aspect"):
            print(f"{row['id']} {row['text']!r} intent={turn.intent}:{turn.confidence:.2f} "
                  f"-> aspect {aspect} (want {row.get('expected_aspect')})")
    print(f"{'category':16} {'n':>4} {'service':>8} {'aspect':>8} {'handover':>9} {'abstain':>8}")
    for cat in sorted(stats, key=lambda c: (c == "all", c)):
        s = stats[cat]

        def rate(ok, n):
            return f"{s[ok] / s[n]:.3f}" if s[n] else "-"

        print(f"{cat:16} {s['n']:>4} {rate('service_ok', 'service_n'):>8} {rate('aspect_ok', 'aspect_n'):>8} "
              f"{rate('handover_ok', 'handover_n'):>9} {rate('abstain_ok', 'abstain_n'):>8}")
    latencies.sort()
    print(f"latency ms: median {latencies[len(latencies) // 2]:.1f}, p95 {latencies[int(len(latencies) * 0.95)]:.1f}")
    print("intents:", dict(intents.most_common()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(REPO_ROOT / "data" / "eval" / "dev.jsonl"))
    parser.add_argument("--model", default=str(REPO_ROOT / "models" / "servicetorg.tar.gz"))
    parser.add_argument("-v", "--verbose", action="store_true")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
