"""From ranking features to a calibrated confidence: a logistic model, P(the top service is right).

Features of the top hit (index.py, SearchIndex._features):
  coverage  share of the question's informative weight the service explains
  strength  the strongest single match (1: a distinctive word in a short title)
  margin    how far ahead of the runner-up it is (times coverage: a lone weak hit is not "ahead")
  unknown   share of the question's weight in words the catalog does not know
  named     1 when the question has a word that names the service (short title, one-word keyword)
  matched   share of the question's content words that the service matches
The weights live in calibration.json beside this file and are fitted by
`servicetorg calibrate data/eval/dev.jsonl --split even` (fit) and checked on the odd half.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

FEATURES = ("coverage", "strength", "margin", "unknown", "named", "matched")
DEFAULT_PATH = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    bias: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> "Calibration":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights=tuple(data["weights"][name] for name in FEATURES), bias=data["bias"])

    def save(self, path: Path = DEFAULT_PATH, note: str = "") -> None:
        data = {"weights": dict(zip(FEATURES, self.weights)), "bias": self.bias, "note": note}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def fit(samples: Sequence[tuple[Sequence[float], int]], l2: float = 0.01, epochs: int = 4000, rate: float = 0.5) -> Calibration:
    """Logistic regression by batch gradient descent; small data, no dependencies."""
    n_features = len(FEATURES)
    weights = [0.0] * n_features
    bias = 0.0
    n = max(len(samples), 1)
    for _ in range(epochs):
        grad_w = [0.0] * n_features
        grad_b = 0.0
        model = Calibration(tuple(weights), bias)
        for features, label in samples:
            error = model.probability(features) - label
            for j in range(n_features):
                grad_w[j] += error * features[j]
            grad_b += error
        weights = [w - rate * (g / n + l2 * w) for w, g in zip(weights, grad_w)]
        bias -= rate * grad_b / n
    return Calibration(tuple(round(w, 4) for w in weights), round(bias, 4))
